import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostCheck } from '../../src/http/auth.ts';
import { handleError } from '../../src/http/errors.ts';
import { startTestApi, type TestApi } from '../support/api.ts';

/** Security headers on every answer, the CSRF origin check with its scheme, the configured public origin. */
describe('security headers and origins', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ name: 'pglite' }, { prefix: 'security', auth: 'required', seed: false });
  }, 180_000);
  afterAll(async () => {
    await api?.close();
  });

  it.each(['/', '/api/docs', '/api/health', '/api/public/units?q=an'])(
    '%s carries CSP, nosniff, referrer policy and framing rules',
    async (path) => {
      const r = await fetch(api.url + path);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      // No inline styles either (issue 12): only the server-rendered pages' blocks, by hash.
      expect(csp).toMatch(/style-src 'self'/);
      expect(csp).not.toMatch(/style-src[^;]*unsafe/);
      expect(csp).toContain("frame-ancestors 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(r.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    },
  );

  it('the API reference page passes its own style-src: its one <style> block is allowed by hash', async () => {
    const r = await fetch(`${api.url}/api/docs`);
    const page = await r.text();
    const blocks = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(blocks).toHaveLength(1);
    expect(page).not.toMatch(/\sstyle="/);
    const hash = createHash('sha256').update(blocks[0]!, 'utf8').digest('base64');
    const styleSrc = /style-src ([^;]*)/.exec(r.headers.get('content-security-policy') ?? '')?.[1] ?? '';
    expect(styleSrc.split(' ')).toContain(`'sha256-${hash}'`);
  });

  it('refuses logging in from the same host under another scheme', async () => {
    const host = new URL(api.url).host;
    const post = (origin: string) =>
      fetch(`${api.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ username: 'khong.co', password: 'mật khẩu sai bét' }),
      });
    const wrongScheme = await post(`https://${host}`);
    expect(wrongScheme.status).toBe(403);
    expect(((await wrongScheme.json()) as { error: { code: string } }).error.code).toBe('CSRF_REJECTED');
    // Same scheme, host and port: it reaches the login (and fails there, as it should).
    expect((await post(`http://${host}`)).status).toBe(401);
  });

  it('with TIEUCHI_PUBLIC_URL, answers only requests naming its host (health answers any)', async () => {
    const app = new Hono();
    app.onError(handleError);
    app.use('*', hostCheck(new URL('https://tieuchi.example.vn')));
    app.get('*', (c) => c.text('ok'));
    const at = (path: string, host: string) => app.request(`http://x${path}`, { headers: { host } });
    expect((await at('/', 'tieuchi.example.vn')).status).toBe(200);
    const evil = await at('/', 'evil.example.com');
    expect(evil.status).toBe(400);
    expect(((await evil.json()) as { error: { message: string } }).error.message).toMatch(
      /chỉ nhận yêu cầu gửi tới tieuchi.example.vn/,
    );
    expect((await at('/api/health', '10.0.0.5:3000')).status).toBe(200);
  });
});
