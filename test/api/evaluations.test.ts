import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/access/index.ts';
import { readEvaluation } from '../../src/evaluations/report.ts';
import { startTestApi, type TestApi } from '../support/api.ts';
import { testDatabases } from '../support/databases.ts';

const matrix = (q: string) => `/api/evaluations/matrix?${q}`;
const rowsOf = (body: { rows: Array<{ unit: { code: string }; status: string; criteria: string[] }> }) =>
  body.rows.map((r) => [r.unit.code, r.status, r.criteria.join(',')]);

describe.each(testDatabases())('evaluations API on $name', (target) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(target, { prefix: 'api_eval' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers with the JSON contract of the CLI evaluate command', async () => {
    const r = await api.get('/api/evaluations?framework=demo-xa-2024&period=2024&unit=D1');
    expect(r.status).toBe(200);
    expect(r.body).toEqual(
      await readEvaluation(api.db, {
        actor: systemActor,
        frameworkId: 'demo-xa-2024',
        period: '2024',
        unitCode: 'D1',
      }),
    );
    expect(r.body.results.map((x: { unit: { code: string } }) => x.unit.code)).toEqual([
      'D1',
      'C1',
      'C2',
      'C3',
      'T1',
    ]);
    expect(r.body.results[2].criteria[0].indicators[0]).toMatchObject({
      status: 'not_met',
      reason: '85,5% < 90%',
      gap: 4.5,
      gap_text: 'còn thiếu 4,5 điểm %',
    });
  });

  it('gives the scorecard of a unit’s children from the stored results', async () => {
    const p1 = await api.get(matrix('framework=demo-xa-2024&period=2024&unit=P1'));
    expect(p1.status).toBe(200);
    expect(p1.body).toMatchObject({
      framework: {
        id: 'demo-xa-2024',
        version: 1,
        criteria: [
          { no: '1', name: 'Giao thông' },
          { no: '2', name: 'Thu nhập' },
        ],
      },
      period: '2024',
      tree_date: '2024-12-31',
      unit: {
        code: 'P1',
        name: 'Tỉnh Thử Nghiệm',
        kind: 'province',
        parent_code: null,
        status: 'not_applicable',
        children: { total: 4, met: 2, not_met: 2, basically_met: 0, no_data: 0, rule_missing: 0 },
      },
    });
    expect(p1.body.rows).toEqual([
      expect.objectContaining({
        unit: { code: 'D1', name: 'Huyện Một', kind: 'district' },
        children: expect.objectContaining({ total: 3, met: 2 }),
      }),
      expect.objectContaining({
        unit: expect.objectContaining({ code: 'D2' }),
        children: expect.objectContaining({ total: 1, met: 0 }),
      }),
    ]);
    const d1 = await api.get(matrix('framework=demo-xa-2024&period=2024&unit=D1'));
    expect(rowsOf(d1.body)).toEqual([
      ['C1', 'met', 'met,met'],
      ['C2', 'not_met', 'not_met,met'],
      ['C3', 'met', 'met,met'],
      ['T1', 'not_applicable', ''],
    ]);
    expect(d1.body.rows[0]).toMatchObject({ met_criteria: 2, total_criteria: 2 });
    const c4 = await api.get(matrix('framework=demo-xa-2024&period=2024&unit=C4'));
    expect(c4.body.unit).toMatchObject({ code: 'C4', status: 'not_met', criteria: ['not_met', 'no_data'] });
    expect(c4.body.rows).toEqual([]);
    const districts = await api.get(matrix('framework=demo-huyen-2024&period=2024&unit=P1'));
    expect(rowsOf(districts.body)).toEqual([
      ['D1', 'met', 'met,met'],
      ['D2', 'not_met', 'not_met,met'],
    ]);
  });

  it('recomputes stale results before answering and follows the tree of the period', async () => {
    await api.db.exec('UPDATE evaluation_runs SET stale = true');
    const again = await api.get(matrix('framework=demo-huyen-2024&period=2024&unit=P1'));
    expect(rowsOf(again.body)).toEqual([
      ['D1', 'met', 'met,met'],
      ['D2', 'not_met', 'not_met,met'],
    ]);
    const y2025 = await api.get(matrix('framework=demo-xa-2024&period=2025&unit=P1'));
    expect(y2025.body.tree_date).toBe('2025-12-31');
    expect(y2025.body.rows.map((r: { unit: { code: string } }) => r.unit.code)).toEqual(['C3', 'C4', 'C5']);
  });

  it('counts the units that meet the framework in each period with figures', async () => {
    const r = await api.get('/api/evaluations/series?framework=demo-xa-2024&unit=P1');
    expect(r.status).toBe(200);
    expect(r.body.series).toMatchObject([
      {
        period: '2024',
        version: 1,
        tree_date: '2024-12-31',
        status: 'not_applicable',
        children: { total: 4, met: 2, basically_met: 0, not_met: 2, no_data: 0, rule_missing: 0 },
      },
    ]);
    const saved = await api.post('/api/values', {
      values: ['road_hardened_pct', 'plan_approved', 'income_per_capita'].map((m, i) => ({
        unit_code: 'C5',
        indicator: m,
        period: '2025',
        value: ['95', 'có', '80'][i],
      })),
    });
    expect(saved.body).toEqual({ changed: 3 });
    const two = await api.get('/api/evaluations/series?framework=demo-xa-2024&unit=P1&from=2024&to=2025');
    expect(
      two.body.series.map((s: { period: string; children: { met: number; total: number } }) => [
        s.period,
        s.children.met,
        s.children.total,
      ]),
    ).toEqual([
      ['2024', 2, 4],
      ['2025', 1, 3],
    ]);
    // A unit that no longer exists is only shown where it did.
    const d1 = await api.get('/api/evaluations/series?framework=demo-xa-2024&unit=D1&from=2024&to=2025');
    expect(d1.body.series.map((s: { period: string }) => s.period)).toEqual(['2024']);
    const quarters = await api.get(
      '/api/evaluations/series?framework=demo-xa-2024&unit=P1&from=2024Q1&to=2024Q4',
    );
    expect(quarters.body.series).toEqual([]);
  });

  it('refuses missing parameters, bad periods, unknown frameworks and units', async () => {
    const cases: Array<[string, number, string, string?]> = [
      ['/api/evaluations?period=2024', 400, 'INVALID_REQUEST', 'framework'],
      ['/api/evaluations?framework=demo-xa-2024&period=2024Q5', 400, 'INVALID_PERIOD'],
      ['/api/evaluations?framework=nope&period=2024', 404, 'FRAMEWORK_NOT_FOUND'],
      ['/api/evaluations?framework=demo-xa-2024&period=2023', 400, 'FRAMEWORK_NOT_IN_FORCE'],
      [matrix('framework=demo-xa-2024&period=2024'), 400, 'INVALID_REQUEST', 'unit'],
      [matrix('framework=demo-xa-2024&period=2024-13&unit=P1'), 400, 'INVALID_PERIOD'],
      [matrix('framework=demo-xa-2024&period=2024&unit=XX9'), 404, 'UNIT_NOT_FOUND'],
      [matrix('framework=demo-xa-2024&period=2025&unit=D1'), 404, 'UNIT_NOT_IN_PERIOD'],
      [matrix('framework=nope&period=2024&unit=P1'), 404, 'FRAMEWORK_NOT_FOUND'],
      ['/api/evaluations/series?framework=demo-xa-2024', 400, 'INVALID_REQUEST', 'unit'],
      ['/api/evaluations/series?framework=demo-xa-2024&unit=XX9', 404, 'UNIT_NOT_FOUND'],
      ['/api/evaluations/series?framework=demo-xa-2024&unit=P1&from=2025&to=2024', 400, 'INVALID_PERIOD'],
      ['/api/evaluations/series?framework=demo-xa-2024&unit=P1&from=2024&to=2024Q2', 400, 'INVALID_PERIOD'],
      ['/api/evaluations/series?framework=nope&unit=P1', 404, 'FRAMEWORK_NOT_FOUND'],
    ];
    for (const [path, status, code, field] of cases) {
      const r = await api.get(path);
      expect([path, r.status, r.body.error?.code]).toEqual([path, status, code]);
      if (field) expect(r.body.error.details[0].field).toBe(field);
    }
  });
});
