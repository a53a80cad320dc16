/** /api/reports: monthly summary subscriptions and the files received. */
import { createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../db/database.ts';
import { requestActor } from '../http/auth.ts';
import { CodeParam, createRouter, errors, json, sendXlsx, xlsx } from '../http/openapi.ts';
import {
  listSubscriptions,
  readReportFile,
  subscribeMonthlyReport,
  unsubscribeMonthlyReport,
} from './subscriptions.ts';

const Subscription = z
  .object({ id: z.number().int(), unit_code: z.string(), unit_name: z.string(), created_at: z.string() })
  .openapi('ReportSubscription');
const Subscriptions = z.object({ subscriptions: z.array(Subscription) }).openapi('ReportSubscriptions');
const Id = z.object({ id: z.coerce.number().int().positive() });

const listRoute = createRoute({
  method: 'get',
  path: '/subscriptions',
  tags: ['Báo cáo định kỳ'],
  summary: 'Các địa bàn người đang đăng nhập nhận báo cáo tháng',
  responses: { 200: json(Subscriptions, 'Đăng ký'), ...errors(401) },
});

const subscribeRoute = createRoute({
  method: 'post',
  path: '/subscriptions',
  tags: ['Báo cáo định kỳ'],
  summary: 'Đăng ký nhận báo cáo tháng của một địa bàn (đơn vị và các đơn vị trực thuộc)',
  request: {
    body: { content: { 'application/json': { schema: z.object({ unit_code: CodeParam }) } } },
  },
  responses: { 200: json(Subscriptions, 'Đăng ký'), ...errors(400, 401, 403, 404) },
});

const unsubscribeRoute = createRoute({
  method: 'delete',
  path: '/subscriptions/{id}',
  tags: ['Báo cáo định kỳ'],
  summary: 'Thôi nhận báo cáo tháng',
  request: { params: Id },
  responses: { 200: json(Subscriptions, 'Đăng ký còn lại'), ...errors(400, 401, 404) },
});

const fileRoute = createRoute({
  method: 'get',
  path: '/files/{id}',
  tags: ['Báo cáo định kỳ'],
  summary: 'Tải báo cáo tháng đã nhận (.xlsx)',
  request: { params: Id },
  responses: { 200: xlsx('Báo cáo tháng .xlsx'), ...errors(400, 401, 404) },
});

export function reportRoutes(db: Db) {
  return createRouter()
    .openapi(listRoute, async (c) =>
      c.json({ subscriptions: await listSubscriptions(db, { actor: requestActor(c) }) }, 200),
    )
    .openapi(subscribeRoute, async (c) => {
      const subscriptions = await subscribeMonthlyReport(db, {
        actor: requestActor(c),
        unitCode: c.req.valid('json').unit_code,
      });
      return c.json({ subscriptions }, 200);
    })
    .openapi(unsubscribeRoute, async (c) => {
      const actor = requestActor(c);
      await unsubscribeMonthlyReport(db, { actor, id: c.req.valid('param').id });
      return c.json({ subscriptions: await listSubscriptions(db, { actor }) }, 200);
    })
    .openapi(fileRoute, async (c) => {
      const f = await readReportFile(db, { actor: requestActor(c), id: c.req.valid('param').id });
      return sendXlsx(c, f.content, f.fileName);
    });
}
