/**
 * The staff workflow tables (src/staff/workflow.ts) against the use cases, on every test
 * database: every allowed step succeeds and moves to the table's next state, every other is
 * refused with the workflow error code and changes nothing; the abilities a reader gets are
 * exactly the table's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, systemActor } from '../../src/access/index.ts';
import { createUser } from '../../src/accounts/users.ts';
import type { Db } from '../../src/db/database.ts';
import { AppError } from '../../src/errors.ts';
import { seedStaffOrg } from '../../src/staff/demo.ts';
import { readPersonEvaluation } from '../../src/staff/evaluations.ts';
import { decideExtension, requestExtension } from '../../src/staff/extensions.ts';
import {
  approveStaffEvaluations,
  commentStaffEvaluation,
  reviewStaffEvaluation,
  selfAssessStaffEvaluation,
} from '../../src/staff/steps.ts';
import { assignTasks, completeTask, rateTask } from '../../src/staff/tasks.ts';
import {
  type EvaluationState,
  type EvaluationStep,
  evaluationStates,
  evaluationSteps,
  extensionSteps,
  workflowErrorCode,
} from '../../src/staff/workflow.ts';
import { testDatabases } from '../support/databases.ts';
import { openTestDb } from '../support/db.ts';

async function refusal(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

describe.each(testDatabases())('staff workflow tables ($name)', (target) => {
  let db: Db;
  let ids: Map<string, number>;
  const actors = {} as Record<'an' | 'binh' | 'long', Actor>;
  let an: number;

  beforeAll(async () => {
    db = await openTestDb(target, 'staffwf');
    ids = await seedStaffOrg(db, systemActor);
    an = ids.get('CB03')!;
    // an: CB03, chuyên viên of the office; binh: CB02, its head and an's manager; long: CB08, head elsewhere.
    for (const [name, code] of [
      ['an', 'CB03'],
      ['binh', 'CB02'],
      ['long', 'CB08'],
    ] as const) {
      const u = await createUser(db, {
        actor: systemActor,
        username: `wf.${name}`,
        displayName: name,
        password: 'mật-khẩu-thử-12345',
      });
      await db.query('UPDATE staff_people SET user_id = $1 WHERE code = $2', [u.id, code]);
      actors[name] = { userId: u.id, username: `wf.${name}`, grants: [] };
    }
  }, 120_000);
  afterAll(async () => db?.close());

  /** A month of its own with one finished, rated task for an, its evaluation put in `state`. */
  let nextYear = 2040;
  async function monthIn(state: EvaluationState): Promise<string> {
    const period = `${nextYear++}-03`;
    const [task] = await assignTasks(db, {
      actor: systemActor,
      tasks: [{ assignee_id: an, title: 'Báo cáo', deadline: `${period}-10` }],
    });
    await completeTask(db, { actor: systemActor, taskId: task!, completed_on: `${period}-09` });
    await rateTask(db, { actor: systemActor, taskId: task!, rating: { quality: 'dat' } });
    if (state !== 'draft')
      await db.query(
        `INSERT INTO staff_evaluations (person_id, period, frame_id, state, self_manual, manager_manual)
         VALUES ($1, $2, 'vn-nd335-2025', $3, '{"general": 25}', $4)`,
        [an, period, state, state === 'self_assessed' ? null : '{"general": 25}'],
      );
    return period;
  }

  const stateOf = async (period: string) =>
    (
      await db.query<{ state: string }>(
        'SELECT state FROM staff_evaluations WHERE person_id = $1 AND period = $2',
        [an, period],
      )
    )[0]?.state ?? 'draft';

  /** Each step taken by the one its table entry names. */
  const take: Record<EvaluationStep, (period: string) => Promise<unknown>> = {
    self_assess: (period) =>
      selfAssessStaffEvaluation(db, { actor: actors.an, personId: an, period, manual: { general: 26 } }),
    review: (period) =>
      reviewStaffEvaluation(db, {
        actor: actors.binh,
        personId: an,
        period,
        manual: { general: 25 },
        reason: 'Lý do',
      }),
    approve: (period) =>
      approveStaffEvaluations(db, { actor: actors.binh, unit: 'DEMO-VP', period, personIds: [an] }),
    comment: (period) =>
      commentStaffEvaluation(db, { actor: actors.an, personId: an, period, text: 'Đồng ý' }),
  };

  for (const state of evaluationStates)
    for (const [step, rule] of Object.entries(evaluationSteps) as [
      EvaluationStep,
      (typeof evaluationSteps)[EvaluationStep],
    ][]) {
      const allowed = (rule.from as readonly string[]).includes(state);
      it(`evaluation ${state} → ${step}: ${allowed ? `allowed, becomes ${rule.to}` : 'refused'}`, async () => {
        const period = await monthIn(state);
        // The abilities the reader gets say the same as the table.
        const reader = (rule.who as readonly string[]).includes('self') ? actors.an : actors.binh;
        const view = await readPersonEvaluation(db, { actor: reader, personId: an, period });
        expect(view.state).toBe(state);
        expect(view.abilities[step]).toBe(allowed);
        const code = await refusal(take[step](period));
        if (allowed) {
          expect(code).toBeNull();
          expect(await stateOf(period)).toBe(rule.to);
        } else {
          expect(code).toBe(workflowErrorCode);
          expect(await stateOf(period)).toBe(state);
        }
      });
    }

  it('someone outside the line is refused every evaluation step (FORBIDDEN), whatever the state', async () => {
    const period = await monthIn('reviewed');
    const outsider = actors.long;
    expect(
      await refusal(selfAssessStaffEvaluation(db, { actor: outsider, personId: an, period, manual: {} })),
    ).toBe('FORBIDDEN');
    expect(
      await refusal(
        reviewStaffEvaluation(db, { actor: outsider, personId: an, period, manual: { general: 20 } }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      await refusal(
        approveStaffEvaluations(db, { actor: outsider, unit: 'DEMO-VP', period, personIds: [an] }),
      ),
    ).toBe('FORBIDDEN');
    // The person does not approve his own month.
    expect(
      await refusal(
        approveStaffEvaluations(db, { actor: actors.an, unit: 'DEMO-VP', period, personIds: [an] }),
      ),
    ).toBe('FORBIDDEN');
    expect(await stateOf(period)).toBe('reviewed');
  });

  it('extensions: a request only when none is pending; a decision only on a pending request, by the assigner', async () => {
    const [task] = await assignTasks(db, {
      actor: systemActor,
      tasks: [{ assignee_id: an, title: 'Kế hoạch', deadline: '2039-05-10' }],
    });
    const ask = (deadline: string) =>
      requestExtension(db, {
        actor: actors.an,
        taskId: task!,
        new_deadline: deadline,
        reason: 'Chờ số liệu',
      });
    // new → requested (self); a second request while one is pending is refused.
    expect(extensionSteps.request.from).toEqual(['new']);
    const first = await ask('2039-05-20');
    expect(await refusal(ask('2039-05-25'))).toBe(workflowErrorCode);
    // The person does not decide his own request; an outsider neither.
    expect(await refusal(decideExtension(db, { actor: actors.an, extensionId: first, approve: true }))).toBe(
      'FORBIDDEN',
    );
    expect(
      await refusal(decideExtension(db, { actor: actors.long, extensionId: first, approve: true })),
    ).toBe('FORBIDDEN');
    // requested → approved; then approved accepts neither approve nor refuse.
    await decideExtension(db, { actor: actors.binh, extensionId: first, approve: true });
    for (const approve of [true, false])
      expect(await refusal(decideExtension(db, { actor: actors.binh, extensionId: first, approve }))).toBe(
        workflowErrorCode,
      );
    // The task has no pending request again: a new one may be made; requested → refused, then final.
    const second = await ask('2039-06-01');
    await decideExtension(db, { actor: actors.binh, extensionId: second, approve: false });
    for (const approve of [true, false])
      expect(await refusal(decideExtension(db, { actor: actors.binh, extensionId: second, approve }))).toBe(
        workflowErrorCode,
      );
    const rows = await db.query<{ status: string }>(
      'SELECT status FROM staff_extensions WHERE task_id = $1 ORDER BY id',
      [task],
    );
    expect(rows.map((r) => r.status)).toEqual(['approved', 'refused']);
    const [t] = await db.query<{ deadline: string }>(
      'SELECT deadline::text AS deadline FROM staff_tasks WHERE id = $1',
      [task],
    );
    expect(t!.deadline).toBe('2039-05-20');
  });
});
