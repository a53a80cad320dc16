// GET /api/home (src/home/read.ts): the caller's own work.
import type { Status } from '../../api/types.ts';
import type { NextActor } from '../dossiers/NextActor.tsx';
import type { DossierState } from '../dossiers/types.ts';

export interface DossierTask {
  id: number;
  unit_code: string;
  unit_name: string | null;
  framework_id: string;
  framework_name: string;
  round: string;
  state: DossierState;
  state_label: string;
  since: string;
  next: NextActor;
  mine: boolean;
  deadline: string | null;
  overdue: boolean;
  my_criteria?: string[];
}

export interface IndicatorGap {
  code: string;
  name: string;
  criterion: string;
  status: Status;
  value: number | boolean | string | null;
  unit: string | null;
  threshold: string;
  reason: string;
  gap: number | null;
  gap_relative: number | null;
  /** What it takes, in Vietnamese ("còn thiếu 0,1 điểm %"). */
  gap_text: string;
}

export interface UnitFramework {
  id: string;
  name: string;
  period: string;
  name_in_period: string | null;
  status: Status;
  met_criteria: number;
  total_criteria: number;
  gaps: IndicatorGap[];
  rule_missing: number;
  dossier_id: number | null;
}

export interface ReportDue {
  year: number;
  holder: string;
  holder_name: string;
  indicator: string;
  indicator_name: string;
  period: string;
  state: 'missing' | 'late';
  due: string;
  days_late: number;
}

export interface UnitWork {
  grant_code: string;
  unit: { code: string; name: string; kind: string; parent_name: string | null };
  frameworks: UnitFramework[];
  dossiers: DossierTask[];
  reports: ReportDue[];
}

export interface ThresholdSummary {
  units: number;
  meet_thresholds: number;
  thresholds_missing: number;
}

export interface AreaOverview {
  unit: { code: string; name: string };
  frameworks: Array<{
    id: string;
    name: string;
    period: string;
    counts: {
      total: number;
      met: number;
      basically_met: number;
      not_met: number;
      no_data: number;
      rule_missing: number;
    };
    thresholds: ThresholdSummary;
  }>;
}

export type StaffNext =
  | { kind: 'person'; name: string }
  | { kind: 'manager'; name: string | null }
  | { kind: 'head'; name: string | null }
  | { kind: 'none' };

export interface StaffMonth {
  person: { id: number; full_name: string; org_unit_name: string; position_name: string };
  period: string;
  total: number | null;
  band: string | null;
  band_name: string | null;
  state: 'draft' | 'self_assessed' | 'reviewed' | 'approved';
  next: StaffNext;
  mine: boolean;
  to_self_assess: string | null;
}

export interface TeamWaiting {
  person_id: number;
  full_name: string;
  period: string;
  state: string;
  step: 'review' | 'approve';
}

export interface Home {
  today: string;
  roles: string[];
  units: UnitWork[];
  rulings: DossierTask[] | null;
  pipeline: {
    by_state: Array<{ state: DossierState; label: string; count: number }>;
    open: DossierTask[];
  } | null;
  revocation: Array<{
    unit_code: string;
    unit_name: string | null;
    framework_id: string;
    framework_name: string;
    period: string;
    dossier_id: number;
    reason: string;
  }> | null;
  reports: ReportDue[] | null;
  votes: DossierTask[] | null;
  areas: AreaOverview[] | null;
  staff: StaffMonth | null;
  team: TeamWaiting[] | null;
}
