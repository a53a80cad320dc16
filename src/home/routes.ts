/** /api/home: the caller's own work ("Việc của tôi"). */
import { createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../db/database.ts';
import { NextActorJson } from '../dossiers/schemas.ts';
import { dossierStates } from '../dossiers/states.ts';
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

const Home = z
  .object({
    today: z.string(),
    roles: z.array(z.string()),
    units: z.array(z.any()).openapi({
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
      .array(z.any())
      .nullable()
      .openapi({ description: 'Đơn vị đã công nhận rơi vào trường hợp thu hồi' }),
    reports: z.array(z.any()).nullable().openapi({ description: 'Báo cáo chỉ tiêu KT-XH quá hạn chưa nộp' }),
    votes: z
      .array(DossierTask)
      .nullable()
      .openapi({ description: 'Thành viên hội đồng: hồ sơ chờ biểu quyết' }),
    areas: z
      .array(z.any())
      .nullable()
      .openapi({ description: 'Lãnh đạo: số liệu tổng hợp theo từng bộ tiêu chí' }),
    staff: z
      .any()
      .nullable()
      .openapi({ description: 'Cán bộ, công chức: tháng gần nhất có số liệu, điểm, xếp loại' }),
    team: z.array(z.any()).nullable().openapi({ description: 'Quản lý/thủ trưởng: đánh giá chờ mình xử lý' }),
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
    return c.json(home as z.infer<typeof Home>, 200);
  });
}
