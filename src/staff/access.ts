/**
 * Who may do what on a person's tasks and evaluation. The relation comes from the agency tree
 * and positions (the direct manager, the head of the person's node or of a node above it), not
 * only from role grants: an administrator of every unit may do everything (docs/decisions/004).
 */
import { type Actor, isSystemAdmin } from '../access/index.ts';
import { actionNames } from '../access/policy.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';

export type StaffAction = 'staff.read' | 'staff.assign' | 'staff.rate' | 'staff.approve';

export interface StaffAbilities {
  'staff.read': boolean;
  'staff.assign': boolean;
  'staff.rate': boolean;
  'staff.approve': boolean;
  /** The person's own steps: self-assessment, comment, asking for an extension. */
  self: boolean;
}

export interface Relation {
  self: boolean;
  /** The direct manager, or a head above the person. */
  manager: boolean;
  /** Head of the person's node or an ancestor node. */
  head: boolean;
  admin: boolean;
}

/** The staff record linked to the actor's account, if any. */
export async function actorPerson(db: Db, actor: Actor) {
  if (actor.userId === null) return null;
  const r = await db.query<{ id: number; org_unit: string; is_head: boolean }>(
    `SELECT p.id, p.org_unit, pos.is_head FROM staff_people p JOIN staff_positions pos ON pos.code = p.position_code
      WHERE p.user_id = $1 AND p.active`,
    [actor.userId],
  );
  return r[0] ?? null;
}

/** Relations of the actor to each person (one query). */
export async function relations(db: Db, actor: Actor, personIds: number[]): Promise<Map<number, Relation>> {
  const admin = isSystemAdmin(actor);
  const me = await actorPerson(db, actor);
  const out = new Map<number, Relation>();
  // The system (CLI, demo, the web while accounts are off) acts for anyone, the person included.
  const system = actor.userId === null;
  for (const id of personIds)
    out.set(id, { self: system || me?.id === id, manager: admin, head: admin, admin });
  if (!me || personIds.length === 0) return out;
  const rows = await db.query<{ id: number; manager_id: number | null; under_head: boolean }>(
    `WITH RECURSIVE below AS (
       SELECT code FROM staff_org_units WHERE code = $2
       UNION ALL SELECT u.code FROM staff_org_units u JOIN below b ON u.parent_code = b.code
     )
     SELECT p.id, p.manager_id, (p.org_unit IN (SELECT code FROM below)) AS under_head
       FROM staff_people p WHERE p.id = ANY($1::int[])`,
    [personIds, me.org_unit],
  );
  for (const r of rows) {
    const rel = out.get(r.id)!;
    const head = me.is_head && r.under_head && r.id !== me.id;
    rel.head ||= head;
    rel.manager ||= head || r.manager_id === me.id;
  }
  return out;
}

export function abilitiesOf(rel: Relation): StaffAbilities {
  return {
    'staff.read': rel.self || rel.manager || rel.head || rel.admin,
    'staff.assign': rel.manager || rel.admin,
    'staff.rate': rel.manager || rel.admin,
    'staff.approve': rel.head || rel.admin,
    self: rel.self,
  };
}

export async function staffAbilities(db: Db, actor: Actor, personId: number): Promise<StaffAbilities> {
  return abilitiesOf((await relations(db, actor, [personId])).get(personId)!);
}

/**
 * Throws FORBIDDEN unless the actor may assign tasks to someone: an administrator, a head of a
 * node, or the direct manager of a person (checked before an uploaded task file is read).
 */
export async function requireAssignerSomewhere(db: Db, actor: Actor): Promise<void> {
  if (isSystemAdmin(actor)) return;
  const me = await actorPerson(db, actor);
  if (me?.is_head) return;
  if (me) {
    const managed = await db.query('SELECT 1 FROM staff_people WHERE manager_id = $1 AND active LIMIT 1', [
      me.id,
    ]);
    if (managed.length > 0) return;
  }
  const [vi] = actionNames['staff.assign'];
  throw new AppError('FORBIDDEN', `Tài khoản ${actor.username} không có quyền ${vi}`);
}

/** Throws FORBIDDEN naming the action and the person unless the actor may do it. */
export async function requireStaffAbility(
  db: Db,
  actor: Actor,
  action: StaffAction | 'self',
  personIds: number[],
): Promise<void> {
  const rels = await relations(db, actor, personIds);
  const refused = personIds.filter((id) => !abilitiesOf(rels.get(id)!)[action]);
  if (refused.length === 0) return;
  const [vi, en] = action === 'self' ? ['tự đánh giá', 'self-assess'] : actionNames[action];
  throw new AppError(
    'FORBIDDEN',
    text(
      `Tài khoản ${actor.username} không có quyền ${vi} đối với cán bộ ${refused.join(', ')}`,
      `${actor.username} may not ${en} for person ${refused.join(', ')}`,
    ),
    refused.map((id) => ({ field: 'person_id', value: String(id), message: `không có quyền ${vi}` })),
  );
}
