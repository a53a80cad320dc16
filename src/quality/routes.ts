import { createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../db/database.ts';
import { presentIssues } from '../errors.ts';
import { requestActor } from '../http/auth.ts';
import { Issue as InputIssueJson, requestLang } from '../http/errors.ts';
import { CodeParam, createRouter, errors, json, PageQuery, PeriodParam } from '../http/openapi.ts';
import { render } from '../text.ts';
import { explainQualityIssue } from './explain.ts';
import { listQualityIssues } from './issues.ts';
import { previewFigureQuality } from './preview.ts';
import { qualityKinds } from './rules.ts';

const tags = ['Chất lượng số liệu'];
const Kind = z.enum(qualityKinds as ['change', 'outlier', 'consistency']).openapi({
  description:
    'change: thay đổi so với cùng kỳ; outlier: khác biệt với đơn vị cùng cấp; consistency: quy tắc CEL',
});

const Issue = z
  .object({
    unit: z.string(),
    unit_name: z.string(),
    indicator: z.string().openapi({ example: 'vn-qd318-xa-ntm-2021-2025:2.1' }),
    indicator_name: z.string(),
    measure: z.string(),
    period: z.string(),
    kind: Kind,
    message: z.string(),
    explanation: z.object({ note: z.string(), by: z.string(), at: z.string() }).nullable(),
  })
  .openapi('QualityIssue');

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Cảnh báo chất lượng số liệu của một kỳ trong cây đơn vị',
  request: {
    query: z.object({
      period: PeriodParam,
      unit: CodeParam.openapi({ description: 'Gốc cây đơn vị' }),
      state: z
        .enum(['open', 'all'])
        .default('open')
        .openapi({ description: 'open: chưa giải trình; all: cả đã giải trình' }),
      ...PageQuery,
    }),
  },
  responses: {
    200: json(
      z.object({
        period: z.string(),
        unit: z.string().nullable(),
        counts: z.object({ open: z.number().int(), explained: z.number().int() }),
        total: z.number().int().openapi({ description: 'Số cảnh báo của danh sách (mọi trang)' }),
        issues: z.array(Issue),
      }),
      'Các cảnh báo',
    ),
    ...errors(400, 401, 403),
  },
});

const Warning = z
  .object({
    indicator: z.string(),
    indicator_name: z.string(),
    measure: z.string(),
    kind: Kind,
    message: z.string(),
    explanation: z.object({ note: z.string(), by: z.string(), at: z.string() }).nullable(),
  })
  .openapi('FigureWarning');

const previewRoute = createRoute({
  method: 'get',
  path: '/preview',
  tags,
  summary: 'Kiểm tra một số liệu khi nhập (trước khi lưu): các cảnh báo chất lượng, không chặn việc lưu',
  description:
    'Cùng quy tắc với danh sách cảnh báo: thay đổi so với cùng kỳ, khác biệt với đơn vị cùng cấp, quy tắc CEL. Không lưu gì. Không có value: kiểm tra số liệu đang lưu.',
  request: {
    query: z.object({
      unit: CodeParam,
      indicator: z.string().min(1).max(200).openapi({ description: 'Mã số liệu hoặc framework:mã chỉ tiêu' }),
      period: PeriodParam,
      value: z.string().max(200).optional().openapi({ description: 'Giá trị đang nhập, như 92,5 hoặc có' }),
    }),
  },
  responses: {
    200: json(
      z.object({
        refusals: z
          .array(InputIssueJson)
          .openapi({ description: 'Lý do số liệu sẽ bị từ chối khi lưu (sai kiểu, ngoài khoảng…)' }),
        warnings: z.array(Warning),
      }),
      'Các cảnh báo của số liệu',
    ),
    ...errors(400, 401, 403),
  },
});

const explainRoute = createRoute({
  method: 'post',
  path: '/explanations',
  tags,
  summary: 'Giải trình một cảnh báo (cảnh báo không còn trong danh sách mở cho đến khi số liệu thay đổi)',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            unit: CodeParam,
            measure: z.string().min(1),
            period: PeriodParam,
            kind: Kind,
            note: z.string().min(1).max(2000),
          }),
        },
      },
    },
  },
  responses: {
    200: json(z.object({ explained: z.literal(true) }), 'Đã ghi giải trình'),
    ...errors(400, 401, 403, 404),
  },
});

/** /api/quality: data-quality warnings and their explanations. */
export function qualityRoutes(db: Db) {
  return createRouter()
    .openapi(listRoute, async (c) => {
      const q = c.req.valid('query');
      const r = await listQualityIssues(db, {
        actor: requestActor(c),
        period: q.period,
        unitCode: q.unit,
        state: q.state,
        limit: q.limit,
        offset: q.offset,
      });
      const lang = requestLang(c);
      return c.json({ ...r, issues: r.issues.map((i) => ({ ...i, message: render(i.message, lang) })) }, 200);
    })
    .openapi(previewRoute, async (c) => {
      const q = c.req.valid('query');
      const r = await previewFigureQuality(db, {
        actor: requestActor(c),
        unitCode: q.unit,
        indicator: q.indicator,
        period: q.period,
        value: q.value,
      });
      const lang = requestLang(c);
      return c.json(
        {
          refusals: presentIssues(r.refusals, lang),
          warnings: r.warnings.map((w) => ({ ...w, message: render(w.message, lang) })),
        },
        200,
      );
    })
    .openapi(explainRoute, async (c) => {
      const b = c.req.valid('json');
      const r = await explainQualityIssue(db, {
        actor: requestActor(c),
        unitCode: b.unit,
        measureId: b.measure,
        period: b.period,
        kind: b.kind,
        note: b.note,
      });
      return c.json(r, 200);
    });
}
