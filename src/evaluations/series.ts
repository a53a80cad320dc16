import { type Actor, requireRead } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { type Period, periodsBetween, requirePeriod } from '../engine/periods.ts';
import type { Status } from '../engine/status.ts';
import { AppError } from '../errors.ts';
import { frameworkInForce, type LoadedFramework, requireFramework } from '../frameworks/store.ts';
import { text } from '../text.ts';
import { unitHistory } from '../units/tree.ts';
import { ensureFreshRun } from './fresh.ts';
import { emptyCounts, type SubtreeCounts } from './inputs.ts';

export interface SeriesPoint {
  period: string;
  /** The framework version that judged the period (in force on its last day). */
  version: number;
  tree_date: string;
  /** The unit's own status (not_applicable for a parent the framework does not apply to). */
  status: Status;
  children: SubtreeCounts;
}

/** At most this many periods in one series (10 years of months). */
const MAX_PERIODS = 120;

/** Every measure the framework reads, directly or through the frameworks it derives from. */
async function measuresRead(db: Db, fw: LoadedFramework): Promise<string[]> {
  const measures = new Set(fw.compiled.measures);
  const seen = new Set([fw.meta.id]);
  const queue = [...fw.compiled.dependsOn];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const dep = await requireFramework(db, id).catch(() => null);
    if (!dep) continue;
    for (const m of dep.compiled.measures) measures.add(m);
    queue.push(...dep.compiled.dependsOn);
  }
  return [...measures];
}

/**
 * How a unit and its subtree stood under a framework in each period from `from` to `to` (by
 * default the years the framework is in force): only periods in force that have figures and in
 * which the unit exists. Stale or missing runs are computed first.
 */
export async function readSeries(
  db: Db,
  opts: { frameworkId: string; unitCode: string; from?: string; to?: string; actor: Actor },
): Promise<SeriesPoint[]> {
  const fw = await requireFramework(db, opts.frameworkId);
  const from = requirePeriod(opts.from ?? fw.meta.validFrom.slice(0, 4));
  const to = requirePeriod(opts.to ?? (from.kind === 'year' ? fw.meta.validTo.slice(0, 4) : from.code));
  const all = periodsBetween(from, to);
  if (all.length > MAX_PERIODS)
    throw new AppError(
      'INVALID_PERIOD',
      text(
        `Tối đa ${MAX_PERIODS} kỳ trong một chuỗi (đang yêu cầu ${all.length})`,
        `at most ${MAX_PERIODS} periods`,
      ),
    );
  const intervals = await unitHistory(db, opts.unitCode);
  if (intervals.length === 0)
    throw new AppError('UNIT_NOT_FOUND', text(`Không có đơn vị với mã ${opts.unitCode}`, `unknown unit`));
  // Headline counts only: an ancestor of the actor's grants is enough (today's tree).
  await requireRead(db, opts.actor, { unitCode: opts.unitCode, level: 'summary' });
  const inForce = all.filter((p) => p.end >= fw.meta.validFrom && p.start <= fw.meta.validTo);
  const measures = await measuresRead(db, fw);
  const withData = new Set(
    (
      await db.query<{ p: string }>(
        `SELECT p FROM unnest($1::text[]) AS p WHERE EXISTS (
           SELECT 1 FROM value_current v WHERE v.period = p AND v.measure_id = ANY($2))`,
        [inForce.map((p) => p.code), measures],
      )
    ).map((r) => r.p),
  );
  // Each period is read under the version that judged it (in force on its last day).
  const periods: Array<{ period: Period; treeDate: string; version: number }> = [];
  for (const period of inForce) {
    if (!withData.has(period.code)) continue;
    const judge = (await frameworkInForce(db, fw.meta.id, period.end)) ?? fw;
    const treeDate = await ensureFreshRun(db, judge, period);
    const exists = intervals.some(
      (i) => (i.validFrom ?? '0001-01-01') <= treeDate && (i.validTo ?? '9999-12-31') >= treeDate,
    );
    if (exists) periods.push({ period, treeDate, version: judge.meta.version });
  }
  const rows = await db.query<{
    period: string;
    version: number;
    status: Status;
    n_total: number;
    n_met: number;
    n_basically_met: number;
    n_not_met: number;
    n_no_data: number;
    n_rule_missing: number;
  }>(
    `SELECT period, version, status, n_total, n_met, n_basically_met, n_not_met, n_no_data, n_rule_missing
     FROM evaluation_results WHERE framework_id = $1 AND unit_code = $2 AND period = ANY($3)`,
    [fw.meta.id, opts.unitCode, periods.map((p) => p.period.code)],
  );
  const byPeriod = new Map(rows.map((r) => [`${r.period}@${r.version}`, r]));
  return periods.map(({ period, treeDate, version }) => {
    const r = byPeriod.get(`${period.code}@${version}`);
    return {
      period: period.code,
      version,
      tree_date: treeDate,
      status: r?.status ?? 'not_applicable',
      children: r
        ? {
            total: r.n_total,
            met: r.n_met,
            basically_met: r.n_basically_met,
            not_met: r.n_not_met,
            no_data: r.n_no_data,
            rule_missing: r.n_rule_missing,
          }
        : emptyCounts(),
    };
  });
}
