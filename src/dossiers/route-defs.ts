/** The OpenAPI route definitions of /api/dossiers (paths, bodies, responses); handlers in routes.ts. */
import { createRoute, z } from '@hono/zod-openapi';
import { errors, json } from '../http/openapi.ts';
import * as s from './schemas.ts';

const tags = ['Hồ sơ xét công nhận'];
const detail = json(s.DossierDetailJson, 'Hồ sơ (sau thay đổi), với quyền của người gọi');
const refusals = errors(400, 401, 403, 404, 409);

/** A POST on one dossier with a JSON body, answering with the dossier as the caller sees it. */
function action<B extends z.ZodObject>(path: string, summary: string, body: B, description?: string) {
  return createRoute({
    method: 'post',
    path: `/{id}/${path}`,
    tags,
    summary,
    ...(description ? { description } : {}),
    request: {
      params: s.IdParams,
      body: { required: true, content: { 'application/json': { schema: body } } },
    },
    responses: { 200: detail, ...refusals },
  });
}

/** A POST on one dossier without a body. */
function step(path: string, summary: string) {
  return createRoute({
    method: 'post',
    path: `/{id}/${path}`,
    tags,
    summary,
    request: { params: s.IdParams },
    responses: { 200: detail, ...refusals },
  });
}

export const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Danh sách hồ sơ người gọi được xem (lọc theo đơn vị, bộ tiêu chí, đợt, trạng thái)',
  request: { query: s.ListQuery },
  responses: { 200: json(z.object({ dossiers: z.array(s.DossierListItem) }), 'Hồ sơ'), ...errors(400, 401) },
});
export const createRouteDef = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Lập hồ sơ cho một đơn vị, bộ tiêu chí và đợt (văn phòng điều phối)',
  request: { body: { required: true, content: { 'application/json': { schema: s.CreateBody } } } },
  responses: { 201: json(s.DossierDetailJson, 'Hồ sơ mới'), ...refusals },
});
export const flagsRoute = createRoute({
  method: 'get',
  path: '/revocation-flags',
  tags,
  summary: 'Đơn vị đã công nhận rơi vào trường hợp thu hồi (QĐ 18/2022/QĐ-TTg) theo số liệu kỳ này',
  request: { query: s.FlagsQuery },
  responses: {
    200: json(s.RevocationFlagsJson, 'Các đơn vị đã công nhận, cờ thu hồi và lý do'),
    ...errors(400, 401, 404),
  },
});
export const readRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'Một hồ sơ: từng chỉ tiêu (máy tính, xã tự đánh giá, minh chứng, thẩm định), thủ tục, lịch sử',
  request: { params: s.IdParams },
  responses: { 200: detail, ...errors(401, 403, 404) },
});
export const zipRoute = createRoute({
  method: 'get',
  path: '/{id}/export.zip',
  tags,
  summary: 'Tải hồ sơ thành một tệp ZIP: bản tóm tắt PDF và minh chứng theo thư mục tiêu chí',
  request: { params: s.IdParams },
  responses: {
    200: {
      description: 'Tệp ZIP',
      content: { 'application/zip': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    ...errors(401, 403, 404),
  },
});

export const routes = {
  selfAssess: action(
    'self-assessment',
    'Xã tự đánh giá từng chỉ tiêu (đạt / chưa đạt, giải thích khi thiếu minh chứng)',
    s.SelfAssessmentBody,
  ),
  procedure: action(
    'procedure',
    'Ghi nhận các bước thủ tục: niêm yết, ý kiến MTTQ, sự hài lòng, họp xã, nợ đọng XDCB',
    s.ProcedureBody,
    'Mỗi mục gửi lên thay mục đã ghi (postings thay cả danh sách). Kiểm tra khi nộp: ít nhất 5 lần niêm yết trong 15 ngày, …',
  ),
  submit: step('submit', 'Xã nộp hồ sơ (khóa số liệu và minh chứng)'),
  start: step('appraisal/start', 'Văn phòng điều phối bắt đầu thẩm định'),
  rule: action('rulings', 'Sở, ngành kết luận một chỉ tiêu thuộc tiêu chí mình phụ trách', s.RulingBody),
  rework: action('rework', 'Gửi MỘT yêu cầu bổ sung tổng hợp, có hạn', s.ReworkBody),
  resubmit: action('resubmit', 'Xã nộp lại sau khi bổ sung', s.ResubmitBody),
  complete: action(
    'appraisal/complete',
    'Hoàn thành thẩm định (mọi chỉ tiêu đã kết luận, không chỉ tiêu nào không đạt)',
    s.NoteBody,
  ),
  vote: action('votes', 'Thành viên hội đồng biểu quyết', s.VoteBody),
  recognize: action(
    'recognize',
    'Ghi nhận quyết định công nhận (số, ngày, người ký, bản quét)',
    s.RecognizeBody,
  ),
  refuse: action('refuse', 'Ghi nhận không công nhận', s.ReasonBody),
  revoke: action('revoke', 'Thu hồi quyết định công nhận', s.RevokeBody),
  reopen: action('reopen', 'Mở lại hồ sơ để sửa số liệu, minh chứng (ghi lại lý do)', s.ReasonBody),
};
