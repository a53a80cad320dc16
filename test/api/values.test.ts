import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.ts';
import { testDatabases } from '../support/databases.ts';
import { snapshot } from '../support/db.ts';

describe.each(testDatabases())('values API on $name', (target) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(target, { prefix: 'api_values' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('reads the current figures of a unit with the indicators that use them', async () => {
    const r = await api.get('/api/values?unit=C1&period=2024&framework=demo-xa-2024');
    expect(r.status).toBe(200);
    expect(r.body.values.map((v: { measure: string }) => v.measure)).toEqual([
      'income_per_capita',
      'plan_approved',
      'road_hardened_pct',
    ]);
    expect(r.body.values[0]).toMatchObject({
      measure: 'income_per_capita',
      indicator_codes: ['2.1'],
      value: 75.8,
      num: 75.8,
      txt: null,
      na: false,
      source: 'import',
      actor: 'tester',
    });
    expect(r.body.values[0].changed_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(r.body.values[1]).toMatchObject({ value: true, num: 1 });
    const all = await api.get('/api/values?unit=D1&period=2024');
    expect(all.body.values).toEqual([
      expect.objectContaining({
        measure: 'district_plan_approved',
        indicator_codes: ['demo-huyen-2024:2.1'],
      }),
    ]);
    expect((await api.get('/api/values?unit=C1&period=2023')).body.values).toEqual([]);
  });

  it('refuses unknown units, frameworks, bad periods and missing parameters', async () => {
    const cases: Array<[string, number, string, string?]> = [
      ['/api/values?unit=XX9&period=2024', 404, 'UNIT_NOT_FOUND'],
      ['/api/values?unit=C1&period=2024&framework=nope', 404, 'FRAMEWORK_NOT_FOUND'],
      ['/api/values?unit=C1&period=2024Q5', 400, 'INVALID_PERIOD'],
      ['/api/values?period=2024', 400, 'INVALID_REQUEST', 'unit'],
      ['/api/values/history?unit=C1&period=2024', 400, 'INVALID_REQUEST', 'measure'],
      ['/api/values/history?unit=C1&measure=nope&period=2024', 404, 'MEASURE_NOT_FOUND'],
      ['/api/values/history?unit=XX9&measure=plan_approved&period=2024', 404, 'UNIT_NOT_FOUND'],
      ['/api/values/history?unit=C1&measure=plan_approved&period=24', 400, 'INVALID_PERIOD'],
    ];
    for (const [path, status, code, field] of cases) {
      const r = await api.get(path);
      expect([path, r.status, r.body.error?.code]).toEqual([path, status, code]);
      if (field) expect(r.body.error.details[0].field).toBe(field);
    }
  });

  it('stores figures, updates the results at once and keeps the history', async () => {
    const before = await api.get('/api/evaluations/matrix?framework=demo-xa-2024&period=2024&unit=D1');
    expect(before.body.unit.children).toMatchObject({ total: 3, met: 2, not_met: 1 });
    const r = await api.post('/api/values', {
      values: [
        { unit_code: 'C2', indicator: 'demo-xa-2024:1.1', period: '2024', value: '91,5', note: 'đo lại' },
        { unit_code: 'C2', indicator: 'income_per_capita', period: '2024', value: 61 },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ changed: 1 });
    const after = await api.get('/api/evaluations/matrix?framework=demo-xa-2024&period=2024&unit=D1');
    expect(after.body.unit.children).toMatchObject({ total: 3, met: 3, not_met: 0 });
    const history = await api.get('/api/values/history?unit=C2&measure=road_hardened_pct&period=2024');
    expect(history.body.history).toEqual([
      expect.objectContaining({ value: 91.5, note: 'đo lại', source: 'typed', actor: 'tester' }),
      expect.objectContaining({ value: 85.5, note: null, source: 'import' }),
    ]);
  });

  it('refuses a batch with any bad figure, names each bad field and stores nothing', async () => {
    const before = await snapshot(api.db);
    const r = await api.post('/api/values', {
      values: [
        { unit_code: 'C1', indicator: 'road_hardened_pct', period: '2024', value: '50' },
        { unit_code: 'C1', indicator: 'road_hardened_pct', period: '2023', value: '150' },
        { unit_code: 'XX9', indicator: 'plan_approved', period: '2024', value: 'có' },
        { unit_code: 'C1', indicator: 'no_such_measure', period: '2024', value: '1' },
        { unit_code: 'C1', indicator: 'plan_approved', period: '2024Q5', value: 'có' },
        { unit_code: 'C1', indicator: 'plan_approved', period: '2024-03', value: 'maybe' },
        { unit_code: 'D1', indicator: 'demo-huyen-2024:1.1', period: '2024', value: '80' },
      ],
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INVALID_VALUES');
    expect(r.body.error.details.map((d: { line: number; field: string }) => `${d.line}:${d.field}`)).toEqual([
      '2:value',
      '3:unit_code',
      '4:indicator',
      '5:period',
      '6:value',
      '7:indicator',
    ]);
    expect(r.body.error.details[0]).toMatchObject({
      value: '150',
      message: expect.stringContaining('0–100'),
    });
    expect(await snapshot(api.db)).toBe(before);
  });

  it('refuses malformed requests with INVALID_REQUEST naming the field', async () => {
    const before = await snapshot(api.db);
    const cases: Array<[unknown, string]> = [
      [{}, 'values'],
      [{ values: [] }, 'values'],
      [{ values: [{ unit_code: 'C1', period: '2024', value: '1' }] }, 'values[0].indicator'],
      [{ values: [{ unit_code: 'C1', indicator: 'x', period: '2024', value: null }] }, 'values[0].value'],
      ['{"values": [', 'json'],
    ];
    for (const [body, field] of cases) {
      const r = await api.post('/api/values', body);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('INVALID_REQUEST');
      if (field !== 'json') expect(r.body.error.details[0].field).toBe(field);
    }
    expect(await snapshot(api.db)).toBe(before);
  });
});
