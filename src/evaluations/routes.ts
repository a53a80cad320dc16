import { createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../db/database.ts';
import { statuses } from '../engine/status.ts';
import { requestActor } from '../http/auth.ts';
import { CodeParam, createRouter, errors, json, PeriodParam } from '../http/openapi.ts';
import { readMatrix } from './matrix.ts';
import { readEvaluation } from './report.ts';
import { readSeries } from './series.ts';

const tags = ['Kết quả đánh giá'];

const Status = z.enum(statuses).openapi('Status', {
  description: 'đạt, cơ bản đạt, chưa đạt, chưa có số liệu, không áp dụng, chưa có ngưỡng',
});
const Counts = z
  .object({
    total: z.number().int(),
    met: z.number().int(),
    basically_met: z.number().int(),
    not_met: z.number().int(),
    no_data: z.number().int(),
    rule_missing: z.number().int(),
  })
  .openapi('Counts', { description: 'Số đơn vị trong cây con theo kết quả ("20/20 xã đạt")' });
const FrameworkRef = z.object({ id: z.string(), version: z.number().int(), name: z.string() });
/** The version that judged the period, with the legal texts it rests on. */
const JudgingVersion = FrameworkRef.extend({
  in_force_from: z.string().openapi({ description: 'Phiên bản này áp dụng cho các kỳ kết thúc từ ngày này' }),
  legal_basis: z.array(
    z.object({ number: z.string(), date: z.string().nullable(), part: z.string().nullable() }),
  ),
});
const IndicatorBase = z.object({
  code: z.string(),
  name: z.string(),
  value: z.union([z.number(), z.boolean(), z.string()]).nullable(),
  unit: z.string().nullable(),
  status: Status,
  threshold: z.string().openapi({ example: '≥ 90%' }),
  reason: z.string().openapi({ example: '85,5% < 90%' }),
  gap: z.number().nullable().optional().openapi({
    example: 4.5,
    description:
      'Chỉ tiêu chưa đạt: thay đổi (có dấu) của số liệu để đạt (≤: số âm; > và <: khoảng cách tới ngưỡng); null khi quy tắc không phải một số cần đạt (có/không, biểu thức)',
  }),
  gap_relative: z.number().nullable().optional().openapi({
    example: 0.05,
    description: 'Mức gần đạt: |gap| so với số liệu cần đạt (nhỏ nhất = gần đạt nhất); null khi không có gap',
  }),
  gap_text: z.string().optional().openapi({ example: 'còn thiếu 4,5 điểm %' }),
});
const IndicatorResult = IndicatorBase.extend({
  // A part (nội dung) of an indicator has no parts of its own (src/frameworks/schema.ts Part).
  parts: z
    .array(IndicatorBase.openapi('IndicatorPartResult'))
    .optional()
    .openapi({ description: 'Các nội dung của chỉ tiêu' }),
}).openapi('IndicatorResult');
const UnitResult = z
  .object({
    unit: z.object({
      code: z.string(),
      name: z.string(),
      kind: z.string(),
      parent_code: z.string().nullable(),
    }),
    status: Status,
    met_criteria: z.number().int(),
    total_criteria: z.number().int(),
    points: z.number().optional(),
    band: z.string().optional(),
    criteria: z.array(
      z.object({ no: z.string(), name: z.string(), status: Status, indicators: z.array(IndicatorResult) }),
    ),
    conditions: z.array(IndicatorResult).optional(),
    children: Counts.optional(),
  })
  .openapi('UnitResult');
const MatrixRow = z
  .object({
    unit: z.object({ code: z.string(), name: z.string(), kind: z.string() }),
    status: Status,
    met_criteria: z.number().int(),
    total_criteria: z.number().int(),
    points: z.number().optional(),
    criteria: z.array(Status).openapi({ description: 'Một kết quả cho mỗi tiêu chí, theo thứ tự của bộ' }),
    children: Counts.optional(),
  })
  .openapi('MatrixRow');

const query = {
  framework: z.string().min(1).openapi({ example: 'vn-qd318-xa-ntm-2021-2025' }),
  period: PeriodParam,
  unit: CodeParam.openapi({ example: '01' }),
};

const reportRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary:
    'Đánh giá một đơn vị và các đơn vị cấp dưới trực tiếp, từng tiêu chí và chỉ tiêu (như CLI evaluate)',
  request: { query: z.object({ ...query, unit: query.unit.optional() }) },
  responses: {
    200: json(
      z.object({
        framework: JudgingVersion,
        period: z.string(),
        tree_date: z.string(),
        results: z.array(UnitResult),
      }),
      'Kết quả đánh giá',
    ),
    ...errors(400, 404),
  },
});

const matrixRoute = createRoute({
  method: 'get',
  path: '/matrix',
  tags,
  summary: 'Bảng tổng hợp: các đơn vị cấp dưới × tiêu chí (đọc từ kết quả đã lưu)',
  request: { query: z.object(query) },
  responses: {
    200: json(
      z.object({
        framework: FrameworkRef.extend({ criteria: z.array(z.object({ no: z.string(), name: z.string() })) }),
        period: z.string(),
        tree_date: z.string(),
        unit: MatrixRow.omit({ unit: true }).extend({
          code: z.string(),
          name: z.string(),
          kind: z.string(),
          parent_code: z.string().nullable(),
        }),
        rows: z.array(MatrixRow),
        thresholds: z
          .object({
            units: z.number().int(),
            meet_thresholds: z.number().int(),
            thresholds_missing: z.number().int(),
          })
          .openapi({
            description:
              'Số đơn vị trong phạm vi đạt mọi chỉ tiêu đã có ngưỡng, và số chỉ tiêu chưa có ngưỡng (chưa nhập)',
          }),
      }),
      'Bảng tổng hợp',
    ),
    ...errors(400, 404),
  },
});

const seriesRoute = createRoute({
  method: 'get',
  path: '/series',
  tags,
  summary: 'Số đơn vị đạt qua các kỳ (cho biểu đồ)',
  request: {
    query: z.object({
      framework: query.framework,
      unit: query.unit,
      from: PeriodParam.optional().openapi({ description: 'Mặc định: năm bắt đầu hiệu lực của bộ' }),
      to: PeriodParam.optional().openapi({ description: 'Mặc định: năm kết thúc hiệu lực của bộ' }),
    }),
  },
  responses: {
    200: json(
      z.object({
        series: z.array(
          z.object({
            period: z.string(),
            version: z.number().int().openapi({ description: 'Phiên bản đã đánh giá kỳ này' }),
            tree_date: z.string(),
            status: Status,
            children: Counts,
          }),
        ),
      }),
      'Các kỳ có số liệu',
    ),
    ...errors(400, 404),
  },
});

/** /api/evaluations: full report, dashboard matrix, series over periods. */
export function evaluationRoutes(db: Db) {
  return createRouter()
    .openapi(reportRoute, async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await readEvaluation(db, {
          frameworkId: q.framework,
          period: q.period,
          unitCode: q.unit,
          actor: requestActor(c),
        }),
        200,
      );
    })
    .openapi(matrixRoute, async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await readMatrix(db, {
          frameworkId: q.framework,
          period: q.period,
          unitCode: q.unit,
          actor: requestActor(c),
        }),
        200,
      );
    })
    .openapi(seriesRoute, async (c) => {
      const q = c.req.valid('query');
      const series = await readSeries(db, {
        frameworkId: q.framework,
        unitCode: q.unit,
        from: q.from,
        to: q.to,
        actor: requestActor(c),
      });
      return c.json({ series }, 200);
    });
}
