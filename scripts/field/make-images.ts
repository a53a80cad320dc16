/**
 * Makes the installable app's icons (web/public/icons/icon-192.png, icon-512.png, maskable) and
 * the field-photo test fixture (test/fixtures/field-photo.jpg: a small JPEG whose EXIF says it
 * was taken at 21,0434° B, 105,9321° Đ at 09:14 on 18/11/2023, Vietnam time). Pixels are drawn by
 * Debian's Chromium (canvas); the EXIF APP1 segment is written here by hand (exifr only reads).
 *
 *   node --import tsx scripts/field/make-images.ts
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One IFD entry: tag, TIFF type (1 BYTE, 2 ASCII, 4 LONG, 5 RATIONAL), count, value bytes. */
interface Entry {
  tag: number;
  type: 1 | 2 | 4 | 5;
  count: number;
  bytes: Buffer;
}

const ascii = (tag: number, s: string): Entry => {
  const bytes = Buffer.from(`${s}\0`, 'ascii');
  return { tag, type: 2, count: bytes.length, bytes };
};
const long = (tag: number, n: number): Entry => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(n);
  return { tag, type: 4, count: 1, bytes };
};
const rationals = (tag: number, pairs: Array<[number, number]>): Entry => {
  const bytes = Buffer.alloc(8 * pairs.length);
  pairs.forEach(([a, b], i) => {
    bytes.writeUInt32BE(a, i * 8);
    bytes.writeUInt32BE(b, i * 8 + 4);
  });
  return { tag, type: 5, count: pairs.length, bytes };
};

/** An IFD at `offset` (from the TIFF header): entries, next-IFD 0, then values over 4 bytes. */
function ifd(entries: Entry[], offset: number): Buffer {
  const head = Buffer.alloc(2 + entries.length * 12 + 4);
  head.writeUInt16BE(entries.length);
  const extra: Buffer[] = [];
  let extraAt = offset + head.length;
  entries
    .sort((a, b) => a.tag - b.tag)
    .forEach((e, i) => {
      const at = 2 + i * 12;
      head.writeUInt16BE(e.tag, at);
      head.writeUInt16BE(e.type, at + 2);
      head.writeUInt32BE(e.count, at + 4);
      if (e.bytes.length <= 4) e.bytes.copy(head, at + 8);
      else {
        head.writeUInt32BE(extraAt, at + 8);
        const padded = e.bytes.length % 2 ? Buffer.concat([e.bytes, Buffer.alloc(1)]) : e.bytes;
        extra.push(padded);
        extraAt += padded.length;
      }
    });
  return Buffer.concat([head, ...extra]);
}

/** Degrees as EXIF's degrees, minutes, hundredths of seconds. */
function dms(deg: number): Array<[number, number]> {
  const d = Math.floor(deg);
  const m = Math.floor((deg - d) * 60);
  const s = Math.round(((deg - d) * 60 - m) * 60 * 100);
  return [
    [d, 1],
    [m, 1],
    [s, 100],
  ];
}

/** The APP1 "Exif" segment: IFD0 → Exif IFD (time taken, offset) and GPS IFD (position). */
export function exifSegment(opts: { lat: number; lng: number; taken: string; offset: string }): Buffer {
  const ifd0Size = (n: number) => 2 + n * 12 + 4;
  const ifd0At = 8;
  const make = ascii(0x010f, 'TieuChi');
  const ifd0Fixed = ifd0Size(3) + make.bytes.length + (make.bytes.length % 2);
  const exifAt = ifd0At + ifd0Fixed;
  const exif = ifd([ascii(0x9003, opts.taken), ascii(0x9011, opts.offset)], exifAt);
  const gpsAt = exifAt + exif.length;
  const gps = ifd(
    [
      { tag: 0x0000, type: 1, count: 4, bytes: Buffer.from([2, 3, 0, 0]) },
      ascii(0x0001, opts.lat >= 0 ? 'N' : 'S'),
      rationals(0x0002, dms(Math.abs(opts.lat))),
      ascii(0x0003, opts.lng >= 0 ? 'E' : 'W'),
      rationals(0x0004, dms(Math.abs(opts.lng))),
    ],
    gpsAt,
  );
  const ifd0 = ifd([make, long(0x8769, exifAt), long(0x8825, gpsAt)], ifd0At);
  const tiff = Buffer.concat([Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]), ifd0, exif, gps]);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xffe1);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** The JPEG with the EXIF segment right after its SOI marker (replacing a JFIF APP0, if any). */
export function withExif(jpeg: Buffer, segment: Buffer): Buffer {
  let rest = jpeg.subarray(2);
  if (rest[0] === 0xff && rest[1] === 0xe0) rest = rest.subarray(2 + rest.readUInt16BE(2));
  return Buffer.concat([jpeg.subarray(0, 2), segment, rest]);
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage();
  // Runs in the page (a string: this script is type-checked without the DOM's types).
  const drawSource = `(size, kind) => {
        const c = document.createElement('canvas');
        c.width = size;
        c.height = kind === 'photo' ? Math.round(size * 0.75) : size;
        const g = c.getContext('2d');
        if (kind === 'photo') {
          // A road between fields, enough to look like a photo in the journey's screenshots.
          g.fillStyle = '#9cc9f0';
          g.fillRect(0, 0, c.width, c.height * 0.45);
          g.fillStyle = '#5a9e3a';
          g.fillRect(0, c.height * 0.45, c.width, c.height);
          g.fillStyle = '#8a8f94';
          g.beginPath();
          g.moveTo(c.width * 0.45, c.height * 0.45);
          g.lineTo(c.width * 0.55, c.height * 0.45);
          g.lineTo(c.width * 0.9, c.height);
          g.lineTo(c.width * 0.1, c.height);
          g.fill();
          return c.toDataURL('image/jpeg', 0.8);
        }
        g.fillStyle = '#1f3a68';
        if (kind === 'maskable') g.fillRect(0, 0, size, size);
        else {
          const r = size * 0.18;
          g.beginPath();
          g.roundRect(0, 0, size, size, r);
          g.fill();
        }
        // The brand's star (★), in the safe zone of a maskable icon.
        g.fillStyle = '#ffcc00';
        g.beginPath();
        const cx = size / 2;
        const cy = size / 2;
        const outer = size * (kind === 'maskable' ? 0.28 : 0.36);
        for (let i = 0; i < 10; i++) {
          const rr = i % 2 ? outer * 0.45 : outer;
          const a = -Math.PI / 2 + (i * Math.PI) / 5;
          g.lineTo(cx + rr * Math.cos(a), cy + rr * Math.sin(a));
        }
        g.closePath();
        g.fill();
        return c.toDataURL('image/png');
}`;
  const draw = (size: number, kind: 'icon' | 'maskable' | 'photo') =>
    page.evaluate<string>(`(${drawSource})(${size}, ${JSON.stringify(kind)})`);
  const bytes = (dataUrl: string) => Buffer.from(dataUrl.split(',')[1]!, 'base64');
  for (const size of [192, 512])
    writeFileSync(join(root, 'web', 'public', 'icons', `icon-${size}.png`), bytes(await draw(size, 'icon')));
  writeFileSync(join(root, 'web', 'public', 'icons', 'maskable-512.png'), bytes(await draw(512, 'maskable')));
  const photo = bytes(await draw(320, 'photo'));
  const exif = exifSegment({ lat: 21.0434, lng: 105.9321, taken: '2023:11:18 09:14:00', offset: '+07:00' });
  writeFileSync(join(root, 'test', 'fixtures', 'field-photo.jpg'), withExif(photo, exif));
  await browser.close();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
