/**
 * Who may take an approval step on which unit. Submitting: `figures.submit` on the unit.
 * Approving, returning, reopening: the framework's approving role for the unit's kind (its
 * `approval` setting; the coordination office by default) on a subtree ABOVE the unit — the
 * level above approves, never the unit itself.
 */
import { type Actor, ALL_UNITS, unitsAllowed } from '../access/index.ts';
import { roleNames } from '../access/policy.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { ApproverRole, FrameworkDefinition } from '../frameworks/schema.ts';
import { text } from '../text.ts';
import { type ApprovalStep, approvalSteps } from './steps.ts';

/** The role that approves a unit of `kind` under the framework. */
export function approverRoleFor(def: FrameworkDefinition, kind: string): ApproverRole {
  const a = def.approval;
  return a?.by_kind?.[kind as keyof NonNullable<typeof a.by_kind>] ?? a?.approver ?? 'coordination_office';
}

export interface ApprovalUnit {
  code: string;
  kind: string;
}

/** Of `units`, the codes on which `actor` may take `step` under the framework (few queries). */
export async function unitsAllowedFor(
  db: Db,
  actor: Actor,
  step: ApprovalStep,
  def: FrameworkDefinition,
  units: ApprovalUnit[],
  date: string,
): Promise<Set<string>> {
  const action = approvalSteps[step].action;
  // The tree of the period decides what is above a unit (a district merged away since still approved its communes).
  const target = { frameworkId: def.id, date };
  if (action === 'figures.submit')
    return unitsAllowed(
      db,
      actor,
      action,
      units.map((u) => u.code),
      target,
    );
  if (actor.userId === null) return new Set(units.map((u) => u.code));
  const out = new Set<string>();
  const byRole = new Map<ApproverRole, ApprovalUnit[]>();
  for (const u of units) {
    const role = approverRoleFor(def, u.kind);
    byRole.set(role, [...(byRole.get(role) ?? []), u]);
  }
  for (const [role, list] of byRole) {
    const grants = actor.grants.filter((g) => g.role === role || g.role === 'admin');
    // A grant rooted at the unit itself is not "the level above" (except a nationwide one).
    const roots = new Set(grants.map((g) => g.unitCode));
    const plain = list.filter((u) => !roots.has(u.code));
    for (const c of await unitsAllowed(
      db,
      { ...actor, grants },
      action,
      plain.map((u) => u.code),
      target,
    ))
      out.add(c);
    for (const u of list.filter((x) => roots.has(x.code))) {
      const above = grants.filter((g) => g.unitCode !== u.code || g.unitCode === ALL_UNITS);
      if ((await unitsAllowed(db, { ...actor, grants: above }, action, [u.code], target)).has(u.code))
        out.add(u.code);
    }
  }
  return out;
}

/** Throws FORBIDDEN (403) naming the units and who approves them, unless `actor` may take the step on all. */
export async function requireStepPermission(
  db: Db,
  actor: Actor,
  step: ApprovalStep,
  def: FrameworkDefinition,
  units: ApprovalUnit[],
  date: string,
): Promise<void> {
  const allowed = await unitsAllowedFor(db, actor, step, def, units, date);
  const refused = units.filter((u) => !allowed.has(u.code));
  if (refused.length === 0) return;
  const words = approvalSteps[step].words;
  const who = (u: ApprovalUnit) => {
    if (step === 'submit') return text('cần quyền gửi số liệu của đơn vị', 'needs the unit’s submit right');
    const [vi, en] = roleNames[approverRoleFor(def, u.kind)];
    return text(`do ${vi} cấp trên duyệt`, `approved by the ${en.toLowerCase()} above`);
  };
  throw new AppError(
    'FORBIDDEN',
    text(
      `Tài khoản ${actor.username} không có quyền ${words[0]} của ${refused.length} đơn vị (bộ tiêu chí ${def.id})`,
      `${actor.username} may not ${words[1]} of ${refused.length} unit(s)`,
    ),
    refused.slice(0, 100).map((u) => ({ field: 'unit_code', value: u.code, message: who(u) })),
  );
}
