/** /api/staff: the agency tree, tasks, imports, the evaluation workflow, rankings and exports. */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Db } from '../db/database.ts';
import { AppError, zodIssueMessage } from '../errors.ts';
import { requestActor } from '../http/auth.ts';
import { createRouter, sendXlsx } from '../http/openapi.ts';
import { uploadGuard } from '../http/upload.ts';
import { text } from '../text.ts';
import { actorPerson, isStaffAdmin, requireAssignerSomewhere } from './access.ts';
import {
  approve,
  comment,
  evaluateUnit,
  frameFor,
  frameSummary,
  personPeriod,
  personRollUp,
  review,
  selfAssess,
  setPeriodFrame,
  unitDistribution,
} from './evaluations.ts';
import { evaluationDocx, unitXlsx } from './export.ts';
import { staffFrames } from './frame.ts';
import { importTasks } from './import.ts';
import {
  approveCatalogueItem,
  assignTasks,
  completeTask,
  decideExtension,
  getPerson,
  listCatalogue,
  orgTree,
  proposeCatalogueItem,
  rateTask,
  requestExtension,
  upsertOrg,
} from './store.ts';

const Period = z.string().regex(/^\d{4}(-\d{2}|-Q[1-4])?$/, 'kỳ phải có dạng YYYY-MM, YYYY-Qn hoặc YYYY');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày phải có dạng YYYY-MM-DD');
const Manual = z.record(z.string(), z.number().nullable());

async function body<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new AppError('INVALID_REQUEST', text('Nội dung yêu cầu phải là JSON', 'body must be JSON'));
  }
  const r = schema.safeParse(raw);
  if (!r.success)
    throw new AppError(
      'INVALID_REQUEST',
      text('Dữ liệu gửi lên không hợp lệ', 'invalid request body'),
      r.error.issues.map((i) => ({ field: i.path.join('.'), message: zodIssueMessage(i) })),
    );
  return r.data;
}

function query<T extends z.ZodType>(c: Context, schema: T): z.infer<T> {
  const r = schema.safeParse(c.req.query());
  if (!r.success)
    throw new AppError(
      'INVALID_REQUEST',
      text('Tham số không hợp lệ', 'invalid query'),
      r.error.issues.map((i) => ({ field: i.path.join('.'), message: zodIssueMessage(i) })),
    );
  return r.data;
}

const id = (c: Context, name: string) => {
  const n = Number(c.req.param(name));
  if (!Number.isInteger(n) || n <= 0)
    throw new AppError('INVALID_REQUEST', `${name} phải là số nguyên dương`);
  return n;
};

export function staffRoutes(db: Db) {
  const app = createRouter();

  app.get('/frames', (c) =>
    c.json({
      frames: [...staffFrames().values()].map(frameSummary),
      abilities: { set_frame: isStaffAdmin(requestActor(c)) },
    }),
  );
  /** The frame that scores a period and whether the caller may change it (administrators only). */
  app.get('/periods/:period/frame', async (c) => {
    const frame = await frameFor(db, Period.parse(c.req.param('period')));
    return c.json({ frame_id: frame.id, abilities: { set_frame: isStaffAdmin(requestActor(c)) } });
  });
  app.put('/periods/:period/frame', async (c) => {
    const b = await body(c, z.object({ frame_id: z.string() }));
    await setPeriodFrame(db, requestActor(c), Period.parse(c.req.param('period')), b.frame_id);
    return c.json({ ok: true });
  });

  /** Who am I in the agency tree (the web's "my month" starts here). */
  app.get('/me', async (c) => {
    const actor = requestActor(c);
    const me = await actorPerson(db, actor);
    const person = me ? await getPerson(db, me.id) : null;
    return c.json({ person, admin: isStaffAdmin(actor), head: me?.is_head ?? false });
  });

  app.get('/org', async (c) => c.json({ units: await orgTree(db) }));
  app.post('/org', async (c) => {
    const b = await body(
      c,
      z.object({
        units: z
          .array(
            z.object({
              code: z.string().min(1),
              name: z.string().min(1),
              parent_code: z.string().nullable().optional(),
              kind: z.enum(['agency', 'division']).optional(),
            }),
          )
          .optional(),
        positions: z
          .array(
            z.object({
              code: z.string().min(1),
              name: z.string().min(1),
              task_group: z.string().min(1),
              is_head: z.boolean().optional(),
            }),
          )
          .optional(),
        people: z
          .array(
            z.object({
              code: z.string().min(1),
              full_name: z.string().min(1),
              org_unit: z.string(),
              position_code: z.string(),
              manager_code: z.string().nullable().optional(),
              user_id: z.number().int().nullable().optional(),
            }),
          )
          .optional(),
      }),
    );
    await upsertOrg(db, requestActor(c), b);
    return c.json({ ok: true }, 201);
  });

  /** Shared items and the unit's own, each with whether the caller may approve it; and what the caller may propose. */
  app.get('/catalogue', async (c) => {
    const actor = requestActor(c);
    const unit = c.req.query('unit');
    const admin = isStaffAdmin(actor);
    const me = await actorPerson(db, actor);
    const items = await listCatalogue(db, unit);
    return c.json({
      items: items.map((i) => ({
        ...i,
        abilities: {
          approve: i.status === 'proposed' && (admin || (!!me?.is_head && me.org_unit === i.org_unit)),
        },
      })),
      abilities: { propose_shared: admin, propose_unit: !!unit && (admin || me?.org_unit === unit) },
    });
  });
  app.post('/catalogue', async (c) => {
    const b = await body(
      c,
      z.object({
        code: z.string().min(1),
        name: z.string().min(1),
        task_group: z.string().min(1),
        org_unit: z.string().nullable().optional(),
        coefficient: z.number(),
      }),
    );
    return c.json({ id: await proposeCatalogueItem(db, requestActor(c), b) }, 201);
  });
  app.post('/catalogue/:id/approve', async (c) => {
    await approveCatalogueItem(db, requestActor(c), id(c, 'id'));
    return c.json({ ok: true });
  });

  app.post('/tasks', async (c) => {
    const b = await body(
      c,
      z.object({
        tasks: z
          .array(
            z.object({
              assignee_id: z.number().int(),
              title: z.string().min(1),
              doc_number: z.string().nullable().optional(),
              role: z.enum(['lead', 'collaborator']).optional(),
              catalogue_id: z.number().int().nullable().optional(),
              quantity: z.number().positive().optional(),
              deadline: IsoDate,
            }),
          )
          .min(1),
      }),
    );
    return c.json({ task_ids: await assignTasks(db, requestActor(c), b.tasks) }, 201);
  });
  const taskUpload = uploadGuard('table', (actor) => requireAssignerSomewhere(db, actor));
  app.post('/tasks/import', taskUpload, async (c) => {
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File))
      throw new AppError('INVALID_REQUEST', text('Cần tệp trong trường "file"', 'send the file as "file"'));
    const out = await importTasks(db, requestActor(c), Buffer.from(await file.arrayBuffer()), file.name);
    return c.json(out, 201);
  });
  app.post('/tasks/:id/complete', async (c) => {
    const b = await body(c, z.object({ completed_on: IsoDate, product: z.string().nullable().optional() }));
    await completeTask(db, requestActor(c), id(c, 'id'), b);
    return c.json({ ok: true });
  });
  app.post('/tasks/:id/rating', async (c) => {
    const b = await body(
      c,
      z.object({
        quality: z.enum(['dat', 'khong_dat']),
        major_errors: z.number().int().min(0).optional(),
        excused_errors: z.number().int().min(0).optional(),
        delay_excused: z.boolean().optional(),
        objective_cause: z.string().nullable().optional(),
      }),
    );
    await rateTask(db, requestActor(c), id(c, 'id'), b);
    return c.json({ ok: true });
  });
  app.post('/tasks/:id/extensions', async (c) => {
    const b = await body(c, z.object({ new_deadline: IsoDate, reason: z.string() }));
    return c.json({ id: await requestExtension(db, requestActor(c), id(c, 'id'), b) }, 201);
  });
  app.post('/extensions/:id/decision', async (c) => {
    const b = await body(c, z.object({ approve: z.boolean() }));
    await decideExtension(db, requestActor(c), id(c, 'id'), b.approve);
    return c.json({ ok: true });
  });

  app.get('/people/:id/evaluations/:period', async (c) =>
    c.json(await personPeriod(db, requestActor(c), id(c, 'id'), Period.parse(c.req.param('period')))),
  );
  app.get('/people/:id/rollup/:period', async (c) =>
    c.json(await personRollUp(db, requestActor(c), id(c, 'id'), Period.parse(c.req.param('period')))),
  );
  app.get('/people/:id/evaluations/:period/form.docx', async (c) => {
    const data = await evaluationDocx(db, requestActor(c), id(c, 'id'), Period.parse(c.req.param('period')));
    return new Response(new Uint8Array(data.bytes), {
      headers: {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'Content-Disposition': `attachment; filename="${data.fileName}"`,
      },
    });
  });
  app.post('/people/:id/evaluations/:period/self', async (c) => {
    const b = await body(c, z.object({ manual: Manual, note: z.string().nullable().optional() }));
    await selfAssess(db, requestActor(c), id(c, 'id'), Period.parse(c.req.param('period')), b.manual, b.note);
    return c.json({ ok: true });
  });
  app.post('/people/:id/evaluations/:period/review', async (c) => {
    const b = await body(
      c,
      z.object({
        manual: Manual,
        disqualifying: z.array(z.string()).optional(),
        reason: z.string().nullable().optional(),
      }),
    );
    await review(db, requestActor(c), id(c, 'id'), Period.parse(c.req.param('period')), b);
    return c.json({ ok: true });
  });
  app.post('/people/:id/evaluations/:period/comment', async (c) => {
    const b = await body(c, z.object({ text: z.string().min(1) }));
    await comment(db, requestActor(c), id(c, 'id'), Period.parse(c.req.param('period')), b.text);
    return c.json({ ok: true });
  });

  /** The team's (a node's subtree) month: everyone the caller may read, with abilities. */
  app.get('/units/:unit/evaluations/:period', async (c) => {
    const { frame, rows } = await evaluateUnit(
      db,
      requestActor(c),
      c.req.param('unit'),
      Period.parse(c.req.param('period')),
      { checkAccess: true },
    );
    return c.json({
      frame: frameSummary(frame),
      rows: rows.map((r) => ({
        person: r.person,
        state: r.evaluation?.state ?? 'draft',
        total: r.score.total,
        components: r.score.components,
        score_band: r.score.band,
        band: r.evaluation?.state === 'approved' ? r.evaluation.band : r.band,
        quota: r.quota,
        score_source: r.scoreSource,
        self_manual: r.evaluation?.self_manual ?? null,
        manager_manual: r.evaluation?.manager_manual ?? null,
        final_manual: r.evaluation?.final_manual ?? null,
        abilities: r.abilities,
      })),
    });
  });
  app.post('/units/:unit/evaluations/:period/approve', async (c) => {
    const b = await body(
      c,
      z.object({
        person_ids: z.array(z.number().int()).min(1),
        changes: z.record(z.string(), z.object({ manual: Manual, reason: z.string() })).optional(),
      }),
    );
    const changes = Object.fromEntries(Object.entries(b.changes ?? {}).map(([k, v]) => [Number(k), v]));
    return c.json({
      approved: await approve(
        db,
        requestActor(c),
        c.req.param('unit'),
        Period.parse(c.req.param('period')),
        b.person_ids,
        changes,
      ),
    });
  });
  app.get('/units/:unit/distribution', async (c) => {
    const q = query(c, z.object({ from: Period, to: Period }));
    return c.json(await unitDistribution(db, requestActor(c), c.req.param('unit'), q.from, q.to));
  });
  app.get('/units/:unit/evaluations/:period/ranking.xlsx', async (c) => {
    const data = await unitXlsx(
      db,
      requestActor(c),
      c.req.param('unit'),
      Period.parse(c.req.param('period')),
    );
    return sendXlsx(c, data.bytes, data.fileName);
  });
  return app;
}
