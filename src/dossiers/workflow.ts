/**
 * The dossier workflow (QĐ 18/2022/QĐ-TTg) as ONE table: each step, the states it may be taken
 * in, the state it leads to, and the action (role) it needs. The use cases guard every step with
 * `requireStep`; the API computes each caller's `steps` from it; the web shows exactly those.
 *
 * Refusing recognition (không công nhận) is a decision like recognising: QĐ 18/2022 has the
 * chairman decide after the appraisal report and the appraisal council's vote (steps 10–12 of
 * /work/shared/data/criteria/procedure-ntm.md), so it is taken once the dossier is appraised, not
 * during the appraisal (a failing appraisal asks for rework, or the dossier is reopened).
 */
import { type Action, type Actor, requireAbility, type Target } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { type Lang, render, text } from '../text.ts';
import {
  type DossierRef,
  type DossierState,
  editableStates,
  lockedStates,
  lockOf,
  stateLabels,
} from './states.ts';

interface StepRule {
  /** The permission the step needs (src/access/policy.ts). */
  action: Action;
  /** States the step may be taken in. */
  from: readonly DossierState[];
  /** The state it leads to; absent = an edit that keeps the state. */
  to?: DossierState;
  /** What the step is, for the refusal message. */
  what: [vi: string, en: string];
  /** The workflow error code when the state does not allow the step (always HTTP 409). */
  refusal: (s: DossierState) => string;
  /**
   * Why the step is not open in state `s`, in words for someone whose role may take it (null: the
   * state says enough, e.g. the step is long past). Shown by the dossier page beside its steps.
   */
  hint?: (s: DossierState) => [vi: string, en: string] | null;
}

const editable = [...editableStates];
const editRefusal = (s: DossierState) => (lockedStates.has(s) ? 'DOSSIER_LOCKED' : 'DOSSIER_CLOSED');
const lockHint = (s: DossierState): [string, string] | null =>
  lockOf(s) === 'decided'
    ? [
        'Hồ sơ đã có quyết định — số liệu của kỳ này bị khóa.',
        'A decision was taken on this dossier — the figures of its round are locked.',
      ]
    : lockOf(s) === 'submitted'
      ? ['Hồ sơ đã nộp — số liệu bị khóa.', 'Dossier submitted — figures are locked.']
      : null;
const decided = (s: DossierState) =>
  s === 'recognised' || s === 'revoked'
    ? 'DOSSIER_ALREADY_RECOGNISED'
    : s === 'refused'
      ? 'DOSSIER_ALREADY_REFUSED'
      : 'DOSSIER_NOT_APPRAISED';
const notUnderAppraisal = () => 'DOSSIER_NOT_UNDER_APPRAISAL';

/** The dossier workflow: step → who may take it, from which states, to which state. */
export const dossierWorkflow = {
  self_assess: {
    action: 'dossier.self_assess',
    from: editable,
    what: ['tự đánh giá', 'self-assess'],
    refusal: editRefusal,
    hint: lockHint,
  },
  record_procedure: {
    action: 'dossier.self_assess',
    from: editable,
    what: ['ghi nhận các bước thủ tục', 'record the procedure'],
    refusal: editRefusal,
    hint: lockHint,
  },
  change_evidence: {
    action: 'evidence.upload',
    from: editable,
    what: ['thay đổi minh chứng', 'change evidence'],
    refusal: editRefusal,
    hint: lockHint,
  },
  submit: {
    action: 'dossier.submit',
    from: ['self_assessed'],
    to: 'submitted',
    what: ['nộp hồ sơ', 'submit the dossier'],
    refusal: (s) => (s === 'draft' ? 'DOSSIER_NOT_SELF_ASSESSED' : 'DOSSIER_ALREADY_SUBMITTED'),
    hint: (s) =>
      s === 'draft'
        ? [
            'Cần tự đánh giá đủ mọi chỉ tiêu trước khi nộp hồ sơ.',
            'Every indicator must be self-assessed before the dossier can be submitted.',
          ]
        : null,
  },
  start_appraisal: {
    action: 'dossier.consolidate',
    from: ['submitted', 'resubmitted'],
    to: 'under_appraisal',
    what: ['bắt đầu thẩm định', 'start the appraisal'],
    refusal: (s) =>
      s === 'draft' || s === 'self_assessed'
        ? 'DOSSIER_NOT_SUBMITTED'
        : s === 'under_appraisal'
          ? 'DOSSIER_ALREADY_UNDER_APPRAISAL'
          : s === 'rework_requested'
            ? 'DOSSIER_NOT_RESUBMITTED'
            : 'DOSSIER_ALREADY_APPRAISED',
  },
  // Field work (issue 16): the days of the delegation's on-site visit (src/evidence/visit.ts).
  schedule_visit: {
    action: 'dossier.consolidate',
    from: ['submitted', 'resubmitted', 'under_appraisal'],
    what: ['đặt lịch khảo sát thực tế', 'schedule the site visit'],
    refusal: () => 'DOSSIER_NOT_UNDER_APPRAISAL',
  },
  rule: {
    action: 'dossier.rule',
    from: ['under_appraisal'],
    what: ['thẩm định chỉ tiêu', 'rule on an indicator'],
    refusal: notUnderAppraisal,
  },
  request_rework: {
    action: 'dossier.request_rework',
    from: ['under_appraisal'],
    to: 'rework_requested',
    what: ['yêu cầu bổ sung', 'request rework'],
    refusal: notUnderAppraisal,
  },
  resubmit: {
    action: 'dossier.resubmit',
    from: ['rework_requested'],
    to: 'resubmitted',
    what: ['nộp lại hồ sơ', 'resubmit the dossier'],
    refusal: () => 'DOSSIER_NOT_IN_REWORK',
  },
  complete_appraisal: {
    action: 'dossier.consolidate',
    from: ['under_appraisal'],
    to: 'appraised',
    what: ['hoàn thành thẩm định', 'complete the appraisal'],
    refusal: notUnderAppraisal,
  },
  vote: { action: 'dossier.vote', from: ['appraised'], what: ['biểu quyết', 'vote'], refusal: decided },
  attach_decision: {
    action: 'dossier.decide',
    from: ['appraised'],
    what: ['đính kèm tài liệu quyết định', 'attach a decision document'],
    refusal: (s) => (s === 'draft' || s === 'self_assessed' ? 'DOSSIER_NOT_APPRAISED' : 'DOSSIER_LOCKED'),
  },
  recognize: {
    action: 'dossier.decide',
    from: ['appraised'],
    to: 'recognised',
    what: ['ghi nhận quyết định công nhận', 'recognise'],
    refusal: decided,
  },
  refuse: {
    action: 'dossier.decide',
    from: ['appraised'],
    to: 'refused',
    what: ['ghi nhận không công nhận', 'refuse'],
    refusal: decided,
  },
  attach_revocation: {
    action: 'dossier.revoke',
    from: ['recognised'],
    what: ['đính kèm quyết định thu hồi', 'attach the revocation decision'],
    refusal: (s) => (s === 'draft' || s === 'self_assessed' ? 'DOSSIER_NOT_APPRAISED' : 'DOSSIER_LOCKED'),
  },
  revoke: {
    action: 'dossier.revoke',
    from: ['recognised'],
    to: 'revoked',
    what: ['thu hồi công nhận', 'revoke the recognition'],
    refusal: (s) => (s === 'revoked' ? 'DOSSIER_ALREADY_REVOKED' : 'DOSSIER_NOT_RECOGNISED'),
  },
  reopen: {
    action: 'dossier.reopen',
    from: ['submitted', 'under_appraisal', 'resubmitted', 'appraised', 'refused'],
    to: 'draft',
    what: ['mở lại hồ sơ', 'reopen the dossier'],
    refusal: () => 'DOSSIER_NOT_REOPENABLE',
  },
} as const satisfies Record<string, StepRule>;

export type DossierStep = keyof typeof dossierWorkflow;
export const dossierSteps = Object.keys(dossierWorkflow) as DossierStep[];

/** Whether the workflow lets `step` be taken in `state` (the role is checked separately). */
export function stepAllowedIn(step: DossierStep, state: DossierState): boolean {
  return (dossierWorkflow[step].from as readonly DossierState[]).includes(state);
}

/** The state `step` leads to (the same state for edits). */
export function stateAfter(step: DossierStep, state: DossierState): DossierState {
  const rule: StepRule = dossierWorkflow[step];
  return rule.to ?? state;
}

/** A step the caller's role may take but the state does not open, with the reason in words. */
export interface UnavailableStep {
  step: DossierStep;
  /** The workflow code the step would be refused with now (HTTP 409). */
  code: string;
  message: string;
}

/**
 * The reasons, in `lang`, why steps the caller's role allows (`roleAllows`) are not open in the
 * dossier's state — only the steps the table has words for, one entry per distinct reason.
 */
export function unavailableSteps(
  state: DossierState,
  roleAllows: (step: DossierStep) => boolean,
  lang: Lang,
): UnavailableStep[] {
  const out: UnavailableStep[] = [];
  for (const step of dossierSteps) {
    const rule: StepRule = dossierWorkflow[step];
    if (!roleAllows(step) || stepAllowedIn(step, state)) continue;
    const hint = rule.hint?.(state);
    if (!hint) continue;
    const message = render(text(...hint), lang);
    if (!out.some((u) => u.message === message)) out.push({ step, code: rule.refusal(state), message });
  }
  return out;
}

/** Throws the step's workflow error (HTTP 409) unless the dossier's state allows `step`. */
export function requireStepState(d: DossierRef, step: DossierStep): void {
  if (stepAllowedIn(step, d.state)) return;
  const rule: StepRule = dossierWorkflow[step];
  const [vi, en] = stateLabels[d.state];
  const [whatVi, whatEn] = rule.what;
  throw new AppError(
    rule.refusal(d.state),
    text(
      `Không thể ${whatVi}: hồ sơ #${d.id} (${d.unitCode}, ${d.round}) đang ở trạng thái "${vi}"`,
      `Cannot ${whatEn}: dossier #${d.id} is ${en.toLowerCase()}`,
    ),
    [
      {
        field: 'state',
        value: d.state,
        message: text(
          `cần một trong các trạng thái: ${rule.from.map((s) => `"${stateLabels[s][0]}"`).join(', ')}`,
          `needs one of: ${rule.from.map((s) => stateLabels[s][1].toLowerCase()).join(', ')}`,
        ),
      },
    ],
  );
}

/**
 * Guards one workflow step inside the use case's transaction: the actor's permission first
 * (FORBIDDEN), then the dossier's state (the step's workflow code).
 */
export async function requireStep(
  tx: Db,
  actor: Actor,
  d: DossierRef & { frameworkId: string },
  step: DossierStep,
  target: Pick<Target, 'criterionNo'> = {},
): Promise<void> {
  await requireAbility(tx, actor, dossierWorkflow[step].action, {
    unitCode: d.unitCode,
    frameworkId: d.frameworkId,
    ...target,
  });
  requireStepState(d, step);
}
