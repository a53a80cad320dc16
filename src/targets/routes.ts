/** /api/targets: target plans per year, assignments and their check, actuals, progress, explanations, .xlsx. */
import { abilitiesAnywhere, abilitiesFor, requireRead } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { requestActor } from '../http/auth.ts';
import { createRouter, sendXlsx } from '../http/openapi.ts';
import { fileBytes } from '../http/upload.ts';
import { text } from '../text.ts';
import { reportActuals } from './actuals.ts';
import { loadAssignments, readAllocation, setTargets } from './assign.ts';
import { exportTargetWorkbook, importTargetWorkbook } from './excel.ts';
import { answerExplanation, askExplanation } from './explanations.ts';
import {
  addIndicator,
  createPlan,
  listPlans,
  loadHolders,
  removeIndicator,
  requirePlan,
  updateSettings,
  upsertDepartment,
} from './plans.ts';
import {
  presentAllocation,
  presentCell,
  presentExplanation,
  presentHolder,
  presentHolderCell,
  presentPlan,
  targetAbilities,
} from './present.ts';
import { readProgress } from './progress.ts';
import { r } from './route-defs.ts';
import { settingsOf } from './schema.ts';

/** /api/targets */
export function targetRoutes(db: Db) {
  const planView = async (year: number, actor: ReturnType<typeof requestActor>) => {
    const plan = await requirePlan(db, year);
    // The plan (indicators, holders, targets) is read by anyone who reads some unit of it.
    await requireRead(db, actor, { unitCode: plan.rootCode, date: plan.treeDate, level: 'summary' });
    const holders = await loadHolders(db, plan);
    const assignments = await loadAssignments(db, year);
    const assigned = new Set<string>();
    const list = [];
    for (const [indicator, m] of assignments)
      for (const [holder, target] of m) {
        assigned.add(holder);
        list.push({ indicator, holder, target });
      }
    const shown = [...holders.values()].filter(
      (h) => h.code === plan.rootCode || h.parentCode === plan.rootCode || assigned.has(h.code),
    );
    return {
      plan: presentPlan(plan),
      holders: shown.map(presentHolder),
      assignments: list,
      allocation: (await readAllocation(db, year)).map(presentAllocation),
      abilities: targetAbilities(
        await abilitiesFor(db, actor, { unitCode: plan.rootCode, date: plan.treeDate }),
      ),
    };
  };
  return createRouter()
    .openapi(r.list, async (c) => {
      const actor = requestActor(c);
      const plans = await listPlans(db);
      return c.json(
        {
          plans: plans.map((p) => ({
            year: p.year,
            root_code: p.rootCode,
            name: p.name,
            demo: p.demo,
            based_on: p.basedOn,
            indicator_count: p.indicatorCount,
          })),
          abilities: targetAbilities(abilitiesAnywhere(actor)),
        },
        200,
      );
    })
    .openapi(r.create, async (c) => {
      const actor = requestActor(c);
      const b = c.req.valid('json');
      const plan = await createPlan(db, actor, {
        year: b.year,
        fromYear: b.from_year,
        rootCode: b.root_code,
        name: b.name,
        add: b.add,
        remove: b.remove,
        settings: b.settings && settingsOf(b.settings),
        demo: b.demo,
      });
      return c.json(await planView(plan.year, actor), 201);
    })
    .openapi(r.read, async (c) => c.json(await planView(c.req.valid('param').year, requestActor(c)), 200))
    .openapi(r.addIndicator, async (c) => {
      const actor = requestActor(c);
      const { year } = c.req.valid('param');
      await addIndicator(db, actor, { year, indicator: c.req.valid('json') });
      return c.json(await planView(year, actor), 200);
    })
    .openapi(r.removeIndicator, async (c) => {
      const actor = requestActor(c);
      const { year, code } = c.req.valid('param');
      await removeIndicator(db, actor, { year, code });
      return c.json(await planView(year, actor), 200);
    })
    .openapi(r.settings, async (c) => {
      const actor = requestActor(c);
      const { year } = c.req.valid('param');
      await updateSettings(db, actor, { year, settings: settingsOf(c.req.valid('json')) });
      return c.json(await planView(year, actor), 200);
    })
    .openapi(r.assign, async (c) => {
      const actor = requestActor(c);
      const { year } = c.req.valid('param');
      const res = await setTargets(db, actor, { year, targets: c.req.valid('json').targets });
      return c.json({ changed: res.changed, ...(await planView(year, actor)) }, 200);
    })
    .openapi(r.actuals, async (c) => {
      const { year } = c.req.valid('param');
      const res = await reportActuals(db, requestActor(c), { year, values: c.req.valid('json').values });
      return c.json(res, 200);
    })
    .openapi(r.progress, async (c) => {
      const { year } = c.req.valid('param');
      const q = c.req.valid('query');
      const p = await readProgress(db, { year, holder: q.holder, today: q.today, actor: requestActor(c) });
      return c.json(
        {
          plan: presentPlan(p.plan),
          today: p.today,
          holders: p.holders.map(presentHolder),
          cells: p.cells.map(presentCell),
        },
        200,
      );
    })
    .openapi(r.holder, async (c) => {
      const actor = requestActor(c);
      const { year, code } = c.req.valid('param');
      const plan = await requirePlan(db, year);
      const holder = (await loadHolders(db, plan)).get(code);
      if (!holder)
        throw new AppError(
          'TARGET_HOLDER_NOT_FOUND',
          text(`${code} không thuộc kế hoạch năm ${year}`, `not a holder`),
        );
      const p = await readProgress(db, { year, holder: code, today: c.req.valid('query').today, actor });
      const abilities = await abilitiesFor(db, actor, { unitCode: holder.accessUnit, date: plan.treeDate });
      return c.json(
        {
          plan: presentPlan(plan),
          today: p.today,
          holder: presentHolder(holder),
          cells: p.cells.map((cell) => presentHolderCell(cell, abilities)),
          abilities: targetAbilities(abilities),
        },
        200,
      );
    })
    .openapi(r.ask, async (c) => {
      const { year } = c.req.valid('param');
      const b = c.req.valid('json');
      const e = await askExplanation(db, requestActor(c), { year, ...b });
      return c.json(presentExplanation(e), 201);
    })
    .openapi(r.answer, async (c) => {
      const e = await answerExplanation(db, requestActor(c), {
        id: c.req.valid('param').id,
        answer: c.req.valid('json').answer,
      });
      return c.json(presentExplanation(e), 200);
    })
    .openapi(r.department, async (c) => {
      const b = c.req.valid('json');
      await upsertDepartment(db, requestActor(c), { code: b.code, name: b.name, unitCode: b.unit_code });
      return c.json({ saved: true }, 200);
    })
    .openapi(r.exportXlsx, async (c) => {
      const { year } = c.req.valid('param');
      const data = await exportTargetWorkbook(db, {
        year,
        today: c.req.valid('query').today,
        actor: requestActor(c),
      });
      return sendXlsx(c, data, `chi-tieu-ktxh-${year}.xlsx`);
    })
    .openapi(r.importXlsx, async (c) => {
      const { year } = c.req.valid('param');
      const { file, mode } = c.req.valid('form');
      const report = await importTargetWorkbook(db, requestActor(c), {
        year,
        data: await fileBytes(file),
        fileName: file.name,
        commit: mode === 'commit',
      });
      return c.json(report, 200);
    });
}
