/** Deadline extensions (gia hạn): the person asks with a reason, the assigner decides once (src/staff/workflow.ts). */
import type { Actor } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';
import { relations } from './access.ts';
import { requireTask } from './tasks.ts';
import { requireExtensionStep } from './workflow.ts';

/** The assignee (or the assigner) asks for a later deadline, with a reason; one request at a time. */
export async function requestExtension(
  db: Db,
  opts: { actor: Actor; taskId: number; new_deadline: string; reason: string },
): Promise<number> {
  const { actor, taskId } = opts;
  if (!opts.reason.trim())
    throw new AppError('REASON_REQUIRED', text('Cần ghi lý do gia hạn', 'a reason is required'), [
      { field: 'reason', message: text('bắt buộc', 'required') },
    ]);
  return db.transaction(async (tx) => {
    const t = await requireTask(tx, taskId);
    const rel = (await relations(tx, actor, [t.assignee_id])).get(t.assignee_id)!;
    requireExtensionStep('request', t.pending_extension_id ? 'requested' : 'new', rel, { actor, taskId });
    if (opts.new_deadline <= t.deadline)
      throw new AppError(
        'INVALID_REQUEST',
        text(`Hạn mới phải sau hạn hiện tại ${t.deadline}`, `the new deadline must be after ${t.deadline}`),
        [
          {
            field: 'new_deadline',
            value: opts.new_deadline,
            message: text('phải sau hạn hiện tại', 'must be after the current deadline'),
          },
        ],
      );
    const r = await tx.query<{ id: number }>(
      'INSERT INTO staff_extensions (task_id, new_deadline, reason, requested_by) VALUES ($1, $2, $3, $4) RETURNING id',
      [taskId, opts.new_deadline, opts.reason, actor.username],
    );
    await recordEvent(tx, {
      type: 'staff.extension_requested',
      actor,
      data: { task_id: taskId, new_deadline: opts.new_deadline, reason: opts.reason },
    });
    return r[0]!.id;
  });
}

/** The assigner approves (the deadline moves) or refuses a pending extension. */
export async function decideExtension(
  db: Db,
  opts: { actor: Actor; extensionId: number; approve: boolean },
): Promise<void> {
  const { actor, extensionId } = opts;
  await db.transaction(async (tx) => {
    const e = (
      await tx.query<{ task_id: number; new_deadline: string; status: 'requested' | 'approved' | 'refused' }>(
        `SELECT task_id, to_char(new_deadline, 'YYYY-MM-DD') AS new_deadline, status FROM staff_extensions WHERE id = $1 FOR UPDATE`,
        [extensionId],
      )
    )[0];
    if (!e)
      throw new AppError(
        'NOT_FOUND',
        text(`Không có đề nghị gia hạn ${extensionId}`, `no extension request ${extensionId}`),
      );
    const t = await requireTask(tx, e.task_id);
    const rel = (await relations(tx, actor, [t.assignee_id])).get(t.assignee_id)!;
    requireExtensionStep(opts.approve ? 'approve' : 'refuse', e.status, rel, { actor, taskId: e.task_id });
    await tx.query(
      'UPDATE staff_extensions SET status = $2, decided_by = $3, decided_at = now() WHERE id = $1',
      [extensionId, opts.approve ? 'approved' : 'refused', actor.username],
    );
    if (opts.approve)
      await tx.query('UPDATE staff_tasks SET deadline = $2 WHERE id = $1', [e.task_id, e.new_deadline]);
    await recordEvent(tx, {
      type: opts.approve ? 'staff.extension_approved' : 'staff.extension_refused',
      actor,
      data: { task_id: e.task_id, extension_id: extensionId, from: t.deadline, to: e.new_deadline },
    });
  });
}
