import { AppError } from '../errors.ts';
import { type Text, text } from '../text.ts';

/** The workflow of a recognition dossier (QĐ 18/2022/QĐ-TTg), in order. */
export const dossierStates = [
  'draft',
  'self_assessed',
  'submitted',
  'under_appraisal',
  'rework_requested',
  'resubmitted',
  'appraised',
  'recognised',
  'refused',
  'revoked',
] as const;
export type DossierState = (typeof dossierStates)[number];

export const stateLabels: Record<DossierState, [vi: string, en: string]> = {
  draft: ['Đang lập', 'Draft'],
  self_assessed: ['Đã tự đánh giá', 'Self-assessed'],
  submitted: ['Đã nộp', 'Submitted'],
  under_appraisal: ['Đang thẩm định', 'Under appraisal'],
  rework_requested: ['Yêu cầu bổ sung', 'Rework requested'],
  resubmitted: ['Đã nộp lại', 'Resubmitted'],
  appraised: ['Đã thẩm định', 'Appraised'],
  recognised: ['Đã công nhận', 'Recognised'],
  refused: ['Không công nhận', 'Refused'],
  revoked: ['Đã thu hồi công nhận', 'Recognition revoked'],
};

/**
 * States in which the figures and evidence the dossier relies on are locked: from submission
 * until the dossier is reopened (or, after recognition, revoked). During a rework request the
 * commune corrects them, so they are open again.
 */
export const lockedStates: ReadonlySet<DossierState> = new Set([
  'submitted',
  'under_appraisal',
  'resubmitted',
  'appraised',
  'recognised',
  'refused',
]);

/** States the commune edits in: self-assessment, procedure record, evidence. */
export const editableStates: ReadonlySet<DossierState> = new Set([
  'draft',
  'self_assessed',
  'rework_requested',
]);

/** States from which a dossier may be reopened (back to draft, recorded). */
export const reopenableStates: ReadonlySet<DossierState> = new Set([
  'submitted',
  'under_appraisal',
  'resubmitted',
  'appraised',
  'refused',
]);

/** The part of a dossier the state guards need. */
export interface DossierRef {
  id: number;
  state: DossierState;
  unitCode: string;
  round: string;
}

function describe(d: DossierRef): Text {
  const [vi, en] = stateLabels[d.state];
  return text(
    `hồ sơ #${d.id} (${d.unitCode}, ${d.round}) đang ở trạng thái "${vi}"`,
    `dossier #${d.id} is ${en.toLowerCase()}`,
  );
}

/**
 * Throws a workflow error (HTTP 409) with `code` unless the dossier is in one of `allowed`.
 * `code` names what is wrong (DOSSIER_NOT_SUBMITTED, DOSSIER_ALREADY_SUBMITTED, ...).
 */
export function requireState(
  d: DossierRef,
  allowed: readonly DossierState[] | ReadonlySet<DossierState>,
  code: string,
  what: [vi: string, en: string],
): void {
  const ok = Array.isArray(allowed)
    ? allowed.includes(d.state)
    : (allowed as ReadonlySet<DossierState>).has(d.state);
  if (ok) return;
  const state = describe(d);
  const names = [...allowed];
  throw new AppError(code, text(`Không thể ${what[0]}: ${state.vi}`, `Cannot ${what[1]}: ${state.en}`), [
    {
      field: 'state',
      value: d.state,
      message: text(
        `cần một trong các trạng thái: ${names.map((s) => `"${stateLabels[s][0]}"`).join(', ')}`,
        `needs one of: ${names.map((s) => stateLabels[s][1].toLowerCase()).join(', ')}`,
      ),
    },
  ]);
}

/** Edits by the commune (self-assessment, procedure, evidence): refused once submitted. */
export function requireEditable(d: DossierRef, what: [vi: string, en: string]): void {
  const code = lockedStates.has(d.state) ? 'DOSSIER_LOCKED' : 'DOSSIER_CLOSED';
  requireState(d, editableStates, code, what);
}
