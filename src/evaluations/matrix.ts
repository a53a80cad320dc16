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

interface Row {
  self: number;
  code: string;
  name: string;
  kind: string;
  parent_code: string | null;
  status: Status | null;
  met_criteria: number | null;
  total_criteria: number | null;
  points: number | null;
  criteria_codes: string | null;
  n_total: number | null;
  n_met: number;
  n_basically_met: number;
  n_not_met: number;
  n_no_data: number;
  n_rule_missing: number;
}

function toRow(r: Row): MatrixRow {
  const out: MatrixRow = {
    unit: { code: r.code, name: r.name, kind: r.kind },
    status: r.status ?? 'not_applicable',
    met_criteria: r.met_criteria ?? 0,
    total_criteria: r.total_criteria ?? 0,
    criteria: [...(r.criteria_codes ?? '')].map(letterStatus),
  };
  if (r.points !== null) out.points = r.points;
  if (r.n_total)
    out.children = {
      total: r.n_total,
      met: r.n_met,
      basically_met: r.n_basically_met,
      not_met: r.n_not_met,
      no_data: r.n_no_data,
      rule_missing: r.n_rule_missing,
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
  const rows = await db.query<Row>(
    `WITH us AS (
       SELECT 0 AS self, code, name, kind, parent_code FROM units
       WHERE code = $4 AND valid_from <= $5 AND valid_to >= $5
       UNION ALL
       SELECT 1, code, name, kind, parent_code FROM units
       WHERE parent_code = $4 AND valid_from <= $5 AND valid_to >= $5
     )
     SELECT us.self, us.code, us.name, us.kind, us.parent_code, r.status, r.met_criteria, r.total_criteria,
            r.points, r.criteria_codes, r.n_total, r.n_met, r.n_basically_met, r.n_not_met, r.n_no_data,
            r.n_rule_missing
     FROM us LEFT JOIN evaluation_results r
       ON r.framework_id = $1 AND r.version = $2 AND r.period = $3 AND r.unit_code = us.code
     ORDER BY us.self, us.code`,
    [fw.meta.id, fw.meta.version, fw.period.code, opts.unitCode, treeDate],
  );
  const self = rows[0];
  if (self?.self !== 0) throw await unitMissingError(db, opts.unitCode, treeDate);
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
    unit: { ...unit, parent_code: self.parent_code, ...own },
    rows: rows.slice(1).map(toRow),
  };
}
