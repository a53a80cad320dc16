/**
 * QĐ 320/QĐ-TTg Phụ lục I, district NTM conditions added from the legal check (issue 13):
 * ≥ 10% of communes NTM nâng cao (ĐK3), every thị trấn civilised-urban (ĐK4, not applicable
 * without a thị trấn), and ≥ 80% satisfaction in each commune (ĐK5), on the real YAML file.
 * The commune and township sets it reads are small stand-ins with the official ids, so that
 * which units meet them is known.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, systemActorNamed } from '../src/access/index.ts';
import type { Db } from '../src/db/database.ts';
import { readEvaluation } from '../src/evaluations/report.ts';
import { importFramework } from '../src/frameworks/import.ts';
import { setValues } from '../src/values/import.ts';
import { testDatabases } from './support/databases.ts';
import { openTestDb, seedFixtures } from './support/db.ts';

const actor = systemActorNamed('tester');
const frameworks = join(import.meta.dirname, '..', 'frameworks');

const standIn = (id: string, kinds: string, measure: string, rule: string) => `
id: ${id}
version: 1
name: Bộ thay thế để thử (${id})
legal_basis: [{number: "thử nghiệm"}]
applies_to: [${kinds}]
valid: {from: 2021-01-01, to: 2030-12-31}
criteria:
  - no: 1
    name: Một tiêu chí
    indicators:
      - code: "1.1"
        name: Chỉ tiêu thử
        measure: ${measure}
        type: ${measure === 'plan_approved' ? 'boolean' : 'percent'}
        rule: ${rule}
`;

describe.each(testDatabases())('QĐ 320 district conditions on $name', (target) => {
  let db: Db;
  const conditions = async (unit: string) => {
    const r = await readEvaluation(db, {
      actor: systemActor,
      frameworkId: 'vn-qd320-huyen-ntm-2021-2025',
      period: '2024',
      unitCode: unit,
    });
    const self = r.results.find((x) => x.unit.code === unit)!;
    return new Map((self.conditions ?? []).map((c) => [c.code, c]));
  };

  beforeAll(async () => {
    db = await openTestDb(target, 'qd320');
    // D1: communes C1 (92%), C2 (85.5%), C3 (72%) and township T1; D2: commune C4 (95%), no township.
    await seedFixtures(db);
    await importFramework(db, {
      text: standIn('vn-qd318-xa-ntm-nang-cao-2021-2025', 'commune', 'road_hardened_pct', '{">=": 90}'),
      fileName: 'nang-cao.yaml',
      actor,
    });
    await importFramework(db, {
      text: standIn('vn-qd04-2022-dtvm-phuong-thi-tran', 'ward, township', 'plan_approved', '{"==": true}'),
      fileName: 'dtvm.yaml',
      actor,
    });
    await importFramework(db, { path: join(frameworks, 'vn-qd320-huyen-ntm-2021-2025.v1.yaml'), actor });
    await setValues(db, {
      actor,
      values: [
        { unitCode: 'T1', indicator: 'plan_approved', period: '2024', value: 'không' },
        { unitCode: 'D1', indicator: 'ntm_min_commune_approval_pct', period: '2024', value: '79,5' },
        { unitCode: 'D2', indicator: 'ntm_min_commune_approval_pct', period: '2024', value: '80' },
      ],
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('ĐK3: at least 10% of the communes meet NTM nâng cao', async () => {
    const d1 = (await conditions('D1')).get('ĐK3')!;
    expect(d1.value).toBeCloseTo(100 / 3, 5); // C1 of C1, C2, C3
    expect(d1.status).toBe('met');
    await setValues(db, {
      actor,
      values: [{ unitCode: 'C1', indicator: 'road_hardened_pct', period: '2024', value: '89' }],
    });
    const after = (await conditions('D1')).get('ĐK3')!;
    expect(after).toMatchObject({ value: 0, status: 'not_met' });
    expect(after.reason).toMatch(/0% < 10%/);
  });

  it('ĐK4: every thị trấn meets the civilised-urban standard; no thị trấn, not applicable', async () => {
    expect((await conditions('D1')).get('ĐK4')).toMatchObject({ value: 0, status: 'not_met' });
    expect((await conditions('D2')).get('ĐK4')).toMatchObject({ value: null, status: 'not_applicable' });
    await setValues(db, {
      actor,
      values: [{ unitCode: 'T1', indicator: 'plan_approved', period: '2024', value: 'có' }],
    });
    expect((await conditions('D1')).get('ĐK4')).toMatchObject({ value: 100, status: 'met' });
  });

  it('ĐK5: the lowest commune satisfaction is at least 80%', async () => {
    const d1 = (await conditions('D1')).get('ĐK5')!;
    expect(d1).toMatchObject({ value: 79.5, status: 'not_met' });
    expect((await conditions('D2')).get('ĐK5')).toMatchObject({ value: 80, status: 'met' });
  });

  it('the sourced conditions hold the district back: D2 meets ĐK3–ĐK5 but not ĐK2 without its figure', async () => {
    const d2 = await conditions('D2');
    expect(d2.get('ĐK3')?.status).toBe('met'); // C4: 95% ≥ 90%
    expect(d2.get('ĐK2')?.status).toBe('no_data');
    expect([...d2.keys()]).toEqual(['ĐK1', 'ĐK2', 'ĐK3', 'ĐK4', 'ĐK5']);
  });
});
