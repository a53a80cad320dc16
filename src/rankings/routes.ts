/** /api/rankings: units closest to meeting (the short list) and rankings by improvement. */
import { createRoute, z } from '@hono/zod-openapi';
import type { Actor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { statuses } from '../engine/status.ts';
import { requestActor } from '../http/auth.ts';
import { CodeParam, createRouter, errors, json, PeriodParam } from '../http/openapi.ts';
import { listClosestUnits } from './closest.ts';
import { improvementOrders, rankImprovement } from './improvement.ts';

const tags = ['Xếp hạng'];
const Status = z.enum(statuses);
const UnitRef = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  parent_code: z.string().nullable(),
});
const framework = z.string().min(1).openapi({ example: 'vn-qd318-xa-ntm-2021-2025' });

const Shortfall = z.object({
  criterion: z.string(),
  code: z.string(),
  name: z.string(),
  status: Status,
  gap: z.number().nullable(),
  gap_relative: z.number().nullable(),
  gap_text: z.string().openapi({ example: 'còn thiếu 0,1 điểm %' }),
});

const ClosestList = z
  .object({
    framework: z.object({ id: z.string(), version: z.number().int(), name: z.string() }),
    period: z.string(),
    tree_date: z.string(),
    unit: z.object({ code: z.string(), name: z.string() }),
    total: z.number().int(),
    met: z.number().int(),
    rule: z.string().openapi({ description: 'Cách xếp, bằng lời' }),
    units: z.array(
      z.object({
        rank: z.number().int(),
        unit: UnitRef,
        status: Status,
        met_criteria: z.number().int(),
        total_criteria: z.number().int(),
        criteria_short: z.number().int(),
        indicators_short: z.number().int(),
        distance: z.number(),
        shortfalls: z
          .array(Shortfall)
          .openapi({ description: 'Còn thiếu gì, gần đạt nhất trước (tối đa 5)' }),
      }),
    ),
  })
  .openapi('ClosestUnits');

export const ImprovementQuery = z.object({
  framework,
  unit: CodeParam.openapi({ example: '01' }),
  from: PeriodParam.openapi({ example: '2024' }),
  to: PeriodParam.openapi({ example: '2025' }),
  order: z.enum(improvementOrders).optional().openapi({
    description:
      'criteria: tiêu chí đạt thêm (mặc định); indicators: chỉ tiêu đạt thêm; gap: khoảng cách thu hẹp; level: mức đạt ở kỳ cuối',
  }),
});

/** The ranking's options from its query (the page's JSON and the .xlsx download read the same query). */
export function improvementOptions(q: z.infer<typeof ImprovementQuery>, actor: Actor) {
  return { frameworkId: q.framework, unitCode: q.unit, from: q.from, to: q.to, order: q.order, actor };
}

const Improvement = z
  .object({
    framework: z.object({ id: z.string(), name: z.string() }),
    from: z.string(),
    to: z.string(),
    unit: z.object({ code: z.string(), name: z.string() }),
    order: z.enum(improvementOrders),
    rule: z.string(),
    rows: z.array(
      z.object({
        rank: z
          .number()
          .int()
          .nullable()
          .openapi({ description: 'null: đơn vị hình thành sau kỳ đầu, không so sánh được' }),
        unit: UnitRef,
        status_from: Status.nullable(),
        status_to: Status,
        criteria_from: z.number().int().nullable(),
        criteria_to: z.number().int(),
        total_criteria: z.number().int(),
        criteria_gained: z.number().int().nullable(),
        indicators_from: z.number().int().nullable(),
        indicators_to: z.number().int(),
        indicators_gained: z.number().int().nullable(),
        distance_from: z.number().nullable(),
        distance_to: z.number(),
        gap_closed: z.number().nullable(),
      }),
    ),
  })
  .openapi('ImprovementRanking');

const closestRoute = createRoute({
  method: 'get',
  path: '/closest',
  tags,
  summary: 'Đơn vị gần đạt nhất trong địa bàn: còn thiếu ít tiêu chí, chỉ tiêu nhất, kèm điều kiện còn thiếu',
  request: {
    query: z.object({
      framework,
      period: PeriodParam,
      unit: CodeParam.openapi({ example: '01' }),
      limit: z.coerce.number().int().min(1).max(500).optional(),
    }),
  },
  responses: { 200: json(ClosestList, 'Danh sách gần đạt'), ...errors(400, 401, 403, 404) },
});

const improvementRoute = createRoute({
  method: 'get',
  path: '/improvement',
  tags,
  summary: 'Xếp hạng đơn vị theo mức tiến bộ giữa hai kỳ (tiêu chí, chỉ tiêu đạt thêm, khoảng cách thu hẹp)',
  request: { query: ImprovementQuery },
  responses: { 200: json(Improvement, 'Bảng xếp hạng'), ...errors(400, 401, 403, 404) },
});

export function rankingRoutes(db: Db) {
  return createRouter()
    .openapi(closestRoute, async (c) => {
      const q = c.req.valid('query');
      const r = await listClosestUnits(db, {
        frameworkId: q.framework,
        period: q.period,
        unitCode: q.unit,
        limit: q.limit,
        actor: requestActor(c),
      });
      return c.json(r as z.infer<typeof ClosestList>, 200);
    })
    .openapi(improvementRoute, async (c) => {
      const r = await rankImprovement(db, improvementOptions(c.req.valid('query'), requestActor(c)));
      return c.json(r as z.infer<typeof Improvement>, 200);
    });
}
