import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { selfAssessDossier } from '../../src/dossiers/self-assessment.ts';
import type { DossierState } from '../../src/dossiers/states.ts';
import { resubmitDossier, submitDossier } from '../../src/dossiers/submission.ts';
import { uploadEvidence } from '../../src/evidence/upload.ts';
import { statusForCode } from '../../src/http/errors.ts';
import { testDatabases } from '../support/databases.ts';
import { openTestDb } from '../support/db.ts';
import {
  dossierIn,
  dossierSnapshot,
  pdfBytes,
  people,
  seedDossierFixtures,
  tempFileStore,
} from '../support/dossiers.ts';

const { commune, transport, office, councilA } = people;
const store = tempFileStore();
const nextWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

/** Every use case that moves or edits a dossier, called as the person who may do it. */
const useCases: Record<string, (db: Db, id: number) => Promise<unknown>> = {
  selfAssess: (db, id) => selfAssessDossier(db, commune, { dossierId: id, items: [] }),
  procedure: (db, id) => recordProcedure(db, commune, { dossierId: id, update: { postings: [] } }),
  upload: (db, id) =>
    uploadEvidence(db, store, commune, {
      dossierId: id,
      files: [{ name: 'them.pdf', bytes: pdfBytes('them') }],
      target: { indicatorCodes: ['1.1'] },
    }),
  submit: (db, id) => submitDossier(db, commune, { dossierId: id }),
  startAppraisal: (db, id) => startAppraisal(db, office, { dossierId: id }),
  rule: (db, id) => ruleOnIndicator(db, transport, { dossierId: id, indicatorCode: '1.1', verdict: 'pass' }),
  requestRework: (db, id) => requestRework(db, office, { dossierId: id, deadline: nextWeek() }),
  resubmit: (db, id) => resubmitDossier(db, commune, { dossierId: id, response: 'x' }),
  completeAppraisal: (db, id) => completeAppraisal(db, office, { dossierId: id }),
  vote: (db, id) => recordCouncilVote(db, councilA, { dossierId: id, vote: 'for' }),
  recognize: (db, id) =>
    recognizeDossier(db, office, {
      dossierId: id,
      decisionNo: '1/QĐ',
      decisionDate: '2024-12-31',
      signer: 'x',
      decisionFile: '0'.repeat(64),
    }),
  refuse: (db, id) => refuseDossier(db, office, { dossierId: id, reason: 'x' }),
  revoke: (db, id) =>
    revokeRecognition(db, office, {
      dossierId: id,
      decisionNo: '2/QĐ',
      decisionDate: '2025-06-01',
      reason: 'x',
    }),
  reopen: (db, id) => reopenDossier(db, office, { dossierId: id, reason: 'x' }),
};

/** The refusal code of each use case in each state where the workflow does not allow it. */
const refusals: Record<DossierState, Record<string, string>> = {
  draft: {
    submit: 'DOSSIER_NOT_SELF_ASSESSED',
    startAppraisal: 'DOSSIER_NOT_SUBMITTED',
    rule: 'DOSSIER_NOT_UNDER_APPRAISAL',
    requestRework: 'DOSSIER_NOT_UNDER_APPRAISAL',
    resubmit: 'DOSSIER_NOT_IN_REWORK',
    completeAppraisal: 'DOSSIER_NOT_UNDER_APPRAISAL',
    vote: 'DOSSIER_NOT_APPRAISED',
    recognize: 'DOSSIER_NOT_APPRAISED',
    refuse: 'DOSSIER_NOT_APPRAISED',
    revoke: 'DOSSIER_NOT_RECOGNISED',
    reopen: 'DOSSIER_NOT_REOPENABLE',
  },
  self_assessed: {
    startAppraisal: 'DOSSIER_NOT_SUBMITTED',
    rule: 'DOSSIER_NOT_UNDER_APPRAISAL',
    requestRework: 'DOSSIER_NOT_UNDER_APPRAISAL',
    resubmit: 'DOSSIER_NOT_IN_REWORK',
    completeAppraisal: 'DOSSIER_NOT_UNDER_APPRAISAL',
    vote: 'DOSSIER_NOT_APPRAISED',
    recognize: 'DOSSIER_NOT_APPRAISED',
    refuse: 'DOSSIER_NOT_APPRAISED',
    revoke: 'DOSSIER_NOT_RECOGNISED',
    reopen: 'DOSSIER_NOT_REOPENABLE',
  },
  submitted: {
    selfAssess: 'DOSSIER_LOCKED',
    procedure: 'DOSSIER_LOCKED',
    upload: 'DOSSIER_LOCKED',
    submit: 'DOSSIER_ALREADY_SUBMITTED',
    rule: 'DOSSIER_NOT_UNDER_APPRAISAL',
    requestRework: 'DOSSIER_NOT_UNDER_APPRAISAL',
    resubmit: 'DOSSIER_NOT_IN_REWORK',
    completeAppraisal: 'DOSSIER_NOT_UNDER_APPRAISAL',
    vote: 'DOSSIER_NOT_APPRAISED',
    recognize: 'DOSSIER_NOT_APPRAISED',
    refuse: 'DOSSIER_NOT_APPRAISED',
    revoke: 'DOSSIER_NOT_RECOGNISED',
  },
  under_appraisal: {
    selfAssess: 'DOSSIER_LOCKED',
    procedure: 'DOSSIER_LOCKED',
    upload: 'DOSSIER_LOCKED',
    submit: 'DOSSIER_ALREADY_SUBMITTED',
    startAppraisal: 'DOSSIER_ALREADY_UNDER_APPRAISAL',
    requestRework: 'DOSSIER_APPRAISAL_INCOMPLETE',
    resubmit: 'DOSSIER_NOT_IN_REWORK',
    completeAppraisal: 'DOSSIER_APPRAISAL_INCOMPLETE',
    vote: 'DOSSIER_NOT_APPRAISED',
    recognize: 'DOSSIER_NOT_APPRAISED',
    // QĐ 18/2022: not recognising is decided after the appraisal and the council, not during it.
    refuse: 'DOSSIER_NOT_APPRAISED',
    revoke: 'DOSSIER_NOT_RECOGNISED',
  },
  rework_requested: {
    submit: 'DOSSIER_ALREADY_SUBMITTED',
    startAppraisal: 'DOSSIER_NOT_RESUBMITTED',
    rule: 'DOSSIER_NOT_UNDER_APPRAISAL',
    requestRework: 'DOSSIER_NOT_UNDER_APPRAISAL',
    completeAppraisal: 'DOSSIER_NOT_UNDER_APPRAISAL',
    vote: 'DOSSIER_NOT_APPRAISED',
    recognize: 'DOSSIER_NOT_APPRAISED',
    refuse: 'DOSSIER_NOT_APPRAISED',
    revoke: 'DOSSIER_NOT_RECOGNISED',
    reopen: 'DOSSIER_NOT_REOPENABLE',
  },
  resubmitted: {
    selfAssess: 'DOSSIER_LOCKED',
    procedure: 'DOSSIER_LOCKED',
    upload: 'DOSSIER_LOCKED',
    submit: 'DOSSIER_ALREADY_SUBMITTED',
    rule: 'DOSSIER_NOT_UNDER_APPRAISAL',
    requestRework: 'DOSSIER_NOT_UNDER_APPRAISAL',
    resubmit: 'DOSSIER_NOT_IN_REWORK',
    completeAppraisal: 'DOSSIER_NOT_UNDER_APPRAISAL',
    vote: 'DOSSIER_NOT_APPRAISED',
    recognize: 'DOSSIER_NOT_APPRAISED',
    refuse: 'DOSSIER_NOT_APPRAISED',
    revoke: 'DOSSIER_NOT_RECOGNISED',
  },
  appraised: {
    selfAssess: 'DOSSIER_LOCKED',
    procedure: 'DOSSIER_LOCKED',
    upload: 'DOSSIER_LOCKED',
    submit: 'DOSSIER_ALREADY_SUBMITTED',
    startAppraisal: 'DOSSIER_ALREADY_APPRAISED',
    rule: 'DOSSIER_NOT_UNDER_APPRAISAL',
    requestRework: 'DOSSIER_NOT_UNDER_APPRAISAL',
    resubmit: 'DOSSIER_NOT_IN_REWORK',
    completeAppraisal: 'DOSSIER_NOT_UNDER_APPRAISAL',
    recognize: 'DOSSIER_NO_COUNCIL_MAJORITY',
    revoke: 'DOSSIER_NOT_RECOGNISED',
  },
  recognised: {
    selfAssess: 'DOSSIER_LOCKED',
    procedure: 'DOSSIER_LOCKED',
    upload: 'DOSSIER_LOCKED',
    submit: 'DOSSIER_ALREADY_SUBMITTED',
    startAppraisal: 'DOSSIER_ALREADY_APPRAISED',
    rule: 'DOSSIER_NOT_UNDER_APPRAISAL',
    requestRework: 'DOSSIER_NOT_UNDER_APPRAISAL',
    resubmit: 'DOSSIER_NOT_IN_REWORK',
    completeAppraisal: 'DOSSIER_NOT_UNDER_APPRAISAL',
    vote: 'DOSSIER_ALREADY_RECOGNISED',
    recognize: 'DOSSIER_ALREADY_RECOGNISED',
    refuse: 'DOSSIER_ALREADY_RECOGNISED',
    reopen: 'DOSSIER_NOT_REOPENABLE',
  },
  refused: {
    selfAssess: 'DOSSIER_LOCKED',
    procedure: 'DOSSIER_LOCKED',
    upload: 'DOSSIER_LOCKED',
    submit: 'DOSSIER_ALREADY_SUBMITTED',
    startAppraisal: 'DOSSIER_ALREADY_APPRAISED',
    rule: 'DOSSIER_NOT_UNDER_APPRAISAL',
    requestRework: 'DOSSIER_NOT_UNDER_APPRAISAL',
    resubmit: 'DOSSIER_NOT_IN_REWORK',
    completeAppraisal: 'DOSSIER_NOT_UNDER_APPRAISAL',
    vote: 'DOSSIER_ALREADY_REFUSED',
    recognize: 'DOSSIER_ALREADY_REFUSED',
    refuse: 'DOSSIER_ALREADY_REFUSED',
    revoke: 'DOSSIER_NOT_RECOGNISED',
  },
  revoked: {
    selfAssess: 'DOSSIER_CLOSED',
    procedure: 'DOSSIER_CLOSED',
    upload: 'DOSSIER_CLOSED',
    submit: 'DOSSIER_ALREADY_SUBMITTED',
    startAppraisal: 'DOSSIER_ALREADY_APPRAISED',
    rule: 'DOSSIER_NOT_UNDER_APPRAISAL',
    requestRework: 'DOSSIER_NOT_UNDER_APPRAISAL',
    resubmit: 'DOSSIER_NOT_IN_REWORK',
    completeAppraisal: 'DOSSIER_NOT_UNDER_APPRAISAL',
    vote: 'DOSSIER_ALREADY_RECOGNISED',
    recognize: 'DOSSIER_ALREADY_RECOGNISED',
    refuse: 'DOSSIER_ALREADY_RECOGNISED',
    revoke: 'DOSSIER_ALREADY_REVOKED',
    reopen: 'DOSSIER_NOT_REOPENABLE',
  },
};

describe.each(testDatabases())('illegal dossier transitions on $name', (target) => {
  let db: Db;
  const ids = new Map<DossierState, number>();
  beforeAll(async () => {
    db = await openTestDb(target, 'dossier_states');
    await seedDossierFixtures(db);
    // One dossier of Xã Đông per state, each in its own monthly round.
    const plain = [
      'draft',
      'self_assessed',
      'submitted',
      'under_appraisal',
      'rework_requested',
      'resubmitted',
      'appraised',
      'recognised',
    ] as const;
    for (const [k, state] of plain.entries())
      ids.set(state, await dossierIn(db, store, state, { round: `2024-${String(k + 1).padStart(2, '0')}` }));
    const refused = await dossierIn(db, store, 'appraised', { round: '2024-09' });
    await refuseDossier(db, office, { dossierId: refused, reason: 'Hội đồng không tán thành' });
    ids.set('refused', refused);
    const revoked = await dossierIn(db, store, 'recognised', { round: '2024-10' });
    await revokeRecognition(db, office, {
      dossierId: revoked,
      decisionNo: '9/QĐ-UBND',
      decisionDate: '2025-06-01',
      reason: 'Tiêu chí thu nhập không còn đạt',
    });
    ids.set('revoked', revoked);
  }, 600_000);
  afterAll(async () => {
    await db?.close();
  });

  it.each(Object.keys(refusals) as DossierState[])(
    'refuses what %s does not allow, changing nothing',
    async (state) => {
      const id = ids.get(state)!;
      const seen: Record<string, string> = {};
      for (const name of Object.keys(refusals[state])) {
        const before = await dossierSnapshot(db);
        const err = await useCases[name]!(db, id).then(
          () => ({ code: 'ALLOWED' }),
          (e: { code?: string }) => e,
        );
        seen[name] = err.code ?? String(err);
        expect(await dossierSnapshot(db), `${state}: ${name} changed something`).toBe(before);
      }
      expect(seen).toEqual(refusals[state]);
      for (const code of Object.values(seen)) expect(statusForCode(code)).toBe(409);
    },
  );

  it('reaches every state it says it does', async () => {
    for (const [state, id] of ids) {
      const [row] = await db.query<{ state: string }>('SELECT state FROM dossiers WHERE id = $1', [id]);
      expect(row?.state).toBe(state);
    }
  });
});
