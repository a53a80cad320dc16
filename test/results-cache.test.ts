import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, systemActor, systemActorNamed } from '../src/access/index.ts';
import type { Db } from '../src/db/database.ts';
import { evaluatePeriod } from '../src/evaluations/full.ts';
import { readMatrix } from '../src/evaluations/matrix.ts';
import { setValues } from '../src/values/import.ts';
import { testDatabases } from './support/databases.ts';
import { openTestDb, seedFixtures } from './support/db.ts';

/**
 * The dashboard matrix is served from the results cache (src/evaluations/cache.ts): a repeated
 * read costs no query, a committed figure change is seen at once, a rolled-back one never, and
 * each reader's scope is applied to the cached data. Fixture units in 2024: P1 → D1 (C1, C2, C3,
 * T1), D2 (C4).
 */
const opts = { frameworkId: 'demo-xa-2024', period: '2024', unitCode: 'D1', actor: systemActor };
const officerC1: Actor = {
  userId: 900_001,
  username: 'xa.c1',
  grants: [{ role: 'commune_officer', unitCode: 'C1' }],
};

/** The handle with a query counter (same connection, so it shares nothing with `db`'s cache). */
function counting(db: Db): { db: Db; queries: () => number } {
  let n = 0;
  const counted: Db = {
    ...db,
    kind: db.kind,
    query: (sql, params) => {
      n++;
      return db.query(sql, params);
    },
    exec: (sql) => {
      n++;
      return db.exec(sql);
    },
    transaction: (fn) => db.transaction(fn),
    onCommit: (fn) => db.onCommit(fn),
    copyFrom: (t, c, csv) => db.copyFrom(t, c, csv),
    copyTo: (sql) => db.copyTo(sql),
    close: () => db.close(),
  };
  return { db: counted, queries: () => n };
}

const statusOf = (m: Awaited<ReturnType<typeof readMatrix>>, code: string) =>
  m.rows.find((r) => r.unit.code === code)?.status;

describe.each(testDatabases())('results cache on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'rcache');
    await seedFixtures(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('answers a repeated read without a query and sees a committed change at once', async () => {
    const c = counting(db);
    const first = await readMatrix(c.db, opts);
    expect(statusOf(first, 'C2')).toBe('not_met');
    const before = c.queries();
    expect(before).toBeGreaterThan(0);
    const again = await readMatrix(c.db, opts);
    expect(c.queries()).toBe(before);
    expect(again).toEqual(first);

    // C2: 85.5% of roads → 95%; its income (61) already meets: C2 now meets.
    await setValues(db, {
      values: [{ unitCode: 'C2', indicator: 'road_hardened_pct', period: '2024', value: '95' }],
      actor: systemActorNamed('tester'),
    });
    const after = await readMatrix(c.db, opts);
    expect(c.queries()).toBeGreaterThan(before);
    expect(statusOf(after, 'C2')).toBe('met');
    expect(after.unit.children!.met).toBe(first.unit.children!.met + 1);
  });

  it('never keeps what a rolled-back write read', async () => {
    const seen = await readMatrix(db, opts);
    await expect(
      db.transaction(async (tx) => {
        await setValues(tx, {
          values: [{ unitCode: 'C2', indicator: 'road_hardened_pct', period: '2024', value: '10' }],
          actor: systemActorNamed('tester'),
        });
        // Inside the transaction the change is visible, from that transaction's own cache.
        expect(statusOf(await readMatrix(tx, opts), 'C2')).toBe('not_met');
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await readMatrix(db, opts)).toEqual(seen);
    expect(statusOf(seen, 'C2')).toBe('met');
  });

  it('a full pass rewrites only the stored rows that differ, and replaces a run that is mostly wrong', async () => {
    const rowsOf = () =>
      db.query(
        `SELECT unit_code, parent_code, applicable, status, met_criteria, total_criteria, points, criteria_codes,
           indicator_codes, n_total, n_met, n_basically_met, n_not_met, n_no_data, n_rule_missing
         FROM evaluation_results WHERE framework_id = 'demo-xa-2024' AND period = '2024' ORDER BY unit_code`,
      );
    const right = await rowsOf();
    // One row wrong (a fourth of the run or less), in any one column: patched where it differs.
    for (const wrong of [
      `status = 'no_data', criteria_codes = 'DD', n_met = 99`,
      `parent_code = 'D2'`,
      `applicable = false`,
      `met_criteria = met_criteria + 1`,
      `total_criteria = total_criteria + 1`,
      `points = 1.5`,
      `indicator_codes = 'x' || indicator_codes`,
      `n_total = n_total + 1`,
      `n_basically_met = 3`,
      `n_not_met = n_not_met + 1`,
      `n_no_data = n_no_data + 1`,
      `n_rule_missing = 2`,
    ]) {
      await db.exec(`UPDATE evaluation_results SET ${wrong}
        WHERE framework_id = 'demo-xa-2024' AND period = '2024' AND unit_code = 'C1'`);
      const [summary] = await evaluatePeriod(db, { frameworkIds: ['demo-xa-2024'], period: '2024' });
      expect(summary!.rewritten, wrong).toBe(false);
      expect(await rowsOf(), wrong).toEqual(right);
    }
    // Every row wrong, one missing: replaced whole.
    await db.exec(
      `UPDATE evaluation_results SET n_met = n_met + 7 WHERE framework_id = 'demo-xa-2024' AND period = '2024'`,
    );
    await db.exec(
      `DELETE FROM evaluation_results WHERE framework_id = 'demo-xa-2024' AND period = '2024' AND unit_code = 'C3'`,
    );
    const [again] = await evaluatePeriod(db, { frameworkIds: ['demo-xa-2024'], period: '2024' });
    expect(again!.rewritten).toBe(true);
    expect(await rowsOf()).toEqual(right);
  });

  it('applies each reader’s scope to the cached data', async () => {
    const full = await readMatrix(db, opts);
    expect(full.rows.map((r) => r.unit.code)).toEqual(['C1', 'C2', 'C3', 'T1']);
    // The commune officer of C1: C1 in full, D1 (an ancestor) in summary, other communes not at all.
    const scoped = await readMatrix(db, { ...opts, actor: officerC1 });
    expect(scoped.rows.map((r) => r.unit.code)).toEqual(['C1']);
    expect(scoped.rows[0]!.criteria.length).toBeGreaterThan(0);
    expect(scoped.unit.criteria).toEqual([]);
    // …and the cached entry was not changed by that: the next full read is whole again.
    expect(await readMatrix(db, opts)).toEqual(full);
    // Outside the officer's grants and their ancestors: refused, cached or not.
    await expect(readMatrix(db, { ...opts, unitCode: 'D2', actor: officerC1 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
