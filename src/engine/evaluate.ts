import type { Derived, ValueType } from '../frameworks/schema.ts';
import type { CompiledCriterion, CompiledFramework, CompiledIndicator } from './framework.ts';
import type { Gap } from './gap.ts';
import { type CompiledRule, formatScalar, type Scalar, type UnitFacts } from './rules.ts';
import { type Status, statusLetter, Tally, worstStatus } from './status.ts';

/** A stored figure: numbers and booleans (1/0) in num, text and dates in txt; na = "không áp dụng". */
export interface ValueCell {
  num: number | null;
  txt: string | null;
  na: boolean;
}

export interface UnitRef {
  code: string;
  name: string;
  kind: string;
  facts: UnitFacts;
}

/** What the engine needs to evaluate one unit: its figures and its derived facts. */
export interface EvalInput {
  unit: UnitRef;
  value(measure: string): ValueCell | undefined;
  /** A derived fact; null when it does not apply to the unit (no unit to count, `if_none`). */
  derived(spec: Derived): Scalar | null | undefined;
}

export interface IndicatorResult {
  code: string;
  name: string;
  status: Status;
  value: Scalar | null;
  /** Display unit of the figure ("%", "triệu đồng/người/năm"), null when none. */
  unit: string | null;
  /** The threshold that applied to this unit, in words ("≥ 90%"). */
  threshold: string;
  reason: string;
  /** What it takes to meet the rule (failing indicators only, with explanations). */
  gap?: Gap;
  parts?: IndicatorResult[];
}

export interface CriterionResult {
  no: string;
  name: string;
  status: Status;
  indicators: IndicatorResult[];
}

export interface UnitEvaluation {
  status: Status;
  applicable: boolean;
  metCriteria: number;
  totalCriteria: number;
  points: number | null;
  band: string | null;
  /** One status letter per criterion, in framework order. */
  criteriaLetters: string;
  /** One status letter per indicator (criteria's, then conditions). */
  indicatorLetters: string;
  criteria?: CriterionResult[];
  conditions?: IndicatorResult[];
}

/** Converts a stored cell to the indicator's type; undefined = no figure. */
export function cellToScalar(cell: ValueCell | undefined, type: ValueType): Scalar | undefined {
  if (!cell) return undefined;
  switch (type) {
    case 'boolean':
      return cell.num === null ? undefined : cell.num !== 0;
    case 'number':
    case 'percent':
    case 'level':
      return cell.num ?? undefined;
    default:
      return cell.txt ?? undefined;
  }
}

function ruleFor(ind: CompiledIndicator, unit: UnitFacts, groupAttr: string): CompiledRule {
  if (ind.byGroup.size > 0) {
    const g = unit[groupAttr];
    const r = g === undefined ? undefined : ind.byGroup.get(g);
    if (r) return r;
  }
  if (ind.byRegion.size > 0) {
    const reg = unit.region;
    const r = reg === undefined ? undefined : ind.byRegion.get(reg);
    if (r) return r;
  }
  return ind.rule;
}

interface Outcome {
  status: Status;
  value: Scalar | null;
  rule: CompiledRule | null;
  reason: string;
  gap?: Gap;
  parts?: IndicatorResult[];
}

function outcome(status: Status, value: Scalar | null, rule: CompiledRule | null, reason: string): Outcome {
  return { status, value, rule, reason };
}

function evaluateIndicator(
  ind: CompiledIndicator,
  input: EvalInput,
  groupAttr: string,
  explain: boolean,
): Outcome {
  const facts = input.unit.facts;
  if (ind.appliesIf) {
    const a = ind.appliesIf(facts);
    if (a instanceof Error)
      return outcome('no_data', null, null, `Không xét được điều kiện áp dụng: ${a.message}`);
    if (!a) return outcome('not_applicable', null, null, 'không áp dụng cho đơn vị này');
  }
  if (ind.parts) {
    const parts = ind.parts.map((p) => {
      const o = evaluateIndicator(p, input, groupAttr, explain);
      return toResult(p, o, explain, facts);
    });
    const status = worstStatus(parts.map((p) => p.status));
    const reason = explain
      ? parts
          .filter((p) => p.status !== 'met' && p.status !== 'not_applicable')
          .map((p) => `${p.name}: ${p.reason}`)
          .join('; ') || 'mọi nội dung đạt'
      : '';
    return { status, value: null, rule: null, reason, parts };
  }
  const rule = ruleFor(ind, facts, groupAttr);
  if (rule.kind === 'not_applicable')
    return outcome('not_applicable', null, rule, 'không áp dụng cho đơn vị này');
  let value: Scalar | undefined;
  if (ind.derived) {
    const fact = input.derived(ind.derived);
    if (fact === null) return outcome('not_applicable', null, rule, 'không có đơn vị nào để tính');
    value = fact;
  } else {
    const cell = input.value(ind.measure!);
    if (cell?.na) return outcome('not_applicable', null, rule, 'đơn vị ghi "không áp dụng"');
    value = cellToScalar(cell, ind.type);
  }
  if (value === undefined) {
    if (rule.kind === 'missing')
      return outcome('rule_missing', null, rule, 'chưa có ngưỡng và chưa có số liệu');
    return outcome('no_data', null, rule, 'chưa có số liệu');
  }
  if (rule.kind === 'missing' && ind.maxPoints !== null && typeof value === 'number') {
    // A scored item (100-point frames): the figure is the score, capped at its maximum.
    return outcome(
      'met',
      value,
      rule,
      explain ? `${formatScalar(Math.min(value, ind.maxPoints))}/${ind.maxPoints} điểm` : '',
    );
  }
  if (rule.kind === 'missing') {
    const shown = explain ? formatScalar(value, ind.type, ind.unit) : '';
    return outcome('rule_missing', value, rule, `${shown}: chưa có ngưỡng trong văn bản đã nhập`);
  }
  const ok = rule.check(value, facts);
  if (ok instanceof Error) return outcome('no_data', value, rule, `Không tính được quy tắc: ${ok.message}`);
  if (ok) return outcome('met', value, rule, explain ? rule.explain(value, true, ind.type, ind.unit) : '');
  if (ind.basic) {
    const b = ind.basic.check(value, facts);
    if (b === true)
      return withGap(
        outcome(
          'basically_met',
          value,
          rule,
          explain ? `${rule.explain(value, false, ind.type, ind.unit)}; cơ bản đạt (${ind.basic.text})` : '',
        ),
        explain ? rule.gap(value, ind.type, ind.unit, facts) : null,
      );
  }
  return withGap(
    outcome('not_met', value, rule, explain ? rule.explain(value, false, ind.type, ind.unit) : ''),
    explain ? rule.gap(value, ind.type, ind.unit, facts) : null,
  );
}

function withGap(o: Outcome, gap: Gap | null): Outcome {
  if (gap) o.gap = gap;
  return o;
}

function toResult(ind: CompiledIndicator, o: Outcome, explain: boolean, facts: UnitFacts): IndicatorResult {
  const r: IndicatorResult = {
    code: ind.code,
    name: ind.name,
    status: o.status,
    value: o.value,
    unit: ind.unit ?? (ind.type === 'percent' ? '%' : null),
    threshold: explain && o.rule ? o.rule.describe(ind.type, ind.unit, facts) : '',
    reason: o.reason,
  };
  if (o.gap) r.gap = o.gap;
  if (o.parts) r.parts = o.parts;
  return r;
}

function combineCriterion(c: CompiledCriterion, statuses: Tally): Status {
  if (c.indicators.length === 0) return 'rule_missing';
  if (statuses.applicable === 0) return 'not_applicable';
  const policy = c.def.policy;
  if (policy === 'all') return statuses.worst();
  return statuses.atLeast(policy.min_met);
}

/**
 * Evaluates one unit under a compiled framework: indicator → criterion → framework, by the
 * framework's policy. With `explain` false only statuses and counts are produced (full passes).
 */
export function evaluateUnit(fw: CompiledFramework, input: EvalInput, explain = false): UnitEvaluation {
  const facts = input.unit.facts;
  if (!fw.appliesTo.has(input.unit.kind)) {
    return {
      status: 'not_applicable',
      applicable: false,
      metCriteria: 0,
      totalCriteria: 0,
      points: null,
      band: null,
      criteriaLetters: '',
      indicatorLetters: '',
    };
  }
  // Letters gathered in arrays and joined once: `+=` per indicator left a chain of ~60 string
  // pieces per unit alive until the pass stored its rows (most of a full pass's garbage).
  const criteriaLetters: string[] = [];
  const indicatorLetters: string[] = [];
  const criteriaStatus: Status[] = [];
  const criteriaTally = new Tally();
  const criteriaResults: CriterionResult[] = [];
  let points = 0;
  let pointsUndecided = false;
  for (const c of fw.criteria) {
    let cStatus: Status;
    const indResults: IndicatorResult[] = [];
    const skip = c.appliesIf ? c.appliesIf(facts) : true;
    if (skip !== true) {
      cStatus = skip instanceof Error ? 'no_data' : 'not_applicable';
      for (const ind of c.indicators) {
        indicatorLetters.push(statusLetter(cStatus));
        if (explain)
          indResults.push(
            toResult(
              ind,
              outcome(cStatus, null, null, skip instanceof Error ? skip.message : 'tiêu chí không áp dụng'),
              true,
              facts,
            ),
          );
      }
    } else {
      const statuses = new Tally();
      for (const ind of c.indicators) {
        const o = evaluateIndicator(ind, input, fw.groupAttribute, explain);
        statuses.add(o.status);
        indicatorLetters.push(statusLetter(o.status));
        if (explain) indResults.push(toResult(ind, o, true, facts));
        if (ind.points !== null && o.status === 'met') points += ind.points;
        if (ind.maxPoints !== null) {
          if (typeof o.value === 'number') points += Math.max(0, Math.min(ind.maxPoints, o.value));
          else if (o.status !== 'not_applicable') pointsUndecided = true;
        }
      }
      cStatus = combineCriterion(c, statuses);
    }
    criteriaStatus.push(cStatus);
    criteriaTally.add(cStatus);
    criteriaLetters.push(statusLetter(cStatus));
    if (explain) criteriaResults.push({ no: c.no, name: c.name, status: cStatus, indicators: indResults });
  }
  const conditionStatus = new Tally();
  const conditionResults: IndicatorResult[] = [];
  for (const ind of fw.conditions) {
    const o = evaluateIndicator(ind, input, fw.groupAttribute, explain);
    conditionStatus.add(o.status);
    indicatorLetters.push(statusLetter(o.status));
    if (explain) conditionResults.push(toResult(ind, o, true, facts));
  }

  const applicable = criteriaTally.applicable;
  let status: Status;
  let band: string | null = null;
  let total: number | null = null;
  const policy = fw.def.policy;
  if (policy === 'all') {
    status = criteriaTally.worst();
  } else if ('mandatory' in policy) {
    const mandatory = new Set(policy.mandatory);
    const m = new Tally();
    const opt = new Tally();
    fw.criteria.forEach((c, i) => {
      (mandatory.has(c.no) ? m : opt).add(criteriaStatus[i]!);
    });
    m.add(policy.optional_min > 0 ? opt.atLeast(policy.optional_min) : 'met');
    status = m.worst();
  } else {
    total = points;
    if (pointsUndecided) status = 'no_data';
    else status = points >= policy.points_min ? 'met' : 'not_met';
    const sorted = [...policy.bands].sort((a, b) => b.min - a.min);
    band = pointsUndecided ? null : (sorted.find((b) => points >= b.min)?.label ?? null);
    // A criterion that cannot be decided still blocks a points verdict.
    if (status === 'met' && criteriaTally.count('rule_missing') > 0) status = 'rule_missing';
    else if (status === 'met' && criteriaTally.count('no_data') > 0) status = 'no_data';
  }
  if (fw.conditions.length > 0) {
    conditionStatus.add(status);
    status = conditionStatus.worst();
  }
  if (applicable === 0 && fw.conditions.length === 0) status = 'not_applicable';

  const result: UnitEvaluation = {
    status,
    applicable: true,
    metCriteria: criteriaTally.count('met'),
    totalCriteria: applicable,
    points: total,
    band,
    criteriaLetters: criteriaLetters.join(''),
    indicatorLetters: indicatorLetters.join(''),
  };
  if (explain) {
    result.criteria = criteriaResults;
    result.conditions = conditionResults;
  }
  return result;
}
