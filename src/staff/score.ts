/**
 * Scoring of one person for one period under a staff frame: a pure function, no I/O, every
 * point explained line by line (which task, which deduction). The quota on the top band and the
 * roll-up of months are pure functions too.
 */
import { viDate } from '../text.ts';
import type { StaffFrame, TaskComponent } from './frame.ts';

/** One task as scoring sees it (nhiệm vụ / sản phẩm đã quy đổi). */
export interface ScoredTask {
  id: number | string;
  /** "123/UBND-VP – Báo cáo …": what the explanation names. */
  label: string;
  role: 'lead' | 'collaborator';
  /** Standard products this task counts as: catalogue coefficient × quantity (sản phẩm quy đổi). */
  converted: number;
  /** The deadline after approved extensions, YYYY-MM-DD. */
  deadline: string;
  completedOn: string | null;
  /** The assigner's rating: meets the quality requirement or not; null = not rated yet. */
  quality: 'dat' | 'khong_dat' | null;
  majorErrors: number;
  /** Errors whose objective cause was approved: not deducted. */
  excusedErrors: number;
  /** An approved objective cause for the delay: not deducted. */
  delayExcused: boolean;
}

export interface PersonScoreInput {
  tasks: ScoredTask[];
  /** Points of manual components by key (general, bonus); null = not scored yet. */
  manual: Record<string, number | null | undefined>;
  /** Codes of disqualifying events in the period (frame.disqualifying). */
  disqualifying: string[];
}

export interface ExplanationLine {
  component: string;
  taskId?: number | string;
  text: string;
  points?: number;
}

export interface ComponentScore {
  key: string;
  name: string;
  max: number;
  points: number | null;
}

export interface PersonScore {
  frameId: string;
  components: ComponentScore[];
  /** Points of the task component split: quantity, quality, timeliness. */
  results: {
    quantity: number;
    quality: number;
    timeliness: number;
    assigned: number;
    completed: number;
  } | null;
  total: number | null;
  band: string | null;
  deductions: number;
  lines: ExplanationLine[];
}

const fmt = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
/** 17,5 — Vietnamese decimal comma (Intl only for thousands: it is slow for 100,000 lines). */
export const formatPoints = (n: number) => {
  const r = round2(n);
  return Math.abs(r) < 1000 ? String(r).replace('.', ',') : fmt.format(r);
};
export const round2 = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;

/** The band of a total under a frame (bands descend; the first whose min is reached). */
export function bandFor(frame: StaffFrame, total: number): string {
  for (const b of frame.bands) if (total >= b.min) return b.code;
  return frame.failing_band;
}

export function bandName(frame: StaffFrame, code: string | null): string {
  return frame.bands.find((b) => b.code === code)?.name ?? 'chưa xếp loại';
}

/** Scores the task component: quantity, quality and timeliness of converted products vs. assigned. */
function scoreTasks(c: TaskComponent, tasks: ScoredTask[], lines: ExplanationLine[]) {
  const wsum = c.weights.quantity + c.weights.quality + c.weights.timeliness;
  const qMax = (c.max * c.weights.quantity) / wsum;
  const lMax = (c.max * c.weights.quality) / wsum;
  const tMax = (c.max * c.weights.timeliness) / wsum;
  const weightOf = (t: ScoredTask) => t.converted * c.role_factors[t.role];
  const assigned = tasks.reduce((s, t) => s + weightOf(t), 0);
  if (assigned <= 0) {
    lines.push({
      component: c.key,
      text: 'Không có sản phẩm được giao trong kỳ: chưa tính được điểm kết quả',
    });
    return null;
  }
  lines.push({
    component: c.key,
    text: `Được giao ${formatPoints(assigned)} sản phẩm quy đổi; ${c.max} điểm = số lượng ${formatPoints(qMax)} + chất lượng ${formatPoints(lMax)} + tiến độ ${formatPoints(tMax)}`,
  });
  let quantity = 0;
  let quality = 0;
  let timeliness = 0;
  let completed = 0;
  let deductions = 0;
  for (const t of tasks) {
    const w = weightOf(t);
    const share = w / assigned;
    const role = t.role === 'lead' ? 'chủ trì' : 'phối hợp';
    const head = `${t.label} (${role}, ${formatPoints(w)} SP quy đổi, hạn ${viDate(t.deadline)})`;
    if (!t.completedOn) {
      lines.push({ component: c.key, taskId: t.id, text: `${head}: chưa hoàn thành → 0 điểm`, points: 0 });
      continue;
    }
    completed += w;
    const q = qMax * share;
    // Quality: a product that fails the requirement earns none; each unexcused major error −x%.
    let l = 0;
    const parts: string[] = [`số lượng +${formatPoints(q)}`];
    if (t.quality === 'khong_dat') parts.push('chất lượng không đạt → 0');
    else {
      const counted = Math.max(0, t.majorErrors - t.excusedErrors);
      const pct = c.quality_error_deduction_pct ?? 0;
      const factor = Math.max(0, 1 - (counted * pct) / 100);
      l = lMax * share * factor;
      let text = `chất lượng ${t.quality === null ? 'chưa được đánh giá, tạm tính đạt' : 'đạt'} +${formatPoints(l)}`;
      if (counted > 0 && pct > 0) {
        text += ` (${counted} sai sót lớn × −${pct}%)`;
        deductions += counted;
      } else if (counted > 0) text += ` (${counted} sai sót lớn, khung không trừ theo lần)`;
      if (t.excusedErrors > 0)
        text += ` (${Math.min(t.excusedErrors, t.majorErrors)} sai sót có nguyên nhân khách quan, không trừ)`;
      parts.push(text);
    }
    // Timeliness: on time earns the full share; late: −x% per delay unless an objective cause was approved.
    let tm = tMax * share;
    if (t.completedOn > t.deadline) {
      if (t.delayExcused)
        parts.push(
          `hoàn thành ${viDate(t.completedOn)}, chậm có nguyên nhân khách quan được chấp nhận, tiến độ +${formatPoints(tm)}`,
        );
      else if (c.delay_deduction_pct === null) {
        tm = 0;
        parts.push(`hoàn thành ${viDate(t.completedOn)}, chậm → tiến độ 0`);
      } else {
        tm *= Math.max(0, 1 - c.delay_deduction_pct / 100);
        deductions += 1;
        parts.push(
          `hoàn thành ${viDate(t.completedOn)}, chậm 1 lần × −${c.delay_deduction_pct}% → tiến độ +${formatPoints(tm)}`,
        );
      }
    } else parts.push(`đúng hạn (${viDate(t.completedOn)}), tiến độ +${formatPoints(tm)}`);
    quantity += q;
    quality += l;
    timeliness += tm;
    lines.push({
      component: c.key,
      taskId: t.id,
      text: `${head}: ${parts.join('; ')}`,
      points: round2(q + l + tm),
    });
  }
  lines.push({
    component: c.key,
    text: `Hoàn thành ${formatPoints(completed)}/${formatPoints(assigned)} SP quy đổi: số lượng ${formatPoints(quantity)}, chất lượng ${formatPoints(quality)}, tiến độ ${formatPoints(timeliness)}`,
    points: round2(quantity + quality + timeliness),
  });
  return { quantity, quality, timeliness, assigned, completed, deductions };
}

/** Scores one person for one period under `frame`, with the explanation. */
export function scorePerson(frame: StaffFrame, input: PersonScoreInput): PersonScore {
  const lines: ExplanationLine[] = [];
  const components: ComponentScore[] = [];
  let results: PersonScore['results'] = null;
  let deductions = 0;
  let complete = true;
  for (const c of frame.components) {
    if (c.kind === 'tasks') {
      const r = scoreTasks(c, input.tasks, lines);
      if (r) {
        results = {
          quantity: round2(r.quantity),
          quality: round2(r.quality),
          timeliness: round2(r.timeliness),
          assigned: r.assigned,
          completed: r.completed,
        };
        deductions += r.deductions;
      } else complete = false;
      components.push({
        key: c.key,
        name: c.name,
        max: c.max,
        points: r ? round2(r.quantity + r.quality + r.timeliness) : null,
      });
    } else {
      const v = input.manual[c.key];
      const points = v === null || v === undefined ? null : Math.min(c.max, Math.max(0, v));
      if (points === null) complete = false;
      components.push({ key: c.key, name: c.name, max: c.max, points });
      lines.push({
        component: c.key,
        text:
          points === null
            ? `${c.name}: chưa chấm (tối đa ${c.max})`
            : `${c.name}: ${formatPoints(points)}/${c.max}`,
        ...(points === null ? {} : { points }),
      });
    }
  }
  const total = complete
    ? round2(
        Math.min(
          frame.total_max,
          components.reduce((s, c) => s + (c.points ?? 0), 0),
        ),
      )
    : null;
  const events = input.disqualifying
    .map((code) => frame.disqualifying.find((d) => d.code === code))
    .filter((d) => d !== undefined);
  let band = total === null ? null : bandFor(frame, total);
  if (total !== null)
    lines.push({
      component: 'total',
      text: `Tổng điểm ${formatPoints(total)}/${frame.total_max} → ${bandName(frame, band)}`,
      points: total,
    });
  if (events.length > 0) {
    band = frame.failing_band;
    for (const e of events)
      lines.push({ component: 'total', text: `${e.name} → ${bandName(frame, band)} (không phụ thuộc điểm)` });
  }
  return { frameId: frame.id, components, results, total, band, deductions, lines };
}

/** One rated person in a quota group (the same unit and, per frame, the same task group). */
export interface QuotaEntry {
  personId: number | string;
  name: string;
  /** unit code, or unit code + task group, per frame.quota.scope. */
  group: string;
  total: number | null;
  band: string | null;
  /** Task-result points (null for a roll-up, where only the mean total is known). */
  resultsPoints: number | null;
  deductions: number;
}

export interface QuotaOutcome {
  band: string | null;
  /** The band the score alone gives. */
  proposedBand: string | null;
  /** Rank among the candidates for the limited band (1 = first), or null. */
  rank: number | null;
  reason: string | null;
}

/**
 * Applies the frame's cap on the top band ("xuất sắc" ≤ 20% of those rated "tốt" or better in
 * the unit and task group): the candidates ranked by total, then task-result points, then fewer
 * deductions, then name; those past the cap move to the next band, with the reason.
 */
export function applyQuota(
  frame: StaffFrame,
  entries: QuotaEntry[],
): Map<QuotaEntry['personId'], QuotaOutcome> {
  const out = new Map<QuotaEntry['personId'], QuotaOutcome>();
  for (const e of entries)
    out.set(e.personId, { band: e.band, proposedBand: e.band, rank: null, reason: null });
  const q = frame.quota;
  if (!q) return out;
  const codes = frame.bands.map((b) => b.code);
  const top = codes.indexOf(q.band);
  const next = codes[top + 1]!;
  const groups = new Map<string, QuotaEntry[]>();
  for (const e of entries) {
    if (e.band === null) continue;
    const list = groups.get(e.group) ?? [];
    list.push(e);
    groups.set(e.group, list);
  }
  for (const [, list] of groups) {
    const base =
      q.of === 'all_rated' ? list.length : list.filter((e) => codes.indexOf(e.band!) <= top + 1).length;
    const cap = Math.floor((q.max_pct * base) / 100 + 1e-9);
    const candidates = list
      .filter((e) => e.band === q.band)
      .sort(
        (a, b) =>
          b.total! - a.total! ||
          (b.resultsPoints ?? 0) - (a.resultsPoints ?? 0) ||
          a.deductions - b.deductions ||
          a.name.localeCompare(b.name, 'vi'),
      );
    const baseText =
      q.of === 'all_rated' ? 'người được đánh giá' : `người đạt từ mức ${bandName(frame, next)} trở lên`;
    const capText = `hạn mức ${q.max_pct}% × ${base} ${baseText} = ${formatPoints((q.max_pct * base) / 100)} → ${cap} người`;
    candidates.forEach((e, i) => {
      const rank = i + 1;
      const detail =
        e.resultsPoints === null
          ? ''
          : `, kết quả ${formatPoints(e.resultsPoints)}, ${e.deductions} lần bị trừ`;
      const order = `xếp thứ ${rank}/${candidates.length} (tổng ${formatPoints(e.total!)}${detail})`;
      const kept = rank <= cap;
      out.set(e.personId, {
        band: kept ? q.band : next,
        proposedBand: q.band,
        rank,
        reason: kept
          ? `Giữ mức ${bandName(frame, q.band)}: ${order}, trong ${capText}`
          : `Chuyển xuống ${bandName(frame, next)}: ${order}, ngoài ${capText}`,
      });
    });
  }
  return out;
}

/** Rolls monthly totals into a quarter or a year under the frame's rule (the mean, for now). */
export function rollUp(
  frame: StaffFrame,
  months: Array<{ period: string; total: number | null; band: string | null; disqualified: boolean }>,
): { total: number | null; band: string | null; text: string } {
  const rated = months.filter((m) => m.total !== null);
  if (rated.length === 0) return { total: null, band: null, text: 'Chưa có tháng nào được chấm' };
  const total = round2(rated.reduce((s, m) => s + m.total!, 0) / rated.length);
  const disqualified = months.some((m) => m.disqualified);
  const band = disqualified ? frame.failing_band : bandFor(frame, total);
  const list = rated.map((m) => `${m.period}: ${formatPoints(m.total!)}`).join('; ');
  const text = `Trung bình ${rated.length} tháng (${list}) = ${formatPoints(total)} → ${bandName(frame, band)}${disqualified ? ' (có tháng vi phạm)' : ''}${frame.rollup.verified ? '' : ' — quy tắc tổng hợp chưa xác minh'}`;
  return { total, band, text };
}
