/**
 * Explanations (giải trình) as ONE transition table: a leader asks a holder why an indicator is
 * off track (a new request), the holder answers it once. The use cases guard each step with
 * `requireExplanationStep` inside their transaction; the API gives every cell and explanation its
 * `steps` from the same table, and the targets pages show exactly those.
 */
import { type Action, type Actor, requireAbility } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';

/** `new`: no request yet (the state a request is asked from); then asked → answered. */
export const explanationStates = ['new', 'asked', 'answered'] as const;
export type ExplanationState = (typeof explanationStates)[number];

const stateNames: Record<ExplanationState, [vi: string, en: string]> = {
  new: ['chưa được yêu cầu', 'not requested'],
  asked: ['đang chờ đơn vị trả lời', 'waiting for the answer'],
  answered: ['đã được trả lời', 'answered'],
};

interface StepRule {
  /** The permission the step needs on the holder's unit (src/access/policy.ts). */
  action: Action;
  from: readonly ExplanationState[];
  to: ExplanationState;
  /** What the step is, for the refusal message. */
  what: [vi: string, en: string];
}

/** The explanation workflow: step → who may take it, from which states, to which state. */
export const explanationWorkflow = {
  ask: {
    action: 'target.ask',
    from: ['new'],
    to: 'asked',
    what: ['yêu cầu giải trình', 'ask for an explanation'],
  },
  answer: {
    action: 'target.explain',
    from: ['asked'],
    to: 'answered',
    what: ['trả lời yêu cầu giải trình', 'answer the request'],
  },
} as const satisfies Record<string, StepRule>;

export type ExplanationStep = keyof typeof explanationWorkflow;
export const explanationSteps = Object.keys(explanationWorkflow) as ExplanationStep[];

/** The state of a stored request (null: none yet). */
export const explanationState = (e: { answer: string | null } | null): ExplanationState =>
  e === null ? 'new' : e.answer === null ? 'asked' : 'answered';

/** Whether the table lets `step` be taken in `state` (the role is checked separately). */
export function explanationStepAllowedIn(step: ExplanationStep, state: ExplanationState): boolean {
  return (explanationWorkflow[step].from as readonly ExplanationState[]).includes(state);
}

/**
 * Per step: the caller's permissions on the holder's unit (`abilities`, from `abilitiesFor`) AND
 * the state allow it. What the targets pages show, and nothing else.
 */
export function explanationStepsFor(
  abilities: Record<Action, boolean>,
  state: ExplanationState,
): Record<ExplanationStep, boolean> {
  const out = {} as Record<ExplanationStep, boolean>;
  for (const step of explanationSteps)
    out[step] = abilities[explanationWorkflow[step].action] && explanationStepAllowedIn(step, state);
  return out;
}

/**
 * Guards one step inside the use case's transaction: the permission on the holder's unit first
 * (FORBIDDEN), then the state (WORKFLOW_STEP_NOT_ALLOWED, HTTP 409).
 */
export async function requireExplanationStep(
  tx: Db,
  actor: Actor,
  step: ExplanationStep,
  state: ExplanationState,
  target: { unitCode: string; date: string; id?: number },
): Promise<void> {
  const rule: StepRule = explanationWorkflow[step];
  await requireAbility(tx, actor, rule.action, { unitCode: target.unitCode, date: target.date });
  if (explanationStepAllowedIn(step, state)) return;
  const [vi, en] = rule.what;
  const which = target.id === undefined ? ['', ''] : [` số ${target.id}`, ` #${target.id}`];
  throw new AppError(
    'WORKFLOW_STEP_NOT_ALLOWED',
    text(
      `Không thể ${vi}: yêu cầu giải trình${which[0]} ${stateNames[state][0]}`,
      `Cannot ${en}: explanation request${which[1]} is ${stateNames[state][1]}`,
    ),
    [
      {
        field: 'state',
        value: state,
        message: text(
          `cần trạng thái: ${rule.from.map((s) => `"${stateNames[s][0]}"`).join(', ')}`,
          `needs: ${rule.from.map((s) => stateNames[s][1]).join(', ')}`,
        ),
      },
    ],
  );
}
