/** The OpenAPI route definitions of /api/surveys and the public survey endpoints; handlers in routes.ts. */
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { errors, json, xlsx } from '../http/openapi.ts';
import * as s from './schemas.ts';

const tags = ['Khảo sát sự hài lòng'];
const refusals = errors(400, 401, 403, 404, 409);
const body = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});
const campaign = json(s.CampaignJson, 'Đợt khảo sát (sau thay đổi), với quyền của người gọi');
const pdf = (description: string) => ({
  description,
  content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
});

export const routes = {
  list: createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'Các đợt khảo sát của những đơn vị người gọi được xem',
    request: { query: s.ListQuery },
    responses: { 200: json(s.CampaignListJson, 'Các đợt'), ...errors(400, 401) },
  }),
  create: createRoute({
    method: 'post',
    path: '/',
    tags,
    summary: 'Tạo đợt khảo sát cho một hồ sơ (câu hỏi theo tiêu chí) hoặc cho một đơn vị',
    request: body(s.CreateBody),
    responses: { 201: campaign, ...refusals },
  }),
  read: createRoute({
    method: 'get',
    path: '/{id}',
    tags,
    summary: 'Một đợt: thời gian, thôn, câu hỏi, số hộ, số trả lời, bước hài lòng của hồ sơ liên kết',
    request: { params: s.IdParams },
    responses: { 200: campaign, ...errors(400, 401, 403, 404) },
  }),
  update: createRoute({
    method: 'put',
    path: '/{id}',
    tags,
    summary: 'Sửa cài đặt: tên, thời gian, tỷ lệ yêu cầu, công khai, thêm thôn',
    request: { params: s.IdParams, ...body(s.Settings.partial()) },
    responses: { 200: campaign, ...refusals },
  }),
  questions: createRoute({
    method: 'put',
    path: '/{id}/questions',
    tags,
    summary: 'Thay bộ câu hỏi (không được khi đã có trả lời)',
    request: { params: s.IdParams, ...body(s.QuestionsBody) },
    responses: { 200: campaign, ...refusals },
  }),
  listHouseholds: createRoute({
    method: 'get',
    path: '/{id}/households',
    tags,
    summary: 'Danh sách hộ (không có mã), kênh trả lời',
    request: { params: s.IdParams },
    responses: { 200: json(s.HouseholdsJson, 'Các hộ'), ...errors(400, 401, 403, 404) },
  }),
  slips: createRoute({
    method: 'get',
    path: '/{id}/slips.pdf',
    tags,
    summary: 'Phiếu phát cho hộ (mã dùng một lần, mã QR), theo thôn; việc in được ghi nhật ký',
    request: { params: s.IdParams, query: s.SlipsQuery },
    responses: { 200: pdf('Tệp PDF'), ...errors(400, 401, 403, 404) },
  }),
  paper: createRoute({
    method: 'post',
    path: '/{id}/paper',
    tags,
    summary: 'Nhập một phiếu giấy theo mã của hộ',
    request: { params: s.IdParams, ...body(s.PaperBody) },
    responses: { 200: json(s.PaperJson, 'Đã ghi; kết quả mới'), ...refusals },
  }),
  results: createRoute({
    method: 'get',
    path: '/{id}/results',
    tags,
    summary: 'Kết quả trực tiếp: độ phủ theo thôn, tỷ lệ hài lòng theo câu hỏi, ý kiến, dấu hiệu cần xem lại',
    request: { params: s.IdParams },
    responses: { 200: json(s.ResultsJson, 'Kết quả'), ...errors(400, 401, 403, 404) },
  }),
  resultsXlsx: createRoute({
    method: 'get',
    path: '/{id}/results.xlsx',
    tags,
    summary: 'Kết quả (.xlsx)',
    request: { params: s.IdParams },
    responses: { 200: xlsx('Tệp .xlsx'), ...errors(400, 401, 403, 404) },
  }),
  report: createRoute({
    method: 'get',
    path: '/{id}/report.pdf',
    tags,
    summary: 'Báo cáo kết quả (PDF)',
    request: { params: s.IdParams },
    responses: { 200: pdf('Tệp PDF'), ...errors(400, 401, 403, 404) },
  }),
  sync: createRoute({
    method: 'post',
    path: '/{id}/sync',
    tags,
    summary: 'Ghi tỷ lệ hài lòng hiện tại vào hồ sơ liên kết (trừ khi hồ sơ đang khóa)',
    request: { params: s.IdParams },
    responses: { 200: json(s.SyncJson, 'Kết quả ghi'), ...refusals },
  }),
  open: createRoute({
    method: 'get',
    path: '/surveys/{code}',
    tags,
    summary: 'Người dân mở phiếu bằng mã (không cần đăng nhập; giới hạn theo địa chỉ)',
    request: { params: s.CodeParams },
    responses: { 200: json(s.OpenSurveyJson, 'Phiếu'), ...errors(400, 404, 409, 429) },
  }),
  answer: createRoute({
    method: 'post',
    path: '/surveys/{code}/answers',
    tags,
    summary: 'Người dân gửi trả lời (mỗi mã một lần)',
    request: { params: s.CodeParams, ...body(s.AnswersBody) },
    responses: { 201: json(s.AnsweredJson, 'Đã ghi'), ...errors(400, 404, 409, 429) },
  }),
  published: createRoute({
    method: 'get',
    path: '/units/{code}/surveys',
    tags,
    summary: 'Kết quả khảo sát đã công khai của một đơn vị: độ phủ và tỷ lệ, không có mã hay hộ',
    request: { params: s.UnitParams },
    responses: { 200: json(s.PublicSurveysJson, 'Các đợt đã công khai'), ...errors(400, 429) },
  }),
};

/** The household upload: `guard` (uploadGuard) checks the caller before the file is read. */
export function importHouseholdsRoute(guard: MiddlewareHandler) {
  return createRoute({
    method: 'post',
    path: '/{id}/households',
    tags,
    summary: 'Nhập danh sách hộ (thôn, hộ) từ CSV / .xlsx; mỗi hộ nhận một mã dùng một lần',
    middleware: [guard] as const,
    request: {
      params: s.IdParams,
      body: { required: true, content: { 'multipart/form-data': { schema: s.HouseholdsFile } } },
    },
    responses: { 200: json(s.ImportReportJson, 'Báo cáo nhập'), ...refusals, ...errors(413) },
  });
}
