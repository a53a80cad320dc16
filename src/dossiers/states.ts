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

/** Why the dossier's figures are locked: it went in (submitted … appraised) or was decided; null when open. */
export function lockOf(s: DossierState): 'submitted' | 'decided' | null {
  if (!lockedStates.has(s)) return null;
  return s === 'recognised' || s === 'refused' ? 'decided' : 'submitted';
}

/** States the commune edits in: self-assessment, procedure record, evidence. */
export const editableStates: ReadonlySet<DossierState> = new Set([
  'draft',
  'self_assessed',
  'rework_requested',
]);

/** The part of a dossier the state guards need. */
export interface DossierRef {
  id: number;
  state: DossierState;
  unitCode: string;
  round: string;
}
