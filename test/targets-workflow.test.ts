/**
 * The explanation transition table (src/targets/workflow.ts) against the use cases, on every
 * database: in every state, every step the table allows succeeds and leads where the table says;
 * every other step is refused with WORKFLOW_STEP_NOT_ALLOWED (HTTP 409) and changes nothing; a
 * role the step does not name is refused with FORBIDDEN before the state is looked at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/access/index.ts';
import type { Db } from '../src/db/database.ts';
import { AppError } from '../src/errors.ts';
import { statusForCode } from '../src/http/errors.ts';
import { setTargets } from '../src/targets/assign.ts';
import { answerExplanation, askExplanation, type Explanation } from '../src/targets/explanations.ts';
import { createPlan } from '../src/targets/plans.ts';
import {
  type ExplanationState,
  type ExplanationStep,
  explanationState,
  explanationStates,
  explanationStepAllowedIn,
  explanationSteps,
  explanationWorkflow,
} from '../src/targets/workflow.ts';
import { testDatabases } from './support/databases.ts';
import { openTestDb, seedFixtures } from './support/db.ts';

const as = (role: Actor['grants'][number]['role'], unitCode: string): Actor => ({
  userId: 7,
  username: `${role}@${unitCode}`,
  grants: [{ role, unitCode }],
});
const planner: Actor = { userId: null, username: 'planner', grants: [] };
const leader = as('leader', 'P1');
const unitC5 = as('commune_officer', 'C5');

/** Who the table lets take each step here: the leader asks, the holder's commune answers. */
const taker: Record<ExplanationStep, Actor> = { ask: leader, answer: unitC5 };
/** Someone whose role the step does not name. */
const outsider: Record<ExplanationStep, Actor> = { ask: unitC5, answer: leader };

async function refusal(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return (err as AppError).code;
}

async function snapshot(db: Db): Promise<string> {
  const rows = await db.query('SELECT * FROM target_explanations ORDER BY id');
  const events = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events');
  return `${JSON.stringify(rows)}/${events[0]!.n}`;
}

describe.each(testDatabases())('explanation workflow table on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'tgflow');
    await seedFixtures(db);
    await createPlan(db, planner, {
      year: 2026,
      rootCode: 'P1',
      add: [
        {
          code: 'REV',
          name: 'Thu ngân sách',
          unit: 'tỷ đồng',
          direction: 'higher',
          aggregation: 'sum',
          frequency: 'month',
        },
      ],
    });
    await setTargets(db, planner, {
      year: 2026,
      targets: [
        { indicator: 'REV', holder: 'P1', target: 1000 },
        { indicator: 'REV', holder: 'C5', target: 250 },
      ],
    });
  });
  afterAll(async () => {
    await db.close();
  });

  const ask = (actor: Actor) =>
    askExplanation(db, actor, { year: 2026, indicator: 'REV', holder: 'C5', question: 'Vì sao chậm?' });
  const answer = (actor: Actor, id: number) =>
    answerExplanation(db, actor, { id, answer: 'Do nguồn thu đất.' });

  /** A request brought into `state` through the use cases (null for `new`: none yet). */
  async function requestIn(state: ExplanationState): Promise<Explanation | null> {
    if (state === 'new') return null;
    const e = await ask(leader);
    return state === 'asked' ? e : answer(unitC5, e.id);
  }

  /** Takes `step` on the request in `state` (asking makes a new request; answering acts on the given one). */
  const take = (step: ExplanationStep, actor: Actor, e: Explanation | null) =>
    step === 'ask' ? ask(actor) : answer(actor, e?.id ?? 999_999);

  it('the table: asking starts a request, only an open request is answered', () => {
    expect(explanationStates).toEqual(['new', 'asked', 'answered']);
    expect(explanationWorkflow.ask).toMatchObject({ from: ['new'], to: 'asked', action: 'target.ask' });
    expect(explanationWorkflow.answer).toMatchObject({
      from: ['asked'],
      to: 'answered',
      action: 'target.explain',
    });
  });

  for (const state of explanationStates)
    for (const step of explanationSteps) {
      // Asking acts on no stored request (it makes a new one): only its `new` cell is a real call.
      // Answering in `new` has no request to act on: the use case answers 404, checked below.
      if (step === 'ask' && state !== 'new') continue;
      if (step === 'answer' && state === 'new') continue;
      const allowed = explanationStepAllowedIn(step, state);
      it(`${step} in ${state}: ${allowed ? 'allowed' : 'refused with WORKFLOW_STEP_NOT_ALLOWED'}`, async () => {
        const e = await requestIn(state);
        const before = await snapshot(db);
        expect(await refusal(take(step, outsider[step], e)), 'a role the step does not name').toBe(
          'FORBIDDEN',
        );
        expect(await snapshot(db)).toBe(before);
        if (allowed) {
          const after = await take(step, taker[step], e);
          expect(explanationState(after)).toBe(explanationWorkflow[step].to);
          expect(await snapshot(db)).not.toBe(before);
        } else {
          const code = await refusal(take(step, taker[step], e));
          expect([code, statusForCode(code)]).toEqual(['WORKFLOW_STEP_NOT_ALLOWED', 409]);
          expect(await snapshot(db)).toBe(before);
        }
      });
    }

  it('asking is never a step on a stored request, and a missing request is not found', async () => {
    for (const state of ['asked', 'answered'] as const)
      expect(explanationStepAllowedIn('ask', state)).toBe(false);
    expect(explanationStepAllowedIn('answer', 'new')).toBe(false);
    expect(await refusal(answer(unitC5, 999_999))).toBe('TARGET_EXPLANATION_NOT_FOUND');
  });
});
