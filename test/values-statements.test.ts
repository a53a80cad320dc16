import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActorNamed } from '../src/access/index.ts';
import type { Db } from '../src/db/database.ts';
import { evaluatePeriod } from '../src/evaluations/full.ts';
import { setValues } from '../src/values/import.ts';
import { testDatabases } from './support/databases.ts';
import { openTestDb, seedFixtures } from './support/db.ts';

/**
 * What one changed figure costs (issue 15): the statements setValues issues, counted on a handle
 * whose transactions hand out counting handles too, so that a regression (a lookup added back
 * per write) shows as a count, not as a time. Fixture units in 2024: P1 → D1 (C1, C2, C3, T1),
 * D2 (C4).
 */
function counting(db: Db): { db: Db; statements: string[] } {
  const statements: string[] = [];
  const wrap = (inner: Db): Db => ({
    kind: inner.kind,
    query: (sql, params) => {
      statements.push(sql);
      return inner.query(sql, params);
    },
    send: (sql, params) => {
      statements.push(sql);
      return inner.send(sql, params);
    },
    exec: (sql) => {
      statements.push(sql);
      return inner.exec(sql);
    },
    transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
    onCommit: (fn) => inner.onCommit(fn),
    copyFrom: (t, c, csv) => {
      statements.push(`COPY ${t}`);
      return inner.copyFrom(t, c, csv);
    },
    copyTo: (sql) => {
      statements.push(`COPY ${sql}`);
      return inner.copyTo(sql);
    },
    close: () => inner.close(),
  });
  return { db: wrap(db), statements };
}

const tester = systemActorNamed('tester');
const period = '2024';

describe.each(testDatabases())('statements of one figure written on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'vstmts');
    await seedFixtures(db);
    await evaluatePeriod(db, { frameworkIds: ['demo-xa-2024', 'demo-huyen-2024'], period });
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  const resultOf = async (unit: string) =>
    (
      await db.query<{ status: string; n_met: number }>(
        `SELECT status, n_met FROM evaluation_results WHERE framework_id = 'demo-xa-2024' AND period = $1
         AND unit_code = $2`,
        [period, unit],
      )
    )[0]!;

  it('costs five statements (on PostgreSQL seven, two of them locks), the live read sent with the checks, with its live update and audit event (NOTIFY included)', async () => {
    // The first write of the process may read the catalog; the count is of a write after it.
    await setValues(db, {
      values: [{ unitCode: 'C2', indicator: 'road_hardened_pct', period, value: '85,5' }],
      actor: tester,
    });
    const d1Before = await resultOf('D1');
    expect((await resultOf('C2')).status).toBe('not_met');
    const events = async () =>
      (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM audit_events WHERE type = 'value.changed'`,
        )
      )[0]!.n;
    const eventsBefore = await events();

    const c = counting(db);
    // C2: 85.5% of roads → 95%; its income already meets: C2 now meets, D1 counts one more.
    expect(
      await setValues(c.db, {
        values: [{ unitCode: 'C2', indicator: 'road_hardened_pct', period, value: '95' }],
        actor: tester,
      }),
    ).toEqual({ changed: 1 });
    // The live patch's read goes out right behind the checks, before the write (on PostgreSQL in
    // the same round trip); on PostgreSQL two more: the period's and the province's locks, sent
    // before that read.
    expect(c.statements, c.statements.join('\n---\n')).toHaveLength(db.kind === 'postgres' ? 7 : 5);
    const locks = db.kind === 'postgres' ? 2 : 0;
    if (db.kind === 'postgres') {
      expect(c.statements[1]).toContain('pg_advisory_xact_lock_shared');
      expect(c.statements[2]).toContain('pg_advisory_xact_lock(');
    }
    expect(c.statements[1 + locks]).toContain('FROM evaluation_runs');
    expect(c.statements[2 + locks]).toContain('INSERT INTO value_current');
    // On PostgreSQL the audit event's insert carries the NOTIFY to other instances.
    if (db.kind === 'postgres') expect(c.statements.at(-1)).toContain('pg_notify');
    expect((await resultOf('C2')).status).toBe('met');
    expect((await resultOf('D1')).n_met).toBe(d1Before.n_met + 1);
    expect(await events()).toBe(eventsBefore + 1);

    // The same figure again changes nothing: the checks and the read sent with them, no write,
    // no event.
    const again = counting(db);
    expect(
      await setValues(again.db, {
        values: [{ unitCode: 'C2', indicator: 'road_hardened_pct', period, value: '95' }],
        actor: tester,
      }),
    ).toEqual({ changed: 0 });
    expect(again.statements).toHaveLength(2 + locks);
    expect(again.statements.join('\n')).not.toMatch(/INSERT INTO|UPDATE \w+ SET/);
    expect(await events()).toBe(eventsBefore + 1);
  });

  it('several figures of units under two districts in one write: the live results are a full evaluation’s', async () => {
    const results = () =>
      db.query('SELECT * FROM evaluation_results WHERE period = $1 ORDER BY framework_id, unit_code', [
        period,
      ]);
    expect(
      await setValues(db, {
        values: [
          { unitCode: 'C1', indicator: 'road_hardened_pct', period, value: '99' },
          { unitCode: 'C1', indicator: 'plan_approved', period, value: 'không' },
          { unitCode: 'C4', indicator: 'income_per_capita', period, value: '12' },
          { unitCode: 'C4', indicator: 'road_hardened_pct', period, value: '100' },
        ],
        actor: tester,
      }),
    ).toMatchObject({ changed: 4 });
    const live = await results();
    await db.query('UPDATE evaluation_runs SET stale = true WHERE period = $1', [period]);
    await evaluatePeriod(db, { frameworkIds: ['demo-xa-2024', 'demo-huyen-2024'], period });
    expect(live).toEqual(await results());
  });

  it('sees a measure added since the catalog was kept', async () => {
    await db.query(
      `INSERT INTO measures (id, type, unit, name) VALUES ('vstmts_new', 'number', 'người', 'Số mới')`,
    );
    expect(
      await setValues(db, {
        values: [{ unitCode: 'C1', indicator: 'vstmts_new', period, value: '1.234,5' }],
        actor: tester,
      }),
    ).toEqual({ changed: 1 });
    const [row] = await db.query<{ num: number }>(
      `SELECT num FROM value_current WHERE unit_code = 'C1' AND measure_id = 'vstmts_new' AND period = $1`,
      [period],
    );
    expect(row?.num).toBe(1234.5);
  });

  it('writes many figures through the one staged path, with history and live results', async () => {
    // 60 figures (more than a form's few): one new measure on every unit of the fixture tree.
    const units = (
      await db.query<{ code: string }>(
        `SELECT DISTINCT code FROM units WHERE valid_from <= '2024-12-31' AND valid_to >= '2024-01-01' ORDER BY code`,
      )
    ).map((u) => u.code);
    const measures = Array.from({ length: 60 }, (_, i) => `vstmts_bulk_${i}`);
    for (const m of measures)
      await db.query(`INSERT INTO measures (id, type, unit, name) VALUES ($1, 'number', NULL, $1)`, [m]);
    const values = measures.map((m, i) => ({
      unitCode: units[i % units.length]!,
      indicator: m,
      period,
      value: String(i),
    }));
    const d1Before = await resultOf('D1');
    const c = counting(db);
    expect(await setValues(c.db, { values, actor: tester })).toEqual({ changed: 60 });
    expect(c.statements.some((s) => s.includes('import_rows_tx'))).toBe(true);
    expect(c.statements.some((s) => s.includes('values_load'))).toBe(false);
    const [history] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM value_changes WHERE measure_id LIKE 'vstmts_bulk_%'`,
    );
    expect(history!.n).toBe(60);
    // Written again unchanged: nothing new in the history.
    expect(await setValues(db, { values, actor: tester })).toEqual({ changed: 0 });
    // Measures no framework reads: results untouched, the runs not marked stale.
    expect(await resultOf('D1')).toEqual(d1Before);
    const [stale] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM evaluation_runs WHERE period = $1 AND stale`,
      [period],
    );
    expect(stale!.n).toBe(0);
  });
});
