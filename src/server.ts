import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from './db/database.ts';
import { evaluationRoutes } from './evaluations/routes.ts';
import { exportRoutes } from './exports/routes.ts';
import { frameworkRoutes } from './frameworks/routes.ts';
import { type OpenApiDoc, renderDocsPage } from './http/docs-page.ts';
import { errorJson, handleError, validationHook } from './http/errors.ts';
import { fallbackPage } from './http/fallback-page.ts';
import { json } from './http/openapi.ts';
import { hasWebBuild, serveWebUi } from './http/web-ui.ts';
import { importRoutes } from './imports/routes.ts';
import { unitRoutes } from './units/routes.ts';
import { valueRoutes } from './values/routes.ts';

const openApiInfo = {
  openapi: '3.1.0',
  info: {
    title: 'TieuChi API',
    version: '1',
    description:
      'API JSON của TieuChi: đơn vị hành chính, bộ tiêu chí, số liệu, kết quả đánh giá, nhập/xuất tệp. ' +
      'Lỗi có dạng {"error": {"code", "message", "details"}} với mã ổn định: 400 dữ liệu vào sai, ' +
      '404 không tìm thấy, 409 trái quy trình, 500 lỗi máy chủ.',
  },
};

const healthRoute = createRoute({
  method: 'get',
  path: '/api/health',
  tags: ['Hệ thống'],
  summary: 'Máy chủ đang chạy và loại cơ sở dữ liệu',
  responses: {
    200: json(z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }), 'Hoạt động'),
  },
});

/** The HTTP app: the JSON API under /api, its reference, and the web UI (or a minimal page). */
export function createApp(db: Db, opts: { webDir?: string } = {}): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.onError(handleError);
  app.notFound((c) => errorJson(c, 'NOT_FOUND', `Không có đường dẫn ${c.req.path} / no such route`));

  app.openapi(healthRoute, (c) => c.json({ status: 'ok' as const, database: db.kind }, 200));
  app.route('/api/units', unitRoutes(db));
  app.route('/api/frameworks', frameworkRoutes(db));
  app.route('/api/values', valueRoutes(db));
  app.route('/api/evaluations', evaluationRoutes(db));
  app.route('/api/imports', importRoutes(db));
  app.route('/api/exports', exportRoutes(db));

  app.doc31('/api/openapi.json', openApiInfo);
  let docsHtml: string | undefined;
  app.get('/api/docs', (c) => {
    docsHtml ??= renderDocsPage(app.getOpenAPI31Document(openApiInfo) as unknown as OpenApiDoc);
    return c.html(docsHtml);
  });

  if (hasWebBuild(opts.webDir)) serveWebUi(app, opts.webDir);
  else app.get('/', (c) => fallbackPage(db, c));
  return app;
}

/** Starts the HTTP server; resolves once it listens, with the port it got (port 0 = any free one). */
export async function startServer(
  db: Db,
  opts: { port: number; host: string; webDir?: string },
): Promise<{ port: number; url: string; close(): Promise<void> }> {
  const app = createApp(db, { webDir: opts.webDir });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: opts.port, hostname: opts.host }, (info: AddressInfo) =>
      resolve({
        port: info.port,
        url: `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${info.port}`,
        // Stops accepting, lets requests in flight finish (idle keep-alive connections are
        // closed at once), and cuts whatever is left after a few seconds.
        close: () =>
          new Promise<void>((r) => {
            const force = setTimeout(() => {
              if ('closeAllConnections' in server) server.closeAllConnections();
            }, 5000);
            server.close(() => {
              clearTimeout(force);
              r();
            });
            if ('closeIdleConnections' in server) server.closeIdleConnections();
          }),
      }),
    );
  });
}
