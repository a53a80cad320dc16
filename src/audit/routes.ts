import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ALL_UNITS, requireAbility } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { requireSession } from '../http/auth.ts';
import { requestLang } from '../http/errors.ts';
import { CodeParam, createRouter, errors, json, sendXlsx, xlsx } from '../http/openapi.ts';
import { zodText } from '../text.ts';
import { exportEventsXlsx } from './export.ts';
import { listEvents } from './list.ts';
import { auditEventTypes, auditPayloads } from './payloads.ts';
import { eventName, eventSummary, loadAuditNames } from './present.ts';

const tags = ['Nhật ký'];

const Instant = z
  .string()
  .refine(
    (s) => !Number.isNaN(Date.parse(s)),
    zodText('thời điểm phải có dạng YYYY-MM-DD hoặc ISO 8601', 'use YYYY-MM-DD or ISO 8601'),
  );

const Filter = z.object({
  unit: CodeParam.optional().openapi({ description: 'Chỉ sự kiện của đơn vị này' }),
  user: z.coerce.number().int().positive().optional().openapi({ description: 'Mã người dùng thực hiện' }),
  dossier: z.coerce.number().int().positive().optional(),
  type: z
    .string()
    .regex(
      /^[a-z_]+(\.[a-z_]*)?$/,
      zodText('loại sự kiện như role.granted hoặc role.', 'an event type like role.granted or role.'),
    )
    .optional()
    .openapi({
      example: 'role.granted',
      description: 'Loại sự kiện; kết thúc bằng dấu chấm: cả nhóm (role.)',
    }),
  from: Instant.optional().openapi({ example: '2025-01-01' }),
  to: Instant.optional().openapi({ example: '2025-12-31', description: 'Ngày YYYY-MM-DD: hết ngày đó' }),
});

const eventBase = z.object({
  id: z.number().int(),
  actor_user_id: z.number().int().nullable(),
  actor_name: z.string(),
  unit_code: z.string().nullable(),
  dossier_id: z.number().int().nullable(),
  label: z.string().openapi({ description: 'Tên sự kiện theo ngôn ngữ của yêu cầu', example: 'Sửa số liệu' }),
  summary: z.string().openapi({ description: 'Chi tiết bằng lời (vai trò, kỳ, chỉ tiêu…)' }),
  at: z.string(),
});

/** One variant per event type of payloads.ts: `type` says what `data` holds. */
const eventVariants = auditEventTypes.map((type) =>
  eventBase.extend({ type: z.literal(type), data: auditPayloads[type] }),
);

const Event = z
  .discriminatedUnion('type', eventVariants as unknown as [(typeof eventVariants)[number]])
  .openapi('AuditEvent', { description: 'Một sự kiện nhật ký; `data` theo loại sự kiện (`type`)' });

const listRoute = createRoute({
  method: 'get',
  path: '/audit',
  tags,
  summary: 'Nhật ký thay đổi (mới nhất trước), lọc theo đơn vị, người, hồ sơ, thời gian',
  request: {
    query: Filter.extend({
      limit: z.coerce.number().int().min(1).max(500).default(100),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  },
  responses: {
    200: json(z.object({ events: z.array(Event), total: z.number().int() }), 'Sự kiện'),
    ...errors(400, 401, 403),
  },
});

const exportRoute = createRoute({
  method: 'get',
  path: '/audit.xlsx',
  tags,
  summary: 'Xuất nhật ký ra .xlsx (cùng bộ lọc)',
  request: { query: Filter },
  responses: { 200: xlsx('Nhật ký .xlsx'), ...errors(400, 401, 403) },
});

/** Reading the audit trail needs audit.read on the unit filtered on, or on every unit. */
async function requireAuditReader(db: Db, c: Context, unit: string | undefined): Promise<void> {
  await requireAbility(db, requireSession(c).actor, 'audit.read', { unitCode: unit ?? ALL_UNITS });
}

const filterOf = (q: z.infer<typeof Filter>) => ({
  unitCode: q.unit,
  userId: q.user,
  dossierId: q.dossier,
  type: q.type,
  from: q.from,
  to: q.to,
});

/** /api/audit and /api/audit.xlsx: the audit trail for administrators. Always needs a session. */
export function auditRoutes(db: Db) {
  return createRouter()
    .openapi(listRoute, async (c) => {
      const q = c.req.valid('query');
      await requireAuditReader(db, c, q.unit);
      const { events, total } = await listEvents(db, { ...filterOf(q), limit: q.limit, offset: q.offset });
      const lang = requestLang(c);
      const names = await loadAuditNames(db);
      return c.json(
        {
          events: events.map((e) => ({
            ...e,
            label: eventName(e.type, lang),
            summary: eventSummary(e, lang, names),
          })),
          total,
        },
        200,
      );
    })
    .openapi(exportRoute, async (c) => {
      const q = c.req.valid('query');
      await requireAuditReader(db, c, q.unit);
      return sendXlsx(c, await exportEventsXlsx(db, filterOf(q)), 'nhat-ky.xlsx');
    });
}
