/**
 * /api/surveys (office, permission-checked) and the public survey endpoints under /api/public
 * (no session: answering by code, rate-limited per address; published results of a unit).
 */

import type { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireAbilitySomewhere } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { requestActor } from '../http/auth.ts';
import { requestLang } from '../http/errors.ts';
import { createRouter, sendXlsx } from '../http/openapi.ts';
import { rateLimit, sharedRateLimiter } from '../http/rate-limit.ts';
import { fileBytes, uploadGuard } from '../http/upload.ts';
import { render } from '../text.ts';
import { answerSurvey, keyPaperBallot, openSurvey } from './answer.ts';
import {
  createCampaign,
  listCampaigns,
  loadCampaign,
  readCampaign,
  setQuestions,
  updateCampaign,
} from './campaigns.ts';
import { renderReport, renderSlips, resultsWorkbook } from './documents.ts';
import { importHouseholds, listHouseholds, printHouseholdCodes } from './households.ts';
import { presentCampaign, presentResults, presentSync } from './present.ts';
import { readPublicResults, readResults } from './results.ts';
import { importHouseholdsRoute, routes as r } from './route-defs.ts';
import type { Answers, Settings } from './schemas.ts';
import { syncSurveyToDossier } from './sync.ts';

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
  const campaign = async (c: Context, campaignId: number) =>
    presentCampaign(await readCampaign(db, { actor: requestActor(c), campaignId }));
  const householdUpload = uploadGuard('table', (actor) => requireAbilitySomewhere(actor, 'survey.manage'));
  return createRouter()
    .openapi(r.list, async (c) =>
      c.json(
        {
          campaigns: await listCampaigns(db, { actor: requestActor(c), unitCode: c.req.valid('query').unit }),
        },
        200,
      ),
    )
    .openapi(r.create, async (c) => {
      const b = c.req.valid('json');
      const created = await createCampaign(db, {
        actor: requestActor(c),
        ...settingsOf(b),
        title: b.title,
        opensAt: b.opens_at,
        closesAt: b.closes_at,
        unitCode: b.unit_code,
        dossierId: b.dossier_id ?? null,
        frameworkId: b.framework_id,
      });
      return c.json(await campaign(c, created.id), 201);
    })
    .openapi(r.read, async (c) => c.json(await campaign(c, c.req.valid('param').id), 200))
    .openapi(r.update, async (c) => {
      const { id } = c.req.valid('param');
      await updateCampaign(db, {
        actor: requestActor(c),
        campaignId: id,
        changes: settingsOf(c.req.valid('json')),
      });
      return c.json(await campaign(c, id), 200);
    })
    .openapi(r.questions, async (c) => {
      const { id } = c.req.valid('param');
      await setQuestions(db, {
        actor: requestActor(c),
        campaignId: id,
        questions: c.req
          .valid('json')
          .questions.map((q) => ({ kind: q.kind, criterionNo: q.criterion_no ?? null, text: q.text })),
      });
      return c.json(await campaign(c, id), 200);
    })
    .openapi(importHouseholdsRoute(householdUpload), async (c) => {
      const { file } = c.req.valid('form');
      const report = await importHouseholds(db, {
        actor: requestActor(c),
        campaignId: c.req.valid('param').id,
        fileName: file.name,
        content: await fileBytes(file),
      });
      return c.json(
        { file: report.file, rows: report.rows, added: report.added, per_village: report.perVillage },
        200,
      );
    })
    .openapi(r.listHouseholds, async (c) =>
      c.json(
        {
          households: await listHouseholds(db, {
            actor: requestActor(c),
            campaignId: c.req.valid('param').id,
          }),
        },
        200,
      ),
    )
    .openapi(r.slips, async (c) => {
      const { id } = c.req.valid('param');
      const village = c.req.valid('query').village;
      const households = await printHouseholdCodes(db, {
        actor: requestActor(c),
        campaignId: id,
        villageId: village,
      });
      const camp = await loadCampaign(db, id);
      const bytes = await renderSlips(
        { title: camp.title, baseUrl: baseUrl(c), closesAt: camp.closesAt },
        households,
      );
      return pdf(c, bytes, `phieu-khao-sat-${id}${village ? `-thon-${village}` : ''}.pdf`);
    })
    .openapi(r.paper, async (c) => {
      const { id } = c.req.valid('param');
      const b = c.req.valid('json');
      const actor = requestActor(c);
      const out = await keyPaperBallot(db, {
        actor,
        campaignId: id,
        code: b.code,
        items: toItems(b.answers),
      });
      const results = presentResults(await readResults(db, { actor, campaignId: id, lang: requestLang(c) }));
      return c.json({ ok: true as const, village: out.village, results }, 200);
    })
    .openapi(r.results, async (c) =>
      c.json(
        presentResults(
          await readResults(db, {
            actor: requestActor(c),
            campaignId: c.req.valid('param').id,
            lang: requestLang(c),
          }),
        ),
        200,
      ),
    )
    .openapi(r.resultsXlsx, async (c) => {
      const res = await readResults(db, { actor: requestActor(c), campaignId: c.req.valid('param').id });
      return sendXlsx(c, await resultsWorkbook(res), `ket-qua-khao-sat-${res.campaign.id}.xlsx`);
    })
    .openapi(r.report, async (c) => {
      const res = await readResults(db, { actor: requestActor(c), campaignId: c.req.valid('param').id });
      const [u] = await db.query<{ name: string }>(
        'SELECT name FROM units WHERE code = $1 ORDER BY valid_to DESC LIMIT 1',
        [res.campaign.unitCode],
      );
      return pdf(
        c,
        await renderReport(res, u ? `${u.name} (${res.campaign.unitCode})` : res.campaign.unitCode),
        `bao-cao-khao-sat-${res.campaign.id}.pdf`,
      );
    })
    .openapi(r.sync, async (c) => {
      const out = await syncSurveyToDossier(db, {
        actor: requestActor(c),
        campaignId: c.req.valid('param').id,
      });
      return c.json(
        presentSync(out, out.state === 'locked' ? render(out.message, requestLang(c)) : null),
        200,
      );
    });
}

/** Requests per address per minute on the public survey endpoints (TIEUCHI_SURVEY_RATE_LIMIT overrides). */
export const SURVEY_RATE_LIMIT = 30;

/** /api/public: answering by code, and a unit's published survey results. */
export function publicSurveyRoutes(db: Db) {
  const limit = Number(process.env.TIEUCHI_SURVEY_RATE_LIMIT) || SURVEY_RATE_LIMIT;
  const limiter = rateLimit(sharedRateLimiter(db, 'survey', { limit, windowMs: 60_000 }));
  const app = createRouter();
  app.use('/surveys/*', limiter);
  return app
    .openapi(r.open, async (c) => c.json(await openSurvey(db, { code: c.req.valid('param').code }), 200))
    .openapi(r.answer, async (c) => {
      const out = await answerSurvey(db, {
        code: c.req.valid('param').code,
        items: toItems(c.req.valid('json').answers),
      });
      return c.json({ ok: true as const, village: out.village }, 201);
    })
    .openapi(r.published, async (c) =>
      c.json({ surveys: await readPublicResults(db, { unitCode: c.req.valid('param').code }) }, 200),
    );
}
