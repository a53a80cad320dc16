/** The agency tree, positions, people, the product catalogue, tasks and deadline extensions. */
import type { Actor } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';
import { actorPerson, isStaffAdmin, requireStaffAbility, staffAbilities } from './access.ts';

export interface OrgUnitInput {
  code: string;
  name: string;
  parent_code?: string | null;
  kind?: 'agency' | 'division';
}
export interface PositionInput {
  code: string;
  name: string;
  task_group: string;
  is_head?: boolean;
}
export interface PersonInput {
  code: string;
  full_name: string;
  org_unit: string;
  position_code: string;
  manager_code?: string | null;
  user_id?: number | null;
}

function requireAdmin(actor: Actor) {
  if (!isStaffAdmin(actor))
    throw new AppError(
      'FORBIDDEN',
      `Chỉ quản trị viên toàn hệ thống được sửa cơ cấu tổ chức (tài khoản ${actor.username})`,
    );
}

/** Sets up (or extends) an agency tree with its positions and people, in one transaction. */
export async function upsertOrg(
  db: Db,
  actor: Actor,
  input: { units?: OrgUnitInput[]; positions?: PositionInput[]; people?: PersonInput[] },
): Promise<void> {
  requireAdmin(actor);
  await db.transaction(async (tx) => {
    for (const u of input.units ?? [])
      await tx.query(
        `INSERT INTO staff_org_units (code, name, parent_code, kind) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent_code = excluded.parent_code, kind = excluded.kind`,
        [u.code, u.name, u.parent_code ?? null, u.kind ?? 'division'],
      );
    for (const p of input.positions ?? [])
      await tx.query(
        `INSERT INTO staff_positions (code, name, task_group, is_head) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, task_group = excluded.task_group, is_head = excluded.is_head`,
        [p.code, p.name, p.task_group, p.is_head ?? false],
      );
    for (const p of input.people ?? [])
      await tx.query(
        `INSERT INTO staff_people (code, full_name, org_unit, position_code, manager_id, user_id)
         VALUES ($1, $2, $3, $4, (SELECT id FROM staff_people WHERE code = $5), $6)
         ON CONFLICT (code) DO UPDATE SET full_name = excluded.full_name, org_unit = excluded.org_unit,
           position_code = excluded.position_code, manager_id = excluded.manager_id, user_id = excluded.user_id`,
        [p.code, p.full_name, p.org_unit, p.position_code, p.manager_code ?? null, p.user_id ?? null],
      );
    await recordEvent(tx, {
      type: 'staff.org_changed',
      actor,
      data: {
        units: (input.units ?? []).length,
        positions: (input.positions ?? []).length,
        people: (input.people ?? []).length,
      },
    });
  });
}

export interface PersonRow {
  id: number;
  code: string;
  full_name: string;
  org_unit: string;
  org_unit_name: string;
  position_code: string;
  position_name: string;
  task_group: string;
  is_head: boolean;
  manager_id: number | null;
  user_id: number | null;
}

const personSelect = `SELECT p.id, p.code, p.full_name, p.org_unit, u.name AS org_unit_name, p.position_code,
  pos.name AS position_name, pos.task_group, pos.is_head, p.manager_id, p.user_id
  FROM staff_people p JOIN staff_org_units u ON u.code = p.org_unit JOIN staff_positions pos ON pos.code = p.position_code`;

export async function getPerson(db: Db, id: number): Promise<PersonRow> {
  const r = await db.query<PersonRow>(`${personSelect} WHERE p.id = $1`, [id]);
  if (!r[0]) throw new AppError('NOT_FOUND', text(`Không có cán bộ ${id}`, `no such person`));
  return r[0];
}

/** People in the node `unit` and every node below it. */
export async function peopleUnder(db: Db, unit: string): Promise<PersonRow[]> {
  return db.query<PersonRow>(
    `WITH RECURSIVE below AS (
       SELECT code FROM staff_org_units WHERE code = $1
       UNION ALL SELECT u.code FROM staff_org_units u JOIN below b ON u.parent_code = b.code
     ) ${personSelect} WHERE p.active AND p.org_unit IN (SELECT code FROM below) ORDER BY p.org_unit, p.full_name`,
    [unit],
  );
}

export async function orgTree(db: Db) {
  return db.query<{ code: string; name: string; parent_code: string | null; kind: string }>(
    'SELECT code, name, parent_code, kind FROM staff_org_units ORDER BY code',
  );
}

/** A catalogue item: shared (org_unit null) items are approved at creation by an administrator; a unit's own wait for its head. */
export async function proposeCatalogueItem(
  db: Db,
  actor: Actor,
  item: { code: string; name: string; task_group: string; org_unit?: string | null; coefficient: number },
) {
  if (!(item.coefficient > 0))
    throw new AppError('INVALID_INPUT', 'Hệ số quy đổi phải lớn hơn 0', [
      { field: 'coefficient', message: 'phải > 0' },
    ]);
  const shared = !item.org_unit;
  if (shared) requireAdmin(actor);
  else if (!isStaffAdmin(actor)) {
    // A unit's own items are proposed by someone working in that unit.
    const me = await actorPerson(db, actor);
    if (me?.org_unit !== item.org_unit)
      throw new AppError(
        'FORBIDDEN',
        `Tài khoản ${actor.username} không đề xuất được danh mục cho đơn vị ${item.org_unit}`,
      );
  }
  return db.transaction(async (tx) => {
    const r = await tx.query<{ id: number }>(
      `INSERT INTO staff_catalogue (code, name, task_group, org_unit, coefficient, status, proposed_by, approved_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        item.code,
        item.name,
        item.task_group,
        item.org_unit ?? null,
        item.coefficient,
        shared ? 'approved' : 'proposed',
        actor.username,
        shared ? actor.username : null,
      ],
    );
    await recordEvent(tx, { type: 'staff.catalogue_proposed', actor, data: { ...item, id: r[0]!.id } });
    return r[0]!.id;
  });
}

/** The head of the unit (or an administrator) approves a unit-specific catalogue item. */
export async function approveCatalogueItem(db: Db, actor: Actor, id: number) {
  await db.transaction(async (tx) => {
    const item = (
      await tx.query<{ org_unit: string | null; status: string }>(
        'SELECT org_unit, status FROM staff_catalogue WHERE id = $1',
        [id],
      )
    )[0];
    if (!item) throw new AppError('NOT_FOUND', `Không có sản phẩm ${id} trong danh mục`);
    if (!isStaffAdmin(actor)) {
      const heads = await tx.query(
        `SELECT 1 FROM staff_people p JOIN staff_positions pos ON pos.code = p.position_code
          WHERE p.user_id = $1 AND pos.is_head AND p.org_unit = $2`,
        [actor.userId, item.org_unit],
      );
      if (heads.length === 0)
        throw new AppError('FORBIDDEN', 'Chỉ thủ trưởng đơn vị được duyệt danh mục của đơn vị');
    }
    await tx.query(`UPDATE staff_catalogue SET status = 'approved', approved_by = $2 WHERE id = $1`, [
      id,
      actor.username,
    ]);
    await recordEvent(tx, { type: 'staff.catalogue_approved', actor, data: { id } });
  });
}

export async function listCatalogue(db: Db, unit?: string) {
  return db.query<{
    id: number;
    code: string;
    name: string;
    task_group: string;
    org_unit: string | null;
    coefficient: number;
    status: 'proposed' | 'approved';
  }>(
    `SELECT id, code, name, task_group, org_unit, coefficient::float8 AS coefficient, status FROM staff_catalogue
      WHERE org_unit IS NULL OR org_unit = $1 ORDER BY org_unit NULLS FIRST, code`,
    [unit ?? null],
  );
}

export interface NewTask {
  assignee_id: number;
  title: string;
  doc_number?: string | null;
  role?: 'lead' | 'collaborator';
  catalogue_id?: number | null;
  quantity?: number;
  deadline: string;
}

/** A manager assigns tasks (in one transaction). The coefficient comes from an approved catalogue item. */
export async function assignTasks(
  db: Db,
  actor: Actor,
  tasks: NewTask[],
  source = 'manual',
): Promise<number[]> {
  await requireStaffAbility(db, actor, 'staff.assign', [...new Set(tasks.map((t) => t.assignee_id))]);
  const assigner =
    actor.userId === null
      ? null
      : ((await db.query<{ id: number }>('SELECT id FROM staff_people WHERE user_id = $1', [actor.userId]))[0]
          ?.id ?? null);
  return db.transaction(async (tx) => {
    const ids: number[] = [];
    for (const t of tasks) {
      let coefficient = 1;
      if (t.catalogue_id) {
        const c = (
          await tx.query<{ coefficient: number; status: string }>(
            'SELECT coefficient::float8 AS coefficient, status FROM staff_catalogue WHERE id = $1',
            [t.catalogue_id],
          )
        )[0];
        if (c?.status !== 'approved')
          throw new AppError('INVALID_INPUT', `Sản phẩm ${t.catalogue_id} không có hoặc chưa được duyệt`, [
            { field: 'catalogue_id', value: String(t.catalogue_id), message: 'chưa duyệt' },
          ]);
        coefficient = c.coefficient;
      }
      const dup = t.doc_number
        ? await tx.query('SELECT 1 FROM staff_tasks WHERE doc_number = $1 AND assignee_id = $2', [
            t.doc_number,
            t.assignee_id,
          ])
        : [];
      if (dup.length > 0)
        throw new AppError('DUPLICATE_TASK', `Văn bản ${t.doc_number} đã được giao cho cán bộ này`, [
          { field: 'doc_number', value: t.doc_number!, message: 'trùng số văn bản' },
        ]);
      const r = await tx.query<{ id: number }>(
        `INSERT INTO staff_tasks (doc_number, title, assignee_id, assigner_id, role, catalogue_id, quantity, coefficient,
           original_deadline, deadline, source, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11) RETURNING id`,
        [
          t.doc_number ?? null,
          t.title,
          t.assignee_id,
          assigner,
          t.role ?? 'lead',
          t.catalogue_id ?? null,
          t.quantity ?? 1,
          coefficient,
          t.deadline,
          source,
          actor.username,
        ],
      );
      ids.push(r[0]!.id);
    }
    await recordEvent(tx, { type: 'staff.tasks_assigned', actor, data: { task_ids: ids, source } });
    return ids;
  });
}

export interface TaskRow {
  id: number;
  doc_number: string | null;
  title: string;
  assignee_id: number;
  role: 'lead' | 'collaborator';
  quantity: number;
  coefficient: number;
  original_deadline: string;
  deadline: string;
  completed_on: string | null;
  product: string | null;
  quality: 'dat' | 'khong_dat' | null;
  major_errors: number;
  excused_errors: number;
  delay_excused: boolean;
  objective_cause: string | null;
  pending_extension: string | null;
  pending_extension_id: number | null;
}

export const taskSelect = `SELECT t.id, t.doc_number, t.title, t.assignee_id, t.role, t.quantity::float8 AS quantity,
  t.coefficient::float8 AS coefficient, t.original_deadline::text AS original_deadline, t.deadline::text AS deadline,
  t.completed_on::text AS completed_on, t.product, t.quality, t.major_errors, t.excused_errors, t.delay_excused,
  t.objective_cause, e.new_deadline::text AS pending_extension, e.id AS pending_extension_id
  FROM staff_tasks t LEFT JOIN staff_extensions e ON e.task_id = t.id AND e.status = 'requested'`;

async function taskOf(db: Db, id: number): Promise<TaskRow> {
  const t = (await db.query<TaskRow>(`${taskSelect} WHERE t.id = $1`, [id]))[0];
  if (!t) throw new AppError('NOT_FOUND', text(`Không có nhiệm vụ ${id}`, `no such task`));
  return t;
}

/** The assignee (or their manager) records completion and the delivered product. */
export async function completeTask(
  db: Db,
  actor: Actor,
  id: number,
  input: { completed_on: string; product?: string | null },
) {
  const t = await taskOf(db, id);
  const rels = await staffAbilities(db, actor, t.assignee_id);
  if (!rels.self && !rels['staff.rate'])
    throw new AppError('FORBIDDEN', `Tài khoản ${actor.username} không được cập nhật nhiệm vụ ${id}`);
  await db.transaction(async (tx) => {
    await tx.query('UPDATE staff_tasks SET completed_on = $2, product = $3 WHERE id = $1', [
      id,
      input.completed_on,
      input.product ?? null,
    ]);
    await recordEvent(tx, {
      type: 'staff.task_completed',
      actor,
      data: { task_id: id, ...input, deadline: t.deadline },
    });
  });
}

/** The assigner rates quality: meets or not, serious errors, and which causes were objective (approved). */
export async function rateTask(
  db: Db,
  actor: Actor,
  id: number,
  input: {
    quality: 'dat' | 'khong_dat';
    major_errors?: number;
    excused_errors?: number;
    delay_excused?: boolean;
    objective_cause?: string | null;
  },
) {
  const t = await taskOf(db, id);
  await requireStaffAbility(db, actor, 'staff.rate', [t.assignee_id]);
  const excusing = (input.excused_errors ?? 0) > 0 || input.delay_excused;
  if (excusing && !input.objective_cause?.trim())
    throw new AppError('REASON_REQUIRED', 'Cần ghi nguyên nhân khách quan khi miễn trừ điểm', [
      { field: 'objective_cause', message: 'bắt buộc' },
    ]);
  if ((input.excused_errors ?? 0) > (input.major_errors ?? 0))
    throw new AppError('INVALID_INPUT', 'Số sai sót được miễn trừ lớn hơn số sai sót', [
      { field: 'excused_errors', message: '≤ major_errors' },
    ]);
  await db.transaction(async (tx) => {
    await tx.query(
      `UPDATE staff_tasks SET quality = $2, major_errors = $3, excused_errors = $4, delay_excused = $5, objective_cause = $6 WHERE id = $1`,
      [
        id,
        input.quality,
        input.major_errors ?? 0,
        input.excused_errors ?? 0,
        input.delay_excused ?? false,
        input.objective_cause ?? null,
      ],
    );
    await recordEvent(tx, { type: 'staff.task_rated', actor, data: { task_id: id, ...input } });
  });
}

/** The assignee asks for a later deadline, with a reason. */
export async function requestExtension(
  db: Db,
  actor: Actor,
  taskId: number,
  input: { new_deadline: string; reason: string },
) {
  const t = await taskOf(db, taskId);
  await requireStaffAbility(db, actor, 'self', [t.assignee_id]).catch(async () =>
    requireStaffAbility(db, actor, 'staff.assign', [t.assignee_id]),
  );
  if (!input.reason.trim())
    throw new AppError('REASON_REQUIRED', 'Cần ghi lý do gia hạn', [
      { field: 'reason', message: 'bắt buộc' },
    ]);
  if (input.new_deadline <= t.deadline)
    throw new AppError('INVALID_INPUT', `Hạn mới phải sau hạn hiện tại ${t.deadline}`, [
      { field: 'new_deadline', value: input.new_deadline, message: 'phải sau hạn hiện tại' },
    ]);
  return db.transaction(async (tx) => {
    const r = await tx.query<{ id: number }>(
      'INSERT INTO staff_extensions (task_id, new_deadline, reason, requested_by) VALUES ($1, $2, $3, $4) RETURNING id',
      [taskId, input.new_deadline, input.reason, actor.username],
    );
    await recordEvent(tx, { type: 'staff.extension_requested', actor, data: { task_id: taskId, ...input } });
    return r[0]!.id;
  });
}

/** The assigner approves (the deadline moves) or refuses an extension. */
export async function decideExtension(db: Db, actor: Actor, extensionId: number, approve: boolean) {
  const e = (
    await db.query<{ task_id: number; new_deadline: string; status: string }>(
      `SELECT task_id, to_char(new_deadline, 'YYYY-MM-DD') AS new_deadline, status FROM staff_extensions WHERE id = $1`,
      [extensionId],
    )
  )[0];
  if (!e) throw new AppError('NOT_FOUND', `Không có đề nghị gia hạn ${extensionId}`);
  if (e.status !== 'requested') throw new AppError('STAFF_WRONG_STATE', 'Đề nghị gia hạn đã được xử lý');
  const t = await taskOf(db, e.task_id);
  await requireStaffAbility(db, actor, 'staff.assign', [t.assignee_id]);
  await db.transaction(async (tx) => {
    await tx.query(
      'UPDATE staff_extensions SET status = $2, decided_by = $3, decided_at = now() WHERE id = $1',
      [extensionId, approve ? 'approved' : 'refused', actor.username],
    );
    if (approve)
      await tx.query('UPDATE staff_tasks SET deadline = $2 WHERE id = $1', [e.task_id, e.new_deadline]);
    await recordEvent(tx, {
      type: approve ? 'staff.extension_approved' : 'staff.extension_refused',
      actor,
      data: { task_id: e.task_id, extension_id: extensionId, from: t.deadline, to: e.new_deadline },
    });
  });
}

/** First and last day of a period "2026-03" or "2026-Q1". */
export function periodRange(period: string): [string, string] {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  const y = /^(\d{4})$/.exec(period);
  let from: Date;
  let months: number;
  if (m && +m[2]! >= 1 && +m[2]! <= 12) {
    from = new Date(Date.UTC(+m[1]!, +m[2]! - 1, 1));
    months = 1;
  } else if (q) {
    from = new Date(Date.UTC(+q[1]!, (+q[2]! - 1) * 3, 1));
    months = 3;
  } else if (y) {
    from = new Date(Date.UTC(+y[1]!, 0, 1));
    months = 12;
  } else
    throw new AppError(
      'INVALID_PERIOD',
      text(
        `Kỳ "${period}" phải có dạng YYYY-MM, YYYY-Qn hoặc YYYY`,
        `period must be YYYY-MM, YYYY-Qn or YYYY`,
      ),
      [{ field: 'period', value: period, message: 'sai định dạng' }],
    );
  const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + months, 0));
  return [from.toISOString().slice(0, 10), to.toISOString().slice(0, 10)];
}

/** Tasks of the given people whose (approved) deadline falls in the period. */
export async function tasksInPeriod(db: Db, personIds: number[], period: string): Promise<TaskRow[]> {
  const [from, to] = periodRange(period);
  return db.query<TaskRow>(
    `${taskSelect} WHERE t.assignee_id = ANY($1::int[]) AND t.deadline BETWEEN $2 AND $3 ORDER BY t.deadline, t.id`,
    [personIds, from, to],
  );
}
