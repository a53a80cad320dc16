import { createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../db/database.ts';
import { requestActor } from '../http/auth.ts';
import { CodeParam, createRouter, errors, json, PageQuery, PeriodParam } from '../http/openapi.ts';
import { listFigureApprovals } from './read.ts';
import { approvalStates, approvalStepNames } from './steps.ts';
import { approveFigures, reopenFigures, returnFigures, submitFigures } from './workflow.ts';

const tags = ['Duyệt số liệu'];
const State = z
  .enum(approvalStates)
  .openapi({ description: 'open | submitted | approved | returned | reopened' });
const Step = z.enum(approvalStepNames as ['submit', 'approve', 'return', 'reopen']);

const UnitApproval = z
  .object({
    unit_code: z.string(),
    unit_name: z.string(),
    state: State,
    reason: z.string().nullable(),
    changed_by: z.string().nullable(),
    changed_at: z.string().nullable(),
    approved_by: z.string().nullable(),
    approved_at: z.string().nullable(),
    changed_after_approval: z
      .array(
        z.object({
          measure: z.string(),
          indicator: z.string(),
          indicator_name: z.string(),
          changed_at: z.string(),
          actor: z.string(),
        }),
      )
      .openapi({ description: 'Số liệu đã thay đổi sau khi duyệt (sau lần duyệt gần nhất)' }),
    reopened_below: z.array(z.object({ unit_code: z.string(), unit_name: z.string() })).openapi({
      description:
        'Cấp dưới đã mở lại: các đơn vị cấp dưới mà việc mở lại số liệu đã duyệt của chúng làm mở lại số liệu của đơn vị này',
    }),
    waiting_for: z
      .array(z.object({ unit_code: z.string(), unit_name: z.string(), framework_id: z.string() }))
      .openapi({
        description:
          'Đơn vị cấp dưới chưa được duyệt (theo bộ tiêu chí này hoặc bộ tiêu chí nó lấy tỷ lệ): chờ cấp dưới duyệt xong mới duyệt được',
      }),
    abilities: z.object({
      submit: z.boolean(),
      approve: z.boolean(),
      return: z.boolean(),
      reopen: z.boolean(),
    }),
  })
  .openapi('UnitApproval');

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Trạng thái duyệt số liệu định kỳ của các đơn vị trong một cây đơn vị',
  request: {
    query: z.object({
      framework: z.string().min(1),
      period: PeriodParam,
      unit: CodeParam.openapi({ description: 'Gốc cây đơn vị (chính đơn vị đó và cấp dưới)' }),
      state: State.optional(),
      ...PageQuery,
    }),
  },
  responses: {
    200: json(
      z.object({
        framework_id: z.string(),
        period: z.string(),
        counts: z.record(State, z.number().int()),
        total: z
          .number()
          .int()
          .openapi({ description: 'Số đơn vị của danh sách (mọi trang, sau bộ lọc trạng thái)' }),
        units: z.array(UnitApproval),
      }),
      'Các đơn vị và trạng thái duyệt',
    ),
    ...errors(400, 401, 403, 404),
  },
});

const stepRoute = createRoute({
  method: 'post',
  path: '/{step}',
  tags,
  summary: 'Gửi duyệt, duyệt, trả lại hoặc mở lại số liệu của nhiều đơn vị; có lỗi thì không thay đổi gì',
  description:
    'submit: đơn vị gửi số liệu kỳ; approve / return (cần lý do): cấp trên theo cấu hình bộ tiêu chí; reopen (cần lý do): mở lại số liệu đã duyệt, và số liệu đã duyệt của cấp trên có bao gồm chúng cũng được mở lại. Số liệu đã duyệt bị khóa (FIGURES_APPROVED). Duyệt từng cấp: đơn vị còn cấp dưới chưa được duyệt thì chưa duyệt được (APPROVAL_WAITING_FOR_LOWER_LEVEL).',
  request: {
    params: z.object({ step: Step }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            framework: z.string().min(1),
            period: PeriodParam,
            unit_codes: z.array(CodeParam).min(1).max(5000),
            reason: z.string().max(2000).optional(),
          }),
        },
      },
    },
  },
  responses: {
    200: json(
      z.object({
        framework_id: z.string(),
        period: z.string(),
        state: State,
        unit_codes: z.array(z.string()),
        reopened_above: z
          .array(
            z.object({
              framework_id: z.string(),
              unit_code: z.string(),
              unit_name: z.string(),
              below: z.array(z.string()),
            }),
          )
          .openapi({
            description:
              'Mở lại: số liệu đã duyệt của cấp trên có bao gồm các đơn vị này cũng được mở lại (cấp dưới đã mở lại)',
          }),
      }),
      'Trạng thái mới của các đơn vị',
    ),
    ...errors(400, 401, 403, 404, 409),
  },
});

const steps = {
  submit: submitFigures,
  approve: approveFigures,
  return: returnFigures,
  reopen: reopenFigures,
};

/** /api/approvals: approval of routine figures, level by level. */
export function approvalRoutes(db: Db) {
  return createRouter()
    .openapi(listRoute, async (c) => {
      const q = c.req.valid('query');
      const list = await listFigureApprovals(db, {
        actor: requestActor(c),
        frameworkId: q.framework,
        period: q.period,
        unitCode: q.unit,
        state: q.state,
        limit: q.limit,
        offset: q.offset,
      });
      return c.json(list, 200);
    })
    .openapi(stepRoute, async (c) => {
      const { step } = c.req.valid('param');
      const b = c.req.valid('json');
      const r = await steps[step](db, {
        actor: requestActor(c),
        frameworkId: b.framework,
        period: b.period,
        unitCodes: b.unit_codes,
        reason: b.reason,
      });
      return c.json(r, 200);
    });
}
