/**
 * A small demonstration agency (marked "thử nghiệm"): a ward People's Committee with two
 * divisions, positions, people, a shared product catalogue and tasks for the three months up to
 * the current one, the first two approved so that the band chart has a history and the current
 * month is under way. Loaded once (skipped if present).
 */
import { type Actor, systemActor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { proposeCatalogueItem } from './catalogue.ts';
import { upsertStaffOrg } from './org.ts';
import { approveStaffEvaluations, reviewStaffEvaluation, selfAssessStaffEvaluation } from './steps.ts';
import { assignTasks, completeTask, rateTask } from './tasks.ts';

export const demoAgency = 'DEMO-UBND';
/** The demo's months: the two before the month of `today` (YYYY-MM-DD) and that month. */
export function demoMonths(today: string): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return [-2, -1, 0].map((k) => {
    const d = new Date(Date.UTC(y, m - 1 + k, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

const people: Array<[code: string, name: string, unit: string, position: string, manager: string | null]> = [
  ['CB01', 'Nguyễn Văn An', 'DEMO-UBND', 'CT', null],
  ['CB02', 'Trần Thị Bình', 'DEMO-VP', 'TP', 'CB01'],
  ['CB03', 'Lê Minh Châu', 'DEMO-VP', 'CV', 'CB02'],
  ['CB04', 'Phạm Đức Dũng', 'DEMO-VP', 'CV', 'CB02'],
  ['CB05', 'Hoàng Thị Hà', 'DEMO-VP', 'CV', 'CB02'],
  ['CB06', 'Vũ Quang Huy', 'DEMO-VP', 'CV', 'CB02'],
  ['CB07', 'Đặng Thu Lan', 'DEMO-VP', 'CV', 'CB02'],
  ['CB08', 'Bùi Văn Long', 'DEMO-KT', 'TP', 'CB01'],
  ['CB09', 'Ngô Thị Mai', 'DEMO-KT', 'CV', 'CB08'],
  ['CB10', 'Đỗ Văn Nam', 'DEMO-KT', 'CV', 'CB08'],
  ['CB11', 'Trịnh Thị Oanh', 'DEMO-KT', 'CV', 'CB08'],
];

/** Deterministic 0..1 numbers from a text (the same demo every time). */
function rand(seed: string): number {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return ((h >>> 0) % 10000) / 10000;
}

/** The agency tree and catalogue only (tests and the bench build on it). */
export async function seedStaffOrg(db: Db, actor: Actor): Promise<Map<string, number>> {
  await upsertStaffOrg(db, {
    actor,
    units: [
      { code: 'DEMO-UBND', name: 'UBND phường Minh Khai (thử nghiệm)', kind: 'agency' },
      { code: 'DEMO-VP', name: 'Văn phòng HĐND và UBND', parent_code: 'DEMO-UBND' },
      { code: 'DEMO-KT', name: 'Phòng Kinh tế, Hạ tầng và Đô thị', parent_code: 'DEMO-UBND' },
    ],
    positions: [
      { code: 'CT', name: 'Chủ tịch UBND', task_group: 'lanh_dao', is_head: true },
      { code: 'TP', name: 'Trưởng phòng', task_group: 'lanh_dao', is_head: true },
      { code: 'CV', name: 'Chuyên viên', task_group: 'chuyen_mon' },
    ],
    people: people.map(([code, full_name, org_unit, position_code, manager_code]) => ({
      code,
      full_name,
      org_unit,
      position_code,
      manager_code,
    })),
  });
  const exists = await db.query('SELECT 1 FROM staff_catalogue WHERE org_unit IS NULL LIMIT 1');
  if (exists.length === 0)
    for (const [code, name, coefficient] of [
      ['BC', 'Báo cáo định kỳ, chuyên đề', 1],
      ['VB', 'Văn bản hành chính (công văn, tờ trình)', 0.5],
      ['HS', 'Hồ sơ thủ tục hành chính được giải quyết', 0.2],
      ['DA', 'Đề án, kế hoạch', 3],
    ] as const)
      await proposeCatalogueItem(db, { actor, item: { code, name, task_group: 'chuyen_mon', coefficient } });
  const rows = await db.query<{ id: number; code: string }>('SELECT id, code FROM staff_people');
  return new Map(rows.map((r) => [r.code, r.id]));
}

/**
 * The whole demo: tree, catalogue, tasks for the three months up to `today`'s, the first two
 * approved; in the current month only tasks due by today are finished.
 */
export async function loadStaffDemo(
  db: Db,
  opts: { today: string; log?: (m: string) => void },
): Promise<void> {
  if ((await db.query('SELECT 1 FROM staff_org_units WHERE code = $1', [demoAgency])).length > 0) return;
  const months = demoMonths(opts.today);
  const ids = await seedStaffOrg(db, systemActor);
  const catalogue = new Map(
    (
      await db.query<{ id: number; code: string }>(
        'SELECT id, code FROM staff_catalogue WHERE org_unit IS NULL',
      )
    ).map((r) => [r.code, r.id]),
  );
  const kinds = ['BC', 'VB', 'HS', 'DA'];
  let tasks = 0;
  for (const month of months) {
    for (const [code, , unit, position] of people) {
      if (position !== 'CV') continue;
      const n = 4 + Math.floor(rand(`${code}${month}n`) * 3);
      const specs = Array.from({ length: n }, (_, i) => {
        const kind = kinds[Math.floor(rand(`${code}${month}${i}k`) * kinds.length)]!;
        const day = 5 + Math.floor(rand(`${code}${month}${i}d`) * 20);
        return {
          assignee_id: ids.get(code)!,
          title: `${kind === 'BC' ? 'Báo cáo' : kind === 'VB' ? 'Dự thảo công văn' : kind === 'HS' ? 'Giải quyết hồ sơ' : 'Xây dựng kế hoạch'} số ${i + 1} tháng ${month.slice(5)}`,
          doc_number: `${100 + i}/${unit === 'DEMO-VP' ? 'VP' : 'KT'}-${month}`,
          role: i % 4 === 3 ? ('collaborator' as const) : ('lead' as const),
          catalogue_id: catalogue.get(kind)!,
          quantity: kind === 'HS' ? 5 : 1,
          deadline: `${month}-${String(day).padStart(2, '0')}`,
        };
      });
      const taskIds = await assignTasks(db, { actor: systemActor, tasks: specs, source: 'demo' });
      tasks += taskIds.length;
      for (const [i, id] of taskIds.entries()) {
        const r = rand(`${code}${month}${i}c`);
        const deadline = specs[i]!.deadline;
        if (r < 0.1 || deadline > opts.today) continue; // not finished (yet)
        const late = r > 0.8;
        const lateDay = `${month}-${String(Math.min(28, Number(deadline.slice(8)) + 2)).padStart(2, '0')}`;
        const done = late && lateDay <= opts.today ? lateDay : deadline;
        await completeTask(db, {
          actor: systemActor,
          taskId: id,
          completed_on: done,
          product: 'Đã ban hành',
        });
        const q = rand(`${code}${month}${i}q`);
        await rateTask(db, {
          actor: systemActor,
          taskId: id,
          rating: { quality: q < 0.05 ? 'khong_dat' : 'dat', major_errors: q > 0.85 ? 1 : 0 },
        });
      }
    }
    if (month === months.at(-1)) continue;
    for (const [code, , , position] of people) {
      if (position !== 'CV') continue;
      const id = ids.get(code)!;
      const g = 24 + Math.round(rand(`${code}${month}g`) * 6);
      await selfAssessStaffEvaluation(db, {
        actor: systemActor,
        personId: id,
        period: month,
        manual: { general: Math.min(30, g + 1) },
        note: 'Tự đánh giá (thử nghiệm)',
      });
      await reviewStaffEvaluation(db, {
        actor: systemActor,
        personId: id,
        period: month,
        manual: { general: g },
        reason: 'Điều chỉnh theo mức độ chấp hành kỷ luật (thử nghiệm)',
      });
    }
    for (const unit of ['DEMO-VP', 'DEMO-KT'])
      await approveStaffEvaluations(db, {
        actor: systemActor,
        unit,
        period: month,
        personIds: people.filter((p) => p[2] === unit && p[3] === 'CV').map((p) => ids.get(p[0])!),
      });
  }
  opts.log?.(
    `Đánh giá cán bộ (thử nghiệm): ${people.length} người, ${tasks} nhiệm vụ, tháng ${months.join(', ')}.`,
  );
}
