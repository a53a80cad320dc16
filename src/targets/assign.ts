/**
 * Assigning targets (giao chỉ tiêu) to the root, the units below it and departments, and the
 * allocation check of each parent against its children (src/targets/compute.ts).
 */
import { type Actor, requireAbilityOnUnits } from '../access/index.ts';
import { type NewAuditEvent, recordEvents } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { parseNumber } from '../engine/written.ts';
import { AppError, type InputIssue } from '../errors.ts';
import { type Message, text } from '../text.ts';
import { type AllocationCheck, checkAllocation } from './compute.ts';
import { type Holder, loadHolders, type Plan, requirePlan } from './plans.ts';

export interface RawTarget {
  line?: number;
  sheet?: string;
  indicator: string;
  holder: string;
  target: string | number;
}

export interface CheckedTarget {
  indicator: string;
  holder: string;
  target: number;
}

/** year → indicator code → holder code → target. */
export type Assignments = Map<string, Map<string, number>>;

export async function loadAssignments(db: Db, year: number): Promise<Assignments> {
  const rows = await db.query<{ indicator_code: string; holder_code: string; target: number }>(
    'SELECT indicator_code, holder_code, target FROM target_assignments WHERE year = $1',
    [year],
  );
  const out: Assignments = new Map();
  for (const r of rows) {
    const m = out.get(r.indicator_code) ?? new Map<string, number>();
    out.set(r.indicator_code, m);
    m.set(r.holder_code, r.target);
  }
  return out;
}

/** Validates raw targets against the plan: known indicator, known holder, a number. */
export function checkTargets(
  raw: RawTarget[],
  plan: Plan,
  holders: Map<string, Holder>,
): { targets: CheckedTarget[]; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const targets: CheckedTarget[] = [];
  const seen = new Set<string>();
  const codes = new Set(plan.indicators.map((i) => i.code));
  for (const r of raw) {
    const at = (field: string, value: string, message: Message) =>
      issues.push({ line: r.line, field: r.sheet ? `${r.sheet}!${field}` : field, value, message });
    const before = issues.length;
    if (!codes.has(r.indicator))
      at('indicator', r.indicator, text(`kế hoạch ${plan.year} không có chỉ tiêu này`, `not in the plan`));
    if (!holders.has(r.holder))
      at(
        'holder',
        r.holder,
        text('không phải đơn vị hay sở, ngành thuộc kế hoạch', 'not a holder of this plan'),
      );
    const n = typeof r.target === 'number' ? r.target : parseNumber(String(r.target));
    if (n === null || !Number.isFinite(n))
      at('target', String(r.target), text('chỉ tiêu phải là số', 'target must be a number'));
    if (issues.length > before) continue;
    const key = `${r.indicator}\u0000${r.holder}`;
    if (seen.has(key)) {
      at('indicator', r.indicator, text('trùng chỉ tiêu cho cùng đơn vị', 'duplicate'));
      continue;
    }
    seen.add(key);
    targets.push({ indicator: r.indicator, holder: r.holder, target: n! });
  }
  return { targets, issues };
}

/** Who must have target.assign for a target: the unit above the holder (the root for itself). */
const assigner = (h: Holder) => (h.isDepartment ? h.accessUnit : (h.parentCode ?? h.code));

/**
 * Stores targets and returns how many changed. The root's own targets and those it gives need
 * target.assign on the assigning unit. Any bad row → INVALID_TARGETS, nothing stored.
 */
export async function applyTargets(
  tx: Db,
  actor: Actor,
  plan: Plan,
  holders: Map<string, Holder>,
  targets: CheckedTarget[],
  source: string,
): Promise<number> {
  const current = await loadAssignments(tx, plan.year);
  const changed = targets.filter((t) => current.get(t.indicator)?.get(t.holder) !== t.target);
  await requireAbilityOnUnits(
    tx,
    actor,
    'target.assign',
    changed.map((t) => assigner(holders.get(t.holder)!)),
    { date: plan.treeDate },
  );
  const events: NewAuditEvent[] = [];
  for (const t of changed) {
    await tx.query(
      `INSERT INTO target_assignments (year, indicator_code, holder_code, target, assigned_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (year, indicator_code, holder_code) DO UPDATE SET target = EXCLUDED.target,
         assigned_by = EXCLUDED.assigned_by, assigned_at = now()`,
      [plan.year, t.indicator, t.holder, t.target, actor.username],
    );
    events.push({
      type: 'target.assigned',
      actor,
      unitCode: holders.get(t.holder)!.accessUnit,
      data: {
        year: plan.year,
        indicator: t.indicator,
        holder: t.holder,
        target: t.target,
        previous: current.get(t.indicator)?.get(t.holder) ?? null,
        source,
      },
    });
  }
  await recordEvents(tx, events);
  return changed.length;
}

/** Sets targets typed in a form or sent to the API; all or nothing. */
export async function setTargets(
  db: Db,
  actor: Actor,
  opts: { year: number; targets: RawTarget[] },
): Promise<{ changed: number }> {
  const plan = await requirePlan(db, opts.year);
  const holders = await loadHolders(db, plan);
  const { targets, issues } = checkTargets(opts.targets, plan, holders);
  if (issues.length > 0)
    throw new AppError('INVALID_TARGETS', 'Chỉ tiêu giao không hợp lệ, không có gì được lưu', issues);
  const changed = await db.transaction((tx) => applyTargets(tx, actor, plan, holders, targets, 'typed'));
  return { changed };
}

/** Latest yearly figure (≤ the plan year) of a weighting measure for each unit. */
export async function loadWeights(
  db: Db,
  measure: string,
  units: string[],
  year: number,
): Promise<Map<string, number>> {
  const rows = await db.query<{ unit_code: string; num: number | null }>(
    `SELECT DISTINCT ON (unit_code) unit_code, num FROM value_current
     WHERE measure_id = $1 AND unit_code = ANY($2) AND period ~ '^[0-9]{4}$' AND period <= $3
       AND num IS NOT NULL
     ORDER BY unit_code, period DESC`,
    [measure, units, String(year)],
  );
  return new Map(rows.map((r) => [r.unit_code, r.num!]));
}

export interface AllocationRow {
  indicator: string;
  parent: string;
  parentTarget: number;
  children: Array<{ holder: string; target: number | null; weight: number | null }>;
  /** Units directly below the parent that were given no target for this indicator (not in the check). */
  unassignedChildren: number;
  check: AllocationCheck;
}

/**
 * The allocation check of every (indicator, parent with a target) whose child units were given
 * targets. Departments are not part of it: they answer for the city-wide figure of their sector.
 */
export async function readAllocation(db: Db, year: number): Promise<AllocationRow[]> {
  const plan = await requirePlan(db, year);
  const holders = await loadHolders(db, plan);
  const assignments = await loadAssignments(db, year);
  const out: AllocationRow[] = [];
  for (const ind of plan.indicators) {
    const given = assignments.get(ind.code);
    if (!given) continue;
    const byParent = new Map<string, string[]>();
    for (const code of given.keys()) {
      const h = holders.get(code);
      if (!h || h.isDepartment || !h.parentCode) continue;
      const list = byParent.get(h.parentCode) ?? [];
      list.push(code);
      byParent.set(h.parentCode, list);
    }
    for (const [parent, children] of byParent) {
      const parentTarget = given.get(parent);
      if (parentTarget === undefined) continue;
      const weights = ind.weightMeasure
        ? await loadWeights(db, ind.weightMeasure, children, year)
        : new Map();
      const rows = children.sort().map((c) => ({
        holder: c,
        target: given.get(c) ?? null,
        weight: weights.get(c) ?? null,
      }));
      out.push({
        indicator: ind.code,
        parent,
        parentTarget,
        children: rows,
        unassignedChildren: [...holders.values()].filter(
          (h) => !h.isDepartment && h.parentCode === parent && !given.has(h.code),
        ).length,
        check: checkAllocation(ind, parentTarget, rows),
      });
    }
  }
  return out;
}
