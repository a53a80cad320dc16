/**
 * /api/past-recognitions: the register of recognition decisions made before TieuChi — list,
 * record one, import a CSV/.xlsx file (check, then commit; any bad row saves nothing), correct
 * one, remove one with the reason.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { requireAbilitySomewhere } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { requestActor } from '../http/auth.ts';
import { CodeParam, createRouter, DateParam, errors, json } from '../http/openapi.ts';
import { FileField, fileBytes, uploadGuard } from '../http/upload.ts';
import { readUpload } from '../imports/read-upload.ts';
import { listPastRecognitions } from './read.ts';
import {
  correctPastRecognition,
  importPastRecognitions,
  type PastRecognitionInput,
  recordPastRecognition,
  removePastRecognition,
} from './record.ts';
import {
  PastRecognition,
  PastRecognitionImport,
  PastRecognitionList,
  RecordBody,
  RemoveBody,
} from './schemas.ts';
import { pastRecognitionRows } from './table.ts';

const tags = ['Quyết định công nhận trước khi dùng TieuChi'];
const Id = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

const r = {
  list: createRoute({
    method: 'get',
    path: '/',
    tags,
    summary:
      'Sổ quyết định công nhận trước khi dùng TieuChi (mới nhất trước); unit: của một đơn vị, date: kèm các đơn vị cũ đã hợp thành nó',
    request: { query: z.object({ unit: CodeParam.optional(), date: DateParam.optional() }) },
    responses: { 200: json(PastRecognitionList, 'Các quyết định'), ...errors(400, 401, 403, 404) },
  }),
  record: createRoute({
    method: 'post',
    path: '/',
    tags,
    summary:
      'Ghi một quyết định công nhận đã có trước khi dùng TieuChi (không có hồ sơ): mã đơn vị có hiệu lực ngày quyết định',
    request: { body: { required: true, content: { 'application/json': { schema: RecordBody } } } },
    responses: { 201: json(PastRecognition, 'Quyết định đã ghi'), ...errors(400, 401, 403, 409) },
  }),
  correct: createRoute({
    method: 'put',
    path: '/{id}',
    tags,
    summary:
      'Sửa một quyết định trong sổ (số, ngày, đơn vị… nhập nhầm): nội dung mới được kiểm tra như khi ghi; nhật ký giữ nội dung cũ',
    request: {
      params: Id,
      body: { required: true, content: { 'application/json': { schema: RecordBody } } },
    },
    responses: { 200: json(PastRecognition, 'Quyết định đã sửa'), ...errors(400, 401, 403, 404, 409) },
  }),
  remove: createRoute({
    method: 'delete',
    path: '/{id}',
    tags,
    summary: 'Xóa một quyết định khỏi sổ (ghi nhầm, ghi trùng) với lý do; nhật ký giữ nội dung đã xóa',
    request: {
      params: Id,
      body: { required: true, content: { 'application/json': { schema: RemoveBody } } },
    },
    responses: { 200: json(PastRecognitionList, 'Các quyết định còn lại'), ...errors(400, 401, 403, 404) },
  }),
  import: createRoute({
    method: 'post',
    path: '/import',
    tags,
    summary:
      'Nhập tệp CSV/.xlsx các quyết định (cột ma_don_vi, ten_don_vi, danh_hieu, nam, so_quyet_dinh, ngay_quyet_dinh, ngay_don_nhan, cap_ky, nguoi_ky, bo_tieu_chi, ma_bo_tieu_chi, nguon, ghi_chu): mode=check chỉ kiểm tra, mode=commit lưu; có dòng lỗi thì không lưu gì',
    middleware: [uploadGuard('table', (actor) => requireAbilitySomewhere(actor, 'dossier.decide'))] as const,
    request: {
      body: {
        required: true,
        content: {
          'multipart/form-data': { schema: z.object({ file: FileField, mode: z.enum(['check', 'commit']) }) },
        },
      },
    },
    responses: { 200: json(PastRecognitionImport, 'Kết quả nhập tệp'), ...errors(400, 401, 403, 413) },
  }),
};

export function pastRecognitionRoutes(db: Db) {
  return createRouter()
    .openapi(r.list, async (c) => {
      const q = c.req.valid('query');
      const recognitions = await listPastRecognitions(db, {
        actor: requestActor(c),
        ...(q.unit ? { unitCode: q.unit } : {}),
        ...(q.date ? { date: q.date } : {}),
      });
      return c.json({ recognitions }, 200);
    })
    .openapi(r.record, async (c) => {
      const saved = await recordPastRecognition(db, {
        actor: requestActor(c),
        recognition: decisionOf(c.req.valid('json')),
      });
      return c.json(saved, 201);
    })
    .openapi(r.correct, async (c) => {
      const saved = await correctPastRecognition(db, {
        actor: requestActor(c),
        id: c.req.valid('param').id,
        recognition: decisionOf(c.req.valid('json')),
      });
      return c.json(saved, 200);
    })
    .openapi(r.remove, async (c) => {
      const actor = requestActor(c);
      await removePastRecognition(db, {
        actor,
        id: c.req.valid('param').id,
        reason: c.req.valid('json').reason,
      });
      return c.json({ recognitions: await listPastRecognitions(db, { actor }) }, 200);
    })
    .openapi(r.import, async (c) => {
      const { file, mode } = c.req.valid('form');
      const table = await readUpload(file.name, await fileBytes(file));
      const report = await importPastRecognitions(db, {
        actor: requestActor(c),
        file: file.name,
        rows: pastRecognitionRows(table),
        commit: mode === 'commit',
      });
      return c.json({ file: file.name, ...report }, 200);
    });
}

/** A decision as typed (the JSON body) in the form the register checks. */
function decisionOf(b: RecordBody): PastRecognitionInput {
  return {
    unitCode: b.unit_code,
    unitName: b.unit_name ?? null,
    title: b.title,
    year: b.year ?? null,
    decisionNo: b.decision_no ?? null,
    decisionDate: b.decision_date ?? null,
    ceremonyDate: b.ceremony_date ?? null,
    authority: b.authority,
    signer: b.signer ?? null,
    criteriaSet: b.criteria_set ?? null,
    frameworkId: b.framework_id ?? null,
    sources: b.sources,
    note: b.note ?? null,
  };
}
