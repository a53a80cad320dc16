/** Tasks (nhiệm vụ): assigned by a manager, completed by the person, rated by the assigner. */
import type { Actor } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import type { Period } from '../engine/periods.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';
import { actorPerson, relations, requireStaffAbility } from './access.ts';

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
  opts: { actor: Actor; tasks: NewTask[]; source?: string },
): Promise<number[]> {
  const { actor, tasks } = opts;
  const source = opts.source ?? 'manual';
  return db.transaction(async (tx) => {
    await requireStaffAbility(tx, actor, 'staff.assign', [...new Set(tasks.map((t) => t.assignee_id))]);
    const assigner = (await actorPerson(tx, actor))?.id ?? null;
    const ids: number[] = [];
    for (const [i, t] of tasks.entries()) {
      let coefficient = 1;
      if (t.catalogue_id) {
        const c = (
          await tx.query<{ coefficient: number; status: string }>(
            'SELECT coefficient::float8 AS coefficient, status FROM staff_catalogue WHERE id = $1',
            [t.catalogue_id],
          )
        )[0];
        if (c?.status !== 'approved')
          throw new AppError(
            'INVALID_REQUEST',
            text(
              `Sản phẩm ${t.catalogue_id} không có hoặc chưa được duyệt`,
              `catalogue item ${t.catalogue_id} is missing or not approved`,
            ),
            [
              {
                field: `tasks[${i}].catalogue_id`,
                value: String(t.catalogue_id),
                message: text('chưa duyệt', 'not approved'),
              },
            ],
          );
        coefficient = c.coefficient;
      }
      const dup = t.doc_number
        ? await tx.query('SELECT 1 FROM staff_tasks WHERE doc_number = $1 AND assignee_id = $2', [
            t.doc_number,
            t.assignee_id,
          ])
        : [];
      if (dup.length > 0)
        throw new AppError(
          'DUPLICATE_TASK',
          text(
            `Văn bản ${t.doc_number} đã được giao cho cán bộ này`,
            `document ${t.doc_number} is already assigned to this person`,
          ),
          [
            {
              field: `tasks[${i}].doc_number`,
              value: t.doc_number!,
              message: text('trùng số văn bản', 'duplicate'),
            },
          ],
        );
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

const taskSelect = `SELECT t.id, t.doc_number, t.title, t.assignee_id, t.role, t.quantity::float8 AS quantity,
  t.coefficient::float8 AS coefficient, t.original_deadline::text AS original_deadline, t.deadline::text AS deadline,
  t.completed_on::text AS completed_on, t.product, t.quality, t.major_errors, t.excused_errors, t.delay_excused,
  t.objective_cause, e.new_deadline::text AS pending_extension, e.id AS pending_extension_id
  FROM staff_tasks t LEFT JOIN staff_extensions e ON e.task_id = t.id AND e.status = 'requested'`;

/** One task (with its pending extension), or NOT_FOUND. */
export async function requireTask(db: Db, id: number): Promise<TaskRow> {
  const t = (await db.query<TaskRow>(`${taskSelect} WHERE t.id = $1`, [id]))[0];
  if (!t) throw new AppError('NOT_FOUND', text(`Không có nhiệm vụ ${id}`, `no such task`));
  return t;
}

/** The assignee (or their manager) records completion and the delivered product. */
export async function completeTask(
  db: Db,
  opts: { actor: Actor; taskId: number; completed_on: string; product?: string | null },
): Promise<void> {
  const { actor, taskId: id } = opts;
  await db.transaction(async (tx) => {
    const t = await requireTask(tx, id);
    const rel = (await relations(tx, actor, [t.assignee_id])).get(t.assignee_id)!;
    if (!rel.self && !rel.manager)
      throw new AppError(
        'FORBIDDEN',
        text(
          `Tài khoản ${actor.username} không được cập nhật nhiệm vụ ${id}`,
          `${actor.username} may not update task ${id}`,
        ),
      );
    await tx.query('UPDATE staff_tasks SET completed_on = $2, product = $3 WHERE id = $1', [
      id,
      opts.completed_on,
      opts.product ?? null,
    ]);
    await recordEvent(tx, {
      type: 'staff.task_completed',
      actor,
      data: {
        task_id: id,
        completed_on: opts.completed_on,
        product: opts.product ?? null,
        deadline: t.deadline,
      },
    });
  });
}

export interface TaskRating {
  quality: 'dat' | 'khong_dat';
  major_errors?: number;
  excused_errors?: number;
  delay_excused?: boolean;
  objective_cause?: string | null;
}

/** The assigner rates quality: meets or not, serious errors, and which causes were objective (approved). */
export async function rateTask(db: Db, opts: { actor: Actor; taskId: number; rating: TaskRating }) {
  const { actor, taskId: id, rating: input } = opts;
  const excusing = (input.excused_errors ?? 0) > 0 || input.delay_excused;
  if (excusing && !input.objective_cause?.trim())
    throw new AppError(
      'REASON_REQUIRED',
      text('Cần ghi nguyên nhân khách quan khi miễn trừ điểm', 'an objective cause is required to excuse'),
      [{ field: 'objective_cause', message: text('bắt buộc', 'required') }],
    );
  if ((input.excused_errors ?? 0) > (input.major_errors ?? 0))
    throw new AppError(
      'INVALID_REQUEST',
      text('Số sai sót được miễn trừ lớn hơn số sai sót', 'more excused errors than errors'),
      [{ field: 'excused_errors', message: text('không được lớn hơn major_errors', '≤ major_errors') }],
    );
  await db.transaction(async (tx) => {
    const t = await requireTask(tx, id);
    await requireStaffAbility(tx, actor, 'staff.rate', [t.assignee_id]);
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

/** Tasks of the given people whose (approved) deadline falls in the period. */
export async function tasksInPeriod(db: Db, personIds: number[], period: Period): Promise<TaskRow[]> {
  return db.query<TaskRow>(
    `${taskSelect} WHERE t.assignee_id = ANY($1::int[]) AND t.deadline BETWEEN $2 AND $3 ORDER BY t.deadline, t.id`,
    [personIds, period.start, period.end],
  );
}
