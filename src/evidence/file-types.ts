/**
 * The kinds of evidence file accepted, recognised from their content (magic bytes, and for
 * DOCX/XLSX the parts inside the ZIP container), never from the file name.
 */
import yauzl from 'yauzl';
import { type Text, text } from '../text.ts';

export const evidenceTypes = ['pdf', 'png', 'jpeg', 'docx', 'xlsx'] as const;
export type EvidenceType = (typeof evidenceTypes)[number];

export const mediaTypes: Record<EvidenceType, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const extensions: Record<EvidenceType, string> = {
  pdf: '.pdf',
  png: '.png',
  jpeg: '.jpg',
  docx: '.docx',
  xlsx: '.xlsx',
};

const startsWith = (b: Buffer, sig: number[]) => b.length >= sig.length && sig.every((x, i) => b[i] === x);

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Entry names of a ZIP held in memory (central directory only; nothing is decompressed). */
function zipEntryNames(bytes: Buffer): Promise<string[] | null> {
  return new Promise((resolve) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: false }, (err, zip) => {
      if (err || !zip) return resolve(null);
      const names: string[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        names.push(e.fileName);
        if (names.length > 10_000) {
          zip.close();
          resolve(names);
        } else zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', () => resolve(null));
      zip.readEntry();
    });
  });
}

/** Parts of an Office Open XML package (ECMA-376): its own folder and the shared ones. */
function officePart(name: string, own: string): boolean {
  return name === '[Content_Types].xml' || name.startsWith(own) || /^(_rels|docProps|customXml)\//.test(name);
}

export type Detection = { ok: true; type: EvidenceType } | { ok: false; reason: Text };

/** Refused: what the content is, then what is accepted. */
const refused = (why: Text): Detection => ({
  ok: false,
  reason: text(`${why.vi}; ${accepted.vi}`, `${why.en}; ${accepted.en}`),
});
const accepted = text(
  'chỉ nhận PDF, ảnh PNG/JPEG, Word (.docx) hoặc Excel (.xlsx)',
  'only PDF, PNG, JPEG, DOCX, XLSX',
);

/** What the content is, or why it is refused (in words an official understands). */
export async function detectFileType(bytes: Buffer): Promise<Detection> {
  if (startsWith(bytes, PDF)) return { ok: true, type: 'pdf' };
  if (startsWith(bytes, PNG)) return { ok: true, type: 'png' };
  if (startsWith(bytes, JPEG)) return { ok: true, type: 'jpeg' };
  if (startsWith(bytes, ZIP)) {
    const names = await zipEntryNames(bytes);
    if (!names) return refused(text(`tệp ZIP bị hỏng, không đọc được`, `corrupt ZIP container`));
    const type = names.includes('word/document.xml')
      ? 'docx'
      : names.includes('xl/workbook.xml')
        ? 'xlsx'
        : null;
    if (type) {
      // An Office file holds its parts and nothing else: a program or another archive packed
      // beside them means the content is not what the file claims to be.
      const own = type === 'docx' ? 'word/' : 'xl/';
      const stray = names.find((n) => !officePart(n, own));
      if (stray || !names.includes('[Content_Types].xml')) {
        const part = stray ?? '[Content_Types].xml';
        const kind = type === 'docx' ? 'Word' : 'Excel';
        return {
          ok: false,
          reason: text(
            `tệp nén có phần "${stray ?? '[Content_Types].xml (thiếu)'}" không thuộc tệp ${kind}: nội dung không khớp với loại tệp`,
            `the archive holds "${stray ? part : `${part} (missing)`}", not part of a ${kind} file: the content does not match the file type`,
          ),
        };
      }
      return { ok: true, type };
    }
    return refused(text(`nội dung là tệp nén ZIP, không phải Word/Excel`, `content is a ZIP archive`));
  }
  if (startsWith(bytes, OLE2))
    return refused(
      text(
        `nội dung là tệp Word/Excel đời cũ (.doc/.xls): hãy lưu lại thành .docx/.xlsx hoặc PDF`,
        `legacy .doc/.xls`,
      ),
    );
  if (startsWith(bytes, [0x4d, 0x5a]))
    return refused(text(`nội dung là tệp chương trình (.exe)`, `an executable`));
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return refused(text(`nội dung là ảnh GIF`, `a GIF image`));
  return refused(text(`không nhận ra định dạng từ nội dung tệp`, `unrecognised content`));
}
