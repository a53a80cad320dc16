import { type Actor, readLevels, requireRead } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { evaluateUnit, type IndicatorResult } from '../engine/evaluate.ts';
import type { Status } from '../engine/status.ts';
import { AppError } from '../errors.ts';
import { requireFramework, requireFrameworkForPeriod } from '../frameworks/store.ts';
import { text } from '../text.ts';
import { loadChain, type UnitNode, unitHistory } from '../units/tree.ts';
import { ensureFreshRun } from './fresh.ts';
import { loadDependencies, loadValues, unitInput } from './inputs.ts';
import { readRun } from './runs.ts';

/** The JSON contract of `tieuchi evaluate --format json` and the evaluations API. */
export interface EvaluationReport {
  /** The version that judged the period (in force on its last day) and its legal basis. */
  framework: {
    id: string;
    version: number;
    name: string;
    in_force_from: string;
    legal_basis: Array<{ number: string; date: string | null; part: string | null }>;
  };
  period: string;
  tree_date: string;
  results: UnitResultJson[];
}

export interface UnitResultJson {
  unit: { code: string; name: string; kind: string; parent_code: string | null };
  status: Status;
  met_criteria: number;
  total_criteria: number;
  points?: number;
  band?: string;
  criteria: Array<{ no: string; name: string; status: Status; indicators: IndicatorJson[] }>;
  conditions?: IndicatorJson[];
  children?: {
    total: number;
    met: number;
    basically_met: number;
    not_met: number;
    no_data: number;
    rule_missing: number;
  };
}

export interface IndicatorJson {
  code: string;
  name: string;
  value: number | boolean | string | null;
  unit: string | null;
  status: Status;
  threshold: string;
  reason: string;
  /**
   * Failing indicators only: the signed change of the value that meets the rule (null when the
   * rule is not a number to reach), how close that is (|gap| / figure that meets it) and words.
   */
  gap?: number | null;
  gap_relative?: number | null;
  gap_text?: string;
  /** A part (nội dung) has no parts of its own. */
  parts?: Array<Omit<IndicatorJson, 'parts'>>;
}

function indicatorJson(i: IndicatorResult): IndicatorJson {
  const out: IndicatorJson = {
    code: i.code,
    name: i.name,
    value: i.value,
    unit: i.unit,
    status: i.status,
    threshold: i.threshold,
    reason: i.reason,
  };
  if (i.gap) {
    out.gap = i.gap.amount;
    out.gap_relative = i.gap.relative;
    out.gap_text = i.gap.text;
  }
  if (i.parts) out.parts = i.parts.map(indicatorJson);
  return out;
}

interface StoredRow {
  unit_code: string;
  status: Status;
  applicable: boolean;
  n_total: number;
  n_met: number;
  n_basically_met: number;
  n_not_met: number;
  n_no_data: number;
  n_rule_missing: number;
}

const unitColumns =
  'code, name, kind, parent_code, attributes, valid_from::text AS valid_from, valid_to::text AS valid_to, successors';

/**
 * Evaluation of a unit and its direct children (or of every unit, without `unitCode`) for a
 * framework and period, with each indicator's value, threshold, status and reason, under the
 * version in force on the period's last day. Stored results are brought up to date first.
 * With `version` (a dossier keeps the version it was assessed under), that version judges the
 * unit even if an amendment now governs the period; its stored run is read as it stands.
 */
export async function readEvaluation(
  db: Db,
  opts: { frameworkId: string; period: string; unitCode?: string; version?: number; actor: Actor },
): Promise<EvaluationReport> {
  const inForce = await requireFrameworkForPeriod(db, opts.frameworkId, opts.period);
  const { period } = inForce;
  const pinned = opts.version !== undefined && opts.version !== inForce.meta.version;
  const fw = pinned ? await requireFramework(db, opts.frameworkId, opts.version) : inForce;
  // Fresh runs are checked by primary key; only stale or missing ones cost a full pass.
  const treeDate = pinned
    ? ((await readRun(db, fw.meta.id, fw.meta.version, period.code))?.treeDate ?? period.end)
    : await ensureFreshRun(db, fw, period);

  let nodes: UnitNode[];
  if (opts.unitCode) {
    const chain = await loadChain(db, opts.unitCode, treeDate);
    const self = chain[0];
    if (!self) {
      const history = await unitHistory(db, opts.unitCode);
      throw new AppError(
        history.length ? 'UNIT_NOT_IN_PERIOD' : 'UNIT_NOT_FOUND',
        history.length
          ? `Đơn vị ${opts.unitCode} không tồn tại ngày ${treeDate} (kỳ ${period.code}); hiệu lực: ${history
              .map((h) => `${h.name} ${h.validFrom ?? '…'} – ${h.validTo ?? '…'}`)
              .join('; ')}`
          : text(`Không có đơn vị với mã ${opts.unitCode}`, `unknown unit`),
      );
    }
    const children = await db.query<Record<string, unknown>>(
      `SELECT ${unitColumns} FROM units WHERE parent_code = $1 AND valid_from <= $2 AND valid_to >= $2 ORDER BY code`,
      [self.code, treeDate],
    );
    nodes = [self, ...children.map(rowToNode)];
  } else {
    const rows = await db.query<Record<string, unknown>>(
      `SELECT ${unitColumns.replaceAll(/(^|, )(\w+)/g, '$1u.$2')} FROM units u
       JOIN evaluation_results r ON r.unit_code = u.code AND r.framework_id = $1 AND r.version = $2 AND r.period = $3
       WHERE u.valid_from <= $4 AND u.valid_to >= $4 ORDER BY u.code`,
      [fw.meta.id, fw.meta.version, period.code, treeDate],
    );
    nodes = rows.map(rowToNode);
  }
  // Read scoping: the asked unit needs at least its summary; children and the whole-tree listing
  // keep only what the actor may read, summaries stripped of figures.
  const levels = await readLevels(
    db,
    opts.actor,
    nodes.map((n) => n.code),
    treeDate,
  );
  if (opts.unitCode && levels.get(opts.unitCode) === 'none')
    await requireRead(db, opts.actor, { unitCode: opts.unitCode, date: treeDate, level: 'summary' });
  nodes = nodes.filter((n) => levels.get(n.code) !== 'none');
  const codes = nodes.map((n) => n.code);
  const stored = new Map(
    (
      await db.query<StoredRow>(
        `SELECT unit_code, status, applicable, n_total, n_met, n_basically_met, n_not_met, n_no_data, n_rule_missing
         FROM evaluation_results WHERE framework_id = $1 AND version = $2 AND period = $3 AND unit_code = ANY($4)`,
        [fw.meta.id, fw.meta.version, period.code, codes],
      )
    ).map((r) => [r.unit_code, r]),
  );
  const c = fw.compiled;
  const applicableCodes = nodes.filter((n) => c.appliesTo.has(n.kind)).map((n) => n.code);
  const values =
    c.measures.length > 0 && applicableCodes.length > 0
      ? await loadValues(db, { period: period.code, measures: c.measures, units: applicableCodes })
      : new Map();
  const deps = await loadDependencies(db, c, { period: period.code, units: applicableCodes });
  const results = nodes.map((node): UnitResultJson => {
    const row = stored.get(node.code);
    const ev = evaluateUnit(c, unitInput(node, values.get(node.code), deps), true);
    const out: UnitResultJson = {
      unit: { code: node.code, name: node.name, kind: node.kind, parent_code: node.parentCode },
      status: ev.status,
      met_criteria: ev.metCriteria,
      total_criteria: ev.totalCriteria,
      criteria: (ev.criteria ?? []).map((cr) => ({
        no: cr.no,
        name: cr.name,
        status: cr.status,
        indicators: cr.indicators.map(indicatorJson),
      })),
    };
    if (ev.conditions && ev.conditions.length > 0) out.conditions = ev.conditions.map(indicatorJson);
    if (ev.points !== null) out.points = ev.points;
    if (ev.band) out.band = ev.band;
    if (row && row.n_total > 0)
      out.children = {
        total: row.n_total,
        met: row.n_met,
        basically_met: row.n_basically_met,
        not_met: row.n_not_met,
        no_data: row.n_no_data,
        rule_missing: row.n_rule_missing,
      };
    return levels.get(node.code) === 'summary' ? summaryOnly(out) : out;
  });
  return {
    framework: {
      id: fw.meta.id,
      version: fw.meta.version,
      name: fw.meta.name,
      in_force_from: fw.meta.inForceFrom,
      legal_basis: fw.def.legal_basis.map((b) => ({
        number: b.number,
        date: b.date ?? null,
        part: b.part ?? null,
      })),
    },
    period: period.code,
    tree_date: treeDate,
    results,
  };
}

/** A unit's headline result without its figures (an ancestor of the actor's grants). */
function summaryOnly(r: UnitResultJson): UnitResultJson {
  const { conditions: _c, points: _p, ...rest } = r;
  return { ...rest, criteria: [] };
}

function rowToNode(r: Record<string, unknown>): UnitNode {
  return {
    code: r.code as string,
    name: r.name as string,
    kind: r.kind as string,
    parentCode: (r.parent_code as string | null) ?? null,
    attributes: (r.attributes as Record<string, string>) ?? {},
    validFrom: r.valid_from as string,
    validTo: r.valid_to as string,
    successors: (r.successors as string[]) ?? [],
  };
}
