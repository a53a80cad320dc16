/** /api/targets: target plans per year, assignments and their check, actuals, progress, explanations, .xlsx. */
import { createRoute, z } from '@hono/zod-openapi';
import { abilitiesAnywhere, abilitiesFor, requireAbilitySomewhere, requireRead } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { requestActor } from '../http/auth.ts';
import { CodeParam, createRouter, DateParam, errors, json, sendXlsx, xlsx } from '../http/openapi.ts';
import { FileField, fileBytes, uploadGuard } from '../http/upload.ts';
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
  presentPlan,
  targetAbilities,
} from './present.ts';
import { readProgress } from './progress.ts';
import { IndicatorCode, IndicatorInput, Settings, Year } from './schema.ts';

const tags = ['Chỉ tiêu KT-XH'];
const any = (d: string) => json(z.any(), d);
const YearParams = z.object({ year: Year.openapi({ example: 2026 }) });
const body = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});
const refusals = errors(400, 401, 403, 404, 409);

const r = {
  list: createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'Các kế hoạch chỉ tiêu theo năm',
    responses: { 200: any('Kế hoạch'), ...errors(401) },
  }),
  create: createRoute({
    method: 'post',
    path: '/',
    tags,
    summary: 'Lập kế hoạch năm: từ kế hoạch năm trước (bớt, thêm chỉ tiêu) hoặc từ đầu',
    request: body(
      z.object({
        year: Year,
        from_year: Year.optional(),
        root_code: CodeParam.optional().openapi({ example: '01' }),
        name: z.string().trim().min(1).max(300).optional(),
        add: z.array(IndicatorInput).max(200).optional(),
        remove: z.array(IndicatorCode).max(200).optional(),
        settings: Settings.optional(),
        demo: z.boolean().optional(),
      }),
    ),
    responses: { 201: any('Kế hoạch mới'), ...refusals },
  }),
  read: createRoute({
    method: 'get',
    path: '/{year}',
    tags,
    summary: 'Kế hoạch: chỉ tiêu, đơn vị được giao, chỉ tiêu đã giao, kiểm tra phân bổ, quyền người gọi',
    request: { params: YearParams },
    responses: { 200: any('Kế hoạch'), ...errors(400, 401, 404) },
  }),
  addIndicator: createRoute({
    method: 'post',
    path: '/{year}/indicators',
    tags,
    summary: 'Thêm chỉ tiêu vào kế hoạch',
    request: { params: YearParams, ...body(IndicatorInput) },
    responses: { 200: any('Kế hoạch'), ...refusals },
  }),
  removeIndicator: createRoute({
    method: 'delete',
    path: '/{year}/indicators/{code}',
    tags,
    summary: 'Bỏ chỉ tiêu khỏi kế hoạch (số liệu thực hiện vẫn giữ trong kho số liệu)',
    request: { params: YearParams.extend({ code: IndicatorCode }) },
    responses: { 200: any('Kế hoạch'), ...refusals },
  }),
  settings: createRoute({
    method: 'put',
    path: '/{year}/settings',
    tags,
    summary: 'Ngưỡng trạng thái và lịch báo cáo của kế hoạch (chính sách, không phải quy định pháp luật)',
    request: { params: YearParams, ...body(Settings) },
    responses: { 200: any('Kế hoạch'), ...refusals },
  }),
  assign: createRoute({
    method: 'post',
    path: '/{year}/assignments',
    tags,
    summary: 'Giao chỉ tiêu cho thành phố, đơn vị cấp dưới, sở ngành; có lỗi thì không lưu gì',
    request: {
      params: YearParams,
      ...body(
        z.object({
          targets: z
            .array(
              z.object({
                indicator: IndicatorCode,
                holder: CodeParam,
                target: z.union([z.number(), z.string()]).openapi({ example: '1.250,5' }),
              }),
            )
            .min(1)
            .max(5000),
        }),
      ),
    },
    responses: { 200: any('Số chỉ tiêu đã thay đổi và kiểm tra phân bổ'), ...refusals },
  }),
  actuals: createRoute({
    method: 'post',
    path: '/{year}/actuals',
    tags,
    summary: 'Báo cáo số liệu thực hiện theo tháng/quý (lưu vào kho số liệu); có lỗi thì không lưu gì',
    request: {
      params: YearParams,
      ...body(
        z.object({
          values: z
            .array(
              z.object({
                indicator: IndicatorCode,
                holder: CodeParam,
                period: z.string().min(1).openapi({ example: '2026-03' }),
                value: z.union([z.number(), z.string()]),
                note: z.string().max(2000).optional(),
              }),
            )
            .min(1)
            .max(5000),
        }),
      ),
    },
    responses: { 200: any('Số số liệu đã thay đổi'), ...refusals },
  }),
  progress: createRoute({
    method: 'get',
    path: '/{year}/progress',
    tags,
    summary:
      'Ma trận đơn vị × chỉ tiêu: chỉ tiêu, thực hiện, % chỉ tiêu, dự báo cuối năm, trạng thái và quy tắc',
    request: {
      params: YearParams,
      query: z.object({ holder: CodeParam.optional(), today: DateParam.optional() }),
    },
    responses: { 200: any('Tiến độ'), ...errors(400, 401, 404) },
  }),
  holder: createRoute({
    method: 'get',
    path: '/{year}/holders/{code}',
    tags,
    summary: 'Chỉ tiêu của một đơn vị hoặc sở ngành, với quyền người gọi',
    request: {
      params: YearParams.extend({ code: CodeParam }),
      query: z.object({ today: DateParam.optional() }),
    },
    responses: { 200: any('Chỉ tiêu của đơn vị'), ...errors(400, 401, 404) },
  }),
  ask: createRoute({
    method: 'post',
    path: '/{year}/explanations',
    tags,
    summary: 'Yêu cầu đơn vị giải trình một chỉ tiêu',
    request: {
      params: YearParams,
      ...body(
        z.object({
          indicator: IndicatorCode,
          holder: CodeParam,
          question: z.string().trim().min(1).max(4000),
        }),
      ),
    },
    responses: { 201: any('Yêu cầu giải trình'), ...refusals },
  }),
  answer: createRoute({
    method: 'post',
    path: '/explanations/{id}/answer',
    tags,
    summary: 'Đơn vị trả lời yêu cầu giải trình (một lần)',
    request: {
      params: z.object({ id: z.coerce.number().int().positive() }),
      ...body(z.object({ answer: z.string().trim().min(1).max(8000) })),
    },
    responses: { 200: any('Giải trình'), ...refusals },
  }),
  department: createRoute({
    method: 'post',
    path: '/departments',
    tags,
    summary: 'Khai báo sở, ban, ngành được giao chỉ tiêu (không phải đơn vị hành chính)',
    request: {
      ...body(
        z.object({
          code: z
            .string()
            .trim()
            .regex(/^[A-Za-z][A-Za-z0-9._-]{1,39}$/),
          name: z.string().trim().min(1).max(300),
          unit_code: CodeParam,
        }),
      ),
    },
    responses: { 200: any('Đã lưu'), ...refusals },
  }),
  exportXlsx: createRoute({
    method: 'get',
    path: '/{year}/export.xlsx',
    tags,
    summary: 'Tệp .xlsx: mỗi đơn vị một trang, mỗi dòng một chỉ tiêu',
    request: { params: YearParams, query: z.object({ today: DateParam.optional() }) },
    responses: { 200: xlsx('Tệp .xlsx'), ...errors(400, 401, 404) },
  }),
  importXlsx: createRoute({
    method: 'post',
    path: '/{year}/import',
    tags,
    summary:
      'Nhập tệp .xlsx theo mẫu xuất: mode=check chỉ kiểm tra, mode=commit lưu; có lỗi thì không lưu gì',
    // Targets need target.assign, figures target.report: one of them somewhere, before reading the file.
    middleware: [
      uploadGuard('table', (actor) => {
        if (!abilitiesAnywhere(actor)['target.assign']) requireAbilitySomewhere(actor, 'target.report');
      }),
    ] as const,
    request: {
      params: YearParams,
      body: {
        required: true,
        content: {
          'multipart/form-data': { schema: z.object({ file: FileField, mode: z.enum(['check', 'commit']) }) },
        },
      },
    },
    responses: { 200: any('Báo cáo nhập tệp'), ...refusals, ...errors(413) },
  }),
};

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
        settings: b.settings,
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
      await updateSettings(db, actor, { year, settings: c.req.valid('json') });
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
      return c.json(
        {
          plan: presentPlan(plan),
          today: p.today,
          holder: presentHolder(holder),
          cells: p.cells.map(presentCell),
          abilities: targetAbilities(
            await abilitiesFor(db, actor, { unitCode: holder.accessUnit, date: plan.treeDate }),
          ),
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
