/**
 * /api/public: the public portal (no account: unit search, a unit's published results, its
 * neighbours, recognition decisions, approved feedback, CAPTCHA and feedback submission), and
 * /api/portal: the office's side (publication settings, the moderation queue).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { systemActor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { clientAddress, requestActor } from '../http/auth.ts';
import { CodeParam, createRouter, DateParam, errors, json, today } from '../http/openapi.ts';
import { rateLimit, sharedRateLimiter } from '../http/rate-limit.ts';
import { searchUnits } from '../units/search.ts';
import { publicAnswerCache } from './cache.ts';
import { type CaptchaChallenge, createCaptcha } from './captcha.ts';
import {
  type FeedbackItem,
  feedbackLimits,
  listFeedbackQueue,
  moderateFeedback,
  submitFeedback,
  unsafeListApprovedFeedback,
} from './feedback.ts';
import {
  listPublications,
  type PublicationSetting,
  removePublication,
  setPublication,
} from './publication.ts';
import { readPublicNeighbours, readPublicRecognitions, readPublicUnit } from './read.ts';
import {
  Captcha,
  FeedbackReceived,
  type PublicationSettingJson,
  PublicationSetting as PublicationSettingSchema,
  PublicFeedback,
  PublicNeighbours,
  PublicRecognitions,
  PublicUnit,
  PublicUnitSearch,
  StaffFeedback,
} from './schemas.ts';

const tags = ['Cổng công khai'];
const adminTags = ['Cổng công khai — quản lý'];
const UnitParams = z.object({ code: CodeParam });
const body = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

/** A challenge as the form shows it (never its answers). */
export const presentCaptcha = (ch: CaptchaChallenge): Captcha => ({
  id: ch.id,
  svg: ch.svg,
  question: ch.question,
  expires_at: ch.expiresAt,
});

/** A feedback item as citizens see it: no phone, no address, no rejection reason. */
export function publicFeedback(f: FeedbackItem): PublicFeedback {
  return {
    id: f.id,
    framework_id: f.frameworkId,
    criterion_no: f.criterionNo,
    criterion_name: f.criterionName,
    author_name: f.authorName,
    content: f.content,
    created_at: f.createdAt,
    answer: f.answer,
    answered_at: f.answeredAt,
  };
}

/** A feedback item as the moderating official sees it. */
export function staffFeedback(f: FeedbackItem & { abilities?: { moderate: boolean } }): StaffFeedback {
  return {
    ...publicFeedback(f),
    unit_code: f.unitCode,
    unit_name: f.unitName,
    phone: f.phone,
    state: f.state,
    reject_reason: f.rejectReason,
    answered_by: f.answeredBy,
    moderated_by: f.moderatedBy,
    abilities: f.abilities ?? { moderate: true },
  };
}

export function presentSetting(p: PublicationSetting): PublicationSettingJson {
  return {
    framework_id: p.frameworkId,
    unit_code: p.unitCode,
    publish_status: p.publishStatus,
    publish_criteria: p.publishCriteria,
    indicators: p.indicators,
    updated_by: p.updatedBy,
    updated_at: p.updatedAt,
  };
}

const r = {
  search: createRoute({
    method: 'get',
    path: '/units',
    tags,
    summary: 'Tìm đơn vị theo tên (không cần dấu)',
    request: { query: z.object({ q: z.string().min(1).max(100), date: DateParam.optional() }) },
    responses: { 200: json(PublicUnitSearch, 'Các đơn vị khớp'), ...errors(400) },
  }),
  unit: createRoute({
    method: 'get',
    path: '/units/{code}',
    tags,
    summary:
      'Kết quả công khai của một đơn vị: trạng thái theo từng bộ tiêu chí, tiêu chí, số liệu được công khai',
    request: { params: UnitParams, query: z.object({ date: DateParam.optional() }) },
    responses: { 200: json(PublicUnit, 'Đơn vị và kết quả công khai'), ...errors(400, 404) },
  }),
  neighbours: createRoute({
    method: 'get',
    path: '/units/{code}/neighbours',
    tags,
    summary: 'So sánh với các đơn vị cùng cấp trên (cùng bộ tiêu chí)',
    request: {
      params: UnitParams,
      query: z.object({ framework: z.string().min(1).max(100), date: DateParam.optional() }),
    },
    responses: { 200: json(PublicNeighbours, 'Đơn vị lân cận và trạng thái công khai'), ...errors(400, 404) },
  }),
  recognitions: createRoute({
    method: 'get',
    path: '/units/{code}/recognitions',
    tags,
    summary: 'Lịch sử công nhận: số, ngày, người ký quyết định; đã thu hồi hay chưa',
    request: { params: UnitParams, query: z.object({ date: DateParam.optional() }) },
    responses: { 200: json(PublicRecognitions, 'Quyết định công nhận'), ...errors(400, 404) },
  }),
  feedback: createRoute({
    method: 'get',
    path: '/units/{code}/feedback',
    tags,
    summary: 'Ý kiến người dân đã duyệt, với câu trả lời của cơ quan',
    request: { params: UnitParams },
    responses: {
      200: json(z.object({ feedback: z.array(PublicFeedback) }), 'Ý kiến đã duyệt'),
      ...errors(400),
    },
  }),
  captcha: createRoute({
    method: 'get',
    path: '/captcha',
    tags,
    summary:
      'Mã kiểm tra mới (ảnh SVG và câu hỏi cộng bằng chữ cho người dùng trình đọc màn hình), dùng một lần, hết hạn sau 10 phút',
    responses: { 200: json(Captcha, 'Mã kiểm tra'), ...errors(429) },
  }),
  submit: createRoute({
    method: 'post',
    path: '/units/{code}/feedback',
    tags,
    summary: 'Gửi ý kiến về một tiêu chí của đơn vị (chờ kiểm duyệt)',
    request: {
      params: UnitParams,
      body: body(
        z.object({
          framework_id: z.string().min(1).max(100),
          criterion_no: z.string().min(1).max(20),
          name: z.string().max(feedbackLimits.name[1] + 50),
          phone: z.string().max(30).nullish(),
          content: z.string().max(feedbackLimits.content[1] + 200),
          captcha_id: z.string().min(1).max(100),
          captcha_answer: z.string().max(50),
          /** The day of the unit tree the page showed (default today). */
          date: DateParam.optional(),
        }),
      ),
    },
    responses: { 201: json(FeedbackReceived, 'Ý kiến đã nhận, chờ kiểm duyệt'), ...errors(400, 404, 429) },
  }),
};

/** Requests per client address: CAPTCHAs and feedback submissions (right or wrong) in ten minutes. */
export const publicLimits = {
  captcha: { limit: 30, windowMs: 10 * 60_000 },
  feedback: { limit: 10, windowMs: 10 * 60_000 },
} as const;

/**
 * Public reads (unit search and pages) per client address per minute; TIEUCHI_PUBLIC_RATE_LIMIT
 * overrides (e.g. behind a proxy that does not pass X-Forwarded-For, where every citizen shares
 * one address).
 */
export const PUBLIC_READ_LIMIT = 300;

/** /api/public: read without an account; only published data leaves. */
export function publicPortalRoutes(db: Db) {
  const captchaLimit = sharedRateLimiter(db, 'captcha', publicLimits.captcha);
  const feedbackLimit = sharedRateLimiter(db, 'feedback', publicLimits.feedback);
  const readLimit = sharedRateLimiter(db, 'public_read', {
    limit: Number(process.env.TIEUCHI_PUBLIC_RATE_LIMIT) || PUBLIC_READ_LIMIT,
    windowMs: 60_000,
  });
  const cache = publicAnswerCache();
  const app = createRouter();
  app.use('/captcha', rateLimit(captchaLimit));
  app.on('POST', '/units/:code/feedback', rateLimit(feedbackLimit));
  // '/units/*' also matches '/units' (the search).
  app.on('GET', '/units/*', rateLimit(readLimit), cache);
  return app
    .openapi(r.search, async (c) => {
      const q = c.req.valid('query');
      const units = await searchUnits(db, { actor: systemActor, q: q.q, date: q.date ?? today(), limit: 20 });
      return c.json(
        { units: units.map((u) => ({ code: u.code, name: u.name, kind: u.kind, path: u.path })) },
        200,
      );
    })
    .openapi(r.unit, async (c) =>
      c.json(
        await readPublicUnit(db, {
          code: c.req.valid('param').code,
          date: c.req.valid('query').date ?? today(),
        }),
        200,
      ),
    )
    .openapi(r.neighbours, async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await readPublicNeighbours(db, {
          code: c.req.valid('param').code,
          frameworkId: q.framework,
          date: q.date ?? today(),
        }),
        200,
      );
    })
    .openapi(r.recognitions, async (c) => {
      const code = c.req.valid('param').code;
      return c.json(
        {
          recognitions: await readPublicRecognitions(db, {
            code,
            date: c.req.valid('query').date ?? today(),
          }),
        },
        200,
      );
    })
    .openapi(r.feedback, async (c) =>
      c.json(
        { feedback: (await unsafeListApprovedFeedback(db, c.req.valid('param').code)).map(publicFeedback) },
        200,
      ),
    )
    .openapi(r.captcha, async (c) => {
      const ch = await createCaptcha(db);
      c.header('Cache-Control', 'no-store');
      return c.json(presentCaptcha(ch), 200);
    })
    .openapi(r.submit, async (c) => {
      const b = c.req.valid('json');
      const f = await submitFeedback(db, {
        unitCode: c.req.valid('param').code,
        frameworkId: b.framework_id,
        criterionNo: b.criterion_no,
        name: b.name,
        phone: b.phone,
        content: b.content,
        captchaId: b.captcha_id,
        captchaAnswer: b.captcha_answer,
        address: clientAddress(c),
        date: b.date ?? today(),
      });
      return c.json({ id: f.id, state: f.state }, 201);
    });
}

const SettingBody = z.object({
  framework_id: z.string().min(1).max(100),
  unit_code: CodeParam,
  publish_status: z.boolean(),
  publish_criteria: z.boolean(),
  indicators: z.array(z.string().min(1).max(40)).max(500),
  /** The day whose tree the unit is looked up in (default today; for units since merged). */
  date: DateParam.optional(),
});

const a = {
  list: createRoute({
    method: 'get',
    path: '/publications',
    tags: adminTags,
    summary: 'Các thiết lập công khai (bộ tiêu chí × nhánh đơn vị)',
    responses: {
      200: json(z.object({ publications: z.array(PublicationSettingSchema) }), 'Thiết lập'),
      ...errors(401, 403),
    },
  }),
  put: createRoute({
    method: 'put',
    path: '/publications',
    tags: adminTags,
    summary: 'Đặt nội dung công khai cho một bộ tiêu chí trên một nhánh đơn vị',
    request: { body: body(SettingBody) },
    responses: {
      200: json(PublicationSettingSchema, 'Thiết lập sau thay đổi'),
      ...errors(400, 401, 403, 404),
    },
  }),
  remove: createRoute({
    method: 'delete',
    path: '/publications/{framework}/{code}',
    tags: adminTags,
    summary: 'Bỏ thiết lập công khai của một nhánh',
    request: { params: z.object({ framework: z.string().min(1).max(100), code: CodeParam }) },
    responses: { 200: json(z.object({ removed: z.literal(true) }), 'Đã bỏ'), ...errors(401, 403, 404) },
  }),
  queue: createRoute({
    method: 'get',
    path: '/feedback',
    tags: adminTags,
    summary: 'Hàng đợi kiểm duyệt ý kiến người dân (các đơn vị người gọi được kiểm duyệt)',
    request: { query: z.object({ state: z.enum(['pending', 'approved', 'rejected']).optional() }) },
    responses: { 200: json(z.object({ feedback: z.array(StaffFeedback) }), 'Ý kiến'), ...errors(401, 403) },
  }),
  moderate: createRoute({
    method: 'post',
    path: '/feedback/{id}/moderation',
    tags: adminTags,
    summary: 'Duyệt, từ chối (kèm lý do) hoặc trả lời một ý kiến',
    request: {
      params: z.object({ id: z.coerce.number().int().positive() }),
      body: body(
        z.object({
          action: z.enum(['approve', 'reject', 'answer']),
          reason: z.string().max(1000).nullish(),
          answer: z.string().max(4000).nullish(),
        }),
      ),
    },
    responses: { 200: json(StaffFeedback, 'Ý kiến sau thay đổi'), ...errors(400, 401, 403, 404, 409) },
  }),
};

/** /api/portal: publication settings and moderation, for logged-in officials with the abilities. */
export function portalAdminRoutes(db: Db) {
  return createRouter()
    .openapi(a.list, async (c) =>
      c.json({ publications: (await listPublications(db, requestActor(c))).map(presentSetting) }, 200),
    )
    .openapi(a.put, async (c) => {
      const b = c.req.valid('json');
      const s = await setPublication(db, requestActor(c), {
        frameworkId: b.framework_id,
        unitCode: b.unit_code,
        publishStatus: b.publish_status,
        publishCriteria: b.publish_criteria,
        indicators: b.indicators,
        date: b.date ?? today(),
      });
      return c.json(presentSetting(s), 200);
    })
    .openapi(a.remove, async (c) => {
      const p = c.req.valid('param');
      await removePublication(db, requestActor(c), {
        frameworkId: p.framework,
        unitCode: p.code,
        date: today(),
      });
      return c.json({ removed: true as const }, 200);
    })
    .openapi(a.queue, async (c) => {
      const items = await listFeedbackQueue(db, requestActor(c), { state: c.req.valid('query').state });
      return c.json({ feedback: items.map(staffFeedback) }, 200);
    })
    .openapi(a.moderate, async (c) => {
      const b = c.req.valid('json');
      const f = await moderateFeedback(db, requestActor(c), {
        feedbackId: c.req.valid('param').id,
        action: b.action,
        reason: b.reason,
        answer: b.answer,
      });
      return c.json(staffFeedback(f), 200);
    });
}
