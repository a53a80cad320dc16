/** What leaves the server about targets: the fields the API returns, in snake_case. */
import type { Action } from '../access/index.ts';
import type { AllocationRow } from './assign.ts';
import type { PlanSettings } from './compute.ts';
import type { Explanation } from './explanations.ts';
import type { Holder, Plan, PlanIndicator } from './plans.ts';
import type { Cell } from './progress.ts';
import { explanationState, explanationStepsFor } from './workflow.ts';

export const targetActions = [
  'target.plan',
  'target.assign',
  'target.report',
  'target.explain',
  'target.ask',
] as const satisfies readonly Action[];
type TargetAction = (typeof targetActions)[number];

/** Only the target actions of an abilities map (the UI needs no more here). */
export function targetAbilities(all: Record<Action, boolean>): Record<TargetAction, boolean> {
  return Object.fromEntries(targetActions.map((a) => [a, all[a]])) as Record<TargetAction, boolean>;
}

export const presentSettings = (s: PlanSettings) => ({
  on_track_ratio: s.onTrackRatio,
  at_risk_ratio: s.atRiskRatio,
  due_days: s.dueDays,
  cutoff_days_before_end: s.cutoffDaysBeforeEnd,
});

export const presentIndicator = (i: PlanIndicator) => ({
  code: i.code,
  name: i.name,
  unit: i.unit,
  direction: i.direction,
  aggregation: i.aggregation,
  weight_measure: i.weightMeasure,
  measure_id: i.measureId,
  frequency: i.frequency,
});

export const presentPlan = (p: Plan) => ({
  year: p.year,
  root_code: p.rootCode,
  name: p.name,
  demo: p.demo,
  based_on: p.basedOn,
  tree_date: p.treeDate,
  settings: presentSettings(p.settings),
  created_by: p.createdBy,
  indicators: p.indicators.map(presentIndicator),
});

export const presentHolder = (h: Holder) => ({
  code: h.code,
  name: h.name,
  kind: h.kind,
  is_department: h.isDepartment,
  parent_code: h.parentCode,
});

export const presentAllocation = (a: AllocationRow) => ({
  indicator: a.indicator,
  parent: a.parent,
  parent_target: a.parentTarget,
  children: a.children,
  unassigned_children: a.unassignedChildren,
  combined: a.check.combined,
  difference: a.check.difference,
  shortfall: a.check.shortfall,
  ok: a.check.ok,
  missing_targets: a.check.missingTargets,
  missing_weights: a.check.missingWeights,
  rule: a.check.rule,
});

export const presentExplanation = (e: Explanation) => ({
  id: e.id,
  year: e.year,
  indicator: e.indicator,
  holder: e.holder,
  question: e.question,
  asked_by: e.askedBy,
  asked_at: e.askedAt,
  answer: e.answer,
  answered_by: e.answeredBy,
  answered_at: e.answeredAt,
});

export const presentCell = (c: Cell) => ({
  indicator: c.indicator,
  holder: c.holder,
  target: c.target,
  actuals: c.actuals,
  actual_to_date: c.actualToDate,
  percent_of_target: c.percentOfTarget,
  projection: c.projection,
  projection_method: c.projectionMethod,
  projection_rule: c.projectionRule,
  status: c.status,
  ratio: c.ratio,
  status_rule: c.statusRule,
  reports: c.reports.map((r) => ({
    period: r.period,
    cutoff: r.cutoff,
    due: r.due,
    state: r.state,
    days_late: r.daysLate,
  })),
  late: c.late,
  missing: c.missing,
  explanations: c.explanations.map(presentExplanation),
});

/**
 * A cell of one holder's page, with the explanation steps (./workflow.ts) its reader may take:
 * asking a new request, answering each open one. `abilities`: the reader's on the holder's unit.
 */
export const presentHolderCell = (c: Cell, abilities: Record<Action, boolean>) => ({
  ...presentCell(c),
  steps: explanationStepsFor(abilities, 'new'),
  explanations: c.explanations.map((e) => ({
    ...presentExplanation(e),
    steps: explanationStepsFor(abilities, explanationState(e)),
  })),
});
