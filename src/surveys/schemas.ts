/** Request and response shapes of /api/surveys and the public survey endpoints (snake_case). */
import { z } from '@hono/zod-openapi';
import { FileField } from '../http/upload.ts';

// ---------- inputs ----------

const Id = z.coerce.number().int().positive().max(2_147_483_647).openapi({ example: 1 });
export const IdParams = z.object({ id: Id });
export const CodeParams = z.object({ code: z.string().min(1).max(40).openapi({ example: 'AB3K9X2MPQ' }) });
export const UnitParams = z.object({ code: z.string().min(1).max(40).openapi({ example: '00001' }) });
export const ListQuery = z.object({ unit: z.string().min(1).max(40).optional() });
export const SlipsQuery = z.object({ village: Id.optional() });

const Pct = z.number().min(0).max(100).nullable();
export const Settings = z.object({
  title: z.string().trim().min(1).max(300),
  opens_at: z.string().min(1).max(40),
  closes_at: z.string().min(1).max(40),
  required_coverage_pct: Pct.optional(),
  required_pass_pct: Pct.optional(),
  results_public: z.boolean().optional(),
  comments_public: z.boolean().optional(),
  villages: z.array(z.string().max(200)).max(500).optional(),
});
export const CreateBody = Settings.extend({
  unit_code: z.string().min(1).max(40).optional(),
  dossier_id: z.number().int().positive().max(2_147_483_647).nullable().optional(),
  framework_id: z.string().min(1).max(100).optional(),
});
export const QuestionsBody = z.object({
  questions: z
    .array(
      z.object({
        kind: z.enum(['overall', 'criterion']),
        criterion_no: z.string().max(20).nullable().optional(),
        text: z.string().max(1000),
      }),
    )
    .min(1)
    .max(100),
});
export const Answers = z
  .array(
    z.object({
      question_id: z.number().int().positive().max(2_147_483_647),
      choice: z.enum(['satisfied', 'not_satisfied', 'no_opinion']),
      comment: z.string().max(1000).nullable().optional(),
    }),
  )
  .min(1)
  .max(100);
export const PaperBody = z.object({ code: z.string().min(1).max(40), answers: Answers });
export const AnswersBody = z.object({ answers: Answers });
export const HouseholdsFile = z.object({ file: FileField });

// ---------- outputs ----------

const Phase = z.enum(['upcoming', 'open', 'closed']);
const Kind = z.enum(['overall', 'criterion']);
export const SurveyAbilities = z.object({
  'survey.read': z.boolean(),
  'survey.manage': z.boolean(),
  'survey.key_paper': z.boolean(),
});

const CampaignHead = {
  id: z.number().int(),
  unit_code: z.string(),
  dossier_id: z.number().int().nullable(),
  title: z.string(),
  opens_at: z.string(),
  closes_at: z.string(),
  phase: Phase,
  households: z.number().int(),
  answers: z.number().int(),
};

export const CampaignListJson = z.object({
  campaigns: z.array(z.object({ ...CampaignHead, abilities: SurveyAbilities })),
});

const CampaignSettingsOut = {
  required_coverage_pct: z.number().nullable(),
  required_pass_pct: z.number().nullable(),
  results_public: z.boolean(),
  comments_public: z.boolean(),
  created_by: z.string(),
  created_at: z.string(),
};

export const CampaignJson = z
  .object({
    ...CampaignHead,
    ...CampaignSettingsOut,
    villages: z.array(z.object({ id: z.number().int(), name: z.string(), households: z.number().int() })),
    questions: z.array(
      z.object({
        id: z.number().int(),
        position: z.number().int(),
        kind: Kind,
        criterion_no: z.string().nullable(),
        text: z.string(),
      }),
    ),
    /** The linked dossier's satisfaction step as the dossier records it (null: no dossier). */
    dossier: z
      .object({
        id: z.number().int(),
        satisfaction: z
          .object({
            rate: z.number(),
            surveyed: z.number().int().nullable(),
            households: z.number().int().nullable(),
          })
          .nullable(),
      })
      .nullable(),
    abilities: SurveyAbilities,
  })
  .openapi('SurveyCampaign');

const Signal = z.object({
  kind: z.enum(['uniform', 'bunched', 'low_coverage', 'requirement_unset']),
  village: z.string().nullable(),
  answers: z.number().int().nullable(),
  within: z.number().nullable(),
  from: z.string().nullable(),
  coverage: z.number().nullable(),
  required: z.number().nullable(),
  message: z.string(),
});

export const ResultsJson = z
  .object({
    campaign: z.object({ ...CampaignHead, ...CampaignSettingsOut }),
    overall: z.object({
      rate: z.number().nullable(),
      answered: z.number().int(),
      households: z.number().int(),
      coverage: z.number().nullable(),
      paper: z.number().int(),
      web: z.number().int(),
    }),
    questions: z.array(
      z.object({
        id: z.number().int(),
        kind: Kind,
        criterion_no: z.string().nullable(),
        text: z.string(),
        satisfied: z.number().int(),
        not_satisfied: z.number().int(),
        no_opinion: z.number().int(),
        rate: z.number().nullable(),
      }),
    ),
    villages: z.array(
      z.object({
        id: z.number().int(),
        name: z.string(),
        households: z.number().int(),
        answered: z.number().int(),
        paper: z.number().int(),
        coverage: z.number().nullable(),
        overall_rate: z.number().nullable(),
      }),
    ),
    comments: z.array(
      z.object({ village: z.string(), question: z.string(), comment: z.string(), at: z.string() }),
    ),
    signals: z.array(Signal),
    passes: z.boolean().nullable(),
  })
  .openapi('SurveyResults');

export const ImportReportJson = z.object({
  file: z.string(),
  rows: z.number().int(),
  added: z.number().int(),
  per_village: z.array(z.object({ village: z.string(), added: z.number().int() })),
});

export const HouseholdsJson = z.object({
  households: z.array(
    z.object({
      id: z.number().int(),
      village: z.string(),
      household: z.string(),
      head_name: z.string().nullable(),
      channel: z.string().nullable(),
    }),
  ),
});

export const PaperJson = z.object({ ok: z.literal(true), village: z.string(), results: ResultsJson });

export const SyncJson = z.object({
  state: z.enum(['none', 'empty', 'written', 'locked']),
  dossier_id: z.number().int().nullable(),
  rate: z.number().nullable(),
  measures: z.array(z.string()),
  message: z.string().nullable(),
});

export const OpenSurveyJson = z.object({
  title: z.string(),
  unit_code: z.string(),
  village: z.string(),
  closes_at: z.string(),
  questions: z.array(
    z.object({ id: z.number().int(), kind: Kind, criterion_no: z.string().nullable(), text: z.string() }),
  ),
});

export const AnsweredJson = z.object({ ok: z.literal(true), village: z.string() });

export const PublicSurveysJson = z.object({
  surveys: z.array(
    z.object({
      id: z.number().int(),
      title: z.string(),
      unit_code: z.string(),
      opens_at: z.string(),
      closes_at: z.string(),
      phase: Phase,
      households: z.number().int(),
      answered: z.number().int(),
      coverage: z.number().nullable(),
      rate: z.number().nullable(),
      questions: z.array(
        z.object({
          kind: Kind,
          criterion_no: z.string().nullable(),
          text: z.string(),
          rate: z.number().nullable(),
        }),
      ),
      villages: z.array(
        z.object({
          name: z.string(),
          households: z.number().int(),
          answered: z.number().int(),
          coverage: z.number().nullable(),
          rate: z.number().nullable(),
        }),
      ),
      comments: z.array(z.object({ question: z.string(), comment: z.string() })),
    }),
  ),
});
