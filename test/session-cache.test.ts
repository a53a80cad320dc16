import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/access/index.ts';
import { grantRole, revokeRole } from '../src/accounts/grants.ts';
import { forgetSessions } from '../src/accounts/session-cache.ts';
import { login, logout, readSession } from '../src/accounts/sessions.ts';
import { createUser, deactivateUser } from '../src/accounts/users.ts';
import type { Db } from '../src/db/database.ts';
import { testDatabases } from './support/databases.ts';
import { openTestDb, seedFixtures } from './support/db.ts';
import { testPassword } from './support/session-client.ts';

describe.each(testDatabases())('session cache on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'session_cache');
    await seedFixtures(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('serves a page burst from memory, but never keeps a revoked role, a disabled account or a logged-out session', async () => {
    const user = await createUser(db, {
      actor: systemActor,
      username: 'bo.dem',
      displayName: 'Bộ đệm',
      password: testPassword,
    });
    const grant = await grantRole(db, {
      actor: systemActor,
      userId: user.id,
      role: 'commune_officer',
      unitCode: 'D1',
    });
    const { token } = await login(db, { username: 'bo.dem', password: testPassword });
    expect((await readSession(db, { token }))?.actor.grants.map((g) => g.role)).toEqual(['commune_officer']);

    // PGlite: a second read within a few seconds does not go to the database: a row deleted
    // behind the use cases' back is still seen until the cache is emptied. PostgreSQL (several
    // instances may share it): every read goes to the database.
    await db.query('DELETE FROM role_grants WHERE id = $1', [grant.id]);
    expect((await readSession(db, { token }))?.actor.grants).toHaveLength(db.kind === 'pglite' ? 1 : 0);
    forgetSessions();
    expect((await readSession(db, { token }))?.actor.grants).toEqual([]);

    // Through the use cases, changes are seen at once.
    const again = await grantRole(db, {
      actor: systemActor,
      userId: user.id,
      role: 'leader',
      unitCode: 'P1',
    });
    expect((await readSession(db, { token }))?.actor.grants.map((g) => g.role)).toEqual(['leader']);
    await revokeRole(db, { actor: systemActor, grantId: again.id });
    expect((await readSession(db, { token }))?.actor.grants).toEqual([]);
    await logout(db, { token });
    expect(await readSession(db, { token })).toBeNull();

    const second = await login(db, { username: 'bo.dem', password: testPassword });
    expect(await readSession(db, { token: second.token })).not.toBeNull();
    await deactivateUser(db, { actor: systemActor, userId: user.id });
    expect(await readSession(db, { token: second.token })).toBeNull();
  });

  it('still ends idle sessions: a read long after the last one goes to the database', async () => {
    await createUser(db, {
      actor: systemActor,
      username: 'bo.dem.2',
      displayName: 'Bộ đệm 2',
      password: testPassword,
    });
    const { token } = await login(db, { username: 'bo.dem.2', password: testPassword });
    expect(await readSession(db, { token })).not.toBeNull();
    expect(await readSession(db, { token, now: new Date(Date.now() + 31 * 60_000) })).toBeNull();
  });
});
