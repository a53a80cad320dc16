import { valuesTemplateTable } from '../excel/values-template.ts';
import { readSheets } from '../files/sheets.ts';
import { type Table, tableOfSheet } from '../files/tabular.ts';
import { valueColumns } from '../values/import.ts';

export type ImportKind = 'values' | 'units';

/**
 * Reads an uploaded file into a table (once, in the reading worker). A values .xlsx without the
 * plain columns (unit_code, indicator, period, value) is read as the pre-filled values template:
 * its "Giá trị mới" column, where filled.
 */
export async function readUpload(kind: ImportKind, fileName: string, content: Buffer): Promise<Table> {
  const sheets = await readSheets(content, fileName);
  const table = await tableOfSheet(sheets);
  const plain = valueColumns.every((c) => table.header.includes(c));
  if (kind !== 'values' || plain || !fileName.toLowerCase().endsWith('.xlsx')) return table;
  return valuesTemplateTable(sheets);
}
