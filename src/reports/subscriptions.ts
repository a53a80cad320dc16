/** A leader's subscriptions to monthly summaries, and the files they received. Personal: only the owner sees them. */
import { type Actor, requireRead } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { unitOnDate } from '../home/periods.ts';
import { today as todayInVietnam } from '../http/openapi.ts';
import { text } from '../text.ts';

export interface Subscription {
  id: number;
  unit_code: string;
  unit_name: string;
  created_at: string;
}

function ownerOf(actor: Actor): number {
  if (actor.userId === null)
    throw new AppError('AUTH_REQUIRED', text('Cần đăng nhập để đăng ký báo cáo', 'log in to subscribe'));
  return actor.userId;
}

/** The actor's subscriptions. */
export async function listSubscriptions(db: Db, opts: { actor: Actor }): Promise<Subscription[]> {
  const rows = await db.query<{ id: number; unit_code: string; created_at: Date | string }>(
    'SELECT id, unit_code, created_at FROM report_subscriptions WHERE user_id = $1 ORDER BY id',
    [ownerOf(opts.actor)],
  );
  const out: Subscription[] = [];
  for (const r of rows) {
    const unit = await unitOnDate(db, r.unit_code, todayInVietnam());
    out.push({
      id: r.id,
      unit_code: r.unit_code,
      unit_name: unit?.name ?? r.unit_code,
      created_at: new Date(r.created_at).toISOString(),
    });
  }
  return out;
}

/** Subscribes the actor to the monthly summary of a unit he may read (again: no change). */
export async function subscribeMonthlyReport(
  db: Db,
  opts: { actor: Actor; unitCode: string },
): Promise<Subscription[]> {
  const userId = ownerOf(opts.actor);
  const unit = await unitOnDate(db, opts.unitCode, todayInVietnam());
  if (!unit)
    throw new AppError('UNIT_NOT_FOUND', text(`Không có đơn vị mã ${opts.unitCode}`, 'unknown unit'), [
      {
        field: 'unit_code',
        value: opts.unitCode,
        message: text('không có đơn vị với mã này', 'unknown unit code'),
      },
    ]);
  await requireRead(db, opts.actor, { unitCode: unit.code });
  await db.query(
    'INSERT INTO report_subscriptions (user_id, unit_code) VALUES ($1, $2) ON CONFLICT (user_id, unit_code) DO NOTHING',
    [userId, unit.code],
  );
  return listSubscriptions(db, { actor: opts.actor });
}

/** Ends one of the actor's subscriptions (the files already received stay until then). */
export async function unsubscribeMonthlyReport(db: Db, opts: { actor: Actor; id: number }): Promise<void> {
  const rows = await db.query(
    'DELETE FROM report_subscriptions WHERE id = $1 AND user_id = $2 RETURNING id',
    [opts.id, ownerOf(opts.actor)],
  );
  if (rows.length === 0)
    throw new AppError(
      'NOT_FOUND',
      text(`Không có đăng ký số ${opts.id} của tài khoản này`, 'no such subscription'),
    );
}

/** A monthly summary file the actor received. */
export async function readReportFile(
  db: Db,
  opts: { actor: Actor; id: number },
): Promise<{ fileName: string; content: Buffer }> {
  const [row] = await db.query<{ file_name: string; content: Uint8Array }>(
    `SELECT f.file_name, f.content FROM report_files f JOIN report_subscriptions s ON s.id = f.subscription_id
      WHERE f.id = $1 AND s.user_id = $2`,
    [opts.id, ownerOf(opts.actor)],
  );
  if (!row) throw new AppError('NOT_FOUND', text(`Không có báo cáo số ${opts.id}`, 'no such report'));
  return { fileName: row.file_name, content: Buffer.from(row.content) };
}
