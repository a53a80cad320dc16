/** What /api/targets answers (zod, described for OpenAPI): the shapes of ./present.ts, snake_case. */
import { z } from '@hono/zod-openapi';
import { type Aggregation, aggregations } from './compute.ts';
import { targetActions } from './present.ts';
import { type ExplanationStep, explanationSteps } from './workflow.ts';

const Rule = z
  .object({ vi: z.string(), en: z.string() })
  .openapi('TargetRule', { description: 'Quy tắc tính, bằng tiếng Việt và tiếng Anh' });

export const TargetAbilities = z
  .object(
    Object.fromEntries(targetActions.map((a) => [a, z.boolean()])) as Record<
      (typeof targetActions)[number],
      z.ZodBoolean
    >,
  )
  .openapi('TargetAbilities', { description: 'Việc người gọi được làm với chỉ tiêu KT-XH' });

export const ExplanationStepsJson = z
  .object(
    Object.fromEntries(explanationSteps.map((s) => [s, z.boolean()])) as Record<
      ExplanationStep,
      z.ZodBoolean
    >,
  )
  .openapi('TargetExplanationSteps', {
    description:
      'Các bước giải trình người gọi được làm lúc này (bảng chuyển trạng thái: quyền VÀ trạng thái)',
  });

export const SettingsJson = z
  .object({
    on_track_ratio: z.number(),
    at_risk_ratio: z.number(),
    due_days: z.number().int(),
    cutoff_days_before_end: z.number().int(),
  })
  .openapi('TargetPlanSettingsView');

const Indicator = z.object({
  code: z.string(),
  name: z.string(),
  unit: z.string(),
  direction: z.enum(['higher', 'lower']),
  aggregation: z.enum(aggregations as [Aggregation, ...Aggregation[]]),
  weight_measure: z.string().nullable(),
  measure_id: z.string(),
  frequency: z.enum(['month', 'quarter']),
});

export const PlanJson = z
  .object({
    year: z.number().int(),
    root_code: z.string(),
    name: z.string(),
    demo: z.boolean(),
    based_on: z.number().int().nullable(),
    tree_date: z.string(),
    settings: SettingsJson,
    created_by: z.string(),
    indicators: z.array(Indicator),
  })
  .openapi('TargetPlan');

export const HolderJson = z
  .object({
    code: z.string(),
    name: z.string(),
    kind: z.string(),
    is_department: z.boolean(),
    parent_code: z.string().nullable(),
  })
  .openapi('TargetHolder');

const Allocation = z.object({
  indicator: z.string(),
  parent: z.string(),
  parent_target: z.number(),
  children: z.array(
    z.object({ holder: z.string(), target: z.number().nullable(), weight: z.number().nullable() }),
  ),
  unassigned_children: z.number().int(),
  combined: z.number().nullable(),
  difference: z.number().nullable(),
  shortfall: z.number().nullable(),
  ok: z.boolean().nullable(),
  missing_targets: z.array(z.string()),
  missing_weights: z.array(z.string()),
  rule: Rule,
});

export const ExplanationJson = z
  .object({
    id: z.number().int(),
    year: z.number().int(),
    indicator: z.string(),
    holder: z.string(),
    question: z.string(),
    asked_by: z.string(),
    asked_at: z.string(),
    answer: z.string().nullable(),
    answered_by: z.string().nullable(),
    answered_at: z.string().nullable(),
  })
  .openapi('TargetExplanation');

const CellJson = z.object({
  indicator: z.string(),
  holder: z.string(),
  target: z.number(),
  actuals: z.array(z.object({ period: z.string(), value: z.number() })),
  actual_to_date: z.number().nullable(),
  percent_of_target: z.number().nullable(),
  projection: z.number().nullable(),
  projection_method: z.enum(['history', 'linear', 'none']),
  projection_rule: Rule,
  status: z.enum(['on_track', 'at_risk', 'off_track', 'no_data']),
  ratio: z.number().nullable(),
  status_rule: Rule,
  reports: z.array(
    z.object({
      period: z.string(),
      cutoff: z.string(),
      due: z.string(),
      state: z.enum(['on_time', 'late', 'missing', 'not_due']),
      days_late: z.number().int(),
    }),
  ),
  late: z.number().int(),
  missing: z.number().int(),
  explanations: z.array(ExplanationJson),
});
export const TargetCell = CellJson.openapi('TargetCell');

/** A cell of one holder's page: with the explanation steps its reader may take. */
export const HolderCell = CellJson.extend({
  /** The steps on a new request (ask). */
  steps: ExplanationStepsJson,
  explanations: z.array(ExplanationJson.extend({ steps: ExplanationStepsJson })),
}).openapi('TargetHolderCell');

export const PlanList = z.object({
  plans: z.array(
    z.object({
      year: z.number().int(),
      root_code: z.string(),
      name: z.string(),
      demo: z.boolean(),
      based_on: z.number().int().nullable(),
      indicator_count: z.number().int(),
    }),
  ),
  abilities: TargetAbilities,
});

export const PlanView = z
  .object({
    plan: PlanJson,
    holders: z.array(HolderJson),
    assignments: z.array(z.object({ indicator: z.string(), holder: z.string(), target: z.number() })),
    allocation: z.array(Allocation),
    abilities: TargetAbilities,
  })
  .openapi('TargetPlanView');

export const AssignResult = PlanView.extend({ changed: z.number().int() }).openapi('TargetAssignResult');

export const Changed = z.object({ changed: z.number().int() });

export const ProgressJson = z
  .object({ plan: PlanJson, today: z.string(), holders: z.array(HolderJson), cells: z.array(TargetCell) })
  .openapi('TargetProgress');

export const HolderView = z
  .object({
    plan: PlanJson,
    today: z.string(),
    holder: HolderJson,
    cells: z.array(HolderCell),
    abilities: TargetAbilities,
  })
  .openapi('TargetHolderView');

export const Saved = z.object({ saved: z.boolean() });

export const ImportReport = z
  .object({
    file: z.string(),
    sheets: z.number().int(),
    targets: z.object({ rows: z.number().int(), changed: z.number().int() }),
    actuals: z.object({ rows: z.number().int(), changed: z.number().int() }),
    committed: z.boolean(),
  })
  .openapi('TargetImportReport');
