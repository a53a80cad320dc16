/** /api/notifications and /api/reports over HTTP: own notices only, bad input named, never a 5xx. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/access/index.ts';
import { grantRole } from '../../src/accounts/grants.ts';
import { createUser } from '../../src/accounts/users.ts';
import { createNotices } from '../../src/notifications/store.ts';
import { sendMonthlyReports } from '../../src/reports/monthly.ts';
import { startTestApi, type TestApi } from '../support/api.ts';
import { testDatabases } from '../support/databases.ts';
import { type SessionClient, sessionClient, testPassword } from '../support/session-client.ts';

describe.each(testDatabases())('notifications API on $name', (target) => {
  let api: TestApi;
  let leader: SessionClient;
  let officer: SessionClient;

  beforeAll(async () => {
    api = await startTestApi(target, { prefix: 'notices_api', auth: 'required' });
    const make = async (username: string, role: 'leader' | 'commune_officer', unitCode: string) => {
      const u = await createUser(api.db, {
        actor: systemActor,
        username,
        displayName: username,
        password: testPassword,
      });
      await grantRole(api.db, { actor: systemActor, userId: u.id, role, unitCode });
      const c = sessionClient(api.url);
      expect((await c.login(username)).status).toBe(200);
      return [u.id, c] as const;
    };
    const [l, lc] = await make('lanh.dao', 'leader', 'P1');
    const [o, oc] = await make('xa.an', 'commune_officer', 'C1');
    leader = lc;
    officer = oc;
    await createNotices(api.db, [
      {
        userId: l,
        kind: 'report_missing',
        title: 'Báo cáo chưa nộp',
        body: 'Nội dung',
        link: '/chi-tieu/2026',
        dedupeKey: 'a',
      },
      {
        userId: l,
        kind: 'dossier_vote',
        title: 'Hồ sơ chờ biểu quyết',
        body: 'Nội dung',
        link: '/ho-so/1',
        dedupeKey: 'b',
      },
      {
        userId: o,
        kind: 'dossier_deadline',
        title: 'Sắp đến hạn',
        body: 'Nội dung',
        link: '/ho-so/2',
        dedupeKey: 'c',
      },
    ]);
  }, 300_000);

  afterAll(async () => {
    await api?.close();
  });

  it('lists the caller’s own notices, newest first, with the unread count', async () => {
    const r = await leader.get('/api/notifications');
    expect(r.status).toBe(200);
    expect(r.body.unread).toBe(2);
    expect(r.body.notices.map((n: { title: string }) => n.title).sort()).toEqual([
      'Báo cáo chưa nộp',
      'Hồ sơ chờ biểu quyết',
    ]);
    expect((await officer.get('/api/notifications')).body.unread).toBe(1);
    expect((await sessionClient(api.url).get('/api/notifications')).status).toBe(401);
  });

  it('marks read only the caller’s notices', async () => {
    const mine = (await leader.get('/api/notifications')).body.notices as Array<{ id: number }>;
    const theirs = (await officer.get('/api/notifications')).body.notices as Array<{ id: number }>;
    const r = await officer.write('POST', '/api/notifications/read', { ids: [mine[0]!.id] });
    expect(r.body).toEqual({ marked: 0 });
    expect((await leader.write('POST', '/api/notifications/read', { ids: [mine[0]!.id] })).body).toEqual({
      marked: 1,
    });
    expect((await leader.get('/api/notifications?unread=1')).body.notices).toHaveLength(1);
    expect((await officer.write('POST', '/api/notifications/read', {})).body).toEqual({ marked: 1 });
    expect((await officer.get('/api/notifications')).body.notices[0].id).toBe(theirs[0]!.id);
    expect((await officer.get('/api/notifications')).body.unread).toBe(0);
    // Without the CSRF token: refused.
    expect((await leader.forged('POST', '/api/notifications/read', {})).status).toBe(403);
  });

  it('refuses bad input with the field named, changing nothing', async () => {
    const bad = await leader.write('POST', '/api/notifications/read', { ids: ['một'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toMatch(/^ids/);
    const email = await leader.write('PUT', '/api/notifications/settings', { email: 'không phải thư' });
    expect(email.status).toBe(400);
    expect(email.body.error.details[0].field).toBe('email');
    expect(email.body.error.message).toMatch(/thư điện tử/);
    expect((await leader.get('/api/notifications/settings')).body).toEqual({
      email: null,
      email_available: false,
    });
    expect((await leader.get('/api/notifications?limit=0')).status).toBe(400);
    expect((await leader.get('/api/reports/files/abc')).status).toBe(400);
    expect((await leader.get('/api/reports/files/999')).status).toBe(404);
    expect((await leader.write('DELETE', '/api/reports/subscriptions/999')).status).toBe(404);
    const unknown = await leader.write('POST', '/api/reports/subscriptions', { unit_code: 'KHONG_CO' });
    expect(unknown.status).toBe(404);
    expect((await leader.write('POST', '/api/reports/subscriptions', {})).status).toBe(400);
  });

  it('sets the e-mail address for notices', async () => {
    const r = await leader.write('PUT', '/api/notifications/settings', { email: 'lanh.dao@ha-noi.gov.vn' });
    expect(r.status).toBe(200);
    expect(r.body.email).toBe('lanh.dao@ha-noi.gov.vn');
    expect((await leader.write('PUT', '/api/notifications/settings', { email: null })).body.email).toBeNull();
  });

  it('subscribes a leader to the monthly report of his area and serves the file to him only', async () => {
    expect((await officer.write('POST', '/api/reports/subscriptions', { unit_code: 'P1' })).status).toBe(403);
    const sub = await leader.write('POST', '/api/reports/subscriptions', { unit_code: 'P1' });
    expect(sub.status).toBe(200);
    expect(sub.body.subscriptions).toEqual([
      expect.objectContaining({ unit_code: 'P1', unit_name: 'Tỉnh Thử Nghiệm' }),
    ]);
    await sendMonthlyReports(api.db, { month: '2026-11' });
    const notice = (await leader.get('/api/notifications')).body.notices.find(
      (n: { kind: string }) => n.kind === 'monthly_report',
    );
    expect(notice.title).toBe('Báo cáo tháng 11/2026: Tỉnh Thử Nghiệm');
    const file = await leader.get(`/api/reports/files/${notice.report_id}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain('bao-cao-thang-2026-11-P1.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body);
    expect(String(wb.getWorksheet('Tóm tắt')!.getCell(2, 2).value)).toBe('Tỉnh Thử Nghiệm');
    expect((await officer.get(`/api/reports/files/${notice.report_id}`)).status).toBe(404);
    const gone = await leader.write('DELETE', `/api/reports/subscriptions/${sub.body.subscriptions[0].id}`);
    expect(gone.body.subscriptions).toEqual([]);
  });
});
