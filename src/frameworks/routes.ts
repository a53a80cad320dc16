import { createRoute, z } from '@hono/zod-openapi';
import { isSystemAdmin, requireSystemAdmin } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { AppError, type InputIssue } from '../errors.ts';
import { buildFrameworkTemplate } from '../excel/framework-template.ts';
import { requestActor } from '../http/auth.ts';
import { Issue, requestLang } from '../http/errors.ts';
import { CodeParam, createRouter, errors, JsonValue, json, sendXlsx, xlsx } from '../http/openapi.ts';
import { FileField, fileBytes, uploadGuard } from '../http/upload.ts';
import { render, text } from '../text.ts';
import { annexRoutes } from './annex/routes.ts';
import {
  diffFrameworkVersions,
  listFrameworkSummaries,
  readFrameworkSummary,
  readFrameworkVersion,
} from './catalog.ts';
import { createDraft, publishDraft } from './drafts.ts';
import { frameworkChange } from './import.ts';
import type { FrameworkIssue } from './load.ts';
import { ServedDefinition } from './served.ts';

const tags = ['Bộ tiêu chí'];

const Summary = z
  .object({
    id: z.string().openapi({ example: 'vn-qd318-xa-ntm-2021-2025' }),
    version: z.number().int(),
    status: z.string().openapi({ example: 'published', description: 'published | draft' }),
    name: z.string(),
    name_en: z.string().nullable(),
    valid_from: z.string(),
    valid_to: z.string(),
    applies_to: z.array(z.string()),
    criteria_count: z.number().int(),
    indicator_count: z.number().int(),
    rule_missing_count: z.number().int().openapi({ description: 'Chỉ tiêu chưa có ngưỡng' }),
    unverified_count: z.number().int().openapi({ description: 'Chỉ tiêu chưa đối chiếu văn bản' }),
    pending_draft: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Phiên bản dự thảo chờ ban hành (chỉ quản trị hệ thống thấy)' }),
  })
  .openapi('FrameworkSummary');

const Change = z
  .object({
    change: z.enum(['added', 'removed', 'changed']),
    target: z.string().openapi({ example: 'chỉ tiêu 1.1' }),
    field: z.string().optional(),
    before: JsonValue.optional(),
    after: JsonValue.optional(),
  })
  .openapi('FrameworkChange');

const Completeness = z
  .object({
    sourced: z.number().int().openapi({ description: 'Chỉ tiêu có ngưỡng đã đối chiếu nguồn' }),
    unverified: z
      .number()
      .int()
      .openapi({ description: 'Chỉ tiêu có ngưỡng đã chép nhưng chưa đối chiếu văn bản' }),
    missing: z
      .number()
      .int()
      .openapi({ description: 'Chỉ tiêu (hoặc tiêu chí chưa có chỉ tiêu) chưa có ngưỡng' }),
    items: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        criterion: z.string().nullable(),
        state: z.enum(['sourced', 'unverified', 'missing']),
        criterion_only: z.boolean().optional(),
        sources: z.array(z.string()),
        note: z.string().nullable(),
      }),
    ),
  })
  .openapi('FrameworkCompleteness');

const IdParams = z.object({ id: CodeParam.max(100).openapi({ example: 'vn-qd318-xa-ntm-2021-2025' }) });
const Version = z.coerce.number().int().positive();

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Danh sách bộ tiêu chí (phiên bản ban hành mới nhất)',
  responses: { 200: json(z.object({ frameworks: z.array(Summary) }), 'Các bộ tiêu chí') },
});

const draftRoute = createRoute({
  method: 'post',
  path: '/drafts',
  tags,
  summary: 'Tải lên bản nháp (.yaml hoặc mẫu .xlsx): kiểm tra và so sánh với phiên bản hiện hành',
  middleware: [uploadGuard('table', (actor) => requireSystemAdmin(actor, frameworkChange))] as const,
  request: {
    body: { required: true, content: { 'multipart/form-data': { schema: z.object({ file: FileField }) } } },
  },
  responses: {
    200: json(
      z.object({
        draft: z.object({ id: z.string(), version: z.number().int(), status: z.literal('draft') }),
        errors: z.array(Issue).openapi({ description: 'Luôn rỗng khi thành công (lỗi trả về 400)' }),
        changes: z.array(Change).openapi({ description: 'Thay đổi so với phiên bản đang áp dụng' }),
        warnings: z.array(z.string()),
      }),
      'Bản nháp đã lưu (chưa dùng để đánh giá)',
    ),
    ...errors(400, 401, 403),
  },
});

const detailRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'Một phiên bản bộ tiêu chí với tiêu chí, chỉ tiêu và ngưỡng (bằng lời)',
  request: {
    params: IdParams,
    query: z.object({
      version: Version.optional().openapi({ description: 'Mặc định: bản ban hành mới nhất' }),
    }),
  },
  responses: {
    200: json(
      z.object({
        framework: Summary.extend({
          versions: z.array(z.number().int()),
          in_force_from: z
            .string()
            .openapi({ description: 'Phiên bản này áp dụng cho các kỳ kết thúc từ ngày này' }),
          version_list: z.array(
            z.object({ version: z.number().int(), status: z.string(), in_force_from: z.string() }),
          ),
          completeness: Completeness,
          definition: ServedDefinition.openapi({
            description:
              'Định nghĩa (docs/framework-format.md); mỗi chỉ tiêu có thêm threshold_text và rule_missing',
          }),
        }),
      }),
      'Bộ tiêu chí',
    ),
    ...errors(400, 404),
  },
});

const diffRoute = createRoute({
  method: 'get',
  path: '/{id}/diff',
  tags,
  summary: 'So sánh hai phiên bản: tiêu chí, chỉ tiêu thêm, bỏ, đổi ngưỡng',
  request: { params: IdParams, query: z.object({ from: Version, to: Version }) },
  responses: {
    200: json(
      z.object({
        changes: z.array(Change),
        amendment: z
          .object({
            from_version: z.number().int(),
            to_version: z.number().int(),
            in_force_from: z
              .string()
              .openapi({ description: 'Phiên bản sau áp dụng cho các kỳ kết thúc từ ngày này' }),
            decisions: z.array(
              z.object({
                number: z.string(),
                date: z.string().nullable(),
                issuer: z.string().nullable(),
                part: z.string().nullable(),
              }),
            ),
          })
          .openapi({
            description: 'Phiên bản sau đọc như một văn bản sửa đổi: từ ngày nào, theo quyết định nào',
          }),
      }),
      'Các thay đổi',
    ),
    ...errors(400, 404),
  },
});

const templateRoute = createRoute({
  method: 'get',
  path: '/{id}/template.xlsx',
  tags,
  summary: 'Tải mẫu .xlsx của bộ tiêu chí (điền sẵn phiên bản hiện hành)',
  request: { params: IdParams },
  responses: { 200: xlsx('Tệp mẫu .xlsx'), ...errors(404) },
});

const publishRoute = createRoute({
  method: 'post',
  path: '/{id}/versions/{version}/publish',
  tags,
  summary: 'Ban hành một bản nháp (sau đó không sửa được)',
  request: { params: IdParams.extend({ version: Version }) },
  responses: {
    200: json(z.object({ framework: Summary }), 'Phiên bản đã ban hành'),
    ...errors(401, 403, 404, 409),
  },
});

/** A problem of a draft file as an error detail: its place (path, or sheet/row/column of the .xlsx) is the field. */
function toIssue(e: FrameworkIssue & { line?: number }): InputIssue {
  return e.line === undefined
    ? { field: e.path, message: e.message }
    : { line: e.line, field: e.path, message: e.message };
}

/** /api/frameworks: list, one version, diff, .xlsx template, drafts, annex import (annex/routes.ts) and publishing. */
export function frameworkRoutes(db: Db) {
  return createRouter()
    .route('/', annexRoutes(db))
    .openapi(listRoute, async (c) =>
      c.json(
        { frameworks: await listFrameworkSummaries(db, { withDrafts: isSystemAdmin(requestActor(c)) }) },
        200,
      ),
    )
    .openapi(draftRoute, async (c) => {
      const { file } = c.req.valid('form');
      const r = await createDraft(db, {
        fileName: file.name,
        content: await fileBytes(file),
        actor: requestActor(c),
      });
      if (!r.draft || r.errors.length > 0)
        throw new AppError(
          'INVALID_FRAMEWORK',
          text(
            `Tệp ${file.name}: ${r.errors.length} lỗi, chưa lưu bản nháp`,
            `${r.errors.length} problems, no draft stored`,
          ),
          r.errors.map(toIssue),
        );
      const lang = requestLang(c);
      const warnings = r.warnings.map((w) => render(w, lang));
      return c.json({ draft: r.draft, errors: [], changes: r.changes, warnings }, 200);
    })
    .openapi(detailRoute, async (c) => {
      const { id } = c.req.valid('param');
      const framework = await readFrameworkVersion(db, { id, version: c.req.valid('query').version });
      return c.json({ framework }, 200);
    })
    .openapi(diffRoute, async (c) => {
      const { from, to } = c.req.valid('query');
      const diff = await diffFrameworkVersions(db, { id: c.req.valid('param').id, from, to });
      return c.json(diff, 200);
    })
    .openapi(templateRoute, async (c) => {
      const { id } = c.req.valid('param');
      return sendXlsx(c, await buildFrameworkTemplate(db, { frameworkId: id }), `${id}-mau.xlsx`);
    })
    .openapi(publishRoute, async (c) => {
      const { id, version } = c.req.valid('param');
      await publishDraft(db, { id, version, actor: requestActor(c) });
      return c.json({ framework: await readFrameworkSummary(db, id, version) }, 200);
    });
}
