import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../src/db/database.ts';
import { startServer } from '../../src/server.ts';
import { startTestApi, type TestApi } from '../support/api.ts';
import { testDatabases } from '../support/databases.ts';

/** Every endpoint of docs/api.md. */
const contract = [
  'get /api/health',
  'get /api/units',
  'get /api/units/search',
  'get /api/units/{code}',
  'get /api/frameworks',
  'get /api/frameworks/{id}',
  'get /api/frameworks/{id}/diff',
  'get /api/frameworks/{id}/template.xlsx',
  'get /api/frameworks/{id}/annex',
  'post /api/frameworks/annex',
  'put /api/frameworks/{id}/versions/{version}/annex-cells',
  'post /api/frameworks/drafts',
  'post /api/frameworks/{id}/versions/{version}/publish',
  'get /api/values',
  'get /api/values/history',
  'post /api/values',
  'get /api/evaluations',
  'get /api/evaluations/matrix',
  'get /api/evaluations/series',
  'post /api/imports',
  'post /api/imports/{id}/commit',
  'get /api/imports/{id}/changes',
  'get /api/exports/values-template.xlsx',
  'get /api/exports/scorecard.xlsx',
  'get /api/session',
  'post /api/session',
  'delete /api/session',
  'get /api/home',
  'get /api/users',
  'post /api/users',
  'post /api/users/{id}/grants',
  'delete /api/users/{id}/grants/{grant_id}',
  'post /api/users/{id}/password',
  'post /api/users/{id}/deactivate',
  'post /api/users/{id}/activate',
  'post /api/users/{id}/unlock',
  'get /api/audit',
  'get /api/audit.xlsx',
  'get /api/dossiers',
  'post /api/dossiers',
  'get /api/dossiers/revocation-flags',
  'get /api/dossiers/{id}',
  'get /api/dossiers/{id}/export.zip',
  'post /api/dossiers/{id}/self-assessment',
  'post /api/dossiers/{id}/procedure',
  'post /api/dossiers/{id}/submit',
  'post /api/dossiers/{id}/appraisal/start',
  'post /api/dossiers/{id}/rulings',
  'post /api/dossiers/{id}/rework',
  'post /api/dossiers/{id}/resubmit',
  'post /api/dossiers/{id}/appraisal/complete',
  'post /api/dossiers/{id}/votes',
  'post /api/dossiers/{id}/recognize',
  'post /api/dossiers/{id}/refuse',
  'post /api/dossiers/{id}/revoke',
  'post /api/dossiers/{id}/reopen',
  'get /api/evidence',
  'post /api/evidence',
  'post /api/evidence/links',
  'delete /api/evidence/links/{id}',
  'get /api/evidence/{sha256}',
  'get /api/targets',
  'post /api/targets',
  'get /api/targets/{year}',
  'post /api/targets/{year}/indicators',
  'delete /api/targets/{year}/indicators/{code}',
  'put /api/targets/{year}/settings',
  'post /api/targets/{year}/assignments',
  'post /api/targets/{year}/actuals',
  'get /api/targets/{year}/progress',
  'get /api/targets/{year}/holders/{code}',
  'post /api/targets/{year}/explanations',
  'post /api/targets/explanations/{id}/answer',
  'post /api/targets/departments',
  'get /api/targets/{year}/export.xlsx',
  'post /api/targets/{year}/import',
  'get /api/public/units',
  'get /api/public/units/{code}',
  'get /api/public/units/{code}/neighbours',
  'get /api/public/units/{code}/recognitions',
  'get /api/public/units/{code}/feedback',
  'post /api/public/units/{code}/feedback',
  'get /api/public/captcha',
  'get /api/portal/publications',
  'put /api/portal/publications',
  'delete /api/portal/publications/{framework}/{code}',
  'get /api/portal/feedback',
  'post /api/portal/feedback/{id}/moderation',
  'post /api/what-if',
  'get /api/rankings/closest',
  'get /api/rankings/improvement',
  'get /api/exports/improvement.xlsx',
];

describe.each(testDatabases())('server on $name', (target) => {
  let api: TestApi;
  let web: TestApi;
  const webDir = mkdtempSync(join(tmpdir(), 'tieuchi-web-'));
  beforeAll(async () => {
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><div id="root">TieuChi UI</div>');
    writeFileSync(join(webDir, 'assets', 'app-1234.js'), 'console.log("ui")');
    writeFileSync(join(webDir, 'favicon.svg'), '<svg/>');
    api = await startTestApi(target, { prefix: 'api_server' });
    web = await startTestApi(target, { prefix: 'api_web', seed: false, webDir });
  });
  afterAll(async () => {
    await api?.close();
    await web?.close();
  });

  it('reports its health and database', async () => {
    const r = await api.get('/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', database: target.name });
  });

  it('publishes an OpenAPI 3.1 document covering the whole contract', async () => {
    const r = await api.get('/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    const operations = Object.entries(r.body.paths as Record<string, object>).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m} ${path}`),
    );
    expect(operations.sort()).toEqual([...contract].sort());
    expect(r.body.components.schemas.Error.properties.error).toBeDefined();
  });

  it('renders a readable Vietnamese API reference without external scripts', async () => {
    const r = await api.get('/api/docs');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    const page = (r.body as Buffer).toString('utf8');
    expect(page).toContain('<html lang="vi">');
    for (const text of [
      'Đơn vị hành chính',
      'Kết quả đánh giá',
      'Nhập tệp',
      '/api/evaluations/matrix',
      'INVALID_REQUEST',
    ])
      expect(page).toContain(text);
    expect(page).not.toMatch(/<script|https?:\/\/(?!localhost)/);
  });

  it('answers unknown API paths with the error JSON', async () => {
    const r = await api.get('/api/nope');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({
      error: { code: 'NOT_FOUND', message: expect.stringContaining('/api/nope'), details: [] },
    });
  });

  it('serves the minimal overview page when the web UI is not built', async () => {
    const r = await api.get('/?framework=demo-xa-2024&period=2024&unit=D1');
    expect(r.status).toBe(200);
    const page = (r.body as Buffer).toString('utf8');
    expect(page).toContain('Xã An');
    expect(page).toContain('Chưa đạt');
  });

  it('serves the built web UI with a fallback to index.html for its own routes', async () => {
    for (const path of ['/', '/don-vi/01', '/frameworks/demo-xa-2024?version=1']) {
      const r = await web.get(path);
      expect([path, r.status, (r.body as Buffer).toString()]).toEqual([
        path,
        200,
        '<!doctype html><div id="root">TieuChi UI</div>',
      ]);
    }
    const asset = await web.get('/assets/app-1234.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await web.get('/favicon.svg')).headers.get('content-type')).toContain('svg');
    const api404 = await web.get('/api/nope');
    expect([api404.status, api404.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await web.get('/api/health')).body.status).toBe('ok');
  });
});

describe('server errors', () => {
  it('turns an unexpected failure into 500 INTERNAL without leaking it', async () => {
    const broken = {
      kind: 'pglite',
      query: async () => {
        throw new Error('secret connection detail');
      },
    } as unknown as Db;
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const server = await startServer(broken, {
      port: 0,
      host: '127.0.0.1',
      webDir: '/nonexistent',
      auth: 'off',
    });
    try {
      const r = await fetch(`${server.url}/api/frameworks`);
      expect(r.status).toBe(500);
      expect(await r.json()).toEqual({
        error: { code: 'INTERNAL', message: 'Lỗi máy chủ', details: [] },
      });
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
      await server.close();
    }
  });
});
