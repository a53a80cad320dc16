import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, systemActor } from '../../src/access/index.ts';
import { grantRole } from '../../src/accounts/grants.ts';
import { createUser } from '../../src/accounts/users.ts';
import type { Db } from '../../src/db/database.ts';
import { createDossier } from '../../src/dossiers/create.ts';
import { startServer } from '../../src/server.ts';
import { testDatabases } from '../support/databases.ts';
import { countRows, openTestDb, snapshot } from '../support/db.ts';
import { FW, people, seedDossierFixtures, UNIT } from '../support/dossiers.ts';
import { sessionClient, testPassword } from '../support/session-client.ts';

const leader: Actor = { userId: 8, username: 'lanh.dao', grants: [{ role: 'leader', unitCode: 'P1' }] };

async function createAccounts(db: Db) {
  for (const p of [...Object.values(people), leader] as Actor[]) {
    const user = await createUser(db, {
      actor: systemActor,
      username: p.username,
      displayName: p.username,
      password: testPassword,
    });
    for (const g of p.grants) await grantRole(db, { actor: systemActor, userId: user.id, ...g });
  }
}

const csv = (rows: string[]) => new Blob([`village,household,head_name\n${rows.join('\n')}\n`]);
function householdsForm(rows: string[], name = 'ho.csv') {
  const form = new FormData();
  form.append('file', csv(rows), name);
  return form;
}

const hourAgo = () => new Date(Date.now() - 3600_000).toISOString();
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

async function withEnv<T>(name: string, value: string, f: () => Promise<T>): Promise<T> {
  const previous = process.env[name];
  process.env[name] = value;
  try {
    return await f();
  } finally {
    if (previous === undefined) delete process.env[name];
    else process.env[name] = previous;
  }
}

async function surveyTables(db: Db) {
  const out: Record<string, number> = {};
  for (const t of [
    'survey_campaigns',
    'survey_villages',
    'survey_households',
    'survey_answers',
    'survey_answer_items',
  ])
    out[t] = await countRows(db, t);
  return out;
}

describe.each(testDatabases())('satisfaction surveys over HTTP on $name', (target) => {
  let db: Db;
  let server: { url: string; close(): Promise<void> };
  let tight: { url: string; close(): Promise<void> };
  let dossierId: number;
  let campaignId: number;
  const codes = new Map<string, string>();
  const office = () => sessionClient(server.url);
  let officeClient: ReturnType<typeof sessionClient>;

  beforeAll(async () => {
    db = await openTestDb(target, 'api_surveys');
    await seedDossierFixtures(db);
    await createAccounts(db);
    dossierId = (await createDossier(db, people.office, { unitCode: UNIT, frameworkId: FW, round: '2024' }))
      .id;
    server = await withEnv('TIEUCHI_SURVEY_RATE_LIMIT', '1000', () =>
      startServer(db, { port: 0, host: '127.0.0.1', auth: 'required' }),
    );
    tight = await withEnv('TIEUCHI_SURVEY_RATE_LIMIT', '3', () =>
      startServer(db, { port: 0, host: '127.0.0.1', auth: 'required' }),
    );
    officeClient = office();
    expect((await officeClient.login(people.office.username)).status).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
    await tight?.close();
    await db?.close();
  });

  it('creates a campaign for a dossier with one question per criterion; required rates stay unset', async () => {
    const r = await officeClient.write('POST', '/api/surveys', {
      dossier_id: dossierId,
      title: 'Lấy ý kiến xã Đông 2024',
      opens_at: hourAgo(),
      closes_at: inDays(10),
      villages: ['Thôn Đông', 'Thôn Tây'],
    });
    expect(r.status).toBe(201);
    campaignId = r.body.id;
    expect(r.body.unit_code).toBe(UNIT);
    // demo-xa-2024 has 2 criteria: overall + 2 criterion questions.
    expect(r.body.questions.map((q: { kind: string }) => q.kind)).toEqual([
      'overall',
      'criterion',
      'criterion',
    ]);
    expect(r.body.required_coverage_pct).toBeNull();
    expect(r.body.abilities).toEqual({
      'survey.read': true,
      'survey.manage': true,
      'survey.key_paper': true,
    });
  });

  it('refuses a bad household file with every bad row named, changing nothing', async () => {
    const before = await snapshot(db);
    const r = await officeClient.write(
      'POST',
      `/api/surveys/${campaignId}/households`,
      householdsForm(['Thôn Đông,1,Nguyễn Văn A', 'Thôn Bắc,2,', 'Thôn Đông,1,Trùng', 'Thôn Tây,,']),
    );
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INVALID_ROWS');
    expect(r.body.error.details.map((d: { line: number; field: string }) => [d.line, d.field])).toEqual([
      [3, 'village'],
      [4, 'household'],
      [5, 'household'],
    ]);
    const cols = new FormData();
    cols.append('file', new Blob(['thon,ho\nThôn Đông,1\n']), 'sai-cot.csv');
    const bad = await officeClient.write('POST', `/api/surveys/${campaignId}/households`, cols);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('FILE_FORMAT');
    expect(bad.body.error.message).toMatch(/^Thiếu cột: "Mã hộ"/);
    expect(await snapshot(db)).toBe(before);
  });

  it('imports households and prints slips only for those allowed', async () => {
    const rows = [
      'Thôn Đông,Đ1,Nguyễn Văn An',
      'Thôn Đông,Đ2,Trần Thị Bình',
      'Thôn Đông,Đ3,',
      'Thôn Tây,T1,Lê Văn Cường',
    ];
    const r = await officeClient.write('POST', `/api/surveys/${campaignId}/households`, householdsForm(rows));
    expect(r.status).toBe(200);
    expect(r.body.added).toBe(4);
    const again = await officeClient.write(
      'POST',
      `/api/surveys/${campaignId}/households`,
      householdsForm(rows.slice(0, 1)),
    );
    expect(again.status).toBe(400);
    expect(again.body.error.details[0].message).toMatch(/đã có/);

    const slips = await officeClient.get(`/api/surveys/${campaignId}/slips.pdf`);
    expect(slips.status).toBe(200);
    expect(slips.headers.get('content-type')).toBe('application/pdf');
    expect(slips.body.subarray(0, 4).toString()).toBe('%PDF');
    const stored = await db.query<{ household: string; code: string }>(
      'SELECT household, code FROM survey_households WHERE campaign_id = $1',
      [campaignId],
    );
    for (const h of stored) codes.set(h.household, h.code);
    expect(new Set(stored.map((h) => h.code)).size).toBe(4);
    for (const h of stored) expect(h.code).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);

    // Leader reads results but may not list codes; an outsider may not even read.
    const lead = sessionClient(server.url);
    await lead.login(leader.username);
    expect((await lead.get(`/api/surveys/${campaignId}/results`)).status).toBe(200);
    const refused = await lead.get(`/api/surveys/${campaignId}/slips.pdf`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    const outsider = sessionClient(server.url);
    await outsider.login(people.outsider.username);
    expect((await outsider.get(`/api/surveys/${campaignId}/results`)).status).toBe(403);
    expect((await outsider.get(`/api/surveys/${campaignId}/households`)).status).toBe(403);
    // Households without codes for readers.
    const list = await lead.get(`/api/surveys/${campaignId}/households`);
    expect(list.body.households).toHaveLength(4);
    expect(JSON.stringify(list.body)).not.toContain(codes.get('Đ1'));
  });

  it('answers once by code without an account; the second answer is refused', async () => {
    const anon = sessionClient(server.url);
    const open = await anon.get(`/api/public/surveys/${codes.get('Đ1')!.toLowerCase()}`);
    expect(open.status).toBe(200);
    expect(open.body.village).toBe('Thôn Đông');
    const qs: Array<{ id: number; kind: string }> = open.body.questions;
    const answer = (choice: string) => ({
      answers: qs.map((q) => ({
        question_id: q.id,
        choice,
        comment: q.kind === 'overall' ? 'Đường làng sạch đẹp' : null,
      })),
    });
    const first = await anon.write(
      'POST',
      `/api/public/surveys/${codes.get('Đ1')}/answers`,
      answer('satisfied'),
    );
    expect(first.status).toBe(201);
    const before = await surveyTables(db);
    const second = await anon.write(
      'POST',
      `/api/public/surveys/${codes.get('Đ1')}/answers`,
      answer('not_satisfied'),
    );
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('SURVEY_ALREADY_ANSWERED');
    expect((await anon.get(`/api/public/surveys/${codes.get('Đ1')}`)).body.error.code).toBe(
      'SURVEY_ALREADY_ANSWERED',
    );
    const wrong = await anon.get('/api/public/surveys/ABCDEFGHJK');
    expect(wrong.status).toBe(404);
    expect(wrong.body.error.code).toBe('SURVEY_CODE_NOT_FOUND');
    // Missing overall question: refused, nothing stored.
    const partial = await anon.write('POST', `/api/public/surveys/${codes.get('Đ2')}/answers`, {
      answers: [{ question_id: qs[1]!.id, choice: 'satisfied' }],
    });
    expect(partial.status).toBe(400);
    expect(await surveyTables(db)).toEqual(before);
  });

  it('keys a paper ballot (marked paper, audited) and the rates and the dossier follow', async () => {
    const qs = (await officeClient.get(`/api/surveys/${campaignId}`)).body.questions as Array<{ id: number }>;
    const ballot = (choices: string[]) => ({
      code: codes.get('T1'),
      answers: qs.map((q, i) => ({ question_id: q.id, choice: choices[i] })),
    });
    // The leader may not key paper ballots; nothing changes.
    const lead = sessionClient(server.url);
    await lead.login(leader.username);
    const before = await surveyTables(db);
    const refused = await lead.write(
      'POST',
      `/api/surveys/${campaignId}/paper`,
      ballot(['not_satisfied', 'satisfied', 'no_opinion']),
    );
    expect(refused.status).toBe(403);
    expect(await surveyTables(db)).toEqual(before);

    const r = await officeClient.write(
      'POST',
      `/api/surveys/${campaignId}/paper`,
      ballot(['not_satisfied', 'satisfied', 'no_opinion']),
    );
    expect(r.status).toBe(200);
    const res = r.body.results;
    // 2 of 4 households answered; overall: 1 satisfied of 2 = 50%.
    expect(res.overall).toMatchObject({
      answered: 2,
      households: 4,
      coverage: 50,
      rate: 50,
      paper: 1,
      web: 1,
    });
    expect(
      res.villages.map((v: { name: string; answered: number; coverage: number }) => [
        v.name,
        v.answered,
        v.coverage,
      ]),
    ).toEqual([
      ['Thôn Đông', 1, 33.33],
      ['Thôn Tây', 1, 100],
    ]);
    expect(res.questions.map((q: { rate: number }) => q.rate)).toEqual([50, 100, 50]);
    expect(res.comments.map((m: { comment: string }) => m.comment)).toEqual(['Đường làng sạch đẹp']);
    expect(res.signals.map((s: { kind: string }) => s.kind)).toEqual(['requirement_unset']);
    const [row] = await db.query<{ channel: string; keyed_by: string }>(
      `SELECT a.channel, a.keyed_by FROM survey_answers a JOIN survey_households h ON h.id = a.household_id WHERE h.code = $1`,
      [codes.get('T1')],
    );
    expect(row).toEqual({ channel: 'paper', keyed_by: people.office.username });
    const events = await db.query<{ type: string; actor_name: string }>(
      "SELECT type, actor_name FROM audit_events WHERE type IN ('survey.answered', 'survey.paper_keyed') ORDER BY id",
    );
    expect(events.map((e) => [e.type, e.actor_name])).toEqual([
      ['survey.answered', 'người dân'],
      ['survey.paper_keyed', people.office.username],
    ]);

    // The dossier's satisfaction result is the campaign's overall rate.
    const d = await officeClient.get(`/api/dossiers/${dossierId}`);
    expect(d.status).toBe(200);
    expect(JSON.stringify(d.body)).toContain('Tỷ lệ hài lòng 50%');
    const [proc] = await db.query<{
      satisfaction_pct: number;
      satisfaction_surveyed: number;
      satisfaction_total: number;
    }>(
      'SELECT satisfaction_pct, satisfaction_surveyed, satisfaction_total FROM dossier_procedure WHERE dossier_id = $1',
      [dossierId],
    );
    expect(proc).toEqual({ satisfaction_pct: 50, satisfaction_surveyed: 2, satisfaction_total: 4 });
    // The campaign's page reads the same step from the campaign itself (no digging in the dossier).
    const camp = await officeClient.get(`/api/surveys/${campaignId}`);
    expect(camp.body.dossier).toEqual({
      id: dossierId,
      satisfaction: { rate: 50, surveyed: 2, households: 4 },
    });
  });

  it('shows coverage below a required share once the office sets it, and exports .xlsx and PDF', async () => {
    const put = await officeClient.write('PUT', `/api/surveys/${campaignId}`, {
      required_coverage_pct: 70,
      required_pass_pct: 90,
    });
    expect(put.status).toBe(200);
    const res = (await officeClient.get(`/api/surveys/${campaignId}/results`)).body;
    expect(res.signals.map((s: { kind: string; village: string | null }) => [s.kind, s.village])).toEqual([
      ['low_coverage', null],
      ['low_coverage', 'Thôn Đông'],
    ]);
    expect(res.passes).toBe(false);
    const x = await officeClient.get(`/api/surveys/${campaignId}/results.xlsx`);
    expect(x.status).toBe(200);
    expect(x.body.subarray(0, 2).toString()).toBe('PK');
    const p = await officeClient.get(`/api/surveys/${campaignId}/report.pdf`);
    expect(p.body.subarray(0, 4).toString()).toBe('%PDF');
  });

  it('refuses questionnaire edits once answered', async () => {
    const r = await officeClient.write('PUT', `/api/surveys/${campaignId}/questions`, {
      questions: [{ kind: 'overall', text: 'Câu hỏi mới' }],
    });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('SURVEY_HAS_ANSWERS');
  });

  it('refuses answers outside the window', async () => {
    const closed = await officeClient.write('POST', '/api/surveys', {
      unit_code: UNIT,
      title: 'Đợt đã kết thúc',
      opens_at: '2020-01-01T00:00:00Z',
      closes_at: '2020-02-01T00:00:00Z',
      villages: ['Thôn Đông'],
    });
    expect(closed.status).toBe(201);
    expect(closed.body.questions).toHaveLength(1);
    await officeClient.write(
      'POST',
      `/api/surveys/${closed.body.id}/households`,
      householdsForm(['Thôn Đông,X1,']),
    );
    const [h] = await db.query<{ code: string; id: number }>(
      'SELECT id, code FROM survey_households WHERE campaign_id = $1',
      [closed.body.id],
    );
    const anon = sessionClient(server.url);
    const before = await surveyTables(db);
    const r = await anon.write('POST', `/api/public/surveys/${h!.code}/answers`, {
      answers: [{ question_id: closed.body.questions[0].id, choice: 'satisfied' }],
    });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('SURVEY_CLOSED');
    expect(await surveyTables(db)).toEqual(before);
    // A code of that campaign keyed as paper on another campaign's page: refused, nothing stored.
    const elsewhere = await officeClient.write('POST', `/api/surveys/${campaignId}/paper`, {
      code: h!.code,
      answers: [{ question_id: closed.body.questions[0].id, choice: 'satisfied' }],
    });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error.code).toBe('SURVEY_CODE_NOT_FOUND');
    expect(await surveyTables(db)).toEqual(before);
    // Results are public only once the office marks them so (closing is not enough); codes and
    // comments never are.
    const hidden = await anon.get(`/api/public/units/${UNIT}/surveys`);
    expect([hidden.status, hidden.body.surveys]).toEqual([200, []]);
    const marked = await officeClient.write('PUT', `/api/surveys/${closed.body.id}`, {
      results_public: true,
    });
    expect(marked.status).toBe(200);
    const pub = await anon.get(`/api/public/units/${UNIT}/surveys`);
    expect(pub.status).toBe(200);
    expect(pub.body.surveys.map((s: { title: string }) => s.title)).toEqual(['Đợt đã kết thúc']);
    expect(JSON.stringify(pub.body)).not.toContain(h!.code);
  });

  it('limits requests per address on the public endpoints', async () => {
    // On PostgreSQL the counts are rows shared by every instance (this one and the main server):
    // start from a fresh window.
    await db.query('DELETE FROM rate_limit_hits');
    const anon = sessionClient(tight.url);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await anon.get('/api/public/surveys/ABCDEFGHJK')).status);
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
  });

  it('does not write into a submitted dossier, and says so', async () => {
    await db.query("UPDATE dossiers SET state = 'submitted' WHERE id = $1", [dossierId]);
    const r = await officeClient.write('POST', `/api/surveys/${campaignId}/sync`);
    expect(r.status).toBe(200);
    expect(r.body.state).toBe('locked');
    expect(r.body.message).toMatch(/không tự ghi vào hồ sơ/);
    await db.query("UPDATE dossiers SET state = 'draft' WHERE id = $1", [dossierId]);
  });
});
