import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';
import { loadGrants, type StoredGrant } from './grants.ts';
import { verifyPassword } from './passwords.ts';
import { cachedSession, cacheSession, forgetSession } from './session-cache.ts';
import { normaliseUsername } from './users.ts';

/** A session ends after this long without a request… */
export const IDLE_MINUTES = 30;
/** …or this long after login, whichever comes first. */
export const ABSOLUTE_HOURS = 12;
/** This many wrong passwords in a row lock the account for LOCK_MINUTES. */
export const LOCK_AFTER = 5;
export const LOCK_MINUTES = 15;
/** At most this many failed logins from one address (whatever the usernames) within LOCK_MINUTES. */
export const ADDRESS_LIMIT = Number(process.env.TIEUCHI_LOGIN_ADDRESS_LIMIT ?? 20);
/** An address the account logged in from within this many days is "known": a lock does not apply to it. */
export const KNOWN_ADDRESS_DAYS = 90;
/** last_seen is written at most this often (one write per minute, not per request). */
const TOUCH_EVERY_MS = 60_000;

const minutes = (n: number) => n * 60_000;

/** A logged-in person: who, with which roles, and the token the UI sends back against CSRF. */
export interface Session {
  user: { id: number; username: string; displayName: string; grants: StoredGrant[] };
  actor: Actor;
  csrfToken: string;
  tokenHash: string;
  expiresAt: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The CSRF token of a session: derived from its secret token, so nothing more is stored. */
export function csrfTokenFor(token: string): string {
  return createHash('sha256').update(`csrf\u0000${token}`).digest('base64url');
}

const loginFailed = () =>
  new AppError(
    'LOGIN_FAILED',
    text(
      `Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa vì nhập sai nhiều lần (thử lại sau ${LOCK_MINUTES} phút)`,
      `wrong username or password, or the account is locked for a while after repeated failures`,
    ),
  );

interface LoginRow {
  id: number;
  username: string;
  display_name: string;
  password_hash: string | null;
  active: boolean;
  locked_until: Date | string | null;
}

async function sessionFor(db: Db, user: LoginRow, token: string, expiresAt: Date): Promise<Session> {
  const grants = (await loadGrants(db, [user.id])).get(user.id) ?? [];
  return {
    user: { id: user.id, username: user.username, displayName: user.display_name, grants },
    actor: { userId: user.id, username: user.username, grants },
    csrfToken: csrfTokenFor(token),
    tokenHash: hashToken(token),
    expiresAt: expiresAt.toISOString(),
  };
}

/**
 * Logs in with username and password and opens a session. Every refusal has the same message
 * (LOGIN_FAILED), whether the account exists or not; LOCK_AFTER wrong passwords lock the account
 * for LOCK_MINUTES against every address but those it logged in from lately (a stranger cannot
 * lock the owner out), and ADDRESS_LIMIT failures from one address, whatever the usernames,
 * refuse that address for a while (LOGIN_RATE_LIMITED). The state is in the database, so it holds
 * across server instances. Failures are audit events (login.failed, user.locked).
 */
export async function login(
  db: Db,
  opts: {
    username: string;
    password: string;
    address?: string | null;
    userAgent?: string | null;
    now?: Date;
  },
): Promise<Session & { token: string }> {
  const now = opts.now ?? new Date();
  const username = normaliseUsername(opts.username).slice(0, 100);
  const address = opts.address ?? null;
  const windowStart = new Date(now.getTime() - minutes(LOCK_MINUTES));
  // One address spraying usernames: its failures are counted across every username.
  const recent =
    address === null
      ? 0
      : (
          await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM audit_events WHERE type = 'login.failed'
                AND data->>'address' = $2 AND at > $1`,
            [windowStart, address],
          )
        )[0]!.n;
  if (recent >= ADDRESS_LIMIT)
    throw new AppError(
      'LOGIN_RATE_LIMITED',
      `Quá nhiều lần đăng nhập không thành công từ địa chỉ này: thử lại sau ${LOCK_MINUTES} phút`,
    );
  const user = (
    await db.query<LoginRow>(
      'SELECT id, username, display_name, password_hash, active, locked_until FROM users WHERE username = $1',
      [username],
    )
  )[0];
  // A lock (LOCK_AFTER wrong passwords) holds only against addresses the account has not logged in
  // from lately: a stranger cannot lock the owner out of their usual machine.
  const locked =
    user?.locked_until != null &&
    new Date(user.locked_until) > now &&
    !(await knownAddress(db, user.id, address, now));
  const ok = await verifyPassword(user?.active && !locked ? user.password_hash : null, opts.password);
  if (ok && user) {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + ABSOLUTE_HOURS * 3_600_000);
    return db.transaction(async (tx) => {
      await tx.query('DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2', [
        now,
        new Date(now.getTime() - minutes(IDLE_MINUTES)),
      ]);
      await tx.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1', [user.id]);
      await tx.query(
        `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, address, user_agent)
         VALUES ($1, $2, $3, $3, $4, $5, $6)`,
        [hashToken(token), user.id, now, expiresAt, address, opts.userAgent?.slice(0, 300) ?? null],
      );
      const actor = { userId: user.id, username: user.username };
      await recordEvent(tx, { type: 'login.succeeded', actor, data: { user_id: user.id, address }, at: now });
      return { ...(await sessionFor(tx, user, token, expiresAt)), token };
    });
  }
  await db.transaction(async (tx) => {
    const reason = !user ? 'unknown_user' : !user.active ? 'inactive' : locked ? 'locked' : 'wrong_password';
    await recordEvent(tx, {
      type: 'login.failed',
      actor: { userId: null, username },
      data: { address, user_id: user?.id ?? null, reason },
      at: now,
    });
    if (reason !== 'wrong_password' || !user) return;
    const failed = (
      await tx.query<{ failed_logins: number }>(
        'UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins',
        [user.id],
      )
    )[0]!.failed_logins;
    if (failed < LOCK_AFTER) return;
    const until = new Date(now.getTime() + minutes(LOCK_MINUTES));
    await tx.query('UPDATE users SET failed_logins = 0, locked_until = $2 WHERE id = $1', [user.id, until]);
    await recordEvent(tx, {
      type: 'user.locked',
      actor: { userId: null, username },
      data: { user_id: user.id, username: user.username, until: until.toISOString() },
      at: now,
    });
  });
  throw loginFailed();
}

/** Whether the account logged in successfully from `address` within KNOWN_ADDRESS_DAYS. */
async function knownAddress(db: Db, userId: number, address: string | null, now: Date): Promise<boolean> {
  if (address === null) return false;
  const rows = await db.query(
    `SELECT 1 FROM audit_events WHERE type = 'login.succeeded' AND at > $3
        AND data->>'user_id' = $1 AND data->>'address' = $2 LIMIT 1`,
    [String(userId), address, new Date(now.getTime() - KNOWN_ADDRESS_DAYS * 86_400_000)],
  );
  return rows.length > 0;
}

/**
 * The session of a token, or null when unknown, idle for more than IDLE_MINUTES, past its
 * absolute expiry, or its account deactivated (the session is then deleted). Marks it as seen.
 */
export async function readSession(db: Db, opts: { token: string; now?: Date }): Promise<Session | null> {
  const now = opts.now ?? new Date();
  const tokenHash = hashToken(opts.token);
  // PGlite (one process): sessions are cached a few seconds. PostgreSQL (maybe several
  // instances): read every time, so that a logout, a revoked grant or a deactivation on one
  // instance holds on all at once.
  const cacheable = db.kind === 'pglite';
  const cached = cacheable ? cachedSession<Session>(db, tokenHash, now.getTime(), TOUCH_EVERY_MS) : null;
  if (cached) return cached;
  const row = (
    await db.query<LoginRow & { last_seen_at: Date | string; expires_at: Date | string }>(
      `SELECT u.id, u.username, u.display_name, NULL AS password_hash, u.active, u.locked_until, s.last_seen_at, s.expires_at
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`,
      [tokenHash],
    )
  )[0];
  if (!row) return null;
  let lastSeen = new Date(row.last_seen_at).getTime();
  const expiresAt = new Date(row.expires_at);
  if (!row.active || now >= expiresAt || now.getTime() - lastSeen > minutes(IDLE_MINUTES)) {
    await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
    return null;
  }
  if (now.getTime() - lastSeen >= TOUCH_EVERY_MS) {
    await db.query('UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1', [tokenHash, now]);
    lastSeen = now.getTime();
  }
  const session = await sessionFor(db, row, opts.token, expiresAt);
  if (cacheable)
    cacheSession(tokenHash, { session, db, readAt: now.getTime(), lastSeen, expiresAt: expiresAt.getTime() });
  return session;
}

/** Ends a session (logging out); an unknown token is ignored. */
export async function logout(db: Db, opts: { token: string }): Promise<void> {
  forgetSession(hashToken(opts.token));
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [hashToken(opts.token)]);
}
