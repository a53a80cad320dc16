import { readValuesTemplate } from '../excel/values-template.ts';
import { parseTable, type Table } from '../files/tabular.ts';
import { valueColumns } from '../values/import.ts';

export type ImportKind = 'values' | 'units';

/**
 * Reads an uploaded file into a table. A values .xlsx without the plain columns
 * (unit_code, indicator, period, value) is read as the pre-filled values template: its
 * "Giá trị mới" column, where filled.
 */
export async function readUpload(kind: ImportKind, fileName: string, content: Buffer): Promise<Table> {
  const table = await parseTable(content, fileName);
  const plain = valueColumns.every((c) => table.header.includes(c));
  if (kind !== 'values' || plain || !fileName.toLowerCase().endsWith('.xlsx')) return table;
  return readValuesTemplate(content);
}
