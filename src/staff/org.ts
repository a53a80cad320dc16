/** The agency tree (cơ cấu tổ chức): nodes, positions and people, and who the caller is in it. */
import { type Actor, isSystemAdmin, requireSystemAdmin } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';
import { actorPerson } from './access.ts';

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

/** Sets up (or extends) an agency tree with its positions and people, in one transaction; administrators only. */
export async function upsertStaffOrg(
  db: Db,
  opts: { actor: Actor; units?: OrgUnitInput[]; positions?: PositionInput[]; people?: PersonInput[] },
): Promise<void> {
  const { actor } = opts;
  await db.transaction(async (tx) => {
    requireSystemAdmin(actor, ['sửa cơ cấu tổ chức', 'change the agency tree']);
    for (const u of opts.units ?? [])
      await tx.query(
        `INSERT INTO staff_org_units (code, name, parent_code, kind) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent_code = excluded.parent_code, kind = excluded.kind`,
        [u.code, u.name, u.parent_code ?? null, u.kind ?? 'division'],
      );
    for (const p of opts.positions ?? [])
      await tx.query(
        `INSERT INTO staff_positions (code, name, task_group, is_head) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, task_group = excluded.task_group, is_head = excluded.is_head`,
        [p.code, p.name, p.task_group, p.is_head ?? false],
      );
    for (const p of opts.people ?? [])
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
        units: (opts.units ?? []).length,
        positions: (opts.positions ?? []).length,
        people: (opts.people ?? []).length,
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

/** One person, or NOT_FOUND. */
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

/** Every node of the agency tree. */
export async function listOrgUnits(db: Db) {
  return db.query<{ code: string; name: string; parent_code: string | null; kind: 'agency' | 'division' }>(
    'SELECT code, name, parent_code, kind FROM staff_org_units ORDER BY code',
  );
}

/** Who the caller is in the agency tree (the web's "my month" starts here). */
export async function readStaffMe(db: Db, opts: { actor: Actor }) {
  const me = await actorPerson(db, opts.actor);
  const person = me ? await getPerson(db, me.id) : null;
  return { person, admin: isSystemAdmin(opts.actor), head: me?.is_head ?? false };
}
