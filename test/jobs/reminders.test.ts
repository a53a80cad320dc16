/**
 * The job queue (pg-boss on the application's database): a deadline passes, the reminder is
 * created once — not again when the job runs twice or after a restart — and reaches the
 * officer's mailbox with its Vietnamese text intact; monthly reports likewise, once per month.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/access/index.ts';
import { grantRole } from '../../src/accounts/grants.ts';
import { createUser } from '../../src/accounts/users.ts';
import type { Db } from '../../src/db/database.ts';
import type { FileStore } from '../../src/evidence/storage.ts';
import { type Jobs, queues, startJobs } from '../../src/jobs/queue.ts';
import { smtpMailer } from '../../src/mail/mailer.ts';
import { scanReminders } from '../../src/notifications/reminders.ts';
import { listNotices, markNoticesRead, setNoticeEmail } from '../../src/notifications/store.ts';
import { previousMonth, sendMonthlyReports } from '../../src/reports/monthly.ts';
import { readReportFile, subscribeMonthlyReport } from '../../src/reports/subscriptions.ts';
import { testDatabases } from '../support/databases.ts';
import { openTestDb } from '../support/db.ts';
import { dossierIn, people, seedDossierFixtures, tempFileStore } from '../support/dossiers.ts';
import { startMailBox } from './mail-box.ts';

const leader = {
  userId: 8,
  username: 'lanh.dao.tinh',
  grants: [{ role: 'leader' as const, unitCode: 'P1' }],
};

/** Accounts for the dossier people, ids 1…8 in the order of test/support/dossiers.ts. */
async function createAccounts(db: Db): Promise<void> {
  for (const p of [...Object.values(people), leader]) {
    const u = await createUser(db, { username: p.username, displayName: p.username, actor: systemActor });
    expect(u.id).toBe(p.userId);
    for (const g of p.grants)
      await grantRole(db, {
        userId: u.id,
        role: g.role,
        unitCode: g.unitCode,
        frameworkId: 'frameworkId' in g ? (g.frameworkId as string) : null,
        criteria: 'criteria' in g ? (g.criteria as string[]) : null,
        actor: systemActor,
      });
  }
}

async function until<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the job has completed (pg-boss keeps its rows in the same database). */
async function completed(db: Db, id: string | null): Promise<void> {
  expect(id).toBeTruthy();
  await until(`job ${id}`, async () => {
    const [row] = await db.query<{ state: string }>('SELECT state FROM pgboss.job WHERE id = $1', [id]);
    if (row?.state === 'failed') throw new Error(`job ${id} failed`);
    return row?.state === 'completed';
  });
}

describe.each(testDatabases())('reminders and reports on the job queue ($name)', (target) => {
  let db: Db;
  let store: FileStore;
  let dossierId: number;
  let deadline: string;
  let box: Awaited<ReturnType<typeof startMailBox>>;

  beforeAll(async () => {
    db = await openTestDb(target, 'jobs');
    store = tempFileStore();
    await seedDossierFixtures(db);
    await createAccounts(db);
    dossierId = await dossierIn(db, store, 'rework_requested');
    const [row] = await db.query<{ deadline: string }>(
      "SELECT to_char(deadline, 'YYYY-MM-DD') AS deadline FROM dossier_rework_requests WHERE dossier_id = $1",
      [dossierId],
    );
    deadline = row!.deadline;
    await setNoticeEmail(db, { actor: people.commune, email: 'can.bo@xa-dong.gov.vn' });
    box = await startMailBox();
  }, 120_000);

  afterAll(async () => {
    await box?.close();
    await db?.close();
  });

  const dayAfter = (iso: string, days: number) =>
    new Date(Date.parse(`${iso}T03:00:00Z`) + days * 86_400_000);

  it('says nothing while the rework deadline is far away', async () => {
    const now = dayAfter(deadline, -6);
    await scanReminders(db, { today: now.toISOString().slice(0, 10), now });
    const mine = await listNotices(db, { actor: people.commune });
    expect(mine.notices.filter((n) => n.kind === 'dossier_deadline')).toEqual([]);
  });

  it('reminds the commune officer once when the deadline has passed, by notice and by e-mail, also after a restart', async () => {
    const clock = () => dayAfter(deadline, 1);
    const mailer = smtpMailer(box.url, 'TieuChi <khong-tra-loi@tieuchi.local>');
    let jobs: Jobs = await startJobs(db, { mailer, clock, schedule: false, pollSeconds: 0.5 });
    try {
      await completed(db, await jobs.send(queues.reminders));
      const mail = await until('the e-mail', async () =>
        box.messages.find((m) => m.to.includes('can.bo@xa-dong.gov.vn')),
      );
      expect(mail.subject).toBe('[TieuChi] Quá hạn bổ sung hồ sơ Xã Đông');
      expect(mail.text).toContain('đã quá hạn bổ sung 1 ngày');
      expect(mail.text).toContain(`hạn ${deadline.split('-').reverse().join('/')}`);
      // The same scan again: nothing new.
      await completed(db, await jobs.send(queues.reminders));
    } finally {
      await jobs.stop();
    }
    // A restart: a new queue on the same database, the same day.
    jobs = await startJobs(db, {
      mailer: smtpMailer(box.url, 'TieuChi <khong-tra-loi@tieuchi.local>'),
      clock,
      schedule: false,
      pollSeconds: 0.5,
    });
    try {
      await completed(db, await jobs.send(queues.reminders));
      await new Promise((r) => setTimeout(r, 1500)); // any mail job it had queued would have run
    } finally {
      await jobs.stop();
    }
    const notices = (await listNotices(db, { actor: people.commune })).notices.filter(
      (n) => n.kind === 'dossier_deadline',
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]!.link).toBe(`/ho-so/${dossierId}`);
    expect(box.messages.filter((m) => m.subject.includes('bổ sung hồ sơ'))).toHaveLength(1);
    // Nobody else was told about the commune's deadline.
    const office = await listNotices(db, { actor: people.office });
    expect(office.notices.some((n) => n.kind === 'dossier_deadline')).toBe(false);
  }, 90_000);

  it('reminds before the deadline, then again once it has passed (two subjects, one notice each)', async () => {
    const soon = dayAfter(deadline, -2);
    await scanReminders(db, { today: soon.toISOString().slice(0, 10), now: soon });
    await scanReminders(db, { today: soon.toISOString().slice(0, 10), now: soon });
    const kinds = (await listNotices(db, { actor: people.commune })).notices
      .filter((n) => n.kind === 'dossier_deadline')
      .map((n) => n.title);
    expect(kinds.sort()).toEqual(['Quá hạn bổ sung hồ sơ Xã Đông', 'Sắp đến hạn bổ sung hồ sơ Xã Đông']);
  });

  it('marks notices read for their owner only', async () => {
    const before = await listNotices(db, { actor: people.commune });
    expect(before.unread).toBeGreaterThan(0);
    const ids = before.notices.map((n) => n.id);
    expect(await markNoticesRead(db, { actor: people.outsider, ids })).toBe(0);
    expect((await listNotices(db, { actor: people.commune })).unread).toBe(before.unread);
    expect(await markNoticesRead(db, { actor: people.commune, ids: [ids[0]!] })).toBe(1);
    expect((await listNotices(db, { actor: people.commune })).unread).toBe(before.unread - 1);
  });

  it('tells the reviewers, the council and the survey manager what waits for them, once each', async () => {
    const appraising = await dossierIn(db, store, 'under_appraisal', { round: '2024-09' });
    const appraised = await dossierIn(db, store, 'appraised', { round: '2024-10' });
    const now = new Date();
    await db.query(
      `INSERT INTO survey_campaigns (unit_code, title, opens_at, closes_at, created_by)
       VALUES ('C4', 'Lấy ý kiến sự hài lòng của người dân xã Đông', $1, $2, 'test'),
              ('C4', 'Đợt còn dài', $1, $3, 'test')`,
      [
        new Date(now.getTime() - 86_400_000).toISOString(),
        new Date(now.getTime() + 2 * 86_400_000).toISOString(),
        new Date(now.getTime() + 20 * 86_400_000).toISOString(),
      ],
    );
    const today = now.toISOString().slice(0, 10);
    await scanReminders(db, { today, now });
    expect(await scanReminders(db, { today, now })).toEqual([]);
    const of = async (actor: (typeof people)[keyof typeof people]) =>
      (await listNotices(db, { actor })).notices.filter((n) => n.kind !== 'dossier_deadline');
    // Both reviewers rule on the dossier under appraisal (each on his criterion).
    for (const reviewer of [people.transport, people.finance])
      expect((await of(reviewer)).map((n) => [n.kind, n.link])).toEqual([
        ['dossier_ruling', `/ho-so/${appraising}`],
      ]);
    expect((await of(people.transport))[0]!.body).toContain('tiêu chí 1');
    // Both council members vote on the appraised one.
    for (const member of [people.councilA, people.councilB])
      expect((await of(member)).map((n) => [n.kind, n.link])).toEqual([
        ['dossier_vote', `/ho-so/${appraised}`],
      ]);
    // The commune officer manages the survey closing in two days (not the one closing in 20).
    const surveys = (await of(people.commune)).filter((n) => n.kind === 'survey_closing');
    expect(surveys.map((n) => n.title)).toEqual([
      'Đợt khảo sát sắp kết thúc: Lấy ý kiến sự hài lòng của người dân xã Đông',
    ]);
    expect(surveys[0]!.body).toMatch(/kết thúc lúc \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}/);
    // An officer of another commune hears of none of it.
    expect(await of(people.outsider)).toEqual([]);
  });

  it('sends the monthly summary to a subscribed leader once per month, with the change since last month', async () => {
    await expect(
      subscribeMonthlyReport(db, { actor: people.outsider, unitCode: 'P1' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await subscribeMonthlyReport(db, { actor: leader, unitCode: 'P1' });
    const month = new Date().toISOString().slice(0, 7);
    expect(await sendMonthlyReports(db, { month: previousMonth(month) })).toHaveLength(1);
    const first = await sendMonthlyReports(db, { month });
    expect(first).toHaveLength(1);
    expect(await sendMonthlyReports(db, { month })).toEqual([]);
    const reports = (await listNotices(db, { actor: leader })).notices.filter(
      (n) => n.kind === 'monthly_report',
    );
    expect(reports).toHaveLength(2);
    const notice = reports.find((n) => n.title.includes(`tháng ${Number(month.slice(5))}/`));
    // The second month compares with the first.
    expect(notice!.body).toMatch(/so với tháng trước/);
    expect(reports.find((n) => n !== notice)!.body).not.toMatch(/so với tháng trước/);
    expect(notice!.title).toContain(`tháng ${Number(month.slice(5))}/${month.slice(0, 4)}`);
    expect(notice!.body).toMatch(/Hồ sơ chuyển bước trong tháng: [1-9]/);
    const file = await readReportFile(db, { actor: leader, id: notice!.report_id! });
    await expect(readReportFile(db, { actor: people.commune, id: notice!.report_id! })).rejects.toMatchObject(
      {
        code: 'NOT_FOUND',
      },
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.content as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Tóm tắt', 'Số liệu thay đổi', 'Hồ sơ']);
    const moves = wb.getWorksheet('Hồ sơ')!;
    expect(moves.rowCount).toBeGreaterThan(1);
    expect(String(moves.getRow(2).getCell(4).value)).not.toBe('');
  });
});
