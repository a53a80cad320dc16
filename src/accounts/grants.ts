import { type Actor, ALL_UNITS, type Role, type RoleGrant, requireAbility, roles } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { AppError, type InputIssue } from '../errors.ts';
import { text } from '../text.ts';

/** A stored grant: the role and its scope, with its id (for revoking). */
export interface StoredGrant extends RoleGrant {
  id: number;
}

interface GrantRow {
  id: number;
  user_id: number;
  role: Role;
  unit_code: string;
  framework_id: string | null;
  criteria: string[] | null;
}

const toGrant = (r: GrantRow): StoredGrant => ({
  id: r.id,
  role: r.role,
  unitCode: r.unit_code,
  frameworkId: r.framework_id,
  criteria: r.criteria,
});

/** The grants of each of the given users, by user id. */
export async function loadGrants(db: Db, userIds: number[]): Promise<Map<number, StoredGrant[]>> {
  const out = new Map<number, StoredGrant[]>(userIds.map((id) => [id, []]));
  const rows = await db.query<GrantRow>(
    `SELECT id, user_id, role, unit_code, framework_id, criteria FROM role_grants
      WHERE user_id = ANY($1) ORDER BY user_id, id`,
    [userIds],
  );
  for (const r of rows) out.get(r.user_id)?.push(toGrant(r));
  return out;
}

async function checkScope(db: Db, g: Omit<RoleGrant, 'role'> & { role: string }): Promise<void> {
  const issues: InputIssue[] = [];
  if (!roles.includes(g.role as Role))
    issues.push({ field: 'role', value: g.role, message: `vai trò phải là một trong: ${roles.join(', ')}` });
  if (
    g.unitCode !== ALL_UNITS &&
    (await db.query('SELECT 1 FROM units WHERE code = $1 LIMIT 1', [g.unitCode])).length === 0
  )
    issues.push({
      field: 'unit_code',
      value: g.unitCode,
      message: text('không có đơn vị với mã này', 'unknown unit code'),
    });
  if (
    g.frameworkId &&
    (await db.query('SELECT 1 FROM frameworks WHERE id = $1 LIMIT 1', [g.frameworkId])).length === 0
  )
    issues.push({
      field: 'framework_id',
      value: g.frameworkId,
      message: text('không có bộ tiêu chí này', 'unknown framework'),
    });
  for (const c of g.criteria ?? [])
    if (!/^[0-9A-Za-z.]{1,10}$/.test(c))
      issues.push({
        field: 'criteria',
        value: c,
        message: text('số tiêu chí không hợp lệ', 'invalid criterion number'),
      });
  if (issues.length > 0)
    throw new AppError(
      'INVALID_GRANT',
      text('Quyền không hợp lệ, không có gì thay đổi', 'invalid grant'),
      issues,
    );
}

/**
 * Grants a role on a unit subtree (optionally limited to one framework and some criteria). Only
 * an administrator of that subtree may grant it. Granting the same role, unit and framework again
 * replaces its criteria.
 */
export async function grantRole(
  db: Db,
  opts: {
    userId: number;
    role: Role;
    unitCode: string;
    frameworkId?: string | null;
    criteria?: string[] | null;
    actor: Actor;
  },
): Promise<StoredGrant> {
  const actor = opts.actor;
  const criteria = opts.criteria && opts.criteria.length > 0 ? [...new Set(opts.criteria)] : null;
  await checkScope(db, { ...opts, criteria });
  await requireAbility(db, actor, 'user.manage', { unitCode: opts.unitCode });
  return db.transaction(async (tx) => {
    const user = (
      await tx.query<{ id: number; username: string }>('SELECT id, username FROM users WHERE id = $1', [
        opts.userId,
      ])
    )[0];
    if (!user)
      throw new AppError('USER_NOT_FOUND', text(`Không có tài khoản số ${opts.userId}`, `no such user`));
    const row = (
      await tx.query<GrantRow>(
        `INSERT INTO role_grants (user_id, role, unit_code, framework_id, criteria, granted_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (user_id, role, unit_code, coalesce(framework_id, ''))
         DO UPDATE SET criteria = EXCLUDED.criteria, granted_by = EXCLUDED.granted_by, granted_at = now()
         RETURNING id, user_id, role, unit_code, framework_id, criteria`,
        [user.id, opts.role, opts.unitCode, opts.frameworkId ?? null, criteria, actor.username],
      )
    )[0]!;
    await recordEvent(tx, {
      type: 'role.granted',
      actor,
      unitCode: row.unit_code,
      data: {
        grant_id: row.id,
        user_id: user.id,
        username: user.username,
        role: row.role,
        framework_id: row.framework_id,
        criteria: row.criteria,
      },
    });
    return toGrant(row);
  });
}

/** Revokes a grant (of `userId`, when given). Only an administrator of the grant's subtree may revoke it. */
export async function revokeRole(
  db: Db,
  opts: { grantId: number; userId?: number; actor: Actor },
): Promise<void> {
  const actor = opts.actor;
  const row = (
    await db.query<GrantRow & { username: string }>(
      `SELECT g.id, g.user_id, g.role, g.unit_code, g.framework_id, g.criteria, u.username
         FROM role_grants g JOIN users u ON u.id = g.user_id
        WHERE g.id = $1 AND ($2::integer IS NULL OR g.user_id = $2)`,
      [opts.grantId, opts.userId ?? null],
    )
  )[0];
  if (!row) throw new AppError('GRANT_NOT_FOUND', text(`Không có quyền số ${opts.grantId}`, `no such grant`));
  await requireAbility(db, actor, 'user.manage', { unitCode: row.unit_code });
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM role_grants WHERE id = $1', [row.id]);
    await recordEvent(tx, {
      type: 'role.revoked',
      actor,
      unitCode: row.unit_code,
      data: { grant_id: row.id, user_id: row.user_id, username: row.username, role: row.role },
    });
  });
}
