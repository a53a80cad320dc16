/**
 * /api/surveys (office, permission-checked) and the public survey endpoints under /api/public
 * (no session: answering by code, rate-limited per address; published results of a unit).
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireAbility, requireAbilitySomewhere } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { AppError, zodIssueMessage } from '../errors.ts';
import { requestActor } from '../http/auth.ts';
import { requestLang } from '../http/errors.ts';
import { createRouter, sendXlsx } from '../http/openapi.ts';
import { rateLimit, sharedRateLimiter } from '../http/rate-limit.ts';
import { uploadGuard } from '../http/upload.ts';
import { render, text } from '../text.ts';
import { openByCode, submitAnswer } from './answer.ts';
import {
  createCampaign,
  listCampaigns,
  loadCampaign,
  readCampaign,
  setQuestions,
  updateCampaign,
} from './campaigns.ts';
import { renderReport, renderSlips, resultsWorkbook } from './documents.ts';
import { householdCodes, importHouseholds, listHouseholds } from './households.ts';
import { publicResults, readResults } from './results.ts';
import { syncNow } from './sync.ts';

async function parseBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new AppError('INVALID_REQUEST', text('Nội dung gửi lên không phải JSON', 'body is not JSON'));
  }
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const details = r.error.issues.map((i) => ({
    field: i.path.join('.') || 'body',
    message: zodIssueMessage(i),
  }));
  throw new AppError(
    'INVALID_REQUEST',
    text(`Tham số không hợp lệ: ${[...new Set(details.map((d) => d.field))].join(', ')}`, `invalid request`),
    details,
  );
}

function idOf(c: Context): number {
  const id = Number(c.req.param('id'));
  if (!Number.isInteger(id) || id <= 0)
    throw new AppError('INVALID_REQUEST', text('Mã đợt khảo sát không hợp lệ', 'invalid id'), [
      { field: 'id', value: c.req.param('id'), message: 'cần số nguyên dương' },
    ]);
  return id;
}

const Pct = z.number().min(0).max(100).nullable();
const Settings = z.object({
  title: z.string().trim().min(1).max(300),
  opens_at: z.string().min(1),
  closes_at: z.string().min(1),
  required_coverage_pct: Pct.optional(),
  required_pass_pct: Pct.optional(),
  results_public: z.boolean().optional(),
  comments_public: z.boolean().optional(),
  villages: z.array(z.string().max(200)).max(500).optional(),
});
const CreateBody = Settings.extend({
  unit_code: z.string().min(1).max(40).optional(),
  dossier_id: z.number().int().positive().nullable().optional(),
  framework_id: z.string().min(1).optional(),
});
const Answers = z
  .array(
    z.object({
      question_id: z.number().int(),
      choice: z.enum(['satisfied', 'not_satisfied', 'no_opinion']),
      comment: z.string().max(1000).nullable().optional(),
    }),
  )
  .min(1)
  .max(100);
const toItems = (a: z.infer<typeof Answers>) =>
  a.map((x) => ({ questionId: x.question_id, choice: x.choice, comment: x.comment ?? null }));

const settingsOf = (b: Partial<z.infer<typeof Settings>>) => ({
  title: b.title,
  opensAt: b.opens_at,
  closesAt: b.closes_at,
  requiredCoveragePct: b.required_coverage_pct,
  requiredPassPct: b.required_pass_pct,
  resultsPublic: b.results_public,
  commentsPublic: b.comments_public,
  villages: b.villages,
});

const baseUrl = (c: Context) =>
  process.env.TIEUCHI_PUBLIC_URL?.replace(/\/$/, '') ?? new URL(c.req.url).origin;
const asciiName = (s: string) => s.normalize('NFD').replace(/[^\x20-\x7e]/g, '_');
const pdf = (c: Context, bytes: Buffer, name: string) =>
  c.body(new Uint8Array(bytes), 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="${asciiName(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  });

/** /api/surveys: the office's side of satisfaction surveys. */
export function surveyRoutes(db: Db) {
  const app = createRouter();
  app.get('/', async (c) =>
    c.json({ campaigns: await listCampaigns(db, requestActor(c), { unitCode: c.req.query('unit') }) }),
  );
  app.post('/', async (c) => {
    const b = await parseBody(c, CreateBody);
    const created = await createCampaign(db, requestActor(c), {
      ...settingsOf(b),
      title: b.title,
      opensAt: b.opens_at,
      closesAt: b.closes_at,
      unitCode: b.unit_code,
      dossierId: b.dossier_id ?? null,
      frameworkId: b.framework_id,
    });
    return c.json(await readCampaign(db, requestActor(c), created.id), 201);
  });
  app.get('/:id', async (c) => c.json(await readCampaign(db, requestActor(c), idOf(c))));
  app.put('/:id', async (c) => {
    const b = await parseBody(c, Settings.partial());
    await updateCampaign(db, requestActor(c), idOf(c), settingsOf(b));
    return c.json(await readCampaign(db, requestActor(c), idOf(c)));
  });
  app.put('/:id/questions', async (c) => {
    const b = await parseBody(
      c,
      z.object({
        questions: z
          .array(
            z.object({
              kind: z.enum(['overall', 'criterion']),
              criterion_no: z.string().max(20).nullable().optional(),
              text: z.string().max(1000),
            }),
          )
          .min(1)
          .max(100),
      }),
    );
    await setQuestions(
      db,
      requestActor(c),
      idOf(c),
      b.questions.map((q) => ({ kind: q.kind, criterionNo: q.criterion_no ?? null, text: q.text })),
    );
    return c.json(await readCampaign(db, requestActor(c), idOf(c)));
  });
  const householdUpload = uploadGuard('table', (actor) => requireAbilitySomewhere(actor, 'survey.manage'));
  app.post('/:id/households', householdUpload, async (c) => {
    const form = await c.req.formData().catch(() => null);
    const file = form?.get('file');
    if (!(file instanceof File))
      throw new AppError(
        'INVALID_REQUEST',
        text('Cần gửi tệp danh sách hộ (trường file)', 'a file is required'),
        [{ field: 'file', message: text('thiếu tệp', 'missing') }],
      );
    const report = await importHouseholds(db, requestActor(c), {
      campaignId: idOf(c),
      fileName: file.name,
      content: Buffer.from(await file.arrayBuffer()),
    });
    return c.json(report);
  });
  app.get('/:id/households', async (c) =>
    c.json({ households: await listHouseholds(db, requestActor(c), idOf(c)) }),
  );
  app.get('/:id/slips.pdf', async (c) => {
    const id = idOf(c);
    const village = c.req.query('village') ? Number(c.req.query('village')) : undefined;
    const households = await householdCodes(db, requestActor(c), { campaignId: id, villageId: village });
    const camp = await loadCampaign(db, id);
    const bytes = await renderSlips(
      { title: camp.title, baseUrl: baseUrl(c), closesAt: camp.closesAt },
      households,
    );
    return pdf(c, bytes, `phieu-khao-sat-${id}${village ? `-thon-${village}` : ''}.pdf`);
  });
  app.post('/:id/paper', async (c) => {
    const id = idOf(c);
    const b = await parseBody(c, z.object({ code: z.string().min(1).max(40), answers: Answers }));
    const actor = requestActor(c);
    const r = await submitAnswer(db, {
      code: b.code,
      items: toItems(b.answers),
      channel: 'paper',
      actor,
      campaignId: id,
    });
    return c.json({
      ok: true,
      village: r.village,
      results: await readResults(db, actor, id, requestLang(c)),
    });
  });
  app.get('/:id/results', async (c) =>
    c.json(await readResults(db, requestActor(c), idOf(c), requestLang(c))),
  );
  app.get('/:id/results.xlsx', async (c) => {
    const r = await readResults(db, requestActor(c), idOf(c));
    return sendXlsx(c, await resultsWorkbook(r), `ket-qua-khao-sat-${r.campaign.id}.xlsx`);
  });
  app.get('/:id/report.pdf', async (c) => {
    const r = await readResults(db, requestActor(c), idOf(c));
    const [u] = await db.query<{ name: string }>(
      'SELECT name FROM units WHERE code = $1 ORDER BY valid_to DESC LIMIT 1',
      [r.campaign.unitCode],
    );
    return pdf(
      c,
      await renderReport(r, u ? `${u.name} (${r.campaign.unitCode})` : r.campaign.unitCode),
      `bao-cao-khao-sat-${r.campaign.id}.pdf`,
    );
  });
  app.post('/:id/sync', async (c) => {
    const actor = requestActor(c);
    const camp = await loadCampaign(db, idOf(c));
    await requireAbility(db, actor, 'survey.manage', { unitCode: camp.unitCode });
    const r = await syncNow(db, actor, camp);
    return c.json(r.state === 'locked' ? { ...r, message: render(r.message, requestLang(c)) } : r);
  });
  return app;
}

/** Requests per address per minute on the public survey endpoints (TIEUCHI_SURVEY_RATE_LIMIT overrides). */
export const SURVEY_RATE_LIMIT = 30;

/** /api/public: answering by code, and a unit's published survey results. */
export function publicSurveyRoutes(db: Db) {
  const limit = Number(process.env.TIEUCHI_SURVEY_RATE_LIMIT) || SURVEY_RATE_LIMIT;
  const limiter = rateLimit(sharedRateLimiter(db, 'survey', { limit, windowMs: 60_000 }));
  const app = createRouter();
  app.use('/surveys/*', limiter);
  app.get('/surveys/:code', async (c) => c.json(await openByCode(db, c.req.param('code'))));
  app.post('/surveys/:code/answers', async (c) => {
    const b = await parseBody(c, z.object({ answers: Answers }));
    const r = await submitAnswer(db, {
      code: c.req.param('code'),
      items: toItems(b.answers),
      channel: 'web',
    });
    return c.json({ ok: true, village: r.village }, 201);
  });
  app.get('/units/:code/surveys', async (c) =>
    c.json({ surveys: await publicResults(db, c.req.param('code')) }),
  );
  return app;
}
