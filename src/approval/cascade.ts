/**
 * Reopening cascades up (mở lại lan lên cấp trên): an approval above a unit was given on the
 * unit's approved figures (approval goes level by level, levels.ts), so when those are reopened
 * the approvals above that included them are reopened too, in the same transaction, each with
 * the reason, the units below that caused it ("cấp dưới đã mở lại") and an audit event. The
 * level above then approves again once the unit below is approved again.
 */
import type { Actor } from '../access/index.ts';
import { recordEvents } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import type { Period } from '../engine/periods.ts';
import { frameworksInForce } from '../frameworks/store.ts';
import type { UnitTree } from '../units/tree.ts';

export interface CascadedReopen {
  framework_id: string;
  unit_code: string;
  unit_name: string;
  /** The reopened units below it that reopened it. */
  below: string[];
}

/**
 * The frameworks whose approvals are built on `frameworkId`'s: itself, and every framework that
 * derives a share from one of them (`derived: {children_met_share: …}`), however many levels up.
 */
export async function frameworksBuiltOn(db: Db, frameworkId: string, period: Period): Promise<Set<string>> {
  const derives = new Map<string, Set<string>>();
  for (const fw of await frameworksInForce(db, period.end)) {
    if (period.end < fw.meta.validFrom || period.start > fw.meta.validTo) continue;
    const from = new Set<string>();
    for (const ind of [...fw.def.criteria.flatMap((c) => c.indicators), ...fw.def.conditions])
      if (ind.derived && 'children_met_share' in ind.derived) from.add(ind.derived.children_met_share);
    derives.set(fw.def.id, from);
  }
  const out = new Set([frameworkId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [id, from] of derives)
      if (!out.has(id) && [...from].some((f) => out.has(f))) {
        out.add(id);
        grew = true;
      }
  }
  return out;
}

/**
 * After `unitCodes` were reopened under `frameworkId`: reopens every approved approval of an
 * ancestor (on the period's tree) under a framework built on it, with `reason`, and records one
 * `figures.reopened` event per reopened approval naming the units below. Call in the transaction
 * that reopened the units. Returns what it reopened.
 */
export async function reopenAbove(
  tx: Db,
  opts: {
    actor: Actor;
    frameworkId: string;
    period: Period;
    tree: UnitTree;
    unitCodes: string[];
    reason: string | null;
  },
): Promise<CascadedReopen[]> {
  const below = new Map<string, Set<string>>();
  for (const code of opts.unitCodes)
    for (let p = opts.tree.byCode.get(code)?.parentCode; p; p = opts.tree.byCode.get(p)?.parentCode) {
      const set = below.get(p) ?? new Set<string>();
      set.add(code);
      below.set(p, set);
    }
  if (below.size === 0) return [];
  const approved = await tx.query<{ framework_id: string; unit_code: string }>(
    `SELECT framework_id, unit_code FROM figure_approvals
     WHERE period = $1 AND state = 'approved' AND unit_code = ANY($2)
     ORDER BY framework_id, unit_code FOR UPDATE`,
    [opts.period.code, [...below.keys()]],
  );
  if (approved.length === 0) return [];
  const builtOn = await frameworksBuiltOn(tx, opts.frameworkId, opts.period);
  const reopened: CascadedReopen[] = approved
    .filter((a) => builtOn.has(a.framework_id))
    .map((a) => ({
      ...a,
      unit_name: opts.tree.byCode.get(a.unit_code)?.name ?? a.unit_code,
      below: [...below.get(a.unit_code)!].sort(),
    }));
  if (reopened.length === 0) return [];
  await tx.query(
    `UPDATE figure_approvals a SET state = 'reopened', reason = $2, changed_by = $3, changed_at = now(),
       reopened_below = string_to_array(r.below, ',')
     FROM unnest($4::text[], $5::text[], $6::text[]) AS r(framework_id, unit_code, below)
     WHERE a.period = $1 AND a.framework_id = r.framework_id AND a.unit_code = r.unit_code`,
    [
      opts.period.code,
      opts.reason,
      opts.actor.username,
      reopened.map((r) => r.framework_id),
      reopened.map((r) => r.unit_code),
      reopened.map((r) => r.below.join(',')),
    ],
  );
  await recordEvents(
    tx,
    reopened.map((r) => ({
      type: 'figures.reopened' as const,
      actor: opts.actor,
      unitCode: r.unit_code,
      data: {
        framework_id: r.framework_id,
        period: opts.period.code,
        reason: opts.reason,
        reopened_below: r.below,
      },
    })),
  );
  return reopened;
}
