import { readFile } from 'node:fs/promises';
import { text } from '../text.ts';
import { cellText } from './cell-text.ts';
import { type ColumnSpec, type FoundColumns, findColumns } from './columns.ts';
import { FileFormatError, readSheets, type Sheet } from './sheets.ts';

/** One data row of a table file, with the line number an official sees in Excel or a text editor. */
export interface TableRow {
  line: number;
  cells: Record<string, string>;
}

export interface Table {
  header: string[];
  rows: TableRow[];
  /** How the file shows columns the header holds by key (a template's), to name them in problems. */
  shownAs?: Record<string, string>;
}

export type { ColumnSpec };
export { cellText, FileFormatError, findColumns };

/** A file's bytes; a file that cannot be read is a FILE_FORMAT error naming it. */
export async function readFileBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new FileFormatError(`Không đọc được tệp ${path}: ${(err as Error).message}`);
  }
}

/** Reads a CSV (UTF-8, UTF-16 or Windows-1258; comma or semicolon) or .xlsx (first sheet) file into header + rows. */
export async function readTable(path: string): Promise<Table> {
  return parseTable(await readFileBytes(path), path);
}

/** Reads the bytes of a CSV or .xlsx file (the type from the file name) into header + rows. */
export async function parseTable(data: Buffer, fileName: string): Promise<Table> {
  return await tableOfSheet(await readSheets(data, fileName));
}

/**
 * The table of the first sheet: its first row is the header; rows with no text are left out.
 * Cells are trimmed and NFC-normalised (Windows-1258 files carry tone marks as combining characters).
 */
export async function tableOfSheet(sheets: Sheet[]): Promise<Table> {
  const sheet = sheets[0];
  if (!sheet) throw new FileFormatError(text('Tệp .xlsx không có trang tính nào', 'no worksheet'));
  const header: string[] = [];
  const rows: TableRow[] = [];
  let n = 0;
  for (const [line, raw] of sheet.rows) {
    // A million rows take seconds: let other requests through between slices.
    if (++n % 2000 === 0) await new Promise((r) => setImmediate(r));
    const values = Array.from(raw, (v) => cellText(v ?? null));
    if (header.length === 0) {
      for (const v of values) header.push(v.trim().normalize('NFC'));
      continue;
    }
    if (values.every((v) => !v.trim())) continue;
    rows.push({ line, cells: toCells(header, values) });
  }
  if (header.length === 0)
    throw new FileFormatError(text('Tệp rỗng, thiếu dòng tiêu đề', 'empty file, no header row'));
  return { header, rows };
}

function toCells(header: string[], record: string[]): Record<string, string> {
  const cells: Record<string, string> = {};
  header.forEach((h, i) => {
    cells[h] = (record[i] ?? '').trim().normalize('NFC');
  });
  return cells;
}

/**
 * Reads `table`'s columns under the keys of `columns`, each found under its key, its label or an
 * alias — case, tone marks, spaces and punctuation ignored, so an official's own Excel header
 * ("Họ tên chủ hộ") is read as well as the key ("head_name"). Other columns are left out. Throws
 * FILE_FORMAT naming, as officials write them, the required columns missing or a column given twice.
 * Returns the rows keyed by `key`, and the header each key was found under (to name it in issues).
 */
export function matchColumns<K extends string>(
  table: Table,
  columns: ReadonlyArray<ColumnSpec & { key: K }>,
): { rows: Array<{ line: number; cells: Partial<Record<K, string>> }>; headers: Partial<Record<K, string>> } {
  const found = findColumns(table.header, columns);
  throwColumnProblems(found, columns);
  const { headers } = found;
  const rows = table.rows.map(({ line, cells }) => {
    const out: Partial<Record<K, string>> = {};
    for (const c of columns) {
      const h = headers[c.key];
      if (h !== undefined) out[c.key] = cells[h] ?? '';
    }
    return { line, cells: out };
  });
  return { rows, headers };
}

/** Throws FILE_FORMAT naming, as officials write them, the columns given twice or missing. */
export function throwColumnProblems<K extends string>(
  found: Pick<FoundColumns<K>, 'twice' | 'missing'>,
  columns: readonly ColumnSpec[],
): void {
  const { twice, missing } = found;
  if (twice.length > 0)
    throw new FileFormatError(
      text(
        `Cột bị trùng: ${twice.join('; ')}. Giữ lại một cột cho mỗi thông tin.`,
        `duplicate columns: ${twice.join('; ')}`,
      ),
    );
  if (missing.length > 0) {
    const optional = columns.filter((c) => !c.required).map((c) => c.label);
    throw new FileFormatError(
      text(
        `Thiếu cột: ${missing.map((c) => `"${c.label}"`).join(', ')}. Tệp cần các cột: ${columns
          .filter((c) => c.required)
          .map((c) => c.label)
          .join(', ')}${optional.length > 0 ? `; có thể thêm: ${optional.join(', ')}` : ''}`,
        `missing columns: ${missing.map((c) => `${c.en} ("${c.label}")`).join(', ')}`,
      ),
    );
  }
}
