/**
 * How many units of a subtree meet every indicator that has a threshold, and how many thresholds
 * are still to be entered (chưa có ngưỡng): what the overview says instead of a bare "0/383 xã đạt"
 * when part of a framework's thresholds are not in the legal texts we hold.
 */
import type { Db } from '../db/database.ts';
import { isRuleMissing } from '../frameworks/catalog.ts';
import type { LoadedFramework } from '../frameworks/store.ts';

export interface ThresholdSummary {
  /** Units of the subtree the framework applies to (with a stored result). */
  units: number;
  /** Of them, those with every indicator that has a threshold met (đạt) or not applicable. */
  meet_thresholds: number;
  /** Indicators of the framework without a threshold yet, plus criteria with no indicator. */
  thresholds_missing: number;
}

/** Indicators (and criteria without any) whose threshold is not set: never guessed, to be entered. */
export function missingThresholds(fw: LoadedFramework): number {
  let n = 0;
  for (const c of fw.compiled.criteria) {
    if (c.indicators.length === 0) n++;
    for (const ind of c.indicators) if (isRuleMissing(ind)) n++;
  }
  for (const ind of fw.compiled.conditions) if (isRuleMissing(ind)) n++;
  return n;
}

/**
 * Counts, from the stored results of a fresh run, the units under `unitCode` (itself included)
 * whose per-indicator letters hold only met (M), not applicable (A) or no threshold (R).
 */
export async function thresholdSummary(
  db: Db,
  fw: LoadedFramework,
  opts: { period: string; unitCode: string },
): Promise<ThresholdSummary> {
  const [row] = await db.query<{ units: number; meet: number }>(
    `WITH RECURSIVE sub AS (
       SELECT unit_code, applicable, indicator_codes FROM evaluation_results
        WHERE framework_id = $1 AND version = $2 AND period = $3 AND unit_code = $4
       UNION ALL
       SELECT r.unit_code, r.applicable, r.indicator_codes FROM evaluation_results r JOIN sub s
         ON r.parent_code = s.unit_code AND r.framework_id = $1 AND r.version = $2 AND r.period = $3
     )
     SELECT count(*) FILTER (WHERE applicable AND indicator_codes <> '')::int AS units,
            count(*) FILTER (WHERE applicable AND indicator_codes <> '' AND indicator_codes !~ '[NBD]')::int AS meet
       FROM sub`,
    [fw.meta.id, fw.meta.version, opts.period, opts.unitCode],
  );
  return {
    units: row?.units ?? 0,
    meet_thresholds: row?.meet ?? 0,
    thresholds_missing: missingThresholds(fw),
  };
}
