import type { Db } from '../db/database.ts';
import { valuesTemplateTable } from '../excel/values-template.ts';
import { findColumns } from '../files/columns.ts';
import { readSheets } from '../files/sheets.ts';
import { FileFormatError, matchColumns, type Table, tableOfSheet } from '../files/tabular.ts';
import { text } from '../text.ts';
import type { FieldCatalog } from '../values/parse.ts';
import { valueColumns } from './stage-rows.ts';
import { type Staging, stageFile, stageTable } from './staging.ts';

export type ImportKind = 'values' | 'units';

/** Reads an uploaded units file into a table (once, in the reading worker). */
export async function readUpload(fileName: string, content: Buffer): Promise<Table> {
  return tableOfSheet(await readSheets(content, fileName));
}

/**
 * Stages the figures of a values file (see staging.ts): a plain table (Mã đơn vị, Chỉ tiêu, Kỳ,
 * Giá trị, Ghi chú — or the English keys unit_code, indicator, period, value, note) is checked row by row as it is read; a .xlsx without those columns is
 * read as the pre-filled values template (its "Giá trị mới" column, where filled). The caller
 * then checks the staged rows against the database (checkStaged).
 */
export async function stageValuesUpload(
  tx: Db,
  s: Staging,
  opts: { bytes: Buffer; fileName: string; catalog: FieldCatalog },
): Promise<void> {
  const { header, plain } = await stageFile(tx, s, opts);
  if (plain) return;
  if (opts.fileName.toLowerCase().endsWith('.xlsx')) {
    let table: Table;
    try {
      table = valuesTemplateTable(await readSheets(opts.bytes, opts.fileName));
    } catch (err) {
      // Neither a template nor a plain table: a plain table missing a column (the others found)
      // is told which one, rather than that it is no template.
      if (err instanceof FileFormatError && header && findColumns(header, valueColumns).missing.length < 2)
        matchColumns({ header, rows: [] }, valueColumns);
      throw err;
    }
    if (!(await stageTable(tx, s, { ...opts, table }))) matchColumns(table, valueColumns);
    return;
  }
  if (!header) throw new FileFormatError(text('Tệp rỗng, thiếu dòng tiêu đề', 'empty file, no header row'));
  matchColumns({ header, rows: [] }, valueColumns);
}
