import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Actor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import type { FileStore } from '../evidence/storage.ts';
import { requestActor } from '../http/auth.ts';
import { createRouter, errors, json } from '../http/openapi.ts';
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
import { listDossiers, readDossier } from './read.ts';
import { revocationFlags } from './revocation.ts';
import * as s from './schemas.ts';
import { selfAssessDossier } from './self-assessment.ts';
import { requireDossier } from './store.ts';
import { resubmitDossier, submitDossier } from './submission.ts';
import { dossierAbilities } from './visibility.ts';

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

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Danh sách hồ sơ người gọi được xem (lọc theo đơn vị, bộ tiêu chí, đợt, trạng thái)',
  request: { query: s.ListQuery },
  responses: { 200: json(z.object({ dossiers: z.array(s.DossierListItem) }), 'Hồ sơ'), ...errors(400, 401) },
});
const createRouteDef = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Lập hồ sơ cho một đơn vị, bộ tiêu chí và đợt (văn phòng điều phối)',
  request: { body: { required: true, content: { 'application/json': { schema: s.CreateBody } } } },
  responses: { 201: json(s.DossierDetailJson, 'Hồ sơ mới'), ...refusals },
});
const flagsRoute = createRoute({
  method: 'get',
  path: '/revocation-flags',
  tags,
  summary: 'Đơn vị đã công nhận rơi vào trường hợp thu hồi (QĐ 18/2022/QĐ-TTg) theo số liệu kỳ này',
  request: { query: s.FlagsQuery },
  responses: { 200: json(z.any(), 'Các đơn vị đã công nhận, cờ thu hồi và lý do'), ...errors(400, 401, 404) },
});
const readRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'Một hồ sơ: từng chỉ tiêu (máy tính, xã tự đánh giá, minh chứng, thẩm định), thủ tục, lịch sử',
  request: { params: s.IdParams },
  responses: { 200: detail, ...errors(401, 403, 404) },
});
const zipRoute = createRoute({
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

const routes = {
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

/** /api/dossiers: recognition dossiers through the QĐ 18/2022 workflow. */
export function dossierRoutes(db: Db, store: FileStore) {
  const answer = async (c: Context, actor: Actor, id: number) =>
    c.json(await readDossier(db, actor, { dossierId: id }), 200);
  const app = createRouter()
    .openapi(listRoute, async (c) => {
      const actor = requestActor(c);
      const q = c.req.valid('query');
      const list = await listDossiers(db, actor, {
        unitCode: q.unit,
        frameworkId: q.framework,
        round: q.round,
        state: q.state,
      });
      const dossiers = [];
      for (const d of list) {
        const { abilities } = await dossierAbilities(db, actor, await requireDossier(db, d.id), []);
        dossiers.push({ ...d, abilities });
      }
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
      return c.json(await readDossier(db, actor, { dossierId: d.id }), 201);
    })
    .openapi(flagsRoute, async (c) => {
      requestActor(c);
      const q = c.req.valid('query');
      return c.json(
        await revocationFlags(db, { frameworkId: q.framework, period: q.period, unitCode: q.unit }),
        200,
      );
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
