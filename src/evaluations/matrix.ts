import type { Db } from '../db/database.ts';
import { letterStatus, type Status } from '../engine/status.ts';
import { requireFrameworkForPeriod } from '../frameworks/store.ts';
import { unitMissingError } from '../units/read.ts';
import { ensureFreshRun } from './fresh.ts';
import type { SubtreeCounts } from './inputs.ts';

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
}

/** One unit as the matrix query returns it (a JSON array, see readMatrix). */
type Row = [
  code: string,
  name: string,
  kind: string,
  parentCode: string | null,
  status: Status | null,
  metCriteria: number | null,
  totalCriteria: number | null,
  points: number | null,
  criteriaCodes: string | null,
  total: number | null,
  met: number,
  basicallyMet: number,
  notMet: number,
  noData: number,
  ruleMissing: number,
];

function toRow(r: Row): MatrixRow {
  const [code, name, kind, , status, metCriteria, totalCriteria, points, letters, total] = r;
  const out: MatrixRow = {
    unit: { code, name, kind },
    status: status ?? 'not_applicable',
    met_criteria: metCriteria ?? 0,
    total_criteria: totalCriteria ?? 0,
    criteria: [...(letters ?? '')].map(letterStatus),
  };
  if (points !== null) out.points = points;
  if (total)
    out.children = {
      total,
      met: r[10],
      basically_met: r[11],
      not_met: r[12],
      no_data: r[13],
      rule_missing: r[14],
    };
  return out;
}

/**
 * The scorecard of a unit's direct children (a province's districts, a district's communes) under
 * a framework for a period, read from the stored results in one indexed query: no figure is read
 * and nothing is re-evaluated unless the stored run is stale.
 */
export async function readMatrix(
  db: Db,
  opts: { frameworkId: string; period: string; unitCode: string },
): Promise<Matrix> {
  const fw = await requireFrameworkForPeriod(db, opts.frameworkId, opts.period);
  const treeDate = await ensureFreshRun(db, fw, fw.period);
  // One statement, aggregated to one JSON value: cheaper to plan and to decode than 15 columns
  // per row (the unit first, then its children).
  const [agg] = await db.query<{ rows: string | null }>(
    `SELECT json_agg(json_build_array(u.code, u.name, u.kind, u.parent_code, r.status, r.met_criteria,
              r.total_criteria, r.points, r.criteria_codes, r.n_total, r.n_met, r.n_basically_met, r.n_not_met,
              r.n_no_data, r.n_rule_missing) ORDER BY u.code <> $4, u.code)::text AS rows
     FROM units u LEFT JOIN evaluation_results r
       ON r.framework_id = $1 AND r.version = $2 AND r.period = $3 AND r.unit_code = u.code
     WHERE (u.code = $4 OR u.parent_code = $4) AND u.valid_from <= $5 AND u.valid_to >= $5`,
    [fw.meta.id, fw.meta.version, fw.period.code, opts.unitCode, treeDate],
  );
  const rows: Row[] = agg?.rows ? JSON.parse(agg.rows) : [];
  const self = rows[0];
  if (self?.[0] !== opts.unitCode) throw await unitMissingError(db, opts.unitCode, treeDate);
  const { unit, ...own } = toRow(self);
  return {
    framework: {
      id: fw.meta.id,
      version: fw.meta.version,
      name: fw.meta.name,
      criteria: fw.compiled.criteria.map((c) => ({ no: c.no, name: c.name })),
    },
    period: fw.period.code,
    tree_date: treeDate,
    unit: { ...unit, parent_code: self[3], ...own },
    rows: rows.slice(1).map(toRow),
  };
}
