/**
 * The first figures of a period, stored straight from the file. When a large file brings
 * figures for periods that have none yet, and every row is fine, staging its rows first
 * (staging.ts) would write each figure twice; here the reader writes value_current's own rows
 * and each chunk is COPYed into value_current as it comes. What staging checks row by row is
 * checked on the file's keys instead, set-wise (each unit with each period, each measure: the
 * same tests, `unitMissing` and `measureMissing`), with the locks of submitted dossiers and
 * approved figures. Whatever would make the staged way refuse or name something — a row with a
 * problem, a repeat, a period that already has figures, an unknown unit or measure, a lock, a
 * file that is not a plain table, too few rows for a full recomputation — stops this way
 * (`NotDirect`): the caller rolls back to its savepoint and stages the file, which names every
 * bad row as always. So a file is either stored whole this way or handled as before.
 */
import type { Db } from '../db/database.ts';
import { lockedStates } from '../dossiers/states.ts';
import { readTableFile } from '../files/sheets.ts';
import type { FieldCatalog } from '../values/parse.ts';
import { catalogData, currentColumns, type DirectRows, keyColumns } from './stage-rows.ts';
import {
  analyzeAfter,
  LIVE_LIMIT,
  measureMissing,
  type StoredChanges,
  storedMeanwhile,
  tick,
  unitMissing,
} from './staging.ts';

/** Files from this size on are tried this way (≈ 25,000 rows); smaller ones cost little staged. */
export const DIRECT_BYTES = 1 << 20;

/** Stops the direct way: the file is staged instead. */
class NotDirect extends Error {}

/** What a file stored directly wrote, and the units it names (for the permission check). */
export interface DirectStored extends StoredChanges {
  rows: number;
  units: string[];
}

/**
 * Stores a values file's figures directly when it can (see above), in the caller's transaction
 * under a savepoint it rolls back to when this returns null (nothing of it is then kept).
 */
export async function storeDirect(
  tx: Db,
  opts: { bytes: Buffer; fileName: string; catalog: FieldCatalog; meta: DirectRows },
): Promise<DirectStored | null> {
  await tx.exec(`CREATE TEMP TABLE IF NOT EXISTS import_keys (
      unit_code text, period text, p_start date, p_end date
    ) ON COMMIT DROP;
    TRUNCATE import_keys;`);
  let rows = 0;
  // The keys are COPYed once at the end (a few thousand lines; a COPY a chunk costs a round trip each).
  const keys: string[] = [];
  const periods: string[] = [];
  const measures: string[] = [];
  try {
    await readTableFile(
      opts.bytes,
      opts.fileName,
      { stageValues: catalogData(opts.catalog), stageDirect: opts.meta },
      async (m) => {
        if (m.type === 'header') {
          if (!m.plain) throw new NotDirect();
        } else if (m.type === 'staged') {
          if (m.issues || m.held) throw new NotDirect();
          // A period met for the first time must have no figure yet (none of this file's: its
          // rows of that period come from here on).
          if (m.periods.length > 0) {
            const [had] = await tx.query<{ had: boolean }>(
              'SELECT EXISTS (SELECT 1 FROM value_current WHERE period = ANY($1::text[])) AS had',
              [m.periods],
            );
            if (had!.had) throw new NotDirect();
            periods.push(...m.periods);
          }
          measures.push(...m.measures);
          rows += m.count;
          if (m.keys) keys.push(m.keys);
          if (m.rows)
            await tx.copyFrom('value_current', [...currentColumns], m.rows).catch((err: unknown) => {
              throw storedMeanwhile(err);
            });
          await tick();
        }
      },
    );
  } catch (err) {
    if (err instanceof NotDirect) return null;
    throw err;
  }
  if (rows <= LIVE_LIMIT) return null;
  await tx.copyFrom('import_keys', [...keyColumns], keys.join(''));
  const [checked] = await tx.query<{ refused: boolean; units: string[] }>(
    `SELECT EXISTS (SELECT 1 FROM import_keys t WHERE ${unitMissing('t')})
        OR EXISTS (SELECT 1 FROM unnest($1::text[]) AS t(measure_id) WHERE ${measureMissing('t')})
        OR EXISTS (SELECT 1 FROM import_keys k JOIN dossiers d ON d.unit_code = k.unit_code AND d.round = k.period
          AND d.state = ANY($2))
        OR EXISTS (SELECT 1 FROM import_keys k JOIN figure_approvals a ON a.unit_code = k.unit_code
          AND a.period = k.period AND a.state = 'approved') AS refused,
      ARRAY(SELECT DISTINCT unit_code FROM import_keys) AS units`,
    [measures, [...lockedStates]],
  );
  if (checked!.refused) return null;
  await analyzeAfter(tx, rows);
  return { count: rows, rows, periods, measures, keys: null, units: checked!.units };
}
