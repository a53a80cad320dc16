import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, systemActor, systemActorNamed } from '../src/access/index.ts';
import { grantRole, revokeRole } from '../src/accounts/grants.ts';
import {
  ADDRESS_LIMIT,
  IDLE_MINUTES,
  LOCK_AFTER,
  LOCK_MINUTES,
  login,
  logout,
  readSession,
} from '../src/accounts/sessions.ts';
import { createUser, deactivateUser, listUsers, setPassword } from '../src/accounts/users.ts';
import type { Db } from '../src/db/database.ts';
import { AppError } from '../src/errors.ts';
import { importUnits } from '../src/units/import.ts';
import { testDatabases } from './support/databases.ts';
import { fixtures, openTestDb } from './support/db.ts';

const password = 'mật khẩu đủ dài 2025';
const t0 = new Date('2025-03-01T01:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

describe.each(testDatabases())('accounts on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'accounts');
    await importUnits(db, { path: join(fixtures, 'units-small.csv'), actor: systemActorNamed('tester') });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('stores an argon2id hash, never the password, and logs in with it', async () => {
    const u = await createUser(db, {
      actor: systemActor,
      username: ' An.Nguyen ',
      displayName: 'Nguyễn Văn An',
      password,
    });
    expect(u.username).toBe('an.nguyen');
    const row = (
      await db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [u.id])
    )[0]!;
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    expect(row.password_hash).not.toContain(password);
    await grantRole(db, { actor: systemActor, userId: u.id, role: 'commune_officer', unitCode: 'C1' });
    const s = await login(db, { username: 'AN.NGUYEN', password, address: '10.0.0.1', now: t0 });
    expect(s.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await db.query<{ token_hash: string }>(
      'SELECT token_hash FROM sessions WHERE user_id = $1',
      [u.id],
    );
    expect(stored.map((r) => r.token_hash)).toEqual([s.tokenHash]);
    expect(stored[0]!.token_hash).not.toBe(s.token);
    const read = await readSession(db, { token: s.token, now: at(1) });
    expect(read?.actor).toEqual({
      userId: u.id,
      username: 'an.nguyen',
      grants: [
        expect.objectContaining({
          role: 'commune_officer',
          unitCode: 'C1',
          frameworkId: null,
          criteria: null,
        }),
      ],
    });
    expect(read?.csrfToken).toBe(s.csrfToken);
    expect(await readSession(db, { token: 'not-a-token', now: at(1) })).toBeNull();
  });

  it('refuses a wrong password and an unknown user with the same message', async () => {
    await createUser(db, { actor: systemActor, username: 'binh', displayName: 'Trần Thị Bình', password });
    const wrong = await failure(login(db, { username: 'binh', password: 'sai mật khẩu rồi', now: t0 }));
    const unknown = await failure(login(db, { username: 'khong-co', password, now: t0 }));
    expect(wrong.code).toBe('LOGIN_FAILED');
    expect(unknown.code).toBe('LOGIN_FAILED');
    expect(unknown.message).toBe(wrong.message);
    const events = await db.query<{ actor_name: string; data: { reason: string } }>(
      "SELECT actor_name, data FROM audit_events WHERE type = 'login.failed' ORDER BY id",
    );
    expect(events.map((e) => [e.actor_name, e.data.reason])).toEqual([
      ['binh', 'wrong_password'],
      ['khong-co', 'unknown_user'],
    ]);
  });

  it(`locks an account for ${LOCK_MINUTES} minutes after ${LOCK_AFTER} wrong passwords, except from its known addresses`, async () => {
    await createUser(db, { actor: systemActor, username: 'cuong', displayName: 'Lê Cường', password });
    // Cường's own office machine, used yesterday.
    await login(db, { username: 'cuong', password, address: '10.1.1.1', now: at(-24 * 60) });
    for (let i = 0; i < LOCK_AFTER; i++)
      expect(
        (await failure(login(db, { username: 'cuong', password: `sai ${i} lần rồi`, now: at(i) }))).code,
      ).toBe('LOGIN_FAILED');
    const locked = await db.query<{ locked_until: Date }>(
      "SELECT locked_until FROM users WHERE username = 'cuong'",
    );
    expect(new Date(locked[0]!.locked_until).getTime()).toBe(at(LOCK_AFTER - 1 + LOCK_MINUTES).getTime());
    expect(
      (
        await db.query(
          "SELECT 1 FROM audit_events WHERE type = 'user.locked' AND data->>'username' = 'cuong'",
        )
      ).length,
    ).toBe(1);
    // The right password, even from another address, is refused while locked: same message.
    const whileLocked = await failure(
      login(db, { username: 'cuong', password, address: '10.9.9.9', now: at(10) }),
    );
    expect(whileLocked.code).toBe('LOGIN_FAILED');
    // The stranger did not lock the owner out of the machine he logs in from.
    const owner = await login(db, { username: 'cuong', password, address: '10.1.1.1', now: at(11) });
    expect(owner.user.username).toBe('cuong');
    // …but the wrong password from there is still wrong.
    const wrongFromKnown = await failure(
      login(db, { username: 'cuong', password: 'vẫn sai mật khẩu', address: '10.1.1.1', now: at(12) }),
    );
    expect(wrongFromKnown.code).toBe('LOGIN_FAILED');
    const s = await login(db, {
      username: 'cuong',
      password,
      address: '10.9.9.9',
      now: at(LOCK_AFTER + LOCK_MINUTES),
    });
    expect(s.user.username).toBe('cuong');
  });

  it('rate-limits failed logins per address across usernames, whether the accounts exist or not', async () => {
    const attempt = (address: string, minute: number, username = `ghost${minute}`) =>
      failure(login(db, { username, password: 'đoán mò mật khẩu', address, now: at(minute / 10) }));
    // One address spraying many usernames (one try each) is stopped after ADDRESS_LIMIT failures.
    for (let i = 0; i < ADDRESS_LIMIT; i++) expect((await attempt('10.0.0.7', i)).code).toBe('LOGIN_FAILED');
    expect((await attempt('10.0.0.7', ADDRESS_LIMIT)).code).toBe('LOGIN_RATE_LIMITED');
    expect((await attempt('10.0.0.7', ADDRESS_LIMIT, 'binh')).code).toBe('LOGIN_RATE_LIMITED');
    expect((await attempt('10.0.0.8', ADDRESS_LIMIT)).code).toBe('LOGIN_FAILED');
    expect((await attempt('10.0.0.7', (ADDRESS_LIMIT + LOCK_MINUTES + 1) * 10)).code).toBe('LOGIN_FAILED');
  });

  it(`ends a session idle for more than ${IDLE_MINUTES} minutes, and after 12 hours in any case`, async () => {
    await createUser(db, { actor: systemActor, username: 'dung', displayName: 'Phạm Dũng', password });
    const s = await login(db, { username: 'dung', password, now: t0 });
    expect(await readSession(db, { token: s.token, now: at(20) })).not.toBeNull();
    expect(await readSession(db, { token: s.token, now: at(45) })).not.toBeNull(); // 25 min after the last request
    expect(await readSession(db, { token: s.token, now: at(45 + IDLE_MINUTES + 1) })).toBeNull();
    expect((await db.query('SELECT 1 FROM sessions WHERE token_hash = $1', [s.tokenHash])).length).toBe(0);

    const busy = await login(db, { username: 'dung', password, now: t0 });
    for (let m = 25; m < 12 * 60; m += 25)
      expect(await readSession(db, { token: busy.token, now: at(m) })).not.toBeNull();
    expect(await readSession(db, { token: busy.token, now: at(12 * 60) })).toBeNull();

    const out = await login(db, { username: 'dung', password, now: t0 });
    await logout(db, { token: out.token });
    expect(await readSession(db, { token: out.token, now: at(1) })).toBeNull();
  });

  it('ends sessions when the password changes or the account is deactivated', async () => {
    const u = await createUser(db, {
      actor: systemActor,
      username: 'giang',
      displayName: 'Hoàng Giang',
      password,
    });
    const a = await login(db, { username: 'giang', password, now: t0 });
    const b = await login(db, { username: 'giang', password, now: t0 });
    const self: Actor = { userId: u.id, username: 'giang', grants: [] };
    await setPassword(db, {
      userId: u.id,
      password: 'mật khẩu mới thật dài',
      actor: self,
      keepSessionHash: a.tokenHash,
    });
    expect(await readSession(db, { token: a.token, now: at(1) })).not.toBeNull();
    expect(await readSession(db, { token: b.token, now: at(1) })).toBeNull();
    expect((await failure(login(db, { username: 'giang', password, now: at(2) }))).code).toBe('LOGIN_FAILED');
    expect((await failure(setPassword(db, { userId: u.id, password: 'ngắn', actor: self }))).code).toBe(
      'INVALID_PASSWORD',
    );
    await deactivateUser(db, { actor: systemActor, userId: u.id });
    expect(await readSession(db, { token: a.token, now: at(3) })).toBeNull();
    const again = await failure(
      login(db, { username: 'giang', password: 'mật khẩu mới thật dài', now: at(4) }),
    );
    expect(again.code).toBe('LOGIN_FAILED');
  });

  it.each([
    ['ngắn', /từ 10 đến 256 ký tự/],
    ['aaaaaaaaaa', /quá dễ đoán/],
    ['1234567890', /mật khẩu phổ biến/],
    ['password123', /mật khẩu phổ biến/],
    ['qwertyuiop', /mật khẩu phổ biến|quá dễ đoán/],
    ['hanh.nguyen', /chứa tên đăng nhập/],
    ['HANH.NGUYEN2025', /chứa tên đăng nhập/],
  ])('refuses the password %s with a clear Vietnamese reason, and stores nothing', async (pw, reason) => {
    const err = await failure(
      createUser(db, {
        actor: systemActor,
        username: 'hanh.nguyen',
        displayName: 'Nguyễn Hạnh',
        password: pw,
      }),
    );
    expect(err.code).toBe('INVALID_PASSWORD');
    expect(err.message).toMatch(reason);
    expect(err.message).not.toMatch(/ \/ /);
    expect(await db.query("SELECT 1 FROM users WHERE username = 'hanh.nguyen'")).toEqual([]);
  });

  it('lets an administrator manage accounts only inside their subtree', async () => {
    const admin = await createUser(db, {
      actor: systemActor,
      username: 'admin.d1',
      displayName: 'Quản trị huyện Một',
      password,
    });
    await grantRole(db, { actor: systemActor, userId: admin.id, role: 'admin', unitCode: 'D1' });
    const d1Admin: Actor = {
      userId: admin.id,
      username: 'admin.d1',
      grants: [{ role: 'admin', unitCode: 'D1' }],
    };
    const officer = await createUser(db, {
      username: 'officer.c1',
      displayName: 'Cán bộ xã An',
      actor: d1Admin,
    });
    const g = await grantRole(db, {
      userId: officer.id,
      role: 'commune_officer',
      unitCode: 'C1',
      actor: d1Admin,
    });
    expect(
      (await failure(grantRole(db, { userId: officer.id, role: 'leader', unitCode: 'D2', actor: d1Admin })))
        .code,
    ).toBe('FORBIDDEN');
    expect(
      (await failure(grantRole(db, { userId: officer.id, role: 'admin', unitCode: '*', actor: d1Admin })))
        .code,
    ).toBe('FORBIDDEN');
    const reviewer = await grantRole(db, {
      userId: officer.id,
      role: 'department_reviewer',
      unitCode: 'D1',
      frameworkId: null,
      criteria: ['2'],
      actor: d1Admin,
    });
    expect(reviewer.criteria).toEqual(['2']);
    const bad = await failure(
      grantRole(db, {
        userId: officer.id,
        role: 'leader',
        unitCode: 'XX',
        frameworkId: 'nope',
        actor: d1Admin,
      }),
    );
    expect(bad.code).toBe('INVALID_GRANT');
    expect(bad.details.map((d) => d.field)).toEqual(['unit_code', 'framework_id']);
    await revokeRole(db, { grantId: reviewer.id, actor: d1Admin });
    expect((await failure(revokeRole(db, { grantId: reviewer.id, actor: d1Admin }))).code).toBe(
      'GRANT_NOT_FOUND',
    );

    const officerActor: Actor = { userId: officer.id, username: 'officer.c1', grants: [g] };
    expect((await failure(listUsers(db, { actor: officerActor }))).code).toBe('FORBIDDEN');
    expect(
      (await failure(createUser(db, { username: 'x-y-z', displayName: 'X', actor: officerActor }))).code,
    ).toBe('FORBIDDEN');
    expect(
      (await listUsers(db, { actor: d1Admin })).find((u) => u.username === 'officer.c1')?.grants,
    ).toHaveLength(1);
    // A D1 administrator cannot reset the password of the national administrator's account.
    const root = await createUser(db, {
      actor: systemActor,
      username: 'root',
      displayName: 'Quản trị',
      password,
    });
    await grantRole(db, { actor: systemActor, userId: root.id, role: 'admin', unitCode: '*' });
    expect(
      (await failure(setPassword(db, { userId: root.id, password: 'chiếm quyền quản trị', actor: d1Admin })))
        .code,
    ).toBe('FORBIDDEN');
    expect(
      (await failure(createUser(db, { actor: systemActor, username: 'OFFICER.C1', displayName: 'Trùng' })))
        .code,
    ).toBe('USERNAME_ALREADY_TAKEN');
    const events = await db.query<{ type: string; actor_name: string }>(
      `SELECT type, actor_name FROM audit_events WHERE type IN ('user.created', 'role.granted', 'role.revoked')
        AND actor_name = 'admin.d1' ORDER BY id`,
    );
    expect(events.map((e) => e.type)).toEqual([
      'user.created',
      'role.granted',
      'role.granted',
      'role.revoked',
    ]);
  });
});
