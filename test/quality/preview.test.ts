import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, systemActorNamed } from '../../src/access/index.ts';
import type { Db } from '../../src/db/database.ts';
import type { AppError } from '../../src/errors.ts';
import { explainQualityIssue } from '../../src/quality/explain.ts';
import { listQualityIssues } from '../../src/quality/issues.ts';
import { previewFigureQuality } from '../../src/quality/preview.ts';
import { render } from '../../src/text.ts';
import { setValues } from '../../src/values/import.ts';
import { testDatabases } from '../support/databases.ts';
import { openTestDb, seedFixtures, snapshot } from '../support/db.ts';

// Test province in 2024 (test/fixtures/units-small.csv): P1 → D1 (C1, C2, C3, T1), D2 (C4).
const officer: Actor = {
  userId: 7,
  username: 'can.bo.c1',
  grants: [{ role: 'commune_officer', unitCode: 'C1' }],
};
const system: Actor = { userId: null, username: 'system', grants: [] };

describe.each(testDatabases())('warnings at entry and paged warning lists on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'quality_entry');
    await seedFixtures(db);
    // Last year's road figures: 92% in C1 (this year's is 92 too), 90% in C2 and C3.
    await setValues(db, {
      actor: systemActorNamed('tester'),
      values: [
        { unitCode: 'C1', indicator: 'road_hardened_pct', period: '2023', value: '92' },
        { unitCode: 'C2', indicator: 'road_hardened_pct', period: '2023', value: '90' },
        { unitCode: 'C3', indicator: 'road_hardened_pct', period: '2023', value: '90' },
      ],
    });
    // A fresh database and its migrations: slow on a busy machine.
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  const preview = (value: string | undefined, indicator = 'road_hardened_pct', actor = officer) =>
    previewFigureQuality(db, { actor, unitCode: 'C1', indicator, period: '2024', value });

  it('shows the rules a typed figure trips, at the boundary, without storing anything', async () => {
    const before = await snapshot(db);
    // 92 → 45: 47 points down, beyond ±30.
    const jump = await preview('45');
    expect(jump.refusals).toEqual([]);
    expect(jump.warnings.map((w) => [w.measure, w.kind, render(w.message, 'vi')])).toEqual([
      [
        'road_hardened_pct',
        'change',
        'Thay đổi -47 điểm phần trăm so với cùng kỳ năm trước (92% → 45%), vượt ngưỡng ±30 điểm',
      ],
    ]);
    expect(jump.warnings[0]).toMatchObject({ indicator: 'demo-xa-2024:1.1', explanation: null });
    // Exactly 30 points is no warning; 30,5 is. The indicator may be named by framework and code.
    expect((await preview('62')).warnings).toEqual([]);
    expect((await preview('61,5', 'demo-xa-2024:1.1')).warnings.map((w) => w.kind)).toEqual(['change']);
    // Nothing was written, and the stored figure (92) raises nothing.
    expect(await snapshot(db)).toBe(before);
    expect((await preview(undefined)).warnings).toEqual([]);
  });

  it('answers what the save would refuse, and checks the reader', async () => {
    const bad = await preview('abc');
    expect(bad.warnings).toEqual([]);
    expect(bad.refusals.map((r) => [r.field, render(r.message, 'vi')])).toEqual([
      ['value', 'không phải số phần trăm (0–100) (Tỷ lệ đường xã được cứng hóa: số phần trăm)'],
    ]);
    const unknown = await preview('50', 'no_such_measure');
    expect(unknown.refusals.map((r) => r.field)).toEqual(['indicator']);
    const elsewhere = await previewFigureQuality(db, {
      actor: officer,
      unitCode: 'C4',
      indicator: 'road_hardened_pct',
      period: '2024',
      value: '10',
    }).catch((e: AppError) => e.code);
    expect(elsewhere).toBe('FORBIDDEN');
  });

  it('shows the stored figure’s warning after saving, with its explanation once given', async () => {
    await setValues(db, {
      actor: systemActorNamed('tester'),
      values: [{ unitCode: 'C1', indicator: 'road_hardened_pct', period: '2024', value: '40' }],
    });
    const stored = await preview(undefined);
    expect(stored.warnings.map((w) => [w.kind, w.explanation])).toEqual([['change', null]]);
    await explainQualityIssue(db, {
      actor: officer,
      unitCode: 'C1',
      measureId: 'road_hardened_pct',
      period: '2024',
      kind: 'change',
      note: 'Đo lại theo chuẩn mới',
    });
    expect((await preview(undefined)).warnings[0]?.explanation?.note).toBe('Đo lại theo chuẩn mới');
    // The same figure typed again is covered by the note; another one is not.
    expect((await preview('40')).warnings[0]?.explanation?.note).toBe('Đo lại theo chuẩn mới');
    expect((await preview('41')).warnings[0]?.explanation).toBeNull();
  });

  it('pages the warning list with the total of every page', async () => {
    await setValues(db, {
      actor: systemActorNamed('tester'),
      values: [
        { unitCode: 'C2', indicator: 'road_hardened_pct', period: '2024', value: '20' },
        { unitCode: 'C3', indicator: 'road_hardened_pct', period: '2024', value: '10' },
      ],
    });
    const all = await listQualityIssues(db, { actor: system, period: '2024', unitCode: 'D1', state: 'all' });
    expect(all.issues.map((i) => i.unit)).toEqual(['C1', 'C2', 'C3']);
    expect(all.total).toBe(3);
    const first = await listQualityIssues(db, {
      actor: system,
      period: '2024',
      unitCode: 'D1',
      state: 'all',
      limit: 2,
    });
    expect(first.issues.map((i) => i.unit)).toEqual(['C1', 'C2']);
    expect([first.total, first.counts]).toEqual([3, { open: 2, explained: 1 }]);
    const second = await listQualityIssues(db, {
      actor: system,
      period: '2024',
      unitCode: 'D1',
      state: 'all',
      limit: 2,
      offset: 2,
    });
    expect(second.issues.map((i) => i.unit)).toEqual(['C3']);
    // Open only: the explained warning of C1 is counted, not listed.
    const open = await listQualityIssues(db, { actor: system, period: '2024', unitCode: 'D1', limit: 1 });
    expect([open.total, open.issues.map((i) => i.unit)]).toEqual([2, ['C2']]);
  });
});
