import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.ts';
import { buildImprovementXlsx } from '../../src/excel/improvement.ts';
import { listClosestUnits } from '../../src/rankings/closest.ts';
import { rankImprovement } from '../../src/rankings/improvement.ts';
import { setValues } from '../../src/values/import.ts';
import { testDatabases } from '../support/databases.ts';
import { openTestDb, seedFixtures } from '../support/db.ts';

const actor = 'tester';

describe.each(testDatabases())('rankings on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'rankings');
    await seedFixtures(db);
    // 2025 (tree of 31/12/2025: Xã An Bình, Xã Cao, Xã Đông directly under the province).
    const v = (unitCode: string, indicator: string, value: string) => ({
      unitCode,
      indicator,
      period: '2025',
      value,
    });
    await setValues(db, {
      values: [
        v('C3', 'road_hardened_pct', '72'),
        v('C3', 'plan_approved', 'có'),
        v('C3', 'income_per_capita', '50'),
        v('C4', 'road_hardened_pct', '95'),
        v('C4', 'plan_approved', 'có'),
        v('C4', 'income_per_capita', '70'),
        v('C5', 'road_hardened_pct', '89,9'),
        v('C5', 'plan_approved', 'có'),
        v('C5', 'income_per_capita', '65'),
      ],
      actor,
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('the short list: units not meeting, fewest criteria short first, with what remains in words', async () => {
    const r = await listClosestUnits(db, {
      frameworkId: 'demo-xa-2024',
      period: '2024',
      unitCode: 'P1',
      actor,
    });
    expect(r).toMatchObject({ total: 4, met: 2, unit: { code: 'P1', name: 'Tỉnh Thử Nghiệm' } });
    expect(r.rule).toMatch(/số tiêu chí còn thiếu/);
    expect(r.units.map((u) => [u.rank, u.unit.code, u.criteria_short, u.indicators_short])).toEqual([
      [1, 'C2', 1, 1],
      [2, 'C4', 2, 2],
    ]);
    expect(r.units[0]!.shortfalls).toEqual([
      expect.objectContaining({ code: '1.1', gap: 4.5, gap_text: 'còn thiếu 4,5 điểm %' }),
    ]);
    // Closest first within a unit: the yes/no rule before the missing figure.
    expect(r.units[1]!.shortfalls.map((s) => [s.code, s.gap_text])).toEqual([
      ['1.2', 'cần: có'],
      ['2.1', 'chưa có số liệu'],
    ]);
    // 2025, on the merged tree: Xã An Bình is 0,1 point short.
    const y = await listClosestUnits(db, {
      frameworkId: 'demo-xa-2024',
      period: '2025',
      unitCode: 'P1',
      actor,
    });
    expect(y.units.map((u) => u.unit.code)).toEqual(['C5']);
    expect(y.units[0]!.shortfalls[0]!.gap_text).toBe('còn thiếu 0,1 điểm %');
  });

  it('ranks by criteria gained; a unit formed by the merger is not comparable and comes last', async () => {
    const r = await rankImprovement(db, {
      frameworkId: 'demo-xa-2024',
      unitCode: 'P1',
      from: '2024',
      to: '2025',
      actor,
    });
    expect(r.rule).toMatch(
      /^Xếp hạng theo số tiêu chí đạt thêm từ kỳ 2024 đến kỳ 2025; bằng nhau thì theo số chỉ tiêu đạt thêm/,
    );
    expect(
      r.rows.map((x) => [x.rank, x.unit.code, x.criteria_gained, x.indicators_gained, x.gap_closed]),
    ).toEqual([
      [1, 'C4', 2, 2, 2],
      [2, 'C3', 0, 0, 0],
      [null, 'C5', null, null, null],
    ]);
    expect(r.rows[0]).toMatchObject({
      status_from: 'not_met',
      status_to: 'met',
      criteria_from: 0,
      criteria_to: 2,
    });
    expect(r.rows[2]).toMatchObject({ status_from: null, status_to: 'not_met', criteria_to: 1 });
  });

  it('by level: criteria met in the last period; periods in the wrong order are refused', async () => {
    const r = await rankImprovement(db, {
      frameworkId: 'demo-xa-2024',
      unitCode: 'P1',
      from: '2024',
      to: '2025',
      order: 'level',
      actor,
    });
    expect(r.rule).toMatch(/số tiêu chí đạt ở kỳ cuối/);
    expect(r.rows.map((x) => x.unit.code)).toEqual(['C4', 'C3', 'C5']);
    await expect(
      rankImprovement(db, { frameworkId: 'demo-xa-2024', unitCode: 'P1', from: '2025', to: '2024', actor }),
    ).rejects.toMatchObject({ code: 'INVALID_PERIOD' });
  });

  it('exports the ranking to .xlsx with the rule in words', async () => {
    const buf = await buildImprovementXlsx(db, {
      frameworkId: 'demo-xa-2024',
      unitCode: 'P1',
      from: '2024',
      to: '2025',
      actor,
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Xếp hạng tiến bộ')!;
    const cells: string[] = [];
    sheet.eachRow((row) => {
      cells.push(
        (row.values as unknown[])
          .slice(1)
          .map((v) => (v === null || v === undefined ? '' : String(v)))
          .join('|'),
      );
    });
    expect(cells[0]).toBe('XẾP HẠNG THEO MỨC TIẾN BỘ — Bộ tiêu chí thử nghiệm cấp xã');
    expect(cells.some((c) => c.startsWith('Cách xếp hạng:|Xếp hạng theo số tiêu chí đạt thêm'))).toBe(true);
    expect(cells).toContain('1|C4|Xã Đông|Chưa đạt|Đạt|0/2|2/2|+2|+2|2|0|2');
    expect(cells).toContain('Không so sánh được|C5|Xã An Bình||Chưa đạt||1/2||||0.0011');
  });
});
