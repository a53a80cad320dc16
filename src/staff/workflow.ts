/**
 * The staff workflows as tables (docs/decisions/004-staff-evaluation.md): a month's evaluation
 * (tự đánh giá → người quản lý trực tiếp → thủ trưởng; the person comments on the result) and a
 * task's deadline extension (đề nghị gia hạn → duyệt / từ chối). The same table guards each use
 * case, inside its transaction, and gives the UI its per-step abilities: the pages decide nothing
 * from states themselves.
 */
import type { Actor } from '../access/index.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';
import type { Relation } from './access.ts';

/**
 * The error code of a step the state refuses (HTTP 409), as for dossier steps. One constant so
 * the project's workflow vocabulary can rename it in one place.
 */
export const workflowErrorCode = 'WORKFLOW_STEP_NOT_ALLOWED';

/** Who may take a step, from the actor's relation to the person (src/staff/access.ts). */
export type StaffRole = 'self' | 'manager' | 'head';

export interface Step<S extends string> {
  from: readonly S[];
  to: S;
  who: readonly StaffRole[];
  /** What the step is, for refusals ("tự đánh giá", "self-assess"). */
  name: [vi: string, en: string];
}

export const evaluationStates = ['draft', 'self_assessed', 'reviewed', 'approved'] as const;
export type EvaluationState = (typeof evaluationStates)[number];

export const evaluationStateNames: Record<EvaluationState, [vi: string, en: string]> = {
  draft: ['chưa tự đánh giá', 'not self-assessed'],
  self_assessed: ['đã tự đánh giá', 'self-assessed'],
  reviewed: ['người quản lý đã đánh giá', 'reviewed by the manager'],
  approved: ['đã phê duyệt', 'approved'],
};

/** A month's evaluation: state × step → next state and who takes it. */
export const evaluationSteps = {
  /** The person proposes the manual points; again until the manager has reviewed. */
  self_assess: {
    from: ['draft', 'self_assessed'],
    to: 'self_assessed',
    who: ['self'],
    name: ['tự đánh giá', 'self-assess'],
  },
  /** The direct manager (or a head above) scores, also without a self-assessment; again until approved. */
  review: {
    from: ['draft', 'self_assessed', 'reviewed'],
    to: 'reviewed',
    who: ['manager'],
    name: ['chấm điểm (người quản lý)', 'review'],
  },
  /** The head decides with the quota; an approved result may be decided again (changes with a reason). */
  approve: {
    from: ['reviewed', 'approved'],
    to: 'approved',
    who: ['head'],
    name: ['phê duyệt xếp loại', 'approve'],
  },
  /** The person comments on the approved result. */
  comment: {
    from: ['approved'],
    to: 'approved',
    who: ['self'],
    name: ['ghi ý kiến về kết quả', 'comment'],
  },
} as const satisfies Record<string, Step<EvaluationState>>;
export type EvaluationStep = keyof typeof evaluationSteps;

export const extensionStates = ['new', 'requested', 'approved', 'refused'] as const;
export type ExtensionState = (typeof extensionStates)[number];

const extensionStateNames: Record<ExtensionState, [vi: string, en: string]> = {
  new: ['chưa đề nghị', 'not requested'],
  requested: ['đang chờ xử lý', 'pending'],
  approved: ['đã được duyệt', 'approved'],
  refused: ['đã bị từ chối', 'refused'],
};

/** A deadline extension: the person (or the assigner) asks, the assigner decides once. */
export const extensionSteps = {
  request: {
    from: ['new'],
    to: 'requested',
    who: ['self', 'manager'],
    name: ['đề nghị gia hạn', 'request an extension'],
  },
  approve: {
    from: ['requested'],
    to: 'approved',
    who: ['manager'],
    name: ['duyệt gia hạn', 'approve the extension'],
  },
  refuse: {
    from: ['requested'],
    to: 'refused',
    who: ['manager'],
    name: ['từ chối gia hạn', 'refuse the extension'],
  },
} as const satisfies Record<string, Step<ExtensionState>>;
export type ExtensionStep = keyof typeof extensionSteps;

/** Whether the relation lets the actor take a step of `who` (an administrator counts as manager and head, not as the person). */
export function relationAllows(rel: Relation, who: readonly StaffRole[]): boolean {
  return who.some((w) => rel[w]);
}

function stepAllowed<S extends string>(step: Step<S>, state: S, rel: Relation): boolean {
  return relationAllows(rel, step.who) && step.from.includes(state);
}

/** Per-step abilities of an evaluation in `state` for an actor of relation `rel`. */
export function evaluationAbilities(state: EvaluationState, rel: Relation): Record<EvaluationStep, boolean> {
  const out = {} as Record<EvaluationStep, boolean>;
  for (const [k, step] of Object.entries(evaluationSteps))
    out[k as EvaluationStep] = stepAllowed<EvaluationState>(step, state, rel);
  return out;
}

/** Per-step abilities of a task's extension (`new` when none is pending). */
export function extensionAbilities(state: ExtensionState, rel: Relation): Record<ExtensionStep, boolean> {
  const out = {} as Record<ExtensionStep, boolean>;
  for (const [k, step] of Object.entries(extensionSteps))
    out[k as ExtensionStep] = stepAllowed<ExtensionState>(step, state, rel);
  return out;
}

function requireStep<S extends string>(
  step: Step<S>,
  state: S,
  rel: Relation,
  ctx: { actor: Actor; subject: [vi: string, en: string]; stateNames: Record<S, [string, string]> },
): void {
  const [vi, en] = step.name;
  if (!relationAllows(rel, step.who))
    throw new AppError(
      'FORBIDDEN',
      text(
        `Tài khoản ${ctx.actor.username} không có quyền ${vi} đối với ${ctx.subject[0]}`,
        `${ctx.actor.username} may not ${en} for ${ctx.subject[1]}`,
      ),
    );
  if (step.from.includes(state)) return;
  const [sv, se] = ctx.stateNames[state];
  throw new AppError(
    workflowErrorCode,
    text(`Không thể ${vi}: ${ctx.subject[0]} ${sv}`, `Cannot ${en}: ${ctx.subject[1]} is ${se}`),
    [
      {
        field: 'state',
        value: state,
        message: text(
          `cần một trong các trạng thái: ${step.from.map((s) => `"${ctx.stateNames[s][0]}"`).join(', ')}`,
          `needs one of: ${step.from.map((s) => ctx.stateNames[s][1]).join(', ')}`,
        ),
      },
    ],
  );
}

/** Throws FORBIDDEN or the workflow error unless `step` may be taken on this evaluation. */
export function requireEvaluationStep(
  step: EvaluationStep,
  state: EvaluationState,
  rel: Relation,
  ctx: { actor: Actor; personId: number; period: string },
): void {
  requireStep<EvaluationState>(evaluationSteps[step], state, rel, {
    actor: ctx.actor,
    subject: [
      `đánh giá của cán bộ ${ctx.personId} kỳ ${ctx.period}`,
      `the evaluation of person ${ctx.personId} for ${ctx.period}`,
    ],
    stateNames: evaluationStateNames,
  });
}

/** Throws FORBIDDEN or the workflow error unless `step` may be taken on this task's extension. */
export function requireExtensionStep(
  step: ExtensionStep,
  state: ExtensionState,
  rel: Relation,
  ctx: { actor: Actor; taskId: number },
): void {
  requireStep<ExtensionState>(extensionSteps[step], state, rel, {
    actor: ctx.actor,
    subject: [`gia hạn nhiệm vụ ${ctx.taskId}`, `the extension of task ${ctx.taskId}`],
    stateNames: extensionStateNames,
  });
}
