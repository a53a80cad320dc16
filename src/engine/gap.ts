/**
 * What it takes (điều kiện còn thiếu): for a figure that fails its rule, the signed change of the
 * value that would meet it, and the same in words for officials ("còn thiếu 0,1 điểm %",
 * "cần giảm 2 điểm %", "cần: có"). Pure: no I/O, no thresholds of its own.
 */
import type { Threshold, ValueType } from '../frameworks/schema.ts';
import type { Scalar } from './rules.ts';

export interface Gap {
  /**
   * Signed change of the value that meets the rule (≥ 90 at 89,9 → 0.1; ≤ 10 at 12 → −2).
   * For > and < the distance to the bound (the smallest step is not defined). Null when the
   * rule is not a number to reach (yes/no, a set, a CEL expression).
   */
  amount: number | null;
  /** |amount| relative to the figure that meets the rule: 0 = at the bound; null without amount. */
  relative: number | null;
  /** In Vietnamese, for the UI. */
  text: string;
}

const numberFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const smallFormat = new Intl.NumberFormat('vi-VN', { maximumSignificantDigits: 2 });

/** 90 − 89.9 is 0.09999999999999432 in floating point: keep what the figures meant. */
const clean = (n: number) => Number(n.toPrecision(12));

function isPercent(type: ValueType, unitLabel: string | null | undefined) {
  return type === 'percent' || unitLabel === '%';
}

/** A change in words with the indicator's unit: percent points for shares ("0,1 điểm %"). */
function amountWords(n: number, type: ValueType, unitLabel: string | null | undefined): string {
  const a = Math.abs(n);
  const shown = a !== 0 && a < 0.01 ? smallFormat.format(a) : numberFormat.format(a);
  if (isPercent(type, unitLabel)) return `${shown} điểm %`;
  return unitLabel ? `${shown} ${unitLabel}` : shown;
}

/** A bound in words with its unit ("90%", "5 km"). */
function boundWords(n: number, type: ValueType, unitLabel: string | null | undefined): string {
  const shown = numberFormat.format(n);
  if (isPercent(type, unitLabel)) return `${shown}%`;
  return unitLabel ? `${shown} ${unitLabel}` : shown;
}

function numeric(value: number, amount: number, text: string): Gap {
  const a = clean(amount);
  const target = Math.max(Math.abs(value + a), Math.abs(value));
  return { amount: a, relative: target === 0 ? 0 : clean(Math.abs(a) / target), text };
}

/** The rule in words, for rules that have no number to reach. */
export function wordsGap(ruleWords: string): Gap {
  return { amount: null, relative: null, text: `cần: ${ruleWords}` };
}

/**
 * The gap of a value to a structured threshold, from the first key it fails (several keys must
 * all hold). Null when the value meets every key.
 */
export function thresholdGap(
  t: Threshold,
  value: Scalar,
  type: ValueType,
  unitLabel: string | null | undefined,
): Gap | null {
  const words = (n: number) => amountWords(n, type, unitLabel);
  if (typeof value === 'number') {
    const ge = t['>='];
    if (typeof ge === 'number' && value < ge)
      return numeric(value, ge - value, `còn thiếu ${words(ge - value)}`);
    const gt = t['>'];
    if (typeof gt === 'number' && value <= gt)
      return numeric(
        value,
        gt - value,
        gt === value ? `cần trên ${boundWords(gt, type, unitLabel)}` : `còn thiếu trên ${words(gt - value)}`,
      );
    const le = t['<='];
    if (typeof le === 'number' && value > le)
      return numeric(value, le - value, `cần giảm ${words(le - value)}`);
    const lt = t['<'];
    if (typeof lt === 'number' && value >= lt)
      return numeric(
        value,
        lt - value,
        lt === value ? `cần dưới ${boundWords(lt, type, unitLabel)}` : `cần giảm trên ${words(lt - value)}`,
      );
    const eq = t['=='];
    if (typeof eq === 'number' && value !== eq)
      return numeric(value, eq - value, `${eq > value ? 'cần tăng' : 'cần giảm'} ${words(eq - value)}`);
    if (t.between) {
      const [lo, hi] = t.between;
      if (value < lo) return numeric(value, lo - value, `còn thiếu ${words(lo - value)}`);
      if (value > hi) return numeric(value, hi - value, `cần giảm ${words(hi - value)}`);
    }
  }
  const eq = t['=='];
  if (eq !== undefined && typeof eq !== 'number' && value !== eq)
    return wordsGap(typeof eq === 'boolean' ? (eq ? 'có' : 'không') : String(eq));
  const ne = t['!='];
  if (ne !== undefined && value === ne)
    return wordsGap(`khác ${typeof ne === 'boolean' ? (ne ? 'có' : 'không') : ne}`);
  if (t.in && !t.in.includes(value))
    return wordsGap(
      `thuộc {${t.in.map((x) => (typeof x === 'number' ? numberFormat.format(x) : String(x))).join(', ')}}`,
    );
  return null;
}

/** Closest first: the smallest relative gap, then gaps without a number (yes/no, CEL). */
export function byCloseness(a: Gap, b: Gap): number {
  if (a.relative === null) return b.relative === null ? 0 : 1;
  if (b.relative === null) return -1;
  return a.relative - b.relative;
}
