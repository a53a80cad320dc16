import ExcelJS from 'exceljs';
import type { Download } from 'playwright-core';

export type Cells = Record<string, string>;

/** Saves a download and opens it as a workbook. */
export async function readDownload(
  download: Download,
): Promise<{ path: string; workbook: ExcelJS.Workbook }> {
  const path = await download.path();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return { path, workbook };
}

function text(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '');
  return String(v);
}

/** The first row holding every name in `headers`; its cells name the columns. */
export function findHeader(
  ws: ExcelJS.Worksheet,
  headers: string[],
): { row: number; col: Map<string, number> } {
  for (let r = 1; r <= Math.min(ws.rowCount, 30); r++) {
    const col = new Map<string, number>();
    ws.getRow(r).eachCell((cell, c) => {
      col.set(text(cell.value).trim(), c);
    });
    if (headers.every((h) => col.has(h))) return { row: r, col };
  }
  throw new Error(`no header row with ${headers.join(', ')} in sheet ${ws.name}`);
}

/** The data rows under the header (up to the first empty row) as {header: text}, with their sheet row numbers. */
export function rowsOf(ws: ExcelJS.Worksheet, headers: string[]): Array<{ line: number; cells: Cells }> {
  const h = findHeader(ws, headers);
  const out: Array<{ line: number; cells: Cells }> = [];
  for (let r = h.row + 1; r <= ws.rowCount; r++) {
    const cells: Cells = {};
    for (const [name, c] of h.col) cells[name] = text(ws.getRow(r).getCell(c).value);
    if (Object.values(cells).every((v) => v === '')) break;
    out.push({ line: r, cells });
  }
  return out;
}

/** Writes `value` in column `header` of sheet row `line`. */
export function setCell(
  ws: ExcelJS.Worksheet,
  headers: string[],
  line: number,
  header: string,
  value: string | number,
): void {
  const c = findHeader(ws, headers).col.get(header);
  if (!c) throw new Error(`no column ${header}`);
  ws.getRow(line).getCell(c).value = value;
}

export async function save(workbook: ExcelJS.Workbook, path: string): Promise<void> {
  await workbook.xlsx.writeFile(path);
}
