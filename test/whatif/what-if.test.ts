import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.ts';
import { AppError } from '../../src/errors.ts';
import { readEvaluation } from '../../src/evaluations/report.ts';
import { render } from '../../src/text.ts';
import { evaluateWhatIf } from '../../src/whatif/what-if.ts';
import { testDatabases } from '../support/databases.ts';
import { countRows, openTestDb, seedFixtures, snapshot } from '../support/db.ts';

const actor = 'tester';

describe.each(testDatabases())('what-if on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'whatif');
    await seedFixtures(db);
    // Stored results are computed by the first read, as in use.
    await readEvaluation(db, { frameworkId: 'demo-huyen-2024', period: '2024', unitCode: 'P1' });
    await readEvaluation(db, { frameworkId: 'demo-xa-2024', period: '2025', unitCode: 'P1' });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('follows the derived district share: one commune failing flips its district, nothing is stored', async () => {
    const stored = await snapshot(db);
    const audit = await countRows(db, 'audit_events');
    // Xã An meets with 92%; at 80% (written the Vietnamese way) it fails, and Huyện Một's share
    // of communes that meet falls from 2/3 to 1/3 (< 60%).
    const r = await evaluateWhatIf(db, {
      period: '2024',
      unitCode: 'C1',
      set: [{ measure: 'road_hardened_pct', value: '80,0' }],
      actor,
    });
    expect(r.set).toEqual([{ measure: 'road_hardened_pct', before: 92, after: 80 }]);
    expect(r.changes.map((c) => [c.framework, c.unit, c.before, c.after])).toEqual([
      ['demo-xa-2024', 'C1', 'met', 'not_met'],
      ['demo-huyen-2024', 'D1', 'met', 'not_met'],
    ]);
    expect(r.changes[1]).toMatchObject({ met_criteria: { before: 2, after: 1 }, total_criteria: 2 });
    expect(r.indicators).toContainEqual(
      expect.objectContaining({
        framework: 'demo-xa-2024',
        unit: 'C1',
        code: '1.1',
        before: 'met',
        after: 'not_met',
      }),
    );
    expect(r.indicators).toContainEqual(
      expect.objectContaining({ framework: 'demo-huyen-2024', unit: 'D1', code: '1.1', after: 'not_met' }),
    );
    expect(r.criteria).toContainEqual(
      expect.objectContaining({
        framework: 'demo-xa-2024',
        unit: 'C1',
        code: '1',
        before: 'met',
        after: 'not_met',
      }),
    );
    // The province counts one commune fewer meeting, and one district fewer.
    expect(r.counts).toContainEqual(
      expect.objectContaining({ framework: 'demo-xa-2024', unit: 'P1', met_before: 2, met_after: 1 }),
    );
    expect(await snapshot(db)).toBe(stored);
    expect(await countRows(db, 'audit_events')).toBe(audit);
    const again = await readEvaluation(db, {
      frameworkId: 'demo-huyen-2024',
      period: '2024',
      unitCode: 'D1',
    });
    expect(again.results[0]!.status).toBe('met');
  });

  it('two figures at once: "có" and a number; the other district meets', async () => {
    const r = await evaluateWhatIf(db, {
      period: '2024',
      unitCode: 'C4',
      set: [
        { measure: 'plan_approved', value: 'có' },
        { measure: 'income_per_capita', value: '61,5' },
      ],
      actor,
    });
    expect(r.set).toContainEqual({ measure: 'income_per_capita', before: null, after: 61.5 });
    expect(r.set).toContainEqual({ measure: 'plan_approved', before: false, after: true });
    expect(r.changes.map((c) => [c.unit, c.before, c.after])).toEqual([
      ['C4', 'not_met', 'met'],
      ['D2', 'not_met', 'met'],
    ]);
    // The district's communes meeting the commune framework: 0/1 → 1/1.
    expect(r.counts).toContainEqual(
      expect.objectContaining({
        framework: 'demo-xa-2024',
        unit: 'D2',
        total: 1,
        met_before: 0,
        met_after: 1,
      }),
    );
  });

  it('a change that moves nothing says so', async () => {
    const r = await evaluateWhatIf(db, {
      period: '2024',
      unitCode: 'C1',
      set: [{ measure: 'road_hardened_pct', value: '99' }],
      actor,
    });
    expect(r.changes).toEqual([]);
    expect(r.indicators).toEqual([]);
  });

  it('respects the tree of the period: after the merger the commune has no district', async () => {
    // In 2025 (tree of 31/12/2025) Xã Đông sits directly under the province: no district to flip.
    const r = await evaluateWhatIf(db, {
      period: '2025',
      unitCode: 'C4',
      set: [
        { measure: 'plan_approved', value: 'có' },
        { measure: 'road_hardened_pct', value: '95' },
        { measure: 'income_per_capita', value: '70' },
      ],
      actor,
    });
    expect(r.tree_date).toBe('2025-12-31');
    expect(r.changes.map((c) => [c.framework, c.unit, c.after])).toEqual([['demo-xa-2024', 'C4', 'met']]);
    expect(r.counts).toContainEqual(expect.objectContaining({ unit: 'P1', met_before: 0, met_after: 1 }));
    // Xã An was merged into Xã An Bình on 1/1/2025: it is no unit of the 2025 tree.
    await expect(
      evaluateWhatIf(db, {
        period: '2025',
        unitCode: 'C1',
        set: [{ measure: 'plan_approved', value: 'có' }],
        actor,
      }),
    ).rejects.toMatchObject({ code: 'UNIT_NOT_IN_PERIOD' });
  });

  it('bad figures are refused in Vietnamese, naming the field, and change nothing', async () => {
    const stored = await snapshot(db);
    const err = await evaluateWhatIf(db, {
      period: '2024',
      unitCode: 'C1',
      set: [
        { measure: 'road_hardened_pct', value: '120' },
        { measure: 'khong_co', value: '1' },
      ],
      actor,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INVALID_VALUES');
    expect((err as AppError).details.map((d) => [d.line, d.field])).toEqual([
      [1, 'value'],
      [2, 'measure'],
    ]);
    expect(render((err as AppError).details[0]!.message, 'vi')).toContain('0–100');
    expect(await snapshot(db)).toBe(stored);
  });
});
