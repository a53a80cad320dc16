import { basename } from 'node:path';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { refreshAfterValueChange } from '../evaluations/live.ts';
import { markRunsStale } from '../evaluations/runs.ts';
import { readTable, requireColumns, type Table } from '../files/tabular.ts';
import { type CheckedValue, checkValues, loadCatalog, type RawValue, storeValues } from './write.ts';

export const valueColumns = ['unit_code', 'indicator', 'period', 'value'] as const;

export interface ValuesImportReport {
  file: string;
  rows: number;
  changed: number;
  unchanged: number;
  /** How results were brought up to date: live patches, or runs marked for recomputation. */
  evaluation: 'live' | 'stale' | 'none';
  staleRuns: number;
}

function rawRows(table: Table): RawValue[] {
  requireColumns(table, valueColumns);
  return table.rows.map(({ line, cells }) => ({
    line,
    unitCode: cells.unit_code ?? '',
    indicator: cells.indicator ?? '',
    period: cells.period ?? '',
    value: cells.value ?? '',
    note: cells.note ?? '',
  }));
}

/**
 * Imports figures from a CSV/.xlsx file (unit_code, indicator, period, value, note). Any bad
 * row rejects the whole file with every bad row listed; nothing is half written.
 */
export async function importValues(
  db: Db,
  opts: { path: string; actor: string; source?: string },
): Promise<ValuesImportReport> {
  const table = await readTable(opts.path);
  return importValueTable(db, {
    table,
    file: basename(opts.path),
    actor: opts.actor,
    source: opts.source ?? 'import',
  });
}

export async function importValueTable(
  db: Db,
  opts: { table: Table; file: string; actor: string; source: string },
): Promise<ValuesImportReport> {
  const raw = rawRows(opts.table);
  const catalog = await loadCatalog(db);
  const { values, issues } = checkValues(raw, catalog);
  if (issues.length > 0)
    throw new AppError(
      'INVALID_ROWS',
      `Tệp ${opts.file}: ${issues.length} lỗi ở ${new Set(issues.map((i) => i.line)).size} dòng, không có số liệu nào được lưu / nothing was changed`,
      issues,
    );
  return db.transaction(async (tx) => {
    const importId = (
      await tx.query<{ id: number }>(
        'INSERT INTO imports (kind, file_name, rows, changed, actor) VALUES ($1, $2, $3, 0, $4) RETURNING id',
        ['values', opts.file, values.length, opts.actor],
      )
    )[0]!.id;
    const result = await applyValues(tx, values, { actor: opts.actor, source: opts.source, importId });
    await tx.query('UPDATE imports SET changed = $1 WHERE id = $2', [result.changed, importId]);
    return { file: opts.file, rows: values.length, unchanged: values.length - result.changed, ...result };
  });
}

/** Stores checked figures and brings the evaluation results up to date. */
async function applyValues(
  tx: Db,
  values: CheckedValue[],
  meta: { actor: string; source: string; importId?: number },
): Promise<{ changed: number; evaluation: 'live' | 'stale' | 'none'; staleRuns: number }> {
  const stored = await storeValues(tx, values, meta);
  if (stored.count === 0) return { changed: 0, evaluation: 'none', staleRuns: 0 };
  if (stored.keys) {
    await refreshAfterValueChange(tx, stored.keys);
    return { changed: stored.count, evaluation: 'live', staleRuns: 0 };
  }
  const staleRuns = await markRunsStale(tx, { periods: stored.periods, measures: stored.measures });
  return { changed: stored.count, evaluation: 'stale', staleRuns };
}

/**
 * Sets figures typed by a person (a form, the API): same checks as an import; results of the
 * unit, its ancestors and dependent frameworks are updated in the same transaction.
 */
export async function setValues(
  db: Db,
  opts: { values: RawValue[]; actor: string; source?: string },
): Promise<{ changed: number }> {
  const catalog = await loadCatalog(db, [...new Set(opts.values.map((v) => v.unitCode))]);
  const { values, issues } = checkValues(opts.values, catalog);
  if (issues.length > 0)
    throw new AppError('INVALID_VALUES', 'Số liệu không hợp lệ, không có gì được lưu', issues);
  return db.transaction(async (tx) => {
    const r = await applyValues(tx, values, { actor: opts.actor, source: opts.source ?? 'typed' });
    return { changed: r.changed };
  });
}
