/**
 * Hostile Office files for the upload tests: a tiny .xlsx/.docx whose sheet (or document) XML
 * inflates hugely. The deflate data is real — one full-flushed block of 4 MB of "A" repeated —
 * so it inflates to `inflatedMb` MB; the zip is written by hand around it (its CRC is left 0:
 * nothing may read that far). Building it costs milliseconds, not the minutes of deflating it.
 */
import zlib from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface Entry {
  name: string;
  deflated: Buffer;
  size: number;
  crc: number;
}

const entryOf = (name: string, text: string): Entry => {
  const data = Buffer.from(text);
  return { name, deflated: zlib.deflateRawSync(data), size: data.length, crc: crc32(data) };
};

/** A ZIP of the entries (deflate method), written by hand. */
function zip(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.deflated.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.crc, 16);
    central.writeUInt32LE(e.deflated.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.deflated);
    centrals.push(central, name);
    offset += local.length + name.length + e.deflated.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** A deflate stream of `head`, then `mb` MB of "A", then `tail`. */
function bombEntry(name: string, head: string, mb: number, tail: string): Entry {
  const d = (b: Buffer, flush: number) => zlib.deflateRawSync(b, { finishFlush: flush });
  const chunk = d(Buffer.alloc(4 * 1024 * 1024, 0x41), zlib.constants.Z_FULL_FLUSH);
  const parts = [d(Buffer.from(head), zlib.constants.Z_FULL_FLUSH)];
  for (let i = 0; i < Math.ceil(mb / 4); i++) parts.push(chunk);
  parts.push(zlib.deflateRawSync(Buffer.from(tail)));
  const size = Buffer.byteLength(head) + Math.ceil(mb / 4) * 4 * 1024 * 1024 + Buffer.byteLength(tail);
  return { name, deflated: Buffer.concat(parts), size, crc: 0 };
}

const contentTypes = (main: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="${main}" ContentType="application/xml"/></Types>`;

/** An .xlsx (a few KB) whose only sheet holds one cell of `inflatedMb` MB. */
export function xlsxBomb(inflatedMb: number): Buffer {
  return zip([
    entryOf('[Content_Types].xml', contentTypes('/xl/workbook.xml')),
    entryOf(
      'xl/workbook.xml',
      '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Số liệu" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    entryOf(
      'xl/_rels/workbook.xml.rels',
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
    bombEntry(
      'xl/worksheets/sheet1.xml',
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>',
      inflatedMb,
      '</t></is></c></row></sheetData></worksheet>',
    ),
  ]);
}

/** A .docx-looking ZIP with its parts and a stray program packed beside them. */
export function docxWithStowaway(): Buffer {
  return zip([
    entryOf('[Content_Types].xml', contentTypes('/word/document.xml')),
    entryOf(
      'word/document.xml',
      '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
    ),
    entryOf('payload/setup.exe', 'MZ not really a program'),
  ]);
}
