// /api/past-recognitions over HTTP: record one decision, import a file (check, then commit; a bad
// row saves nothing), list a unit's with its predecessors', and the public history that shows them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.ts';
import { testDatabases } from '../support/databases.ts';
import { countRows } from '../support/db.ts';

const today = new Date().toISOString().slice(0, 10);
const header = 'Mã đơn vị,Tên đơn vị,Danh hiệu,Năm,Số quyết định,Ngày quyết định,Cấp ký,Nguồn,Ghi chú';

describe.each(testDatabases())('past recognitions API on $name', (target) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(target, { prefix: 'pastapi' });
  }, 120_000);
  afterAll(async () => {
    await api?.close();
  });

  it('records a decision on the code valid that day and refuses a second one or a wrong name', async () => {
    const body = {
      unit_code: 'C1',
      title: 'ntm',
      year: 2019,
      decision_no: '12/QĐ-UBND',
      decision_date: '2019-06-01',
      authority: 'ubnd_tinh',
      sources: ['https://example.vn/quyet-dinh-12'],
    };
    const r = await api.post('/api/past-recognitions', body);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      unit: { code: 'C1', name: 'Xã An' },
      decision_no: '12/QĐ-UBND',
      recorded_by: 'tester',
    });
    const again = await api.post('/api/past-recognitions', body);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_EXISTS');
    const wrong = await api.post('/api/past-recognitions', {
      ...body,
      title: 'ntm_nang_cao',
      unit_name: 'Xã Bình',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0]).toMatchObject({ field: 'unit_name', value: 'Xã Bình' });
    expect(wrong.body.error.details[0].message).toMatch(/là Xã An, không phải Xã Bình/);
  });

  it('imports a file: check saves nothing, a bad row saves nothing, commit saves every row', async () => {
    const before = await countRows(api.db, 'past_recognitions');
    const bad = `${header}\nC2,Xã Bình,NTM nâng cao,2020,5/QĐ-UBND,32/01/2020,UBND TP,,\nC3,Xã Cao,NTM,2018,,,UBND TP,,\n`;
    const refused = await api.upload('/api/past-recognitions/import', {
      mode: 'commit',
      file: { name: 'quyet-dinh.csv', content: bad },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('INVALID_ROWS');
    expect(refused.body.error.details).toEqual([
      expect.objectContaining({ line: 2, field: 'ngay_quyet_dinh', value: '32/01/2020' }),
    ]);
    const good = `${header}\nC2,Xã Bình,NTM nâng cao,2020,5/QĐ-UBND,31/01/2020,UBND TP,https://example.vn/5,\nC3,Xã Cao,NTM,2018,chưa rõ số hiệu,,UBND TP,,Chưa rõ số hiệu\n`;
    const checked = await api.upload('/api/past-recognitions/import', {
      mode: 'check',
      file: { name: 'quyet-dinh.csv', content: good },
    });
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({
      file: 'quyet-dinh.csv',
      rows: 2,
      committed: false,
      recognitions: [],
    });
    expect(await countRows(api.db, 'past_recognitions')).toBe(before);
    const done = await api.upload('/api/past-recognitions/import', {
      mode: 'commit',
      file: { name: 'quyet-dinh.csv', content: good },
    });
    expect(done.status).toBe(200);
    expect(done.body.recognitions).toHaveLength(2);
    expect(await countRows(api.db, 'past_recognitions')).toBe(before + 2);
  });

  it("lists a merged commune's predecessors' decisions, and shows them on its public page", async () => {
    // C5 (Xã An Bình) was made from C1 (Xã An) and C2 (Xã Bình) on 1/1/2025.
    const list = await api.get(`/api/past-recognitions?unit=C5&date=${today}`);
    expect(list.status).toBe(200);
    expect(list.body.recognitions.map((r: { unit: { code: string } }) => r.unit.code).sort()).toEqual([
      'C1',
      'C2',
    ]);
    const pub = await api.get(`/api/public/units/C5/recognitions?date=${today}`);
    expect(pub.status).toBe(200);
    expect(pub.body.recognitions).toEqual([
      expect.objectContaining({
        recorded: true,
        title: 'ntm_nang_cao',
        year: 2020,
        unit: { code: 'C2', name: 'Xã Bình' },
        former: true,
      }),
      expect.objectContaining({
        recorded: true,
        title: 'ntm',
        year: 2019,
        unit: { code: 'C1', name: 'Xã An' },
        former: true,
        partial: false,
      }),
    ]);
  });

  it('corrects a decision over HTTP and removes one with its reason; a missing one is 404', async () => {
    const list = await api.get('/api/past-recognitions?unit=C1');
    const first = list.body.recognitions[0];
    expect(first).toMatchObject({ unit: { code: 'C1' }, decision_no: '12/QĐ-UBND' });
    const body = {
      unit_code: 'C1',
      title: 'ntm',
      year: 2019,
      decision_no: '21/QĐ-UBND',
      decision_date: '2019-06-11',
      authority: 'ubnd_tinh',
      sources: [],
    };
    const fixed = await api.send('PUT', `/api/past-recognitions/${first.id}`, body);
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({
      id: first.id,
      decision_no: '21/QĐ-UBND',
      decision_date: '2019-06-11',
    });
    const refused = await api.send('PUT', `/api/past-recognitions/${first.id}`, {
      ...body,
      decision_date: '2030-01-01',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0]).toMatchObject({ field: 'decision_date', label: 'ngày quyết định' });
    expect((await api.send('PUT', '/api/past-recognitions/999999', body)).status).toBe(404);

    const noReason = await api.send('DELETE', `/api/past-recognitions/${first.id}`, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toMatch(/Cần ghi lý do xóa/);
    const before = await countRows(api.db, 'past_recognitions');
    const gone = await api.send('DELETE', `/api/past-recognitions/${first.id}`, {
      reason: 'Ghi nhầm đơn vị',
    });
    expect(gone.status).toBe(200);
    expect(gone.body.recognitions.map((r: { id: number }) => r.id)).not.toContain(first.id);
    expect(await countRows(api.db, 'past_recognitions')).toBe(before - 1);
    expect(
      (await api.send('DELETE', `/api/past-recognitions/${first.id}`, { reason: 'Lần nữa' })).status,
    ).toBe(404);
  });
});
