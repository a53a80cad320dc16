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

export const PublicRecognition = z.object({
  framework: z.object({ id: z.string(), name: z.string().nullable() }),
  round: z.string(),
  state: z.enum(['recognised', 'revoked']),
  decision_no: z.string(),
  decision_date: z.string().nullable(),
  signer: z.string().nullable(),
  revocation_no: z.string().nullable(),
  revocation_date: z.string().nullable(),
});
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
