import { readFile } from 'node:fs/promises';
import { text } from '../text.ts';
import { cellText } from './cell-text.ts';
import { FileFormatError, readSheets, type Sheet } from './sheets.ts';

/** One data row of a table file, with the line number an official sees in Excel or a text editor. */
export interface TableRow {
  line: number;
  cells: Record<string, string>;
}

export interface Table {
  header: string[];
  rows: TableRow[];
}

export { cellText, FileFormatError };

/** Reads a CSV (UTF-8, UTF-16 or Windows-1258; comma or semicolon) or .xlsx (first sheet) file into header + rows. */
export async function readTable(path: string): Promise<Table> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (err) {
    throw new FileFormatError(`Không đọc được tệp ${path}: ${(err as Error).message}`);
  }
  return parseTable(data, path);
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

/** Throws a readable error listing missing required columns. */
export function requireColumns(table: Table, required: readonly string[]): void {
  const missing = required.filter((c) => !table.header.includes(c));
  if (missing.length > 0)
    throw new FileFormatError(
      text(
        `Thiếu cột: ${missing.join(', ')} (cần: ${required.join(', ')})`,
        `missing columns: ${missing.join(', ')}`,
      ),
    );
}
