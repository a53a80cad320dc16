import type { Db } from '../db/database.ts';

/** Marks every stored evaluation out of date (after units or frameworks change); recomputed on next read. */
export async function markAllRunsStale(db: Db): Promise<void> {
  await db.exec('UPDATE evaluation_runs SET stale = true WHERE NOT stale');
}

/** Marks the runs of the given periods that read any of the given measures out of date. */
export async function markRunsStale(
  db: Db,
  opts: { periods: string[]; measures: string[] },
): Promise<number> {
  const rows = await db.query(
    `UPDATE evaluation_runs r SET stale = true
     WHERE NOT r.stale AND r.period = ANY($1)
       AND EXISTS (SELECT 1 FROM framework_measures m
                   WHERE m.framework_id = r.framework_id AND m.version = r.version AND m.measure_id = ANY($2))
     RETURNING r.framework_id`,
    [opts.periods, opts.measures],
  );
  return rows.length;
}

export interface RunState {
  frameworkId: string;
  version: number;
  period: string;
  treeDate: string;
  stale: boolean;
  computedAt: string;
}

export async function readRun(
  db: Db,
  frameworkId: string,
  version: number,
  period: string,
): Promise<RunState | null> {
  const rows = await db.query<{ tree_date: string; stale: boolean; computed_at: string }>(
    `SELECT tree_date::text AS tree_date, stale, computed_at::text AS computed_at
     FROM evaluation_runs WHERE framework_id = $1 AND version = $2 AND period = $3`,
    [frameworkId, version, period],
  );
  const r = rows[0];
  return r
    ? { frameworkId, version, period, treeDate: r.tree_date, stale: r.stale, computedAt: r.computed_at }
    : null;
}
