/**
 * Scheduled and background work on pg-boss (10.x, Node 20), in the application's own database —
 * PostgreSQL or PGlite alike, through the project's Db (schema `pgboss`). Jobs survive a restart
 * (they are rows); every job is idempotent (reminders and reports are keyed by their subject,
 * e-mails by `emailed_at`), so a job retried or run twice changes nothing the second time.
 *
 * Queues:
 * - `reminders-scan`: deadline reminders for every account (hourly, and once at start);
 * - `monthly-reports`: last month's summary to each subscriber (07:00 on the 1st, Vietnam time);
 * - `notice-mail`: one notice by e-mail (only when SMTP is configured).
 */
import PgBoss from 'pg-boss';
import type { Db } from '../db/database.ts';
import type { Mailer } from '../mail/mailer.ts';
import { mailNotice } from '../notifications/mail.ts';
import { scanReminders } from '../notifications/reminders.ts';
import { previousMonth, sendMonthlyReports } from '../reports/monthly.ts';

export const queues = {
  reminders: 'reminders-scan',
  monthly: 'monthly-reports',
  mail: 'notice-mail',
} as const;

const timeZone = 'Asia/Ho_Chi_Minh';
const vietnamDate = new Intl.DateTimeFormat('en-CA', {
  timeZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * pg-boss's database interface over the project's Db. Its schema scripts are several statements
 * without parameters: PostgreSQL runs them as one simple query, PGlite through `exec`.
 */
function bossDb(db: Db) {
  return {
    async executeSql(sql: string, values?: unknown[]) {
      if (values && values.length > 0) return { rows: await db.query(sql, values) };
      try {
        return { rows: (await db.query(sql)) ?? [] };
      } catch (err) {
        if (!/multiple commands/i.test((err as Error).message)) throw err;
        await db.exec(sql);
        return { rows: [] };
      }
    },
  };
}

export interface JobsOptions {
  /** E-mail for notices; null or absent: in-app notices only. */
  mailer?: Mailer | null;
  /** The clock (tests move it past a deadline). */
  clock?: () => Date;
  /** false: no cron schedules and no scan at start (tests send jobs themselves). */
  schedule?: boolean;
  /** How often idle workers look for jobs (seconds; pg-boss's minimum is 0.5). */
  pollSeconds?: number;
}

export interface Jobs {
  /** Queues a job now; resolves to its id. */
  send(queue: (typeof queues)[keyof typeof queues], data?: object): Promise<string | null>;
  /** Stops the workers, letting the jobs in progress finish. */
  stop(): Promise<void>;
}

/**
 * Instances started together on a new database race to create pg-boss's schema and queues, and
 * PostgreSQL refuses one of them (a deadlock, or a duplicate name): the loser waits and tries
 * again, so that every instance starts its workers.
 */
async function raceSafe<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (attempt >= 6 || (code !== '40P01' && code !== '23505')) throw err;
      await new Promise((r) => setTimeout(r, 100 * attempt + Math.random() * 200));
    }
  }
}

/** pg-boss started on `db`, its schema and queues created on first use. */
async function startBoss(db: Db): Promise<PgBoss> {
  return raceSafe(async () => {
    const boss = new PgBoss({
      db: bossDb(db),
      schema: 'pgboss',
      // PGlite answers one query at a time: keep pg-boss's own housekeeping infrequent.
      monitorStateIntervalSeconds: 600,
      maintenanceIntervalSeconds: 600,
    } as PgBoss.ConstructorOptions);
    boss.on('error', (err) => console.error('Hàng đợi công việc:', err));
    try {
      await boss.start();
      for (const name of Object.values(queues))
        await raceSafe(async () => {
          if (!(await boss.getQueue(name)))
            await boss.createQueue(name, { name, retryLimit: 3, retryDelay: 60, retryBackoff: true });
        });
    } catch (err) {
      await boss.stop({ graceful: false, wait: true }).catch(() => {});
      throw err;
    }
    return boss;
  });
}

/** Starts the queue and its workers on `db` (creating pg-boss's tables on first use). */
export async function startJobs(db: Db, opts: JobsOptions = {}): Promise<Jobs> {
  const clock = opts.clock ?? (() => new Date());
  const mailer = opts.mailer ?? null;
  const boss = await startBoss(db);

  const pollingIntervalSeconds = opts.pollSeconds ?? 2;
  const mailAll = async (ids: number[]) => {
    if (!mailer || ids.length === 0) return;
    await boss.insert(ids.map((id) => ({ name: queues.mail, data: { notice_id: id } })));
  };

  await boss.work(queues.reminders, { pollingIntervalSeconds }, async () => {
    const now = clock();
    await mailAll(await scanReminders(db, { today: vietnamDate.format(now), now }));
  });
  await boss.work<{ month?: string }>(queues.monthly, { pollingIntervalSeconds }, async (jobs) => {
    for (const job of jobs) {
      const month = job.data?.month ?? previousMonth(vietnamDate.format(clock()).slice(0, 7));
      await mailAll(await sendMonthlyReports(db, { month }));
    }
  });
  await boss.work<{ notice_id: number }>(queues.mail, { pollingIntervalSeconds }, async (jobs) => {
    if (!mailer) return;
    for (const job of jobs) await mailNotice(db, mailer, job.data.notice_id);
  });

  if (opts.schedule !== false) {
    await boss.schedule(queues.reminders, '0 * * * *', {}, { tz: timeZone });
    await boss.schedule(queues.monthly, '0 7 1 * *', {}, { tz: timeZone });
    await boss.send(queues.reminders, {});
  }

  return {
    send: (queue, data = {}) => boss.send(queue, data),
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      mailer?.close();
    },
  };
}
