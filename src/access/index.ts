/**
 * Authorization, in one place: who may do what on which unit. Roles are granted on a unit
 * subtree; workflow state (a submitted dossier is locked, …) is checked by the use cases.
 */
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { type Text, text, viDate } from '../text.ts';
import {
  type Action,
  actionNames,
  allActions,
  criterionActions,
  type Role,
  roleActions,
  roleNames,
} from './policy.ts';
import { coveringCodes } from './subtree.ts';

export type { Action, Role } from './policy.ts';
export { allActions, roles } from './policy.ts';

export interface RoleGrant {
  role: Role;
  /** Root of the subtree the role covers; ALL_UNITS for every unit. */
  unitCode: string;
  /** Department reviewers: only this framework (null = any). */
  frameworkId?: string | null;
  /** Department reviewers: only these criteria numbers, e.g. ["2"] (null = all). */
  criteria?: string[] | null;
}

/** Who acts. userId null = the system (CLI, demo, the web while TIEUCHI_AUTH=off): allowed everything. */
export interface Actor {
  userId: number | null;
  username: string;
  grants: RoleGrant[];
}

export interface Target {
  unitCode: string;
  frameworkId?: string;
  criterionNo?: string;
  /** The day whose unit tree decides what is inside a subtree (default: today in Vietnam). */
  date?: string;
}

/** A grant on this code covers every unit, past and present (a national administrator). */
export const ALL_UNITS = '*';

export const systemActor: Actor = Object.freeze({ userId: null, username: 'system', grants: [] });

/**
 * The system acting under a name kept in the history: the CLI's --user, the demo, X-User while
 * accounts are off. Every use case takes an `Actor`; none falls back to the system by itself.
 */
export function systemActorNamed(username: string): Actor {
  return Object.freeze({ userId: null, username, grants: [] });
}

const vietnamDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });

function grantAllows(grant: RoleGrant, action: Action, target: Target, covering: Set<string>): boolean {
  if (!roleActions[grant.role].has(action)) return false;
  if (grant.unitCode !== ALL_UNITS && !covering.has(grant.unitCode)) return false;
  if (grant.frameworkId && target.frameworkId && grant.frameworkId !== target.frameworkId) return false;
  const limited = grant.criteria && grant.criteria.length > 0;
  if (limited && target.criterionNo && !grant.criteria!.includes(target.criterionNo)) return false;
  if (criterionActions.has(action)) {
    if (grant.frameworkId && !target.frameworkId) return false;
    if (limited && !target.criterionNo) return false;
  }
  return true;
}

async function coveringFor(db: Db, actor: Actor, units: string[], date?: string) {
  const needsTree = actor.grants.some((g) => g.unitCode !== ALL_UNITS);
  if (!needsTree) return new Map(units.map((u) => [u, new Set([u])]));
  return coveringCodes(db, units, date ?? vietnamDate.format(new Date()));
}

/** Whether `actor` may do `action` on `target`: one of its grants allows it inside its subtree. */
export async function can(db: Db, actor: Actor, action: Action, target: Target): Promise<boolean> {
  if (actor.userId === null) return true;
  if (actor.grants.length === 0) return false;
  const covering = (await coveringFor(db, actor, [target.unitCode], target.date)).get(target.unitCode)!;
  return actor.grants.some((g) => grantAllows(g, action, target, covering));
}

/**
 * FORBIDDEN naming the action, the units and why: the account's roles do not include the action,
 * or where they do (each grant's unit by name; one that no longer exists says since when: its
 * rights reach its units only while they were under it).
 */
async function forbidden(db: Db, actor: Actor, action: Action, units: string[]): Promise<AppError> {
  const [vi, en] = actionNames[action];
  const list = units.slice(0, 10).join(', ') + (units.length > 10 ? ` … (+${units.length - 10})` : '');
  const why = await refusalReason(db, actor, action);
  return new AppError(
    'FORBIDDEN',
    text(
      `Tài khoản ${actor.username} không có quyền ${vi} tại đơn vị ${list}. ${why.vi}`,
      `${actor.username} may not ${en} at unit ${list}. ${why.en}`,
    ),
    units
      .slice(0, 100)
      .map((u) => ({ field: 'unit_code', value: u, message: text(`không có quyền ${vi}`, `may not ${en}`) })),
  );
}

/** Why `actor` may not do `action` where it was refused, in words (see forbidden). */
async function refusalReason(db: Db, actor: Actor, action: Action): Promise<Text> {
  const scopes = actor.grants.filter((g) => roleActions[g.role].has(action));
  if (scopes.length === 0) {
    const held = [...new Set(actor.grants.map((g) => g.role))];
    return text(
      held.length > 0
        ? `Vai trò của tài khoản (${held.map((r) => roleNames[r][0]).join(', ')}) không gồm quyền này.`
        : 'Tài khoản chưa được giao vai trò nào.',
      held.length > 0
        ? `The account's roles (${held.map((r) => roleNames[r][1]).join(', ')}) do not include it.`
        : 'The account has no role yet.',
    );
  }
  const codes = scopes.map((g) => g.unitCode).filter((c) => c !== ALL_UNITS);
  const rows = await db.query<{ code: string; name: string; valid_to: string }>(
    `SELECT DISTINCT ON (code) code, name, valid_to::text FROM units WHERE code = ANY($1)
     ORDER BY code, valid_from DESC`,
    [codes],
  );
  const units = new Map(rows.map((r) => [r.code, r]));
  const today = vietnamDate.format(new Date());
  let ended = false;
  const parts = scopes.map((g) => {
    const u = units.get(g.unitCode);
    const place =
      g.unitCode === ALL_UNITS
        ? ['mọi đơn vị', 'every unit']
        : [u ? `${u.name} (${g.unitCode})` : g.unitCode];
    let [pvi, pen = pvi] = place as [string, string?];
    if (u && u.valid_to < today) {
      ended = true;
      const since = viDate(dayAfter(u.valid_to));
      pvi += `, đơn vị đã thôi tồn tại từ ${since}`;
      pen += `, a unit that ended on ${since}`;
    }
    if (g.frameworkId) {
      pvi += `, bộ tiêu chí ${g.frameworkId}`;
      pen += `, criteria set ${g.frameworkId}`;
    }
    if (g.criteria && g.criteria.length > 0) {
      pvi += `, tiêu chí ${g.criteria.join(', ')}`;
      pen += `, criteria ${g.criteria.join(', ')}`;
    }
    return [pvi, pen] as const;
  });
  return text(
    `Tài khoản có quyền này trong phạm vi: ${parts.map((p) => p[0]).join('; ')}.${
      ended
        ? ' Quyền ở một đơn vị đã thôi tồn tại chỉ gồm các đơn vị trong thời gian còn thuộc nó; đơn vị nay thuộc nơi khác do tài khoản của nơi đó thực hiện.'
        : ''
    }`,
    `The account has this right within: ${parts.map((p) => p[1]).join('; ')}.${
      ended
        ? " A right on a unit that has ended covers its units only while they were under it; units now under another are for that unit's accounts."
        : ''
    }`,
  );
}

/** The day after an ISO date. */
function dayAfter(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Throws FORBIDDEN (HTTP 403), naming the action and the unit, unless `actor` may do it. */
export async function requireAbility(db: Db, actor: Actor, action: Action, target: Target): Promise<void> {
  if (!(await can(db, actor, action, target))) throw await forbidden(db, actor, action, [target.unitCode]);
}

/** requireAbility for many units at once (a batch of figures, an imported file); one query. */
export async function requireAbilityOnUnits(
  db: Db,
  actor: Actor,
  action: Action,
  unitCodes: string[],
  target: Omit<Target, 'unitCode'> = {},
): Promise<void> {
  if (actor.userId === null) return;
  const allowed = await unitsAllowed(db, actor, action, unitCodes, target);
  const refused = [...new Set(unitCodes)].filter((u) => !allowed.has(u));
  if (refused.length > 0) throw await forbidden(db, actor, action, refused);
}

/** Of `unitCodes`, those on which `actor` may do `action` (one query, however many units). */
export async function unitsAllowed(
  db: Db,
  actor: Actor,
  action: Action,
  unitCodes: string[],
  target: Omit<Target, 'unitCode'> = {},
): Promise<Set<string>> {
  const units = [...new Set(unitCodes)];
  if (actor.userId === null) return new Set(units);
  if (actor.grants.length === 0) return new Set();
  const covering = await coveringFor(db, actor, units, target.date);
  return new Set(
    units.filter((u) =>
      actor.grants.some((g) => grantAllows(g, action, { ...target, unitCode: u }, covering.get(u)!)),
    ),
  );
}

/** Of `criteria`, those on which `actor` may do `action` on `target` (one query, however many criteria). */
export async function criteriaAllowed(
  db: Db,
  actor: Actor,
  action: Action,
  target: Omit<Target, 'criterionNo'>,
  criteria: readonly string[],
): Promise<string[]> {
  if (actor.userId === null) return [...criteria];
  if (actor.grants.length === 0 || criteria.length === 0) return [];
  const covering = (await coveringFor(db, actor, [target.unitCode], target.date)).get(target.unitCode)!;
  return criteria.filter((criterionNo) =>
    actor.grants.some((g) => grantAllows(g, action, { ...target, criterionNo }, covering)),
  );
}

/** Every action with whether `actor` may do it on `target`: sent to the UI so it never re-derives them. */
export async function abilitiesFor(db: Db, actor: Actor, target: Target): Promise<Record<Action, boolean>> {
  const out = {} as Record<Action, boolean>;
  if (actor.userId === null || actor.grants.length === 0) {
    for (const a of allActions) out[a] = actor.userId === null;
    return out;
  }
  const covering = (await coveringFor(db, actor, [target.unitCode], target.date)).get(target.unitCode)!;
  for (const a of allActions) out[a] = actor.grants.some((g) => grantAllows(g, a, target, covering));
  return out;
}

/** What `actor` may do on some unit (for menus: "Tài khoản" shows for any administrator). */
export function abilitiesAnywhere(actor: Actor): Record<Action, boolean> {
  const out = {} as Record<Action, boolean>;
  for (const a of allActions)
    out[a] = actor.userId === null || actor.grants.some((g) => roleActions[g.role].has(a));
  return out;
}

/** Throws FORBIDDEN unless one of the actor's roles allows `action` on some unit. */
export function requireAbilitySomewhere(actor: Actor, action: Action): void {
  if (abilitiesAnywhere(actor)[action]) return;
  const [vi, en] = actionNames[action];
  throw new AppError(
    'FORBIDDEN',
    text(`Tài khoản ${actor.username} không có quyền ${vi}`, `${actor.username} may not ${en}`),
  );
}

/**
 * Shared reference data (the unit tree, frameworks) is changed only by the system or an
 * administrator of every unit; throws FORBIDDEN otherwise.
 */
/** The system itself, or an administrator of every unit (may change frameworks). */
export function isSystemAdmin(actor: Actor): boolean {
  return actor.userId === null || actor.grants.some((g) => g.role === 'admin' && g.unitCode === ALL_UNITS);
}

export function requireSystemAdmin(actor: Actor, what: [vi: string, en: string]): void {
  if (isSystemAdmin(actor)) return;
  throw new AppError(
    'FORBIDDEN',
    text(
      `Chỉ quản trị viên toàn hệ thống được ${what[0]} (tài khoản ${actor.username})`,
      `only a system-wide administrator may ${what[1]}`,
    ),
  );
}

/**
 * How much of a unit an actor may read (docs/decisions/007-read-scoping.md):
 * - `full`: figures, notes, history, per-criterion results: the unit is inside the subtree of
 *   one of its grants that allows `unit.read`;
 * - `summary`: headline results only (status, criteria met, subtree counts): the unit is an
 *   ancestor of one of those grants' roots (a commune officer sees his district's and city's
 *   counts, not the other communes' figures);
 * - `none`: nothing (staff-only accounts, other subtrees).
 */
export type ReadLevel = 'full' | 'summary' | 'none';

/** The read level of each unit in one or two queries, however many units. */
export async function readLevels(
  db: Db,
  actor: Actor,
  unitCodes: string[],
  date?: string,
): Promise<Map<string, ReadLevel>> {
  const who = actor;
  const units = [...new Set(unitCodes)];
  const out = new Map<string, ReadLevel>();
  if (who.userId === null) {
    for (const u of units) out.set(u, 'full');
    return out;
  }
  const grants = who.grants.filter((g) => roleActions[g.role].has('unit.read'));
  if (grants.some((g) => g.unitCode === ALL_UNITS)) {
    for (const u of units) out.set(u, 'full');
    return out;
  }
  const roots = [...new Set(grants.map((g) => g.unitCode))];
  if (roots.length === 0 || units.length === 0) {
    for (const u of units) out.set(u, 'none');
    return out;
  }
  const day = date ?? vietnamDate.format(new Date());
  const covering = await coveringCodes(db, units, day);
  const above = new Set<string>();
  for (const codes of (await coveringCodes(db, roots, day)).values()) for (const c of codes) above.add(c);
  for (const u of units) {
    const cov = covering.get(u)!;
    out.set(u, roots.some((r) => cov.has(r)) ? 'full' : above.has(u) ? 'summary' : 'none');
  }
  return out;
}

/**
 * Throws FORBIDDEN (403) unless `actor` reads `target.unitCode` at least at `level` (default
 * `full`); returns the level it has.
 */
export async function requireRead(
  db: Db,
  actor: Actor,
  target: { unitCode: string; date?: string; level?: 'full' | 'summary' },
): Promise<ReadLevel> {
  const level = (await readLevels(db, actor, [target.unitCode], target.date)).get(target.unitCode)!;
  const needed = target.level ?? 'full';
  if (level === 'full' || (level === 'summary' && needed === 'summary')) return level;
  throw await forbidden(db, actor, 'unit.read', [target.unitCode]);
}

/** Throws FORBIDDEN unless `actor` reads some unit (any grant allowing `unit.read`): the unit tree's gate. */
export function requireReadSomewhere(actor: Actor): void {
  requireAbilitySomewhere(actor, 'unit.read');
}
