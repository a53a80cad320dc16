import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, systemActor } from '../../src/access/index.ts';
import { grantRole } from '../../src/accounts/grants.ts';
import { createUser } from '../../src/accounts/users.ts';
import type { Db } from '../../src/db/database.ts';
import { sessionCookie } from '../../src/http/auth.ts';
import { startServer } from '../../src/server.ts';
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

const password = 'mật khẩu thử nghiệm 01';
const nextWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked by the expectations
  body: any;
  headers: Headers;
}

/** A logged-in browser: session cookie and CSRF token on every request. */
async function login(base: string, username: string) {
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  expect(cookie.startsWith(`${sessionCookie}=`)).toBe(true);
  const csrf = ((await res.json()) as { csrf_token: string }).csrf_token;
  const send = async (method: string, path: string, body?: unknown): Promise<Reply> => {
    const headers: Record<string, string> = { cookie, 'x-csrf-token': csrf };
    let payload: FormData | string | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const r = await fetch(base + path, { method, headers, body: payload });
    const type = r.headers.get('content-type') ?? '';
    return {
      status: r.status,
      body: type.includes('json') ? await r.json() : Buffer.from(await r.arrayBuffer()),
      headers: r.headers,
    };
  };
  return {
    get: (path: string) => send('GET', path),
    post: (path: string, body?: unknown) => send('POST', path, body ?? {}),
    upload: (
      dossierId: number,
      files: Array<[string, Buffer]>,
      target: { indicator?: string; document?: string },
    ) => {
      const form = new FormData();
      form.append('dossier_id', String(dossierId));
      for (const [name, bytes] of files) form.append('file', new Blob([new Uint8Array(bytes)]), name);
      if (target.indicator) form.append('indicator', target.indicator);
      if (target.document) form.append('document', target.document);
      return send('POST', '/api/evidence', form);
    },
  };
}

/** Accounts with the same roles as the use-case tests' people. */
async function createAccounts(db: Db) {
  for (const p of Object.values(people) as Actor[]) {
    const user = await createUser(db, {
      actor: systemActor,
      username: p.username,
      displayName: p.username,
      password,
    });
    for (const g of p.grants) await grantRole(db, { actor: systemActor, userId: user.id, ...g });
  }
}

describe.each(testDatabases())('dossiers API on $name (TIEUCHI_AUTH=required)', (target) => {
  let db: Db;
  let server: { url: string; close(): Promise<void> };
  const store = tempFileStore();
  beforeAll(async () => {
    db = await openTestDb(target, 'api_dossiers');
    await seedDossierFixtures(db);
    await createAccounts(db);
    const previous = process.env.TIEUCHI_AUTH;
    process.env.TIEUCHI_AUTH = 'required';
    server = await startServer(db, { port: 0, host: '127.0.0.1', files: store });
    if (previous === undefined) delete process.env.TIEUCHI_AUTH;
    else process.env.TIEUCHI_AUTH = previous;
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('runs the workflow over HTTP with each caller’s abilities, filtered criteria and hidden notes', async () => {
    const commune = await login(server.url, people.commune.username);
    const transport = await login(server.url, people.transport.username);
    const finance = await login(server.url, people.finance.username);
    const office = await login(server.url, people.office.username);
    const councilA = await login(server.url, people.councilA.username);
    const forbidden = await commune.post('/api/dossiers', {
      unit_code: UNIT,
      framework_id: FW,
      round: '2024',
    });
    expect([forbidden.status, forbidden.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const created = await office.post('/api/dossiers', { unit_code: UNIT, framework_id: FW, round: '2024' });
    expect(created.status).toBe(201);
    const id: number = created.body.dossier.id;
    expect(created.body.dossier).toMatchObject({ state: 'draft', unit: { code: UNIT, name: 'Xã Đông' } });
    expect(created.body.abilities).toMatchObject({ 'dossier.read': true, 'dossier.self_assess': false });
    const again = await office.post('/api/dossiers', { unit_code: UNIT, framework_id: FW, round: '2024' });
    expect([again.status, again.body.error.code]).toEqual([409, 'DOSSIER_ALREADY_EXISTS']);

    // Evidence: a bad file refuses the whole upload with the file named; then several good files.
    const before = await dossierSnapshot(db);
    const bad = await commune.upload(
      id,
      [
        ['ok.pdf', pdfBytes()],
        ['anh.png', Buffer.from('not a png')],
      ],
      {
        indicator: '1.1',
      },
    );
    expect([bad.status, bad.body.error.code, bad.body.error.details[0].value]).toEqual([
      400,
      'INVALID_EVIDENCE',
      'anh.png',
    ]);
    expect(await dossierSnapshot(db)).toBe(before);
    const up = await commune.upload(
      id,
      [
        ['Biên bản.pdf', pdfBytes('http')],
        ['ảnh.png', pngBytes()],
      ],
      {
        indicator: '1.1,1.2,2.1',
      },
    );
    expect(up.status).toBe(200);
    expect(up.body.evidence).toHaveLength(6);
    expect(up.body.abilities['evidence.upload']).toBe(true);
    const pdfSha: string = up.body.evidence.find((e: { file_type: string }) => e.file_type === 'pdf').sha256;

    const items = ['1.1', '1.2', '2.1'].map((indicator_code) => ({ indicator_code, claim: 'met' }));
    const assessed = await commune.post(`/api/dossiers/${id}/self-assessment`, { items });
    expect([assessed.status, assessed.body.dossier.state]).toEqual([200, 'self_assessed']);
    expect(assessed.body.abilities).toMatchObject({ 'dossier.submit': true, 'dossier.consolidate': false });
    const p = completeProcedure;
    const procedure = await commune.post(`/api/dossiers/${id}/procedure`, {
      postings: p.postings,
      front_comments: p.frontComments,
      satisfaction: p.satisfaction,
      meeting: { date: '2024-10-20', attendees: 40, votes_for: 38, votes_against: 1, votes_abstain: 1 },
      debt: { date: '2024-10-18', outstanding: 0 },
    });
    expect(procedure.body.procedure.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
    const submitted = await commune.post(`/api/dossiers/${id}/submit`);
    expect([submitted.body.dossier.state, submitted.body.dossier.locked]).toEqual(['submitted', true]);
    const twice = await commune.post(`/api/dossiers/${id}/submit`);
    expect([twice.status, twice.body.error.code]).toEqual([409, 'DOSSIER_ALREADY_SUBMITTED']);
    const locked = await commune.post('/api/values', {
      values: [{ unit_code: UNIT, indicator: 'road_hardened_pct', period: '2024', value: '50' }],
    });
    expect([locked.status, locked.body.error.code]).toEqual([409, 'DOSSIER_LOCKED']);

    // Appraisal: each department sees and rules on its own criterion only.
    await office.post(`/api/dossiers/${id}/appraisal/start`);
    const seen = await transport.get(`/api/dossiers/${id}`);
    expect(seen.body.criteria.map((c: { no: string }) => c.no)).toEqual(['1']);
    expect(seen.body.rule_criteria).toEqual(['1']);
    expect(seen.body.visible_criteria).toEqual(['1']);
    // The list gives each caller the steps the dossier read gives (ruling on its criteria included).
    for (const who of [transport, finance, office, commune]) {
      const one = await who.get(`/api/dossiers/${id}`);
      const list = await who.get(`/api/dossiers?unit=${UNIT}`);
      expect(list.body.dossiers.map((d: { id: number }) => d.id)).toEqual([id]);
      expect(list.body.dossiers[0].steps).toEqual(one.body.steps);
      expect(list.body.dossiers[0]).not.toHaveProperty('abilities');
    }
    const listed = async (who: typeof office) =>
      (await who.get(`/api/dossiers?unit=${UNIT}`)).body.dossiers[0].steps;
    expect(await listed(transport)).toMatchObject({ rule: true, complete_appraisal: false });
    expect(await listed(office)).toMatchObject({
      rule: false,
      complete_appraisal: true,
      request_rework: true,
    });
    expect(await listed(commune)).toMatchObject({ rule: false, self_assess: false });
    const outside = await transport.post(`/api/dossiers/${id}/rulings`, {
      indicator_code: '2.1',
      verdict: 'pass',
    });
    expect([outside.status, outside.body.error.code]).toEqual([403, 'FORBIDDEN']);
    for (const code of ['1.1', '1.2'])
      await transport.post(`/api/dossiers/${id}/rulings`, { indicator_code: code, verdict: 'pass' });
    const failed = await finance.post(`/api/dossiers/${id}/rulings`, {
      indicator_code: '2.1',
      verdict: 'fail',
      public_comment: 'Thiếu xác nhận của cơ quan thống kê',
      internal_note: 'NOI-BO-TAI-CHINH',
    });
    expect(failed.body.criteria[0].indicators[0].ruling).toMatchObject({
      verdict: 'fail',
      internal_note: 'NOI-BO-TAI-CHINH',
    });
    const communeView = await commune.get(`/api/dossiers/${id}`);
    expect(JSON.stringify(communeView.body)).toContain('Thiếu xác nhận của cơ quan thống kê');
    expect(JSON.stringify(communeView.body)).not.toContain('NOI-BO');
    const rework = await office.post(`/api/dossiers/${id}/rework`, {
      deadline: nextWeek(),
      message: 'Bổ sung',
    });
    expect(rework.body.dossier).toMatchObject({ state: 'rework_requested', rework_rounds: 1 });
    await commune.upload(id, [['xac-nhan.pdf', pdfBytes('xac nhan')]], { indicator: '2.1' });
    await commune.post(`/api/dossiers/${id}/resubmit`, { response: 'Đã bổ sung xác nhận' });
    await office.post(`/api/dossiers/${id}/appraisal/start`);
    await finance.post(`/api/dossiers/${id}/rulings`, { indicator_code: '2.1', verdict: 'pass' });
    const appraised = await office.post(`/api/dossiers/${id}/appraisal/complete`, {});
    expect(appraised.body.dossier.state).toBe('appraised');

    // Council and decision (the scan is uploaded as the dossier's "decision" document).
    const vote = await councilA.post(`/api/dossiers/${id}/votes`, { vote: 'for' });
    expect(vote.body.council).toMatchObject({ for: 1, against: 0 });
    const scan = await office.upload(id, [['QĐ công nhận.pdf', pdfBytes('quyet dinh http')]], {
      document: 'decision',
    });
    const recognised = await office.post(`/api/dossiers/${id}/recognize`, {
      decision_no: '45/QĐ-UBND',
      decision_date: '2024-12-28',
      signer: 'Chủ tịch UBND tỉnh',
      decision_file: scan.body.evidence[0].sha256,
    });
    expect(recognised.body.dossier).toMatchObject({ state: 'recognised', decision: { no: '45/QĐ-UBND' } });
    expect(recognised.body.abilities).toMatchObject({ 'dossier.revoke': true, 'dossier.reopen': false });

    // Files: preview one evidence file, download the whole dossier.
    const file = await commune.get(`/api/evidence/${pdfSha}?dossier=${id}`);
    expect([file.status, file.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    expect(file.body).toEqual(pdfBytes('http'));
    const zip = await office.get(`/api/dossiers/${id}/export.zip`);
    expect([zip.status, zip.headers.get('content-type')]).toEqual([200, 'application/zip']);
    expect(zip.headers.get('content-disposition')).toBe(
      `attachment; filename="ho-so-${id}-xa-dong-2024.zip"`,
    );
    expect(zip.body.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));

    // Lists carry the caller's steps; the revocation watch answers for the period asked.
    const list = await office.get(`/api/dossiers?unit=${UNIT}`);
    expect(list.body.dossiers).toEqual([
      expect.objectContaining({
        id,
        state: 'recognised',
        steps: expect.objectContaining({ revoke: true, reopen: false, recognize: false }),
      }),
    ]);
    const flags = await office.get(`/api/dossiers/revocation-flags?framework=${FW}&period=2024`);
    expect(flags.body.units).toEqual([expect.objectContaining({ dossier_id: id, flagged: false })]);
  });

  it('describes the endpoints in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/dossiers',
        '/api/dossiers/{id}',
        '/api/dossiers/{id}/submit',
        '/api/dossiers/{id}/rulings',
        '/api/dossiers/{id}/export.zip',
        '/api/dossiers/revocation-flags',
        '/api/evidence',
        '/api/evidence/{sha256}',
      ]),
    );
  });
});
