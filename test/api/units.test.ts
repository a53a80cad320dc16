import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.ts';
import { testDatabases } from '../support/databases.ts';

const codes = (units: Array<{ code: string }>) => units.map((u) => u.code);

describe.each(testDatabases())('units API on $name', (target) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(target, { prefix: 'api_units' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('lists the roots and the children valid on a date', async () => {
    const roots = await api.get('/api/units?date=2024-06-01');
    expect(roots.status).toBe(200);
    expect(roots.body).toMatchObject({ date: '2024-06-01', units: [{ code: 'P1', kind: 'province' }] });
    const d1 = await api.get('/api/units?parent=D1&date=2024-06-01');
    expect(codes(d1.body.units)).toEqual(['C1', 'C2', 'C3', 'T1']);
    expect(d1.body.units[0]).toEqual({
      code: 'C1',
      name: 'Xã An',
      kind: 'commune',
      parent_code: 'D1',
      valid_from: null,
      valid_to: '2024-12-31',
      successors: ['C5'],
      attributes: { region: 'DBSH', group: '1' },
    });
    // After the 2025 reform the communes hang directly under the province.
    const p1 = await api.get('/api/units?parent=P1&date=2025-08-01');
    expect(codes(p1.body.units)).toEqual(['C3', 'C4', 'C5']);
  });

  it('refuses an unknown parent, a parent outside its period and a bad date', async () => {
    const unknown = await api.get('/api/units?parent=NOPE&date=2024-06-01');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('UNIT_NOT_FOUND');
    const gone = await api.get('/api/units?parent=D1&date=2025-08-01');
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('UNIT_NOT_IN_PERIOD');
    for (const date of ['2024-13-01', '2024-02-30', 'hôm nay']) {
      const bad = await api.get(`/api/units?date=${encodeURIComponent(date)}`);
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'INVALID_REQUEST', details: [{ field: 'date' }] });
    }
  });

  it('searches names without diacritics and gives each match its path', async () => {
    const r = await api.get('/api/units/search?q=an%20binh&date=2025-03-01');
    expect(r.status).toBe(200);
    expect(r.body.units).toHaveLength(1);
    expect(r.body.units[0]).toMatchObject({
      code: 'C5',
      name: 'Xã An Bình',
      path: [
        { code: 'P1', name: 'Tỉnh Thử Nghiệm' },
        { code: 'D1', name: 'Huyện Một' },
      ],
    });
    // đ folds to d; typed diacritics work too; the whole-word match comes first.
    expect(codes((await api.get('/api/units/search?q=xa%20dong&date=2024-06-01')).body.units)).toEqual([
      'C4',
    ]);
    expect(
      codes(
        (await api.get(`/api/units/search?q=${encodeURIComponent('Huyện MỘT')}&date=2024-06-01`)).body.units,
      ),
    ).toEqual(['D1']);
    // "an" is a whole word in "Xã An", only inside a word in "Thị trấn Một".
    const an = await api.get('/api/units/search?q=an&date=2024-06-01');
    expect(codes(an.body.units)).toEqual(['C1', 'T1']);
    expect(codes((await api.get('/api/units/search?q=an&date=2024-06-01&limit=1')).body.units)).toEqual([
      'C1',
    ]);
    // Units not valid on the date are not found.
    expect((await api.get('/api/units/search?q=an%20binh&date=2024-06-01')).body.units).toEqual([]);
  });

  it('refuses a search without text or with a bad limit', async () => {
    for (const q of ['', '?q=', '?q=%20%20', '?q=an&limit=0', '?q=an&limit=abc']) {
      const r = await api.get(`/api/units/search${q}`);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('INVALID_REQUEST');
      expect(r.body.error.details[0].field).toMatch(/^(q|limit)$/);
    }
  });

  it('shows one unit with ancestors, children, history, predecessors and successors', async () => {
    const c5 = await api.get('/api/units/C5?date=2025-03-01');
    expect(c5.status).toBe(200);
    expect(c5.body.unit).toMatchObject({ code: 'C5', parent_code: 'D1', valid_from: '2025-01-01' });
    expect(codes(c5.body.ancestors)).toEqual(['D1', 'P1']);
    expect(c5.body.children).toEqual([]);
    expect(c5.body.history.map((h: { valid_from: string }) => h.valid_from)).toEqual([
      '2025-01-01',
      '2025-07-01',
    ]);
    expect(codes(c5.body.predecessors)).toEqual(['C1', 'C2', 'T1']);
    expect(c5.body.successors).toEqual([]);
    const c1 = await api.get('/api/units/C1?date=2024-06-01');
    expect(c1.body.successors).toEqual([expect.objectContaining({ code: 'C5', valid_from: '2025-01-01' })]);
    const d1 = await api.get('/api/units/D1?date=2024-06-01');
    expect(codes(d1.body.children)).toEqual(['C1', 'C2', 'C3', 'T1']);
  });

  it('answers 404 for an unknown code and for a code outside its period', async () => {
    const unknown = await api.get('/api/units/XX9');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'UNIT_NOT_FOUND', details: [] });
    const gone = await api.get('/api/units/C1?date=2025-08-01');
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('UNIT_NOT_IN_PERIOD');
    expect(gone.body.error.message).toContain('2024-12-31');
  });

  it('reads a unit that no longer exists, without a date, on its last day (its name stays known)', async () => {
    const merged = await api.get('/api/units/C1');
    expect(merged.status).toBe(200);
    expect(merged.body.unit).toMatchObject({ code: 'C1', name: 'Xã An', valid_to: '2024-12-31' });
    expect(merged.body.successors.map((u: { code: string }) => u.code)).toEqual(['C5']);
  });
});
