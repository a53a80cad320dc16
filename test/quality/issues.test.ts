import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/access/index.ts';
import { systemActorNamed } from '../../src/access/index.ts';
import type { Db } from '../../src/db/database.ts';
import type { AppError } from '../../src/errors.ts';
import { importFramework } from '../../src/frameworks/import.ts';
import { explainQualityIssue } from '../../src/quality/explain.ts';
import { listQualityIssues } from '../../src/quality/issues.ts';
import { setValues } from '../../src/values/import.ts';
import { testDatabases } from '../support/databases.ts';
import { fixtures, openTestDb, seedFixtures } from '../support/db.ts';

const officer: Actor = {
  userId: 7,
  username: 'can.bo.c1',
  grants: [{ role: 'commune_officer', unitCode: 'C1' }],
};
const system: Actor = { userId: null, username: 'system', grants: [] };

describe.each(testDatabases())('data-quality warnings on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'quality');
    await seedFixtures(db);
    // A fresh database and its migrations: slow on a busy machine.
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  const open = async (unitCode = 'D1') =>
    (await listQualityIssues(db, { actor: system, period: '2024', unitCode })).issues;

  it('lists a 92 → 20 jump, and explaining it clears the warning until the figure changes', async () => {
    await setValues(db, {
      actor: systemActorNamed('tester'),
      values: [
        { unitCode: 'C1', indicator: 'road_hardened_pct', period: '2023', value: '92' },
        { unitCode: 'C1', indicator: 'road_hardened_pct', period: '2024', value: '20' },
        // 61 → 60: a small change of a number is no warning.
        { unitCode: 'C2', indicator: 'income_per_capita', period: '2023', value: '60' },
      ],
    });
    expect(await open()).toEqual([
      {
        unit: 'C1',
        unit_name: 'Xã An',
        indicator: 'demo-xa-2024:1.1',
        indicator_name: 'Tỷ lệ đường xã được cứng hóa',
        measure: 'road_hardened_pct',
        period: '2024',
        kind: 'change',
        message: {
          vi: 'Thay đổi -72 điểm phần trăm so với cùng kỳ năm trước (92% → 20%), vượt ngưỡng ±30 điểm',
          en: 'Changed by -72 points on last year (92% → 20%), beyond ±30 points',
        },
        explanation: null,
      },
    ]);
    // Only inside the unit's subtree.
    expect(await open('D2')).toEqual([]);

    const explain = {
      unitCode: 'C1',
      measureId: 'road_hardened_pct',
      period: '2024',
      kind: 'change' as const,
    };
    const empty = await explainQualityIssue(db, { ...explain, actor: officer, note: '  ' }).catch(
      (e: AppError) => e.code,
    );
    expect(empty).toBe('INVALID_REQUEST');
    const elsewhere = await explainQualityIssue(db, {
      ...explain,
      unitCode: 'C2',
      actor: officer,
      note: 'x',
    }).catch((e: AppError) => e.code);
    expect(elsewhere).toBe('FORBIDDEN');
    await explainQualityIssue(db, { ...explain, actor: officer, note: 'Năm 2024 đo lại theo chuẩn mới' });
    expect(await open()).toEqual([]);
    const all = await listQualityIssues(db, { actor: officer, period: '2024', unitCode: 'C1', state: 'all' });
    expect(all.counts).toEqual({ open: 0, explained: 1 });
    expect(all.issues[0]!.explanation).toMatchObject({
      note: 'Năm 2024 đo lại theo chuẩn mới',
      by: 'can.bo.c1',
    });
    const events = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE type = 'quality.explained' AND unit_code = 'C1'`,
    );
    expect(events[0]!.n).toBe(1);

    // The note covered 20%; a new figure still far from last year's warns again.
    await setValues(db, {
      actor: systemActorNamed('tester'),
      values: [{ ...explain, indicator: 'road_hardened_pct', value: '25' }],
    });
    expect((await open()).map((i) => [i.unit, i.kind, i.explanation])).toEqual([['C1', 'change', null]]);
  });

  it('checks consistency between measures as CEL and finds outliers among 8 or more siblings', async () => {
    const id = 'demo-xa-chat-luong';
    const yaml = readFileSync(join(fixtures, 'demo-xa-2024.yaml'), 'utf8')
      .replace('id: demo-xa-2024', `id: ${id}`)
      .replace(
        '        rule: "value >= 60.0',
        `        quality:\n          checks:\n            - rule: "!m.plan_approved || value >= 10.0"\n              message: Có quy hoạch nhưng thu nhập dưới 10 triệu đồng — kiểm tra đơn vị tính\n        rule: "value >= 60.0`,
      );
    await importFramework(db, { text: yaml, fileName: `${id}.yaml`, actor: systemActorNamed('tester') });
    // Six more communes under D1 in 2024: ten siblings with road figures around 90%.
    for (let i = 6; i <= 11; i++)
      await db.query(
        `INSERT INTO units (code, valid_from, valid_to, name, kind, parent_code) VALUES ($1, '2020-01-01', '2024-12-31', $2, 'commune', 'D1')`,
        [`C${i}`, `Xã Thử ${i}`],
      );
    const roads = {
      C1: '91',
      C2: '85,5',
      C3: '72',
      T1: '90',
      C6: '93',
      C7: '94',
      C8: '88',
      C9: '95',
      C10: '90',
      C11: '9',
    };
    await setValues(db, {
      actor: systemActorNamed('tester'),
      values: [
        ...Object.entries(roads).map(([unitCode, value]) => ({
          unitCode,
          indicator: 'road_hardened_pct',
          period: '2024',
          value,
        })),
        { unitCode: 'C2', indicator: 'income_per_capita', period: '2024', value: '6' },
      ],
    });
    const issues = await open();
    const consistency = issues.find((i) => i.kind === 'consistency')!;
    expect(consistency).toMatchObject({ unit: 'C2', measure: 'income_per_capita' });
    expect(consistency.message.vi).toBe(
      'Có quy hoạch nhưng thu nhập dưới 10 triệu đồng — kiểm tra đơn vị tính',
    );
    const outliers = issues.filter((i) => i.kind === 'outlier').map((i) => i.unit);
    expect(outliers).toEqual(['C11']);
    // From the commune's own page its siblings still count.
    expect((await open('C11')).map((i) => i.kind)).toEqual(['outlier']);
  });
});
