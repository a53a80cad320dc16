import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActorNamed } from '../src/access/index.ts';
import type { Db } from '../src/db/database.ts';
import { evaluatePeriod } from '../src/evaluations/full.ts';
import { refreshAfterValueChange } from '../src/evaluations/live.ts';
import { setValues } from '../src/values/import.ts';
import { testDatabases } from './support/databases.ts';
import { openTestDb, seedFixtures } from './support/db.ts';

/**
 * Two people writing figures under one province at the same moment (PostgreSQL runs their
 * transactions at once; PGlite one after the other): the results kept live must be what a full
 * evaluation of the same figures gives. Fixture units in 2024: P1 → D1 (C1, C2, C3, T1), D2 (C4).
 */
describe.each(testDatabases())('live results under concurrent writes on $name', (target) => {
  let db: Db;
  const period = '2024';
  const frameworks = ['demo-xa-2024', 'demo-huyen-2024'];
  const tester = systemActorNamed('tester');
  beforeAll(async () => {
    db = await openTestDb(target, 'live_concurrent');
    await seedFixtures(db);
    await evaluatePeriod(db, { frameworkIds: frameworks, period });
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  /** Every stored result of the period, as text to compare. */
  const results = async () =>
    (
      await db.query<{ r: string }>(
        `SELECT concat_ws(' ', framework_id, unit_code, status, met_criteria, indicator_codes, n_total, n_met,
           n_not_met, n_no_data) AS r
         FROM evaluation_results WHERE period = $1 ORDER BY framework_id, unit_code`,
        [period],
      )
    ).map((x) => x.r);

  type Figures = Parameters<typeof setValues>[1]['values'];

  /** Writes `values` in a transaction left open: `written` once written, `commit()` ends it. */
  function openWrite(values: Figures) {
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let written!: () => void;
    const done = new Promise<void>((r) => {
      written = r;
    });
    const tx = db.transaction(async (t) => {
      await setValues(t, { values, actor: tester });
      written();
      await held;
    });
    return {
      written: done,
      commit: async () => {
        release();
        await tx;
      },
    };
  }

  /** Runs `later` while the write of `first` is open (PostgreSQL); on PGlite one after the other. */
  async function duringWrite(first: Figures, later: () => Promise<unknown>) {
    const a = openWrite(first);
    await a.written;
    if (target.name !== 'postgres') {
      // PGlite: the later one would wait for the open transaction; nothing runs at once.
      await a.commit();
      await later();
      return;
    }
    const b = later();
    await new Promise((r) => setTimeout(r, 150));
    await a.commit();
    await b;
  }

  /** Writes `first`, and `second` while the first's transaction is still open. */
  const atOnce = (first: Figures, second: Figures) =>
    duringWrite(first, () => setValues(db, { values: second, actor: tester }));

  it('one commune: the later write sees the earlier one (status, criteria, district counts)', async () => {
    // C1 meets everything with its fixture figures: its road alone makes it fail.
    await atOnce(
      [{ unitCode: 'C1', indicator: 'road_hardened_pct', period, value: '50' }],
      [{ unitCode: 'C1', indicator: 'income_per_capita', period, value: '80' }],
    );
    const live = await results();
    expect(live.find((r) => r.startsWith('demo-xa-2024 C1 '))).toMatch(/^demo-xa-2024 C1 not_met /);
    await db.exec('UPDATE evaluation_runs SET stale = true');
    await evaluatePeriod(db, { frameworkIds: frameworks, period });
    expect(live).toEqual(await results());
  });

  it('a full evaluation started while a write is open waits for it and counts its figure', async () => {
    await db.exec('UPDATE evaluation_runs SET stale = true');
    await duringWrite([{ unitCode: 'C4', indicator: 'road_hardened_pct', period, value: '10' }], () =>
      evaluatePeriod(db, { frameworkIds: frameworks, period }),
    );
    const stored = await results();
    expect(stored.find((r) => r.startsWith('demo-xa-2024 C4 '))).toMatch(/^demo-xa-2024 C4 not_met /);
    await db.exec('UPDATE evaluation_runs SET stale = true');
    await evaluatePeriod(db, { frameworkIds: frameworks, period });
    expect(stored).toEqual(await results());
  });

  it('a new figure another kind of writer inserted and has not locked yet: the person’s write of it is kept', async () => {
    // A survey or a target writes its figures, then takes the province's lock for the live patch;
    // a person's write takes the lock first. Both inserting C4's first income figure at once
    // deadlock on PostgreSQL (one is rolled back after a second): the person's write runs again.
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let inserted!: () => void;
    const insertedNow = new Promise<void>((r) => {
      inserted = r;
    });
    const figure = { unitCode: 'C4', measureId: 'income_per_capita', period };
    const other = db
      .transaction(async (t) => {
        await t.query(
          `INSERT INTO value_current (period, unit_code, measure_id, num, na, source, actor)
           VALUES ($1, 'C4', 'income_per_capita', 30, false, 'survey', 'khảo sát')`,
          [period],
        );
        inserted();
        await held;
        await refreshAfterValueChange(t, [figure]);
      })
      .then(
        () => 'committed',
        (err: { code?: string }) => err.code,
      );
    await insertedNow;
    let mine: Promise<{ changed: number }>;
    if (target.name === 'postgres') {
      mine = setValues(db, {
        values: [{ ...figure, indicator: 'income_per_capita', value: '70' }],
        actor: tester,
      });
      await new Promise((r) => setTimeout(r, 150));
      release();
    } else {
      release();
      await other;
      mine = setValues(db, {
        values: [{ ...figure, indicator: 'income_per_capita', value: '70' }],
        actor: tester,
      });
    }
    expect(await mine).toEqual({ changed: 1 });
    // The other writer is either committed first or the one rolled back.
    expect(['committed', '40P01']).toContain(await other);
    const [stored] = await db.query<{ num: number }>(
      `SELECT num FROM value_current WHERE unit_code = 'C4' AND measure_id = 'income_per_capita' AND period = $1`,
      [period],
    );
    expect(stored).toEqual({ num: 70 });
    const live = await results();
    await db.exec('UPDATE evaluation_runs SET stale = true');
    await evaluatePeriod(db, { frameworkIds: frameworks, period });
    expect(live).toEqual(await results());
  });

  it('two communes of one district: the district’s counts and status take both', async () => {
    await atOnce(
      [{ unitCode: 'C1', indicator: 'road_hardened_pct', period, value: '95' }],
      [{ unitCode: 'C2', indicator: 'road_hardened_pct', period, value: '20' }],
    );
    const live = await results();
    await db.exec('UPDATE evaluation_runs SET stale = true');
    await evaluatePeriod(db, { frameworkIds: frameworks, period });
    expect(live).toEqual(await results());
  });
});
