/**
 * Data-quality warnings of a period over a unit subtree (cảnh báo chất lượng số liệu): the soft
 * rules of src/quality/rules.ts and the measures' CEL consistency checks, applied to the stored
 * figures, with the officers' explanations. Computed on read from value_current: always current,
 * nothing to keep in step with each write. An explanation covers the figure as it was explained.
 */
import { type Actor, ALL_UNITS, requireRead } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { requirePeriod } from '../engine/periods.ts';
import type { Scalar } from '../engine/rules.ts';
import { AppError } from '../errors.ts';
import { type Text, text } from '../text.ts';
import { descendants, loadTree, type UnitNode, unitFacts } from '../units/tree.ts';
import { isoTime } from '../values/read.ts';
import { type QualityMeasure, qualityMeasures } from './measures.ts';
import { outlierWarning, previousYearPeriod, type QualityKind, yearOnYearWarning } from './rules.ts';

export interface QualityIssue {
  unit: string;
  unit_name: string;
  indicator: string;
  indicator_name: string;
  measure: string;
  period: string;
  kind: QualityKind;
  message: Text;
  /** The officer's note, when the warning is explained (and the figure has not changed since). */
  explanation: { note: string; by: string; at: string } | null;
}

export interface QualityReport {
  period: string;
  unit: string | null;
  counts: { open: number; explained: number };
  issues: QualityIssue[];
}

interface Figure {
  unit_code: string;
  measure_id: string;
  period: string;
  num: number | null;
  txt: string | null;
}

interface Explanation {
  unit_code: string;
  measure_id: string;
  kind: string;
  num: number | null;
  note: string;
  explained_by: string;
  explained_at: string;
}

/**
 * Every warning of `period` for the units of `unitCode`'s subtree (every unit when omitted:
 * the system only), sorted by unit and indicator. `state`: `open` (default) or `all`.
 */
export async function listQualityIssues(
  db: Db,
  opts: { actor: Actor; period: string; unitCode?: string; state?: 'open' | 'all' },
): Promise<QualityReport> {
  const period = requirePeriod(opts.period);
  const date = period.end;
  if (opts.unitCode) await requireRead(db, opts.actor, { unitCode: opts.unitCode, date });
  else if (opts.actor.userId !== null && !opts.actor.grants.some((g) => g.unitCode === ALL_UNITS))
    throw new AppError('INVALID_REQUEST', text('Cần chọn đơn vị (mã đơn vị)', 'choose a unit'), [
      { field: 'unit', message: text('chưa chọn đơn vị', 'no unit given') },
    ]);
  const tree = await loadTree(db, date);
  const root = opts.unitCode ? tree.byCode.get(opts.unitCode) : undefined;
  const inScope: UnitNode[] = opts.unitCode
    ? root
      ? [root, ...descendants(tree, root.code)]
      : []
    : [...tree.byCode.values()];
  if (inScope.length === 0)
    return {
      period: period.code,
      unit: opts.unitCode ?? null,
      counts: { open: 0, explained: 0 },
      issues: [],
    };
  const scope = new Set(inScope.map((u) => u.code));
  // Siblings of the subtree's root sit outside it; they count for its outlier score.
  const parentOfRoot = root?.parentCode ? (tree.children.get(root.parentCode) ?? []) : [];
  const loaded = [...new Set([...scope, ...parentOfRoot.map((u) => u.code)])];
  const previous = previousYearPeriod(period.code)!;
  const figures = await db.query<Figure>(
    `SELECT unit_code, measure_id, period, num, txt FROM value_current
     WHERE period = ANY($1) AND unit_code = ANY($2) AND NOT na`,
    [[period.code, previous], loaded],
  );
  const measures = await qualityMeasures(db, date);
  const now = new Map<string, Map<string, Figure>>();
  const before = new Map<string, number | null>();
  for (const f of figures) {
    if (f.period === previous) before.set(`${f.unit_code}|${f.measure_id}`, f.num);
    else {
      const byMeasure = now.get(f.unit_code) ?? new Map<string, Figure>();
      byMeasure.set(f.measure_id, f);
      now.set(f.unit_code, byMeasure);
    }
  }
  const found: Array<
    Omit<QualityIssue, 'explanation' | 'unit_name' | 'indicator' | 'indicator_name' | 'period'>
  > = [];
  // Year on year, and consistency checks, unit by unit.
  for (const code of scope) {
    const own = now.get(code);
    if (!own) continue;
    const unit = tree.byCode.get(code)!;
    const m: Record<string, Scalar> = {};
    for (const f of own.values()) {
      const v = scalarOf(f, measures.get(f.measure_id));
      if (v !== null) m[f.measure_id] = v;
    }
    for (const f of own.values()) {
      const measure = measures.get(f.measure_id);
      if (!measure) continue;
      const prev = before.get(`${code}|${f.measure_id}`);
      if (f.num !== null && prev !== undefined && prev !== null) {
        const w = yearOnYearWarning({
          type: measure.type,
          current: f.num,
          previous: prev,
          changePoints: measure.quality.change_points,
          changePct: measure.quality.change_pct,
        });
        if (w) found.push({ unit: code, measure: f.measure_id, kind: 'change', message: w });
      }
      const failed = measure.checks.filter(
        (c) => c.run({ value: m[f.measure_id]!, m, unit: unitFacts(unit) }) === false,
      );
      if (failed.length > 0) {
        const words = failed.map((c) => c.message).join('; ');
        found.push({ unit: code, measure: f.measure_id, kind: 'consistency', message: text(words, words) });
      }
    }
  }
  // Outliers among the children of one parent, for each measure with enough of them.
  const groups = new Map<string, Array<{ unit: string; num: number }>>();
  for (const code of loaded) {
    const parent = tree.byCode.get(code)?.parentCode;
    if (!parent) continue;
    for (const f of now.get(code)?.values() ?? []) {
      const measure = measures.get(f.measure_id);
      if (f.num === null || !measure || measure.quality.outliers === false) continue;
      if (measure.type !== 'percent' && measure.type !== 'number') continue;
      const key = `${parent}|${f.measure_id}`;
      groups.set(key, [...(groups.get(key) ?? []), { unit: code, num: f.num }]);
    }
  }
  for (const [key, list] of groups) {
    const measureId = key.slice(key.indexOf('|') + 1);
    const type = measures.get(measureId)!.type;
    const nums = list.map((x) => x.num);
    for (const x of list) {
      if (!scope.has(x.unit)) continue;
      const w = outlierWarning(x.num, nums, type);
      if (w) found.push({ unit: x.unit, measure: measureId, kind: 'outlier', message: w });
    }
  }
  const explained = await explanationsOf(db, period.code, [...scope]);
  const issues: QualityIssue[] = [];
  for (const f of found) {
    const e = explained.get(`${f.unit}|${f.measure}|${f.kind}`);
    const current = now.get(f.unit)?.get(f.measure)?.num ?? null;
    const explanation =
      e && e.num === current ? { note: e.note, by: e.explained_by, at: e.explained_at } : null;
    const measure = measures.get(f.measure)!;
    issues.push({
      ...f,
      unit_name: tree.byCode.get(f.unit)!.name,
      indicator: measure.indicator,
      indicator_name: measure.indicatorName,
      period: period.code,
      explanation,
    });
  }
  issues.sort(
    (a, b) =>
      a.unit.localeCompare(b.unit) ||
      a.indicator.localeCompare(b.indicator, 'vi', { numeric: true }) ||
      a.kind.localeCompare(b.kind),
  );
  const open = issues.filter((i) => !i.explanation).length;
  return {
    period: period.code,
    unit: opts.unitCode ?? null,
    counts: { open, explained: issues.length - open },
    issues: opts.state === 'all' ? issues : issues.filter((i) => !i.explanation),
  };
}

function scalarOf(f: Figure, measure: QualityMeasure | undefined): Scalar | null {
  if (f.num !== null) return measure?.type === 'boolean' ? f.num === 1 : f.num;
  return f.txt;
}

async function explanationsOf(db: Db, period: string, units: string[]): Promise<Map<string, Explanation>> {
  const rows = await db.query<Explanation>(
    `SELECT e.unit_code, e.measure_id, e.kind, e.num, e.note, coalesce(u.display_name, e.explained_by) AS explained_by,
       ${isoTime('e.explained_at')} AS explained_at
     FROM quality_explanations e LEFT JOIN users u ON u.username = e.explained_by
     WHERE e.period = $1 AND e.unit_code = ANY($2)`,
    [period, units],
  );
  return new Map(rows.map((r) => [`${r.unit_code}|${r.measure_id}|${r.kind}`, r]));
}
