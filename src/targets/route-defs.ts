/** The OpenAPI route definitions of /api/targets (paths, bodies, responses); handlers in routes.ts. */
import { createRoute, z } from '@hono/zod-openapi';
import { abilitiesAnywhere, requireAbilitySomewhere } from '../access/index.ts';
import { CodeParam, DateParam, errors, json, xlsx } from '../http/openapi.ts';
import { FileField, uploadGuard } from '../http/upload.ts';
import * as res from './responses.ts';
import { IndicatorCode, IndicatorInput, Settings, Year } from './schema.ts';

const tags = ['Chỉ tiêu KT-XH'];
const YearParams = z.object({ year: Year.openapi({ example: 2026 }) });
const body = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});
const refusals = errors(400, 401, 403, 404, 409);

export const r = {
  list: createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'Các kế hoạch chỉ tiêu theo năm',
    responses: { 200: json(res.PlanList, 'Kế hoạch'), ...errors(401) },
  }),
  create: createRoute({
    method: 'post',
    path: '/',
    tags,
    summary: 'Lập kế hoạch năm: từ kế hoạch năm trước (bớt, thêm chỉ tiêu) hoặc từ đầu',
    request: body(
      z.object({
        year: Year,
        from_year: Year.optional(),
        root_code: CodeParam.optional().openapi({ example: '01' }),
        name: z.string().trim().min(1).max(300).optional(),
        add: z.array(IndicatorInput).max(200).optional(),
        remove: z.array(IndicatorCode).max(200).optional(),
        settings: Settings.optional(),
        demo: z.boolean().optional(),
      }),
    ),
    responses: { 201: json(res.PlanView, 'Kế hoạch mới'), ...refusals },
  }),
  read: createRoute({
    method: 'get',
    path: '/{year}',
    tags,
    summary: 'Kế hoạch: chỉ tiêu, đơn vị được giao, chỉ tiêu đã giao, kiểm tra phân bổ, quyền người gọi',
    request: { params: YearParams },
    responses: { 200: json(res.PlanView, 'Kế hoạch'), ...errors(400, 401, 404) },
  }),
  addIndicator: createRoute({
    method: 'post',
    path: '/{year}/indicators',
    tags,
    summary: 'Thêm chỉ tiêu vào kế hoạch',
    request: { params: YearParams, ...body(IndicatorInput) },
    responses: { 200: json(res.PlanView, 'Kế hoạch'), ...refusals },
  }),
  removeIndicator: createRoute({
    method: 'delete',
    path: '/{year}/indicators/{code}',
    tags,
    summary: 'Bỏ chỉ tiêu khỏi kế hoạch (số liệu thực hiện vẫn giữ trong kho số liệu)',
    request: { params: YearParams.extend({ code: IndicatorCode }) },
    responses: { 200: json(res.PlanView, 'Kế hoạch'), ...refusals },
  }),
  settings: createRoute({
    method: 'put',
    path: '/{year}/settings',
    tags,
    summary: 'Ngưỡng trạng thái và lịch báo cáo của kế hoạch (chính sách, không phải quy định pháp luật)',
    request: { params: YearParams, ...body(Settings) },
    responses: { 200: json(res.PlanView, 'Kế hoạch'), ...refusals },
  }),
  assign: createRoute({
    method: 'post',
    path: '/{year}/assignments',
    tags,
    summary: 'Giao chỉ tiêu cho thành phố, đơn vị cấp dưới, sở ngành; có lỗi thì không lưu gì',
    request: {
      params: YearParams,
      ...body(
        z.object({
          targets: z
            .array(
              z.object({
                indicator: IndicatorCode,
                holder: CodeParam,
                target: z.union([z.number(), z.string()]).openapi({ example: '1.250,5' }),
              }),
            )
            .min(1)
            .max(5000),
        }),
      ),
    },
    responses: { 200: json(res.AssignResult, 'Số chỉ tiêu đã thay đổi và kiểm tra phân bổ'), ...refusals },
  }),
  actuals: createRoute({
    method: 'post',
    path: '/{year}/actuals',
    tags,
    summary: 'Báo cáo số liệu thực hiện theo tháng/quý (lưu vào kho số liệu); có lỗi thì không lưu gì',
    request: {
      params: YearParams,
      ...body(
        z.object({
          values: z
            .array(
              z.object({
                indicator: IndicatorCode,
                holder: CodeParam,
                period: z.string().min(1).openapi({ example: '2026-03' }),
                value: z.union([z.number(), z.string()]),
                note: z.string().max(2000).optional(),
              }),
            )
            .min(1)
            .max(5000),
        }),
      ),
    },
    responses: { 200: json(res.Changed, 'Số số liệu đã thay đổi'), ...refusals },
  }),
  progress: createRoute({
    method: 'get',
    path: '/{year}/progress',
    tags,
    summary:
      'Ma trận đơn vị × chỉ tiêu: chỉ tiêu, thực hiện, % chỉ tiêu, dự báo cuối năm, trạng thái và quy tắc',
    request: {
      params: YearParams,
      query: z.object({ holder: CodeParam.optional(), today: DateParam.optional() }),
    },
    responses: { 200: json(res.ProgressJson, 'Tiến độ'), ...errors(400, 401, 404) },
  }),
  holder: createRoute({
    method: 'get',
    path: '/{year}/holders/{code}',
    tags,
    summary: 'Chỉ tiêu của một đơn vị hoặc sở ngành, với quyền người gọi',
    request: {
      params: YearParams.extend({ code: CodeParam }),
      query: z.object({ today: DateParam.optional() }),
    },
    responses: { 200: json(res.HolderView, 'Chỉ tiêu của đơn vị'), ...errors(400, 401, 404) },
  }),
  ask: createRoute({
    method: 'post',
    path: '/{year}/explanations',
    tags,
    summary: 'Yêu cầu đơn vị giải trình một chỉ tiêu',
    request: {
      params: YearParams,
      ...body(
        z.object({
          indicator: IndicatorCode,
          holder: CodeParam,
          question: z.string().trim().min(1).max(4000),
        }),
      ),
    },
    responses: { 201: json(res.ExplanationJson, 'Yêu cầu giải trình'), ...refusals },
  }),
  answer: createRoute({
    method: 'post',
    path: '/explanations/{id}/answer',
    tags,
    summary: 'Đơn vị trả lời yêu cầu giải trình (một lần)',
    request: {
      params: z.object({ id: z.coerce.number().int().positive() }),
      ...body(z.object({ answer: z.string().trim().min(1).max(8000) })),
    },
    responses: { 200: json(res.ExplanationJson, 'Giải trình'), ...refusals },
  }),
  department: createRoute({
    method: 'post',
    path: '/departments',
    tags,
    summary: 'Khai báo sở, ban, ngành được giao chỉ tiêu (không phải đơn vị hành chính)',
    request: {
      ...body(
        z.object({
          code: z
            .string()
            .trim()
            .regex(/^[A-Za-z][A-Za-z0-9._-]{1,39}$/),
          name: z.string().trim().min(1).max(300),
          unit_code: CodeParam,
        }),
      ),
    },
    responses: { 200: json(res.Saved, 'Đã lưu'), ...refusals },
  }),
  exportXlsx: createRoute({
    method: 'get',
    path: '/{year}/export.xlsx',
    tags,
    summary: 'Tệp .xlsx: mỗi đơn vị một trang, mỗi dòng một chỉ tiêu',
    request: { params: YearParams, query: z.object({ today: DateParam.optional() }) },
    responses: { 200: xlsx('Tệp .xlsx'), ...errors(400, 401, 404) },
  }),
  importXlsx: createRoute({
    method: 'post',
    path: '/{year}/import',
    tags,
    summary:
      'Nhập tệp .xlsx theo mẫu xuất: mode=check chỉ kiểm tra, mode=commit lưu; có lỗi thì không lưu gì',
    // Targets need target.assign, figures target.report: one of them somewhere, before reading the file.
    middleware: [
      uploadGuard('table', (actor) => {
        if (!abilitiesAnywhere(actor)['target.assign']) requireAbilitySomewhere(actor, 'target.report');
      }),
    ] as const,
    request: {
      params: YearParams,
      body: {
        required: true,
        content: {
          'multipart/form-data': { schema: z.object({ file: FileField, mode: z.enum(['check', 'commit']) }) },
        },
      },
    },
    responses: { 200: json(res.ImportReport, 'Báo cáo nhập tệp'), ...refusals, ...errors(413) },
  }),
};
