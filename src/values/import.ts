import { basename } from 'node:path';
import { type Actor, requireAbilityOnUnits } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { beginLiveRead, type LiveRead, liveReadDone, refreshAfterValueChange } from '../evaluations/live.ts';
import { markRunsStale } from '../evaluations/runs.ts';
import { matchColumns, readFileBytes, type Table } from '../files/tabular.ts';
import { DIRECT_BYTES, storeDirect } from '../imports/direct.ts';
import { stageValuesUpload } from '../imports/read-upload.ts';
import { valueColumns } from '../imports/stage-rows.ts';
import {
  checkStaged,
  openStaging,
  type Staging,
  type StoredChanges,
  stagedIssues,
  stagedSingleUnit,
  stagedUnits,
  stageTable,
  storeStaged,
} from '../imports/staging.ts';
import { text } from '../text.ts';
import { recordValueChanges } from './audit.ts';
import { refuseConflicts } from './conflicts.ts';
import type { FieldCatalog } from './parse.ts';
import {
  type BeforeWrite,
  type CheckedValue,
  checkForWrite,
  loadCatalog,
  type RawValue,
  SMALL_BATCH,
  storeValues,
} from './write.ts';

export { valueColumns };

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

/**
 * Imports figures from a CSV/.xlsx file (unit_code, indicator, period, value, note). Any bad
 * row rejects the whole file with every bad row listed; nothing is half written.
 */
export async function importValues(
  db: Db,
  opts: { path: string; actor: Actor; source?: string },
): Promise<ValuesImportReport> {
  const bytes = await readFileBytes(opts.path);
  const file = basename(opts.path);
  return importStaged(db, {
    file,
    actor: opts.actor,
    source: opts.source ?? 'import',
    stage: (tx, s, catalog) => stageValuesUpload(tx, s, { bytes, fileName: file, catalog }),
    direct: bytes.length >= DIRECT_BYTES ? bytes : undefined,
  });
}

/**
 * Imports a read table of figures (the values template, the demo): checked and stored like a
 * file, see importStaged.
 */
export async function importValueTable(
  db: Db,
  opts: { table: Table; file: string; actor: Actor; source: string },
): Promise<ValuesImportReport> {
  matchColumns(opts.table, valueColumns);
  return importStaged(db, {
    ...opts,
    stage: async (tx, s, catalog) => {
      await stageTable(tx, s, { table: opts.table, catalog });
    },
  });
}

/**
 * Imports a file's figures set-wise, all or nothing, in one transaction: the rows are staged and
 * checked (src/imports/staging.ts), any problem refuses the whole file naming every bad row
 * (INVALID_ROWS), then storeStagedImport writes them. A large file (`direct`, its bytes) bringing
 * a period's first figures is first tried without staging (src/imports/direct.ts); when that way
 * stops, what it wrote is rolled back and the file is staged.
 */
async function importStaged(
  db: Db,
  opts: {
    file: string;
    actor: Actor;
    source: string;
    stage: (tx: Db, s: Staging, catalog: FieldCatalog) => Promise<void>;
    direct?: Buffer;
  },
): Promise<ValuesImportReport> {
  const actor = opts.actor;
  const catalog = await loadCatalog(db, []);
  return db.transaction(async (tx) => {
    if (opts.direct) {
      await tx.exec('SAVEPOINT direct_import');
      const importId = await newImport(tx, opts.file, actor);
      const stored = await storeDirect(tx, {
        bytes: opts.direct,
        fileName: opts.file,
        catalog,
        meta: { source: opts.source, actor: actor.username, importId },
      });
      if (stored) {
        if (actor.userId !== null) await requireAbilityOnUnits(tx, actor, 'value.write', stored.units);
        return finishImport(tx, {
          ...opts,
          importId,
          rows: stored.rows,
          stored,
          unitCode: stored.units.length === 1 ? stored.units[0]! : null,
        });
      }
      await tx.exec('ROLLBACK TO SAVEPOINT direct_import');
    }
    const s = await openStaging(tx);
    await opts.stage(tx, s, catalog);
    await checkStaged(tx, s);
    await refuseIssues(tx, s, opts.file);
    return storeStagedImport(tx, s, { actor, file: opts.file, source: opts.source });
  });
}

/** Throws INVALID_ROWS listing the problems staged so far (the first 1000), if any. */
export async function refuseIssues(tx: Db, s: Staging, file: string): Promise<void> {
  const issues = await stagedIssues(tx, s);
  if (issues.count === 0) return;
  throw new AppError(
    'INVALID_ROWS',
    text(
      `Tệp ${file}: ${issues.count} lỗi ở ${issues.lines} dòng, không có số liệu nào được lưu`,
      `nothing was changed`,
    ),
    issues.first,
  );
}

/**
 * Stores checked staged figures: the actor needs value.write on every unit in them (a string
 * actor is the system under that name); one `imports` row, history and current figures, the
 * results brought up to date and one values.imported event, in the caller's transaction.
 */
export async function storeStagedImport(
  tx: Db,
  s: Staging,
  opts: { actor: Actor; file: string; source: string },
): Promise<ValuesImportReport> {
  const { actor } = opts;
  // The system (CLI, demo) may write anywhere: the units are listed only for a person.
  if (actor.userId !== null) await requireAbilityOnUnits(tx, actor, 'value.write', await stagedUnits(tx, s));
  const importId = await newImport(tx, opts.file, actor);
  const stored = await storeStaged(tx, s, { actor: actor.username, source: opts.source, importId });
  return finishImport(tx, {
    ...opts,
    importId,
    rows: s.rows,
    stored,
    unitCode: await stagedSingleUnit(tx, s),
  });
}

/** The `imports` row of a file being stored (its figures carry the id); rows and changed are set at the end. */
async function newImport(tx: Db, file: string, actor: Actor): Promise<number> {
  return (
    await tx.query<{ id: number }>(
      'INSERT INTO imports (kind, file_name, rows, changed, actor) VALUES ($1, $2, 0, 0, $3) RETURNING id',
      ['values', file, actor.username],
    )
  )[0]!.id;
}

/**
 * After a file's figures are written: the results brought up to date, the `imports` row's
 * counts, one values.imported event (naming the unit when the file has only one).
 */
async function finishImport(
  tx: Db,
  opts: {
    actor: Actor;
    file: string;
    source: string;
    importId: number;
    rows: number;
    stored: StoredChanges;
    unitCode: string | null;
  },
): Promise<ValuesImportReport> {
  const { importId, rows } = opts;
  const result = await refreshResults(tx, opts.stored);
  await tx.query('UPDATE imports SET rows = $1, changed = $2 WHERE id = $3', [
    rows,
    result.changed,
    importId,
  ]);
  await recordEvent(tx, {
    type: 'values.imported',
    actor: opts.actor,
    unitCode: opts.unitCode,
    data: { file: opts.file, import_id: importId, rows, changed: result.changed, source: opts.source },
  });
  return { file: opts.file, rows, unchanged: rows - result.changed, ...result, importId };
}

/** Brings evaluation results up to date after figures changed: live patches, or stale runs. */
async function refreshResults(
  tx: Db,
  stored: StoredChanges,
  begun?: LiveRead,
): Promise<{ changed: number; evaluation: 'live' | 'stale' | 'none'; staleRuns: number }> {
  if (stored.count === 0) return { changed: 0, evaluation: 'none', staleRuns: 0 };
  if (stored.keys) {
    await refreshAfterValueChange(tx, stored.keys, begun);
    return { changed: stored.count, evaluation: 'live', staleRuns: 0 };
  }
  const staleRuns = await markRunsStale(tx, { periods: stored.periods, measures: stored.measures });
  return { changed: stored.count, evaluation: 'stale', staleRuns };
}

/**
 * Stores checked figures and brings the evaluation results up to date. Figures a submitted
 * dossier relies on, or approved ones, are refused first (DOSSIER_LOCKED, FIGURES_APPROVED), so
 * nothing of the batch is written. `before`: the checks already read by the caller
 * (checkForWrite).
 */
export async function applyValues(
  tx: Db,
  values: CheckedValue[],
  meta: { actor: string; source: string; importId?: number },
  before?: BeforeWrite,
  begun?: LiveRead,
): Promise<{ changed: number; evaluation: 'live' | 'stale' | 'none'; staleRuns: number }> {
  return refreshResults(tx, await storeValues(tx, values, meta, { before, dossiers: true }), begun);
}

/**
 * Sets figures typed by a person (a form, the API): same checks as an import, and the actor
 * needs value.write on every unit (a string actor is the system under that name). Results of
 * the unit, its ancestors and dependent frameworks are updated, and one value.changed event per
 * changed figure recorded, in the same transaction. Figures carrying `basedOn` (offline edits)
 * are refused with VALUE_CONFLICT when the stored figure changed meanwhile (`refuseConflicts`).
 *
 * One figure costs five statements on both databases: the checks, previous states and locks
 * read together (checkForWrite; the catalog is kept in memory), the live update's read (begun
 * with the checks, before the write: beginLiveRead in src/evaluations/live.ts), the write, the
 * live update's write, the audit event (on PostgreSQL carrying the NOTIFY to other instances).
 * They run as prepared statements with their generic plan (`prepared` in src/db/database.ts).
 * The writes are sent without waiting for their answers (`Db.send`): on PostgreSQL the
 * transaction is two round trips — BEGIN with the checks, the province's lock and the live
 * update's read; the write, the live update's write and the audit event with the COMMIT.
 */
export async function setValues(
  db: Db,
  opts: { values: RawValue[]; actor: Actor; source?: string },
): Promise<{ changed: number }> {
  // The write takes its province's lock before its write; writers of other kinds (an import, a
  // survey, a target) after theirs. One new figure inserted by both at once deadlocks them on
  // PostgreSQL, which rolls one back after a second: when it is this one, it runs again (its
  // transaction holds nothing of the first run).
  for (let attempt = 1; ; attempt++) {
    try {
      return await writeValues(db, opts);
    } catch (err) {
      if (attempt >= 3 || (err as { code?: unknown })?.code !== DEADLOCK) throw err;
    }
  }
}

/** PostgreSQL's error code for a transaction rolled back to end a deadlock. */
const DEADLOCK = '40P01';

async function writeValues(
  db: Db,
  opts: { values: RawValue[]; actor: Actor; source?: string },
): Promise<{ changed: number }> {
  const actor = opts.actor;
  const source = opts.source ?? 'typed';
  return db.transaction(async (tx) => {
    const checking = checkForWrite(tx, opts.values);
    // A few figures: the live patch's locks and read go out with the checks (beginLiveRead).
    const begun = opts.values.length <= SMALL_BATCH ? beginLiveRead(tx, opts.values) : undefined;
    try {
      const { values, issues, before } = await checking;
      if (issues.length > 0)
        throw new AppError('INVALID_VALUES', 'Số liệu không hợp lệ, không có gì được lưu', issues);
      await requireAbilityOnUnits(
        tx,
        actor,
        'value.write',
        values.map((v) => v.unitCode),
      );
      refuseConflicts(values, before.current);
      const r = await applyValues(tx, values, { actor: actor.username, source }, before, begun);
      await recordValueChanges(tx, { actor, source, values, before: before.current });
      return { changed: r.changed };
    } finally {
      // Nothing of the read outlives the transaction (after its statement it may load a framework).
      if (begun) await liveReadDone(begun);
    }
  });
}
