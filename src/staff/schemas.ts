/** Request and response shapes of /api/staff (snake_case); the routes are in route-defs.ts. */
import { z } from '@hono/zod-openapi';
import { parsePeriod } from '../engine/periods.ts';
import { DateParam } from '../http/openapi.ts';
import { FileField } from '../http/upload.ts';
import { zodText } from '../text.ts';
import { evaluationStates } from './workflow.ts';

// ---------- inputs ----------

/** A period in the project's one format: a month 2026-03, a quarter 2026Q1, a year 2026. */
export const Period = z
  .string()
  .max(20)
  .refine(
    (s) => parsePeriod(s) !== null,
    zodText(
      'kỳ phải có dạng 2026-03 (tháng), 2026Q1 (quý) hoặc 2026 (năm)',
      'period must be 2026-03, 2026Q1 or 2026',
    ),
  )
  .openapi({ example: '2026-03', description: 'Kỳ: tháng 2026-03, quý 2026Q1 hoặc năm 2026' });

const Id = z.coerce.number().int().positive().max(2_147_483_647).openapi({ example: 1 });
const UnitCode = z.string().min(1).max(40).openapi({ example: 'DEMO-VP' });
const Text = (max: number) => z.string().max(max);

export const IdParams = z.object({ id: Id });
export const PeriodParams = z.object({ period: Period });
export const PersonPeriodParams = z.object({ id: Id, period: Period });
export const UnitPeriodParams = z.object({ unit: UnitCode, period: Period });
export const UnitParams = z.object({ unit: UnitCode });
export const CatalogueQuery = z.object({ unit: UnitCode.optional() });
export const DistributionQuery = z.object({ from: Period, to: Period });

const Points = z.number().min(0).max(1000);
/** Points of manual components by key (e.g. general); null = not scored. */
export const Manual = z.record(z.string().max(40), Points.nullable());

export const SetFrameBody = z.object({ frame_id: z.string().min(1).max(100) });

export const OrgBody = z.object({
  units: z
    .array(
      z.object({
        code: UnitCode,
        name: Text(300).min(1),
        parent_code: UnitCode.nullable().optional(),
        kind: z.enum(['agency', 'division']).optional(),
      }),
    )
    .max(2000)
    .optional(),
  positions: z
    .array(
      z.object({
        code: z.string().min(1).max(40),
        name: Text(300).min(1),
        task_group: z.string().min(1).max(40),
        is_head: z.boolean().optional(),
      }),
    )
    .max(500)
    .optional(),
  people: z
    .array(
      z.object({
        code: z.string().min(1).max(40),
        full_name: Text(300).min(1),
        org_unit: UnitCode,
        position_code: z.string().min(1).max(40),
        manager_code: z.string().max(40).nullable().optional(),
        user_id: z.number().int().positive().max(2_147_483_647).nullable().optional(),
      }),
    )
    .max(20000)
    .optional(),
});

export const CatalogueBody = z.object({
  code: z.string().min(1).max(40),
  name: Text(300).min(1),
  task_group: z.string().min(1).max(40),
  org_unit: UnitCode.nullable().optional(),
  coefficient: z.number().positive().max(1000),
});

export const TasksBody = z.object({
  tasks: z
    .array(
      z.object({
        assignee_id: z.number().int().positive().max(2_147_483_647),
        title: Text(1000).min(1),
        doc_number: z.string().max(100).nullable().optional(),
        role: z.enum(['lead', 'collaborator']).optional(),
        catalogue_id: z.number().int().positive().max(2_147_483_647).nullable().optional(),
        quantity: z.number().positive().max(100000).optional(),
        deadline: DateParam,
      }),
    )
    .min(1)
    .max(5000),
});

export const CompleteBody = z.object({ completed_on: DateParam, product: Text(1000).nullable().optional() });

export const RatingBody = z.object({
  quality: z.enum(['dat', 'khong_dat']),
  major_errors: z.number().int().min(0).max(1000).optional(),
  excused_errors: z.number().int().min(0).max(1000).optional(),
  delay_excused: z.boolean().optional(),
  objective_cause: Text(2000).nullable().optional(),
});

export const ExtensionBody = z.object({ new_deadline: DateParam, reason: Text(2000) });
export const DecisionBody = z.object({ approve: z.boolean() });

export const SelfAssessBody = z.object({ manual: Manual, note: Text(2000).nullable().optional() });
export const ReviewBody = z.object({
  manual: Manual,
  disqualifying: z.array(z.string().max(100)).max(50).optional(),
  reason: Text(2000).nullable().optional(),
});
export const CommentBody = z.object({ text: Text(2000).min(1) });
export const ApproveBody = z.object({
  person_ids: z.array(z.number().int().positive().max(2_147_483_647)).min(1).max(5000),
  /** The head's changes by person id, each with a reason. */
  changes: z
    .record(
      z.string().regex(/^\d{1,10}$/, zodText('khóa phải là mã cán bộ', 'keys must be person ids')),
      z.object({ manual: Manual, reason: Text(2000) }),
    )
    .optional(),
});

// ---------- outputs ----------

export const Ok = z.object({ ok: z.literal(true) });
export const Created = z.object({ id: z.number().int() });

const Band = z.object({ code: z.string(), name: z.string(), min: z.number() });
export const FrameSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    total_max: z.number(),
    components: z.array(
      z.object({
        key: z.string(),
        kind: z.enum(['manual', 'tasks']),
        name: z.string(),
        max: z.number(),
        criteria: z.array(z.string()),
      }),
    ),
    bands: z.array(Band),
    disqualifying: z.array(z.object({ code: z.string(), name: z.string() })),
    quota: z
      .object({
        band: z.string(),
        max_pct: z.number(),
        of: z.enum(['good_or_better', 'all_rated']),
        scope: z.enum(['unit', 'unit_task_group']),
        verified: z.boolean(),
        note: z.string().nullable(),
      })
      .nullable(),
    unverified: z.array(z.string()),
  })
  .openapi('StaffFrameSummary');

const SetFrameAbility = z.object({ set_frame: z.boolean() });
export const FramesJson = z.object({ frames: z.array(FrameSummary), abilities: SetFrameAbility });
export const PeriodFrameJson = z.object({ frame_id: z.string(), abilities: SetFrameAbility });

export const Person = z
  .object({
    id: z.number().int(),
    code: z.string(),
    full_name: z.string(),
    org_unit: z.string(),
    org_unit_name: z.string(),
    position_code: z.string(),
    position_name: z.string(),
    task_group: z.string(),
    is_head: z.boolean(),
    manager_id: z.number().int().nullable(),
    user_id: z.number().int().nullable(),
  })
  .openapi('StaffPerson');

export const MeJson = z.object({ person: Person.nullable(), admin: z.boolean(), head: z.boolean() });
export const OrgJson = z.object({
  units: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      parent_code: z.string().nullable(),
      kind: z.enum(['agency', 'division']),
    }),
  ),
});

export const CatalogueJson = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      code: z.string(),
      name: z.string(),
      task_group: z.string(),
      org_unit: z.string().nullable(),
      coefficient: z.number(),
      status: z.enum(['proposed', 'approved']),
      abilities: z.object({ approve: z.boolean() }),
    }),
  ),
  abilities: z.object({ propose_shared: z.boolean(), propose_unit: z.boolean() }),
});

export const TaskIdsJson = z.object({ task_ids: z.array(z.number().int()) });
export const ImportJson = z.object({ imported: z.number().int(), task_ids: z.array(z.number().int()) });

const ManualOut = z.record(z.string(), z.number());
const State = z.enum(evaluationStates);

/** The caller's steps on a person's period: from the relation (read, assign) and the workflow table. */
export const PersonAbilities = z
  .object({
    read: z.boolean(),
    assign_tasks: z.boolean(),
    self_assess: z.boolean(),
    review: z.boolean(),
    approve: z.boolean(),
    comment: z.boolean(),
  })
  .openapi('StaffAbilities');

const ComponentScore = z.object({
  key: z.string(),
  name: z.string(),
  max: z.number(),
  points: z.number().nullable(),
});
export const Score = z.object({
  components: z.array(ComponentScore),
  /** Points of the task component split: quantity, quality, timeliness; null without tasks. */
  results: z
    .object({
      quantity: z.number(),
      quality: z.number(),
      timeliness: z.number(),
      assigned: z.number(),
      completed: z.number(),
    })
    .nullable(),
  total: z.number().nullable(),
  band: z.string().nullable(),
  deductions: z.number(),
  lines: z.array(
    z.object({
      component: z.string(),
      task_id: z.number().int().nullable(),
      text: z.string(),
      points: z.number().nullable(),
    }),
  ),
});
export const Quota = z.object({
  band: z.string().nullable(),
  proposed_band: z.string().nullable(),
  rank: z.number().int().nullable(),
  reason: z.string().nullable(),
});
const ScoreSource = z.enum(['head', 'manager', 'self', 'none']);

export const Task = z.object({
  id: z.number().int(),
  doc_number: z.string().nullable(),
  title: z.string(),
  assignee_id: z.number().int(),
  role: z.enum(['lead', 'collaborator']),
  quantity: z.number(),
  coefficient: z.number(),
  original_deadline: z.string(),
  deadline: z.string(),
  completed_on: z.string().nullable(),
  product: z.string().nullable(),
  quality: z.enum(['dat', 'khong_dat']).nullable(),
  major_errors: z.number().int(),
  excused_errors: z.number().int(),
  delay_excused: z.boolean(),
  objective_cause: z.string().nullable(),
  pending_extension: z.string().nullable(),
  pending_extension_id: z.number().int().nullable(),
  abilities: z.object({
    complete: z.boolean(),
    rate: z.boolean(),
    request_extension: z.boolean(),
    decide_extension: z.boolean(),
  }),
});

export const Evaluation = z.object({
  person_id: z.number().int(),
  period: z.string(),
  frame_id: z.string(),
  state: State,
  self_manual: ManualOut,
  self_note: z.string().nullable(),
  manager_manual: ManualOut.nullable(),
  manager_reason: z.string().nullable(),
  disqualifying: z.array(z.string()),
  final_manual: ManualOut.nullable(),
  head_reason: z.string().nullable(),
  total: z.number().nullable(),
  band: z.string().nullable(),
  proposed_band: z.string().nullable(),
  quota_reason: z.string().nullable(),
  person_comment: z.string().nullable(),
});

export const PersonPeriodJson = z
  .object({
    person: Person,
    period: z.string(),
    frame: FrameSummary,
    tasks: z.array(Task),
    state: State,
    evaluation: Evaluation.nullable(),
    score: Score,
    score_source: ScoreSource,
    quota: Quota,
    band: z.string().nullable(),
    abilities: PersonAbilities,
  })
  .openapi('StaffPersonPeriod');

export const RollUpJson = z.object({
  period: z.string(),
  total: z.number().nullable(),
  band: z.string().nullable(),
  score_band: z.string().nullable(),
  text: z.string(),
  quota_reason: z.string().nullable(),
});

export const UnitEvaluationsJson = z
  .object({
    frame: FrameSummary,
    period: z.string(),
    rows: z.array(
      z.object({
        person: Person,
        state: State,
        total: z.number().nullable(),
        components: z.array(ComponentScore),
        score_band: z.string().nullable(),
        band: z.string().nullable(),
        quota: Quota,
        score_source: ScoreSource,
        self_manual: ManualOut.nullable(),
        manager_manual: ManualOut.nullable(),
        final_manual: ManualOut.nullable(),
        abilities: PersonAbilities,
      }),
    ),
  })
  .openapi('StaffUnitEvaluations');

export const ApprovedJson = z.object({
  approved: z.array(
    z.object({
      person_id: z.number().int(),
      total: z.number().nullable(),
      band: z.string().nullable(),
      quota_reason: z.string().nullable(),
    }),
  ),
});

export const DistributionJson = z.object({
  unit: z.string(),
  warning_pct: z.number(),
  periods: z.array(
    z.object({
      period: z.string(),
      frame_id: z.string(),
      counts: z.record(z.string(), z.number().int()),
      total: z.number().int(),
      top_share: z.number(),
      flagged: z.boolean(),
    }),
  ),
});

export const ImportFile = z.object({ file: FileField });
export const Binary = z.string().openapi({ format: 'binary' });
