/**
 * Reads the tables and paragraphs of a Word .docx (OOXML) file: word/document.xml taken from the
 * ZIP with yauzl and parsed with fast-xml-parser. Merged cells are resolved into a grid:
 * horizontal merges (w:gridSpan) and vertical merges (w:vMerge restart/continue) repeat the
 * merged cell's text in every grid position it covers, flagged so the reader knows where a
 * merged cell starts.
 */
import { XMLParser } from 'fast-xml-parser';
import yauzl from 'yauzl';
import { FileFormatError } from '../../files/tabular.ts';

/** Largest word/document.xml accepted once decompressed (a ZIP bomb stops here). */
const maxDocumentBytes = 40 * 1024 * 1024;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (b: Buffer, sig: number[]) => b.length >= sig.length && sig.every((x, i) => b[i] === x);

export interface GridCell {
  text: string;
  /** False for the positions a merged cell covers after its first (to the right or below). */
  origin: boolean;
  /** True when this position continues a vertical merge from the row above. */
  continued: boolean;
  /** How many grid columns the cell spans. */
  span: number;
}

export type Grid = GridCell[][];

export interface DocxContent {
  /** Paragraph texts outside tables, in order. */
  paragraphs: string[];
  tables: Grid[];
  /** For each table, the paragraphs between the previous table (or the start) and it. */
  before: string[][];
}

export const legacyDocMessage =
  'Tệp Word đời cũ (.doc) không đọc được trực tiếp: hãy lưu lại thành .docx (trong Word: Tệp → Lưu thành → Tài liệu Word .docx; hoặc bằng LibreOffice: libreoffice --headless --convert-to docx TÊN_TỆP.doc) rồi tải lên lại.';

function readDocumentXml(bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const broken = () =>
      reject(
        new FileFormatError('Tệp .docx bị hỏng (không mở được phần nén ZIP): hãy mở bằng Word và lưu lại.'),
      );
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return broken();
      let found = false;
      zip.on('error', broken);
      zip.on('end', () => {
        if (!found)
          reject(new FileFormatError('Tệp không phải văn bản Word .docx (không có word/document.xml).'));
      });
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== 'word/document.xml') return zip.readEntry();
        found = true;
        if (entry.uncompressedSize > maxDocumentBytes) {
          zip.close();
          return reject(new FileFormatError('Nội dung văn bản Word quá lớn (trên 40 MB khi giải nén).'));
        }
        zip.openReadStream(entry, (e2, stream) => {
          if (e2 || !stream) return broken();
          const chunks: Buffer[] = [];
          let size = 0;
          stream.on('data', (c: Buffer) => {
            size += c.length;
            if (size > maxDocumentBytes) {
              stream.destroy();
              zip.close();
              reject(new FileFormatError('Nội dung văn bản Word quá lớn (trên 40 MB khi giải nén).'));
            } else chunks.push(c);
          });
          stream.on('error', broken);
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      zip.readEntry();
    });
  });
}

type Node = Record<string, unknown>;

/** The tag name of a node in fast-xml-parser's preserveOrder output. */
const tagOf = (n: Node) => Object.keys(n).find((k) => k !== ':@') ?? '';
const childrenOf = (n: Node): Node[] => {
  const v = n[tagOf(n)];
  return Array.isArray(v) ? (v as Node[]) : [];
};
const attr = (n: Node, name: string): string | undefined => {
  const a = n[':@'] as Record<string, unknown> | undefined;
  const v = a?.[`@_${name}`];
  return v === undefined ? undefined : String(v);
};
const child = (n: Node, tag: string) => childrenOf(n).find((c) => tagOf(c) === tag);

/** Containers whose content is read as if it stood in their place (content controls, tracked insertions …). */
const transparent = new Set([
  'w:sdt',
  'w:sdtContent',
  'w:ins',
  'w:hyperlink',
  'w:smartTag',
  'w:customXml',
  'w:fldSimple',
]);

/** Text of runs inside a node: w:t, tabs and breaks; deleted text (w:del) is left out. */
function textOf(n: Node): string {
  let out = '';
  for (const c of childrenOf(n)) {
    const tag = tagOf(c);
    if (tag === '#text') out += String(c['#text']);
    else if (tag === 'w:t')
      out += childrenOf(c)
        .map((x) => String(x['#text'] ?? ''))
        .join('');
    else if (tag === 'w:tab') out += ' ';
    else if (tag === 'w:br' || tag === 'w:cr') out += '\n';
    else if (tag === 'w:noBreakHyphen') out += '-';
    else if (
      tag === 'w:del' ||
      tag === 'w:delText' ||
      tag === 'w:instrText' ||
      tag === 'w:rPr' ||
      tag === 'w:pPr'
    )
      continue;
    else out += textOf(c);
  }
  return out;
}

/** Elements with the given tag among children, looking through transparent containers. */
function elements(n: Node, tag: string): Node[] {
  const out: Node[] = [];
  for (const c of childrenOf(n)) {
    const t = tagOf(c);
    if (t === tag) out.push(c);
    else if (transparent.has(t)) out.push(...elements(c, tag));
  }
  return out;
}

const clean = (s: string) =>
  s
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');

interface RawCell {
  text: string;
  span: number;
  vMerge: 'restart' | 'continue' | null;
}

function rawCell(tc: Node): RawCell {
  const pr = child(tc, 'w:tcPr');
  const spanNode = pr ? child(pr, 'w:gridSpan') : undefined;
  const span = Math.max(
    1,
    Math.min(64, Number.parseInt(spanNode ? (attr(spanNode, 'w:val') ?? '1') : '1', 10) || 1),
  );
  const vm = pr ? child(pr, 'w:vMerge') : undefined;
  const vMerge = vm ? (attr(vm, 'w:val') === 'restart' ? 'restart' : 'continue') : null;
  // Paragraphs of the cell (a nested table's text is read as its paragraphs, row by row).
  const paras: string[] = [];
  const walk = (n: Node) => {
    for (const c of childrenOf(n)) {
      const t = tagOf(c);
      if (t === 'w:p') paras.push(textOf(c));
      else if (t === 'w:tbl' || t === 'w:tr' || t === 'w:tc' || transparent.has(t)) walk(c);
    }
  };
  walk(tc);
  return { text: clean(paras.join('\n')), span, vMerge };
}

/** Lays a table's rows on its grid, resolving horizontal and vertical merges. */
function toGrid(tbl: Node): Grid {
  const rows = elements(tbl, 'w:tr').map((tr) => {
    // w:gridBefore: the row starts after some grid columns left empty.
    const pr = child(tr, 'w:trPr');
    const before = pr ? child(pr, 'w:gridBefore') : undefined;
    const skip = Math.min(64, Number.parseInt(before ? (attr(before, 'w:val') ?? '0') : '0', 10) || 0);
    const lead: RawCell[] = skip > 0 ? [{ text: '', span: skip, vMerge: null }] : [];
    return [...lead, ...elements(tr, 'w:tc').map(rawCell)];
  });
  const grid: Grid = [];
  for (const row of rows) {
    const out: GridCell[] = [];
    for (const cell of row) {
      const col = out.length;
      const above = grid.length > 0 ? grid[grid.length - 1]![col] : undefined;
      const continues = cell.vMerge === 'continue' && above !== undefined;
      for (let k = 0; k < cell.span; k++) {
        const upper = grid.length > 0 ? grid[grid.length - 1]![col + k] : undefined;
        out.push({
          text: continues ? (upper?.text ?? '') : cell.text,
          origin: !continues && k === 0,
          continued: continues,
          span: cell.span,
        });
      }
    }
    grid.push(out);
  }
  const width = Math.max(0, ...grid.map((r) => r.length));
  for (const r of grid)
    while (r.length < width) r.push({ text: '', origin: true, continued: false, span: 1 });
  return grid;
}

/**
 * Reads a .docx held in memory. A legacy .doc, a file that is not a Word document, a broken or
 * oversized one: FileFormatError with a Vietnamese message (nothing is stored by the caller).
 */
export async function readDocx(bytes: Buffer): Promise<DocxContent> {
  if (startsWith(bytes, OLE2)) throw new FileFormatError(legacyDocMessage);
  if (!startsWith(bytes, ZIP))
    throw new FileFormatError('Tệp không phải văn bản Word .docx: hãy chọn tệp phụ lục dạng .docx.');
  const xml = await readDocumentXml(bytes);
  // Word never writes a DTD; one here could only serve entity expansion attacks.
  if (/<!DOCTYPE/i.test(xml.slice(0, 4096)))
    throw new FileFormatError('Tệp Word không hợp lệ (có khai báo DOCTYPE): hãy mở bằng Word và lưu lại.');
  let tree: Node[];
  try {
    const parser = new XMLParser({
      preserveOrder: true,
      ignoreAttributes: false,
      attributeNamePrefix: '@_',
      trimValues: false,
      parseTagValue: false,
      parseAttributeValue: false,
      processEntities: true,
      htmlEntities: false,
    });
    tree = parser.parse(xml) as Node[];
  } catch {
    throw new FileFormatError(
      'Nội dung văn bản Word bị hỏng (XML không hợp lệ): hãy mở bằng Word và lưu lại.',
    );
  }
  const doc = tree.find((n) => tagOf(n) === 'w:document');
  const body = doc ? child(doc, 'w:body') : undefined;
  if (!body) throw new FileFormatError('Tệp Word không có nội dung (thiếu w:body).');
  const paragraphs: string[] = [];
  const tables: Grid[] = [];
  const before: string[][] = [];
  let since: string[] = [];
  const walk = (n: Node) => {
    for (const c of childrenOf(n)) {
      const t = tagOf(c);
      if (t === 'w:p') {
        const s = clean(textOf(c));
        if (s) {
          paragraphs.push(s);
          since.push(s);
        }
      } else if (t === 'w:tbl') {
        tables.push(toGrid(c));
        before.push(since);
        since = [];
      } else if (transparent.has(t)) walk(c);
    }
  };
  walk(body);
  return { paragraphs, tables, before };
}
