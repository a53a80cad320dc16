/** /api/what-if: hypothetical figures for a unit and the statuses they would change (nothing stored). */
import { createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../db/database.ts';
import { statuses } from '../engine/status.ts';
import { requestActor } from '../http/auth.ts';
import { CodeParam, createRouter, errors, json, PeriodParam } from '../http/openapi.ts';
import { evaluateWhatIf } from './what-if.ts';

const tags = ['Giả định'];
const Status = z.enum(statuses);
const Scalar = z.union([z.number(), z.boolean(), z.string()]).nullable();
const PartChange = z.object({
  framework: z.string(),
  unit: z.string(),
  code: z.string(),
  name: z.string(),
  before: Status,
  after: Status,
});
const Counts = z.object({
  total: z.number().int(),
  met_before: z.number().int(),
  met_after: z.number().int(),
});

const WhatIf = z
  .object({
    period: z.string(),
    tree_date: z.string().openapi({ description: 'Cây đơn vị của kỳ (ngày cuối kỳ)' }),
    unit: z.object({ code: z.string(), name: z.string() }),
    set: z.array(z.object({ measure: z.string(), before: Scalar, after: Scalar })),
    changes: z
      .array(
        z.object({
          framework: z.string(),
          framework_name: z.string(),
          unit: z.string(),
          unit_name: z.string(),
          before: Status,
          after: Status,
          met_criteria: z.object({ before: z.number().int(), after: z.number().int() }),
          total_criteria: z.number().int(),
          children: Counts.optional(),
        }),
      )
      .openapi({
        description: 'Bộ tiêu chí đổi kết quả: đơn vị trước, rồi các cấp trên (qua tỷ lệ đơn vị đạt)',
      }),
    criteria: z.array(PartChange),
    indicators: z.array(PartChange),
    counts: z
      .array(Counts.extend({ framework: z.string(), unit: z.string(), unit_name: z.string() }))
      .openapi({ description: 'Số đơn vị đạt của cấp trên thay đổi mà kết quả cấp trên không đổi' }),
  })
  .openapi('WhatIf');

const whatIfRoute = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Giả định số liệu của một đơn vị: kết quả nào sẽ thay đổi (không lưu gì)',
  description:
    'Số liệu viết như cán bộ nhập ("92,5", "có"). Đánh giá trên cây đơn vị của kỳ; không ghi số liệu, lịch sử hay nhật ký.',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            period: PeriodParam,
            unit: CodeParam.openapi({ example: '09877' }),
            set: z
              .array(
                z.object({
                  measure: z.string().min(1).openapi({ example: 'road_hardened_pct' }),
                  value: z.union([z.string(), z.number(), z.boolean()]).openapi({ example: '92,5' }),
                }),
              )
              .min(1)
              .max(100),
          }),
        },
      },
    },
  },
  responses: { 200: json(WhatIf, 'Các kết quả sẽ thay đổi'), ...errors(400, 401, 403, 404) },
});

export function whatIfRoutes(db: Db) {
  return createRouter().openapi(whatIfRoute, async (c) => {
    const body = c.req.valid('json');
    const r = await evaluateWhatIf(db, {
      period: body.period,
      unitCode: body.unit,
      set: body.set.map((s) => ({
        measure: s.measure,
        value: typeof s.value === 'boolean' ? (s.value ? 'có' : 'không') : String(s.value),
      })),
      actor: requestActor(c),
    });
    return c.json(r, 200);
  });
}
