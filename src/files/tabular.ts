import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../errors.ts';
import { type Message, text } from '../text.ts';

/** One data row of a table file, with the line number an official sees in Excel or a text editor. */
export interface TableRow {
  line: number;
  cells: Record<string, string>;
}

export interface Table {
  header: string[];
  rows: TableRow[];
}

export class FileFormatError extends AppError {
  constructor(message: Message) {
    super('FILE_FORMAT', message);
  }
}

/** Reads a CSV (UTF-8, comma or semicolon) or .xlsx (first sheet) file into header + rows. */
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
  const ext = extname(fileName).toLowerCase();
  if (ext === '.xlsx') return readXlsx(data);
  if (ext === '.csv' || ext === '.txt' || ext === '') return readCsv(data.toString('utf8'));
  throw new FileFormatError(
    text(`Định dạng "${ext}" không được hỗ trợ: dùng .csv hoặc .xlsx`, `unsupported file type`),
  );
}

export function readCsv(content: string): Table {
  const body = content.replace(/^\uFEFF/, '');
  const firstLine = body.slice(0, body.indexOf('\n') >>> 0);
  const delimiter = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(body, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      bom: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (err) {
    throw new FileFormatError(
      text(`Tệp CSV không hợp lệ (${(err as Error).message})`, `malformed CSV: ${(err as Error).message}`),
    );
  }
  const [head, ...rest] = records;
  if (!head) throw new FileFormatError(text('Tệp rỗng, thiếu dòng tiêu đề', 'empty file, no header row'));
  const header = head.record.map((h) => h.trim().normalize('NFC'));
  const rows = rest.map(({ record, info }) => ({ line: info.lines, cells: toCells(header, record) }));
  return { header, rows };
}

function toCells(header: string[], record: string[]): Record<string, string> {
  const cells: Record<string, string> = {};
  header.forEach((h, i) => {
    cells[h] = (record[i] ?? '').trim().normalize('NFC');
  });
  return cells;
}

async function readXlsx(data: Buffer): Promise<Table> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch (err) {
    throw new FileFormatError(text(`Tệp .xlsx không hợp lệ`, `malformed .xlsx: ${(err as Error).message}`));
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw new FileFormatError(text('Tệp .xlsx không có trang tính nào', 'no worksheet'));
  const header: string[] = [];
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      values[col - 1] = cellText(cell.value);
    });
    if (header.length === 0) {
      for (let i = 0; i < values.length; i++) header.push((values[i] ?? '').trim().normalize('NFC'));
      return;
    }
    if (values.every((v) => !v?.trim())) return;
    rows.push({ line: rowNumber, cells: toCells(header, values) });
  });
  if (header.length === 0)
    throw new FileFormatError(text('Trang tính rỗng, thiếu dòng tiêu đề', 'empty sheet'));
  return { header, rows };
}

/** The text of a cell as an official sees it: dates as YYYY-MM-DD, formulas by their result. */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    return '';
  }
  return String(v);
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
