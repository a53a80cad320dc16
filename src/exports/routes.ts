import { createRoute, z } from '@hono/zod-openapi';
import type { Actor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { buildImprovementXlsx } from '../excel/improvement.ts';
import { buildScorecardXlsx } from '../excel/scorecard.ts';
import { buildValuesTemplate } from '../excel/values-template.ts';
import { requireFrameworkForPeriod } from '../frameworks/store.ts';
import { requestActor } from '../http/auth.ts';
import { CodeParam, createRouter, errors, PeriodParam, sendXlsx, xlsx } from '../http/openapi.ts';
import { ImprovementQuery, improvementOptions } from '../rankings/routes.ts';
import { requireUnitChain } from '../units/read.ts';

const tags = ['Xuất tệp Excel'];

const query = z.object({
  framework: z.string().min(1).openapi({ example: 'vn-qd318-xa-ntm-2021-2025' }),
  period: PeriodParam,
  unit: CodeParam.openapi({ example: '268' }),
});

const valuesTemplateRoute = createRoute({
  method: 'get',
  path: '/values-template.xlsx',
  tags,
  summary: 'Mẫu nhập số liệu .xlsx cho một đơn vị và các đơn vị cấp dưới (điền sẵn số liệu hiện có)',
  description: 'Điền cột "Giá trị mới" rồi tải lên lại qua POST /api/imports (kind=values).',
  request: { query },
  responses: { 200: xlsx('Tệp mẫu .xlsx'), ...errors(400, 404) },
});

const scorecardRoute = createRoute({
  method: 'get',
  path: '/scorecard.xlsx',
  tags,
  summary: 'Bảng tổng hợp kết quả (đơn vị × tiêu chí) ra .xlsx, cùng màu với giao diện',
  request: { query },
  responses: { 200: xlsx('Bảng tổng hợp .xlsx'), ...errors(400, 404) },
});

const improvementRoute = createRoute({
  method: 'get',
  path: '/improvement.xlsx',
  tags,
  summary: 'Bảng xếp hạng theo mức tiến bộ giữa hai kỳ ra .xlsx (kèm cách xếp hạng bằng lời)',
  request: { query: ImprovementQuery },
  responses: { 200: xlsx('Bảng xếp hạng .xlsx'), ...errors(400, 403, 404) },
});

/** Checks framework, period and unit (clear 400/404 errors) before building a workbook. */
async function checkedOptions(db: Db, q: z.infer<typeof query>, actor: Actor) {
  const fw = await requireFrameworkForPeriod(db, q.framework, q.period);
  await requireUnitChain(db, q.unit, fw.period.end);
  return { frameworkId: fw.meta.id, period: fw.period.code, unitCode: q.unit, actor };
}

/** /api/exports: .xlsx files built by src/excel/. */
export function exportRoutes(db: Db) {
  return createRouter()
    .openapi(valuesTemplateRoute, async (c) => {
      const opts = await checkedOptions(db, c.req.valid('query'), requestActor(c));
      return sendXlsx(c, await buildValuesTemplate(db, opts), `so-lieu-${opts.unitCode}-${opts.period}.xlsx`);
    })
    .openapi(scorecardRoute, async (c) => {
      const opts = await checkedOptions(db, c.req.valid('query'), requestActor(c));
      return sendXlsx(c, await buildScorecardXlsx(db, opts), `tong-hop-${opts.unitCode}-${opts.period}.xlsx`);
    })
    .openapi(improvementRoute, async (c) => {
      const q = c.req.valid('query');
      const data = await buildImprovementXlsx(db, improvementOptions(q, requestActor(c)));
      return sendXlsx(c, data, `tien-bo-${q.unit}-${q.from}-${q.to}.xlsx`);
    });
}
