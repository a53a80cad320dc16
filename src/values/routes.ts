import { createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../db/database.ts';
import { requestActor } from '../http/auth.ts';
import { CodeParam, createRouter, errors, json, PeriodParam } from '../http/openapi.ts';
import { setValues } from './import.ts';
import { listValues, readValueHistory } from './read.ts';

const tags = ['Số liệu'];

const Scalar = z.union([z.number(), z.boolean(), z.string()]);
const Change = {
  value: Scalar.nullable().openapi({ description: 'Giá trị theo kiểu số liệu; null khi "không áp dụng"' }),
  num: z.number().nullable(),
  txt: z.string().nullable(),
  na: z.boolean().openapi({ description: 'Không áp dụng' }),
  note: z.string().nullable(),
  source: z.string().openapi({ example: 'typed', description: 'typed | import | demo | …' }),
  actor: z.string(),
  changed_at: z.string().openapi({ example: '2024-07-01T08:30:00.000Z' }),
};
const ValueEntry = z
  .object({
    measure: z.string().openapi({ example: 'road_hardened_pct' }),
    indicator_codes: z.array(z.string()).openapi({ example: ['1.1'] }),
    ...Change,
  })
  .openapi('Value');

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Số liệu hiện hành của một đơn vị trong một kỳ',
  request: {
    query: z.object({
      unit: CodeParam,
      period: PeriodParam,
      framework: z.string().min(1).optional().openapi({
        description: 'Chỉ các số liệu bộ tiêu chí này dùng (indicator_codes là mã chỉ tiêu của bộ đó)',
      }),
    }),
  },
  responses: { 200: json(z.object({ values: z.array(ValueEntry) }), 'Số liệu'), ...errors(400, 404) },
});

const historyRoute = createRoute({
  method: 'get',
  path: '/history',
  tags,
  summary: 'Lịch sử thay đổi một số liệu (mới nhất trước)',
  request: { query: z.object({ unit: CodeParam, measure: z.string().min(1), period: PeriodParam }) },
  responses: {
    200: json(z.object({ history: z.array(z.object(Change)) }), 'Các lần thay đổi'),
    ...errors(400, 404),
  },
});

const writeRoute = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Nhập nhiều số liệu; có lỗi thì không lưu gì. Kết quả đánh giá cập nhật ngay',
  description:
    'indicator là mã số liệu (road_hardened_pct) hoặc <bộ tiêu chí>:<mã chỉ tiêu>. Người nhập là người dùng của phiên đăng nhập.',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            values: z
              .array(
                z.object({
                  unit_code: CodeParam.openapi({ example: '09877' }),
                  indicator: z.string().min(1).openapi({ example: 'road_hardened_pct' }),
                  period: PeriodParam,
                  value: z.union([z.string(), z.number(), z.boolean()]).openapi({ example: '92,5' }),
                  note: z.string().max(2000).optional(),
                  based_on: z.iso.datetime().nullable().optional().openapi({
                    description:
                      'changed_at của số liệu mà người nhập đã thấy (null: chưa có). Nếu số liệu đã đổi sau đó: 409 VALUE_CONFLICT, không lưu gì',
                    example: '2024-07-01T08:30:00.000Z',
                  }),
                  entered_at: z.iso.datetime().optional().openapi({
                    description: 'Lúc nhập trên máy (nhập khi ngoại tuyến, gửi sau)',
                  }),
                }),
              )
              .min(1)
              .max(5000),
          }),
        },
      },
    },
  },
  responses: {
    200: json(z.object({ changed: z.number().int() }), 'Số số liệu đã thay đổi'),
    ...errors(400, 401, 403, 409),
  },
});

/** /api/values: current figures, a figure's history, batch entry. */
export function valueRoutes(db: Db) {
  return createRouter()
    .openapi(listRoute, async (c) => {
      const q = c.req.valid('query');
      const values = await listValues(db, {
        unitCode: q.unit,
        period: q.period,
        frameworkId: q.framework,
        actor: requestActor(c),
      });
      return c.json({ values }, 200);
    })
    .openapi(historyRoute, async (c) => {
      const q = c.req.valid('query');
      const history = await readValueHistory(db, {
        unitCode: q.unit,
        measureId: q.measure,
        period: q.period,
        actor: requestActor(c),
      });
      return c.json({ history }, 200);
    })
    .openapi(writeRoute, async (c) => {
      const { values } = c.req.valid('json');
      const r = await setValues(db, {
        values: values.map((v, i) => ({
          line: i + 1,
          unitCode: v.unit_code,
          indicator: v.indicator,
          period: v.period,
          value: String(v.value),
          note: v.note ?? '',
          ...(v.based_on !== undefined ? { basedOn: v.based_on } : {}),
          ...(v.entered_at ? { enteredAt: v.entered_at } : {}),
        })),
        actor: requestActor(c),
      });
      return c.json({ changed: r.changed }, 200);
    });
}
