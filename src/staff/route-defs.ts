/** The OpenAPI route definitions of /api/staff (paths, bodies, responses); handlers in routes.ts. */
import { createRoute, type z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { errors, json, xlsx } from '../http/openapi.ts';
import * as s from './schemas.ts';

const tags = ['Đánh giá cán bộ'];
const refusals = errors(400, 401, 403, 404, 409);
const body = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});
const ok = json(s.Ok, 'Đã ghi');

export const routes = {
  frames: createRoute({
    method: 'get',
    path: '/frames',
    tags,
    summary: 'Các khung đánh giá (NĐ 335/2025, QĐ 3814) và người gọi có được chọn khung không',
    responses: { 200: json(s.FramesJson, 'Khung đánh giá'), ...errors(401) },
  }),
  periodFrame: createRoute({
    method: 'get',
    path: '/periods/{period}/frame',
    tags,
    summary: 'Khung chấm một kỳ và người gọi có được đổi không (chỉ quản trị viên)',
    request: { params: s.PeriodParams },
    responses: { 200: json(s.PeriodFrameJson, 'Khung của kỳ'), ...errors(400, 401) },
  }),
  setPeriodFrame: createRoute({
    method: 'put',
    path: '/periods/{period}/frame',
    tags,
    summary: 'Chọn khung chấm một kỳ (tháng hoặc quý theo khung; quản trị viên)',
    request: { params: s.PeriodParams, ...body(s.SetFrameBody) },
    responses: { 200: ok, ...refusals },
  }),
  me: createRoute({
    method: 'get',
    path: '/me',
    tags,
    summary: 'Người gọi trong cơ cấu tổ chức (trang "tháng của tôi" bắt đầu từ đây)',
    responses: { 200: json(s.MeJson, 'Cán bộ gắn với tài khoản'), ...errors(401) },
  }),
  org: createRoute({
    method: 'get',
    path: '/org',
    tags,
    summary: 'Cây tổ chức của cơ quan',
    responses: { 200: json(s.OrgJson, 'Các nút của cây'), ...errors(401) },
  }),
  saveOrg: createRoute({
    method: 'post',
    path: '/org',
    tags,
    summary: 'Tạo hoặc bổ sung cây tổ chức, vị trí việc làm, cán bộ (một giao dịch; quản trị viên)',
    request: body(s.OrgBody),
    responses: { 201: ok, ...refusals },
  }),
  catalogue: createRoute({
    method: 'get',
    path: '/catalogue',
    tags,
    summary: 'Danh mục sản phẩm quy đổi: dùng chung và của đơn vị, với quyền duyệt, đề xuất',
    request: { query: s.CatalogueQuery },
    responses: { 200: json(s.CatalogueJson, 'Danh mục'), ...errors(400, 401) },
  }),
  proposeCatalogue: createRoute({
    method: 'post',
    path: '/catalogue',
    tags,
    summary: 'Đề xuất một sản phẩm (dùng chung: quản trị viên, được duyệt ngay; của đơn vị: chờ thủ trưởng)',
    request: body(s.CatalogueBody),
    responses: { 201: json(s.Created, 'Sản phẩm mới'), ...refusals },
  }),
  approveCatalogue: createRoute({
    method: 'post',
    path: '/catalogue/{id}/approve',
    tags,
    summary: 'Thủ trưởng đơn vị duyệt sản phẩm của đơn vị',
    request: { params: s.IdParams },
    responses: { 200: ok, ...refusals },
  }),
  assignTasks: createRoute({
    method: 'post',
    path: '/tasks',
    tags,
    summary: 'Giao nhiệm vụ (một giao dịch; người quản lý trực tiếp hoặc thủ trưởng)',
    request: body(s.TasksBody),
    responses: { 201: json(s.TaskIdsJson, 'Mã các nhiệm vụ'), ...refusals },
  }),
  completeTask: createRoute({
    method: 'post',
    path: '/tasks/{id}/complete',
    tags,
    summary: 'Ghi nhận hoàn thành nhiệm vụ và sản phẩm',
    request: { params: s.IdParams, ...body(s.CompleteBody) },
    responses: { 200: ok, ...refusals },
  }),
  rateTask: createRoute({
    method: 'post',
    path: '/tasks/{id}/rating',
    tags,
    summary: 'Người giao đánh giá chất lượng (đạt / không đạt, sai sót, nguyên nhân khách quan)',
    request: { params: s.IdParams, ...body(s.RatingBody) },
    responses: { 200: ok, ...refusals },
  }),
  requestExtension: createRoute({
    method: 'post',
    path: '/tasks/{id}/extensions',
    tags,
    summary: 'Đề nghị gia hạn (có lý do; mỗi lần một đề nghị)',
    request: { params: s.IdParams, ...body(s.ExtensionBody) },
    responses: { 201: json(s.Created, 'Đề nghị gia hạn'), ...refusals },
  }),
  decideExtension: createRoute({
    method: 'post',
    path: '/extensions/{id}/decision',
    tags,
    summary: 'Người giao duyệt (hạn mới có hiệu lực) hoặc từ chối đề nghị gia hạn',
    request: { params: s.IdParams, ...body(s.DecisionBody) },
    responses: { 200: ok, ...refusals },
  }),
  personPeriod: createRoute({
    method: 'get',
    path: '/people/{id}/evaluations/{period}',
    tags,
    summary:
      'Một cán bộ trong kỳ: nhiệm vụ, điểm có giải thích, trạng thái, hạn mức, các bước người gọi được làm',
    request: { params: s.PersonPeriodParams },
    responses: { 200: json(s.PersonPeriodJson, 'Đánh giá của kỳ'), ...errors(400, 401, 403, 404) },
  }),
  rollUp: createRoute({
    method: 'get',
    path: '/people/{id}/rollup/{period}',
    tags,
    summary: 'Tổng hợp quý / năm từ các tháng đã phê duyệt (hạn mức áp dụng lại)',
    request: { params: s.PersonPeriodParams },
    responses: { 200: json(s.RollUpJson, 'Kết quả tổng hợp'), ...errors(400, 401, 403, 404) },
  }),
  form: createRoute({
    method: 'get',
    path: '/people/{id}/evaluations/{period}/form.docx',
    tags,
    summary: 'Phiếu đánh giá, xếp loại (.docx)',
    request: { params: s.PersonPeriodParams },
    responses: {
      200: {
        description: 'Tệp .docx',
        content: {
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
            schema: s.Binary,
          },
        },
      },
      ...errors(400, 401, 403, 404),
    },
  }),
  selfAssess: createRoute({
    method: 'post',
    path: '/people/{id}/evaluations/{period}/self',
    tags,
    summary: 'Bước 1: cán bộ tự đánh giá (điểm chấm tay, ghi chú)',
    request: { params: s.PersonPeriodParams, ...body(s.SelfAssessBody) },
    responses: { 200: ok, ...refusals },
  }),
  review: createRoute({
    method: 'post',
    path: '/people/{id}/evaluations/{period}/review',
    tags,
    summary: 'Bước 2: người quản lý trực tiếp chấm (đổi điểm tự đánh giá phải ghi lý do)',
    request: { params: s.PersonPeriodParams, ...body(s.ReviewBody) },
    responses: { 200: ok, ...refusals },
  }),
  comment: createRoute({
    method: 'post',
    path: '/people/{id}/evaluations/{period}/comment',
    tags,
    summary: 'Cán bộ ghi ý kiến về kết quả đã phê duyệt',
    request: { params: s.PersonPeriodParams, ...body(s.CommentBody) },
    responses: { 200: ok, ...refusals },
  }),
  unitEvaluations: createRoute({
    method: 'get',
    path: '/units/{unit}/evaluations/{period}',
    tags,
    summary: 'Kỳ của một nhóm (cây con của một nút): những người người gọi được xem, với các bước được làm',
    request: { params: s.UnitPeriodParams },
    responses: { 200: json(s.UnitEvaluationsJson, 'Bảng của nhóm'), ...errors(400, 401) },
  }),
  approve: createRoute({
    method: 'post',
    path: '/units/{unit}/evaluations/{period}/approve',
    tags,
    summary: 'Bước 3: thủ trưởng phê duyệt theo lô (có thể đổi điểm với lý do); áp dụng hạn mức',
    request: { params: s.UnitPeriodParams, ...body(s.ApproveBody) },
    responses: { 200: json(s.ApprovedJson, 'Kết quả đã phê duyệt'), ...refusals },
  }),
  distribution: createRoute({
    method: 'get',
    path: '/units/{unit}/distribution',
    tags,
    summary: 'Phân bố xếp loại đã phê duyệt theo kỳ, cảnh báo khi gần như tất cả ở hai mức cao nhất',
    request: { params: s.UnitParams, query: s.DistributionQuery },
    responses: { 200: json(s.DistributionJson, 'Phân bố theo kỳ'), ...errors(400, 401, 403) },
  }),
  ranking: createRoute({
    method: 'get',
    path: '/units/{unit}/evaluations/{period}/ranking.xlsx',
    tags,
    summary: 'Bảng tổng hợp kết quả đánh giá, xếp loại của đơn vị (.xlsx)',
    request: { params: s.UnitPeriodParams },
    responses: { 200: xlsx('Tệp .xlsx'), ...errors(400, 401) },
  }),
};

/** The task import: `guard` (uploadGuard) checks the caller before the file is read. */
export function importTasksRoute(guard: MiddlewareHandler) {
  return createRoute({
    method: 'post',
    path: '/tasks/import',
    tags,
    summary: 'Nhập nhiệm vụ từ tệp của hệ thống quản lý văn bản (CSV, .xlsx); có lỗi thì không lưu gì',
    middleware: [guard] as const,
    request: {
      body: { required: true, content: { 'multipart/form-data': { schema: s.ImportFile } } },
    },
    responses: { 201: json(s.ImportJson, 'Số nhiệm vụ đã nhập'), ...refusals, ...errors(413) },
  });
}
