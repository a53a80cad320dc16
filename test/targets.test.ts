import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, systemActor, systemActorNamed } from '../src/access/index.ts';
import type { Db } from '../src/db/database.ts';
import { AppError } from '../src/errors.ts';
import { reportActuals } from '../src/targets/actuals.ts';
import { readAllocation, setTargets } from '../src/targets/assign.ts';
import { exportTargetWorkbook, importTargetWorkbook } from '../src/targets/excel.ts';
import { answerExplanation, askExplanation } from '../src/targets/explanations.ts';
import {
  addIndicator,
  createPlan,
  removeIndicator,
  updateSettings,
  upsertDepartment,
} from '../src/targets/plans.ts';
import { readProgress } from '../src/targets/progress.ts';
import type { IndicatorInput } from '../src/targets/schema.ts';
import { setValues } from '../src/values/import.ts';
import { testDatabases } from './support/databases.ts';
import { openTestDb, seedFixtures } from './support/db.ts';

/**
 * Units of test/fixtures/units-small.csv: on 2025-01-01 P1 → D1 (C1, C2, C3, T1, C5), D2 (C4);
 * on 2026-01-01 P1 → C3, C4, C5 (districts gone).
 */
const system: Actor = { userId: null, username: 'planner', grants: [] };
const as = (role: Actor['grants'][number]['role'], unitCode: string): Actor => ({
  userId: 9,
  username: `${role}@${unitCode}`,
  grants: [{ role, unitCode }],
});

const indicators: IndicatorInput[] = [
  {
    code: 'REV',
    name: 'Thu ngân sách',
    unit: 'tỷ đồng',
    direction: 'higher',
    aggregation: 'sum',
    frequency: 'month',
  },
  {
    code: 'BHYT',
    name: 'Tỷ lệ bao phủ BHYT',
    unit: '%',
    direction: 'higher',
    aggregation: 'rate',
    frequency: 'quarter',
  },
  {
    code: 'POOR',
    name: 'Tỷ lệ hộ nghèo',
    unit: '%',
    direction: 'lower',
    aggregation: 'rate',
    frequency: 'month',
  },
];

async function expectError(p: Promise<unknown>, code: string): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}

/** Every table a target change could touch, to prove that a refused one changed nothing. */
async function targetSnapshot(db: Db): Promise<string> {
  const parts: string[] = [];
  for (const t of [
    'target_plans',
    'target_indicators',
    'target_assignments',
    'target_explanations',
    'target_departments',
    'value_current',
  ])
    parts.push(JSON.stringify(await db.query(`SELECT * FROM ${t} ORDER BY 1, 2, 3`)));
  const n = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM value_changes');
  const e = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events');
  return `${parts.join('\n')}\n${n[0]!.n}/${e[0]!.n}`;
}

const months = (year: number, list: number[]) =>
  list.map((value, i) => ({ period: `${year}-${String(i + 1).padStart(2, '0')}`, value }));

describe.each(testDatabases())('targets on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'targets');
    await seedFixtures(db);
  });
  afterAll(async () => {
    await db.close();
  });

  it('builds last year’s plan from scratch and this year’s from it, with a removal and an addition', async () => {
    const p2025 = await createPlan(db, system, { year: 2025, rootCode: 'P1', add: indicators });
    expect(p2025.indicators.map((i) => i.code)).toEqual(['REV', 'BHYT', 'POOR']);
    expect(p2025.indicators[1]!.weightMeasure).toBe('population');
    expect(p2025.indicators[0]!.measureId).toBe('ktxh.REV');
    expect(p2025.settings).toEqual({
      onTrackRatio: 1,
      atRiskRatio: 0.9,
      dueDays: 10,
      cutoffDaysBeforeEnd: 0,
    });
    const p2026 = await createPlan(db, system, {
      year: 2026,
      fromYear: 2025,
      remove: ['POOR'],
      add: [
        {
          code: 'CPI',
          name: 'Chỉ số giá',
          unit: '%',
          direction: 'lower',
          aggregation: 'last',
          frequency: 'month',
        },
      ],
    });
    expect(p2026.rootCode).toBe('P1');
    expect(p2026.basedOn).toBe(2025);
    expect(p2026.indicators.map((i) => `${i.position}:${i.code}`)).toEqual(['1:REV', '2:BHYT', '3:CPI']);
    const ev = await db.query<{ data: { removed: string[]; added: string[] } }>(
      "SELECT data FROM audit_events WHERE type = 'target.plan_created' ORDER BY id DESC LIMIT 1",
    );
    expect(ev[0]!.data.removed).toEqual(['POOR']);
    expect(ev[0]!.data.added).toEqual(['CPI']);
  });

  it('refuses a second plan for a year, a bad removal, and a planner without the role; nothing changes', async () => {
    const before = await targetSnapshot(db);
    await expectError(createPlan(db, system, { year: 2026, fromYear: 2025 }), 'TARGET_PLAN_ALREADY_EXISTS');
    const bad = await expectError(
      createPlan(db, system, { year: 2027, fromYear: 2026, remove: ['NOPE'] }),
      'INVALID_TARGET_PLAN',
    );
    expect(bad.details[0]).toMatchObject({ field: 'remove', value: 'NOPE' });
    await expectError(createPlan(db, as('leader', 'P1'), { year: 2027, fromYear: 2026 }), 'FORBIDDEN');
    expect(await targetSnapshot(db)).toBe(before);
  });

  it('departments are target holders outside the unit tree; a unit code cannot be reused', async () => {
    await upsertDepartment(db, system, { code: 'SO-TC', name: 'Sở Tài chính', unitCode: 'P1' });
    await expectError(
      upsertDepartment(db, system, { code: 'C3', name: 'X', unitCode: 'P1' }),
      'INVALID_DEPARTMENT',
    );
  });

  it('allocates to three units with one short and shows the gap, per aggregation', async () => {
    await setValues(db, {
      values: [
        { unitCode: 'C3', indicator: 'population', period: '2026', value: '1000' },
        { unitCode: 'C4', indicator: 'population', period: '2025', value: '2000' },
        { unitCode: 'C5', indicator: 'population', period: '2026', value: '1000' },
      ].map((v, i) => ({ ...v, line: i + 1 })),
      actor: systemActorNamed('tester'),
    }).catch(async (e) => {
      // The fixtures have no population measure: create it, then store.
      if (!(e instanceof AppError)) throw e;
      await db.query(
        "INSERT INTO measures (id, type, unit, name) VALUES ('population', 'number', 'người', 'Dân số')",
      );
      await setValues(db, {
        values: [
          { line: 1, unitCode: 'C3', indicator: 'population', period: '2026', value: '1000' },
          { line: 2, unitCode: 'C4', indicator: 'population', period: '2025', value: '2000' },
          { line: 3, unitCode: 'C5', indicator: 'population', period: '2026', value: '1000' },
        ],
        actor: systemActorNamed('tester'),
      });
    });
    const r = await setTargets(db, as('coordination_office', 'P1'), {
      year: 2026,
      targets: [
        { indicator: 'REV', holder: 'P1', target: 1000 },
        { indicator: 'REV', holder: 'C3', target: '400' },
        { indicator: 'REV', holder: 'C4', target: 300 },
        { indicator: 'REV', holder: 'C5', target: '250' },
        { indicator: 'REV', holder: 'SO-TC', target: 1000 },
        { indicator: 'BHYT', holder: 'P1', target: 92 },
        { indicator: 'BHYT', holder: 'C3', target: 95 },
        { indicator: 'BHYT', holder: 'C4', target: 90 },
        { indicator: 'BHYT', holder: 'C5', target: '92,0' },
      ],
    });
    expect(r.changed).toBe(9);
    const alloc = await readAllocation(db, 2026);
    const rev = alloc.find((a) => a.indicator === 'REV')!;
    expect(rev.parent).toBe('P1');
    expect(rev.children.map((c) => c.holder)).toEqual(['C3', 'C4', 'C5']); // the department is not summed
    expect(rev.unassignedChildren).toBe(0);
    expect(rev.check).toMatchObject({ combined: 950, ok: false, shortfall: 50 });
    const bhyt = alloc.find((a) => a.indicator === 'BHYT')!;
    // (95·1000 + 90·2000 + 92·1000) / 4000 = 91.75
    expect(bhyt.check.combined).toBe(91.75);
    expect(bhyt.check.ok).toBe(false);
    expect(bhyt.check.shortfall).toBeCloseTo(0.25, 10);
    const events = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_events WHERE type = 'target.assigned'",
    );
    expect(events[0]!.n).toBe(9);
  });

  it('refuses bad targets row by row and a leader assigning; nothing changes', async () => {
    const before = await targetSnapshot(db);
    const err = await expectError(
      setTargets(db, system, {
        year: 2026,
        targets: [
          { indicator: 'REV', holder: 'C3', target: 410 },
          { indicator: 'REV', holder: 'ZZ', target: 1 },
          { indicator: 'NOPE', holder: 'C3', target: 1 },
          { indicator: 'REV', holder: 'C4', target: 'nhiều' },
        ],
      }),
      'INVALID_TARGETS',
    );
    expect(err.details.map((d) => `${d.field}=${d.value}`)).toEqual([
      'holder=ZZ',
      'indicator=NOPE',
      'target=nhiều',
    ]);
    await expectError(
      setTargets(db, as('leader', 'P1'), {
        year: 2026,
        targets: [{ indicator: 'REV', holder: 'C3', target: 410 }],
      }),
      'FORBIDDEN',
    );
    expect(await targetSnapshot(db)).toBe(before);
  });

  it('actuals go to the values store; projections with and without history; statuses; late reports', async () => {
    // Last year: C4 was given REV; its monthly figures make the history (Jan–Mar = 60 of 380).
    await setTargets(db, system, { year: 2025, targets: [{ indicator: 'REV', holder: 'C4', target: 350 }] });
    await reportActuals(db, system, {
      year: 2025,
      values: months(2025, [20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 160]).map((m) => ({
        ...m,
        indicator: 'REV',
        holder: 'C4',
      })),
    });
    const officer = as('commune_officer', 'C3');
    await reportActuals(db, officer, {
      year: 2026,
      values: months(2026, [30, 30, 30]).map((m) => ({ ...m, indicator: 'REV', holder: 'C3' })),
    });
    await reportActuals(db, system, {
      year: 2026,
      values: [
        ...months(2026, [25, 25, 25]).map((m) => ({ ...m, indicator: 'REV', holder: 'C4' })),
        ...months(2026, [15, 15]).map((m) => ({ ...m, indicator: 'REV', holder: 'C5' })),
      ],
    });
    const stored = await db.query<{ num: number; source: string }>(
      "SELECT num, source FROM value_current WHERE unit_code = 'C3' AND measure_id = 'ktxh.REV' AND period = '2026-02'",
    );
    expect(stored).toEqual([{ num: 30, source: 'typed' }]);
    // When each figure came in decides lateness (due 10 days after the month).
    for (const table of ['value_current', 'value_history'])
      await db.query(
        `UPDATE ${table} SET changed_at = CASE period WHEN '2026-01' THEN '2026-02-05T03:00:00Z'::timestamptz
           WHEN '2026-02' THEN '2026-03-20T03:00:00Z'::timestamptz ELSE '2026-04-08T03:00:00Z'::timestamptz END
         WHERE measure_id = 'ktxh.REV' AND period LIKE '2026-%'`,
      );
    const p = await readProgress(db, { actor: systemActor, year: 2026, today: '2026-04-15' });
    const cell = (h: string, i = 'REV') => p.cells.find((c) => c.holder === h && c.indicator === i)!;
    // C3: 90 in 3 months, no history → linear 360 = 90 % of 400 → at risk (the boundary).
    expect(cell('C3')).toMatchObject({
      actualToDate: 90,
      percentOfTarget: 22.5,
      projection: 360,
      projectionMethod: 'linear',
      status: 'at_risk',
    });
    expect(cell('C3').statusRule.vi).toContain('90%');
    // C4: 75 ÷ (60 / 380) = 475 ≥ 300 → on track, from last year's share.
    expect(cell('C4').projectionMethod).toBe('history');
    expect(cell('C4').projection).toBeCloseTo(475, 9);
    expect(cell('C4').status).toBe('on_track');
    // C5: 30 in 2 months → 180 = 72 % of 250 → off track; March missing 5 days after 10/4.
    expect(cell('C5')).toMatchObject({ projection: 180, status: 'off_track', missing: 1, late: 1 });
    expect(cell('C5').reports.map((r) => `${r.period}:${r.state}:${r.daysLate}`)).toEqual([
      '2026-01:on_time:0',
      '2026-02:late:10',
      '2026-03:missing:5',
    ]);
    expect(cell('C3').late).toBe(1);
    // BHYT: nothing reported yet; Q1 is missing after 10/4.
    expect(cell('C3', 'BHYT')).toMatchObject({ status: 'no_data', missing: 1 });
    // The department holds a target and shows as no data.
    expect(cell('SO-TC').status).toBe('no_data');
  });

  it('refuses bad actuals (frequency, year, unassigned, not a number, no right); nothing changes', async () => {
    const before = await targetSnapshot(db);
    const err = await expectError(
      reportActuals(db, system, {
        year: 2026,
        values: [
          { indicator: 'BHYT', holder: 'C3', period: '2026-01', value: 90 },
          { indicator: 'REV', holder: 'C3', period: '2025-12', value: 1 },
          { indicator: 'CPI', holder: 'C3', period: '2026-01', value: 3 },
          { indicator: 'REV', holder: 'C4', period: '2026-04', value: 'x' },
        ],
      }),
      'INVALID_ACTUALS',
    );
    expect(err.details.map((d) => `${d.field}=${d.value}`)).toEqual([
      'period=2026-01',
      'period=2025-12',
      'holder=C3',
      'value=x',
    ]);
    await expectError(
      reportActuals(db, as('commune_officer', 'C3'), {
        year: 2026,
        values: [{ indicator: 'REV', holder: 'C4', period: '2026-04', value: 5 }],
      }),
      'FORBIDDEN',
    );
    expect(await targetSnapshot(db)).toBe(before);
  });

  it('thresholds are plan settings: changing them changes the status and its rule, audited', async () => {
    await expectError(
      updateSettings(db, as('leader', 'P1'), {
        year: 2026,
        settings: { onTrackRatio: 0.9, atRiskRatio: 0.8, dueDays: 10, cutoffDaysBeforeEnd: 0 },
      }),
      'FORBIDDEN',
    );
    await updateSettings(db, system, {
      year: 2026,
      settings: { onTrackRatio: 0.9, atRiskRatio: 0.8, dueDays: 10, cutoffDaysBeforeEnd: 0 },
    });
    const p = await readProgress(db, { actor: systemActor, year: 2026, holder: 'C3', today: '2026-04-15' });
    const rev = p.cells.find((c) => c.indicator === 'REV')!;
    expect(rev.status).toBe('on_track'); // 90 % now reaches "on track"
    expect(rev.statusRule.vi).toContain('đúng tiến độ ≥ 90%, có nguy cơ ≥ 80%');
    await updateSettings(db, system, {
      year: 2026,
      settings: { onTrackRatio: 1, atRiskRatio: 0.9, dueDays: 10, cutoffDaysBeforeEnd: 0 },
    });
    const ev = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_events WHERE type = 'target.settings_changed'",
    );
    expect(ev[0]!.n).toBe(2);
  });

  it('adds and removes an indicator of a plan; removal drops its targets, not the figures', async () => {
    const added = await addIndicator(db, system, {
      year: 2026,
      indicator: {
        code: 'TMP',
        name: 'Tạm',
        unit: 'người',
        direction: 'higher',
        aggregation: 'sum',
        frequency: 'quarter',
      },
    });
    expect(added.indicators.map((i) => i.code)).toEqual(['REV', 'BHYT', 'CPI', 'TMP']);
    await setTargets(db, system, { year: 2026, targets: [{ indicator: 'TMP', holder: 'C3', target: 5 }] });
    await reportActuals(db, system, {
      year: 2026,
      values: [{ indicator: 'TMP', holder: 'C3', period: '2026Q1', value: 2 }],
    });
    const removed = await removeIndicator(db, system, { year: 2026, code: 'TMP' });
    expect(removed.indicators.map((i) => i.code)).toEqual(['REV', 'BHYT', 'CPI']);
    expect(await db.query("SELECT 1 FROM target_assignments WHERE indicator_code = 'TMP'")).toEqual([]);
    expect(
      await db.query<{ num: number }>("SELECT num FROM value_current WHERE measure_id = 'ktxh.TMP'"),
    ).toEqual([{ num: 2 }]);
    await expectError(removeIndicator(db, system, { year: 2026, code: 'TMP' }), 'TARGET_INDICATOR_NOT_FOUND');
  });

  it('a leader asks for an explanation; only the unit answers, once', async () => {
    const leader = as('leader', 'P1');
    const e = await askExplanation(db, leader, {
      year: 2026,
      indicator: 'REV',
      holder: 'C5',
      question: 'Vì sao thu ngân sách chậm?',
    });
    expect(e.answer).toBeNull();
    await expectError(
      askExplanation(db, as('commune_officer', 'C5'), {
        year: 2026,
        indicator: 'REV',
        holder: 'C5',
        question: 'x',
      }),
      'FORBIDDEN',
    );
    await expectError(
      answerExplanation(db, as('commune_officer', 'C3'), { id: e.id, answer: 'x' }),
      'FORBIDDEN',
    );
    const a = await answerExplanation(db, as('commune_officer', 'C5'), {
      id: e.id,
      answer: 'Nguồn thu đất chậm.',
    });
    expect(a).toMatchObject({ answer: 'Nguồn thu đất chậm.', answeredBy: 'commune_officer@C5' });
    await expectError(
      answerExplanation(db, as('commune_officer', 'C5'), { id: e.id, answer: 'lần hai' }),
      'WORKFLOW_STEP_NOT_ALLOWED',
    );
    const p = await readProgress(db, { actor: systemActor, year: 2026, holder: 'C5', today: '2026-04-15' });
    expect(p.cells.find((c) => c.indicator === 'REV')!.explanations).toHaveLength(1);
  });

  it('exports one sheet per holder, rows = indicators; a re-import checks then commits a change', async () => {
    const data = await exportTargetWorkbook(db, { actor: systemActor, year: 2026, today: '2026-04-15' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'P1 Tỉnh Thử Nghiệm',
      'C3 Xã Cao',
      'C4 Xã Đông',
      'C5 Xã An Bình',
      'SO-TC Sở Tài chính',
    ]);
    const c3 = wb.getWorksheet('C3 Xã Cao')!;
    expect(c3.getCell('B2').value).toBe('C3');
    expect(c3.getRow(7).getCell(1).value).toBe('REV');
    expect(c3.getRow(7).getCell(5).value).toBe(400);
    expect(c3.getRow(7).getCell(8).value).toBe(30); // T3
    expect(c3.getRow(7).getCell(25).value).toBe('Có nguy cơ không đạt');
    // An official types April and raises BHYT's Q1 figure, then uploads.
    c3.getRow(7).getCell(9).value = 35;
    c3.getRow(8).getCell(18).value = '91,5';
    const edited = Buffer.from(await wb.xlsx.writeBuffer());
    const check = await importTargetWorkbook(db, system, {
      year: 2026,
      data: edited,
      fileName: 'c3.xlsx',
      commit: false,
    });
    expect(check).toMatchObject({
      sheets: 5,
      committed: false,
      targets: { changed: 0 },
      actuals: { changed: 2 },
    });
    const stillNone = await db.query(
      "SELECT 1 FROM value_current WHERE unit_code = 'C3' AND period = '2026-04'",
    );
    expect(stillNone).toEqual([]);
    const done = await importTargetWorkbook(db, as('commune_officer', 'C3'), {
      year: 2026,
      data: edited,
      fileName: 'c3.xlsx',
      commit: true,
    });
    expect(done.actuals.changed).toBe(2);
    const q1 = await db.query<{ num: number; source: string }>(
      "SELECT num, source FROM value_current WHERE unit_code = 'C3' AND measure_id = 'ktxh.BHYT' AND period = '2026Q1'",
    );
    expect(q1).toEqual([{ num: 91.5, source: 'import' }]);
  });

  it('a bad import changes nothing and names sheet, row and column', async () => {
    const data = await exportTargetWorkbook(db, { actor: systemActor, year: 2026, today: '2026-04-15' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as ArrayBuffer);
    const c4 = wb.getWorksheet('C4 Xã Đông')!;
    c4.getRow(7).getCell(10).value = 'nhiều'; // T5
    c4.getRow(7).getCell(5).value = 320; // a changed target, fine alone
    c4.getRow(8).getCell(6).value = 90; // BHYT is quarterly: T1 is wrong
    const bad = Buffer.from(await wb.xlsx.writeBuffer());
    const before = await targetSnapshot(db);
    const err = await expectError(
      importTargetWorkbook(db, system, { year: 2026, data: bad, fileName: 'bad.xlsx', commit: true }),
      'INVALID_TARGET_FILE',
    );
    expect(err.details).toEqual([
      expect.objectContaining({ line: 7, field: 'C4 Xã Đông!value', value: 'nhiều' }),
      expect.objectContaining({ line: 8, field: 'C4 Xã Đông!period', value: '2026-01' }),
    ]);
    await expectError(
      importTargetWorkbook(db, system, { year: 2025, data, fileName: 'wrong-year.xlsx', commit: true }),
      'INVALID_TARGET_FILE',
    );
    await expectError(
      importTargetWorkbook(db, system, {
        year: 2026,
        data: Buffer.from('not a zip'),
        fileName: 'x.xlsx',
        commit: true,
      }),
      'INVALID_TARGET_FILE',
    );
    // A commune officer may report figures but not change targets: the whole file is refused.
    c4.getRow(7).getCell(10).value = 30;
    c4.getRow(8).getCell(6).value = null;
    const targetChange = Buffer.from(await wb.xlsx.writeBuffer());
    await expectError(
      importTargetWorkbook(db, as('commune_officer', 'C4'), {
        year: 2026,
        data: targetChange,
        fileName: 'c4.xlsx',
        commit: true,
      }),
      'FORBIDDEN',
    );
    expect(await targetSnapshot(db)).toBe(before);
  });
});
