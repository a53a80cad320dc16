import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../src/db/database.ts';
import { startServer } from '../../src/server.ts';
import { startTestApi, type TestApi } from '../support/api.ts';
import { testDatabases } from '../support/databases.ts';

/** Every endpoint of docs/api.md. */

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
    // That every registered route is in it is checked route by route in test/contract/.
    expect(Object.keys(r.body.paths)).toContain('/api/units/{code}');
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
