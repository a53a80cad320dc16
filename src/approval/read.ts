/**
 * The approval state of a framework's units in a subtree for one period: what the unit sees
 * (its state, the reason it was returned or reopened) and what the level above works from
 * (units waiting), with the figures changed after the last approval and each unit's abilities.
 */
import { type Actor, requireRead } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { requireFrameworkForPeriod } from '../frameworks/store.ts';
import { descendants, loadTree } from '../units/tree.ts';
import { isoTime } from '../values/read.ts';
import { unitsAllowedFor } from './approvers.ts';
import { unitsWaitingBelow, type WaitingUnit } from './levels.ts';
import {
  type ApprovalState,
  type ApprovalStep,
  approvalStates,
  approvalStepNames,
  stepAllowed,
} from './steps.ts';

export interface ChangedAfterApproval {
  measure: string;
  /** The framework's indicator code and name reading the measure ("1.1 Tỷ lệ đường xã…"). */
  indicator: string;
  indicator_name: string;
  changed_at: string;
  actor: string;
}

export interface UnitApproval {
  unit_code: string;
  unit_name: string;
  state: ApprovalState;
  reason: string | null;
  changed_by: string | null;
  changed_at: string | null;
  approved_by: string | null;
  approved_at: string | null;
  /** Figures changed after the last approval ("đã thay đổi sau khi duyệt"). */
  changed_after_approval: ChangedAfterApproval[];
  /** Reopened because these units below were reopened ("cấp dưới đã mở lại"; cascade.ts). */
  reopened_below: Array<{ unit_code: string; unit_name: string }>;
  /** Units below not yet approved ("chờ cấp dưới duyệt"): until they are, this unit cannot be approved. */
  waiting_for: WaitingUnit[];
  abilities: Record<ApprovalStep, boolean>;
}

export interface ApprovalList {
  framework_id: string;
  period: string;
  counts: Record<ApprovalState, number>;
  /** Units listed (after the state filter) over every page; `units` may be one page of them. */
  total: number;
  units: UnitApproval[];
}

/** Vietnamese order of names, built once (thousands of units per list nationally). */
const byName = new Intl.Collator('vi');

interface Row {
  unit_code: string;
  state: ApprovalState;
  reason: string | null;
  changed_by: string;
  changed_at: string;
  approved_by: string | null;
  approved_at: string | null;
  framework_version: number;
  reopened_below: string[] | null;
}

/**
 * The units of `unitCode`'s subtree (itself included) the framework applies to, with their
 * approval state for the period, by name; `state` keeps only units in that state (e.g.
 * "submitted"); `limit`/`offset` page them (all without a limit). Counts cover the whole subtree.
 */
export async function listFigureApprovals(
  db: Db,
  opts: {
    actor: Actor;
    frameworkId: string;
    period: string;
    unitCode: string;
    state?: ApprovalState;
    limit?: number;
    offset?: number;
  },
): Promise<ApprovalList> {
  const fw = await requireFrameworkForPeriod(db, opts.frameworkId, opts.period);
  await requireRead(db, opts.actor, { unitCode: opts.unitCode, date: fw.period.end });
  const tree = await loadTree(db, fw.period.end);
  const root = tree.byCode.get(opts.unitCode);
  const kinds = new Set<string>(fw.def.applies_to);
  const units = (root ? [root, ...descendants(tree, root.code)] : [])
    .filter((u) => kinds.has(u.kind))
    .sort((a, b) => byName.compare(a.name, b.name) || a.code.localeCompare(b.code));
  const states = new Map(
    (
      await db.query<{ unit_code: string; state: ApprovalState }>(
        `SELECT unit_code, state FROM figure_approvals WHERE framework_id = $1 AND period = $2 AND unit_code = ANY($3)`,
        [fw.def.id, fw.period.code, units.map((u) => u.code)],
      )
    ).map((r) => [r.unit_code, r.state]),
  );
  const counts = Object.fromEntries(approvalStates.map((s) => [s, 0])) as Record<ApprovalState, number>;
  for (const u of units) counts[states.get(u.code) ?? 'open'] += 1;
  const listed = opts.state ? units.filter((u) => (states.get(u.code) ?? 'open') === opts.state) : units;
  const offset = opts.offset ?? 0;
  const page = listed.slice(offset, opts.limit === undefined ? undefined : offset + opts.limit);
  const codes = page.map((u) => u.code);
  const rows = new Map(
    (
      await db.query<Row>(
        // People by their display names (accounts), else the name they acted under (CLI, system).
        `SELECT a.unit_code, a.state, a.reason, coalesce(c.display_name, a.changed_by) AS changed_by,
           ${isoTime('a.changed_at')} AS changed_at, coalesce(p.display_name, a.approved_by) AS approved_by,
           ${isoTime('a.approved_at')} AS approved_at, a.framework_version, a.reopened_below
         FROM figure_approvals a
         LEFT JOIN users c ON c.username = a.changed_by
         LEFT JOIN users p ON p.username = a.approved_by
         WHERE a.framework_id = $1 AND a.period = $2 AND a.unit_code = ANY($3)`,
        [fw.def.id, fw.period.code, codes],
      )
    ).map((r) => [r.unit_code, r]),
  );
  const names = new Map<string, { code: string; name: string }>();
  for (const ind of [...fw.def.criteria.flatMap((c) => c.indicators), ...fw.def.conditions])
    for (const p of ind.parts ?? [ind])
      if (p.measure && !names.has(p.measure)) names.set(p.measure, { code: ind.code, name: p.name });
  const changed = await changedAfterApproval(db, fw.def.id, fw.period.code, [...rows.values()], names);
  const allowed = new Map<ApprovalStep, Set<string>>();
  for (const step of approvalStepNames)
    allowed.set(step, await unitsAllowedFor(db, opts.actor, step, fw.def, page, fw.period.end));
  const waiting = await unitsWaitingBelow(db, { def: fw.def, period: fw.period, tree, unitCodes: codes });
  const out: UnitApproval[] = page.map((u) => {
    const r = rows.get(u.code);
    const state = r?.state ?? 'open';
    const below = waiting.get(u.code) ?? [];
    const abilities = Object.fromEntries(
      approvalStepNames.map((s) => [
        s,
        stepAllowed(s, state) && allowed.get(s)!.has(u.code) && (s !== 'approve' || below.length === 0),
      ]),
    ) as Record<ApprovalStep, boolean>;
    return {
      unit_code: u.code,
      unit_name: u.name,
      state,
      reason: r?.reason ?? null,
      changed_by: r?.changed_by ?? null,
      changed_at: r?.changed_at ?? null,
      approved_by: r?.approved_by ?? null,
      approved_at: r?.approved_at ?? null,
      changed_after_approval: changed.get(u.code) ?? [],
      reopened_below: (r?.reopened_below ?? []).map((code) => ({
        unit_code: code,
        unit_name: tree.byCode.get(code)?.name ?? code,
      })),
      waiting_for: below,
      abilities,
    };
  });
  return { framework_id: fw.def.id, period: fw.period.code, counts, total: listed.length, units: out };
}

/** Per unit: the framework's figures whose current value was written after the last approval. */
async function changedAfterApproval(
  db: Db,
  frameworkId: string,
  period: string,
  rows: Row[],
  names: Map<string, { code: string; name: string }>,
): Promise<Map<string, ChangedAfterApproval[]>> {
  const out = new Map<string, ChangedAfterApproval[]>();
  const approved = rows.filter((r) => r.approved_at !== null);
  if (approved.length === 0) return out;
  const found = await db.query<{ unit_code: string; measure_id: string; changed_at: string; actor: string }>(
    `SELECT c.unit_code, c.measure_id, ${isoTime('c.changed_at')} AS changed_at,
       coalesce((SELECT display_name FROM users WHERE username = c.actor), c.actor) AS actor
     FROM figure_approvals a
     JOIN framework_measures fm ON fm.framework_id = a.framework_id AND fm.version = a.framework_version
     JOIN value_current c ON c.period = a.period AND c.unit_code = a.unit_code AND c.measure_id = fm.measure_id
     WHERE a.framework_id = $1 AND a.period = $2 AND a.unit_code = ANY($3) AND c.changed_at > a.approved_at
     ORDER BY c.unit_code, c.measure_id`,
    [frameworkId, period, approved.map((r) => r.unit_code)],
  );
  for (const f of found)
    out.set(f.unit_code, [
      ...(out.get(f.unit_code) ?? []),
      {
        measure: f.measure_id,
        indicator: names.get(f.measure_id)?.code ?? f.measure_id,
        indicator_name: names.get(f.measure_id)?.name ?? f.measure_id,
        changed_at: f.changed_at,
        actor: f.actor,
      },
    ]);
  return out;
}
