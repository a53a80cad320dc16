/**
 * The approval workflow of routine figures (duyệt số liệu định kỳ) as one transition table: the
 * use cases guard each step with it and compute the abilities the UI shows from it.
 */
import type { Action } from '../access/index.ts';
import { AppError } from '../errors.ts';
import { workflowErrorCode } from '../staff/workflow.ts';
import { text } from '../text.ts';

/** `open`: nothing submitted yet (no row); the other states are stored in figure_approvals. */
export const approvalStates = ['open', 'submitted', 'approved', 'returned', 'reopened'] as const;
export type ApprovalState = (typeof approvalStates)[number];

export const approvalStateLabels: Record<ApprovalState, [vi: string, en: string]> = {
  open: ['Chưa gửi duyệt', 'Not submitted'],
  submitted: ['Chờ duyệt', 'Awaiting approval'],
  approved: ['Đã duyệt', 'Approved'],
  returned: ['Bị trả lại', 'Returned'],
  reopened: ['Đã mở lại sau khi duyệt', 'Reopened after approval'],
};

export type ApprovalStep = 'submit' | 'approve' | 'return' | 'reopen';

interface StepRule {
  from: readonly ApprovalState[];
  to: Exclude<ApprovalState, 'open'>;
  /** The permission it takes; approve/return/reopen also need the framework's approving role above the unit. */
  action: Action;
  /** Sending back and reopening need a reason. */
  reason: boolean;
  words: [vi: string, en: string];
}

export const approvalSteps: Record<ApprovalStep, StepRule> = {
  submit: {
    from: ['open', 'returned', 'reopened'],
    to: 'submitted',
    action: 'figures.submit',
    reason: false,
    words: ['gửi số liệu để duyệt', 'submit the figures'],
  },
  approve: {
    from: ['submitted'],
    to: 'approved',
    action: 'figures.approve',
    reason: false,
    words: ['duyệt số liệu', 'approve the figures'],
  },
  return: {
    from: ['submitted'],
    to: 'returned',
    action: 'figures.approve',
    reason: true,
    words: ['trả lại số liệu', 'return the figures'],
  },
  reopen: {
    from: ['approved'],
    to: 'reopened',
    action: 'figures.reopen',
    reason: true,
    words: ['mở lại số liệu đã duyệt', 'reopen approved figures'],
  },
};

export const approvalStepNames = Object.keys(approvalSteps) as ApprovalStep[];

/** Whether the state allows the step (the permission is checked apart). */
export function stepAllowed(step: ApprovalStep, state: ApprovalState): boolean {
  return approvalSteps[step].from.includes(state);
}

/**
 * Throws the project's workflow refusal (WORKFLOW_STEP_NOT_ALLOWED, 409) naming every unit whose state refuses the step, or
 * APPROVAL_REASON_REQUIRED (400) when the step needs a reason and none is given.
 */
export function requireStep(
  step: ApprovalStep,
  units: Array<{ unitCode: string; state: ApprovalState }>,
  reason: string | null | undefined,
): void {
  const rule = approvalSteps[step];
  if (rule.reason && !reason?.trim())
    throw new AppError(
      'APPROVAL_REASON_REQUIRED',
      text(`Cần ghi lý do để ${rule.words[0]}`, `A reason is needed to ${rule.words[1]}`),
      [{ field: 'reason', message: text('chưa ghi lý do', 'no reason given') }],
    );
  const refused = units.filter((u) => !stepAllowed(step, u.state));
  if (refused.length === 0) return;
  const allowed = rule.from.map((s) => `"${approvalStateLabels[s][0]}"`).join(', ');
  throw new AppError(
    workflowErrorCode,
    text(
      `Không thể ${rule.words[0]} cho ${refused.length} đơn vị; không có gì thay đổi`,
      `Cannot ${rule.words[1]} for ${refused.length} unit(s); nothing was changed`,
    ),
    refused.map((u) => ({
      field: 'unit_code',
      value: u.unitCode,
      message: text(
        `đang ở trạng thái "${approvalStateLabels[u.state][0]}", cần một trong: ${allowed}`,
        `is ${approvalStateLabels[u.state][1].toLowerCase()}`,
      ),
    })),
  );
}
