import { type Actor, readLevels, requireRead } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import type { Period } from '../engine/periods.ts';
import { letterStatus, type Status } from '../engine/status.ts';
import { type LoadedFramework, requireFrameworkForPeriod } from '../frameworks/store.ts';
import { unitMissingError } from '../units/read.ts';
import { cachedResults } from './cache.ts';
import { dependenciesFresh } from './fresh.ts';
import { ensureEvaluated } from './full.ts';
import type { SubtreeCounts } from './inputs.ts';
import { type ThresholdSummary, thresholdSummary } from './thresholds.ts';

/** One unit's line of the scorecard: overall status, one status per criterion, subtree counts. */
export interface MatrixRow {
  unit: { code: string; name: string; kind: string };
  status: Status;
  met_criteria: number;
  total_criteria: number;
  points?: number;
  /** One status per criterion in framework order; empty when the framework does not apply. */
  criteria: Status[];
  children?: SubtreeCounts;
}

export interface Matrix {
  framework: { id: string; version: number; name: string; criteria: Array<{ no: string; name: string }> };
  period: string;
  tree_date: string;
  /** The unit itself: code, name, kind, parent_code and its own line (children = its subtree). */
  unit: { code: string; name: string; kind: string; parent_code: string | null } & Omit<MatrixRow, 'unit'>;
  rows: MatrixRow[];
  /** Units of the subtree meeting every indicator that has a threshold; thresholds still to enter. */
  thresholds: ThresholdSummary;
}

type UnitRow = [code: string, name: string, kind: string, parentCode: string | null];
type ResultRow = [
  code: string,
  status: Status,
  metCriteria: number,
  totalCriteria: number,
  points: number | null,
  criteriaCodes: string,
  total: number,
  met: number,
  basicallyMet: number,
  notMet: number,
  noData: number,
  ruleMissing: number,
];

interface Stored {
  run: [treeDate: string, stale: boolean] | null;
  units: UnitRow[];
  results: Map<string, ResultRow>;
}

/**
 * The run's state, the unit and its children valid on the tree date (the period's last day),
 * and their stored results, in one statement of three independent indexed lookups, each
 * aggregated to one JSON value: cheap to plan and to decode.
 */
async function readStored(db: Db, fw: LoadedFramework, period: Period, unitCode: string): Promise<Stored> {
  const [row] = await db.query<{ run: string | null; units: string | null; results: string | null }>(
    `SELECT
       (SELECT json_build_array(tree_date, stale) FROM evaluation_runs
        WHERE framework_id = $1 AND version = $2 AND period = $3)::text AS run,
       (SELECT json_agg(json_build_array(code, name, kind, parent_code)) FROM units
        WHERE (code = $4 OR parent_code = $4) AND valid_from <= $5 AND valid_to >= $5)::text AS units,
       (SELECT json_agg(json_build_array(unit_code, status, met_criteria, total_criteria, points, criteria_codes,
                n_total, n_met, n_basically_met, n_not_met, n_no_data, n_rule_missing))
        FROM evaluation_results
        WHERE framework_id = $1 AND version = $2 AND period = $3 AND (unit_code = $4 OR parent_code = $4))::text
         AS results`,
    [fw.meta.id, fw.meta.version, period.code, unitCode, period.end],
  );
  const results: ResultRow[] = row?.results ? JSON.parse(row.results) : [];
  return {
    run: row?.run ? JSON.parse(row.run) : null,
    units: row?.units ? JSON.parse(row.units) : [],
    results: new Map(results.map((r) => [r[0], r])),
  };
}

function toRow(u: UnitRow, r: ResultRow | undefined): MatrixRow {
  const [code, name, kind] = u;
  const out: MatrixRow = {
    unit: { code, name, kind },
    status: r?.[1] ?? 'not_applicable',
    met_criteria: r?.[2] ?? 0,
    total_criteria: r?.[3] ?? 0,
    criteria: [...(r?.[5] ?? '')].map(letterStatus),
  };
  if (r && r[4] !== null) out.points = r[4];
  if (r?.[6])
    out.children = {
      total: r[6],
      met: r[7],
      basically_met: r[8],
      not_met: r[9],
      no_data: r[10],
      rule_missing: r[11],
    };
  return out;
}

/**
 * The scorecard of a unit's direct children (a province's districts, a district's communes) under
 * a framework for a period, read from the stored results by index in one statement: no figure is
 * read and nothing is re-evaluated unless the stored run is stale.
 */
export async function readMatrix(
  db: Db,
  opts: { frameworkId: string; period: string; unitCode: string; actor: Actor },
): Promise<Matrix> {
  // Everything but the reader's scope comes from the results cache (src/evaluations/cache.ts).
  const { fw, stored, thresholds } = await cachedResults(
    db,
    `matrix\u0000${opts.frameworkId}\u0000${opts.period}\u0000${opts.unitCode}`,
    () => readUnscoped(db, opts),
  );
  const { period } = fw;
  const treeDate = stored.run?.[0] ?? period.end;
  const self = stored.units.find((u) => u[0] === opts.unitCode);
  if (!self) throw await unitMissingError(db, opts.unitCode, treeDate);
  // Read scoping: the unit needs at least its summary; children the actor may not read are left
  // out, and those it reads only in summary (ancestors of its grants) lose their criteria.
  const levels = await readLevels(
    db,
    opts.actor,
    stored.units.map((u) => u[0]),
    treeDate,
  );
  if (levels.get(self[0]) === 'none')
    await requireRead(db, opts.actor, { unitCode: self[0], date: treeDate, level: 'summary' });
  const shown = (u: UnitRow): MatrixRow => {
    const row = toRow(u, stored.results.get(u[0]));
    if (levels.get(u[0]) !== 'summary') return row;
    const { points: _p, ...headline } = row;
    return { ...headline, criteria: [] };
  };
  const children = stored.units
    .filter((u) => u !== self && levels.get(u[0]) !== 'none')
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const { unit, ...own } = shown(self);
  return {
    framework: {
      id: fw.meta.id,
      version: fw.meta.version,
      name: fw.meta.name,
      criteria: fw.compiled.criteria.map((c) => ({ no: c.no, name: c.name })),
    },
    period: period.code,
    tree_date: treeDate,
    unit: { ...unit, parent_code: self[3], ...own },
    rows: children.map(shown),
    thresholds,
  };
}

/** The matrix's data before read scoping: fresh stored results (recomputed first if stale). */
async function readUnscoped(
  db: Db,
  opts: { frameworkId: string; period: string; unitCode: string },
): Promise<{ fw: LoadedFramework & { period: Period }; stored: Stored; thresholds: ThresholdSummary }> {
  const fw = await requireFrameworkForPeriod(db, opts.frameworkId, opts.period);
  const { period } = fw;
  let stored = await readStored(db, fw, period, opts.unitCode);
  if (!stored.run || stored.run[1] || !(await dependenciesFresh(db, fw, period))) {
    await ensureEvaluated(db, fw.meta.id, period.code);
    stored = await readStored(db, fw, period, opts.unitCode);
  }
  const thresholds = await thresholdSummary(db, fw, { period: period.code, unitCode: opts.unitCode });
  return { fw, stored, thresholds };
}
