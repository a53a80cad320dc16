import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/access/index.ts';
import { grantRole } from '../../src/accounts/grants.ts';
import { createUser } from '../../src/accounts/users.ts';
import type { Db } from '../../src/db/database.ts';
import type { AuthMode } from '../../src/http/auth.ts';
import { createApp } from '../../src/server.ts';
import { testDatabases } from '../support/databases.ts';
import { countRows, openTestDb, seedFixtures, snapshot } from '../support/db.ts';
import { sessionClient, testPassword } from '../support/session-client.ts';

const password = testPassword;
const client = sessionClient;

async function start(db: Db, auth: AuthMode) {
  const app = createApp(db, { auth });
  return new Promise<{ url: string; close(): Promise<void> }>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((r) => {
            server.close(() => r());
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      }),
    );
  });
}

const figure = (unit_code: string, value: string) => ({
  values: [{ unit_code, indicator: 'road_hardened_pct', period: '2024', value }],
});

describe.each(testDatabases())('sessions and permissions over HTTP on $name', (target) => {
  let db: Db;
  let required: { url: string; close(): Promise<void> };
  let off: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    db = await openTestDb(target, 'api_auth');
    await seedFixtures(db);
    const officer = await createUser(db, {
      actor: systemActor,
      username: 'can.bo.d1',
      displayName: 'Cán bộ huyện Một',
      password,
    });
    await grantRole(db, { actor: systemActor, userId: officer.id, role: 'commune_officer', unitCode: 'D1' });
    const admin = await createUser(db, {
      actor: systemActor,
      username: 'quan.tri',
      displayName: 'Quản trị',
      password,
    });
    await grantRole(db, { actor: systemActor, userId: admin.id, role: 'admin', unitCode: '*' });
    required = await start(db, 'required');
    off = await start(db, 'off');
  });
  afterAll(async () => {
    await required?.close();
    await off?.close();
    await db?.close();
  });

  it('needs a session for the API when TIEUCHI_AUTH=required, except health, docs and logging in', async () => {
    const anon = client(required.url);
    expect((await anon.get('/api/health')).status).toBe(200);
    expect((await anon.get('/api/openapi.json')).status).toBe(200);
    const units = await anon.get('/api/units');
    expect([units.status, units.body.error.code]).toEqual([401, 'AUTH_REQUIRED']);
    const session = await anon.get('/api/session');
    expect(session.body).toMatchObject({
      auth: 'required',
      user: null,
      csrf_token: null,
      system_admin: false,
    });
    expect(Object.values(session.body.abilities).some(Boolean)).toBe(false);
    const post = await anon.forged('POST', '/api/values', figure('C1', '50'));
    expect([post.status, post.body.error.code]).toEqual([401, 'AUTH_REQUIRED']);
  });

  it('logs in with a cookie, writes in its own subtree, is refused outside it and without the CSRF token', async () => {
    const officer = client(required.url);
    const wrong = await officer.login('can.bo.d1', 'không phải mật khẩu');
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'LOGIN_FAILED']);
    const r = await officer.login('CAN.BO.D1');
    expect(r.status).toBe(200);
    const setCookie = r.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/); // plain http here; https sets Secure
    expect(r.body.user).toMatchObject({
      username: 'can.bo.d1',
      grants: [expect.objectContaining({ role: 'commune_officer', unit_code: 'D1' })],
    });
    expect(r.body.csrf_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(r.body.abilities).toMatchObject({ 'value.write': true, 'user.manage': false });
    expect(r.body.system_admin).toBe(false);

    const here = await officer.get('/api/session?unit=C1&date=2024-06-01');
    expect(here.body.abilities).toMatchObject({
      'value.write': true,
      'dossier.submit': true,
      'dossier.rule': false,
    });
    const there = await officer.get('/api/session?unit=C4&date=2024-06-01');
    expect(there.body.abilities['value.write']).toBe(false);

    expect((await officer.get('/api/units')).status).toBe(200);
    const ok = await officer.write('POST', '/api/values', figure('C1', '97'));
    expect([ok.status, ok.body]).toEqual([200, { changed: 1 }]);
    const history = await officer.get('/api/values/history?unit=C1&measure=road_hardened_pct&period=2024');
    expect(history.body.history[0]).toMatchObject({ value: 97, actor: 'can.bo.d1' });

    const before = await snapshot(db);
    const events = await countRows(db, 'audit_events');
    const outside = await officer.write('POST', '/api/values', figure('C4', '10'));
    expect([outside.status, outside.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect(outside.body.error.message).toMatch(/C4/);
    const forged = await officer.forged('POST', '/api/values', figure('C1', '11'));
    expect([forged.status, forged.body.error.code]).toEqual([403, 'CSRF_REJECTED']);
    const crossSite = await officer.write('POST', '/api/values', figure('C1', '12'), {
      origin: 'https://evil.example',
    });
    expect([crossSite.status, crossSite.body.error.code]).toEqual([403, 'CSRF_REJECTED']);
    const publish = await officer.write('POST', '/api/frameworks/demo-xa-2024/versions/9/publish');
    expect([publish.status, publish.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const upload = new FormData();
    upload.append('kind', 'values');
    upload.append(
      'file',
      new Blob(['unit_code,indicator,period,value\nC4,road_hardened_pct,2024,5\n']),
      'c4.csv',
    );
    const staged = await fetch(`${required.url}/api/imports`, {
      method: 'POST',
      body: upload,
      headers: { cookie: officer.cookie, 'x-csrf-token': r.body.csrf_token },
    });
    expect([staged.status, ((await staged.json()) as { error: { code: string } }).error.code]).toEqual([
      403,
      'FORBIDDEN',
    ]);
    expect(await snapshot(db)).toBe(before);
    expect(await countRows(db, 'audit_events')).toBe(events);

    const audit = await officer.get('/api/audit');
    expect([audit.status, audit.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await officer.get('/api/users')).status).toBe(403);

    const out = await officer.write('DELETE', '/api/session');
    expect([out.status, out.body.user]).toEqual([200, null]);
    expect((await officer.get('/api/units')).status).toBe(401);
  });

  it('refuses logging in from another site', async () => {
    const r = await client(required.url).login('can.bo.d1', password, { origin: 'https://evil.example' });
    expect([r.status, r.body.error.code]).toEqual([403, 'CSRF_REJECTED']);
  });

  it('lets an administrator manage accounts and read the audit trail', async () => {
    const admin = client(required.url);
    const opened = await admin.login('quan.tri');
    expect(opened.body.abilities).toMatchObject({ 'user.manage': true, 'audit.read': true });
    expect(opened.body.system_admin).toBe(true);
    const created = await admin.write('POST', '/api/users', {
      username: 'so.giao.thong',
      display_name: 'Sở Giao thông vận tải',
      password,
      grants: [
        { role: 'department_reviewer', unit_code: 'P1', framework_id: 'demo-xa-2024', criteria: ['2'] },
      ],
    });
    expect(created.status).toBe(200);
    expect(created.body.user.grants).toEqual([
      expect.objectContaining({ role: 'department_reviewer', unit_code: 'P1', criteria: ['2'] }),
    ]);
    const id = created.body.user.id;
    const grant = await admin.write('POST', `/api/users/${id}/grants`, { role: 'leader', unit_code: 'D2' });
    expect([grant.status, grant.body.grant.role]).toEqual([200, 'leader']);
    const bad = await admin.write('POST', `/api/users/${id}/grants`, { role: 'king', unit_code: 'D2' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_REQUEST']);
    const dup = await admin.write('POST', '/api/users', { username: 'So.Giao.Thong', display_name: 'Trùng' });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'USERNAME_ALREADY_TAKEN']);
    const revoked = await admin.write('DELETE', `/api/users/${id}/grants/${grant.body.grant.id}`);
    expect(revoked.status).toBe(200);
    const users = await admin.get('/api/users');
    expect(users.body.users.map((u: { username: string }) => u.username)).toEqual([
      'can.bo.d1',
      'quan.tri',
      'so.giao.thong',
    ]);

    const reset = await admin.write('POST', `/api/users/${id}/password`, { password: 'mật khẩu mới của sở' });
    expect(reset.status).toBe(200);
    const reviewer = client(required.url);
    expect((await reviewer.login('so.giao.thong', 'mật khẩu mới của sở')).status).toBe(200);
    expect((await reviewer.get('/api/session?unit=C1&framework=demo-xa-2024')).body.abilities).toMatchObject({
      'dossier.read': true,
      'dossier.rule': false,
      'value.write': false,
    });
    expect((await admin.write('POST', `/api/users/${id}/deactivate`)).status).toBe(200);
    expect((await reviewer.get('/api/units')).status).toBe(401);
    expect((await reviewer.login('so.giao.thong', 'mật khẩu mới của sở')).status).toBe(401);

    const audit = await admin.get('/api/audit?unit=C1&limit=5');
    expect(audit.status).toBe(200);
    expect(audit.body.events[0]).toMatchObject({
      type: 'value.changed',
      actor_name: 'can.bo.d1',
      unit_code: 'C1',
    });
    const mine = await admin.get(`/api/audit?user=${created.body.user.id}`);
    expect(mine.body.events.map((e: { type: string }) => e.type)).toEqual(['login.succeeded']);
    const xlsx = await admin.get('/api/audit.xlsx?unit=C1');
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body);
    expect(wb.getWorksheet('Nhật ký')).toBeDefined();
    const badRange = await admin.get('/api/audit?from=hôm-qua');
    expect([badRange.status, badRange.body.error.details[0].field]).toEqual([400, 'from']);
  });

  it('lets an administrator unlock and re-enable accounts, and filter the audit trail by event type', async () => {
    const admin = client(required.url);
    await admin.login('quan.tri');
    const created = await admin.write('POST', '/api/users', {
      username: 'can.bo.khoa',
      display_name: 'Cán bộ bị khóa',
      password,
      grants: [{ role: 'commune_officer', unit_code: 'C2' }],
    });
    const id = created.body.user.id;
    const person = client(required.url);
    for (let i = 0; i < 5; i++)
      expect((await person.login('can.bo.khoa', 'sai mật khẩu rồi')).status).toBe(401);
    const locked = (await admin.get('/api/users')).body.users.find((u: { id: number }) => u.id === id);
    expect(locked.locked_until).not.toBeNull();
    expect((await person.login('can.bo.khoa')).status).toBe(401);

    const officer = client(required.url);
    await officer.login('can.bo.d1');
    const refused = await officer.write('POST', `/api/users/${id}/unlock`);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const before = await countRows(db, 'audit_events');
    const missing = await admin.write('POST', '/api/users/999999/unlock');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'USER_NOT_FOUND']);
    expect(await countRows(db, 'audit_events')).toBe(before);

    expect((await admin.write('POST', `/api/users/${id}/unlock`)).status).toBe(200);
    const unlocked = (await admin.get('/api/users')).body.users.find((u: { id: number }) => u.id === id);
    expect(unlocked.locked_until).toBeNull();
    expect((await person.login('can.bo.khoa')).status).toBe(200);

    expect((await admin.write('POST', `/api/users/${id}/deactivate`)).status).toBe(200);
    expect((await person.login('can.bo.khoa')).status).toBe(401);
    expect((await admin.write('POST', `/api/users/${id}/activate`)).status).toBe(200);
    const again = await person.login('can.bo.khoa');
    expect([again.status, again.body.user.grants[0].unit_code]).toEqual([200, 'C2']);

    const mine = await admin.get(
      `/api/audit?type=user.&user=${(await admin.get('/api/session')).body.user.id}`,
    );
    const types = mine.body.events
      .filter((e: { data: { user_id?: number } }) => e.data.user_id === id)
      .map((e: { type: string }) => e.type);
    expect(types).toEqual(['user.activated', 'user.deactivated', 'user.unlocked', 'user.created']);
    const granted = await admin.get('/api/audit?type=role.granted&unit=C2');
    expect(
      granted.body.events.map((e: { type: string; data: { username: string } }) => [e.type, e.data.username]),
    ).toEqual([['role.granted', 'can.bo.khoa']]);
    const bad = await admin.get('/api/audit?type=DROP TABLE');
    expect([bad.status, bad.body.error.details[0].field]).toEqual([400, 'type']);
  });

  it('keeps anonymous writes working when TIEUCHI_AUTH=off, but not the account and audit endpoints', async () => {
    const anon = client(off.url);
    const session = await anon.get('/api/session');
    expect(session.body).toMatchObject({ auth: 'off', user: null, system_admin: true });
    expect(session.body.abilities).toMatchObject({ 'value.write': true, 'user.manage': false });
    const r = await anon.forged('POST', '/api/values', figure('C4', '96'), { 'x-user': 'khach' });
    expect([r.status, r.body]).toEqual([200, { changed: 1 }]);
    expect(
      (await anon.get('/api/values/history?unit=C4&measure=road_hardened_pct&period=2024')).body.history[0]
        .actor,
    ).toBe('khach');
    expect((await anon.get('/api/users')).status).toBe(401);
    expect((await anon.get('/api/audit')).status).toBe(401);
  });
});
