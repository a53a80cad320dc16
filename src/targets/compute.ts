/**
 * Socio-economic targets (chỉ tiêu kinh tế – xã hội), pure computations, no I/O: allocation checks
 * per aggregation, actual to date, year-end projection, status with the rule that decided it,
 * and whether a period's report is late. Thresholds are plan settings (policy, not law).
 */

/** Whether a larger figure is better (thu ngân sách) or a smaller one (tỷ lệ hộ nghèo, CPI). */
export type Direction = 'higher' | 'lower';

/**
 * How an indicator combines over units and over the year:
 * - sum: children add up; monthly figures add up to the year (thu ngân sách, giá trị sản xuất);
 * - weighted_average: children average weighted by a measure; the year is the mean of the periods;
 * - rate: children weighted by population; the year is the latest reported rate (tỷ lệ bao phủ BHYT);
 * - last: no combination over units (each child must reach the parent's target); the year is the
 *   latest reported value.
 */
export type Aggregation = 'sum' | 'weighted_average' | 'rate' | 'last';
export const aggregations: readonly Aggregation[] = ['sum', 'weighted_average', 'rate', 'last'];

export type TargetStatus = 'on_track' | 'at_risk' | 'off_track' | 'no_data';

/** Plan settings that are policy choices, stored with each plan (defaults below). */
export interface PlanSettings {
  /** Projection ≥ this share of the target → on track (default 1 = 100 %). */
  onTrackRatio: number;
  /** Projection ≥ this share (and below onTrackRatio) → at risk; below → off track (default 0.9). */
  atRiskRatio: number;
  /** A period's report is due this many days after the period ends (default 10). */
  dueDays: number;
  /** Figures are counted up to this many days before the period ends (default 0 = the last day). */
  cutoffDaysBeforeEnd: number;
}

export const defaultSettings: PlanSettings = {
  onTrackRatio: 1,
  atRiskRatio: 0.9,
  dueDays: 10,
  cutoffDaysBeforeEnd: 0,
};

/** A sentence in both languages: shown next to every computed result. */
export interface Rule {
  vi: string;
  en: string;
}

const fmt = (n: number) => (Math.round(n * 1000) / 1000).toLocaleString('vi-VN');
const pct = (r: number) => `${(Math.round(r * 1000) / 10).toLocaleString('vi-VN')}%`;

/** Tolerance for sums of decimals (0.1 + 0.2). */
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** a reaches b in the indicator's direction. */
function reaches(a: number, b: number, direction: Direction): boolean {
  if (close(a, b)) return true;
  return direction === 'higher' ? a > b : a < b;
}

export interface ChildTarget {
  holder: string;
  target: number | null;
  /** The weighting measure's value (population…) for weighted_average and rate. */
  weight?: number | null;
}

export interface AllocationCheck {
  /** The children's targets combined by the aggregation; null when they cannot be combined yet. */
  combined: number | null;
  /** Children's combination − parent's target (negative = below). */
  difference: number | null;
  /** How far the children fall short of the parent's target in its direction (0 when they reach it). */
  shortfall: number | null;
  /** true = the allocation reaches the parent's target; null = cannot tell (missing targets/weights). */
  ok: boolean | null;
  missingTargets: string[];
  missingWeights: string[];
  rule: Rule;
}

/**
 * Checks an allocation: summed indicators need the children's targets to add up to at least the
 * parent's (at most, for lower-is-better); weighted ones need the weighted result to reach it;
 * "last" ones need every child to reach it.
 */
export function checkAllocation(
  ind: { aggregation: Aggregation; direction: Direction },
  parentTarget: number,
  children: ChildTarget[],
): AllocationCheck {
  const missingTargets = children.filter((c) => c.target === null).map((c) => c.holder);
  const weighted = ind.aggregation === 'weighted_average' || ind.aggregation === 'rate';
  const missingWeights = weighted
    ? children
        .filter((c) => c.weight === null || c.weight === undefined || c.weight <= 0)
        .map((c) => c.holder)
    : [];
  const word = ind.direction === 'higher' ? '≥' : '≤';
  const rules: Record<Aggregation, Rule> = {
    sum: {
      vi: `Tổng chỉ tiêu giao cho các đơn vị ${word} chỉ tiêu cấp trên`,
      en: `Sum of the children's targets ${word} the parent's target`,
    },
    weighted_average: {
      vi: `Bình quân gia quyền chỉ tiêu các đơn vị ${word} chỉ tiêu cấp trên`,
      en: `Weighted average of the children's targets ${word} the parent's target`,
    },
    rate: {
      vi: `Tỷ lệ chung (gia quyền theo dân số) ${word} chỉ tiêu cấp trên`,
      en: `Population-weighted rate of the children ${word} the parent's target`,
    },
    last: {
      vi: `Chỉ tiêu mỗi đơn vị ${word} chỉ tiêu cấp trên`,
      en: `Every child's target ${word} the parent's target`,
    },
  };
  const rule = rules[ind.aggregation];
  const unknown = {
    combined: null,
    difference: null,
    shortfall: null,
    ok: null,
    missingTargets,
    missingWeights,
  };
  if (children.length === 0 || missingTargets.length > 0 || missingWeights.length > 0)
    return { ...unknown, rule };
  const targets = children.map((c) => c.target!);
  let combined: number;
  if (ind.aggregation === 'sum') combined = targets.reduce((a, b) => a + b, 0);
  else if (weighted) {
    const totalWeight = children.reduce((a, c) => a + c.weight!, 0);
    combined = children.reduce((a, c) => a + c.target! * c.weight!, 0) / totalWeight;
  } else combined = ind.direction === 'higher' ? Math.min(...targets) : Math.max(...targets);
  const ok = reaches(combined, parentTarget, ind.direction);
  const difference = close(combined, parentTarget) ? 0 : combined - parentTarget;
  const shortfall = ok ? 0 : Math.abs(difference);
  return {
    combined,
    difference,
    shortfall,
    ok,
    missingTargets,
    missingWeights,
    rule: {
      vi: `${rule.vi}: ${fmt(combined)} ${ok ? word : ind.direction === 'higher' ? '<' : '>'} ${fmt(parentTarget)}`,
      en: `${rule.en}: ${fmt(combined)} ${ok ? word : ind.direction === 'higher' ? '<' : '>'} ${fmt(parentTarget)}`,
    },
  };
}

/** One reported figure: `month` is the last month the period covers (2025-03 → 3, 2025Q2 → 6). */
export interface Actual {
  month: number;
  value: number;
}

/** The month a period code ends in, within its year: 2025-03 → 3, 2025Q2 → 6, 2025 → 12. */
export function periodEndMonth(code: string): number | null {
  let m = /^\d{4}-(\d{2})$/.exec(code);
  if (m) return Number(m[1]);
  m = /^\d{4}Q([1-4])$/.exec(code);
  if (m) return Number(m[1]) * 3;
  return /^\d{4}$/.test(code) ? 12 : null;
}

const byMonth = (list: Actual[]) => [...list].sort((a, b) => a.month - b.month);

/** The year's figure so far: sum of periods (sum), their mean (weighted_average), else the latest. */
export function actualToDate(aggregation: Aggregation, actuals: Actual[]): number | null {
  if (actuals.length === 0) return null;
  const sorted = byMonth(actuals);
  if (aggregation === 'sum') return sorted.reduce((a, x) => a + x.value, 0);
  if (aggregation === 'weighted_average') return sorted.reduce((a, x) => a + x.value, 0) / sorted.length;
  return sorted[sorted.length - 1]!.value;
}

export interface Projection {
  /** The year-end figure expected; null without actuals. */
  value: number | null;
  method: 'history' | 'linear' | 'none';
  /** Month of the latest figure (the "to date"). */
  asOfMonth: number | null;
  rule: Rule;
}

/**
 * Projects the year-end figure. With last year's figures for the whole year: a sum is divided by
 * last year's share of the year reached by the same month; a level moves by last year's change
 * from that month to December. Without: a sum grows linearly (× 12 / months), a level follows
 * the line through its first and latest figures (stays put with one figure).
 */
export function projectYearEnd(
  aggregation: Aggregation,
  actuals: Actual[],
  lastYear: Actual[] = [],
): Projection {
  if (actuals.length === 0)
    return {
      value: null,
      method: 'none',
      asOfMonth: null,
      rule: { vi: 'Chưa có số liệu thực hiện', en: 'No actual figures yet' },
    };
  const sorted = byMonth(actuals);
  const asOf = sorted[sorted.length - 1]!.month;
  const ytd = actualToDate(aggregation, sorted)!;
  const prior = byMonth(lastYear);
  const hasFullHistory = prior.length > 0 && prior[prior.length - 1]!.month === 12;
  if (aggregation === 'sum') {
    if (hasFullHistory) {
      const total = prior.reduce((a, x) => a + x.value, 0);
      const sameTime = prior.filter((x) => x.month <= asOf).reduce((a, x) => a + x.value, 0);
      const share = total > 0 ? sameTime / total : 0;
      if (share > 0)
        return {
          value: ytd / share,
          method: 'history',
          asOfMonth: asOf,
          rule: {
            vi: `Lũy kế ${asOf} tháng ${fmt(ytd)} ÷ tỷ trọng cùng kỳ năm trước ${pct(share)}`,
            en: `${asOf}-month total ${fmt(ytd)} ÷ same period's share of last year ${pct(share)}`,
          },
        };
    }
    return {
      value: (ytd * 12) / asOf,
      method: 'linear',
      asOfMonth: asOf,
      rule: {
        vi: `Tuyến tính: lũy kế ${asOf} tháng ${fmt(ytd)} × 12 ÷ ${asOf} (chưa có số liệu năm trước)`,
        en: `Linear: ${asOf}-month total ${fmt(ytd)} × 12 ÷ ${asOf} (no history)`,
      },
    };
  }
  if (hasFullHistory) {
    const atSameTime = byMonth(prior.filter((x) => x.month <= asOf)).pop();
    if (atSameTime) {
      const change = prior[prior.length - 1]!.value - atSameTime.value;
      return {
        value: ytd + change,
        method: 'history',
        asOfMonth: asOf,
        rule: {
          vi: `${fmt(ytd)} + mức thay đổi từ tháng ${asOf} đến cuối năm của năm trước (${fmt(change)})`,
          en: `${fmt(ytd)} + last year's change from month ${asOf} to December (${fmt(change)})`,
        },
      };
    }
  }
  const first = sorted[0]!;
  if (sorted.length < 2 || first.month === asOf)
    return {
      value: ytd,
      method: 'linear',
      asOfMonth: asOf,
      rule: {
        vi: `Giữ nguyên số liệu mới nhất ${fmt(ytd)} (một kỳ, chưa có số liệu năm trước)`,
        en: `Latest figure ${fmt(ytd)} kept (one period, no history)`,
      },
    };
  const latest = sorted[sorted.length - 1]!.value;
  const slope = (latest - first.value) / (asOf - first.month);
  const base = aggregation === 'weighted_average' ? ytd : latest;
  return {
    value: base + slope * (12 - asOf),
    method: 'linear',
    asOfMonth: asOf,
    rule: {
      vi: `Tuyến tính: ${fmt(base)} + ${fmt(slope)}/tháng × ${12 - asOf} tháng còn lại`,
      en: `Linear: ${fmt(base)} + ${fmt(slope)}/month × ${12 - asOf} months left`,
    },
  };
}

export interface StatusResult {
  status: TargetStatus;
  /** Projection as a share of the target in the indicator's direction (1 = exactly the target). */
  ratio: number | null;
  rule: Rule;
}

export const statusLabels: Record<TargetStatus, Rule> = {
  on_track: { vi: 'Đúng tiến độ', en: 'On track' },
  at_risk: { vi: 'Có nguy cơ không đạt', en: 'At risk' },
  off_track: { vi: 'Chậm tiến độ', en: 'Off track' },
  no_data: { vi: 'Chưa có số liệu', en: 'No data' },
};

/**
 * The status of a unit × indicator from its year-end projection: ratio = projection ÷ target
 * (target ÷ projection when lower is better); ≥ onTrackRatio on track, ≥ atRiskRatio at risk,
 * else off track. A target ≤ 0 has no ratio: the projection reaching it is on track, else off.
 */
export function targetStatus(
  direction: Direction,
  target: number,
  projection: number | null,
  settings: Pick<PlanSettings, 'onTrackRatio' | 'atRiskRatio'>,
): StatusResult {
  const bands = `đúng tiến độ ≥ ${pct(settings.onTrackRatio)}, có nguy cơ ≥ ${pct(settings.atRiskRatio)}`;
  const bandsEn = `on track ≥ ${pct(settings.onTrackRatio)}, at risk ≥ ${pct(settings.atRiskRatio)}`;
  if (projection === null)
    return {
      status: 'no_data',
      ratio: null,
      rule: { vi: 'Chưa có số liệu thực hiện', en: 'No actual figures' },
    };
  let ratio: number | null = null;
  if (direction === 'higher' && target > 0) ratio = projection / target;
  if (direction === 'lower' && target > 0)
    ratio = projection <= 0 ? Number.POSITIVE_INFINITY : target / projection;
  if (ratio === null) {
    const ok = reaches(projection, target, direction);
    return {
      status: ok ? 'on_track' : 'off_track',
      ratio: null,
      rule: {
        vi: `Dự báo cuối năm ${fmt(projection)} ${ok ? 'đạt' : 'không đạt'} chỉ tiêu ${fmt(target)}`,
        en: `Year-end projection ${fmt(projection)} ${ok ? 'reaches' : 'misses'} the target ${fmt(target)}`,
      },
    };
  }
  // Compare in rounded per-mille steps so 0.9 × target is exactly at the boundary.
  const r = Math.round(ratio * 1e9) / 1e9;
  const status: TargetStatus =
    r >= settings.onTrackRatio ? 'on_track' : r >= settings.atRiskRatio ? 'at_risk' : 'off_track';
  const shown = Number.isFinite(ratio) ? pct(ratio) : '∞';
  const what = direction === 'higher' ? 'dự báo ÷ chỉ tiêu' : 'chỉ tiêu ÷ dự báo';
  const whatEn = direction === 'higher' ? 'projection ÷ target' : 'target ÷ projection';
  return {
    status,
    ratio,
    rule: {
      vi: `${what} = ${shown} (${bands}) → ${statusLabels[status].vi}`,
      en: `${whatEn} = ${shown} (${bandsEn}) → ${statusLabels[status].en}`,
    },
  };
}

export type ReportState = 'on_time' | 'late' | 'missing' | 'not_due';

export interface ReportTiming {
  period: string;
  cutoff: string;
  due: string;
  state: ReportState;
  /** Days after the due date (late or missing), else 0. */
  daysLate: number;
}

const dayMs = 86_400_000;
const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / dayMs);

/**
 * A period's reporting calendar and whether its report came in time: due `dueDays` after the
 * period's last day; late when first reported after that day, missing when still absent after it.
 * Dates are Vietnam calendar days (YYYY-MM-DD).
 */
export function reportTiming(
  period: { code: string; end: string },
  settings: Pick<PlanSettings, 'dueDays' | 'cutoffDaysBeforeEnd'>,
  firstReported: string | null,
  today: string,
): ReportTiming {
  const due = addDays(period.end, settings.dueDays);
  const cutoff = addDays(period.end, -settings.cutoffDaysBeforeEnd);
  const base = { period: period.code, cutoff, due };
  if (firstReported !== null) {
    const late = firstReported > due;
    return {
      ...base,
      state: late ? 'late' : 'on_time',
      daysLate: late ? daysBetween(due, firstReported) : 0,
    };
  }
  if (today > due) return { ...base, state: 'missing', daysLate: daysBetween(due, today) };
  return { ...base, state: 'not_due', daysLate: 0 };
}
