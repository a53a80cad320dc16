/**
 * Approval level by level (duyệt từng cấp): a unit's figures under a framework are approved only
 * once the units below it that they build on are approved for the period — the units of its
 * subtree under the framework itself, and under each framework it derives a share from
 * (`derived: {children_met_share: …}`: a district's share of communes that meet).
 */
import type { Db } from '../db/database.ts';
import type { Period } from '../engine/periods.ts';
import { AppError } from '../errors.ts';
import type { FrameworkDefinition } from '../frameworks/schema.ts';
import { frameworkInForce } from '../frameworks/store.ts';
import { text } from '../text.ts';
import { descendants, type UnitTree } from '../units/tree.ts';

export interface WaitingUnit {
  unit_code: string;
  unit_name: string;
  framework_id: string;
}

/** The frameworks whose approval below a unit comes first, with the unit kinds they apply to. */
async function frameworksBelow(
  db: Db,
  def: FrameworkDefinition,
  period: Period,
): Promise<Array<{ id: string; kinds: Set<string> }>> {
  const out = [{ id: def.id, kinds: new Set<string>(def.applies_to) }];
  const ids = new Set<string>();
  for (const ind of [...def.criteria.flatMap((c) => c.indicators), ...def.conditions])
    if (ind.derived && 'children_met_share' in ind.derived) ids.add(ind.derived.children_met_share);
  ids.delete(def.id);
  for (const id of [...ids].sort()) {
    const fw = await frameworkInForce(db, id, period.end);
    if (!fw || period.end < fw.meta.validFrom || period.start > fw.meta.validTo) continue;
    out.push({ id, kinds: new Set<string>(fw.def.applies_to) });
  }
  return out;
}

/**
 * Per unit of `unitCodes` (on `tree`, the tree of the period), the units below it not yet
 * approved for the period; units with nothing waiting are left out. One query.
 */
export async function unitsWaitingBelow(
  db: Db,
  opts: { def: FrameworkDefinition; period: Period; tree: UnitTree; unitCodes: string[] },
): Promise<Map<string, WaitingUnit[]>> {
  const out = new Map<string, WaitingUnit[]>();
  const below = await frameworksBelow(db, opts.def, opts.period);
  const needed = new Map<string, Array<{ unit: string; framework: string }>>();
  for (const code of opts.unitCodes) {
    const list: Array<{ unit: string; framework: string }> = [];
    for (const n of descendants(opts.tree, code))
      for (const fw of below) if (fw.kinds.has(n.kind)) list.push({ unit: n.code, framework: fw.id });
    if (list.length > 0) needed.set(code, list);
  }
  if (needed.size === 0) return out;
  const all = [...needed.values()].flat();
  const approved = new Set(
    (
      await db.query<{ framework_id: string; unit_code: string }>(
        `SELECT framework_id, unit_code FROM figure_approvals
         WHERE period = $1 AND state = 'approved' AND framework_id = ANY($2) AND unit_code = ANY($3)`,
        [opts.period.code, below.map((b) => b.id), [...new Set(all.map((x) => x.unit))]],
      )
    ).map((r) => `${r.framework_id}|${r.unit_code}`),
  );
  for (const [code, list] of needed) {
    const waiting = list
      .filter((x) => !approved.has(`${x.framework}|${x.unit}`))
      .map((x) => ({
        unit_code: x.unit,
        unit_name: opts.tree.byCode.get(x.unit)!.name,
        framework_id: x.framework,
      }))
      .sort(
        (a, b) =>
          a.unit_name.localeCompare(b.unit_name, 'vi') || a.framework_id.localeCompare(b.framework_id),
      );
    if (waiting.length > 0) out.set(code, waiting);
  }
  return out;
}

/** "Xã Bình, Xã Cao (và 3 đơn vị khác)": the first few names of the units still waiting. */
export function waitingWords(list: WaitingUnit[], lang: 'vi' | 'en'): string {
  const names = [...new Set(list.map((w) => w.unit_name))];
  const shown = names.slice(0, 10).join(', ');
  const more = names.length - 10;
  if (more <= 0) return shown;
  return lang === 'vi' ? `${shown} và ${more} đơn vị khác` : `${shown} and ${more} more`;
}

/**
 * Throws APPROVAL_WAITING_FOR_LOWER_LEVEL (409) naming, per unit, the units below still waiting
 * for approval; nothing is approved.
 */
export function requireLowerLevelApproved(
  units: Array<{ code: string; name: string }>,
  waiting: Map<string, WaitingUnit[]>,
): void {
  const blocked = units.filter((u) => waiting.has(u.code));
  if (blocked.length === 0) return;
  throw new AppError(
    'APPROVAL_WAITING_FOR_LOWER_LEVEL',
    text(
      `Chưa thể duyệt ${blocked.map((u) => u.name).join(', ')}: còn chờ cấp dưới duyệt; không có gì thay đổi`,
      `Cannot approve ${blocked.map((u) => u.name).join(', ')} yet: the level below is still waiting; nothing was changed`,
    ),
    blocked.map((u) => {
      const list = waiting.get(u.code)!;
      return {
        field: 'unit_codes',
        value: u.code,
        message: text(
          `chờ cấp dưới duyệt: ${waitingWords(list, 'vi')}`,
          `waiting for the level below: ${waitingWords(list, 'en')}`,
        ),
      };
    }),
  );
}
