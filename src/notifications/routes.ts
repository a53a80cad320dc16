/** /api/notifications: the caller's notices (bell, list, mark as read) and where to e-mail them. */
import { createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../db/database.ts';
import { requestActor } from '../http/auth.ts';
import { createRouter, errors, json } from '../http/openapi.ts';
import { smtpConfigured } from '../mail/mailer.ts';
import { zodText } from '../text.ts';
import { listNotices, markNoticesRead, readNoticeEmail, setNoticeEmail } from './store.ts';

const Notice = z
  .object({
    id: z.number().int(),
    kind: z.enum([
      'dossier_deadline',
      'dossier_vote',
      'dossier_ruling',
      'report_missing',
      'survey_closing',
      'staff_self_assessment',
      'monthly_report',
    ]),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable().openapi({ description: 'Trang cần mở (đường dẫn của ứng dụng)' }),
    report_id: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Báo cáo tháng kèm theo (tải tại /api/reports/files/{id})' }),
    created_at: z.string(),
    read_at: z.string().nullable(),
  })
  .openapi('Notice');

const NoticeList = z.object({ unread: z.number().int(), notices: z.array(Notice) }).openapi('NoticeList');

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['Thông báo'],
  summary: 'Thông báo của người đang đăng nhập, mới nhất trước, và số chưa đọc',
  request: {
    query: z.object({
      unread: z.enum(['1', '0']).optional().openapi({ description: '1: chỉ thông báo chưa đọc' }),
      limit: z.coerce
        .number()
        .int(zodText('số lượng phải là số nguyên', 'limit must be an integer'))
        .min(1)
        .max(200)
        .optional(),
    }),
  },
  responses: { 200: json(NoticeList, 'Thông báo'), ...errors(400, 401) },
});

const readRoute = createRoute({
  method: 'post',
  path: '/read',
  tags: ['Thông báo'],
  summary: 'Đánh dấu đã đọc: các thông báo được nêu, hoặc tất cả khi không nêu',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({ ids: z.array(z.number().int().positive()).max(500).optional() }),
        },
      },
    },
  },
  responses: {
    200: json(z.object({ marked: z.number().int() }), 'Số thông báo vừa đánh dấu'),
    ...errors(400, 401),
  },
});

const Settings = z
  .object({
    email: z.string().nullable(),
    email_available: z.boolean().openapi({ description: 'Máy chủ đã cấu hình gửi thư (SMTP)' }),
  })
  .openapi('NoticeSettings');

const getSettingsRoute = createRoute({
  method: 'get',
  path: '/settings',
  tags: ['Thông báo'],
  summary: 'Địa chỉ thư điện tử nhận thông báo',
  responses: { 200: json(Settings, 'Cài đặt'), ...errors(401) },
});

const putSettingsRoute = createRoute({
  method: 'put',
  path: '/settings',
  tags: ['Thông báo'],
  summary: 'Đặt (hoặc bỏ, với null) địa chỉ thư điện tử nhận thông báo',
  request: {
    body: {
      content: { 'application/json': { schema: z.object({ email: z.string().max(254).nullable() }) } },
    },
  },
  responses: { 200: json(Settings, 'Cài đặt'), ...errors(400, 401) },
});

export function notificationRoutes(db: Db) {
  const settings = async (userId: number) => ({
    email: await readNoticeEmail(db, userId),
    email_available: smtpConfigured(),
  });
  return createRouter()
    .openapi(listRoute, async (c) => {
      const q = c.req.valid('query');
      const list = await listNotices(db, {
        actor: requestActor(c),
        unreadOnly: q.unread === '1',
        limit: q.limit,
      });
      return c.json(list, 200);
    })
    .openapi(readRoute, async (c) => {
      const marked = await markNoticesRead(db, { actor: requestActor(c), ids: c.req.valid('json').ids });
      return c.json({ marked }, 200);
    })
    .openapi(getSettingsRoute, async (c) => {
      const actor = requestActor(c);
      await listNotices(db, { actor, limit: 1 }); // AUTH_REQUIRED without an account
      return c.json(await settings(actor.userId as number), 200);
    })
    .openapi(putSettingsRoute, async (c) => {
      const actor = requestActor(c);
      await setNoticeEmail(db, { actor, email: c.req.valid('json').email });
      return c.json(await settings(actor.userId as number), 200);
    });
}
