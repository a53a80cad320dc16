/**
 * The dossier transition table (src/dossiers/workflow.ts) against the use cases: in every state,
 * every step the table allows succeeds (and leads where the table says), every other step is
 * refused with its workflow code (HTTP 409) changing nothing, and the API's `steps` are exactly
 * the table's steps the caller's role may take.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/access/index.ts';
import type { Db } from '../../src/db/database.ts';
import {
  completeAppraisal,
  requestRework,
  ruleOnIndicator,
  startAppraisal,
} from '../../src/dossiers/appraisal.ts';
import {
  recognizeDossier,
  recordCouncilVote,
  refuseDossier,
  reopenDossier,
  revokeRecognition,
} from '../../src/dossiers/decision.ts';
import { recordProcedure } from '../../src/dossiers/procedure.ts';
import { readDossier } from '../../src/dossiers/read.ts';
import { selfAssessDossier } from '../../src/dossiers/self-assessment.ts';
import { type DossierState, dossierStates } from '../../src/dossiers/states.ts';
import { resubmitDossier, submitDossier } from '../../src/dossiers/submission.ts';
import {
  type DossierStep,
  dossierSteps,
  dossierWorkflow,
  stepAllowedIn,
} from '../../src/dossiers/workflow.ts';
import { uploadEvidence } from '../../src/evidence/upload.ts';
import { scheduleVisit } from '../../src/evidence/visit.ts';
import { statusForCode } from '../../src/http/errors.ts';
import { testDatabases } from '../support/databases.ts';
import { openTestDb } from '../support/db.ts';
import {
  completeProcedure,
  dossierIn,
  dossierSnapshot,
  pdfBytes,
  people,
  seedDossierFixtures,
  tempFileStore,
} from '../support/dossiers.ts';

const { commune, transport, finance, office, councilA } = people;
const store = tempFileStore();
const nextWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

const upload = (db: Db, actor: Actor, id: number, target: Parameters<typeof uploadEvidence>[3]['target']) =>
  uploadEvidence(db, store, actor, {
    dossierId: id,
    files: [{ name: 'tep.pdf', bytes: pdfBytes(`${id} ${JSON.stringify(target)} ${Math.random()}`) }],
    target,
  });

const ruleAll = async (db: Db, id: number, verdict2: 'pass' | 'conditional') => {
  await ruleOnIndicator(db, transport, { dossierId: id, indicatorCode: '1.1', verdict: 'pass' });
  await ruleOnIndicator(db, transport, { dossierId: id, indicatorCode: '1.2', verdict: 'pass' });
  await ruleOnIndicator(db, finance, {
    dossierId: id,
    indicatorCode: '2.1',
    verdict: verdict2,
    publicComment: verdict2 === 'pass' ? null : 'Bổ sung bảng tổng hợp',
  });
};

/**
 * Each step taken by the person whose role allows it, after what the step itself needs besides
 * the state (a complete procedure, all rulings, a council majority and the decision scan).
 */
const take: Record<DossierStep, (db: Db, id: number) => Promise<unknown>> = {
  self_assess: (db, id) => selfAssessDossier(db, commune, { dossierId: id, items: [] }),
  record_procedure: (db, id) => recordProcedure(db, commune, { dossierId: id, update: completeProcedure }),
  change_evidence: (db, id) => upload(db, commune, id, { indicatorCodes: ['1.1'] }),
  submit: async (db, id) => {
    await recordProcedure(db, commune, { dossierId: id, update: completeProcedure });
    return submitDossier(db, commune, { dossierId: id });
  },
  start_appraisal: (db, id) => startAppraisal(db, office, { dossierId: id }),
  schedule_visit: (db, id) =>
    scheduleVisit(db, office, { dossierId: id, from: '2024-11-18', to: '2024-11-19' }),
  rule: (db, id) => ruleOnIndicator(db, transport, { dossierId: id, indicatorCode: '1.1', verdict: 'pass' }),
  request_rework: async (db, id) => {
    await ruleAll(db, id, 'conditional');
    return requestRework(db, office, { dossierId: id, deadline: nextWeek() });
  },
  resubmit: (db, id) => resubmitDossier(db, commune, { dossierId: id, response: 'Đã bổ sung' }),
  complete_appraisal: async (db, id) => {
    await ruleAll(db, id, 'pass');
    return completeAppraisal(db, office, { dossierId: id });
  },
  vote: (db, id) => recordCouncilVote(db, councilA, { dossierId: id, vote: 'for' }),
  attach_decision: (db, id) => upload(db, office, id, { document: 'council_minutes' }),
  recognize: async (db, id) => {
    await recordCouncilVote(db, councilA, { dossierId: id, vote: 'for' });
    const [scan] = await upload(db, office, id, { document: 'decision' });
    return recognizeDossier(db, office, {
      dossierId: id,
      decisionNo: '1/QĐ-UBND',
      decisionDate: '2024-12-31',
      signer: 'Chủ tịch UBND tỉnh',
      decisionFile: scan!.sha256,
    });
  },
  refuse: (db, id) => refuseDossier(db, office, { dossierId: id, reason: 'Hội đồng không tán thành' }),
  attach_revocation: (db, id) => upload(db, office, id, { document: 'revocation' }),
  revoke: (db, id) =>
    revokeRecognition(db, office, {
      dossierId: id,
      decisionNo: '2/QĐ',
      decisionDate: '2025-06-01',
      reason: 'x',
    }),
  reopen: (db, id) => reopenDossier(db, office, { dossierId: id, reason: 'Bổ sung số liệu' }),
};

/** Steps taken without the preparation above: only the state may refuse them. */
const bare: Partial<Record<DossierStep, (db: Db, id: number) => Promise<unknown>>> = {
  submit: (db, id) => submitDossier(db, commune, { dossierId: id }),
  request_rework: (db, id) => requestRework(db, office, { dossierId: id, deadline: nextWeek() }),
  complete_appraisal: (db, id) => completeAppraisal(db, office, { dossierId: id }),
  recognize: (db, id) =>
    recognizeDossier(db, office, {
      dossierId: id,
      decisionNo: '1/QĐ',
      decisionDate: '2024-12-31',
      signer: 'x',
      decisionFile: '0'.repeat(64),
    }),
};

const rounds = [
  ...Array.from({ length: 12 }, (_, k) => `2024-${String(k + 1).padStart(2, '0')}`),
  '2024Q1',
  '2024Q2',
  '2024Q3',
  '2024Q4',
];

describe.each(testDatabases())('dossier transition table on $name', (target) => {
  let db: Db;
  let next = 0;
  /** A fresh dossier of Xã Đông in `state`, in a round of its own. */
  const fresh = async (state: DossierState): Promise<number> => {
    const round = rounds[next++];
    if (!round) throw new Error('out of rounds');
    if (state === 'refused' || state === 'revoked') {
      const id = await dossierIn(db, store, state === 'refused' ? 'appraised' : 'recognised', { round });
      await take[state === 'refused' ? 'refuse' : 'revoke'](db, id);
      return id;
    }
    return dossierIn(db, store, state, { round });
  };
  const stateOf = async (id: number) =>
    (await db.query<{ state: DossierState }>('SELECT state FROM dossiers WHERE id = $1', [id]))[0]!.state;

  // Each test on a database of its own: Xã Đông has only so many rounds.
  beforeEach(async () => {
    db = await openTestDb(target, 'dossier_table');
    await seedDossierFixtures(db);
    next = 0;
  }, 300_000);
  afterEach(async () => {
    await db?.close();
  });

  it('lets every step the table allows succeed, leading where the table says', async () => {
    const taken: string[] = [];
    for (const state of dossierStates) {
      const allowed = dossierSteps.filter((s) => stepAllowedIn(s, state));
      const edits = allowed.filter((s) => !('to' in dossierWorkflow[s]));
      const moves = allowed.filter((s) => 'to' in dossierWorkflow[s]);
      // Edits keep the state: all on one dossier, which then takes the first move.
      let id = edits.length > 0 || moves.length > 0 ? await fresh(state) : 0;
      for (const step of edits) {
        await take[step](db, id);
        expect(await stateOf(id), `${state}: ${step}`).toBe(state);
        taken.push(`${state}:${step}`);
      }
      for (const [k, step] of moves.entries()) {
        if (k > 0) id = await fresh(state);
        await take[step](db, id);
        const to = (dossierWorkflow[step] as { to: DossierState }).to;
        expect(await stateOf(id), `${state}: ${step}`).toBe(to);
        taken.push(`${state}:${step}`);
      }
    }
    // The law's order (QĐ 18/2022): a refusal only after the appraisal, never during it.
    expect(taken).toContain('appraised:refuse');
    expect(taken).not.toContain('under_appraisal:refuse');
    expect(taken.length).toBeGreaterThan(20);
  }, 600_000);

  it('refuses every other step with its workflow code, changing nothing', async () => {
    for (const state of dossierStates) {
      const refused = dossierSteps.filter((s) => !stepAllowedIn(s, state));
      if (refused.length === 0) continue;
      const id = await fresh(state);
      for (const step of refused) {
        const before = await dossierSnapshot(db);
        const err = await (bare[step] ?? take[step])(db, id).then(
          () => ({ code: 'ALLOWED' }),
          (e: { code?: string }) => e,
        );
        expect(err.code, `${state}: ${step}`).toBe(dossierWorkflow[step].refusal(state));
        expect(statusForCode(err.code ?? ''), `${state}: ${step}`).toBe(409);
        expect(await dossierSnapshot(db), `${state}: ${step} changed something`).toBe(before);
      }
    }
  }, 600_000);

  it("reports as `steps` exactly the table's steps the caller's role may take", async () => {
    const id = await fresh('under_appraisal');
    const stepsOf = async (actor: Actor) =>
      Object.entries((await readDossier(db, actor, { dossierId: id })).steps)
        .filter(([, ok]) => ok)
        .map(([s]) => s)
        .sort();
    expect(await stepsOf(office)).toEqual([
      'complete_appraisal',
      'reopen',
      'request_rework',
      'schedule_visit',
    ]);
    expect(await stepsOf(transport)).toEqual(['rule']);
    expect(await stepsOf(commune)).toEqual([]);
    await take.complete_appraisal(db, id);
    expect(await stepsOf(office)).toEqual(['attach_decision', 'recognize', 'refuse', 'reopen']);
    expect(await stepsOf(councilA)).toEqual(['vote']);
    const detail = await readDossier(db, office, { dossierId: id });
    expect(detail.abilities['dossier.decide']).toBe(true);
    expect(detail.abilities['dossier.consolidate']).toBe(false);
  }, 600_000);

  it('says why a step the role allows is not open, with the code the use case refuses it with', async () => {
    const draft = await fresh('draft');
    const read = (actor: Actor, id: number, lang: 'vi' | 'en' = 'vi') =>
      readDossier(db, actor, { dossierId: id, lang }).then((d) => d.unavailable);
    expect(await read(commune, draft)).toEqual([
      {
        step: 'submit',
        code: 'DOSSIER_NOT_SELF_ASSESSED',
        message: 'Cần tự đánh giá đủ mọi chỉ tiêu trước khi nộp hồ sơ.',
      },
    ]);
    expect(await read(office, draft)).toEqual([]);
    const refused = await bare.submit!(db, draft).then(
      () => 'ALLOWED',
      (e: { code?: string }) => e.code,
    );
    expect(refused).toBe('DOSSIER_NOT_SELF_ASSESSED');

    // Submitted: the commune's three edit steps share one reason (the lock), in the reader's language.
    const submitted = await fresh('submitted');
    expect(await read(commune, submitted)).toEqual([
      { step: 'self_assess', code: 'DOSSIER_LOCKED', message: 'Hồ sơ đã nộp — số liệu bị khóa.' },
    ]);
    expect((await read(commune, submitted, 'en'))[0]!.message).toBe(
      'Dossier submitted — figures are locked.',
    );
    const recognised = await fresh('recognised');
    expect((await read(commune, recognised)).map((u) => u.message)).toEqual([
      'Hồ sơ đã có quyết định — số liệu của kỳ này bị khóa.',
    ]);
    expect((await readDossier(db, commune, { dossierId: recognised })).dossier.lock).toBe('decided');
  }, 600_000);
});
