/**
 * Data-quality warnings of a period over a unit subtree (cảnh báo chất lượng số liệu): the soft
 * rules of src/quality/rules.ts and the measures' CEL consistency checks, applied to the stored
 * figures, with the officers' explanations. Computed on read from value_current: always current,
 * nothing to keep in step with each write. An explanation covers the figure as it was explained.
 */

import { type Actor, ALL_UNITS, requireRead } from '../access/index.ts';
import { parseCsv } from '../db/csv.ts';
import type { Db } from '../db/database.ts';
import type { ValueCell } from '../engine/evaluate.ts';
import { requirePeriod } from '../engine/periods.ts';
import type { Scalar } from '../engine/rules.ts';
import { AppError } from '../errors.ts';
import { cachedResults } from '../evaluations/cache.ts';
import { entryFor } from '../maps.ts';
import { render, type Text, text } from '../text.ts';
import { descendants, loadTree, type UnitNode, type UnitTree, unitFacts } from '../units/tree.ts';
import { isoTime } from '../values/read.ts';
import { type QualityMeasure, qualityMeasures } from './measures.ts';
import {
  MIN_SIBLINGS,
  outlierWarning,
  previousYearPeriod,
  type QualityKind,
  robustCentre,
  yearOnYearWarning,
} from './rules.ts';

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
  /** How many warnings the list holds (open, or all); `issues` may be one page of them. */
  total: number;
  issues: QualityIssue[];
}

/** A figure of the period, under its unit (the unit and the period are the maps' keys). */
interface Figure {
  measure_id: string;
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

/** What the rules read: the period's figures per unit and measure, and last year's numbers. */
interface QualityFigures {
  now: Map<string, Map<string, Figure>>;
  before: Map<string, Map<string, number | null>>;
}

const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * The figures of `period` and of the same period a year earlier for `units` (every unit: null),
 * read with one `COPY … TO` (on PGlite several times faster than a SELECT of the same rows:
 * a national list reads two periods of every commune).
 */
async function loadFigures(db: Db, period: string, units: string[] | null): Promise<QualityFigures> {
  const previous = previousYearPeriod(period)!;
  const now = new Map<string, Map<string, Figure>>();
  const before = new Map<string, Map<string, number | null>>();
  if (units?.length === 0) return { now, before };
  // A national list reads two periods of every commune (1.2 million rows): each measure's code is
  // kept once, not once per row.
  const codes = new Map<string, string>();
  const once = (code: string) => {
    const known = codes.get(code);
    if (known !== undefined) return known;
    codes.set(code, code);
    return code;
  };
  const csv = await db.copyTo(
    `(SELECT unit_code, measure_id, num, txt, period FROM value_current
      WHERE period IN (${literal(period)}, ${literal(previous)}) AND NOT na
      ${units ? `AND unit_code IN (${units.map(literal).join(', ')})` : ''})`,
  );
  parseCsv(csv, (f) => {
    const [unit, measure, num, txt, p] = f as [string, string, string | null, string | null, string];
    const value = num === null ? null : Number(num);
    const measure_id = once(measure);
    if (p === previous) entryFor(before, unit, () => new Map()).set(measure_id, value);
    else entryFor(now, unit, () => new Map()).set(measure_id, { measure_id, num: value, txt });
  });
  return { now, before };
}

type Found = Pick<QualityIssue, 'unit' | 'measure' | 'kind' | 'message'>;

/**
 * The one rule engine of data quality: applies the default rules (year on year, outliers among
 * the children of one parent) and the measures' consistency checks to the figures of the units in
 * `scope`; `figures` also holds the siblings whose figures count for the outlier score.
 */
function findIssues(opts: {
  tree: UnitTree;
  scope: Set<string>;
  figures: QualityFigures;
  measures: Map<string, QualityMeasure>;
}): Found[] {
  const { tree, scope, measures } = opts;
  const { now, before } = opts.figures;
  const found: Found[] = [];
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
      const prev = before.get(code)?.get(f.measure_id);
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
  for (const [code, own] of now) {
    const parent = tree.byCode.get(code)?.parentCode;
    if (!parent) continue;
    for (const f of own.values()) {
      const measure = measures.get(f.measure_id);
      if (f.num === null || !measure || measure.quality.outliers === false) continue;
      if (measure.type !== 'percent' && measure.type !== 'number') continue;
      const key = `${parent}|${f.measure_id}`;
      const list = groups.get(key) ?? [];
      list.push({ unit: code, num: f.num });
      groups.set(key, list);
    }
  }
  for (const [key, list] of groups) {
    const measureId = key.slice(key.indexOf('|') + 1);
    if (!list.some((x) => scope.has(x.unit))) continue;
    const type = measures.get(measureId)!.type;
    const nums = list.map((x) => x.num);
    if (nums.length < MIN_SIBLINGS) continue;
    const centre = robustCentre(nums);
    for (const x of list) {
      if (!scope.has(x.unit)) continue;
      const w = outlierWarning(x.num, nums, type, centre);
      if (w) found.push({ unit: x.unit, measure: measureId, kind: 'outlier', message: w });
    }
  }
  return found;
}

/** Found warnings with their names, and the officer's note when it covers the figure as it stands. */
function presentIssues(
  found: Found[],
  ctx: {
    period: string;
    tree: UnitTree;
    figures: QualityFigures;
    measures: Map<string, QualityMeasure>;
    explained: Map<string, Explanation>;
  },
): QualityIssue[] {
  const issues = found.map((f) => {
    const e = ctx.explained.get(`${f.unit}|${f.measure}|${f.kind}`);
    const current = ctx.figures.now.get(f.unit)?.get(f.measure)?.num ?? null;
    const explanation =
      e && e.num === current ? { note: e.note, by: e.explained_by, at: e.explained_at } : null;
    const measure = ctx.measures.get(f.measure)!;
    return {
      ...f,
      unit_name: ctx.tree.byCode.get(f.unit)!.name,
      indicator: measure.indicator,
      indicator_name: measure.indicatorName,
      period: ctx.period,
      explanation,
    };
  });
  return issues.sort(
    (a, b) =>
      a.unit.localeCompare(b.unit) ||
      a.indicator.localeCompare(b.indicator, 'vi', { numeric: true }) ||
      a.kind.localeCompare(b.kind),
  );
}

/** The siblings of a subtree's root sit outside it; they count for its outlier score. */
function withSiblings(tree: UnitTree, root: UnitNode | undefined, scope: Set<string>): string[] {
  const siblings = root?.parentCode ? (tree.children.get(root.parentCode) ?? []) : [];
  return [...new Set([...scope, ...siblings.map((u) => u.code)])];
}

/**
 * Every warning of `period` for the units of `unitCode`'s subtree (every unit when omitted:
 * the system only), sorted by unit and indicator. `state`: `open` (default) or `all`. The counts
 * and `total` cover the whole list; `limit`/`offset` page `issues` (all of them without a limit).
 * The list is computed once per results version and subtree (cached), so a page read after the
 * first costs a slice.
 */
export async function listQualityIssues(
  db: Db,
  opts: {
    actor: Actor;
    period: string;
    unitCode?: string;
    state?: 'open' | 'all';
    limit?: number;
    offset?: number;
  },
): Promise<QualityReport> {
  const period = requirePeriod(opts.period);
  const date = period.end;
  if (opts.unitCode) await requireRead(db, opts.actor, { unitCode: opts.unitCode, date });
  else if (opts.actor.userId !== null && !opts.actor.grants.some((g) => g.unitCode === ALL_UNITS))
    throw new AppError('INVALID_REQUEST', text('Cần chọn đơn vị (mã đơn vị)', 'choose a unit'), [
      { field: 'unit', message: text('chưa chọn đơn vị', 'no unit given') },
    ]);
  // The whole list of the subtree is computed once per results version (the figures, the
  // explanations, the tree and the frameworks move it: src/evaluations/cache.ts) and shared by
  // every reader allowed to read the subtree; a page is then a slice of it.
  const issues = await cachedResults(
    db,
    `quality\u0000${period.code}\u0000${opts.unitCode ?? ALL_UNITS}`,
    () => subtreeIssues(db, { period: period.code, date, unitCode: opts.unitCode }),
  );
  const open = issues.filter((i) => !i.explanation);
  const listed = opts.state === 'all' ? issues : open;
  const offset = opts.offset ?? 0;
  return {
    period: period.code,
    unit: opts.unitCode ?? null,
    counts: { open: open.length, explained: issues.length - open.length },
    total: listed.length,
    issues: listed.slice(offset, opts.limit === undefined ? undefined : offset + opts.limit),
  };
}

/** Every warning of the period in `unitCode`'s subtree (every unit when omitted), sorted. */
async function subtreeIssues(
  db: Db,
  opts: { period: string; date: string; unitCode: string | undefined },
): Promise<QualityIssue[]> {
  const tree = await loadTree(db, opts.date);
  const root = opts.unitCode ? tree.byCode.get(opts.unitCode) : undefined;
  const inScope: UnitNode[] = opts.unitCode
    ? root
      ? [root, ...descendants(tree, root.code)]
      : []
    : [...tree.byCode.values()];
  if (inScope.length === 0) return [];
  const scope = new Set(inScope.map((u) => u.code));
  const figures = await loadFigures(db, opts.period, root ? withSiblings(tree, root, scope) : null);
  const measures = await qualityMeasures(db, opts.date);
  const found = findIssues({ tree, scope, figures, measures });
  const explained = await explanationsOf(db, opts.period, root ? [...scope] : null);
  return presentIssues(found, { period: opts.period, tree, figures, measures, explained });
}

/** A warning a figure being typed would raise, before it is stored. */
export type FigureWarning = Pick<
  QualityIssue,
  'indicator' | 'indicator_name' | 'measure' | 'kind' | 'message' | 'explanation'
>;

/**
 * The warnings a unit's figure would raise if it were `cell` (kiểm tra khi nhập), by the same
 * rules as the list: the figure's own warnings, and consistency warnings it would newly cause on
 * the unit's other figures. Nothing is stored. `cell` null: the figure as stored.
 */
export async function figureWarnings(
  db: Db,
  opts: { period: string; unitCode: string; measureId: string; cell: ValueCell | null },
): Promise<FigureWarning[]> {
  const period = requirePeriod(opts.period);
  const tree = await loadTree(db, period.end);
  const unit = tree.byCode.get(opts.unitCode);
  if (!unit) return [];
  const scope = new Set([unit.code]);
  const figures = await loadFigures(db, period.code, withSiblings(tree, unit, scope));
  const measures = await qualityMeasures(db, period.end);
  if (!measures.has(opts.measureId)) return [];
  const key = (f: Found) => `${f.measure}|${f.kind}|${render(f.message, 'vi')}`;
  const stored = new Set(findIssues({ tree, scope, figures, measures }).map(key));
  if (opts.cell) {
    const own = figures.now.get(unit.code) ?? new Map<string, Figure>();
    if (opts.cell.na) own.delete(opts.measureId);
    else own.set(opts.measureId, { measure_id: opts.measureId, num: opts.cell.num, txt: opts.cell.txt });
    figures.now.set(unit.code, own);
  }
  const found = findIssues({ tree, scope, figures, measures }).filter(
    (f) => f.measure === opts.measureId || (f.kind === 'consistency' && !stored.has(key(f))),
  );
  const explained = await explanationsOf(db, period.code, [unit.code]);
  return presentIssues(found, { period: period.code, tree, figures, measures, explained }).map((i) => ({
    indicator: i.indicator,
    indicator_name: i.indicator_name,
    measure: i.measure,
    kind: i.kind,
    message: i.message,
    explanation: i.explanation,
  }));
}

function scalarOf(f: Figure, measure: QualityMeasure | undefined): Scalar | null {
  if (f.num !== null) return measure?.type === 'boolean' ? f.num === 1 : f.num;
  return f.txt;
}

/** The explanations of `period` for `units` (every unit: null). */
async function explanationsOf(
  db: Db,
  period: string,
  units: string[] | null,
): Promise<Map<string, Explanation>> {
  const rows = await db.query<Explanation>(
    `SELECT e.unit_code, e.measure_id, e.kind, e.num, e.note, coalesce(u.display_name, e.explained_by) AS explained_by,
       ${isoTime('e.explained_at')} AS explained_at
     FROM quality_explanations e LEFT JOIN users u ON u.username = e.explained_by
     WHERE e.period = $1 AND ($2::text[] IS NULL OR e.unit_code = ANY($2))`,
    [period, units],
  );
  return new Map(rows.map((r) => [`${r.unit_code}|${r.measure_id}|${r.kind}`, r]));
}
