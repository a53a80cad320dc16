import { createRoute, z } from '@hono/zod-openapi';
import { requireSystemAdmin } from '../../access/index.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { requestActor } from '../../http/auth.ts';
import { requestLang } from '../../http/errors.ts';
import { CodeParam, createRouter, errors, json } from '../../http/openapi.ts';
import { FileField, fileBytes, uploadGuard } from '../../http/upload.ts';
import { render } from '../../text.ts';
import { frameworkChange } from '../import.ts';
import { correctAnnexCell, importAnnex, readAnnexReview } from './import.ts';

const tags = ['Bộ tiêu chí'];

const Unparsed = z.object({
  code: z.string().openapi({ example: '5.1' }),
  column: z.string().openapi({ example: 'rule', description: 'rule | region:<mã vùng> | group:<nhóm>' }),
  cell: z.string().openapi({ example: 'Theo hướng dẫn của Bộ Y tế' }),
});

const Review = z
  .object({
    id: z.string(),
    version: z.number().int(),
    status: z.string(),
    name: z.string(),
    source_file: z.string().nullable(),
    unparsed_count: z.number().int(),
    indicators: z.array(
      z.object({
        criterion_no: z.string(),
        criterion_name: z.string(),
        code: z.string(),
        name: z.string(),
        measure: z.string().nullable(),
        type: z.string().nullable(),
        unit: z.string().nullable(),
        rule_missing: z.boolean(),
        cells: z.array(
          z.object({
            column: z.string(),
            label: z.string(),
            source: z.string().openapi({ description: 'Ô như trong phụ lục' }),
            parsed: z.boolean(),
            corrected: z.string().nullable(),
            rule_text: z
              .string()
              .nullable()
              .openapi({ description: 'Ngưỡng bằng lời; null = chưa có ngưỡng' }),
          }),
        ),
      }),
    ),
  })
  .openapi('AnnexReview');

const IdParams = z.object({ id: CodeParam.max(100).openapi({ example: 'vn-qd51-xa-ntm-2026-2030' }) });

const importRoute = createRoute({
  method: 'post',
  path: '/annex',
  tags,
  summary: 'Đọc bảng phụ lục của quyết định (.docx) thành bản nháp bộ tiêu chí (chưa ban hành)',
  middleware: [uploadGuard('table', (actor) => requireSystemAdmin(actor, frameworkChange))] as const,
  request: {
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z.object({
            file: FileField,
            id: z.string().min(1).max(100),
            name: z.string().min(1).max(500),
            applies_to: z.string().min(1).openapi({ example: 'commune' }),
            valid_from: z.string().min(1).openapi({ example: '2026-01-01' }),
            valid_to: z.string().min(1).openapi({ example: '2030-12-31' }),
            decision: z.string().max(100).optional().openapi({ example: '51/2025/QĐ-TTg' }),
          }),
        },
      },
    },
  },
  responses: {
    200: json(
      z.object({
        draft: z.object({ id: z.string(), version: z.number().int() }),
        criteria: z.number().int(),
        indicators: z.number().int(),
        rules: z.number().int(),
        unparsed: z.array(Unparsed),
        warnings: z.array(z.string()),
      }),
      'Bản nháp đã lưu; các ô chưa đọc được để rà soát',
    ),
    ...errors(400, 401, 403),
  },
});

const reviewRoute = createRoute({
  method: 'get',
  path: '/{id}/annex',
  tags,
  summary: 'Rà soát phụ lục: mỗi chỉ tiêu với ô gốc trong phụ lục bên cạnh ngưỡng đã đọc',
  request: {
    params: IdParams,
    query: z.object({
      version: z.coerce
        .number()
        .int()
        .positive()
        .optional()
        .openapi({ description: 'Mặc định: bản nháp đang chờ' }),
    }),
  },
  responses: { 200: json(z.object({ review: Review }), 'Rà soát phụ lục'), ...errors(400, 404) },
});

const correctRoute = createRoute({
  method: 'put',
  path: '/{id}/versions/{version}/annex-cells',
  tags,
  summary: 'Sửa một ô ngưỡng của bản nháp (ghi như trong phụ lục: "≥ 75%", "Đạt", "Không áp dụng")',
  request: {
    params: IdParams.extend({ version: z.coerce.number().int().positive() }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            code: z.string().min(1).max(40),
            column: z.string().min(1).max(40),
            text: z.string().max(200),
          }),
        },
      },
    },
  },
  responses: {
    200: json(z.object({ review: Review }), 'Bản nháp sau khi sửa'),
    ...errors(400, 401, 403, 404, 409),
  },
});

/** Annex import, review and cell corrections, mounted under /api/frameworks. */
export function annexRoutes(db: Db) {
  return createRouter()
    .openapi(importRoute, async (c) => {
      const f = c.req.valid('form');
      const r = await importAnnex(db, {
        fileName: f.file.name,
        content: await fileBytes(f.file),
        id: f.id.trim(),
        name: f.name.trim(),
        appliesTo: f.applies_to.split(/[,\s]+/).filter(Boolean),
        validFrom: f.valid_from,
        validTo: f.valid_to,
        decision: f.decision || undefined,
        actor: requestActor(c),
      });
      if (!r.draft || r.errors.length > 0)
        throw new AppError(
          'INVALID_FRAMEWORK',
          `Tệp ${f.file.name}: ${r.errors.length} lỗi, chưa lưu bản nháp.`,
          r.errors.map((e) => ({ field: e.path, message: e.message })),
        );
      const { draft, criteria, indicators, rules, unparsed, warnings } = r;
      const lang = requestLang(c);
      return c.json(
        { draft, criteria, indicators, rules, unparsed, warnings: warnings.map((w) => render(w, lang)) },
        200,
      );
    })
    .openapi(reviewRoute, async (c) => {
      const { id } = c.req.valid('param');
      return c.json(
        { review: await readAnnexReview(db, { id, version: c.req.valid('query').version }) },
        200,
      );
    })
    .openapi(correctRoute, async (c) => {
      const { id, version } = c.req.valid('param');
      const body = c.req.valid('json');
      const review = await correctAnnexCell(db, { id, version, ...body, actor: requestActor(c) });
      return c.json({ review }, 200);
    });
}
