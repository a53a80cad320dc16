import { type CelMap, celEnv, celMap, isCelError, parse, plan } from '@bufbuild/cel';
import type { Rule, Threshold, ValueType } from '../frameworks/schema.ts';
import { type Text, text } from '../text.ts';
import { type Gap, thresholdGap, wordsGap } from './gap.ts';
import { celInWords, ruleInLegalText } from './rule-words.ts';

/** A figure as the engine sees it: number (also percent, level), boolean, or text/date. */
export type Scalar = number | boolean | string;

/** The unit facts a rule may read: code, name, kind and every attribute (as strings). */
export type UnitFacts = Record<string, string>;

/** A compiled rule. `check` answers whether the value meets it; `explain` says why. */
export interface CompiledRule {
  kind: 'threshold' | 'cel' | 'not_applicable' | 'missing';
  /** Human-readable threshold without units, e.g. "≥ 90"; empty when missing. */
  text: string;
  /**
   * The threshold in words with the indicator's unit, e.g. "≥ 90%"; with a unit's facts, only
   * what applies to that unit (a CEL rule with branches per kind or region).
   */
  describe(type: ValueType, unitLabel: string | null | undefined, unit?: UnitFacts): string;
  check(value: Scalar, unit: UnitFacts): boolean | Error;
  explain(value: Scalar, met: boolean, type: ValueType, unitLabel: string | null | undefined): string;
  /** What it takes to meet the rule from a failing value (src/engine/gap.ts); null when met or none. */
  gap(value: Scalar, type: ValueType, unitLabel: string | null | undefined, unit?: UnitFacts): Gap | null;
}

const numberFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

/** Formats a figure the Vietnamese way: 75,8 — có / không — 92%. */
export function formatScalar(value: Scalar, type?: ValueType, unitLabel?: string | null): string {
  if (typeof value === 'boolean') return value ? 'có' : 'không';
  if (typeof value === 'number') {
    const n = numberFormat.format(value);
    if (type === 'percent' || unitLabel === '%') return `${n}%`;
    return n;
  }
  return value;
}

const negated: Record<string, string> = { '>=': '<', '>': '≤', '<=': '>', '<': '≥', '==': '≠', '!=': '=' };
const shown: Record<string, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '==': '=', '!=': '≠' };

type Op = '>=' | '>' | '<=' | '<' | '==' | '!=';

/** Whether `v op bound` holds; order comparisons hold for numbers only. */
function comparison(op: Op, bound: Scalar): (v: Scalar) => boolean {
  if (op === '==') return (v) => v === bound;
  if (op === '!=') return (v) => v !== bound;
  if (typeof bound !== 'number') return () => false;
  switch (op) {
    case '>=':
      return (v) => typeof v === 'number' && v >= bound;
    case '>':
      return (v) => typeof v === 'number' && v > bound;
    case '<=':
      return (v) => typeof v === 'number' && v <= bound;
    default:
      return (v) => typeof v === 'number' && v < bound;
  }
}

function thresholdRule(t: Threshold): CompiledRule {
  const tests: Array<{
    holds: (v: Scalar) => boolean;
    ok: (v: string, f: (x: Scalar) => string) => string;
    ko: (v: string, f: (x: Scalar) => string) => string;
    text: (f: (x: Scalar) => string) => string;
  }> = [];
  for (const op of ['>=', '>', '<=', '<', '==', '!='] as const) {
    const bound = t[op];
    if (bound === undefined) continue;
    tests.push({
      holds: comparison(op, bound),
      ok: (v, f) => `${v} ${shown[op]} ${f(bound)}`,
      ko: (v, f) => `${v} ${negated[op]} ${f(bound)}`,
      text: (f) => `${shown[op]} ${f(bound)}`,
    });
  }
  if (t.between) {
    const [lo, hi] = t.between;
    tests.push({
      holds: (v) => typeof v === 'number' && v >= lo && v <= hi,
      ok: (v, f) => `${v} trong [${f(lo)}; ${f(hi)}]`,
      ko: (v, f) => `${v} ngoài [${f(lo)}; ${f(hi)}]`,
      text: (f) => `trong [${f(lo)}; ${f(hi)}]`,
    });
  }
  if (t.in) {
    const set = t.in;
    tests.push({
      holds: (v) => set.includes(v),
      ok: (v, f) => `${v} thuộc {${set.map(f).join(', ')}}`,
      ko: (v, f) => `${v} không thuộc {${set.map(f).join(', ')}}`,
      text: (f) => `thuộc {${set.map(f).join(', ')}}`,
    });
  }
  // Booleans read best as "yêu cầu: có" rather than "= có".
  const isBoolEq = tests.length === 1 && typeof t['=='] === 'boolean';
  return {
    kind: 'threshold',
    text: isBoolEq
      ? formatScalar(t['=='] as boolean)
      : tests.map((x) => x.text((s) => formatScalar(s))).join('; '),
    describe(type, unitLabel) {
      if (isBoolEq) return formatScalar(t['=='] as boolean);
      return tests.map((x) => x.text((s) => formatScalar(s, type, unitLabel))).join('; ');
    },
    check: tests.length === 1 ? tests[0]!.holds : (value) => tests.every((test) => test.holds(value)),
    explain(value, met, type, unitLabel) {
      const f = (s: Scalar) => formatScalar(s, type, unitLabel);
      const v = f(value);
      if (isBoolEq) return met ? v : `${v} (yêu cầu: ${f(t['=='] as boolean)})`;
      return tests
        .map((test) => (test.holds(value) ? test.ok(v, f) : test.ko(v, f)))
        .filter((_, i) => met || !tests[i]!.holds(value))
        .join('; ');
    },
    gap: (value, type, unitLabel) => thresholdGap(t, value, type, unitLabel),
  };
}

const env = celEnv();

/** A rule that does not compile; `text` says why in both languages. */
export class RuleSyntaxError extends Error {
  constructor(readonly text: Text) {
    super(text.vi);
  }
}

/** Parses and plans a CEL expression once; a syntax error becomes a RuleSyntaxError in words. */
function planCel(expr: string): ReturnType<typeof plan> {
  try {
    return plan(env, parse(expr));
  } catch (err) {
    throw new RuleSyntaxError(
      text(`biểu thức CEL không hợp lệ: ${(err as Error).message}`, `invalid CEL: ${(err as Error).message}`),
    );
  }
}

/**
 * A unit's facts as CEL reads them, made once per facts object: CEL would otherwise copy the
 * object into a map of its own at every rule checked (a unit's facts are made once per node).
 */
function celUnit(unit: UnitFacts): CelMap {
  let m = celUnits.get(unit);
  if (!m) {
    m = celMap(new Map(Object.entries(unit)));
    celUnits.set(unit, m);
  }
  return m;
}
const celUnits = new WeakMap<UnitFacts, CelMap>();

function celRule(expr: string): CompiledRule {
  const program = planCel(expr);
  // Officials and citizens read the rule in words, never the expression.
  const words = (type: ValueType, unitLabel: string | null | undefined, unit?: UnitFacts) =>
    celInWords(expr, type, unitLabel, unit) ?? ruleInLegalText;
  return {
    kind: 'cel',
    text: celInWords(expr, 'number', null) ?? ruleInLegalText,
    describe: words,
    check(value, unit) {
      const r = program({ value, unit: celUnit(unit) });
      if (isCelError(r)) return new Error(r.message);
      if (typeof r !== 'boolean') return new Error(`biểu thức trả về ${typeof r}, cần đúng/sai`);
      return r;
    },
    explain(value, met, type, unitLabel) {
      const v = formatScalar(value, type, unitLabel);
      return met ? v : `${v} (yêu cầu: ${words(type, unitLabel)})`;
    },
    // No number for an expression: the rule that applies to the unit, in words.
    gap: (_value, type, unitLabel, unit) => wordsGap(words(type, unitLabel, unit)),
  };
}

const notApplicableRule: CompiledRule = {
  kind: 'not_applicable',
  text: 'không áp dụng',
  describe: () => 'không áp dụng',
  check: () => false,
  explain: () => 'không áp dụng',
  gap: () => null,
};

const missingRule: CompiledRule = {
  kind: 'missing',
  text: '',
  describe: () => '',
  check: () => false,
  explain: () => 'chưa có ngưỡng',
  gap: () => null,
};

/** Compiles a rule once per framework version; CEL is parsed and planned here, not per value. */
export function compileRule(rule: Rule | undefined): CompiledRule {
  if (rule === null || rule === undefined) return missingRule;
  if (rule === 'not_applicable') return notApplicableRule;
  if (typeof rule === 'string') return celRule(rule);
  return thresholdRule(rule);
}

/** Compiles a CEL condition over the unit (`applies_if`). */
export function compileCondition(expr: string): (unit: UnitFacts) => boolean | Error {
  const program = planCel(expr);
  return (unit) => {
    const r = program({ unit: celUnit(unit) });
    if (isCelError(r)) return new Error(r.message);
    return r === true;
  };
}

/**
 * Compiles a consistency check between figures of one unit and period (a measure's
 * `quality.checks`): `value` is the measure's figure, `m.<measure>` any other figure of the unit.
 * A check reading a figure that is missing answers an Error (nothing to compare), not false.
 */
export function compileFigureCheck(
  expr: string,
): (vars: { value: Scalar; m: Record<string, Scalar>; unit: UnitFacts }) => boolean | Error {
  const program = planCel(expr);
  return (vars) => {
    const r = program(vars);
    if (isCelError(r)) return new Error(r.message);
    if (typeof r !== 'boolean') return new Error(`biểu thức trả về ${typeof r}, cần đúng/sai`);
    return r;
  };
}
