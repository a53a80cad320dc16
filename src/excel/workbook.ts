import ExcelJS from 'exceljs';
import { AppError } from '../errors.ts';
import { uploadLimits } from '../files/limits.ts';
import { cellText, FileFormatError } from '../files/tabular.ts';
import { checkZipInflation } from '../files/zip-inflate.ts';
import type { ValueType } from '../frameworks/schema.ts';
import { text } from '../text.ts';

/** ExcelJS colour from `#RRGGBB`. */
export function argb(hex: string): string {
  return `FF${hex.replace('#', '').toUpperCase()}`;
}

export function solidFill(hex: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(hex) } };
}

const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FFBDBDBD' } };
export const cellBorder: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };

/** A new workbook with TieuChi as author; `subject` marks which template it is. */
export function newWorkbook(subject: string): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'TieuChi';
  wb.subject = subject;
  wb.created = new Date();
  return wb;
}

/** Styles a table header row: bold on light blue, wrapped, bordered. */
export function styleHeaderRow(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  row.eachCell((cell) => {
    cell.fill = solidFill('#DCE6F1');
    cell.border = cellBorder;
  });
}

/** Writes a title and `label: value` lines at the top of a sheet; returns the next free row. */
export function writeHeaderBlock(
  sheet: ExcelJS.Worksheet,
  title: string,
  lines: Array<[string, string]>,
): number {
  const t = sheet.getCell(1, 1);
  t.value = title;
  t.font = { bold: true, size: 14 };
  lines.forEach(([label, value], i) => {
    const row = sheet.getRow(i + 2);
    row.getCell(1).value = label;
    row.getCell(1).font = { bold: true };
    row.getCell(2).value = value;
  });
  return lines.length + 3;
}

/** Today as dd/mm/yyyy (vi-VN). */
export function viToday(now = new Date()): string {
  return now.toLocaleDateString('vi-VN', { day: '2-digit', month: '2-digit', year: 'numeric' });
}

/** Excel number format showing decimals only when the figure has them. */
export function numberFormat(n: number): string {
  return Number.isInteger(n) ? '#,##0' : '#,##0.##';
}

export async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Opens an uploaded .xlsx; anything else is a FileFormatError saying so. */
export async function loadWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  // Loaded whole (framework templates, small and from administrators): a ZIP bomb is refused first.
  await checkZipInflation(buffer, uploadLimits(), { what: 'Tệp .xlsx', inflate: true }).catch((err) => {
    if (err instanceof AppError && err.code === 'FILE_FORMAT') return; // reported below as not an .xlsx
    throw err;
  });
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (err) {
    throw new FileFormatError(
      text(`Tệp không phải .xlsx hợp lệ`, `not a valid .xlsx file: ${(err as Error).message.split('\n')[0]}`),
    );
  }
  return wb;
}

/** What findHeaderRow reads: an ExcelJS worksheet or an uploaded sheet (src/files/sheets.ts). */
export interface SheetLike {
  rowCount: number;
  getRow(r: number): {
    eachCell(cb: (cell: { value: ExcelJS.CellValue }, col: number) => void): void;
  };
}

/** The trimmed, NFC-normalised text of a cell. */
export function textOf(cell: { value: ExcelJS.CellValue }): string {
  return cellText(cell.value).trim().normalize('NFC');
}

/** Header text → column number, for the first row among `rows` that holds the most `wanted` headers. */
export function findHeaderRow(
  sheet: SheetLike,
  wanted: readonly string[],
  rows = 30,
): { row: number; columns: Map<string, number>; missing: string[] } {
  let best = { row: 0, columns: new Map<string, number>(), missing: [...wanted] };
  const last = Math.min(rows, sheet.rowCount);
  for (let r = 1; r <= last; r++) {
    const columns = new Map<string, number>();
    sheet.getRow(r).eachCell((cell, col) => {
      const text = textOf(cell);
      if (text && !columns.has(text)) columns.set(text, col);
    });
    const missing = wanted.filter((w) => !columns.has(w));
    if (missing.length < best.missing.length) best = { row: r, columns, missing };
    if (missing.length === 0) break;
  }
  return best;
}

/** Value types as officials read them (Kiểu). */
export const valueTypeLabels: Record<ValueType, string> = {
  percent: 'Tỷ lệ %',
  number: 'Số',
  boolean: 'Có/Không',
  level: 'Mức',
  date: 'Ngày',
  text: 'Văn bản',
};
