import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/access/index.ts';
import { grantRole } from '../../src/accounts/grants.ts';
import { createUser } from '../../src/accounts/users.ts';
import { setPublication } from '../../src/portal/publication.ts';
import { startServer } from '../../src/server.ts';
import { setValues } from '../../src/values/import.ts';
import { startTestApi, type TestApi } from '../support/api.ts';
import { testDatabases } from '../support/databases.ts';
import { sessionClient, testPassword } from '../support/session-client.ts';

/**
 * Reads scoped to grants over HTTP (docs/decisions/007-read-scoping.md), and the public unit page
 * under load. Fixture units in 2024: P1 → D1 (C1, C2, C3, T1), D2 (C4).
 */
const fw = 'demo-xa-2024';
const q = `framework=${fw}&period=2024`;

describe.each(testDatabases())('reads scoped to grants on $name', (target) => {
  let api: TestApi;
  const clients: Record<string, ReturnType<typeof sessionClient>> = {};
  beforeAll(async () => {
    // 50 clients from one address: the per-address limit is tested separately below.
    process.env.TIEUCHI_PUBLIC_RATE_LIMIT = '1000000';
    api = await startTestApi(target, { prefix: 'read_scope', auth: 'required' });
    delete process.env.TIEUCHI_PUBLIC_RATE_LIMIT;
    const users: Array<[string, Array<['commune_officer' | 'leader' | 'council_member', string]>]> = [
      ['xa.c1', [['commune_officer', 'C1']]],
      ['lanh.dao', [['leader', 'P1']]],
      ['hoi.dong.d2', [['council_member', 'D2']]],
      ['chi.can.bo', []], // staff-evaluation only: no unit grant
    ];
    for (const [username, grants] of users) {
      const u = await createUser(api.db, {
        actor: systemActor,
        username,
        displayName: username,
        password: testPassword,
      });
      for (const [role, unitCode] of grants)
        await grantRole(api.db, { actor: systemActor, userId: u.id, role, unitCode });
      clients[username] = sessionClient(api.url);
      expect((await clients[username].login(username)).status).toBe(200);
    }
  }, 300_000);
  afterAll(async () => {
    await api?.close();
  });

  const status = async (who: string, path: string) => (await clients[who]!.get(path)).status;

  it('a commune officer reads his commune in full, his ancestors in summary, other communes not at all', async () => {
    const officer = clients['xa.c1']!;
    expect(await status('xa.c1', '/api/values?unit=C1&period=2024')).toBe(200);
    for (const path of [
      '/api/values?unit=C2&period=2024',
      '/api/values/history?unit=C2&measure=road_hardened_pct&period=2024',
      '/api/values?unit=D1&period=2024',
      `/api/evaluations?${q}&unit=C2`,
      `/api/evaluations/matrix?${q}&unit=D2`,
      `/api/evaluations/series?framework=${fw}&unit=C4`,
      `/api/exports/scorecard.xlsx?${q}&unit=D1`,
      `/api/exports/values-template.xlsx?${q}&unit=C2`,
    ]) {
      const r = await officer.get(path);
      expect([path, r.status, r.body.error?.code]).toEqual([path, 403, 'FORBIDDEN']);
    }
    expect(await status('xa.c1', `/api/exports/values-template.xlsx?${q}&unit=C1`)).toBe(200);
    expect(await status('xa.c1', `/api/evaluations/series?framework=${fw}&unit=P1`)).toBe(200);

    // The district's report: its headline line and his own commune only, without figures of others.
    const report = (await officer.get(`/api/evaluations?${q}&unit=D1`)).body;
    expect(report.results.map((r: { unit: { code: string } }) => r.unit.code)).toEqual(['D1', 'C1']);
    expect(report.results[0].criteria).toEqual([]);
    expect(report.results[0].children).toMatchObject({ total: 3 });
    expect(report.results[1].criteria.length).toBeGreaterThan(0);
    expect(JSON.stringify(report)).not.toMatch(/"C2"|"C3"/);

    const matrix = (await officer.get(`/api/evaluations/matrix?${q}&unit=P1`)).body;
    expect(matrix.rows.map((r: { unit: { code: string } }) => r.unit.code)).toEqual(['D1']);
    expect(matrix.rows[0]).toMatchObject({ criteria: [], children: { total: 3 } });
  });

  it('leaders and council members read their grants’ subtrees; staff-only accounts read no unit', async () => {
    expect(await status('lanh.dao', '/api/values?unit=C4&period=2024')).toBe(200);
    const matrix = (await clients['lanh.dao']!.get(`/api/evaluations/matrix?${q}&unit=P1`)).body;
    expect(matrix.rows.map((r: { unit: { code: string } }) => r.unit.code)).toEqual(['D1', 'D2']);
    expect(await status('hoi.dong.d2', '/api/values?unit=C4&period=2024')).toBe(200);
    expect(await status('hoi.dong.d2', '/api/values?unit=C1&period=2024')).toBe(403);
    for (const path of [
      '/api/units',
      '/api/units/C1',
      '/api/units/search?q=an',
      '/api/values?unit=C1&period=2024',
      `/api/evaluations/matrix?${q}&unit=P1`,
      `/api/evaluations?${q}&unit=P1`,
    ])
      expect([path, await status('chi.can.bo', path)]).toEqual([path, 403]);
    // The tree itself is reference data for any official.
    expect(await status('xa.c1', '/api/units/C2?date=2024-06-01')).toBe(200);
  });

  it('the public unit page stays answered for 50 anonymous clients, and changes when a figure does', async () => {
    await setPublication(api.db, systemActor, {
      frameworkId: fw,
      unitCode: 'P1',
      publishStatus: true,
      publishCriteria: true,
      indicators: ['2.1'],
      date: '2024-06-01',
    });
    const page = `/api/public/units/C1?date=2024-06-01`;
    const before = await fetch(api.url + page).then((r) => r.text());
    const idle = Date.now();
    expect((await clients['lanh.dao']!.get(`/api/evaluations/matrix?${q}&unit=P1`)).status).toBe(200);
    const idleMs = Date.now() - idle;
    const load = autocannon({ url: api.url + page, connections: 50, duration: 3, timeout: 10 });
    // An official's dashboard call while the public side is loaded.
    await new Promise((r) => setTimeout(r, 1000));
    const busy = Date.now();
    expect((await clients['lanh.dao']!.get(`/api/evaluations/matrix?${q}&unit=P1`)).status).toBe(200);
    const busyMs = Date.now() - busy;
    const result = await load;
    expect({ errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx }).toEqual({
      errors: 0,
      timeouts: 0,
      non2xx: 0,
    });
    expect(result.requests.total).toBeGreaterThanOrEqual(50);
    console.log(
      `public page: ${result.requests.total} answers in 3 s (p99 ${result.latency.p99} ms); official's matrix ${idleMs} ms idle, ${busyMs} ms under load`,
    );
    // The figure the page publishes (2.1 reads income_per_capita) changes: the next answer shows it.
    expect(before).toContain('75.8');
    await setValues(api.db, {
      values: [
        { line: 1, unitCode: 'C1', indicator: 'income_per_capita', period: '2024', value: '81,25', note: '' },
      ],
      actor: systemActor,
    });
    const after = await fetch(api.url + page).then((r) => r.text());
    expect(after).not.toContain('75.8');
    expect(after).toContain('81.25');
  }, 60_000);

  it('limits public reads per address (429 with Retry-After)', async () => {
    // On PostgreSQL the counts are rows shared by every instance: start from a fresh window.
    await api.db.query('DELETE FROM rate_limit_hits');
    process.env.TIEUCHI_PUBLIC_RATE_LIMIT = '3';
    const limited = await startServer(api.db, { port: 0, host: '127.0.0.1', auth: 'required' });
    delete process.env.TIEUCHI_PUBLIC_RATE_LIMIT;
    try {
      const codes = [];
      for (let i = 0; i < 4; i++)
        codes.push((await fetch(`${limited.url}/api/public/units/C1?date=2024-06-01`)).status);
      expect(codes).toEqual([200, 200, 200, 429]);
      const r = await fetch(`${limited.url}/api/public/units?q=an`);
      expect(r.status).toBe(429);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/Quá nhiều yêu cầu/);
      // Officials are not limited by the public side.
      expect((await clients['lanh.dao']!.get('/api/values?unit=C4&period=2024')).status).toBe(200);
    } finally {
      await limited.close();
    }
  }, 60_000);
});
