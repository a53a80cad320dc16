// Shapes of the JSON API (docs/api.md). Only what the UI reads is typed.

export type Status = 'met' | 'basically_met' | 'not_met' | 'no_data' | 'not_applicable' | 'rule_missing';

export interface Unit {
  code: string;
  name: string;
  kind: string;
  parent_code: string | null;
  valid_from: string | null;
  valid_to: string | null;
  successors?: string[];
  attributes?: Record<string, unknown>;
}

export interface UnitWithPath extends Unit {
  path?: Array<{ code: string; name: string }>;
}

export interface UnitDetail {
  unit: Unit;
  ancestors: Unit[];
  children: Unit[];
  history: Unit[];
  predecessors: Unit[];
  successors: Unit[];
}

export interface Counts {
  total: number;
  met: number;
  basically_met: number;
  not_met: number;
  no_data: number;
  rule_missing: number;
}

export interface FrameworkSummary {
  id: string;
  version: number;
  status: string;
  name: string;
  name_en?: string | null;
  valid_from: string | null;
  valid_to: string | null;
  applies_to: string[];
  criteria_count: number;
  indicator_count: number;
  rule_missing_count: number;
  unverified_count: number;
}

export interface LegalBasis {
  number: string;
  date?: string;
  issuer?: string;
  part?: string;
}

export interface IndicatorDef {
  code?: string;
  name: string;
  name_en?: string;
  measure?: string;
  derived?: Record<string, string>;
  type?: string;
  unit?: string | null;
  rule?: unknown;
  department?: string;
  evidence?: string;
  verified?: boolean;
  sources?: string[];
  note?: string;
  todo?: string;
  parts?: IndicatorDef[];
  threshold_text?: string;
  rule_missing?: boolean;
}

export interface CriterionDef {
  no: string | number;
  name: string;
  name_en?: string;
  group?: string;
  department?: string;
  verified?: boolean;
  sources?: string[];
  note?: string;
  todo?: string;
  indicators: IndicatorDef[];
}

export interface FrameworkDefinition {
  id: string;
  version: number;
  name: string;
  name_en?: string;
  legal_basis?: LegalBasis[];
  applies_to?: string[];
  valid?: { from?: string; to?: string };
  in_force?: { from: string };
  policy?: unknown;
  sources?: string[];
  note?: string;
  todo?: string;
  conditions?: IndicatorDef[];
  criteria: CriterionDef[];
}

export interface CompletenessItem {
  code: string;
  name: string;
  criterion: string | null;
  state: 'sourced' | 'unverified' | 'missing';
  criterion_only?: boolean;
  sources: string[];
  note: string | null;
}

/** What of a framework version is sourced, unverified or missing (computed by the API). */
export interface Completeness {
  sourced: number;
  unverified: number;
  missing: number;
  items: CompletenessItem[];
}

export interface FrameworkDetail extends FrameworkSummary {
  versions: number[];
  in_force_from?: string;
  version_list?: Array<{ version: number; status: string; in_force_from: string }>;
  completeness?: Completeness;
  definition: FrameworkDefinition;
}

export interface Amendment {
  from_version: number;
  to_version: number;
  in_force_from: string;
  decisions: Array<{ number: string; date: string | null; issuer: string | null; part: string | null }>;
}

export interface FrameworkChange {
  change: 'added' | 'removed' | 'changed';
  target: string;
  field?: string;
  before?: unknown;
  after?: unknown;
}

export interface IndicatorResult {
  code: string;
  name: string;
  value: number | boolean | string | null;
  unit: string | null;
  status: Status;
  threshold: string;
  reason: string;
  /** Failing indicators: signed change that meets the rule (null: not a number), closeness, words. */
  gap?: number | null;
  gap_relative?: number | null;
  gap_text?: string;
  parts?: IndicatorResult[];
}

export interface CriterionResult {
  no: string;
  name: string;
  status: Status;
  indicators: IndicatorResult[];
}

export interface UnitResult {
  unit: { code: string; name: string; kind: string; parent_code: string | null };
  status: Status;
  met_criteria: number;
  total_criteria: number;
  points?: number;
  band?: string;
  criteria: CriterionResult[];
  conditions?: IndicatorResult[];
  children?: Counts;
}

export interface EvaluationReport {
  framework: {
    id: string;
    version: number;
    name: string;
    in_force_from?: string;
    legal_basis?: Array<{ number: string; date: string | null; part: string | null }>;
  };
  period: string;
  tree_date: string;
  results: UnitResult[];
}

export interface MatrixRow {
  unit: { code: string; name: string; kind: string };
  status: Status;
  met_criteria: number;
  total_criteria: number;
  criteria: Status[];
  children?: Counts;
}

export interface Matrix {
  framework: { id: string; version: number; name: string; criteria: Array<{ no: string; name: string }> };
  period: string;
  tree_date: string;
  unit: {
    code: string;
    name: string;
    kind: string;
    status?: Status;
    met_criteria?: number;
    total_criteria?: number;
    criteria?: Status[];
    children?: Counts;
  };
  rows: MatrixRow[];
  /** Units of the subtree meeting every indicator that has a threshold; thresholds still to enter. */
  thresholds?: { units: number; meet_thresholds: number; thresholds_missing: number };
}

export interface SeriesPoint {
  period: string;
  version?: number;
  tree_date: string;
  children: Counts;
}

export interface StoredValue {
  measure: string;
  indicator_codes: string[];
  value: string | number | boolean | null;
  num: number | null;
  txt: string | null;
  na: boolean;
  note: string | null;
  source: string | null;
  actor: string | null;
  changed_at: string;
}

export interface HistoryEntry {
  value: string | number | boolean | null;
  note: string | null;
  source: string | null;
  actor: string | null;
  changed_at: string;
}

export interface InputIssue {
  line?: number;
  field?: string;
  value?: string;
  message: string;
}

export interface ImportReport {
  id: string;
  kind: string;
  file: string;
  rows: number;
  valid: boolean;
  issues: InputIssue[];
  /** Every issue found; `issues` lists at most 1000 of them. */
  issue_count?: number;
  preview?: { changed: number; unchanged: number };
}

export interface DraftResult {
  draft?: { id: string; version: number; status: string };
  errors?: InputIssue[];
  changes?: FrameworkChange[];
  warnings?: Array<string | InputIssue>;
}
