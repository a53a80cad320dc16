/**
 * The encoding of an uploaded text (CSV) file: UTF-8 with or without BOM, UTF-16 LE/BE, or
 * Windows-1258 (bảng mã Windows tiếng Việt: what Excel on a Vietnamese Windows writes as "CSV").
 * Anything else is refused with its name; a decoded text never holds U+FFFD or NUL.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { AppError } from '../errors.ts';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258';

/** Single-byte Latin encodings chardet may report for a Vietnamese Windows text. */
const latinFamily = new Set([
  'windows-1258',
  'windows-1252',
  'windows-1250',
  'ISO-8859-1',
  'ISO-8859-2',
  'ISO-8859-15',
]);

const saveAsUtf8 = 'hãy lưu lại tệp với bảng mã UTF-8 (trong Excel: "CSV UTF-8")';

function encodingError(message: string): AppError {
  return new AppError('FILE_ENCODING', message, [{ field: 'file', message }]);
}

/** UTF-16 without BOM: one of the two bytes of most ASCII characters is zero. */
function utf16WithoutBom(bytes: Uint8Array): TextEncoding | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Which encoding the bytes are in, or FILE_ENCODING naming the one that is not accepted. */
export function detectEncoding(bytes: Uint8Array): { encoding: TextEncoding; bom: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const wide = utf16WithoutBom(bytes);
  if (wide) return { encoding: wide, bom: 0 };
  if (isUtf8(bytes)) return { encoding: 'utf-8', bom: 0 };
  const guess = chardet.detect(bytes);
  if (guess && latinFamily.has(guess)) return { encoding: 'windows-1258', bom: 0 };
  throw encodingError(
    `Tệp CSV dùng bảng mã ${guess ?? 'không xác định'}, TieuChi chỉ đọc UTF-8, UTF-16 hoặc Windows-1258: ${saveAsUtf8}`,
  );
}

/** The text of an uploaded CSV file, decoded from its encoding; refuses damaged text. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  const { encoding, bom } = detectEncoding(bytes);
  const body = bytes.subarray(bom);
  let text: string;
  if (encoding === 'windows-1258') text = iconv.decode(Buffer.from(body), 'windows-1258');
  else {
    try {
      text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body);
    } catch {
      throw encodingError(`Tệp CSV có đoạn không đúng bảng mã ${encoding.toUpperCase()}: ${saveAsUtf8}`);
    }
  }
  if (text.includes('\uFFFD'))
    throw encodingError(
      `Tệp CSV chứa ký tự lỗi (\uFFFD) trong bảng mã ${encoding.toUpperCase()}: ${saveAsUtf8}`,
    );
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const line = text.slice(0, nul).split('\n').length;
    throw encodingError(`Tệp CSV chứa ký tự NUL ở dòng ${line}: không phải tệp văn bản hợp lệ`);
  }
  return { text, encoding };
}
