/** The answers of /api/approvals (src/approval/routes.ts). */
export type ApprovalState = 'open' | 'submitted' | 'approved' | 'returned' | 'reopened';
export type ApprovalStep = 'submit' | 'approve' | 'return' | 'reopen';

export interface UnitApproval {
  unit_code: string;
  unit_name: string;
  state: ApprovalState;
  reason: string | null;
  changed_by: string | null;
  changed_at: string | null;
  approved_by: string | null;
  approved_at: string | null;
  changed_after_approval: Array<{
    measure: string;
    indicator: string;
    indicator_name: string;
    changed_at: string;
    actor: string;
  }>;
  abilities: Record<ApprovalStep, boolean>;
}

export interface ApprovalList {
  framework_id: string;
  period: string;
  counts: Record<ApprovalState, number>;
  units: UnitApproval[];
}
