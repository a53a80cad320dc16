/** /api/home: the caller's own work ("Việc của tôi"). */
import { createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../db/database.ts';
import { NextActorJson } from '../dossiers/schemas.ts';
import { dossierStates } from '../dossiers/states.ts';
import { statuses } from '../engine/status.ts';
import { requestActor } from '../http/auth.ts';
import { createRouter, errors, json } from '../http/openapi.ts';
import { readHome } from './read.ts';

const DossierTask = z
  .object({
    id: z.number().int(),
    unit_code: z.string(),
    unit_name: z.string().nullable(),
    framework_id: z.string(),
    framework_name: z.string(),
    round: z.string(),
    state: z.enum(dossierStates),
    state_label: z.string(),
    since: z.string(),
    next: NextActorJson,
    mine: z.boolean().openapi({ description: 'Người gọi là người xử lý tiếp' }),
    deadline: z.string().nullable(),
    overdue: z.boolean(),
    my_criteria: z.array(z.string()).optional(),
  })
  .openapi('HomeDossierTask');

const Status = z.enum(statuses);

const ReportDue = z
  .object({
    year: z.number().int(),
    holder: z.string(),
    holder_name: z.string(),
    indicator: z.string(),
    indicator_name: z.string(),
    period: z.string(),
    state: z.enum(['missing', 'late']).openapi({ description: 'missing: quá hạn chưa nộp; late: nộp muộn' }),
    due: z.string(),
    days_late: z.number().int(),
  })
  .openapi('HomeReportDue');

const IndicatorGap = z.object({
  code: z.string(),
  name: z.string(),
  criterion: z.string(),
  status: Status,
  value: z.union([z.number(), z.boolean(), z.string()]).nullable(),
  unit: z.string().nullable(),
  threshold: z.string(),
  reason: z.string(),
  gap: z.number().nullable().openapi({ description: 'Thay đổi (có dấu) của số liệu để đạt' }),
  gap_relative: z.number().nullable(),
  gap_text: z.string(),
});

const UnitWork = z
  .object({
    grant_code: z.string(),
    unit: z.object({
      code: z.string(),
      name: z.string(),
      kind: z.string(),
      parent_name: z.string().nullable(),
    }),
    frameworks: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        period: z.string(),
        name_in_period: z
          .string()
          .nullable()
          .openapi({ description: 'Tên đơn vị trong kỳ khi khác tên hôm nay (xã đã sáp nhập, đổi tên)' }),
        status: Status,
        met_criteria: z.number().int(),
        total_criteria: z.number().int(),
        gaps: z
          .array(IndicatorGap)
          .openapi({ description: 'Chỉ tiêu chưa đạt/thiếu số liệu, gần đạt nhất trước' }),
        rule_missing: z.number().int(),
        dossier_id: z.number().int().nullable(),
      }),
    ),
    dossiers: z.array(DossierTask),
    reports: z.array(ReportDue),
    titles: z
      .array(
        z.object({
          title: z.enum(['ntm', 'ntm_nang_cao', 'ntm_kieu_mau', 'hoan_thanh_nhiem_vu']),
          year: z.number().int().nullable(),
          unit_name: z.string(),
          former: z.boolean(),
        }),
      )
      .openapi({
        description: 'Danh hiệu được công nhận trước khi dùng TieuChi (cả của đơn vị cũ), mới nhất trước',
      }),
  })
  .openapi('HomeUnitWork');

const AreaOverview = z
  .object({
    unit: z.object({ code: z.string(), name: z.string() }),
    frameworks: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        period: z.string(),
        counts: z.object({
          total: z.number().int(),
          met: z.number().int(),
          basically_met: z.number().int(),
          not_met: z.number().int(),
          no_data: z.number().int(),
          rule_missing: z.number().int(),
        }),
        thresholds: z.object({
          units: z.number().int(),
          meet_thresholds: z.number().int(),
          thresholds_missing: z.number().int(),
        }),
      }),
    ),
  })
  .openapi('HomeArea');

const RevocationItem = z.object({
  unit_code: z.string(),
  unit_name: z.string().nullable(),
  framework_id: z.string(),
  framework_name: z.string(),
  period: z.string(),
  dossier_id: z.number().int(),
  reason: z.string(),
});

const StaffState = z.enum(['draft', 'self_assessed', 'reviewed', 'approved']);

const StaffMonth = z.object({
  person: z.object({
    id: z.number().int(),
    full_name: z.string(),
    org_unit_name: z.string(),
    position_name: z.string(),
  }),
  period: z.string(),
  total: z.number().nullable(),
  band: z.string().nullable(),
  band_name: z.string().nullable(),
  state: StaffState,
  next: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('person'), name: z.string() }),
    z.object({ kind: z.literal('manager'), name: z.string().nullable() }),
    z.object({ kind: z.literal('head'), name: z.string().nullable() }),
    z.object({ kind: z.literal('none') }),
  ]),
  mine: z.boolean(),
  to_self_assess: z
    .string()
    .nullable()
    .openapi({ description: 'Tháng sau có nhiệm vụ còn chờ cán bộ tự đánh giá' }),
});

const TeamWaiting = z.object({
  person_id: z.number().int(),
  full_name: z.string(),
  period: z.string(),
  state: StaffState,
  step: z.enum(['review', 'approve']),
});

const Home = z
  .object({
    today: z.string(),
    roles: z.array(z.string()),
    units: z.array(UnitWork).openapi({
      description:
        'Cán bộ xã/phường: đơn vị hôm nay, kết quả theo từng bộ tiêu chí (kỳ mới nhất có số liệu), chỉ tiêu chưa đạt/thiếu số liệu, hồ sơ, báo cáo chỉ tiêu đến hạn',
    }),
    rulings: z
      .array(DossierTask)
      .nullable()
      .openapi({ description: 'Sở thẩm định: hồ sơ chờ kết luận của mình, cũ nhất trước' }),
    pipeline: z
      .object({
        by_state: z.array(
          z.object({ state: z.enum(dossierStates), label: z.string(), count: z.number().int() }),
        ),
        open: z.array(DossierTask),
      })
      .nullable(),
    revocation: z
      .array(RevocationItem)
      .nullable()
      .openapi({ description: 'Đơn vị đã công nhận rơi vào trường hợp thu hồi' }),
    reports: z
      .array(ReportDue)
      .nullable()
      .openapi({ description: 'Báo cáo chỉ tiêu KT-XH quá hạn chưa nộp' }),
    votes: z
      .array(DossierTask)
      .nullable()
      .openapi({ description: 'Thành viên hội đồng: hồ sơ chờ biểu quyết' }),
    areas: z
      .array(AreaOverview)
      .nullable()
      .openapi({ description: 'Lãnh đạo: số liệu tổng hợp theo từng bộ tiêu chí' }),
    staff: StaffMonth.nullable().openapi({
      description: 'Cán bộ, công chức: tháng gần nhất có số liệu, điểm, xếp loại',
    }),
    team: z
      .array(TeamWaiting)
      .nullable()
      .openapi({ description: 'Quản lý/thủ trưởng: đánh giá chờ mình xử lý' }),
  })
  .openapi('Home');

const homeRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['Việc của tôi'],
  summary: 'Việc của người đang đăng nhập theo vai trò (kỳ mặc định: kỳ mới nhất có số liệu)',
  request: {
    query: z.object({
      period: z
        .string()
        .regex(/^\d{4}$/, 'kỳ phải là một năm, ví dụ 2024')
        .optional()
        .openapi({ description: 'Năm cần xem thay cho kỳ mới nhất có số liệu' }),
    }),
  },
  responses: { 200: json(Home, 'Việc của tôi'), ...errors(400, 401) },
});

export function homeRoutes(db: Db) {
  return createRouter().openapi(homeRoute, async (c) => {
    const home = await readHome(db, requestActor(c), { period: c.req.valid('query').period });
    return c.json(home, 200);
  });
}
