import type { Context } from 'hono';
import type { Actor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import type { FileStore } from '../evidence/storage.ts';
import { requestActor } from '../http/auth.ts';
import { requestLang } from '../http/errors.ts';
import { createRouter } from '../http/openapi.ts';
import { completeAppraisal, requestRework, ruleOnIndicator, startAppraisal } from './appraisal.ts';
import { createDossier } from './create.ts';
import {
  recognizeDossier,
  recordCouncilVote,
  refuseDossier,
  reopenDossier,
  revokeRecognition,
} from './decision.ts';
import { exportDossierZip } from './export-zip.ts';
import { recordProcedure } from './procedure.ts';
import { listDossiersWithSteps, readDossier } from './read.ts';
import { revocationFlags } from './revocation.ts';
import { createRouteDef, flagsRoute, listRoute, readRoute, routes, zipRoute } from './route-defs.ts';
import { selfAssessDossier } from './self-assessment.ts';
import { resubmitDossier, submitDossier } from './submission.ts';

/** /api/dossiers: recognition dossiers through the QĐ 18/2022 workflow. */
export function dossierRoutes(db: Db, store: FileStore) {
  const answer = async (c: Context, actor: Actor, id: number) =>
    c.json(await readDossier(db, actor, { dossierId: id, lang: requestLang(c) }), 200);
  const app = createRouter()
    .openapi(listRoute, async (c) => {
      const actor = requestActor(c);
      const q = c.req.valid('query');
      const dossiers = await listDossiersWithSteps(db, actor, {
        unitCode: q.unit,
        frameworkId: q.framework,
        round: q.round,
        state: q.state,
      });
      return c.json({ dossiers }, 200);
    })
    .openapi(createRouteDef, async (c) => {
      const actor = requestActor(c);
      const b = c.req.valid('json');
      const d = await createDossier(db, actor, {
        unitCode: b.unit_code,
        frameworkId: b.framework_id,
        round: b.round,
      });
      return c.json(await readDossier(db, actor, { dossierId: d.id, lang: requestLang(c) }), 201);
    })
    .openapi(flagsRoute, async (c) => {
      const actor = requestActor(c);
      const q = c.req.valid('query');
      const flags = await revocationFlags(db, {
        frameworkId: q.framework,
        period: q.period,
        unitCode: q.unit,
        within: q.within,
        actor,
        lang: requestLang(c),
      });
      return c.json(flags, 200);
    })
    .openapi(readRoute, (c) => answer(c, requestActor(c), c.req.valid('param').id))
    .openapi(zipRoute, async (c) => {
      const zip = await exportDossierZip(db, store, requestActor(c), { dossierId: c.req.valid('param').id });
      return c.body(new Uint8Array(zip.bytes), 200, {
        'Content-Type': 'application/zip',
        'Content-Disposition': `attachment; filename="${zip.fileName}"`,
      });
    });
  app.openapi(routes.selfAssess, async (c) => {
    const actor = requestActor(c);
    const dossierId = c.req.valid('param').id;
    const items = c.req.valid('json').items.map((i) => ({
      indicatorCode: i.indicator_code,
      claim: i.claim,
      explanation: i.explanation ?? null,
    }));
    await selfAssessDossier(db, actor, { dossierId, items });
    return answer(c, actor, dossierId);
  });
  app.openapi(routes.procedure, async (c) => {
    const actor = requestActor(c);
    const dossierId = c.req.valid('param').id;
    const b = c.req.valid('json');
    const update: Parameters<typeof recordProcedure>[2]['update'] = {};
    if (b.postings) update.postings = b.postings;
    if (b.front_comments !== undefined) update.frontComments = b.front_comments;
    if (b.satisfaction !== undefined)
      update.satisfaction = b.satisfaction && {
        rate: b.satisfaction.rate,
        surveyed: b.satisfaction.surveyed ?? null,
        households: b.satisfaction.households ?? null,
      };
    if (b.meeting !== undefined)
      update.meeting = b.meeting && {
        date: b.meeting.date,
        attendees: b.meeting.attendees,
        votesFor: b.meeting.votes_for,
        votesAgainst: b.meeting.votes_against,
        votesAbstain: b.meeting.votes_abstain,
      };
    if (b.debt !== undefined)
      update.debt = b.debt && {
        date: b.debt.date,
        outstanding: b.debt.outstanding,
        note: b.debt.note ?? null,
      };
    await recordProcedure(db, actor, { dossierId, update });
    return answer(c, actor, dossierId);
  });
  const plain = [
    [routes.submit, submitDossier],
    [routes.start, startAppraisal],
  ] as const;
  for (const [route, run] of plain)
    app.openapi(route, async (c) => {
      const actor = requestActor(c);
      const dossierId = c.req.valid('param').id;
      await run(db, actor, { dossierId });
      return answer(c, actor, dossierId);
    });
  app.openapi(routes.rule, async (c) => {
    const actor = requestActor(c);
    const dossierId = c.req.valid('param').id;
    const b = c.req.valid('json');
    await ruleOnIndicator(db, actor, {
      dossierId,
      indicatorCode: b.indicator_code,
      verdict: b.verdict,
      publicComment: b.public_comment ?? null,
      internalNote: b.internal_note ?? null,
    });
    return answer(c, actor, dossierId);
  });
  app.openapi(routes.rework, async (c) => {
    const actor = requestActor(c);
    const dossierId = c.req.valid('param').id;
    const b = c.req.valid('json');
    await requestRework(db, actor, { dossierId, deadline: b.deadline, message: b.message ?? null });
    return answer(c, actor, dossierId);
  });
  app.openapi(routes.resubmit, async (c) => {
    const actor = requestActor(c);
    const dossierId = c.req.valid('param').id;
    await resubmitDossier(db, actor, { dossierId, response: c.req.valid('json').response });
    return answer(c, actor, dossierId);
  });
  app.openapi(routes.complete, async (c) => {
    const actor = requestActor(c);
    const dossierId = c.req.valid('param').id;
    await completeAppraisal(db, actor, { dossierId, note: c.req.valid('json').note ?? null });
    return answer(c, actor, dossierId);
  });
  app.openapi(routes.vote, async (c) => {
    const actor = requestActor(c);
    const dossierId = c.req.valid('param').id;
    const b = c.req.valid('json');
    await recordCouncilVote(db, actor, { dossierId, vote: b.vote, comment: b.comment ?? null });
    return answer(c, actor, dossierId);
  });
  app.openapi(routes.recognize, async (c) => {
    const actor = requestActor(c);
    const dossierId = c.req.valid('param').id;
    const b = c.req.valid('json');
    await recognizeDossier(db, actor, {
      dossierId,
      decisionNo: b.decision_no,
      decisionDate: b.decision_date,
      signer: b.signer,
      decisionFile: b.decision_file,
    });
    return answer(c, actor, dossierId);
  });
  const withReason = [
    [routes.refuse, refuseDossier],
    [routes.reopen, reopenDossier],
  ] as const;
  for (const [route, run] of withReason)
    app.openapi(route, async (c) => {
      const actor = requestActor(c);
      const dossierId = c.req.valid('param').id;
      await run(db, actor, { dossierId, reason: c.req.valid('json').reason });
      return answer(c, actor, dossierId);
    });
  app.openapi(routes.revoke, async (c) => {
    const actor = requestActor(c);
    const dossierId = c.req.valid('param').id;
    const b = c.req.valid('json');
    await revokeRecognition(db, actor, {
      dossierId,
      decisionNo: b.decision_no,
      decisionDate: b.decision_date,
      reason: b.reason,
    });
    return answer(c, actor, dossierId);
  });
  return app;
}
