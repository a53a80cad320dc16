/**
 * Several server instances on one PostgreSQL database start their job queues at the same moment
 * (a deployment behind a proxy): on a new database they race to create pg-boss's queues, and
 * every instance must still start its workers (PostgreSQL once reported a deadlock to one).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../src/db/database.ts';
import { type Jobs, queues, startJobs } from '../../src/jobs/queue.ts';
import { freshPostgresUrl, testDatabases } from '../support/databases.ts';

const postgres = testDatabases().filter((t) => t.name === 'postgres');

describe.skipIf(postgres.length === 0)('job queues of several instances on one PostgreSQL', () => {
  const dbs: Db[] = [];
  const started: Jobs[] = [];
  afterAll(async () => {
    for (const j of started) await j.stop();
    for (const db of dbs) await db.close();
  });

  it('all start together on a new database, each queue created once', { timeout: 120_000 }, async () => {
    const url = await freshPostgresUrl('jobs_instances');
    // Migrated once (as the first instance would), then four instances start their queues at once.
    dbs.push(await openDb({ databaseUrl: url }));
    for (let i = 1; i < 4; i++) dbs.push(await openDb({ databaseUrl: url }));
    const results = await Promise.allSettled(dbs.map((db) => startJobs(db, { schedule: false })));
    for (const r of results) if (r.status === 'fulfilled') started.push(r.value);
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
    ]);
    const rows = await dbs[0]!.query<{ name: string }>(
      "SELECT name FROM pgboss.queue WHERE name NOT LIKE '\\_\\_pgboss%' ORDER BY name",
    );
    expect(rows.map((r) => r.name)).toEqual(Object.values(queues).sort());
    // Every instance can queue work.
    for (const j of started) expect(await j.send(queues.reminders, {})).toBeTruthy();
  });
});
