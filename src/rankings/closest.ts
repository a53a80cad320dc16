/**
 * The short list a leader acts on (đơn vị gần đạt): the units of an area that do not meet a
 * framework yet, closest first — fewest criteria short, then fewest indicators short, then the
 * smallest total gap — each with what remains in words.
 */
import type { Actor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import type { Status } from '../engine/status.ts';
import { explainSubtree, type Shortfall } from './explain.ts';

export interface ClosestUnit {
  rank: number;
  unit: { code: string; name: string; kind: string; parent_code: string | null };
  status: Status;
  met_criteria: number;
  total_criteria: number;
  criteria_short: number;
  indicators_short: number;
  distance: number;
  /** What remains, closest first (at most `shown` of them; `indicators_short` has the count). */
  shortfalls: Shortfall[];
}

export interface ClosestList {
  framework: { id: string; version: number; name: string };
  period: string;
  tree_date: string;
  unit: { code: string; name: string };
  /** Units of the area the framework applies to, and how many meet it already. */
  total: number;
  met: number;
  rule: string;
  units: ClosestUnit[];
}

export const closestRule =
  'Đơn vị chưa đạt, xếp theo số tiêu chí còn thiếu (ít nhất trước), rồi số chỉ tiêu còn thiếu, rồi tổng mức còn thiếu (mỗi chỉ tiêu tính theo tỷ lệ khoảng cách tới ngưỡng, tối đa 1; chỉ tiêu chưa có số liệu hoặc không đo bằng số tính 1)';

const ranked = new Set<Status>(['not_met', 'basically_met', 'no_data']);

/** Units of `unitCode`'s area not meeting `frameworkId` in `period`, closest first (at most `limit`). */
export async function listClosestUnits(
  db: Db,
  opts: { frameworkId: string; period: string; unitCode: string; actor: Actor | string; limit?: number },
): Promise<ClosestList> {
  const { fw, period, treeDate, root, units } = await explainSubtree(db, opts);
  const rows = units
    .filter((u) => ranked.has(u.ev.status))
    .map((u) => ({
      unit: { code: u.node.code, name: u.node.name, kind: u.node.kind, parent_code: u.node.parentCode },
      status: u.ev.status,
      met_criteria: u.ev.metCriteria,
      total_criteria: u.ev.totalCriteria,
      criteria_short: u.ev.totalCriteria - u.ev.metCriteria,
      indicators_short: u.shortfalls.length,
      distance: u.distance,
      shortfalls: u.shortfalls.slice(0, 5),
    }))
    .sort(
      (a, b) =>
        a.criteria_short - b.criteria_short ||
        a.indicators_short - b.indicators_short ||
        a.distance - b.distance ||
        a.unit.code.localeCompare(b.unit.code),
    );
  const out: ClosestUnit[] = [];
  for (const [i, r] of rows.slice(0, opts.limit ?? 50).entries()) {
    const prev = out[i - 1];
    const tie =
      prev &&
      prev.criteria_short === r.criteria_short &&
      prev.indicators_short === r.indicators_short &&
      prev.distance === r.distance;
    out.push({ rank: tie ? prev.rank : i + 1, ...r });
  }
  return {
    framework: { id: fw.meta.id, version: fw.meta.version, name: fw.meta.name },
    period: period.code,
    tree_date: treeDate,
    unit: { code: root.code, name: root.name },
    total: units.length,
    met: units.filter((u) => u.ev.status === 'met').length,
    rule: closestRule,
    units: out,
  };
}
