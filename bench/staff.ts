/**
 * Staff evaluation at scale: a 5,000-person agency tree (one agency, 50 divisions of 100 people)
 * with a quarter of tasks (24 per person), scored for the quarter with the quota applied
 * (src/staff/evaluations.ts evaluateUnit: reads + the pure scoring of every person). Reports only.
 */
import { systemActor } from '../src/access/index.ts';
import type { Db } from '../src/db/database.ts';
import { requirePeriod } from '../src/engine/periods.ts';
import { evaluateUnit } from '../src/staff/evaluations.ts';

const DIVISIONS = 50;
const PER_DIVISION = 100;
const TASKS_PER_PERSON = 24;
const QUARTER = '2030Q1';

const log = (m: string) => process.stderr.write(`${m}\n`);

export async function benchStaff(db: Db) {
  const people = DIVISIONS * PER_DIVISION;
  log(`[staff] seeding ${people} people × ${TASKS_PER_PERSON} tasks for ${QUARTER}`);
  const s0 = process.hrtime.bigint();
  await db.exec(`
    INSERT INTO staff_positions (code, name, task_group, is_head) VALUES
      ('B-HEAD', 'Trưởng phòng', 'lanh_dao', true), ('B-CV', 'Chuyên viên', 'chuyen_mon', false),
      ('B-HT', 'Nhân viên hỗ trợ', 'ho_tro', false)
      ON CONFLICT (code) DO NOTHING;
    INSERT INTO staff_org_units (code, name, parent_code, kind) VALUES ('B-ROOT', 'Cơ quan thử tải', NULL, 'agency');
    INSERT INTO staff_org_units (code, name, parent_code, kind)
      SELECT 'B-' || g, 'Phòng ' || g, 'B-ROOT', 'division' FROM generate_series(1, ${DIVISIONS}) g;
    INSERT INTO staff_people (code, full_name, org_unit, position_code)
      SELECT 'BP' || g, 'Cán bộ ' || g, 'B-' || (1 + (g - 1) / ${PER_DIVISION}),
        CASE WHEN (g - 1) % ${PER_DIVISION} = 0 THEN 'B-HEAD' WHEN g % 4 = 0 THEN 'B-HT' ELSE 'B-CV' END
      FROM generate_series(1, ${people}) g;
    INSERT INTO staff_tasks (doc_number, title, assignee_id, role, quantity, coefficient, original_deadline, deadline,
        completed_on, quality, major_errors, created_by)
      SELECT 'B' || p.id || '/' || k, 'Nhiệm vụ ' || k, p.id, CASE WHEN k % 4 = 0 THEN 'collaborator' ELSE 'lead' END,
        1 + k % 3, (ARRAY[0.2, 0.5, 1, 3])[1 + (p.id + k) % 4], d, d,
        CASE WHEN (p.id * 7 + k) % 10 = 0 THEN NULL WHEN (p.id + k) % 6 = 0 THEN d + 3 ELSE d END,
        CASE WHEN (p.id + k) % 25 = 0 THEN 'khong_dat' ELSE 'dat' END, CASE WHEN (p.id * 3 + k) % 9 = 0 THEN 1 ELSE 0 END, 'bench'
      FROM staff_people p CROSS JOIN generate_series(1, ${TASKS_PER_PERSON}) k
      CROSS JOIN LATERAL (SELECT DATE '2030-01-01' + ((p.id * 13 + k * 29) % 90) AS d) dd
      WHERE p.code LIKE 'BP%';
    INSERT INTO staff_evaluations (person_id, period, frame_id, state, manager_manual)
      SELECT id, '${QUARTER}', 'vn-nd335-2025', 'reviewed', jsonb_build_object('general', 20 + id % 11)
      FROM staff_people WHERE code LIKE 'BP%';
  `);
  const seedMs = Number(process.hrtime.bigint() - s0) / 1e6;
  const runs: number[] = [];
  let rated = 0;
  let kept = 0;
  for (let r = 0; r < 3; r++) {
    const t0 = process.hrtime.bigint();
    const { rows } = await evaluateUnit(db, {
      actor: systemActor,
      unit: 'B-ROOT',
      period: requirePeriod(QUARTER),
    });
    runs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    rated = rows.filter((x) => x.score.total !== null).length;
    kept = rows.filter((x) => x.band === 'xuat_sac').length;
  }
  const best = Math.round(Math.min(...runs));
  log(
    `  staff: seed ${Math.round(seedMs)} ms, quarter scoring of ${rated} people ${best} ms (xuất sắc kept: ${kept})`,
  );
  return {
    staff_people: people,
    staff_tasks: people * TASKS_PER_PERSON,
    staff_seed_ms: Math.round(seedMs),
    staff_quarter_score_ms: best,
    staff_rated: rated,
    staff_excellent_kept: kept,
  };
}
