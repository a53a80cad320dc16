/**
 * The default soft rules of data quality, pure (no I/O): a year-on-year jump, an outlier among
 * sibling units by a robust score (median and MAD, the modified z-score of Iglewicz and
 * Hoaglin). They warn; they never refuse a figure (hard rules — types, ranges — do that at entry).
 */
import { parsePeriod } from '../engine/periods.ts';
import type { ValueType } from '../frameworks/schema.ts';
import { type Text, text } from '../text.ts';

/** Default: a percentage moving by more than this many points in a year is worth a look. */
export const DEFAULT_CHANGE_POINTS = 30;
/** Default: a number moving by more than this share (%) in a year is worth a look. */
export const DEFAULT_CHANGE_PCT = 50;
/** Outliers are looked for only among at least this many sibling units with a figure. */
export const MIN_SIBLINGS = 8;
/** A modified z-score beyond this (in absolute value) marks an outlier. */
export const OUTLIER_SCORE = 3.5;

export type QualityKind = 'change' | 'outlier' | 'consistency';
export const qualityKinds: readonly QualityKind[] = ['change', 'outlier', 'consistency'];

export const qualityKindNames: Record<QualityKind, [vi: string, en: string]> = {
  change: ['Thay đổi bất thường so với cùng kỳ', 'Unusual change on last year'],
  outlier: ['Khác biệt với đơn vị cùng cấp', 'Outlier among sibling units'],
  consistency: ['Không nhất quán giữa các số liệu', 'Inconsistent figures'],
};

const vi = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
const en = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const signed = (f: Intl.NumberFormat, n: number) => `${n > 0 ? '+' : ''}${f.format(n)}`;

/** The same period a year earlier: 2024 → 2023, 2024Q3 → 2023Q3, 2024-07 → 2023-07. */
export function previousYearPeriod(code: string): string | null {
  const p = parsePeriod(code);
  if (!p) return null;
  const year = Number(p.code.slice(0, 4)) - 1;
  return `${year}${p.code.slice(4)}`;
}

/**
 * A change on the same period of last year beyond the limit: points for percentages (default
 * ±30), a share of last year's figure for numbers (default ±50 %; none when last year was 0).
 * Exactly at the limit is no warning. Other types (yes/no, levels, text) are not compared.
 */
export function yearOnYearWarning(opts: {
  type: ValueType;
  current: number;
  previous: number;
  changePoints?: number;
  changePct?: number;
}): Text | null {
  const { type, current, previous } = opts;
  if (type === 'percent') {
    const limit = opts.changePoints ?? DEFAULT_CHANGE_POINTS;
    const delta = current - previous;
    if (Math.abs(delta) <= limit) return null;
    return text(
      `Thay đổi ${signed(vi, delta)} điểm phần trăm so với cùng kỳ năm trước (${vi.format(previous)}% → ${vi.format(current)}%), vượt ngưỡng ±${vi.format(limit)} điểm`,
      `Changed by ${signed(en, delta)} points on last year (${en.format(previous)}% → ${en.format(current)}%), beyond ±${en.format(limit)} points`,
    );
  }
  if (type === 'number') {
    const limit = opts.changePct ?? DEFAULT_CHANGE_PCT;
    if (previous === 0) return null;
    const pct = ((current - previous) / Math.abs(previous)) * 100;
    if (Math.abs(pct) <= limit) return null;
    return text(
      `Thay đổi ${signed(vi, pct)}% so với cùng kỳ năm trước (${vi.format(previous)} → ${vi.format(current)}), vượt ngưỡng ±${vi.format(limit)}%`,
      `Changed by ${signed(en, pct)}% on last year (${en.format(previous)} → ${en.format(current)}), beyond ±${en.format(limit)}%`,
    );
  }
  return null;
}

function median(sorted: number[]): number {
  const n = sorted.length;
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median and median absolute deviation of a set of figures. */
export function robustCentre(values: number[]): { median: number; mad: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const m = median(sorted);
  const mad = median(sorted.map((v) => Math.abs(v - m)).sort((a, b) => a - b));
  return { median: m, mad };
}

/** The modified z-score of `value` among `values`: 0,6745 × (x − median) / MAD; null when MAD is 0. */
export function modifiedZ(value: number, centre: { median: number; mad: number }): number | null {
  if (centre.mad === 0) return null;
  return (0.6745 * (value - centre.median)) / centre.mad;
}

/**
 * Warns when `value` lies far from its siblings' figures (all of them, the unit's own included):
 * only with at least MIN_SIBLINGS figures, and never when half of them are equal (MAD 0).
 * `centre`: the siblings' robustCentre, when the caller checks every sibling (computed once).
 */
export function outlierWarning(
  value: number,
  siblings: number[],
  type: ValueType,
  centre: { median: number; mad: number } = robustCentre(siblings),
): Text | null {
  if (siblings.length < MIN_SIBLINGS) return null;
  const z = modifiedZ(value, centre);
  if (z === null || Math.abs(z) <= OUTLIER_SCORE) return null;
  const unit = type === 'percent' ? '%' : '';
  return text(
    `Khác biệt lớn so với ${siblings.length} đơn vị cùng cấp: ${vi.format(value)}${unit}, trung vị ${vi.format(centre.median)}${unit} (điểm lệch ${vi.format(z)}, ngưỡng ±${vi.format(OUTLIER_SCORE)})`,
    `Far from ${siblings.length} sibling units: ${en.format(value)}${unit}, median ${en.format(centre.median)}${unit} (score ${en.format(z)}, limit ±${en.format(OUTLIER_SCORE)})`,
  );
}
