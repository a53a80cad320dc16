import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { requireAbilitySomewhere } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { requestActor } from '../http/auth.ts';
import { CodeParam, createRouter, DateParam, errors, json, today } from '../http/openapi.ts';
import { FileField, fileBytes, uploadGuard } from '../http/upload.ts';
import { zodText } from '../text.ts';
import { importUnitLocations, setUnitLocation, UnitLocationSchema, unitLocations } from './locations.ts';
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
        location: z.union([UnitLocationSchema, z.null()]).openapi({
          description: 'Vị trí trụ sở UBND (null: chưa ghi); dùng để cảnh báo ảnh thực địa chụp xa đơn vị',
        }),
      }),
      'Chi tiết đơn vị',
    ),
    ...errors(400, 404),
  },
});

/** A coordinate as typed ("21,0434") or as a number. */
const Coordinate = z.union([z.number(), z.string().max(40)]);

const locationRoute = createRoute({
  method: 'put',
  path: '/{code}/location',
  tags,
  summary: 'Ghi vị trí trụ sở UBND của đơn vị (quản trị viên của đơn vị)',
  description:
    'Vĩ độ, kinh độ (WGS 84; viết 21,0434 hoặc 21.0434) và nguồn của tọa độ. Ảnh thực địa chụp xa vị trí này được cảnh báo.',
  request: {
    params: z.object({ code: CodeParam.openapi({ example: '00541' }) }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            lat: Coordinate.openapi({ description: 'Vĩ độ', example: '21,0434' }),
            lng: Coordinate.openapi({ description: 'Kinh độ', example: '105,9321' }),
            source: z
              .string()
              .max(500)
              .openapi({ description: 'Nguồn của tọa độ', example: 'Đo tại trụ sở UBND xã ngày 02/12/2026' }),
          }),
        },
      },
    },
  },
  responses: {
    200: json(z.object({ location: UnitLocationSchema }), 'Vị trí đã ghi'),
    ...errors(400, 401, 403, 404),
  },
});

const LocationsFile = z.object({
  file: FileField,
  source: z
    .string()
    .max(500, zodText('tối đa 500 ký tự', 'at most 500 characters'))
    .optional()
    .openapi({ description: 'Nguồn của tọa độ cho các dòng không có cột nguon (mặc định: tên tệp)' }),
});

function importLocationsRoute(guard: MiddlewareHandler) {
  return createRoute({
    method: 'post',
    path: '/locations',
    tags,
    summary: 'Nhập vị trí trụ sở các đơn vị từ CSV / .xlsx (cột ma_don_vi, vi_do, kinh_do, tùy chọn nguon)',
    description:
      'Chấp nhận dấu phẩy thập phân (21,0434). Có dòng lỗi (mã không có, trùng, tọa độ sai hoặc ngoài lãnh thổ) thì không lưu gì; lỗi nêu dòng và cột.',
    middleware: [guard] as const,
    request: { body: { required: true, content: { 'multipart/form-data': { schema: LocationsFile } } } },
    responses: {
      200: json(
        z.object({
          file: z.string(),
          rows: z.number().int(),
          changed: z.number().int(),
          unchanged: z.number().int(),
        }),
        'Báo cáo nhập',
      ),
      ...errors(400, 401, 403, 413),
    },
  });
}

/** /api/units: the administrative tree at a date, search, one unit with its history and location. */
export function unitRoutes(db: Db) {
  const locationsUpload = uploadGuard('table', (actor) => requireAbilitySomewhere(actor, 'unit.locate'));
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
          location: (await unitLocations(db, [d.unit.code])).get(d.unit.code) ?? null,
        },
        200,
      );
    })
    .openapi(locationRoute, async (c) => {
      const b = c.req.valid('json');
      const location = await setUnitLocation(db, {
        actor: requestActor(c),
        unitCode: c.req.valid('param').code,
        lat: b.lat,
        lng: b.lng,
        source: b.source,
      });
      return c.json({ location }, 200);
    })
    .openapi(importLocationsRoute(locationsUpload), async (c) => {
      const { file, source } = c.req.valid('form');
      const r = await importUnitLocations(db, {
        actor: requestActor(c),
        fileName: file.name,
        content: await fileBytes(file),
        source,
      });
      return c.json(r, 200);
    });
}
