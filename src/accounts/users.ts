import { type Actor, requireAbility, requireAbilitySomewhere } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { AppError, type InputIssue } from '../errors.ts';
import { text } from '../text.ts';
import { loadGrants, type StoredGrant } from './grants.ts';
import { hashPassword, requireGoodPassword } from './passwords.ts';

/** An account as shown to administrators (never the password hash). */
export interface UserInfo {
  id: number;
  username: string;
  displayName: string;
  active: boolean;
  lockedUntil: string | null;
  createdAt: string;
  grants: StoredGrant[];
}

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  active: boolean;
  locked_until: Date | string | null;
  created_at: Date | string;
}

const userColumns = 'id, username, display_name, active, locked_until, created_at';
const iso = (d: Date | string) => new Date(d).toISOString();

/** Usernames are compared lower-case, without surrounding spaces. */
export function normaliseUsername(username: string): string {
  return username.normalize('NFC').trim().toLowerCase();
}

const usernamePattern = /^[a-z0-9][a-z0-9._-]{2,63}$/;

async function present(db: Db, rows: UserRow[]): Promise<UserInfo[]> {
  const grants = await loadGrants(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    active: r.active,
    lockedUntil: r.locked_until ? iso(r.locked_until) : null,
    createdAt: iso(r.created_at),
    grants: grants.get(r.id) ?? [],
  }));
}

/** The account with this id; USER_NOT_FOUND otherwise. */
export async function requireUser(db: Db, userId: number): Promise<UserInfo> {
  const rows = await db.query<UserRow>(`SELECT ${userColumns} FROM users WHERE id = $1`, [userId]);
  if (rows.length === 0)
    throw new AppError('USER_NOT_FOUND', text(`Không có tài khoản số ${userId}`, `no such user`));
  return (await present(db, rows))[0]!;
}

/** Every account with its grants, by username. For administrators. */
export async function listUsers(db: Db, opts: { actor: Actor }): Promise<UserInfo[]> {
  requireAbilitySomewhere(opts.actor, 'user.manage');
  return present(db, await db.query<UserRow>(`SELECT ${userColumns} FROM users ORDER BY username`));
}

/**
 * An administrator manages an account when every grant it holds lies in their subtrees (an
 * account without grants: any administrator). Throws FORBIDDEN otherwise.
 */
async function requireManages(db: Db, actor: Actor, user: UserInfo): Promise<void> {
  requireAbilitySomewhere(actor, 'user.manage');
  for (const g of user.grants) await requireAbility(db, actor, 'user.manage', { unitCode: g.unitCode });
}

/**
 * Creates an account (administrators only). Usernames are unique ignoring case; without a
 * password the account cannot log in until one is set.
 */
export async function createUser(
  db: Db,
  opts: { username: string; displayName: string; password?: string; actor: Actor },
): Promise<UserInfo> {
  const actor = opts.actor;
  requireAbilitySomewhere(actor, 'user.manage');
  const username = normaliseUsername(opts.username);
  const displayName = opts.displayName.normalize('NFC').trim();
  const issues: InputIssue[] = [];
  if (!usernamePattern.test(username))
    issues.push({
      field: 'username',
      value: opts.username,
      message: 'tên đăng nhập gồm 3–64 chữ cái không dấu, số, dấu . _ - / 3–64 letters, digits, . _ -',
    });
  if (displayName.length === 0 || displayName.length > 200)
    issues.push({
      field: 'display_name',
      message: text('cần họ tên (tối đa 200 ký tự)', 'display name required'),
    });
  if (issues.length > 0)
    throw new AppError('INVALID_USER', text('Tài khoản không hợp lệ', 'invalid account'), issues);
  if (opts.password !== undefined) requireGoodPassword(opts.password, username);
  const hash = opts.password !== undefined ? await hashPassword(opts.password) : null;
  return db.transaction(async (tx) => {
    if ((await tx.query('SELECT 1 FROM users WHERE username = $1', [username])).length > 0)
      throw new AppError(
        'USERNAME_ALREADY_TAKEN',
        text(`Tên đăng nhập ${username} đã có`, `username already taken`),
        [{ field: 'username', value: username, message: text('đã có', 'taken') }],
      );
    const row = (
      await tx.query<UserRow>(
        `INSERT INTO users (username, display_name, password_hash, password_set_at, created_by)
         VALUES ($1, $2, $3, CASE WHEN $3::text IS NULL THEN NULL ELSE now() END, $4) RETURNING ${userColumns}`,
        [username, displayName, hash, actor.username],
      )
    )[0]!;
    await recordEvent(tx, {
      type: 'user.created',
      actor,
      data: { user_id: row.id, username, display_name: displayName },
    });
    return (await present(tx, [row]))[0]!;
  });
}

/**
 * Sets an account's password (the person themself, or an administrator managing the account);
 * ends the account's other sessions and lifts a temporary lock.
 */
export async function setPassword(
  db: Db,
  opts: { userId: number; password: string; actor: Actor; keepSessionHash?: string },
): Promise<void> {
  const actor = opts.actor;
  const user = await requireUser(db, opts.userId);
  if (actor.userId !== user.id) await requireManages(db, actor, user);
  requireGoodPassword(opts.password, user.username);
  const hash = await hashPassword(opts.password);
  await db.transaction(async (tx) => {
    await tx.query(
      `UPDATE users SET password_hash = $2, password_set_at = now(), failed_logins = 0, locked_until = NULL
        WHERE id = $1`,
      [user.id, hash],
    );
    await tx.query('DELETE FROM sessions WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2', [
      user.id,
      opts.keepSessionHash ?? null,
    ]);
    await recordEvent(tx, {
      type: 'user.password_set',
      actor,
      data: { user_id: user.id, username: user.username },
    });
  });
}

/** Deactivates an account: it can no longer log in and its sessions end. Grants are kept for the record. */
export async function deactivateUser(db: Db, opts: { userId: number; actor: Actor }): Promise<void> {
  const actor = opts.actor;
  const user = await requireUser(db, opts.userId);
  await requireManages(db, actor, user);
  await db.transaction(async (tx) => {
    await tx.query('UPDATE users SET active = false WHERE id = $1', [user.id]);
    await tx.query('DELETE FROM sessions WHERE user_id = $1', [user.id]);
    await recordEvent(tx, {
      type: 'user.deactivated',
      actor,
      data: { user_id: user.id, username: user.username },
    });
  });
}

/** Lets a deactivated account log in again (its grants were kept). */
export async function activateUser(db: Db, opts: { userId: number; actor: Actor }): Promise<void> {
  const actor = opts.actor;
  const user = await requireUser(db, opts.userId);
  await requireManages(db, actor, user);
  await db.transaction(async (tx) => {
    await tx.query('UPDATE users SET active = true, failed_logins = 0, locked_until = NULL WHERE id = $1', [
      user.id,
    ]);
    await recordEvent(tx, {
      type: 'user.activated',
      actor,
      data: { user_id: user.id, username: user.username },
    });
  });
}

/** Lifts a temporary lock after repeated wrong passwords before it runs out. */
export async function unlockUser(db: Db, opts: { userId: number; actor: Actor }): Promise<void> {
  const actor = opts.actor;
  const user = await requireUser(db, opts.userId);
  await requireManages(db, actor, user);
  await db.transaction(async (tx) => {
    await tx.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1', [user.id]);
    await recordEvent(tx, {
      type: 'user.unlocked',
      actor,
      data: { user_id: user.id, username: user.username },
    });
  });
}
