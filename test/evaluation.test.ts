import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, systemActorNamed } from '../src/access/index.ts';
import type { Db } from '../src/db/database.ts';
import { readEvaluation, type UnitResultJson } from '../src/evaluations/report.ts';
import { importFramework } from '../src/frameworks/import.ts';
import { render } from '../src/text.ts';
import { importUnits } from '../src/units/import.ts';
import { importValues, setValues } from '../src/values/import.ts';
import { testDatabases } from './support/databases.ts';
import { fixtures, openTestDb, seedFixtures, snapshot } from './support/db.ts';

const actor = systemActorNamed('tester');
const tmp = mkdtempSync(join(tmpdir(), 'tieuchi-eval-'));
function csvFile(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

const byCode = (results: UnitResultJson[], code: string) => {
  const r = results.find((x) => x.unit.code === code);
  if (!r) throw new Error(`no result for ${code}`);
  return r;
};

describe.each(testDatabases())('criteria engine on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'eval');
    await seedFixtures(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('evaluates communes with thresholds, by_group and CEL, in the JSON contract', async () => {
    const r = await readEvaluation(db, {
      actor: systemActor,
      frameworkId: 'demo-xa-2024',
      period: '2024',
      unitCode: 'D1',
    });
    expect(r.framework).toMatchObject({ id: 'demo-xa-2024', version: 1 });
    expect(r.period).toBe('2024');
    expect(r.results.map((x) => x.unit.code)).toEqual(['D1', 'C1', 'C2', 'C3', 'T1']);
    const c1 = byCode(r.results, 'C1');
    expect(c1).toMatchObject({
      unit: { code: 'C1', name: 'Xã An', kind: 'commune' },
      status: 'met',
      met_criteria: 2,
      total_criteria: 2,
    });
    expect(c1.criteria[0]).toMatchObject({ no: '1', status: 'met' });
    expect(c1.criteria[0]!.indicators[0]).toMatchObject({
      code: '1.1',
      value: 92,
      status: 'met',
      reason: '92% ≥ 90%',
    });
    expect(c1.criteria[1]!.indicators[0]).toMatchObject({ code: '2.1', value: 75.8, status: 'met' });
    const c2 = byCode(r.results, 'C2');
    expect(c2).toMatchObject({ status: 'not_met', met_criteria: 1, total_criteria: 2 });
    expect(c2.criteria[0]!.indicators[0]).toMatchObject({
      value: 85.5,
      status: 'not_met',
      reason: '85,5% < 90%',
      gap: 4.5,
      gap_text: 'còn thiếu 4,5 điểm %',
    });
    expect(c1.criteria[0]!.indicators[0]).not.toHaveProperty('gap');
    // group 3 uses the lower threshold; region MN passes the CEL rule at 50.
    const c3 = byCode(r.results, 'C3');
    expect(c3.status).toBe('met');
    expect(c3.criteria[0]!.indicators[0]).toMatchObject({ threshold: '≥ 70%', status: 'met' });
    expect(byCode(r.results, 'T1').status).toBe('not_applicable');
    expect(byCode(r.results, 'D1')).toMatchObject({
      status: 'not_applicable',
      children: { total: 3, met: 2, not_met: 1, no_data: 0 },
    });
  });

  it('reports no_data and parents count their subtree', async () => {
    const r = await readEvaluation(db, {
      actor: systemActor,
      frameworkId: 'demo-xa-2024',
      period: '2024',
      unitCode: 'P1',
    });
    const c4 = (
      await readEvaluation(db, {
        actor: systemActor,
        frameworkId: 'demo-xa-2024',
        period: '2024',
        unitCode: 'C4',
      })
    ).results[0]!;
    expect(c4.status).toBe('not_met');
    expect(c4.criteria[1]!.status).toBe('no_data');
    expect(byCode(r.results, 'P1').children).toMatchObject({ total: 4, met: 2, not_met: 2 });
    expect(byCode(r.results, 'D2').children).toMatchObject({ total: 1, met: 0 });
  });

  it('derives a district indicator from the share of its communes that meet', async () => {
    const r = await readEvaluation(db, {
      actor: systemActor,
      frameworkId: 'demo-huyen-2024',
      period: '2024',
      unitCode: 'P1',
    });
    const d1 = byCode(r.results, 'D1');
    expect(d1.status).toBe('met');
    expect(d1.criteria[0]!.indicators[0]!.value).toBeCloseTo(66.67, 1);
    expect(byCode(r.results, 'D2')).toMatchObject({ status: 'not_met' });
    expect(byCode(r.results, 'P1').children).toMatchObject({ total: 2, met: 1, not_met: 1 });
  });

  it('live: one changed value updates the unit, its ancestors and the dependent framework', async () => {
    await setValues(db, {
      values: [{ unitCode: 'C1', indicator: 'plan_approved', period: '2024', value: 'không' }],
      actor,
    });
    const communes = await readEvaluation(db, {
      actor: systemActor,
      frameworkId: 'demo-xa-2024',
      period: '2024',
      unitCode: 'D1',
    });
    expect(byCode(communes.results, 'C1').status).toBe('not_met');
    expect(byCode(communes.results, 'D1').children).toMatchObject({ total: 3, met: 1, not_met: 2 });
    const districts = await readEvaluation(db, {
      actor: systemActor,
      frameworkId: 'demo-huyen-2024',
      period: '2024',
      unitCode: 'P1',
    });
    expect(byCode(districts.results, 'D1').status).toBe('not_met');
    expect(byCode(districts.results, 'P1').children).toMatchObject({ total: 2, met: 0, not_met: 2 });
    // The stored run was patched, not recomputed: it is still fresh.
    const runs = await db.query<{ stale: boolean }>(
      "SELECT stale FROM evaluation_runs WHERE framework_id = 'demo-xa-2024' AND period = '2024'",
    );
    expect(runs).toEqual([{ stale: false }]);
    // Putting it back restores every level, and the history keeps both changes.
    await setValues(db, {
      values: [{ unitCode: 'C1', indicator: 'demo-xa-2024:1.2', period: '2024', value: 'có' }],
      actor,
    });
    const again = await readEvaluation(db, {
      actor: systemActor,
      frameworkId: 'demo-huyen-2024',
      period: '2024',
      unitCode: 'P1',
    });
    expect(byCode(again.results, 'D1').status).toBe('met');
    const history = await db.query<{ num: number; actor: string; source: string }>(
      "SELECT num, actor, source FROM value_changes WHERE unit_code = 'C1' AND measure_id = 'plan_approved' ORDER BY in_force, id",
    );
    expect(history.map((h) => h.num)).toEqual([1, 0, 1]);
    expect(history[1]).toMatchObject({ actor: actor.username, source: 'typed' });
  });

  it('live results equal a full recomputation', async () => {
    await setValues(db, {
      values: [
        { unitCode: 'C2', indicator: 'road_hardened_pct', period: '2024', value: '91' },
        { unitCode: 'C4', indicator: 'income_per_capita', period: '2024', value: '70' },
      ],
      actor,
    });
    const live = await db.query(
      'SELECT * FROM evaluation_results WHERE period = $1 ORDER BY framework_id, unit_code',
      ['2024'],
    );
    await db.exec('UPDATE evaluation_runs SET stale = true');
    await readEvaluation(db, { actor: systemActor, frameworkId: 'demo-huyen-2024', period: '2024' });
    const full = await db.query(
      'SELECT * FROM evaluation_results WHERE period = $1 ORDER BY framework_id, unit_code',
      ['2024'],
    );
    expect(live).toEqual(full);
  });

  it('uses the tree valid in each period: a merged commune under the right parent', async () => {
    await importValues(db, {
      path: csvFile(
        'v2025.csv',
        'unit_code,indicator,period,value,note\nC5,road_hardened_pct,2025,95,\nC5,plan_approved,2025,có,\nC5,income_per_capita,2025,80,\nC5,road_hardened_pct,2025Q1,95,\nC5,plan_approved,2025Q1,có,\nC5,income_per_capita,2025Q1,80,\n',
      ),
      actor,
    });
    const q1 = await readEvaluation(db, {
      actor: systemActor,
      frameworkId: 'demo-xa-2024',
      period: '2025Q1',
      unitCode: 'D1',
    });
    expect(q1.tree_date).toBe('2025-03-31');
    expect(q1.results.map((x) => x.unit.code)).toEqual(['D1', 'C3', 'C5', 'T1']);
    expect(byCode(q1.results, 'C5')).toMatchObject({ status: 'met', unit: { parent_code: 'D1' } });
    const y = await readEvaluation(db, {
      actor: systemActor,
      frameworkId: 'demo-xa-2024',
      period: '2025',
      unitCode: 'P1',
    });
    expect(y.results.map((x) => x.unit.code)).toEqual(['P1', 'C3', 'C4', 'C5']);
    expect(byCode(y.results, 'C5').unit.parent_code).toBe('P1');
    await expect(
      readEvaluation(db, { actor: systemActor, frameworkId: 'demo-xa-2024', period: '2025', unitCode: 'D1' }),
    ).rejects.toMatchObject({
      code: 'UNIT_NOT_IN_PERIOD',
    });
    await expect(
      readEvaluation(db, { actor: systemActor, frameworkId: 'demo-xa-2024', period: '2024', unitCode: 'C5' }),
    ).rejects.toMatchObject({
      code: 'UNIT_NOT_IN_PERIOD',
    });
  });

  it('refuses a bad values file entirely and lists every bad row', async () => {
    const before = await snapshot(db);
    const file = csvFile(
      'bad-values.csv',
      [
        'unit_code,indicator,period,value,note',
        'C1,road_hardened_pct,2024,50,this row is fine',
        'XX9,road_hardened_pct,2024,50,',
        'C1,no_such_measure,2024,1,',
        'C1,road_hardened_pct,2024Q5,50,',
        'C2,road_hardened_pct,2024,150,',
        'C2,plan_approved,2024,maybe,',
        'C5,plan_approved,2024,có,',
        'C1,road_hardened_pct,2024,60,',
        'C3,demo-huyen-2024:1.1,2024,50,',
      ].join('\n'),
    );
    const err = await importValues(db, { path: file, actor }).catch((e) => e);
    expect(err.code).toBe('INVALID_ROWS');
    const lines = err.details.map((d: { line: number; field: string }) => `${d.line}:${d.field}`);
    expect(lines).toEqual([
      '3:unit_code',
      '4:indicator',
      '5:period',
      '6:value',
      '7:value',
      '8:unit_code',
      '9:indicator',
      '10:indicator',
    ]);
    expect(render(err.details[3].message, 'vi')).toMatch(/0–100/);
    expect(render(err.details[5].message, 'vi')).toMatch(/không tồn tại trong kỳ 2024/);
    expect(render(err.details[6].message, 'vi')).toMatch(/trùng với dòng 2/);
    expect(await snapshot(db)).toBe(before);
  });

  it('refuses a bad units file entirely', async () => {
    const before = await snapshot(db);
    const file = csvFile(
      'bad-units.csv',
      [
        'code,name,kind,parent_code,valid_from,valid_to,successors',
        'C9,Xã Chín,commune,D1,,,',
        'C10,Xã Mười,hamlet,D1,,,',
        'C11,,commune,D1,,,',
        'C12,Xã Mười Hai,commune,NOPE,,,',
        'C13,Xã Mười Ba,commune,D1,2025-13-01,,',
        'C14,Xã Mười Bốn,commune,D1,2025-01-01,2024-01-01,',
        'C15,Xã Mười Lăm,commune,D1,,,ZZZ',
      ].join('\n'),
    );
    const err = await importUnits(db, { path: file, actor }).catch((e) => e);
    expect(err.code).toBe('INVALID_ROWS');
    const fields = err.details.map((d: { line: number; field: string }) => `${d.line}:${d.field}`);
    expect(fields).toEqual(expect.arrayContaining(['3:kind', '4:name', '6:valid_from', '7:valid_to']));
    expect(await snapshot(db)).toBe(before);
    const refs = csvFile(
      'bad-refs.csv',
      [
        'code,name,kind,parent_code,valid_from,valid_to,successors',
        'C12,Xã,commune,NOPE,,,',
        'C15,Xã,commune,D1,,,ZZZ',
        'C16,Xã,commune,D1,,2024-12-31,',
        'C16,Xã,commune,D1,2024-06-01,,',
      ].join('\n'),
    );
    const err2 = await importUnits(db, { path: refs, actor }).catch((e) => e);
    expect(err2.details.map((d: { line: number; field: string }) => `${d.line}:${d.field}`)).toEqual([
      '2:parent_code',
      '3:successors',
      '5:valid_from',
    ]);
    expect(await snapshot(db)).toBe(before);
  });

  it('reads a units file under Vietnamese headers, and names a missing or bad column as the file does', async () => {
    const before = await snapshot(db);
    // The fixture's province again, under the headers officials write (tone marks and case free):
    // the same interval with the same attribute, so nothing changes.
    const same = csvFile(
      'units-vi.csv',
      [
        'Mã đơn vị,TEN DON VI,Loại đơn vị,Mã cấp trên,Hiệu lực từ,Hiệu lực đến,Đơn vị kế thừa,region',
        'P1,Tỉnh Thử Nghiệm,province,,,,,DBSH',
      ].join('\n'),
    );
    expect(await importUnits(db, { path: same, actor })).toMatchObject({ rows: 1, unchanged: 1, changed: 0 });
    expect(await snapshot(db)).toBe(before);
    const missing = csvFile(
      'units-vi-missing.csv',
      [
        'Mã đơn vị,Tên đơn vị,Loại đơn vị,Hiệu lực từ,Hiệu lực đến,Đơn vị kế thừa',
        'C9,Xã Chín,commune,,,',
      ].join('\n'),
    );
    const err = await importUnits(db, { path: missing, actor }).catch((e) => e);
    expect(err.code).toBe('FILE_FORMAT');
    expect(render(err.text, 'vi')).toMatch(
      /^Thiếu cột: "Mã đơn vị cấp trên"\. Tệp cần các cột: Mã đơn vị, Tên đơn vị/,
    );
    const bad = csvFile(
      'units-vi-bad.csv',
      [
        'Mã đơn vị,Tên đơn vị,Loại đơn vị,Mã cấp trên,Hiệu lực từ,Hiệu lực đến,Đơn vị kế thừa',
        'C9,Xã Chín,hamlet,D1,,,',
        'C10,Xã Mười,commune,NOPE,,,',
      ].join('\n'),
    );
    const err2 = await importUnits(db, { path: bad, actor }).catch((e) => e);
    expect(err2.code).toBe('INVALID_ROWS');
    expect(err2.details.map((d: { line: number; field: string }) => `${d.line}:${d.field}`)).toEqual([
      '2:Loại đơn vị',
      '3:Mã cấp trên',
    ]);
    expect(await snapshot(db)).toBe(before);
  });

  it('reads the same tables from .xlsx, with the Excel row numbers in errors', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Số liệu');
    ws.addRow(['unit_code', 'indicator', 'period', 'value', 'note']);
    ws.addRow(['C4', 'income_per_capita', '2024Q2', 65.5, 'từ Excel']);
    ws.addRow(['C4', 'plan_approved', '2024Q2', 'có', '']);
    const file = join(tmp, 'values.xlsx');
    await wb.xlsx.writeFile(file);
    const ok = await importValues(db, { path: file, actor });
    expect(ok).toMatchObject({ rows: 2, changed: 2 });
    const stored = await db.query<{ num: number; note: string }>(
      "SELECT num, note FROM value_current WHERE unit_code = 'C4' AND period = '2024Q2' ORDER BY measure_id",
    );
    expect(stored).toEqual([
      { num: 65.5, note: 'từ Excel' },
      { num: 1, note: null },
    ]);
    ws.addRow(['C4', 'road_hardened_pct', '2024Q2', 'nhiều', '']);
    await wb.xlsx.writeFile(file);
    const before = await snapshot(db);
    const err = await importValues(db, { path: file, actor }).catch((e) => e);
    expect(err.details).toEqual([expect.objectContaining({ line: 4, field: 'value', value: 'nhiều' })]);
    expect(await snapshot(db)).toBe(before);
  });

  it('re-importing the same files changes nothing', async () => {
    const before = await snapshot(db);
    const u = await importUnits(db, { path: join(fixtures, 'units-small.csv'), actor });
    expect(u).toMatchObject({ added: 0, changed: 0, removed: 0 });
    const f = await importFramework(db, { path: join(fixtures, 'demo-xa-2024.yaml'), actor });
    expect(f.outcome).toBe('unchanged');
    expect(await snapshot(db)).toBe(before);
  });
});
