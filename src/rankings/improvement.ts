/**
 * Rankings by improvement (xếp hạng theo mức tiến bộ): the units of an area compared between two
 * periods — criteria gained, indicators gained, gap closed — besides the level reached. Each unit
 * is judged on the tree and the framework version of each period; a unit formed by a merger after
 * the first period has nothing to compare and is listed last, said so.
 */
import type { Actor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { requirePeriod } from '../engine/periods.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';
import { type ExplainedUnit, explainSubtree } from './explain.ts';

export const improvementOrders = ['criteria', 'indicators', 'gap', 'level'] as const;
export type ImprovementOrder = (typeof improvementOrders)[number];

export interface ImprovementRow {
  /** Null when the unit did not exist (or was not evaluated) in the first period. */
  rank: number | null;
  unit: { code: string; name: string; kind: string; parent_code: string | null };
  status_from: string | null;
  status_to: string;
  criteria_from: number | null;
  criteria_to: number;
  total_criteria: number;
  criteria_gained: number | null;
  indicators_from: number | null;
  indicators_to: number;
  indicators_gained: number | null;
  distance_from: number | null;
  distance_to: number;
  /** distance_from − distance_to: positive when the unit came closer to meeting. */
  gap_closed: number | null;
}

export interface ImprovementRanking {
  framework: { id: string; name: string };
  from: string;
  to: string;
  unit: { code: string; name: string };
  order: ImprovementOrder;
  /** How the ranking is made, in words (shown above the table and in the export). */
  rule: string;
  rows: ImprovementRow[];
}

const ruleWords: Record<ImprovementOrder, string> = {
  criteria: 'số tiêu chí đạt thêm',
  indicators: 'số chỉ tiêu đạt thêm',
  gap: 'mức thu hẹp khoảng cách tới ngưỡng',
  level: 'số tiêu chí đạt ở kỳ cuối',
};

/** The ranking's rule in words: the chosen measure, then the others as tie-breakers. */
export function improvementRule(order: ImprovementOrder, from: string, to: string): string {
  const rest = improvementOrders.filter((o) => o !== order && o !== 'level').map((o) => ruleWords[o]);
  return (
    `Xếp hạng theo ${ruleWords[order]} từ kỳ ${from} đến kỳ ${to}; bằng nhau thì theo ${rest.join(', rồi ')}. ` +
    'Khoảng cách tới ngưỡng: tổng của mỗi chỉ tiêu chưa đạt theo tỷ lệ còn thiếu so với ngưỡng (tối đa 1; chưa có số liệu hoặc không đo bằng số tính 1). ' +
    'Đơn vị hình thành sau kỳ đầu (sáp nhập) không có số liệu để so sánh, xếp cuối.'
  );
}

const round = (n: number) => Number(n.toFixed(4));

function keyOf(r: ImprovementRow, o: ImprovementOrder): number {
  if (o === 'level') return r.criteria_to;
  if (o === 'criteria') return r.criteria_gained ?? Number.NEGATIVE_INFINITY;
  if (o === 'indicators') return r.indicators_gained ?? Number.NEGATIVE_INFINITY;
  return r.gap_closed ?? Number.NEGATIVE_INFINITY;
}

/** Ranks the units of `unitCode`'s area (tree of `to`) by their improvement from `from` to `to`. */
export async function rankImprovement(
  db: Db,
  opts: {
    frameworkId: string;
    from: string;
    to: string;
    unitCode: string;
    order?: ImprovementOrder;
    actor: Actor | string;
  },
): Promise<ImprovementRanking> {
  const order = opts.order ?? 'criteria';
  const from = requirePeriod(opts.from);
  const to = requirePeriod(opts.to);
  if (from.end >= to.end)
    throw new AppError(
      'INVALID_PERIOD',
      text(
        `Kỳ đầu (${from.code}) phải trước kỳ cuối (${to.code})`,
        `the first period (${from.code}) must come before the last (${to.code})`,
      ),
    );
  const end = await explainSubtree(db, { ...opts, period: to.code });
  // The first period on its own tree: the area's units as they were then, matched by code (an
  // area that did not exist then leaves every unit without comparison).
  const before = new Map<string, ExplainedUnit>();
  const start = await explainSubtree(db, { ...opts, period: from.code }).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'UNIT_NOT_IN_PERIOD') return null;
    throw err;
  });
  for (const u of start?.units ?? []) before.set(u.node.code, u);
  const rows: ImprovementRow[] = end.units.map((u) => {
    const b = before.get(u.node.code);
    return {
      rank: null,
      unit: { code: u.node.code, name: u.node.name, kind: u.node.kind, parent_code: u.node.parentCode },
      status_from: b?.ev.status ?? null,
      status_to: u.ev.status,
      criteria_from: b ? b.ev.metCriteria : null,
      criteria_to: u.ev.metCriteria,
      total_criteria: u.ev.totalCriteria,
      criteria_gained: b ? u.ev.metCriteria - b.ev.metCriteria : null,
      indicators_from: b ? b.metIndicators : null,
      indicators_to: u.metIndicators,
      indicators_gained: b ? u.metIndicators - b.metIndicators : null,
      distance_from: b ? b.distance : null,
      distance_to: u.distance,
      gap_closed: b ? round(b.distance - u.distance) : null,
    };
  });
  const keys: ImprovementOrder[] = [order, ...improvementOrders.filter((o) => o !== order)];
  const compare = (a: ImprovementRow, b: ImprovementRow) => {
    for (const k of keys) {
      const d = keyOf(b, k) - keyOf(a, k);
      if (d !== 0 && !Number.isNaN(d)) return d;
    }
    return 0;
  };
  rows.sort((a, b) => {
    const na = Number(a.status_from === null) - Number(b.status_from === null);
    return na || compare(a, b) || a.unit.code.localeCompare(b.unit.code);
  });
  rows.forEach((r, i) => {
    if (r.status_from === null) return;
    const prev = rows[i - 1];
    r.rank = prev && prev.rank !== null && compare(prev, r) === 0 ? prev.rank : i + 1;
  });
  return {
    framework: { id: end.fw.meta.id, name: end.fw.meta.name },
    from: from.code,
    to: to.code,
    unit: { code: end.root.code, name: end.root.name },
    order,
    rule: improvementRule(order, from.code, to.code),
    rows,
  };
}
