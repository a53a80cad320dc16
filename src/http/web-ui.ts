import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';

/** Where `npm run build:web` puts the built React UI. */
export const webDist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'web');

export function hasWebBuild(dir = webDist): boolean {
  return existsSync(join(dir, 'index.html'));
}

/**
 * Serves the built web UI: files of `dir` as they are (hashed assets cached for a year), and
 * index.html for every other GET outside /api, so that the UI's own routes survive a reload.
 */
export function serveWebUi(app: Hono, dir = webDist): void {
  const root = relative(process.cwd(), dir) || '.';
  app.use(
    '/assets/*',
    serveStatic({
      root,
      onFound: (_path, c) => {
        c.header('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  app.use('*', async (c, next) => {
    if (c.req.path === '/' || c.req.path === '/index.html' || c.req.path.startsWith('/api/')) return next();
    return serveStatic({
      root,
      // The service worker and the manifest are checked for updates on every visit.
      onFound: (path, ctx) => {
        if (/\/(sw\.js|manifest\.webmanifest|registerSW\.js)$/.test(path))
          ctx.header('Cache-Control', 'no-cache');
      },
    })(c, next);
  });
  app.get('*', (c) => {
    if (c.req.path === '/api' || c.req.path.startsWith('/api/')) return c.notFound();
    c.header('Cache-Control', 'no-cache');
    return c.html(readFileSync(join(dir, 'index.html'), 'utf8'));
  });
}
