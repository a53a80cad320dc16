import { createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../db/database.ts';
import { requestActor } from '../http/auth.ts';
import { CodeParam, createRouter, DateParam, errors, json, today } from '../http/openapi.ts';
import { presentUnit, UnitSchema } from './present.ts';
import { listUnits, readUnit } from './read.ts';
import { searchUnits } from './search.ts';

const tags = ['Đơn vị hành chính'];

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Các đơn vị cấp dưới của một đơn vị (hoặc cấp cao nhất) tại một ngày',
  request: {
    query: z.object({
      date: DateParam.optional().openapi({ description: 'Ngày (mặc định hôm nay)' }),
      parent: CodeParam.optional().openapi({ description: 'Mã đơn vị cấp trên; bỏ trống: cấp cao nhất' }),
    }),
  },
  responses: {
    200: json(z.object({ date: z.string(), units: z.array(UnitSchema) }), 'Danh sách đơn vị'),
    ...errors(400, 404),
  },
});

const searchRoute = createRoute({
  method: 'get',
  path: '/search',
  tags,
  summary: 'Tìm đơn vị theo tên, không cần dấu ("gia lam" tìm ra "Huyện Gia Lâm")',
  request: {
    query: z.object({
      q: z.string().min(1).max(100).openapi({ example: 'gia lam' }),
      date: DateParam.optional().openapi({ description: 'Ngày (mặc định hôm nay)' }),
      limit: z.coerce.number().int().min(1).max(100).default(20),
    }),
  },
  responses: {
    200: json(
      z.object({
        units: z.array(
          UnitSchema.extend({
            path: z
              .array(z.object({ code: z.string(), name: z.string() }))
              .openapi({ description: 'Các cấp trên, từ cấp cao nhất xuống cấp trên trực tiếp' }),
          }),
        ),
      }),
      'Các đơn vị tìm thấy',
    ),
    ...errors(400),
  },
});

const detailRoute = createRoute({
  method: 'get',
  path: '/{code}',
  tags,
  summary: 'Một đơn vị: cấp trên, cấp dưới, lịch sử, đơn vị tiền thân và kế thừa',
  request: {
    params: z.object({ code: CodeParam.openapi({ example: '268' }) }),
    query: z.object({
      date: DateParam.optional().openapi({
        description: 'Ngày (mặc định hôm nay; đơn vị đã giải thể: ngày cuối cùng của nó)',
      }),
    }),
  },
  responses: {
    200: json(
      z.object({
        unit: UnitSchema,
        ancestors: z.array(UnitSchema).openapi({ description: 'Gần nhất trước' }),
        children: z.array(UnitSchema),
        history: z.array(UnitSchema).openapi({ description: 'Mọi khoảng hiệu lực của mã, cũ nhất trước' }),
        predecessors: z
          .array(UnitSchema)
          .openapi({ description: 'Các đơn vị (mã khác) đã nhập vào đơn vị này' }),
        successors: z
          .array(UnitSchema)
          .openapi({ description: 'Các đơn vị (mã khác) mà đơn vị này trở thành' }),
      }),
      'Chi tiết đơn vị',
    ),
    ...errors(400, 404),
  },
});

/** /api/units: the administrative tree at a date, search, one unit with its history. */
export function unitRoutes(db: Db) {
  return createRouter()
    .openapi(listRoute, async (c) => {
      const { date = today(), parent } = c.req.valid('query');
      const units = await listUnits(db, { date, parent, actor: requestActor(c) });
      return c.json({ date, units: units.map(presentUnit) }, 200);
    })
    .openapi(searchRoute, async (c) => {
      const { q, date = today(), limit } = c.req.valid('query');
      const units = await searchUnits(db, { q, date, limit, actor: requestActor(c) });
      return c.json({ units: units.map((u) => ({ ...presentUnit(u), path: u.path })) }, 200);
    })
    .openapi(detailRoute, async (c) => {
      const { date } = c.req.valid('query');
      const d = await readUnit(db, { code: c.req.valid('param').code, date, actor: requestActor(c) });
      return c.json(
        {
          unit: presentUnit(d.unit),
          ancestors: d.ancestors.map(presentUnit),
          children: d.children.map(presentUnit),
          history: d.history.map(presentUnit),
          predecessors: d.predecessors.map(presentUnit),
          successors: d.successors.map(presentUnit),
        },
        200,
      );
    });
}
