/** /api/staff: the agency tree, tasks, imports, the evaluation workflow, rankings and exports. */
import type { Db } from '../db/database.ts';
import { requestActor } from '../http/auth.ts';
import { createRouter, sendXlsx } from '../http/openapi.ts';
import { fileBytes, uploadGuard } from '../http/upload.ts';
import { requireAssignerSomewhere } from './access.ts';
import { approveCatalogueItem, listCatalogue, proposeCatalogueItem } from './catalogue.ts';
import { readPersonEvaluation, readUnitEvaluations } from './evaluations.ts';
import { exportEvaluationForm, exportUnitRanking } from './export.ts';
import { decideExtension, requestExtension } from './extensions.ts';
import { importTasks } from './import.ts';
import { listOrgUnits, readStaffMe, upsertStaffOrg } from './org.ts';
import { listStaffFrames, readPeriodFrame, setPeriodFrame } from './periods.ts';
import { readBandDistribution, readStaffRollUp } from './reports.ts';
import { importTasksRoute, routes as r } from './route-defs.ts';
import {
  approveStaffEvaluations,
  commentStaffEvaluation,
  reviewStaffEvaluation,
  selfAssessStaffEvaluation,
} from './steps.ts';
import { assignTasks, completeTask, rateTask } from './tasks.ts';

const ok = { ok: true } as const;

export function staffRoutes(db: Db) {
  const taskUpload = uploadGuard('table', (actor) => requireAssignerSomewhere(db, actor));
  return createRouter()
    .openapi(r.frames, (c) => c.json(listStaffFrames({ actor: requestActor(c) }), 200))
    .openapi(r.periodFrame, async (c) =>
      c.json(await readPeriodFrame(db, { actor: requestActor(c), period: c.req.valid('param').period }), 200),
    )
    .openapi(r.setPeriodFrame, async (c) => {
      const { period } = c.req.valid('param');
      await setPeriodFrame(db, { actor: requestActor(c), period, frameId: c.req.valid('json').frame_id });
      return c.json(ok, 200);
    })
    .openapi(r.me, async (c) => c.json(await readStaffMe(db, { actor: requestActor(c) }), 200))
    .openapi(r.org, async (c) => c.json({ units: await listOrgUnits(db) }, 200))
    .openapi(r.saveOrg, async (c) => {
      await upsertStaffOrg(db, { actor: requestActor(c), ...c.req.valid('json') });
      return c.json(ok, 201);
    })
    .openapi(r.catalogue, async (c) =>
      c.json(await listCatalogue(db, { actor: requestActor(c), unit: c.req.valid('query').unit }), 200),
    )
    .openapi(r.proposeCatalogue, async (c) =>
      c.json(
        { id: await proposeCatalogueItem(db, { actor: requestActor(c), item: c.req.valid('json') }) },
        201,
      ),
    )
    .openapi(r.approveCatalogue, async (c) => {
      await approveCatalogueItem(db, { actor: requestActor(c), id: c.req.valid('param').id });
      return c.json(ok, 200);
    })
    .openapi(r.assignTasks, async (c) =>
      c.json(
        { task_ids: await assignTasks(db, { actor: requestActor(c), tasks: c.req.valid('json').tasks }) },
        201,
      ),
    )
    .openapi(importTasksRoute(taskUpload), async (c) => {
      const { file } = c.req.valid('form');
      const out = await importTasks(db, {
        actor: requestActor(c),
        data: await fileBytes(file),
        fileName: file.name,
      });
      return c.json(out, 201);
    })
    .openapi(r.completeTask, async (c) => {
      const b = c.req.valid('json');
      await completeTask(db, { actor: requestActor(c), taskId: c.req.valid('param').id, ...b });
      return c.json(ok, 200);
    })
    .openapi(r.rateTask, async (c) => {
      await rateTask(db, {
        actor: requestActor(c),
        taskId: c.req.valid('param').id,
        rating: c.req.valid('json'),
      });
      return c.json(ok, 200);
    })
    .openapi(r.requestExtension, async (c) => {
      const b = c.req.valid('json');
      const id = await requestExtension(db, {
        actor: requestActor(c),
        taskId: c.req.valid('param').id,
        ...b,
      });
      return c.json({ id }, 201);
    })
    .openapi(r.decideExtension, async (c) => {
      await decideExtension(db, {
        actor: requestActor(c),
        extensionId: c.req.valid('param').id,
        approve: c.req.valid('json').approve,
      });
      return c.json(ok, 200);
    })
    .openapi(r.personPeriod, async (c) => {
      const { id, period } = c.req.valid('param');
      return c.json(await readPersonEvaluation(db, { actor: requestActor(c), personId: id, period }), 200);
    })
    .openapi(r.rollUp, async (c) => {
      const { id, period } = c.req.valid('param');
      return c.json(await readStaffRollUp(db, { actor: requestActor(c), personId: id, period }), 200);
    })
    .openapi(r.form, async (c) => {
      const { id, period } = c.req.valid('param');
      const data = await exportEvaluationForm(db, { actor: requestActor(c), personId: id, period });
      return c.body(new Uint8Array(data.bytes), 200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'Content-Disposition': `attachment; filename="${data.fileName}"`,
      });
    })
    .openapi(r.selfAssess, async (c) => {
      const { id, period } = c.req.valid('param');
      const b = c.req.valid('json');
      await selfAssessStaffEvaluation(db, { actor: requestActor(c), personId: id, period, ...b });
      return c.json(ok, 200);
    })
    .openapi(r.review, async (c) => {
      const { id, period } = c.req.valid('param');
      const b = c.req.valid('json');
      await reviewStaffEvaluation(db, { actor: requestActor(c), personId: id, period, ...b });
      return c.json(ok, 200);
    })
    .openapi(r.comment, async (c) => {
      const { id, period } = c.req.valid('param');
      await commentStaffEvaluation(db, {
        actor: requestActor(c),
        personId: id,
        period,
        text: c.req.valid('json').text,
      });
      return c.json(ok, 200);
    })
    .openapi(r.unitEvaluations, async (c) => {
      const { unit, period } = c.req.valid('param');
      return c.json(await readUnitEvaluations(db, { actor: requestActor(c), unit, period }), 200);
    })
    .openapi(r.approve, async (c) => {
      const { unit, period } = c.req.valid('param');
      const b = c.req.valid('json');
      const changes = Object.fromEntries(Object.entries(b.changes ?? {}).map(([k, v]) => [Number(k), v]));
      const approved = await approveStaffEvaluations(db, {
        actor: requestActor(c),
        unit,
        period,
        personIds: b.person_ids,
        changes,
      });
      return c.json({ approved }, 200);
    })
    .openapi(r.distribution, async (c) => {
      const { from, to } = c.req.valid('query');
      return c.json(
        await readBandDistribution(db, { actor: requestActor(c), unit: c.req.valid('param').unit, from, to }),
        200,
      );
    })
    .openapi(r.ranking, async (c) => {
      const { unit, period } = c.req.valid('param');
      const data = await exportUnitRanking(db, { actor: requestActor(c), unit, period });
      return sendXlsx(c, data.bytes, data.fileName);
    });
}
