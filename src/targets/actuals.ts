/**
 * Actual figures of target indicators (kết quả thực hiện), by month or quarter. They are stored in
 * the shared values store (value_current / value_history) under each indicator's measure, so
 * figures typed here, imported, or written by other modules are the same figures.
 */
import { type Actor, requireAbilityOnUnits } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { parsePeriod } from '../engine/periods.ts';
import { parseNumber } from '../engine/written.ts';
import { AppError, type InputIssue } from '../errors.ts';
import { type Message, text } from '../text.ts';
import { currentStates, recordValueChanges } from '../values/audit.ts';
import { applyValues } from '../values/import.ts';
import type { CheckedValue } from '../values/write.ts';
import { loadAssignments } from './assign.ts';
import { type Holder, loadHolders, type Plan, requirePlan } from './plans.ts';

export interface RawActual {
  line?: number;
  sheet?: string;
  indicator: string;
  holder: string;
  period: string;
  value: string | number;
  note?: string;
}

/** Validates actual figures: an indicator of the plan assigned to the holder, a period of the plan's year in the indicator's frequency, a number. */
export async function checkActuals(
  db: Db,
  raw: RawActual[],
  plan: Plan,
  holders: Map<string, Holder>,
  /** `indicator\u0000holder` keys assigned in the same batch (an imported file's targets). */
  alsoAssigned: Set<string> = new Set(),
): Promise<{ values: CheckedValue[]; issues: InputIssue[] }> {
  const assignments = await loadAssignments(db, plan.year);
  const byCode = new Map(plan.indicators.map((i) => [i.code, i]));
  const issues: InputIssue[] = [];
  const values: CheckedValue[] = [];
  const seen = new Set<string>();
  for (const r of raw) {
    const at = (field: string, value: string, message: Message) =>
      issues.push({ line: r.line, field: r.sheet ? `${r.sheet}!${field}` : field, value, message });
    const before = issues.length;
    const ind = byCode.get(r.indicator);
    if (!ind)
      at('indicator', r.indicator, text(`kế hoạch ${plan.year} không có chỉ tiêu này`, `not in the plan`));
    if (!holders.has(r.holder))
      at('holder', r.holder, text('không thuộc kế hoạch', 'not a holder of this plan'));
    else if (
      ind &&
      !assignments.get(ind.code)?.has(r.holder) &&
      !alsoAssigned.has(`${ind.code}\u0000${r.holder}`)
    )
      at('holder', r.holder, text(`chưa được giao chỉ tiêu ${ind.code}`, `no target assigned`));
    const p = parsePeriod(String(r.period));
    if (!p) at('period', r.period, text('kỳ không hợp lệ: dùng 2026-03 hoặc 2026Q1', 'invalid period'));
    else if (!p.code.startsWith(String(plan.year)))
      at('period', r.period, text(`kỳ phải thuộc năm ${plan.year}`, `period outside the plan year`));
    else if (ind && p.kind !== ind.frequency)
      at(
        'period',
        r.period,
        ind.frequency === 'month'
          ? text('chỉ tiêu báo cáo theo tháng', 'reported monthly')
          : text('chỉ tiêu báo cáo theo quý', 'reported quarterly'),
      );
    const n = typeof r.value === 'number' ? r.value : parseNumber(String(r.value));
    if (n === null || !Number.isFinite(n))
      at('value', String(r.value), text('giá trị phải là số', 'value must be a number'));
    if (issues.length > before || !ind || !p) continue;
    const key = `${r.holder}\u0000${ind.code}\u0000${p.code}`;
    if (seen.has(key)) {
      at('period', r.period, text('trùng kỳ cho cùng đơn vị và chỉ tiêu', 'duplicate'));
      continue;
    }
    seen.add(key);
    values.push({
      unitCode: r.holder,
      measureId: ind.measureId,
      period: p.code,
      cell: { num: n!, txt: null, na: false },
      note: r.note?.trim() || null,
    });
  }
  return { values, issues };
}

/**
 * Stores checked actual figures in the values store (history, live evaluation, value.changed
 * events) after checking target.report on every holder. Runs inside the caller's transaction.
 */
export async function applyActuals(
  tx: Db,
  actor: Actor,
  plan: Plan,
  holders: Map<string, Holder>,
  values: CheckedValue[],
  source: string,
): Promise<number> {
  const before = await currentStates(tx, values);
  const changedValues = values.filter((v) => {
    const b = before.get(`${v.unitCode}\u0000${v.measureId}\u0000${v.period}`);
    return !b || b.num !== v.cell.num || b.note !== v.note || b.na;
  });
  await requireAbilityOnUnits(
    tx,
    actor,
    'target.report',
    changedValues.map((v) => holders.get(v.unitCode)!.accessUnit),
    { date: plan.treeDate },
  );
  const r = await applyValues(tx, changedValues, { actor: actor.username, source });
  await recordValueChanges(tx, { actor, source, values: changedValues, before });
  if (r.changed > 0)
    await recordEvent(tx, {
      type: 'target.actuals_reported',
      actor,
      unitCode: plan.rootCode,
      data: {
        year: plan.year,
        source,
        changed: r.changed,
        holders: [...new Set(changedValues.map((v) => v.unitCode))],
      },
    });
  return r.changed;
}

/** Reports actual figures (typed, or sent by another system); all or nothing. */
export async function reportActuals(
  db: Db,
  actor: Actor,
  opts: { year: number; values: RawActual[]; source?: string },
): Promise<{ changed: number }> {
  const plan = await requirePlan(db, opts.year);
  const holders = await loadHolders(db, plan);
  const { values, issues } = await checkActuals(db, opts.values, plan, holders);
  if (issues.length > 0)
    throw new AppError('INVALID_ACTUALS', 'Số liệu thực hiện không hợp lệ, không có gì được lưu', issues);
  const changed = await db.transaction((tx) =>
    applyActuals(tx, actor, plan, holders, values, opts.source ?? 'typed'),
  );
  return { changed };
}
