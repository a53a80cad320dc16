import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, systemActor, systemActorNamed } from '../../src/access/index.ts';
import type { Db } from '../../src/db/database.ts';
import { createDossier } from '../../src/dossiers/create.ts';
import { importFramework } from '../../src/frameworks/import.ts';
import { answerSurvey, keyPaperBallot } from '../../src/surveys/answer.ts';
import { createCampaign } from '../../src/surveys/campaigns.ts';
import { hashCode, importHouseholds, newCode, normaliseCode } from '../../src/surveys/households.ts';
import { computeResults, qualitySignals } from '../../src/surveys/results.ts';
import { untypedAuditEvents } from '../support/audit.ts';
import { testDatabases } from '../support/databases.ts';
import { openTestDb, seedFixtures, snapshot } from '../support/db.ts';

describe('quality signals (pure)', () => {
  const at = (min: number) => new Date(Date.UTC(2024, 5, 1, 8, min)).toISOString();
  const villages = [
    { id: 1, name: 'Thôn A', coverage: 100 },
    { id: 2, name: 'Thôn B', coverage: 40 },
  ];
  // Thôn A: 5 identical answers, spread over 4 hours. Thôn B: 6 different answers, 5 of them
  // within 8 minutes (5/6 ≥ 80%).
  const answers = [
    ...[0, 60, 120, 180, 240].map((m) => ({ village_id: 1, at: at(m), vector: 'satisfied,satisfied' })),
    ...[0, 2, 4, 6, 8].map((m, i) => ({
      village_id: 2,
      at: at(m),
      vector: `satisfied,${i % 2 ? 'no_opinion' : 'satisfied'}`,
    })),
    { village_id: 2, at: at(200), vector: 'not_satisfied,satisfied' },
  ];
  it('flags uniform villages, bunched answers and low coverage against the required share', () => {
    const s = qualitySignals({ requiredCoveragePct: 70, requiredPassPct: null }, villages, 60, answers);
    expect(s.map((x) => [x.kind, 'village' in x ? x.village : null])).toEqual([
      ['uniform', 'Thôn A'],
      ['bunched', 'Thôn B'],
      ['low_coverage', null],
      ['low_coverage', 'Thôn B'],
    ]);
    expect(s[1]).toMatchObject({ within: 5, answers: 6 });
  });
  it('says the required share is not set instead of inventing one', () => {
    const s = qualitySignals({ requiredCoveragePct: null, requiredPassPct: null }, villages, 60, []);
    expect(s).toEqual([
      expect.objectContaining({
        kind: 'requirement_unset',
        message: expect.objectContaining({ vi: expect.stringMatching(/chưa quy định/) }),
      }),
    ]);
  });
});

describe('codes', () => {
  it('are 10 symbols without look-alikes, distinct, and typed codes normalise to the same hash', () => {
    const codes = Array.from({ length: 2000 }, () => newCode());
    expect(new Set(codes).size).toBe(2000);
    for (const c of codes.slice(0, 50)) expect(c).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
    expect(normaliseCode('abcde-23456 ')).toBe('ABCDE23456');
    expect(hashCode('abcde 23456')).toBe(hashCode('ABCDE23456'));
  });
});

describe.each(testDatabases())('survey results into a district dossier on $name', (target) => {
  let db: Db;
  let dossierId: number;
  let campaignId: number;
  let codes: string[];
  let overall: number;
  beforeAll(async () => {
    db = await openTestDb(target, 'surveys_dossier');
    await seedFixtures(db);
    await importFramework(db, {
      path: join(import.meta.dirname, '..', '..', 'frameworks', 'vn-qd320-huyen-ntm-2021-2025.v1.yaml'),
      actor: systemActorNamed('tester'),
    });
    dossierId = (
      await createDossier(db, systemActor, {
        unitCode: 'D2',
        frameworkId: 'vn-qd320-huyen-ntm-2021-2025',
        round: '2024',
      })
    ).id;
    const c = await createCampaign(db, {
      actor: systemActor,
      dossierId,
      title: 'Lấy ý kiến huyện Hai',
      opensAt: new Date(Date.now() - 3600_000).toISOString(),
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      villages: ['Xã Đông'],
    });
    campaignId = c.id;
    overall = c.questions[0]!.id;
    await importHouseholds(db, {
      actor: systemActor,
      campaignId,
      fileName: 'ho.csv',
      content: Buffer.from('village,household\nXã Đông,1\nXã Đông,2\nXã Đông,3\nXã Đông,4\n'),
    });
    codes = (await db.query<{ code: string }>('SELECT code FROM survey_households ORDER BY id')).map(
      (r) => r.code,
    );
  });
  afterAll(async () => {
    await db?.close();
  });

  const figure = async () =>
    (
      await db.query<{ num: number; source: string }>(
        `SELECT num, source FROM value_current WHERE unit_code = 'D2' AND period = '2024'
         AND measure_id = 'ntm_resident_satisfaction_pct'`,
      )
    )[0];

  it('writes the overall rate as the framework figure (source survey), audited as a value change', async () => {
    await answerSurvey(db, {
      code: codes[0]!,
      items: [{ questionId: overall, choice: 'satisfied' }],
    });
    await answerSurvey(db, {
      code: codes[1]!,
      items: [{ questionId: overall, choice: 'not_satisfied' }],
    });
    // 1 satisfied of 2 answered.
    expect(await figure()).toEqual({ num: 50, source: 'survey' });
    const events = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE type = 'value.changed' AND unit_code = 'D2'`,
    );
    expect(events[0]!.n).toBe(2);
    const r = await computeResults(db, campaignId);
    expect(r.overall).toMatchObject({ rate: 50, answered: 2, households: 4, coverage: 50 });
  });

  it('leaves a locked (submitted) dossier as submitted, but keeps the answer', async () => {
    await db.query("UPDATE dossiers SET state = 'submitted' WHERE id = $1", [dossierId]);
    await answerSurvey(db, {
      code: codes[2]!,
      items: [{ questionId: overall, choice: 'satisfied' }],
    });
    expect(await figure()).toEqual({ num: 50, source: 'survey' });
    const [p] = await db.query<{ satisfaction_pct: number }>(
      'SELECT satisfaction_pct FROM dossier_procedure WHERE dossier_id = $1',
      [dossierId],
    );
    expect(p!.satisfaction_pct).toBe(50);
    expect((await computeResults(db, campaignId)).overall.rate).toBe(66.67);
  });

  it('keys a paper ballot only with survey.key_paper on the unit, and only on its own campaign', async () => {
    const stranger = { userId: 99, username: 'nguoi.la', grants: [] };
    const ballot = { code: codes[3]!, items: [{ questionId: overall, choice: 'satisfied' as const }] };
    const refused = await keyPaperBallot(db, { actor: stranger, campaignId, ...ballot }).catch((e) => e);
    expect(refused.code).toBe('FORBIDDEN');
    const elsewhere = await keyPaperBallot(db, {
      actor: systemActor,
      campaignId: campaignId + 1000,
      ...ballot,
    }).catch((e) => e);
    expect(elsewhere.code).toBe('SURVEY_CODE_NOT_FOUND');
    expect((await computeResults(db, campaignId)).overall.answered).toBe(3);
    const out = await keyPaperBallot(db, { actor: systemActorNamed('can.bo.xa'), campaignId, ...ballot });
    expect(out).toMatchObject({ campaignId, channel: 'paper' });
    const [keyed] = await db.query<{ keyed_by: string; actor_name: string }>(
      `SELECT a.keyed_by, e.actor_name FROM survey_answers a, audit_events e
       WHERE a.household_id = (SELECT max(household_id) FROM survey_answers) AND e.type = 'survey.paper_keyed'`,
    );
    expect(keyed).toEqual({ keyed_by: 'can.bo.xa', actor_name: 'can.bo.xa' });
  });

  it('records only typed audit events (type and data as src/audit/payloads.ts says)', async () => {
    const { checked, wrong } = await untypedAuditEvents(db);
    expect(checked).toBeGreaterThan(5);
    expect(wrong).toEqual([]);
  });
});

describe.each(testDatabases())('household files as a commune writes them on $name', (target) => {
  let db: Db;
  let campaignId: number;
  const officer: Actor = {
    userId: 41,
    username: 'can.bo.huyen.hai',
    grants: [{ role: 'coordination_office', unitCode: 'D2' }],
  };
  const outsider: Actor = {
    userId: 42,
    username: 'can.bo.xa.cao',
    grants: [{ role: 'commune_officer', unitCode: 'C3' }],
  };
  const importFile = (content: Buffer | string, fileName = 'danh-sach-ho.csv', actor = officer) =>
    importHouseholds(db, { actor, campaignId, fileName, content: Buffer.from(content) });
  const stored = () =>
    db.query<{ village: string; household: string; head_name: string | null }>(
      `SELECT v.name AS village, h.household, h.head_name FROM survey_households h
       JOIN survey_villages v ON v.id = h.village_id WHERE h.campaign_id = $1 ORDER BY h.id`,
      [campaignId],
    );
  beforeAll(async () => {
    db = await openTestDb(target, 'surveys_columns');
    await seedFixtures(db);
    const c = await createCampaign(db, {
      actor: systemActor,
      unitCode: 'D2',
      title: 'Lấy ý kiến huyện Hai',
      opensAt: new Date(Date.now() - 3600_000).toISOString(),
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      villages: ['Thôn Đông', 'Tổ dân phố 3'],
    });
    campaignId = c.id;
  });
  afterAll(async () => {
    await db?.close();
  });

  it('reads the Vietnamese headers of an official’s list, ignoring the columns it does not need', async () => {
    const csv =
      'STT;Thôn/Tổ dân phố;Mã hộ;Họ tên chủ hộ;Số điện thoại\n' +
      '1;Thôn Đông;Đ-01;Nguyễn Văn An;0912345678\n' +
      '2;Tổ dân phố 3;T3-01;;0987654321\n';
    const r = await importFile(csv);
    expect(r).toMatchObject({ rows: 2, added: 2 });
    expect(await stored()).toEqual([
      { village: 'Thôn Đông', household: 'Đ-01', head_name: 'Nguyễn Văn An' },
      { village: 'Tổ dân phố 3', household: 'T3-01', head_name: null },
    ]);
    // Phone numbers are not read, so not stored anywhere.
    expect(await snapshot(db)).not.toContain('0912345678');
  });

  it('matches headers without tone marks, case, spacing or the same punctuation, in .xlsx too', async () => {
    const r = await importFile('THON / TO DAN PHO,ma ho,Ho va ten chu ho\nThôn Đông,Đ-02,Trần Thị Bình\n');
    expect(r.added).toBe(1);
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Danh sách hộ');
    sheet.addRow(['Thôn', 'Mã số hộ', 'Chủ hộ', 'Số điện thoại']);
    sheet.addRow(['Tổ dân phố 3', 'T3-02', 'Lê Văn Cường', '0911111111']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    expect((await importFile(xlsx, 'danh-sach-ho.xlsx')).added).toBe(1);
    expect((await stored()).slice(-2)).toEqual([
      { village: 'Thôn Đông', household: 'Đ-02', head_name: 'Trần Thị Bình' },
      { village: 'Tổ dân phố 3', household: 'T3-02', head_name: 'Lê Văn Cường' },
    ]);
  });

  it('names a missing or doubled column in Vietnamese, and a bad row’s column as the file names it; nothing changes', async () => {
    const before = await snapshot(db);
    await expect(
      importFile('Thôn/Tổ dân phố,Họ tên chủ hộ\nThôn Đông,Nguyễn Văn Dũng\n'),
    ).rejects.toMatchObject({
      code: 'FILE_FORMAT',
      text: {
        vi: expect.stringMatching(
          /^Thiếu cột: "Mã hộ"\. Tệp cần các cột: Thôn\/Tổ dân phố, Mã hộ; có thể thêm: Họ tên chủ hộ/,
        ),
        en: expect.stringMatching(/missing columns: household \("Mã hộ"\)/),
      },
    });
    await expect(importFile('Thôn,Tổ dân phố,Mã hộ\nThôn Đông,Thôn Đông,Đ-09\n')).rejects.toMatchObject({
      code: 'FILE_FORMAT',
      text: { vi: expect.stringMatching(/^Cột bị trùng: Thôn\/Tổ dân phố \(Thôn, Tổ dân phố\)/) },
    });
    await expect(
      importFile('Thôn/Tổ dân phố,Mã hộ\nThôn Bắc,B-01\nThôn Đông,\nThôn Đông,Đ-01\n'),
    ).rejects.toMatchObject({
      code: 'INVALID_ROWS',
      details: [
        { line: 2, field: 'Thôn/Tổ dân phố', value: 'Thôn Bắc' },
        { line: 3, field: 'Mã hộ' },
        { line: 4, field: 'Mã hộ', value: 'Đ-01' },
      ],
    });
    expect(await snapshot(db)).toBe(before);
  });

  it('refuses a caller without survey.manage before reading the file, and audits an import once', async () => {
    const before = await snapshot(db);
    // Not a spreadsheet at all: the refusal is about the caller, not the file.
    await expect(importFile('không phải tệp .xlsx', 'rac.xlsx', outsider)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await snapshot(db)).toBe(before);
    const events = async () =>
      (
        await db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM audit_events WHERE type = 'survey.households_imported'",
        )
      )[0]!.n;
    const n = await events();
    await importFile('Thôn/Tổ dân phố,Mã hộ\nThôn Đông,Đ-03\n');
    expect(await events()).toBe(n + 1);
  });
});
