import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regionAnnex } from '../support/annex-docx.ts';
import { type ApiResponse, startTestApi, type TestApi } from '../support/api.ts';
import { testDatabases } from '../support/databases.ts';
import { snapshot } from '../support/db.ts';

describe.each(testDatabases())('annex API on $name', (target) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(target, { prefix: 'api_annex' });
  });
  afterAll(async () => {
    await api.close();
  });

  const fields = (file: { name: string; content: Buffer }) => ({
    file,
    id: 'thu-nghiem-phu-luc',
    name: 'Thử nghiệm',
    applies_to: 'commune',
    valid_from: '01/01/2022',
    valid_to: '31/12/2025',
  });
  const put = async (path: string, body: unknown): Promise<Omit<ApiResponse, 'headers'>> => {
    const res = await fetch(api.url + path, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-user': 'tester' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  it('refuses a legacy .doc with how to convert it, and stores nothing', async () => {
    const before = await snapshot(api.db);
    const r = await api.upload(
      '/api/frameworks/annex',
      fields({ name: 'qd.doc', content: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) }),
    );
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('FILE_FORMAT');
    expect(r.body.error.message).toMatch(/libreoffice --headless --convert-to docx/);
    expect(await snapshot(api.db)).toBe(before);
  });

  it('imports an annex as a draft, reviews and corrects a cell, publishes', async () => {
    const r = await api.upload(
      '/api/frameworks/annex',
      fields({ name: 'qd.docx', content: await regionAnnex() }),
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      draft: { id: 'thu-nghiem-phu-luc', version: 1 },
      criteria: 6,
      indicators: 8,
    });
    expect(r.body.unparsed).toEqual([{ code: '5.1', column: 'rule', cell: 'Theo hướng dẫn của Bộ Y tế' }]);
    // The administrator's list names the draft waiting (a new set: listed under its draft).
    const listed = async () =>
      (await api.get('/api/frameworks')).body.frameworks.find(
        (f: { id: string }) => f.id === 'thu-nghiem-phu-luc',
      );
    expect(await listed()).toMatchObject({ status: 'draft', version: 1, pending_draft: 1 });
    const review = await api.get('/api/frameworks/thu-nghiem-phu-luc/annex');
    expect(review.status).toBe(200);
    expect(review.body.review).toMatchObject({ version: 1, status: 'draft', unparsed_count: 1 });
    const bad = await put('/api/frameworks/thu-nghiem-phu-luc/versions/1/annex-cells', {
      code: '5.1',
      column: 'rule',
      text: 'tùy',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ field: 'rule', value: 'tùy' });
    const ok = await put('/api/frameworks/thu-nghiem-phu-luc/versions/1/annex-cells', {
      code: '4.1',
      column: 'region:DBSH',
      text: '≤ 1,5%',
    });
    expect(ok.status).toBe(200);
    const poor = ok.body.review.indicators.find((i: { code: string }) => i.code === '4.1');
    expect(poor.cells).toContainEqual(
      expect.objectContaining({
        column: 'region:DBSH',
        source: '',
        corrected: '≤ 1,5%',
        rule_text: '≤ 1,5%',
      }),
    );
    const draft = await api.get('/api/frameworks/thu-nghiem-phu-luc?version=1');
    expect(draft.body.framework).toMatchObject({ status: 'draft', rule_missing_count: 1 });
    expect(draft.body.framework.definition.criteria[3].indicators[0].by_region).toMatchObject({
      DBSH: { '<=': 1.5 },
    });
    // Indicator 2.1 reads the road measure the fixtures' framework already has; a type clash is refused.
    const mapped = await put('/api/frameworks/thu-nghiem-phu-luc/versions/1/annex-cells', {
      code: '2.1',
      column: 'measure',
      text: 'road_hardened_pct',
    });
    expect(mapped.status).toBe(200);
    expect(mapped.body.review.indicators.find((i: { code: string }) => i.code === '2.1').measure).toBe(
      'road_hardened_pct',
    );
    const clash = await put('/api/frameworks/thu-nghiem-phu-luc/versions/1/annex-cells', {
      code: '1.1',
      column: 'measure',
      text: 'road_hardened_pct',
    });
    expect(clash.status).toBe(400);
    expect(clash.body.error.message).toMatch(/đã có với kiểu percent/);
    const pub = await api.post('/api/frameworks/thu-nghiem-phu-luc/versions/1/publish');
    expect(pub.status).toBe(200);
    expect(await listed()).toMatchObject({ status: 'published', version: 1, pending_draft: null });
    const late = await put('/api/frameworks/thu-nghiem-phu-luc/versions/1/annex-cells', {
      code: '5.1',
      column: 'rule',
      text: '≥ 90%',
    });
    expect(late.status).toBe(409);
  });
});
