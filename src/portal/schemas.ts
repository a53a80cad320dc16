/**
 * The answers of /api/public and /api/portal (zod, snake_case): the routes' response schemas, and
 * the types the readers and presenters return (inferred here, written once).
 */
import { z } from '@hono/zod-openapi';
import { statuses } from '../engine/status.ts';

const Status = z.enum(statuses);
const FrameworkRef = z.object({ id: z.string(), name: z.string() });

export const PublicIndicator = z.object({
  code: z.string(),
  name: z.string(),
  status: Status,
  threshold: z.string(),
  value: z
    .union([z.number(), z.boolean(), z.string()])
    .nullable()
    .openapi({ description: 'Chỉ có khi số liệu của chỉ tiêu được công khai' }),
  unit: z.string().nullable(),
  figure_published: z.boolean(),
});
export type PublicIndicator = z.infer<typeof PublicIndicator>;

export const PublicFrameworkResult = z
  .object({
    framework: FrameworkRef,
    period: z.string().nullable(),
    status: Status.nullable().openapi({
      description: 'Không có khi chỉ công khai các tiêu chí, hoặc chưa đánh giá',
    }),
    met_criteria: z.number().int().nullable(),
    total_criteria: z.number().int().nullable(),
    criteria: z.array(
      z.object({ no: z.string(), name: z.string(), status: Status, indicators: z.array(PublicIndicator) }),
    ),
    demo_figures: z
      .boolean()
      .openapi({ description: 'Số liệu của kỳ có số liệu minh họa (không chính thức)' }),
  })
  .openapi('PublicFrameworkResult');
export type PublicFrameworkResult = z.infer<typeof PublicFrameworkResult>;

const UnitRef = z.object({ code: z.string(), name: z.string(), kind: z.string() });

export const PublicUnit = z
  .object({
    unit: UnitRef.extend({ path: z.array(UnitRef) }),
    frameworks: z.array(PublicFrameworkResult),
  })
  .openapi('PublicUnit');
export type PublicUnit = z.infer<typeof PublicUnit>;

export const PublicUnitSearch = z.object({
  units: z.array(UnitRef.extend({ path: z.array(z.object({ code: z.string(), name: z.string() })) })),
});

export const PublicNeighbour = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  self: z.boolean(),
  status: Status.nullable(),
  met_criteria: z.number().int().nullable(),
  total_criteria: z.number().int().nullable(),
});
export type PublicNeighbour = z.infer<typeof PublicNeighbour>;

export const PublicNeighbours = z
  .object({
    framework: FrameworkRef,
    period: z.string().nullable(),
    parent: z.object({ code: z.string(), name: z.string() }).nullable(),
    units: z.array(PublicNeighbour),
  })
  .openapi('PublicNeighbours');
export type PublicNeighbours = z.infer<typeof PublicNeighbours>;

export const PublicRecognition = z
  .object({
    recorded: z.boolean().openapi({
      description:
        'true: ghi từ quyết định công nhận trước khi dùng TieuChi (không có hồ sơ); false: quyết định của một hồ sơ',
    }),
    framework: z.object({
      id: z.string().nullable(),
      name: z
        .string()
        .nullable()
        .openapi({ description: 'Tên bộ tiêu chí (quyết định cũ: tên ghi bằng chữ, có thể trống)' }),
    }),
    round: z.string().nullable().openapi({ description: 'Đợt của hồ sơ (null với quyết định ghi lại)' }),
    title: z
      .enum(['ntm', 'ntm_nang_cao', 'ntm_kieu_mau', 'hoan_thanh_nhiem_vu'])
      .nullable()
      .openapi({ description: 'Danh hiệu (quyết định ghi lại)' }),
    year: z.number().int().nullable().openapi({ description: 'Năm được công nhận ("năm 2018")' }),
    unit: z.object({
      code: z.string(),
      name: z.string().openapi({ description: 'Tên đơn vị tại thời điểm quyết định' }),
    }),
    former: z.boolean().openapi({ description: 'Quyết định của đơn vị cũ đã hợp thành đơn vị này' }),
    partial: z.boolean().openapi({ description: 'Chỉ một phần đơn vị cũ hợp thành đơn vị này' }),
    state: z.enum(['recognised', 'revoked']),
    decision_no: z.string().nullable().openapi({ description: 'null: chưa rõ số hiệu' }),
    decision_date: z.string().nullable(),
    ceremony_date: z.string().nullable().openapi({ description: 'Ngày lễ đón nhận (khi biết)' }),
    authority: z
      .enum(['ubnd_tinh', 'thu_tuong'])
      .nullable()
      .openapi({ description: 'Cấp ký (quyết định ghi lại)' }),
    signer: z.string().nullable(),
    note: z.string().nullable(),
    sources: z.array(z.string()),
    revocation_no: z.string().nullable(),
    revocation_date: z.string().nullable(),
  })
  .openapi('PublicRecognition');
export type PublicRecognition = z.infer<typeof PublicRecognition>;

export const PublicRecognitions = z.object({ recognitions: z.array(PublicRecognition) });

export const PublicFeedback = z
  .object({
    id: z.number().int(),
    framework_id: z.string(),
    criterion_no: z.string(),
    criterion_name: z.string().nullable(),
    author_name: z.string(),
    content: z.string(),
    created_at: z.string(),
    answer: z.string().nullable(),
    answered_at: z.string().nullable(),
  })
  .openapi('PublicFeedback', { description: 'Ý kiến người dân như mọi người xem (không số điện thoại)' });
export type PublicFeedback = z.infer<typeof PublicFeedback>;

export const FeedbackState = z.enum(['pending', 'approved', 'rejected']);

export const StaffFeedback = PublicFeedback.extend({
  unit_code: z.string(),
  unit_name: z.string().nullable(),
  phone: z.string().nullable(),
  state: FeedbackState,
  reject_reason: z.string().nullable(),
  answered_by: z.string().nullable(),
  moderated_by: z.string().nullable(),
  abilities: z.object({ moderate: z.boolean() }),
}).openapi('StaffFeedback', { description: 'Ý kiến người dân như cán bộ kiểm duyệt xem' });
export type StaffFeedback = z.infer<typeof StaffFeedback>;

export const Captcha = z
  .object({
    id: z.string(),
    svg: z.string().openapi({ description: 'Ảnh SVG' }),
    question: z.string().openapi({ description: 'Câu hỏi bằng chữ cho người dùng trình đọc màn hình' }),
    expires_at: z.string(),
  })
  .openapi('Captcha');
export type Captcha = z.infer<typeof Captcha>;

export const FeedbackReceived = z.object({ id: z.number().int(), state: FeedbackState });

export const PublicationSetting = z
  .object({
    framework_id: z.string(),
    unit_code: z.string(),
    publish_status: z.boolean(),
    publish_criteria: z.boolean(),
    indicators: z.array(z.string()),
    updated_by: z.string(),
    updated_at: z.string(),
  })
  .openapi('PublicationSetting');
export type PublicationSettingJson = z.infer<typeof PublicationSetting>;
