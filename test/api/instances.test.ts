import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/access/index.ts';
import { grantRole, revokeRole } from '../../src/accounts/grants.ts';
import { createUser } from '../../src/accounts/users.ts';
import { announceChanges, publicVersion } from '../../src/audit/changes.ts';
import { recordEvents } from '../../src/audit/events.ts';
import { type Db, openDb } from '../../src/db/database.ts';
import { sharedRateLimiter } from '../../src/http/rate-limit.ts';
import { startServer } from '../../src/server.ts';
import { freshPostgresUrl, testDatabases } from '../support/databases.ts';
import { openTestDb, seedFixtures } from '../support/db.ts';
import { sessionClient, testPassword } from '../support/session-client.ts';

describe.each(testDatabases())('changes apply after commit on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'after_commit');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('a rolled-back change invalidates nothing; a committed one only once committed', async () => {
    const v0 = publicVersion();
    await expect(
      db.transaction(async (tx) => {
        await announceChanges(tx, ['public']);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(publicVersion()).toBe(v0);
    let inside = -1;
    await db.transaction(async (tx) => {
      await announceChanges(tx, ['public']);
      inside = publicVersion();
    });
    expect(inside).toBe(v0);
    expect(publicVersion()).toBe(v0 + 1);
  });
});

/**
 * Two server instances on one PostgreSQL database (as behind a load balancer): account state,
 * sessions and rate limits are in the database, and committed changes are announced by NOTIFY.
 */
describe.skipIf(!process.env.TIEUCHI_TEST_PG_URL)('two server instances on one PostgreSQL', () => {
  let dbs: Db[] = [];
  let servers: Array<Awaited<ReturnType<typeof startServer>>> = [];
  let userId = 0;
  let grantId = 0;
  beforeAll(async () => {
    const url = await freshPostgresUrl('instances');
    dbs = [await openDb({ databaseUrl: url }), await openDb({ databaseUrl: url })];
    await seedFixtures(dbs[0]!);
    const u = await createUser(dbs[0]!, {
      actor: systemActor,
      username: 'hai.may',
      displayName: 'Hai máy',
      password: testPassword,
    });
    userId = u.id;
    grantId = (
      await grantRole(dbs[0]!, { actor: systemActor, userId, role: 'commune_officer', unitCode: 'C1' })
    ).id;
    await createUser(dbs[0]!, {
      actor: systemActor,
      username: 'bi.khoa',
      displayName: 'Bị khóa',
      password: testPassword,
    });
    servers = [
      await startServer(dbs[0]!, { port: 0, host: '127.0.0.1', auth: 'required' }),
      await startServer(dbs[1]!, { port: 0, host: '127.0.0.1', auth: 'required' }),
    ];
  }, 180_000);
  afterAll(async () => {
    for (const s of servers) await s.close();
    for (const d of dbs) await d.close();
  });

  /** The same browser session sent to either instance (the cookie is the session). */
  const on = (i: number, path: string, cookie: string) =>
    fetch(servers[i]!.url + path, { headers: { cookie } }).then((r) => r.status);

  it('a revoked grant and a logout take effect on both at once', async () => {
    const a = sessionClient(servers[0]!.url);
    expect((await a.login('hai.may')).status).toBe(200);
    const path = '/api/values?unit=C1&period=2024';
    expect([await on(0, path, a.cookie), await on(1, path, a.cookie)]).toEqual([200, 200]);
    await revokeRole(dbs[0]!, { actor: systemActor, grantId, userId });
    expect([await on(0, path, a.cookie), await on(1, path, a.cookie)]).toEqual([403, 403]);
    const cookie = a.cookie;
    expect((await a.write('DELETE', '/api/session')).status).toBeLessThan(300);
    expect([await on(0, '/api/units', cookie), await on(1, '/api/units', cookie)]).toEqual([401, 401]);
  });

  it('a lockout made through one instance holds on the other', async () => {
    const login = (i: number, password: string) =>
      fetch(`${servers[i]!.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'bi.khoa', password }),
      }).then((r) => r.status);
    for (let i = 0; i < 5; i++) expect(await login(0, `sai mật khẩu lần ${i}`)).toBe(401);
    expect(await login(1, testPassword)).toBe(401);
    expect(await login(0, testPassword)).toBe(401);
  });

  it('rate limits count together, and a committed change reaches the other instance by NOTIFY', async () => {
    const limits = dbs.map((d) => sharedRateLimiter(d, 'test_scope', { limit: 3, windowMs: 60_000 }));
    const taken = [];
    for (let i = 0; i < 4; i++) taken.push(await limits[i % 2]!.take('10.0.0.1'));
    expect(taken).toEqual([true, true, true, false]);
    const heard: string[] = [];
    const stop = await dbs[1]!.listen!('tieuchi_changes', (p) => heard.push(p));
    await dbs[0]!
      .transaction(async (tx) => {
        await announceChanges(tx, ['public']);
        throw new Error('rolled back');
      })
      .catch(() => {});
    await dbs[0]!.transaction((tx) => announceChanges(tx, ['sessions', 'public']));
    for (let i = 0; i < 50 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await stop();
    expect(heard).toEqual(['sessions,public']);
  });

  it('audit events carry their NOTIFY in their own statement: heard once per transaction, never after a rollback', async () => {
    const heard: string[] = [];
    const stop = await dbs[1]!.listen!('tieuchi_changes', (p) => heard.push(p));
    const v0 = publicVersion();
    const event = (measure: string) => ({
      type: 'value.changed' as const,
      actor: systemActor,
      unitCode: 'C1',
      data: {
        measure,
        period: '2024',
        source: 'typed',
        value: { num: 1, txt: null, na: false, note: null },
        previous: null,
      },
    });
    await dbs[0]!
      .transaction(async (tx) => {
        await recordEvents(tx, [event('a')]);
        throw new Error('rolled back');
      })
      .catch(() => {});
    await dbs[0]!.transaction((tx) => recordEvents(tx, [event('a'), event('b'), event('c')]));
    for (let i = 0; i < 50 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    await stop();
    expect(heard).toEqual(['public']);
    expect(publicVersion()).toBeGreaterThan(v0);
  });
});
