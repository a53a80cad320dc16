/** Target reports (báo cáo chỉ tiêu KT-XH) that are overdue or came in late, from readProgress. */
import { type Actor, can, systemActor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { listPlans } from '../targets/plans.ts';
import { readProgress } from '../targets/progress.ts';

export interface ReportDue {
  year: number;
  holder: string;
  holder_name: string;
  indicator: string;
  indicator_name: string;
  period: string;
  /** missing: still not reported after its due date; late: reported after it. */
  state: 'missing' | 'late';
  due: string;
  days_late: number;
}

/**
 * The reports of this year's plan (or the latest plan before it) that are missing or were late,
 * for the holders the actor may read (only `holder` when given): missing first, most overdue first.
 */
export async function reportsDue(
  db: Db,
  actor: Actor,
  opts: { today: string; holder?: string },
): Promise<ReportDue[]> {
  const year = Number(opts.today.slice(0, 4));
  const plan = (await listPlans(db)).find((p) => p.year <= year);
  if (!plan) return [];
  const progress = await readProgress(db, {
    actor: systemActor,
    year: plan.year,
    today: opts.today,
    holder: opts.holder,
  });
  const holders = new Map(progress.holders.map((h) => [h.code, h]));
  const names = new Map(progress.plan.indicators.map((i) => [i.code, i.name]));
  const readable = new Map<string, boolean>();
  const out: ReportDue[] = [];
  for (const cell of progress.cells) {
    const h = holders.get(cell.holder);
    if (!h) continue;
    if (!readable.has(h.code))
      readable.set(
        h.code,
        await can(db, actor, 'unit.read', { unitCode: h.accessUnit, date: plan.treeDate }),
      );
    if (!readable.get(h.code)) continue;
    for (const r of cell.reports)
      if (r.state === 'missing' || r.state === 'late')
        out.push({
          year: plan.year,
          holder: h.code,
          holder_name: h.name,
          indicator: cell.indicator,
          indicator_name: names.get(cell.indicator) ?? cell.indicator,
          period: r.period,
          state: r.state,
          due: r.due,
          days_late: r.daysLate,
        });
  }
  return out.sort(
    (a, b) => Number(b.state === 'missing') - Number(a.state === 'missing') || b.days_late - a.days_late,
  );
}
