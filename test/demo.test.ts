import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/database.ts';
import { loadDemo } from '../src/demo/load-demo.ts';
import { readEvaluation } from '../src/evaluations/report.ts';
import { listFrameworks } from '../src/frameworks/store.ts';
import { listPlans } from '../src/targets/plans.ts';
import { readProgress } from '../src/targets/progress.ts';
import { testDatabases } from './support/databases.ts';
import { openTestDb } from './support/db.ts';

const NTM = 'vn-qd318-xa-ntm-2021-2025';

describe.each(testDatabases())('Hanoi demo on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'demo');
    await loadDemo(db, { actor: 'demo' });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('ships the official frameworks', async () => {
    const ids = (await listFrameworks(db)).map((f) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        NTM,
        'vn-qd318-xa-ntm-nang-cao-2021-2025',
        'vn-qd319-xa-ntm-kieu-mau-2021-2025',
        'vn-qd320-huyen-ntm-2021-2025',
        'vn-qd51-xa-ntm-2026-2030',
        'vn-qd04-2022-dtvm-phuong-thi-tran',
        'vn-nq1211-27-2022-tieu-chuan-phuong',
        'vn-nq1211-27-2022-tieu-chuan-quan',
        'vn-nq112-2025-tieu-chuan-phuong',
      ]),
    );
  });

  it('adds a clearly named demonstration framework whose thresholds are all set', async () => {
    const demo = (await listFrameworks(db)).find((f) => f.id === 'demo-xa-2024');
    expect(demo?.name).toMatch(/thử nghiệm/);
    const r = await readEvaluation(db, { frameworkId: 'demo-xa-2024', period: '2024', unitCode: '018' });
    const counts = r.results[0]!.children!;
    expect(counts.total).toBe(20);
    expect(counts.rule_missing).toBe(0);
    expect(counts.met).toBeGreaterThan(0);
    expect(counts.met).toBeLessThan(20);
  });

  it('evaluates Gia Lâm and its communes in 2024 under the old tree', async () => {
    const r = await readEvaluation(db, { frameworkId: NTM, period: '2024', unitCode: '018' });
    const [district, ...children] = r.results;
    expect(district!.unit).toMatchObject({ code: '018', name: 'Huyện Gia Lâm', kind: 'district' });
    expect(children).toHaveLength(22);
    expect(children.filter((c) => c.unit.kind === 'commune')).toHaveLength(20);
    expect(
      children.filter((c) => c.unit.kind === 'township').every((c) => c.status === 'not_applicable'),
    ).toBe(true);
    expect(district!.children?.total).toBe(20);
    const commune = children.find((c) => c.unit.kind === 'commune')!;
    expect(commune.total_criteria).toBe(19);
    // Thresholds missing from the official text are never guessed.
    const road = commune.criteria.find((c) => c.no === '2')!.indicators.find((i) => i.code === '2.1')!;
    expect(road.status).toBe('rule_missing');
    expect(road.threshold).toBe('');
    const values = await db.query<{ source: string; note: string }>(
      "SELECT DISTINCT source, note FROM value_current WHERE unit_code = $1 AND period = '2024'",
      [commune.unit.code],
    );
    expect(values).toEqual([
      { source: 'demo', note: 'Số liệu minh họa (demo), không phải số liệu chính thức' },
    ]);
  });

  it('uses the two-tier tree after 1 July 2025', async () => {
    const r = await readEvaluation(db, { frameworkId: NTM, period: '2025', unitCode: '01' });
    const kinds = new Set(r.results.slice(1).map((x) => x.unit.kind));
    expect(r.results).toHaveLength(1 + 126);
    expect([...kinds].sort()).toEqual(['commune', 'ward']);
    expect(r.results[0]!.children?.total).toBe(75);
  });
  it('adds demo target plans ("minh họa") for 2025 and 2026, with one ward at risk and one off track', async () => {
    const plans = await listPlans(db);
    expect(plans.map((p) => [p.year, p.demo, p.name.includes('minh họa')])).toEqual([
      [2026, true, true],
      [2025, true, true],
    ]);
    const p = await readProgress(db, { year: 2026, today: '2026-11-23' });
    const rev = (h: string) => p.cells.find((c) => c.holder === h && c.indicator === 'KT.7')!;
    expect(rev('01').projectionMethod).toBe('history');
    expect(rev('00008').status).toBe('off_track');
    expect(rev('00070')).toMatchObject({ status: 'at_risk', late: 1, missing: 1 });
  });
});
