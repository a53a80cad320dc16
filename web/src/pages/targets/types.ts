/** Shapes of /api/targets answers (see src/targets/present.ts). */
export type TargetStatus = 'on_track' | 'at_risk' | 'off_track' | 'no_data';
export type Aggregation = 'sum' | 'weighted_average' | 'rate' | 'last';

export interface Rule {
  vi: string;
  en: string;
}

export interface Indicator {
  code: string;
  name: string;
  unit: string;
  direction: 'higher' | 'lower';
  aggregation: Aggregation;
  weight_measure: string | null;
  measure_id: string;
  frequency: 'month' | 'quarter';
}

export interface Settings {
  onTrackRatio: number;
  atRiskRatio: number;
  dueDays: number;
  cutoffDaysBeforeEnd: number;
}

export interface Plan {
  year: number;
  root_code: string;
  name: string;
  demo: boolean;
  based_on: number | null;
  settings: Settings;
  indicators: Indicator[];
}

export interface Holder {
  code: string;
  name: string;
  kind: string;
  is_department: boolean;
  parent_code: string | null;
}

export type Abilities = Record<string, boolean>;

export interface Allocation {
  indicator: string;
  parent: string;
  parent_target: number;
  children: Array<{ holder: string; target: number | null; weight: number | null }>;
  unassigned_children: number;
  combined: number | null;
  shortfall: number | null;
  ok: boolean | null;
  missing_weights: string[];
  rule: Rule;
}

export interface PlanView {
  plan: Plan;
  holders: Holder[];
  assignments: Array<{ indicator: string; holder: string; target: number }>;
  allocation: Allocation[];
  abilities: Abilities;
}

export interface Explanation {
  id: number;
  indicator: string;
  holder: string;
  question: string;
  asked_by: string;
  asked_at: string;
  answer: string | null;
  answered_by: string | null;
  answered_at: string | null;
}

export interface Cell {
  indicator: string;
  holder: string;
  target: number;
  actuals: Array<{ period: string; value: number }>;
  actual_to_date: number | null;
  percent_of_target: number | null;
  projection: number | null;
  projection_method: 'history' | 'linear' | 'none';
  projection_rule: Rule;
  status: TargetStatus;
  status_rule: Rule;
  reports: Array<{ period: string; cutoff: string; due: string; state: string; days_late: number }>;
  late: number;
  missing: number;
  explanations: Explanation[];
}

export interface Progress {
  plan: Plan;
  today: string;
  holders: Holder[];
  cells: Cell[];
}

export interface HolderView {
  plan: Plan;
  today: string;
  holder: Holder;
  cells: Cell[];
  abilities: Abilities;
}
