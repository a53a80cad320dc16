import { createRoute, z } from '@hono/zod-openapi';
import { type Actor, abilitiesAnywhere, requireAbility, requireAbilitySomewhere } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { dossierItems } from '../dossiers/items.ts';
import { EvidenceList, IdParams } from '../dossiers/schemas.ts';
import { requireDossier } from '../dossiers/store.ts';
import { dossierAbilities, dossierViewFor, seesCriterion } from '../dossiers/visibility.ts';
import { AppError } from '../errors.ts';
import { requestActor } from '../http/auth.ts';
import { createRouter, DateParam, errors, json } from '../http/openapi.ts';
import { fileBytes, MAX_EVIDENCE_FILES, uploadGuard } from '../http/upload.ts';
import { text } from '../text.ts';
import { readFieldMeta } from './field.ts';
import { type EvidenceLink, listDossierEvidence, readEvidenceFile } from './read.ts';
import type { FileStore } from './storage.ts';
import {
  type DocumentKind,
  documentKinds,
  type EvidenceTarget,
  linkEvidence,
  MAX_EVIDENCE_BYTES,
  unlinkEvidence,
  uploadEvidence,
} from './upload.ts';
import { readVisit, scheduleVisit } from './visit.ts';

const tags = ['Minh chứng'];
/**
 * Evidence is uploaded by whoever may upload it, attach decision documents, or rule on criteria
 * (field photos of the appraisal visit) somewhere: checked before the body is read; one request
 * carries at most MAX_EVIDENCE_FILES files' worth of bytes.
 */
const evidenceUpload = uploadGuard('evidence', (actor) => {
  const can = abilitiesAnywhere(actor);
  if (!can['dossier.decide'] && !can['dossier.revoke'] && !can['dossier.rule'])
    requireAbilitySomewhere(actor, 'evidence.upload');
});

const Visit = z
  .object({ from: z.string().openapi({ example: '2023-11-18' }), to: z.string() })
  .nullable()
  .openapi('SiteVisit', { description: 'Ngày khảo sát thực tế của đoàn thẩm định (cả hai ngày)' });

const Answer = z.object({
  evidence: EvidenceList,
  abilities: z.record(z.string(), z.boolean()),
  visit: Visit,
});

const uploadRoute = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Tải lên một hoặc nhiều tệp minh chứng cho chỉ tiêu (hoặc tài liệu thủ tục) của hồ sơ',
  description:
    'multipart: dossier_id, file (lặp lại được), indicator (lặp lại được, hoặc "1.1,1.2") hoặc document ' +
    `(${documentKinds.join(', ')}). Nhận PDF, PNG, JPEG, DOCX, XLSX (nhận biết theo nội dung), tối đa ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB mỗi tệp, ${MAX_EVIDENCE_FILES} tệp mỗi lần; ` +
    'một tệp lỗi thì không lưu tệp nào (400 INVALID_EVIDENCE, chi tiết nêu tên tệp và lý do).',
  middleware: [evidenceUpload] as const,
  request: {
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z.object({
            dossier_id: z.coerce.number().int().positive(),
            file: z.any().openapi({ type: 'array', items: { type: 'string', format: 'binary' } }),
            indicator: z
              .any()
              .optional()
              .openapi({ type: 'array', items: { type: 'string' } }),
            document: z.enum(documentKinds as unknown as [DocumentKind, ...DocumentKind[]]).optional(),
            lat: z
              .string()
              .optional()
              .openapi({ description: 'Ảnh thực địa: vĩ độ (độ, WGS 84)', example: '21.0434' }),
            lng: z.string().optional().openapi({ description: 'Ảnh thực địa: kinh độ', example: '105.9321' }),
            position_source: z.string().optional().openapi({ description: 'exif | device' }),
            taken_at: z.string().optional().openapi({ description: 'Thời điểm chụp (ISO 8601)' }),
            field_note: z.string().optional().openapi({ description: 'Ghi chú tại thực địa' }),
          }),
        },
      },
    },
  },
  responses: {
    200: json(Answer, 'Các liên kết minh chứng vừa tạo'),
    ...errors(400, 401, 403, 404, 409, 413),
  },
});

const linkRoute = createRoute({
  method: 'post',
  path: '/links',
  tags,
  summary: 'Dùng lại một tệp đã có trong hồ sơ cho chỉ tiêu khác (không tải lại)',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            dossier_id: z.number().int().positive(),
            sha256: z.string().regex(/^[0-9a-f]{64}$/),
            indicator_codes: z.array(z.string().min(1)).min(1).optional(),
            document: z.enum(documentKinds as unknown as [DocumentKind, ...DocumentKind[]]).optional(),
          }),
        },
      },
    },
  },
  responses: { 200: json(Answer, 'Các liên kết của tệp'), ...errors(400, 401, 403, 404, 409) },
});

const unlinkRoute = createRoute({
  method: 'delete',
  path: '/links/{id}',
  tags,
  summary: 'Gỡ một liên kết minh chứng khỏi hồ sơ (tệp vẫn được lưu)',
  request: { params: IdParams },
  responses: { 200: json(z.object({ deleted: z.literal(true) }), 'Đã gỡ'), ...errors(401, 403, 404, 409) },
});

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Các minh chứng của một hồ sơ mà người gọi được xem',
  request: { query: z.object({ dossier: z.coerce.number().int().positive() }) },
  responses: { 200: json(Answer, 'Minh chứng'), ...errors(400, 401, 403, 404) },
});

const fileRoute = createRoute({
  method: 'get',
  path: '/{sha256}',
  tags,
  summary: 'Nội dung một tệp minh chứng của hồ sơ (xem trước PDF, ảnh trong trình duyệt)',
  request: {
    params: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
    query: z.object({ dossier: z.coerce.number().int().positive() }),
  },
  responses: { 200: { description: 'Tệp' }, ...errors(400, 401, 403, 404) },
});

const visitRoute = createRoute({
  method: 'put',
  path: '/visit',
  tags,
  summary: 'Đặt ngày khảo sát thực tế của đoàn thẩm định (ảnh chụp ngoài các ngày này bị đánh dấu)',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ dossier_id: z.number().int().positive(), from: DateParam, to: DateParam }),
        },
      },
    },
  },
  responses: { 200: json(z.object({ visit: Visit }), 'Lịch khảo sát'), ...errors(400, 401, 403, 404, 409) },
});

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function targetOf(indicators: string[], document: DocumentKind | undefined): EvidenceTarget {
  if (document && indicators.length > 0)
    throw new AppError(
      'INVALID_REQUEST',
      text('Chỉ chọn chỉ tiêu hoặc tài liệu, không cả hai', 'indicator or document, not both'),
      [{ field: 'document', message: text('không dùng cùng indicator', 'not with indicator') }],
    );
  return document ? { document } : { indicatorCodes: indicators };
}

/** What `actor` may see of a dossier's evidence: files of its visible criteria, and documents. */
async function visibleFilter(db: Db, actor: Actor, dossierId: number) {
  const d = await requireDossier(db, dossierId);
  const view = await dossierViewFor(db, actor, d);
  const { items } = await dossierItems(db, d);
  const criterion = new Map(items.map((i) => [i.code, i.criterionNo]));
  const visible = (l: EvidenceLink) =>
    l.document !== null || seesCriterion(view, criterion.get(l.indicator_code!) ?? null);
  return { d, visible };
}

/** /api/evidence: evidence files of dossiers, stored by content hash. */
export function evidenceRoutes(db: Db, store: FileStore) {
  const answer = async (actor: Actor, dossierId: number, links: EvidenceLink[]) => {
    const { d, visible } = await visibleFilter(db, actor, dossierId);
    const { abilities } = await dossierAbilities(db, actor, d, []);
    return { evidence: links.filter(visible), abilities, visit: await readVisit(db, dossierId) };
  };
  return createRouter()
    .openapi(uploadRoute, async (c) => {
      const actor = requestActor(c);
      const form = await c.req.parseBody({ all: true });
      const dossierId = c.req.valid('form').dossier_id;
      const files = asList(form.file).filter((f): f is File => f instanceof File);
      const indicators = asList(form.indicator)
        .flatMap((v) => String(v).split(','))
        .map((v) => v.trim())
        .filter(Boolean);
      const target = targetOf(indicators, c.req.valid('form').document);
      const uploaded = await Promise.all(
        files.map(async (f) => ({ name: f.name || 'tep', bytes: await fileBytes(f) })),
      );
      const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
      const field = readFieldMeta({
        lat: str(form.lat),
        lng: str(form.lng),
        position_source: str(form.position_source),
        taken_at: str(form.taken_at),
        field_note: str(form.field_note),
      });
      const links = await uploadEvidence(db, store, actor, { dossierId, files: uploaded, target, field });
      return c.json(await answer(actor, dossierId, links), 200);
    })
    .openapi(linkRoute, async (c) => {
      const actor = requestActor(c);
      const b = c.req.valid('json');
      const target = targetOf(b.indicator_codes ?? [], b.document);
      const links = await linkEvidence(db, actor, { dossierId: b.dossier_id, sha256: b.sha256, target });
      return c.json(await answer(actor, b.dossier_id, links), 200);
    })
    .openapi(visitRoute, async (c) => {
      const b = c.req.valid('json');
      const visit = await scheduleVisit(db, requestActor(c), {
        dossierId: b.dossier_id,
        from: b.from,
        to: b.to,
      });
      return c.json({ visit }, 200);
    })
    .openapi(unlinkRoute, async (c) => {
      await unlinkEvidence(db, requestActor(c), { linkId: c.req.valid('param').id });
      return c.json({ deleted: true as const }, 200);
    })
    .openapi(listRoute, async (c) => {
      const actor = requestActor(c);
      const dossierId = c.req.valid('query').dossier;
      const d = await requireDossier(db, dossierId);
      await requireAbility(db, actor, 'evidence.read', { unitCode: d.unitCode, frameworkId: d.frameworkId });
      return c.json(await answer(actor, dossierId, await listDossierEvidence(db, dossierId)), 200);
    })
    .openapi(fileRoute, async (c) => {
      const actor = requestActor(c);
      const dossierId = c.req.valid('query').dossier;
      const { visible } = await visibleFilter(db, actor, dossierId);
      const f = await readEvidenceFile(db, store, actor, {
        dossierId,
        sha256: c.req.valid('param').sha256,
        visible,
      });
      // ASCII fallback for old clients: Vietnamese letters without their marks ("ảnh đường" → "anh duong").
      const ascii = f.fileName
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/đ/g, 'd')
        .replace(/Đ/g, 'D')
        .replace(/[^\x20-\x7e]/g, '_')
        .replace(/"/g, '_');
      return c.body(new Uint8Array(f.bytes), 200, {
        'Content-Type': f.mediaType,
        'Content-Disposition': `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, max-age=3600',
      });
    });
}
