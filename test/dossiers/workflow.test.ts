import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/access/index.ts';
import type { Db } from '../../src/db/database.ts';
import {
  completeAppraisal,
  requestRework,
  ruleOnIndicator,
  startAppraisal,
} from '../../src/dossiers/appraisal.ts';
import { createDossier } from '../../src/dossiers/create.ts';
import { recognizeDossier, recordCouncilVote } from '../../src/dossiers/decision.ts';
import { recordProcedure } from '../../src/dossiers/procedure.ts';
import { readDossier } from '../../src/dossiers/read.ts';
import { revocationFlags } from '../../src/dossiers/revocation.ts';
import { selfAssessDossier } from '../../src/dossiers/self-assessment.ts';
import { resubmitDossier, submitDossier } from '../../src/dossiers/submission.ts';
import { linkEvidence, uploadEvidence } from '../../src/evidence/upload.ts';
import { render } from '../../src/text.ts';
import { setValues } from '../../src/values/import.ts';
import { testDatabases } from '../support/databases.ts';
import { openTestDb } from '../support/db.ts';
import {
  completeProcedure,
  dossierSnapshot,
  FW,
  pdfBytes,
  people,
  pngBytes,
  seedDossierFixtures,
  tempFileStore,
  UNIT,
} from '../support/dossiers.ts';

const { commune, transport, finance, office, councilA, councilB } = people;
const nextWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
const codesOf = (r: Awaited<ReturnType<typeof readDossier>>) => r.criteria.map((c) => c.no);

describe.each(testDatabases())('recognition workflow on $name', (target) => {
  let db: Db;
  const store = tempFileStore();
  beforeAll(async () => {
    db = await openTestDb(target, 'dossier_flow');
    await seedDossierFixtures(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('walks one commune from draft to recognition, then flags it when its figures slip', async () => {
    // The coordination office opens the dossier; a commune officer may not.
    await expect(
      createDossier(db, commune, { unitCode: UNIT, frameworkId: FW, round: '2024' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const dossier = await createDossier(db, office, { unitCode: UNIT, frameworkId: FW, round: '2024' });
    expect(dossier).toMatchObject({ state: 'draft', unitCode: UNIT, round: '2024', reworkRounds: 0 });
    const id = dossier.id;

    // Evidence: one minutes file for both transport indicators (stored once), a photo for income.
    const [minutes] = await uploadEvidence(db, store, commune, {
      dossierId: id,
      files: [{ name: 'Biên bản nghiệm thu đường.pdf', bytes: pdfBytes('duong') }],
      target: { indicatorCodes: ['1.1'] },
    });
    await linkEvidence(db, commune, {
      dossierId: id,
      sha256: minutes!.sha256,
      target: { indicatorCodes: ['1.2'] },
    });
    expect(await db.query('SELECT sha256 FROM evidence_files')).toHaveLength(1);

    // Self-assessment: claiming đạt without evidence needs an explanation.
    await expect(
      selfAssessDossier(db, commune, { dossierId: id, items: [{ indicatorCode: '2.1', claim: 'met' }] }),
    ).rejects.toMatchObject({
      code: 'INVALID_SELF_ASSESSMENT',
      details: [{ field: 'explanation', value: '2.1' }],
    });
    const partial = await selfAssessDossier(db, commune, {
      dossierId: id,
      items: [
        { indicatorCode: '1.1', claim: 'met' },
        { indicatorCode: '1.2', claim: 'met' },
      ],
    });
    expect(partial).toEqual({ assessed: 2, missing: ['2.1'], state: 'draft' });
    await uploadEvidence(db, store, commune, {
      dossierId: id,
      files: [{ name: 'anh-chup.png', bytes: pngBytes() }],
      target: { indicatorCodes: ['2.1'] },
    });
    const done = await selfAssessDossier(db, commune, {
      dossierId: id,
      items: [{ indicatorCode: '2.1', claim: 'met', explanation: 'Số liệu thống kê năm 2024' }],
    });
    expect(done.state).toBe('self_assessed');

    // Submission needs the procedure: 3 postings in 15 days are not enough, and it says why.
    await recordProcedure(db, commune, {
      dossierId: id,
      update: { postings: completeProcedure.postings.slice(0, 3) },
    });
    const incomplete = await submitDossier(db, commune, { dossierId: id }).catch((e) => e);
    expect(incomplete.code).toBe('DOSSIER_INCOMPLETE');
    expect(incomplete.details.map((d: { field: string }) => d.field)).toEqual([
      'procedure.postings',
      'procedure.front_comments',
      'procedure.satisfaction',
      'procedure.meeting',
      'procedure.debt',
    ]);
    expect(render(incomplete.details[0].message, 'vi')).toMatch(/Chỉ niêm yết 3 lần .* cần ít nhất 5 lần/);
    await recordProcedure(db, commune, { dossierId: id, update: completeProcedure });
    expect((await submitDossier(db, commune, { dossierId: id })).state).toBe('submitted');

    // Appraisal: each department sees only its own criterion.
    await startAppraisal(db, office, { dossierId: id });
    expect(codesOf(await readDossier(db, transport, { dossierId: id }))).toEqual(['1']);
    expect(codesOf(await readDossier(db, finance, { dossierId: id }))).toEqual(['2']);
    expect(codesOf(await readDossier(db, commune, { dossierId: id }))).toEqual(['1', '2']);
    expect((await readDossier(db, transport, { dossierId: id })).rule_criteria).toEqual(['1']);
    // Another commune's officer may not read it at all.
    await expect(readDossier(db, people.outsider, { dossierId: id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });

    await ruleOnIndicator(db, transport, { dossierId: id, indicatorCode: '1.1', verdict: 'pass' });
    await ruleOnIndicator(db, transport, {
      dossierId: id,
      indicatorCode: '1.2',
      verdict: 'conditional',
      publicComment: 'Bổ sung quyết định phê duyệt quy hoạch',
      internalNote: 'GHI-CHU-NOI-BO-GTVT',
    });
    await expect(
      ruleOnIndicator(db, transport, { dossierId: id, indicatorCode: '2.1', verdict: 'pass' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await ruleOnIndicator(db, finance, {
      dossierId: id,
      indicatorCode: '2.1',
      verdict: 'fail',
      publicComment: 'Thu nhập chưa có xác nhận của Chi cục Thống kê',
      internalNote: 'GHI-CHU-NOI-BO-TC',
    });

    // The commune sees the public comments, never the internal notes; the office sees both.
    const seenByCommune = JSON.stringify(await readDossier(db, commune, { dossierId: id }));
    expect(seenByCommune).toContain('Bổ sung quyết định phê duyệt quy hoạch');
    expect(seenByCommune).not.toContain('GHI-CHU-NOI-BO');
    expect(seenByCommune).not.toContain('internal_note');
    expect(JSON.stringify(await readDossier(db, office, { dossierId: id }))).toContain('GHI-CHU-NOI-BO-TC');

    // A failed ruling blocks completion; the office sends ONE consolidated rework request.
    await expect(completeAppraisal(db, office, { dossierId: id })).rejects.toMatchObject({
      code: 'DOSSIER_HAS_FAILED_RULINGS',
    });
    const reworked = await requestRework(db, office, {
      dossierId: id,
      deadline: nextWeek(),
      message: 'Đề nghị xã bổ sung các nội dung sau',
    });
    expect(reworked).toMatchObject({ state: 'rework_requested', reworkRounds: 1 });
    const request = (await readDossier(db, commune, { dossierId: id })).rework_requests;
    expect(request).toHaveLength(1);
    expect((request[0]!.items as unknown[]).length).toBe(2);

    // During rework the commune may correct figures and evidence, then resubmits.
    await setValues(db, {
      actor: commune,
      values: [{ unitCode: UNIT, indicator: 'income_per_capita', period: '2024', value: '72,5' }],
    });
    await uploadEvidence(db, store, commune, {
      dossierId: id,
      files: [{ name: 'xac-nhan-thong-ke.pdf', bytes: pdfBytes('thong ke') }],
      target: { indicatorCodes: ['2.1'] },
    });
    expect(
      (await resubmitDossier(db, commune, { dossierId: id, response: 'Đã bổ sung xác nhận thống kê' })).state,
    ).toBe('resubmitted');

    // Second round: only what was not passed needs a new ruling.
    await startAppraisal(db, office, { dossierId: id });
    await ruleOnIndicator(db, transport, { dossierId: id, indicatorCode: '1.2', verdict: 'pass' });
    await ruleOnIndicator(db, finance, { dossierId: id, indicatorCode: '2.1', verdict: 'pass' });
    expect((await completeAppraisal(db, office, { dossierId: id })).state).toBe('appraised');

    // Council and decision.
    await recordCouncilVote(db, councilA, { dossierId: id, vote: 'for' });
    await recordCouncilVote(db, councilB, { dossierId: id, vote: 'for', comment: 'Đủ điều kiện' });
    const [scan] = await uploadEvidence(db, store, office, {
      dossierId: id,
      files: [{ name: 'QĐ 123 công nhận.pdf', bytes: pdfBytes('quyet dinh') }],
      target: { document: 'decision' },
    });
    const recognised = await recognizeDossier(db, office, {
      dossierId: id,
      decisionNo: '123/QĐ-UBND',
      decisionDate: '2024-12-20',
      signer: 'Chủ tịch UBND tỉnh',
      decisionFile: scan!.sha256,
    });
    expect(recognised).toMatchObject({
      state: 'recognised',
      reworkRounds: 1,
      decision: { no: '123/QĐ-UBND', date: '2024-12-20', signer: 'Chủ tịch UBND tỉnh', file: scan!.sha256 },
    });

    // Every step is in the dossier's history and in the audit trail.
    const history = (await readDossier(db, office, { dossierId: id })).history.map((h) => h.to);
    expect(history).toEqual([
      'draft',
      'self_assessed',
      'submitted',
      'under_appraisal',
      'rework_requested',
      'resubmitted',
      'under_appraisal',
      'appraised',
      'recognised',
    ]);
    const events = await db.query<{ type: string; n: number }>(
      'SELECT type, count(*)::int AS n FROM audit_events WHERE dossier_id = $1 GROUP BY type ORDER BY type',
      [id],
    );
    expect(Object.fromEntries(events.map((e) => [e.type, e.n]))).toMatchObject({
      'dossier.created': 1,
      'dossier.transitioned': 8,
      'dossier.ruling': 5,
      'evidence.uploaded': 4,
      'evidence.linked': 1,
      'dossier.voted': 2,
    });

    // After recognition the engine keeps watching: 2025 figures that slip flag the unit.
    await setValues(db, {
      actor: systemActor,
      values: [
        { unitCode: UNIT, indicator: 'road_hardened_pct', period: '2025', value: '96' },
        { unitCode: UNIT, indicator: 'plan_approved', period: '2025', value: 'có' },
        { unitCode: UNIT, indicator: 'income_per_capita', period: '2025', value: '75' },
      ],
    });
    const fine = await revocationFlags(db, { actor: systemActor, frameworkId: FW, period: '2025' });
    expect(fine.units).toEqual([
      expect.objectContaining({ unit: { code: UNIT, name: 'Xã Đông' }, flagged: false }),
    ]);
    expect(fine.key_criteria).toBeNull();
    await setValues(db, {
      actor: systemActor,
      values: [{ unitCode: UNIT, indicator: 'income_per_capita', period: '2025', value: '40' }],
    });
    const slipped = await revocationFlags(db, {
      actor: systemActor,
      frameworkId: FW,
      period: '2025',
      unitCode: UNIT,
    });
    expect(slipped.units[0]).toMatchObject({
      flagged: true,
      dossier_id: id,
      verdict: { rule: 'R2_half_unmet' },
    });
    expect(slipped.units[0]!.reason).toMatch(
      /^1\/2 tiêu chí chưa đạt \(50%\) ≥ 50%: thuộc trường hợp thu hồi/,
    );
    expect(
      (await revocationFlags(db, { frameworkId: FW, period: '2025', actor: people.outsider })).units,
    ).toEqual([]);
    // The recognised round's figures stay locked behind the decision.
    const before = await dossierSnapshot(db);
    await expect(
      setValues(db, {
        actor: systemActor,
        values: [{ unitCode: UNIT, indicator: 'income_per_capita', period: '2024', value: '10' }],
      }),
    ).rejects.toMatchObject({ code: 'DOSSIER_LOCKED' });
    expect(await dossierSnapshot(db)).toBe(before);
  });
});
