import { type Actor, readLevels, requireRead } from '../access/index.ts';
/**
 * Progress of every holder × indicator of a plan: target, actual to date, % of target, year-end
 * projection, status with its rule, each period's report timing, and explanation requests.
 */
import type { Db } from '../db/database.ts';
import { parsePeriod, periodsBetween } from '../engine/periods.ts';
import { loadAssignments } from './assign.ts';
import {
  type Actual,
  actualToDate,
  periodEndMonth,
  projectYearEnd,
  type ReportTiming,
  type Rule,
  reportTiming,
  type TargetStatus,
  targetStatus,
} from './compute.ts';
import { type Explanation, listExplanations } from './explanations.ts';
import { type Holder, loadHolders, type Plan, type PlanIndicator, requirePlan } from './plans.ts';

export interface Cell {
  indicator: string;
  holder: string;
  target: number;
  /** Each reported period of the year, in order. */
  actuals: Array<{ period: string; value: number }>;
  actualToDate: number | null;
  /** Actual to date ÷ target × 100 (plain ratio, whatever the direction). */
  percentOfTarget: number | null;
  projection: number | null;
  projectionMethod: 'history' | 'linear' | 'none';
  projectionRule: Rule;
  status: TargetStatus;
  ratio: number | null;
  statusRule: Rule;
  /** Reports of the periods due up to the given day: late and missing ones stand out. */
  reports: ReportTiming[];
  late: number;
  missing: number;
  explanations: Explanation[];
}

export interface Progress {
  plan: Plan;
  today: string;
  holders: Holder[];
  cells: Cell[];
}

const vietnamDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });

/** The periods of the year an indicator reports, up to (and including) the one that ends by `today`'s month. */
function periodsOfYear(year: number, ind: PlanIndicator) {
  const from = parsePeriod(ind.frequency === 'month' ? `${year}-01` : `${year}Q1`)!;
  const to = parsePeriod(ind.frequency === 'month' ? `${year}-12` : `${year}Q4`)!;
  return periodsBetween(from, to);
}

async function loadActuals(db: Db, measures: string[], holders: string[], year: number) {
  const rows = await db.query<{ unit_code: string; measure_id: string; period: string; num: number }>(
    `SELECT unit_code, measure_id, period, num FROM value_current
     WHERE measure_id = ANY($1) AND unit_code = ANY($2) AND num IS NOT NULL
       AND (period LIKE $3 OR period LIKE $4)`,
    [measures, holders, `${year - 1}%`, `${year}%`],
  );
  const firsts = await db.query<{ unit_code: string; measure_id: string; period: string; first: string }>(
    `SELECT unit_code, measure_id, period, min(changed_at) AS first FROM value_changes
     WHERE measure_id = ANY($1) AND unit_code = ANY($2) AND period LIKE $3
     GROUP BY unit_code, measure_id, period`,
    [measures, holders, `${year}%`],
  );
  const key = (u: string, m: string, p: string) => `${u}\u0000${m}\u0000${p}`;
  return {
    values: new Map(rows.map((r) => [key(r.unit_code, r.measure_id, r.period), r.num])),
    firstReported: new Map(
      firsts.map((r) => [key(r.unit_code, r.measure_id, r.period), vietnamDate.format(new Date(r.first))]),
    ),
    key,
  };
}

/**
 * Computes the progress of a plan on `today` (default: today in Vietnam), for every holder with a
 * target or only `holder`.
 */
export async function readProgress(
  db: Db,
  opts: { year: number; today?: string; holder?: string; actor: Actor },
): Promise<Progress> {
  const plan = await requirePlan(db, opts.year);
  const today = opts.today ?? vietnamDate.format(new Date());
  const all = await loadHolders(db, plan);
  // Read scoping: actual figures of the holders whose unit the actor reads in full; one named
  // holder outside its grants is refused (403).
  const holder = opts.holder === undefined ? undefined : all.get(opts.holder);
  if (holder) await requireRead(db, opts.actor, { unitCode: holder.accessUnit, date: plan.treeDate });
  else await requireRead(db, opts.actor, { unitCode: plan.rootCode, date: plan.treeDate, level: 'summary' });
  const levels = await readLevels(
    db,
    opts.actor,
    [...all.values()].map((h) => h.accessUnit),
    plan.treeDate,
  );
  const holders = new Map([...all].filter(([, h]) => levels.get(h.accessUnit) === 'full'));
  const assignments = await loadAssignments(db, plan.year);
  const assigned = new Set<string>();
  for (const m of assignments.values()) for (const h of m.keys()) assigned.add(h);
  const shown = [...holders.values()].filter(
    (h) => assigned.has(h.code) && (opts.holder === undefined || h.code === opts.holder),
  );
  const codes = shown.map((h) => h.code);
  const data = await loadActuals(db, [...new Set(plan.indicators.map((i) => i.measureId))], codes, plan.year);
  const explanations = await listExplanations(db, { year: plan.year, holders: codes });
  const cells: Cell[] = [];
  for (const h of shown)
    for (const ind of plan.indicators) {
      const target = assignments.get(ind.code)?.get(h.code);
      if (target === undefined) continue;
      const periods = periodsOfYear(plan.year, ind);
      const series: Array<{ period: string; value: number }> = [];
      const actuals: Actual[] = [];
      const lastYear: Actual[] = [];
      const reports: ReportTiming[] = [];
      for (const p of periods) {
        const k = data.key(h.code, ind.measureId, p.code);
        const v = data.values.get(k);
        if (v !== undefined) {
          series.push({ period: p.code, value: v });
          actuals.push({ month: periodEndMonth(p.code)!, value: v });
        }
        const prev = data.values.get(data.key(h.code, ind.measureId, `${plan.year - 1}${p.code.slice(4)}`));
        if (prev !== undefined) lastYear.push({ month: periodEndMonth(p.code)!, value: prev });
        if (p.end < today)
          reports.push(reportTiming(p, plan.settings, data.firstReported.get(k) ?? null, today));
      }
      const ytd = actualToDate(ind.aggregation, actuals);
      const projection = projectYearEnd(ind.aggregation, actuals, lastYear);
      const status = targetStatus(ind.direction, target, projection.value, plan.settings);
      cells.push({
        indicator: ind.code,
        holder: h.code,
        target,
        actuals: series,
        actualToDate: ytd,
        percentOfTarget: ytd !== null && target !== 0 ? (ytd / target) * 100 : null,
        projection: projection.value,
        projectionMethod: projection.method,
        projectionRule: projection.rule,
        status: status.status,
        ratio: status.ratio !== null && Number.isFinite(status.ratio) ? status.ratio : null,
        statusRule: status.rule,
        reports,
        late: reports.filter((r) => r.state === 'late').length,
        missing: reports.filter((r) => r.state === 'missing').length,
        explanations: explanations.filter((e) => e.holder === h.code && e.indicator === ind.code),
      });
    }
  return { plan, today, holders: shown, cells };
}
