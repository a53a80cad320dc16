import { basename } from 'node:path';
import { type Actor, requireAbilityOnUnits, toActor } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { assertNotLocked } from '../dossiers/locking.ts';
import { AppError } from '../errors.ts';
import { refreshAfterValueChange } from '../evaluations/live.ts';
import { markRunsStale } from '../evaluations/runs.ts';
import { readTable, requireColumns, type Table } from '../files/tabular.ts';
import { text } from '../text.ts';
import { currentStates, recordValueChanges } from './audit.ts';
import { assertNoConflicts } from './conflicts.ts';
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
  /** The `imports` row of this import (its figures' history rows carry it). */
  importId: number;
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
  opts: { path: string; actor?: Actor | string; source?: string },
): Promise<ValuesImportReport> {
  const table = await readTable(opts.path);
  return importValueTable(db, {
    table,
    file: basename(opts.path),
    actor: opts.actor,
    source: opts.source ?? 'import',
  });
}

/**
 * Imports a read table of figures: every row checked first, the actor needs value.write on
 * every unit in it (a string actor is the system under that name), one values.imported event.
 */
export async function importValueTable(
  db: Db,
  opts: { table: Table; file: string; actor?: Actor | string; source: string },
): Promise<ValuesImportReport> {
  const actor = toActor(opts.actor);
  const raw = rawRows(opts.table);
  const catalog = await loadCatalog(db);
  const { values, issues } = checkValues(raw, catalog);
  if (issues.length > 0)
    throw new AppError(
      'INVALID_ROWS',
      text(
        `Tệp ${opts.file}: ${issues.length} lỗi ở ${new Set(issues.map((i) => i.line)).size} dòng, không có số liệu nào được lưu`,
        `nothing was changed`,
      ),
      issues,
    );
  const units = [...new Set(values.map((v) => v.unitCode))];
  await requireAbilityOnUnits(db, actor, 'value.write', units);
  return db.transaction(async (tx) => {
    const importId = (
      await tx.query<{ id: number }>(
        'INSERT INTO imports (kind, file_name, rows, changed, actor) VALUES ($1, $2, $3, 0, $4) RETURNING id',
        ['values', opts.file, values.length, actor.username],
      )
    )[0]!.id;
    const result = await applyValues(tx, values, { actor: actor.username, source: opts.source, importId });
    await tx.query('UPDATE imports SET changed = $1 WHERE id = $2', [result.changed, importId]);
    await recordEvent(tx, {
      type: 'values.imported',
      actor,
      unitCode: units.length === 1 ? units[0] : null,
      data: {
        file: opts.file,
        import_id: importId,
        rows: values.length,
        changed: result.changed,
        source: opts.source,
      },
    });
    return {
      file: opts.file,
      rows: values.length,
      unchanged: values.length - result.changed,
      ...result,
      importId,
    };
  });
}

/**
 * Stores checked figures and brings the evaluation results up to date. Figures a submitted
 * dossier relies on are refused first (DOSSIER_LOCKED), so nothing of the batch is written.
 */
export async function applyValues(
  tx: Db,
  values: CheckedValue[],
  meta: { actor: string; source: string; importId?: number },
): Promise<{ changed: number; evaluation: 'live' | 'stale' | 'none'; staleRuns: number }> {
  await assertNotLocked(tx, values);
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
 * Sets figures typed by a person (a form, the API): same checks as an import, and the actor
 * needs value.write on every unit (a string actor is the system under that name). Results of
 * the unit, its ancestors and dependent frameworks are updated, and one value.changed event per
 * changed figure recorded, in the same transaction. Figures carrying `basedOn` (offline edits)
 * are refused with VALUE_CONFLICT when the stored figure changed meanwhile (`assertNoConflicts`).
 */
export async function setValues(
  db: Db,
  opts: { values: RawValue[]; actor?: Actor | string; source?: string },
): Promise<{ changed: number }> {
  const actor = toActor(opts.actor);
  const source = opts.source ?? 'typed';
  const catalog = await loadCatalog(db, [...new Set(opts.values.map((v) => v.unitCode))]);
  const { values, issues } = checkValues(opts.values, catalog);
  if (issues.length > 0)
    throw new AppError('INVALID_VALUES', 'Số liệu không hợp lệ, không có gì được lưu', issues);
  await requireAbilityOnUnits(
    db,
    actor,
    'value.write',
    values.map((v) => v.unitCode),
  );
  return db.transaction(async (tx) => {
    await assertNoConflicts(tx, values);
    const before = await currentStates(tx, values);
    const r = await applyValues(tx, values, { actor: actor.username, source });
    await recordValueChanges(tx, { actor, source, values, before });
    return { changed: r.changed };
  });
}
