/** Request and response shapes of /api/dossiers (zod, described for OpenAPI). */
import { z } from '@hono/zod-openapi';
import { statuses } from '../engine/status.ts';
import { FieldJson } from '../evidence/field.ts';
import { CodeParam, DateParam, PeriodParam } from '../http/openapi.ts';
import { zodText } from '../text.ts';
import { dossierStates } from './states.ts';
import { dossierActions } from './visibility.ts';
import { type DossierStep, dossierSteps } from './workflow.ts';

export const IdParams = z.object({ id: z.coerce.number().int().positive().openapi({ example: 1 }) });

const Abilities = z
  .object(
    Object.fromEntries(dossierActions.map((a) => [a, z.boolean()])) as Record<
      (typeof dossierActions)[number],
      z.ZodBoolean
    >,
  )
  .openapi('DossierAbilities', {
    description: 'Việc người gọi được làm trên hồ sơ lúc này (quyền của vai trò VÀ trạng thái hồ sơ)',
  });

/** Per workflow step (src/dossiers/workflow.ts): what the dossier page offers, and nothing else. */
const Steps = z
  .object(Object.fromEntries(dossierSteps.map((s) => [s, z.boolean()])) as Record<DossierStep, z.ZodBoolean>)
  .openapi('DossierSteps', {
    description:
      'Các bước quy trình người gọi được thực hiện lúc này (bảng chuyển trạng thái: vai trò VÀ trạng thái hồ sơ)',
  });

/** Steps the caller's role allows but the dossier's state does not open, with the reason in words. */
const Unavailable = z
  .array(
    z.object({
      step: z.enum(dossierSteps as [DossierStep, ...DossierStep[]]),
      code: z.string().openapi({ example: 'DOSSIER_NOT_SELF_ASSESSED' }),
      message: z.string().openapi({ example: 'Cần tự đánh giá đủ mọi chỉ tiêu trước khi nộp hồ sơ.' }),
    }),
  )
  .openapi('DossierUnavailableSteps', {
    description: 'Bước vai trò người gọi được làm nhưng trạng thái hồ sơ chưa cho phép, kèm lý do',
  });

/** Who acts next on a dossier (src/dossiers/next-actor.ts). */
export const NextActorJson = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('commune'),
      step: z.enum(['self_assess', 'submit', 'rework']),
      deadline: z.string().nullable(),
    }),
    z.object({
      kind: z.literal('office'),
      step: z.enum(['start_appraisal', 'complete_appraisal', 'decide']),
    }),
    z.object({
      kind: z.literal('departments'),
      criteria: z.array(z.object({ no: z.string(), name: z.string(), department: z.string().nullable() })),
    }),
    z.object({ kind: z.literal('council') }),
    z.object({ kind: z.literal('none') }),
  ])
  .openapi('NextActor', { description: 'Ai xử lý tiếp hồ sơ' });

export const DossierJson = z
  .object({
    id: z.number().int(),
    unit_code: z.string(),
    framework_id: z.string(),
    framework_version: z.number().int(),
    round: z.string().openapi({ example: '2024' }),
    state: z.enum(dossierStates),
    state_label: z.string().openapi({ example: 'Đã nộp' }),
    locked: z.boolean().openapi({ description: 'Số liệu và minh chứng của hồ sơ đang bị khóa' }),
    lock: z.enum(['submitted', 'decided']).nullable().openapi({
      description:
        'Vì sao bị khóa: hồ sơ đã nộp (submitted) hoặc đã có quyết định (decided); null khi không khóa',
    }),
    rework_rounds: z.number().int(),
    reopen_count: z.number().int(),
    appraisal_round: z.number().int(),
    decision: z
      .object({ no: z.string(), date: z.string(), signer: z.string(), file: z.string().nullable() })
      .nullable(),
    refusal_reason: z.string().nullable(),
    revocation: z.object({ no: z.string(), date: z.string(), reason: z.string() }).nullable(),
    created_by: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Dossier');

export const DossierListItem = DossierJson.extend({
  unit_name: z.string().nullable().openapi({
    description: 'Tên đơn vị vào ngày cuối của kỳ hồ sơ',
    example: 'Xã Đông',
  }),
  steps: Steps,
});

const Evidence = z
  .object({
    link_id: z.number().int(),
    sha256: z.string(),
    file_name: z.string(),
    indicator_code: z.string().nullable(),
    document: z.string().nullable(),
    file_type: z.string().openapi({ example: 'pdf' }),
    media_type: z.string(),
    size: z.number().int(),
    linked_by: z.string(),
    linked_at: z.string(),
    field: FieldJson.nullable().openapi({ description: 'Ảnh thực địa: vị trí, thời điểm, ghi chú' }),
  })
  .openapi('EvidenceLink');
export const EvidenceList = z.array(Evidence);

const Verdict = z.enum(['pass', 'fail', 'conditional']);
const DossierState = z.enum(dossierStates);

export const DossierItemJson = z
  .object({
    code: z.string(),
    name: z.string(),
    engine: z
      .object({
        value: z.union([z.number(), z.boolean(), z.string()]).nullable(),
        unit: z.string().nullable(),
        status: z.enum(statuses),
        threshold: z.string(),
        reason: z.string(),
      })
      .nullable()
      .openapi({ description: 'Kết quả máy tính: số liệu, đơn vị, trạng thái, ngưỡng, lý do' }),
    self_assessment: z
      .object({
        claim: z.enum(['met', 'not_met']),
        explanation: z.string().nullable(),
        computed_status: z.string(),
        assessed_by: z.string(),
        assessed_at: z.string(),
      })
      .nullable()
      .openapi({ description: 'Xã tự đánh giá' }),
    ruling: z
      .object({
        verdict: Verdict,
        round: z.number().int(),
        public_comment: z.string().nullable(),
        internal_note: z
          .string()
          .nullable()
          .optional()
          .openapi({ description: 'Chỉ với người đọc không phải cán bộ xã' }),
        ruled_by: z.string(),
        ruled_at: z.string(),
      })
      .nullable()
      .openapi({ description: 'Kết luận thẩm định mới nhất' }),
    evidence: EvidenceList,
  })
  .openapi('DossierItem');

const ProcedureJson = z
  .object({
    postings: z.array(z.object({ date: z.string(), place: z.string() })),
    front_comments: z.object({ date: z.string(), summary: z.string() }).nullable(),
    satisfaction: z
      .object({ rate: z.number(), surveyed: z.number().nullable(), households: z.number().nullable() })
      .nullable(),
    meeting: z
      .object({
        date: z.string(),
        attendees: z.number(),
        votes_for: z.number(),
        votes_against: z.number(),
        votes_abstain: z.number(),
      })
      .nullable(),
    debt: z.object({ date: z.string(), outstanding: z.number(), note: z.string().nullable() }).nullable(),
    checks: z.array(
      z.object({
        step: z.enum(['postings', 'front_comments', 'satisfaction', 'meeting', 'debt']),
        ok: z.boolean(),
        message: z.string(),
      }),
    ),
  })
  .openapi('DossierProcedure', {
    description:
      'Các bước thủ tục đã ghi nhận (niêm yết, ý kiến MTTQ, sự hài lòng, họp xã, nợ đọng) và kiểm tra',
  });

export const ReworkRequestJson = z
  .object({
    round: z.number().int(),
    deadline: z.string(),
    message: z.string().nullable(),
    items: z.array(
      z.object({
        indicator: z.string(),
        criterion: z.string().nullable(),
        verdict: Verdict,
        public_comment: z.string().nullable(),
      }),
    ),
    requested_by: z.string(),
    requested_at: z.string(),
    response: z.string().nullable(),
    answered_at: z.string().nullable(),
  })
  .openapi('DossierReworkRequest');

export const CouncilJson = z
  .object({
    for: z.number().int(),
    against: z.number().int(),
    abstain: z.number().int(),
    votes: z.array(
      z.object({
        voter: z.string(),
        vote: z.enum(['for', 'against', 'abstain']),
        comment: z.string().nullable(),
        voted_at: z.string(),
      }),
    ),
  })
  .openapi('DossierCouncil');

const HistoryEntry = z.object({
  from: DossierState.nullable(),
  to: DossierState,
  note: z.string().nullable(),
  actor: z.string(),
  at: z.string(),
});

export const DossierDetailJson = z
  .object({
    dossier: DossierJson.extend({
      unit: z.object({ code: z.string(), name: z.string(), kind: z.string() }).nullable(),
    }),
    framework: z.object({ id: z.string(), version: z.number().int(), name: z.string() }),
    procedure: ProcedureJson,
    criteria: z.array(
      z.object({
        no: z.string(),
        name: z.string(),
        status: z.enum(statuses).nullable(),
        indicators: z.array(DossierItemJson),
      }),
    ),
    conditions: z.array(DossierItemJson),
    documents: EvidenceList,
    rework_requests: z.array(ReworkRequestJson),
    council: CouncilJson,
    history: z.array(HistoryEntry),
    visible_criteria: z.union([z.literal('all'), z.array(z.string())]),
    abilities: Abilities,
    steps: Steps,
    rule_criteria: z.array(z.string()).openapi({ description: 'Tiêu chí người gọi được thẩm định lúc này' }),
    unavailable: Unavailable,
    next_actor: NextActorJson,
  })
  .openapi('DossierDetail');

export const CreateBody = z.object({
  unit_code: CodeParam.openapi({ example: 'C4' }),
  framework_id: z.string().min(1).openapi({ example: 'demo-xa-2024' }),
  round: PeriodParam,
});

export const SelfAssessmentBody = z.object({
  items: z
    .array(
      z.object({
        indicator_code: z.string().min(1),
        claim: z.enum(['met', 'not_met']),
        explanation: z.string().max(4000).nullish(),
      }),
    )
    .max(1000),
});

export const ProcedureBody = z.object({
  postings: z
    .array(z.object({ date: DateParam, place: z.string().min(1).max(200) }))
    .max(200)
    .optional(),
  front_comments: z.object({ date: DateParam, summary: z.string().min(1).max(4000) }).nullish(),
  satisfaction: z
    .object({
      rate: z.number().min(0).max(100),
      surveyed: z.number().int().nonnegative().nullish(),
      households: z.number().int().nonnegative().nullish(),
    })
    .nullish(),
  meeting: z
    .object({
      date: DateParam,
      attendees: z.number().int().nonnegative(),
      votes_for: z.number().int().nonnegative(),
      votes_against: z.number().int().nonnegative(),
      votes_abstain: z.number().int().nonnegative().default(0),
    })
    .nullish(),
  debt: z
    .object({ date: DateParam, outstanding: z.number().nonnegative(), note: z.string().max(4000).nullish() })
    .nullish(),
});

export const RulingBody = z.object({
  indicator_code: z.string().min(1),
  verdict: z.enum(['pass', 'fail', 'conditional']),
  public_comment: z.string().max(4000).nullish(),
  internal_note: z.string().max(4000).nullish(),
});

export const ReworkBody = z.object({ deadline: DateParam, message: z.string().max(4000).nullish() });
export const ResubmitBody = z.object({ response: z.string().min(1).max(4000) });
export const NoteBody = z.object({ note: z.string().max(4000).nullish() });
export const VoteBody = z.object({
  vote: z.enum(['for', 'against', 'abstain']),
  comment: z.string().max(4000).nullish(),
});
export const RecognizeBody = z.object({
  decision_no: z.string().min(1).max(100).openapi({ example: '123/QĐ-UBND' }),
  decision_date: DateParam,
  signer: z.string().min(1).max(200),
  decision_file: z
    .string()
    .regex(/^[0-9a-f]{64}$/, zodText('SHA-256 của bản quét đã tải lên', 'SHA-256 of the uploaded scan')),
});
export const ReasonBody = z.object({ reason: z.string().min(1).max(4000) });
export const RevokeBody = z.object({
  decision_no: z.string().min(1).max(100),
  decision_date: DateParam,
  reason: z.string().min(1).max(4000),
});

export const ListQuery = z.object({
  unit: CodeParam.optional(),
  framework: z.string().min(1).optional(),
  round: PeriodParam.optional(),
  state: z.enum(dossierStates).optional(),
});

const CriterionStatus = z.object({ no: z.string(), name: z.string(), status: z.enum(statuses) });

/** GET /api/dossiers/revocation-flags (src/dossiers/revocation.ts). */
export const RevocationFlagsJson = z
  .object({
    framework: z.object({ id: z.string(), version: z.number().int() }),
    period: z.string(),
    key_criteria: z.array(z.string()).nullable(),
    units: z.array(
      z.object({
        unit: z.object({ code: z.string(), name: z.string().nullable() }),
        dossier_id: z.number().int(),
        round: z.string(),
        decision: z.object({ no: z.string().nullable(), date: z.string().nullable() }),
        verdict: z
          .object({
            flagged: z.boolean(),
            rule: z.enum(['R1_key_criterion', 'R2_half_unmet', 'R3_children_revoked']).nullable(),
            total: z.number().int(),
            unmet: z.array(CriterionStatus),
            undetermined: z.array(CriterionStatus),
            share: z.number().openapi({ description: 'Tỷ lệ tiêu chí chưa đạt, 0–100' }),
            key_criteria: z.array(z.string()).nullable(),
            key_unmet: z.array(CriterionStatus),
            reason: z.string(),
          })
          .nullable(),
        flagged: z.boolean(),
        reason: z.string(),
      }),
    ),
  })
  .openapi('RevocationFlags');

export const FlagsQuery = z.object({
  framework: z.string().min(1),
  period: PeriodParam,
  unit: CodeParam.optional(),
  within: CodeParam.optional().openapi({ description: 'Chỉ các đơn vị thuộc địa bàn này (cả cây con)' }),
});
