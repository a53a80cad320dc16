/**
 * Notices (thông báo) per account: created once per subject (`dedupeKey`), listed newest first,
 * marked as read by their owner only.
 */
import type { Actor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';

export type NoticeKind =
  | 'dossier_deadline'
  | 'dossier_vote'
  | 'dossier_ruling'
  | 'report_missing'
  | 'survey_closing'
  | 'staff_self_assessment'
  | 'monthly_report';

export interface NewNotice {
  userId: number;
  kind: NoticeKind;
  title: string;
  body: string;
  link: string | null;
  dedupeKey: string;
  reportId?: number | null;
}

export interface Notice {
  id: number;
  kind: NoticeKind;
  title: string;
  body: string;
  link: string | null;
  report_id: number | null;
  created_at: string;
  read_at: string | null;
}

/**
 * Creates the notices not created before (same account and key); returns the ids of those
 * created now — a second run with the same subjects creates nothing.
 */
export async function createNotices(db: Db, notices: NewNotice[]): Promise<number[]> {
  if (notices.length === 0) return [];
  const rows = await db.query<{ id: string }>(
    `INSERT INTO notifications (user_id, kind, title, body, link, dedupe_key, report_id)
     SELECT n.user_id, n.kind, n.title, n.body, n.link, n.dedupe_key, n.report_id
       FROM jsonb_to_recordset($1::jsonb) AS n(user_id integer, kind text, title text, body text, link text,
            dedupe_key text, report_id bigint)
     ON CONFLICT (user_id, dedupe_key) DO NOTHING
     RETURNING id`,
    [
      JSON.stringify(
        notices.map((n) => ({
          user_id: n.userId,
          kind: n.kind,
          title: n.title,
          body: n.body,
          link: n.link,
          dedupe_key: n.dedupeKey,
          report_id: n.reportId ?? null,
        })),
      ),
    ],
  );
  return rows.map((r) => Number(r.id));
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function requireAccount(actor: Actor): number {
  if (actor.userId === null)
    throw new AppError(
      'AUTH_REQUIRED',
      text('Thông báo gắn với tài khoản: cần đăng nhập', 'notices belong to an account: log in first'),
    );
  return actor.userId;
}

/** The actor's notices, newest first, and how many are unread. */
export async function listNotices(
  db: Db,
  opts: { actor: Actor; limit?: number; unreadOnly?: boolean },
): Promise<{ unread: number; notices: Notice[] }> {
  const userId = requireAccount(opts.actor);
  const rows = await db.query<Omit<Notice, 'id' | 'report_id'> & { id: string; report_id: string | null }>(
    `SELECT id, kind, title, body, link, report_id, created_at, read_at FROM notifications
      WHERE user_id = $1 ${opts.unreadOnly ? 'AND read_at IS NULL' : ''}
      ORDER BY created_at DESC, id DESC LIMIT $2`,
    [userId, opts.limit ?? 50],
  );
  const [count] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL',
    [userId],
  );
  return {
    unread: count?.n ?? 0,
    notices: rows.map((r) => ({
      ...r,
      id: Number(r.id),
      report_id: r.report_id === null ? null : Number(r.report_id),
      created_at: iso(r.created_at) as string,
      read_at: iso(r.read_at),
    })),
  };
}

/** Marks the actor's notices read: the given ones, or all when `ids` is absent. */
export async function markNoticesRead(db: Db, opts: { actor: Actor; ids?: number[] }): Promise<number> {
  const userId = requireAccount(opts.actor);
  const rows = await db.query(
    `UPDATE notifications SET read_at = now()
      WHERE user_id = $1 AND read_at IS NULL ${opts.ids ? 'AND id = ANY($2::bigint[])' : ''}
      RETURNING id`,
    opts.ids ? [userId, opts.ids] : [userId],
  );
  return rows.length;
}

/** The e-mail address the person gave for notices (null: in-app only). */
export async function readNoticeEmail(db: Db, userId: number): Promise<string | null> {
  const [row] = await db.query<{ email: string | null }>(
    'SELECT email FROM notification_settings WHERE user_id = $1',
    [userId],
  );
  return row?.email ?? null;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Sets (or clears, with null) where the actor's notices are also sent by e-mail. */
export async function setNoticeEmail(db: Db, opts: { actor: Actor; email: string | null }): Promise<void> {
  const userId = requireAccount(opts.actor);
  const email = opts.email?.trim() || null;
  if (email !== null && (email.length > 254 || !emailPattern.test(email)))
    throw new AppError(
      'INVALID_REQUEST',
      text('Địa chỉ thư điện tử không hợp lệ', 'invalid e-mail address'),
      [
        {
          field: 'email',
          value: email,
          message: text('không phải địa chỉ thư điện tử', 'not an e-mail address'),
        },
      ],
    );
  await db.query(
    `INSERT INTO notification_settings (user_id, email) VALUES ($1, $2)
     ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, updated_at = now()`,
    [userId, email],
  );
}
