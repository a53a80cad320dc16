import { createRoute, z } from '@hono/zod-openapi';
import { requireAbilitySomewhere } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { presentIssues } from '../errors.ts';
import { requestActor } from '../http/auth.ts';
import { Issue, requestLang } from '../http/errors.ts';
import { createRouter, errors, json } from '../http/openapi.ts';
import { FileField, fileBytes, uploadGuard } from '../http/upload.ts';
import { listImportChanges } from './changes.ts';
import { commitImport, stageImport } from './pending.ts';

const tags = ['Nhập tệp'];

const PendingImport = z
  .object({
    id: z.number().int(),
    kind: z.enum(['values', 'units']),
    file: z.string(),
    rows: z.number().int(),
    valid: z.boolean(),
    issues: z.array(Issue).openapi({ description: 'Lỗi từng dòng (tối đa 1000)' }),
    issue_count: z.number().int(),
    preview: z.object({
      changed: z.number().int(),
      unchanged: z.number().int(),
      added: z.number().int().optional(),
      removed: z.number().int().optional(),
    }),
  })
  .openapi('PendingImport');

const uploadRoute = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Tải lên tệp CSV/.xlsx để kiểm tra (chưa lưu gì): báo cáo lỗi từng dòng và xem trước',
  description:
    'kind=values: cột unit_code, indicator, period, value, note — hoặc mẫu .xlsx tải từ /api/exports/values-template.xlsx. ' +
    'kind=units: cột code, name, kind, parent_code, valid_from, valid_to, successors và các thuộc tính.',
  // Only someone who may write figures somewhere sends a file (checked before reading it).
  middleware: [uploadGuard('table', (actor) => requireAbilitySomewhere(actor, 'value.write'))] as const,
  request: {
    body: {
      required: true,
      content: {
        'multipart/form-data': { schema: z.object({ file: FileField, kind: z.enum(['values', 'units']) }) },
      },
    },
  },
  responses: {
    200: json(z.object({ import: PendingImport }), 'Kết quả kiểm tra'),
    ...errors(400, 401, 403, 413),
  },
});

const commitRoute = createRoute({
  method: 'post',
  path: '/{id}/commit',
  tags,
  summary: 'Xác nhận nhập một tệp đã kiểm tra không có lỗi',
  request: { params: z.object({ id: z.coerce.number().int().positive() }) },
  responses: {
    200: json(
      z
        .object({
          id: z.number().int(),
          kind: z.string(),
          changed: z.number().int(),
          unchanged: z.number().int(),
        })
        .catchall(z.union([z.string(), z.number()]))
        .openapi({ description: 'Báo cáo nhập: số dòng thay đổi, không đổi, …' }),
      'Đã nhập',
    ),
    ...errors(400, 401, 403, 404, 409),
  },
});

const Figure = z.object({ num: z.number().nullable(), txt: z.string().nullable(), na: z.boolean() });

const changesRoute = createRoute({
  method: 'get',
  path: '/{id}/changes',
  tags,
  summary: 'Xem trước từng số liệu sẽ thay đổi (giá trị cũ → mới), theo trang',
  request: {
    params: z.object({ id: z.coerce.number().int().positive() }),
    query: z.object({
      offset: z.coerce.number().int().min(0).default(0),
      limit: z.coerce.number().int().min(1).max(500).default(50),
    }),
  },
  responses: {
    200: json(
      z.object({
        total: z.number().int(),
        offset: z.number().int(),
        limit: z.number().int(),
        changes: z.array(
          z.object({
            unit_code: z.string(),
            unit_name: z.string().nullable(),
            indicator: z
              .string()
              .openapi({ description: 'Như trong tệp: <bộ tiêu chí>:<mã chỉ tiêu> hoặc mã số liệu' }),
            indicator_code: z.string(),
            framework_name: z.string().nullable(),
            measure_name: z.string().nullable(),
            measure_unit: z.string().nullable(),
            measure_type: z.string().nullable(),
            period: z.string(),
            old: Figure.nullable().openapi({ description: 'null: chưa có số liệu' }),
            new: Figure,
          }),
        ),
      }),
      'Các số liệu sẽ thay đổi',
    ),
    ...errors(400, 401, 403, 404),
  },
});

/** /api/imports: upload → row-by-row validation report and preview of the changes → commit. */
export function importRoutes(db: Db) {
  return createRouter()
    .openapi(uploadRoute, async (c) => {
      const { file, kind } = c.req.valid('form');
      const pending = await stageImport(db, {
        kind,
        fileName: file.name,
        content: await fileBytes(file),
        actor: requestActor(c),
      });
      return c.json({ import: { ...pending, issues: presentIssues(pending.issues, requestLang(c)) } }, 200);
    })
    .openapi(changesRoute, async (c) => {
      const page = await listImportChanges(db, {
        id: c.req.valid('param').id,
        ...c.req.valid('query'),
        actor: requestActor(c),
      });
      return c.json(page, 200);
    })
    .openapi(commitRoute, async (c) => {
      const report = await commitImport(db, { id: c.req.valid('param').id, actor: requestActor(c) });
      return c.json({ ...report, changed: Number(report.changed), unchanged: Number(report.unchanged) }, 200);
    });
}
