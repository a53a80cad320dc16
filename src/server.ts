import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { sessionRoutes } from './accounts/session-routes.ts';
import { userRoutes } from './accounts/user-routes.ts';
import { approvalRoutes } from './approval/routes.ts';
import { listenForChanges } from './audit/changes.ts';
import { auditRoutes } from './audit/routes.ts';
import type { Db } from './db/database.ts';
import { dossierRoutes } from './dossiers/routes.ts';
import { evaluationRoutes } from './evaluations/routes.ts';
import { evidenceRoutes } from './evidence/routes.ts';
import { type FileStore, fileStoreFromEnv } from './evidence/storage.ts';
import { exportRoutes } from './exports/routes.ts';
import { frameworkRoutes } from './frameworks/routes.ts';
import { homeRoutes } from './home/routes.ts';
import { type AuthMode, authMiddleware, authModeFromEnv, hostCheck } from './http/auth.ts';
import { type OpenApiDoc, renderDocsPage } from './http/docs-page.ts';
import { errorJson, handleError, validationHook } from './http/errors.ts';
import { fallbackPage } from './http/fallback-page.ts';
import { inputGuard } from './http/input.ts';
import { json } from './http/openapi.ts';
import { securityHeaders } from './http/security-headers.ts';
import { bodyLimits } from './http/upload.ts';
import { hasWebBuild, serveWebUi } from './http/web-ui.ts';
import { importRoutes } from './imports/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { pastRecognitionRoutes } from './past-recognitions/routes.ts';
import { portalAdminRoutes, publicPortalRoutes } from './portal/routes.ts';
import { qualityRoutes } from './quality/routes.ts';
import { rankingRoutes } from './rankings/routes.ts';
import { reportRoutes } from './reports/routes.ts';
import { staffRoutes } from './staff/routes.ts';
import { publicSurveyRoutes, surveyRoutes } from './surveys/routes.ts';
import { targetRoutes } from './targets/routes.ts';
import { text } from './text.ts';
import { unitRoutes } from './units/routes.ts';
import { valueRoutes } from './values/routes.ts';
import { whatIfRoutes } from './whatif/routes.ts';

/** The OpenAPI document's header (also used by scripts/gen-api-types.ts). */
export const openApiInfo = {
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
export function createApp(
  db: Db,
  opts: { webDir?: string; auth?: AuthMode; files?: FileStore } = {},
): OpenAPIHono {
  const files = opts.files ?? fileStoreFromEnv();
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.onError(handleError);
  app.use('*', hostCheck(), securityHeaders());
  app.notFound((c) => errorJson(c, 'NOT_FOUND', text(`Không có đường dẫn ${c.req.path}`, `no such route`)));
  app.use('/api/*', authMiddleware(db, opts.auth ?? authModeFromEnv()));
  app.use('*', bodyLimits());
  app.use('*', inputGuard());

  app.openapi(healthRoute, (c) => c.json({ status: 'ok' as const, database: db.kind }, 200));
  app.route('/api/units', unitRoutes(db));
  app.route('/api/frameworks', frameworkRoutes(db));
  app.route('/api/values', valueRoutes(db));
  app.route('/api/evaluations', evaluationRoutes(db));
  app.route('/api/imports', importRoutes(db));
  app.route('/api/exports', exportRoutes(db));
  app.route('/api/session', sessionRoutes(db));
  app.route('/api/home', homeRoutes(db));
  app.route('/api/what-if', whatIfRoutes(db));
  app.route('/api/rankings', rankingRoutes(db));
  app.route('/api/users', userRoutes(db));
  app.route('/api', auditRoutes(db));
  app.route('/api/dossiers', dossierRoutes(db, files));
  app.route('/api/evidence', evidenceRoutes(db, files));
  app.route('/api/targets', targetRoutes(db));
  app.route('/api/surveys', surveyRoutes(db));
  app.route('/api/public', publicSurveyRoutes(db));
  app.route('/api/staff', staffRoutes(db));
  app.route('/api/public', publicPortalRoutes(db));
  app.route('/api/portal', portalAdminRoutes(db));
  app.route('/api/approvals', approvalRoutes(db));
  app.route('/api/past-recognitions', pastRecognitionRoutes(db));
  app.route('/api/quality', qualityRoutes(db));
  app.route('/api/notifications', notificationRoutes(db));
  app.route('/api/reports', reportRoutes(db));

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
  opts: { port: number; host: string; webDir?: string; files?: FileStore; auth?: AuthMode },
): Promise<{ port: number; url: string; close(): Promise<void> }> {
  const app = createApp(db, { webDir: opts.webDir, files: opts.files, auth: opts.auth });
  // Other instances on the same PostgreSQL announce their committed changes (src/audit/changes.ts).
  const unlisten = await listenForChanges(db);
  // Requests being handled, so that closing waits for them before the database is closed.
  let active = 0;
  let drained: (() => void) | null = null;
  const fetch: typeof app.fetch = async (req, ...rest) => {
    active++;
    try {
      return await app.fetch(req, ...rest);
    } finally {
      if (--active === 0) drained?.();
    }
  };
  return new Promise((resolve) => {
    const server = serve({ fetch, port: opts.port, hostname: opts.host }, (info: AddressInfo) =>
      resolve({
        port: info.port,
        url: `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${info.port}`,
        // Stops accepting, closes idle keep-alive connections, and resolves once the requests in
        // flight have been answered (or after 5 s, cutting what is left).
        close: async () => {
          const closed = new Promise<void>((r) => server.close(() => r()));
          if ('closeIdleConnections' in server) server.closeIdleConnections();
          const idle = new Promise<void>((r) => {
            drained = r;
            if (active === 0) r();
          });
          let timer: NodeJS.Timeout | undefined;
          const timeout = new Promise<void>((r) => {
            timer = setTimeout(r, 5000);
          });
          await Promise.race([idle, timeout]);
          clearTimeout(timer);
          if ('closeAllConnections' in server) server.closeAllConnections();
          await closed;
          await unlisten();
        },
      }),
    );
  });
}
