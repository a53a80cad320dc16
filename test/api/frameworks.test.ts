import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.ts';
import { testDatabases } from '../support/databases.ts';
import { fixtures, snapshot } from '../support/db.ts';

const demo = readFileSync(join(fixtures, 'demo-xa-2024.yaml'), 'utf8');
/** Version 2 of the commune framework: a stricter road threshold and a new indicator without one. */
const demoV2 = demo.replace('rule: {">=": 90}', 'rule: {">=": 95}').concat(`      - code: "2.2"
        name: Tỷ lệ hộ nghèo đa chiều
        measure: poverty_rate_pct
        type: percent
        verified: false
        todo: chưa có ngưỡng trong văn bản
`);

describe.each(testDatabases())('frameworks API on $name', (target) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(target, { prefix: 'api_fw' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('lists the latest published version of each framework with its counts', async () => {
    const r = await api.get('/api/frameworks');
    expect(r.status).toBe(200);
    expect(r.body.frameworks).toEqual([
      expect.objectContaining({ id: 'demo-huyen-2024', criteria_count: 2, indicator_count: 2 }),
      {
        id: 'demo-xa-2024',
        version: 1,
        status: 'published',
        name: 'Bộ tiêu chí thử nghiệm cấp xã',
        name_en: null,
        valid_from: '2024-01-01',
        valid_to: '2025-12-31',
        applies_to: ['commune'],
        criteria_count: 2,
        indicator_count: 3,
        rule_missing_count: 0,
        unverified_count: 0,
        pending_draft: null,
      },
    ]);
  });

  it('shows a version with thresholds in words', async () => {
    const r = await api.get('/api/frameworks/demo-xa-2024');
    expect(r.status).toBe(200);
    const fw = r.body.framework;
    expect(fw).toMatchObject({ id: 'demo-xa-2024', version: 1, versions: [1] });
    const [road, plan] = fw.definition.criteria[0].indicators;
    expect(road).toMatchObject({ code: '1.1', threshold_text: '≥ 90% (nhóm 3: ≥ 70%)', rule_missing: false });
    expect(plan).toMatchObject({ code: '1.2', threshold_text: 'có', rule_missing: false });
    expect(fw.definition.legal_basis[0].number).toBe('01/2024/QĐ-UBND');
  });

  it('uploads a draft, shows its diff, publishes it once', async () => {
    const upload = await api.upload('/api/frameworks/drafts', {
      file: { name: 'demo-xa-2024.yaml', content: demoV2 },
    });
    expect(upload.status).toBe(200);
    expect(upload.body.draft).toEqual({ id: 'demo-xa-2024', version: 2, status: 'draft' });
    expect(upload.body.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ change: 'changed', target: 'chỉ tiêu 1.1', field: 'rule' }),
        expect.objectContaining({ change: 'added', target: 'chỉ tiêu 2.2' }),
      ]),
    );
    // The draft is not what evaluations (or the list) use yet; the administrator's list names it.
    expect((await api.get('/api/frameworks')).body.frameworks[1]).toMatchObject({
      id: 'demo-xa-2024',
      version: 1,
      pending_draft: 2,
    });
    const draft = await api.get('/api/frameworks/demo-xa-2024?version=2');
    expect(draft.body.framework).toMatchObject({ status: 'draft', versions: [1, 2], rule_missing_count: 1 });
    expect(draft.body.framework.definition.criteria[1].indicators[1]).toMatchObject({
      code: '2.2',
      threshold_text: '',
      rule_missing: true,
    });
    const diff = await api.get('/api/frameworks/demo-xa-2024/diff?from=1&to=2');
    expect(diff.status).toBe(200);
    expect(diff.body.changes).toContainEqual({
      change: 'changed',
      target: 'chỉ tiêu 1.1',
      field: 'rule',
      before: { '>=': 90 },
      after: { '>=': 95 },
    });

    const published = await api.post('/api/frameworks/demo-xa-2024/versions/2/publish');
    expect(published.status).toBe(200);
    expect(published.body.framework).toMatchObject({
      id: 'demo-xa-2024',
      version: 2,
      status: 'published',
      rule_missing_count: 1,
      // 2.2 is unverified but has no threshold: it counts once, as missing.
      unverified_count: 0,
    });
    expect((await api.get('/api/frameworks')).body.frameworks[1].version).toBe(2);
    const before = await snapshot(api.db);
    const again = await api.post('/api/frameworks/demo-xa-2024/versions/2/publish');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('FRAMEWORK_ALREADY_PUBLISHED');
    expect(await snapshot(api.db)).toBe(before);
  });

  it('refuses a bad draft with the validation report and stores nothing', async () => {
    const before = await snapshot(api.db);
    const bad = await api.upload('/api/frameworks/drafts', {
      file: { name: 'bad.yaml', content: demo.replace('rule: {">=": 90}', 'rule: {">=": "ninety"}') },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_FRAMEWORK');
    expect(bad.body.error.details[0]).toMatchObject({ field: 'criteria[0].indicators[0].rule' });
    const noFile = await api.upload('/api/frameworks/drafts', { note: 'no file' });
    expect(noFile.status).toBe(400);
    expect(noFile.body.error).toMatchObject({ code: 'INVALID_REQUEST', details: [{ field: 'file' }] });
    const wrongType = await api.upload('/api/frameworks/drafts', { file: { name: 'x.pdf', content: 'x' } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.code).toBe('FILE_FORMAT');
    expect(await snapshot(api.db)).toBe(before);
  });

  it('serves the .xlsx template of a framework', async () => {
    const r = await api.get('/api/frameworks/demo-xa-2024/template.xlsx');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('spreadsheetml');
    expect(r.headers.get('content-disposition')).toContain('demo-xa-2024');
    expect((r.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    expect((await api.get('/api/frameworks/nope/template.xlsx')).body.error.code).toBe('FRAMEWORK_NOT_FOUND');
  });

  it('reads the .xlsx template back as a draft: unchanged content is refused, nothing stored', async () => {
    const template = await api.get('/api/frameworks/demo-huyen-2024/template.xlsx');
    const before = await snapshot(api.db);
    const r = await api.upload('/api/frameworks/drafts', {
      file: { name: 'demo-huyen-2024.xlsx', content: template.body as Buffer },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INVALID_FRAMEWORK');
    expect(r.body.error.details[0].message).toContain('giống phiên bản 1');
    expect(await snapshot(api.db)).toBe(before);
  });

  it('answers 404 for unknown frameworks or versions, 400 for bad parameters', async () => {
    const cases: Array<[string, number, string, string?]> = [
      ['/api/frameworks/nope', 404, 'FRAMEWORK_NOT_FOUND'],
      ['/api/frameworks/demo-xa-2024?version=9', 404, 'FRAMEWORK_NOT_FOUND'],
      ['/api/frameworks/demo-xa-2024?version=abc', 400, 'INVALID_REQUEST', 'version'],
      ['/api/frameworks/demo-xa-2024/diff?from=1', 400, 'INVALID_REQUEST', 'to'],
      ['/api/frameworks/demo-xa-2024/diff?from=1&to=1', 400, 'INVALID_REQUEST', 'to'],
      ['/api/frameworks/demo-xa-2024/diff?from=1&to=7', 404, 'FRAMEWORK_NOT_FOUND'],
      ['/api/frameworks/nope/diff?from=1&to=2', 404, 'FRAMEWORK_NOT_FOUND'],
    ];
    for (const [path, status, code, field] of cases) {
      const r = await api.get(path);
      expect([path, r.status, r.body.error?.code]).toEqual([path, status, code]);
      if (field) expect(r.body.error.details[0].field).toBe(field);
    }
    const missing = await api.post('/api/frameworks/nope/versions/1/publish');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('FRAMEWORK_NOT_FOUND');
  });
});
