/**
 * Inflate checks of ZIP containers (.xlsx, .docx): a "ZIP bomb" — a small file whose parts
 * inflate to gigabytes — is refused before anything reads or stores it.
 */
import yauzl from 'yauzl';
import { AppError } from '../errors.ts';
import { sizeText, tooLargeCode } from './limits.ts';

export interface InflateLimits {
  /** Sum of the inflated sizes of every part, bytes. */
  inflatedBytes: number;
  /** Largest inflated/compressed ratio of one part above 1 MB. */
  inflateRatio: number;
}

const MAX_ENTRIES = 10_000;
/** Parts smaller than this may have any ratio (a blank sheet compresses 1000:1 and is harmless). */
const RATIO_FLOOR = 1024 * 1024;

function tooLarge(message: string): AppError {
  return new AppError(tooLargeCode, message, [{ field: 'file', message }]);
}

function corrupt(err: unknown): AppError {
  const message = `Tệp nén (ZIP) bị hỏng, không đọc được: ${(err as Error).message}`;
  return new AppError('FILE_FORMAT', message, [{ field: 'file', message }]);
}

function openZip(bytes: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (err, zip) =>
      err || !zip ? reject(corrupt(err)) : resolve(zip),
    ),
  );
}

/** Inflates one entry, counting its bytes; rejects as soon as the running total passes `budget`. */
function inflateCounting(zip: yauzl.ZipFile, entry: yauzl.Entry, budget: number): Promise<number> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(corrupt(err));
      let n = 0;
      stream.on('data', (chunk: Buffer) => {
        n += chunk.length;
        if (n > budget) {
          stream.destroy();
          reject(tooLarge(''));
        }
      });
      stream.on('error', (e) => reject(corrupt(e)));
      stream.on('end', () => resolve(n));
    });
  });
}

/**
 * Checks what a ZIP container inflates to: the sizes its directory declares (total and ratio of
 * each part), and with `inflate` also the bytes it really inflates to (yauzl checks them against
 * the declared sizes). Throws PAYLOAD_TOO_LARGE (413) naming the limit, or FILE_FORMAT when corrupt.
 */
export async function checkZipInflation(
  bytes: Buffer,
  limits: InflateLimits,
  opts: { what: string; inflate: boolean },
): Promise<void> {
  const zip = await openZip(bytes);
  const overTotal = () =>
    tooLarge(
      `${opts.what} giải nén vượt quá giới hạn ${sizeText(limits.inflatedBytes)} (nghi là "bom nén" ZIP): không nhận tệp này`,
    );
  try {
    await new Promise<void>((resolve, reject) => {
      let total = 0;
      let count = 0;
      zip.on('error', (e) => reject(corrupt(e)));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        count++;
        if (count > MAX_ENTRIES)
          return reject(tooLarge(`${opts.what} có hơn ${MAX_ENTRIES.toLocaleString('vi-VN')} phần nén`));
        const size = entry.uncompressedSize;
        total += size;
        if (total > limits.inflatedBytes) return reject(overTotal());
        const ratio = size / Math.max(1, entry.compressedSize);
        if (size > RATIO_FLOOR && ratio > limits.inflateRatio)
          return reject(
            tooLarge(
              `${opts.what}: phần "${entry.fileName}" nén với tỷ lệ ${Math.round(ratio).toLocaleString('vi-VN')}:1, vượt giới hạn ${limits.inflateRatio.toLocaleString('vi-VN')}:1 (nghi là "bom nén" ZIP): không nhận tệp này`,
            ),
          );
        if (!opts.inflate || /\/$/.test(entry.fileName)) return zip.readEntry();
        inflateCounting(zip, entry, limits.inflatedBytes)
          .then(() => zip.readEntry())
          .catch((e: unknown) => reject(e instanceof AppError && e.code === tooLargeCode ? overTotal() : e));
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}
