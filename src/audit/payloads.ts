/**
 * The one list of audit event types and the data each carries (zod). `recordEvent` takes
 * `AuditEventData[type]` (checked where each event is written), GET /api/audit answers
 * `AuditEvent` as a union discriminated by `type`, and event-names.ts names every type here.
 * A new event type is added here first.
 */
import { z } from '@hono/zod-openapi';
import { Rule } from '../frameworks/schema.ts';
import { Settings as TargetPlanSettings } from '../targets/schema.ts';

const figure = z.object({
  num: z.number().nullable(),
  txt: z.string().nullable(),
  na: z.boolean(),
  note: z.string().nullable(),
});
const figuresStep = z.object({
  framework_id: z.string(),
  period: z.string(),
  reason: z.string().nullable(),
  /** Reopened because these units below were reopened ("cấp dưới đã mở lại"). */
  reopened_below: z.array(z.string()).optional(),
});
const account = z.object({ user_id: z.number().int(), username: z.string() });
const evidenceTarget = z.union([
  z.object({ indicatorCodes: z.array(z.string()) }),
  z.object({ document: z.string() }),
]);
const fieldMeta = z.object({
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  positionSource: z.enum(['exif', 'device']).nullable(),
  takenAt: z.string().nullable(),
  note: z.string().nullable(),
});
/** Points typed per manual criterion of a staff frame (code → points). */
const manualPoints = z.record(z.string(), z.number().nullable());
const publication = z.object({
  publish_status: z.boolean(),
  publish_criteria: z.boolean(),
  indicators: z.array(z.string()),
});
const staffScoreChange = z.object({
  person_id: z.number().int(),
  period: z.string(),
  step: z.enum(['manager', 'head']),
  from: manualPoints.nullable(),
  to: manualPoints,
  reason: z.string().nullable(),
  disqualifying: z.array(z.string()).optional(),
});
const surveyAnswer = z.object({
  campaign_id: z.number().int(),
  village: z.string(),
  channel: z.enum(['web', 'paper']),
});
const vote = z.enum(['for', 'against', 'abstain']);
const extensionDecision = z.object({
  task_id: z.number().int(),
  extension_id: z.number().int(),
  from: z.string(),
  to: z.string(),
});

/** A recognition decision made before TieuChi, as the audit keeps it. */
const pastDecision = z.object({
  /** The unit's name at the time of the decision. */
  name: z.string(),
  recognition: z.enum(['ntm', 'ntm_nang_cao', 'ntm_kieu_mau', 'hoan_thanh_nhiem_vu']),
  year: z.number().int().nullable(),
  decision_no: z.string().nullable(),
  decision_date: z.string().nullable(),
});

/** Event type → the data it carries. */
export const auditPayloads = {
  'value.changed': z.object({
    measure: z.string(),
    period: z.string(),
    source: z.string(),
    value: figure,
    previous: figure.nullable(),
    /** When it was typed, for a figure queued offline. */
    entered_at: z.string().optional(),
  }),
  'values.imported': z.object({
    file: z.string(),
    import_id: z.number().int().nullable(),
    rows: z.number().int(),
    changed: z.number().int(),
    source: z.string(),
  }),
  'units.imported': z.object({
    file: z.string(),
    rows: z.number().int(),
    added: z.number().int(),
    changed: z.number().int(),
    removed: z.number().int(),
  }),
  'unit.location_set': z.object({
    lat: z.number(),
    lng: z.number(),
    source: z.string(),
    previous: z.object({ lat: z.number(), lng: z.number(), source: z.string() }).nullable(),
  }),
  'units.locations_imported': z.object({
    file: z.string(),
    rows: z.number().int(),
    changed: z.number().int(),
  }),
  'framework.imported': z.object({
    framework_id: z.string(),
    version: z.number().int(),
    outcome: z.enum(['created', 'new_version']),
    file: z.string(),
  }),
  'framework.drafted': z.object({ framework_id: z.string(), version: z.number().int(), file: z.string() }),
  'framework.published': z.object({ framework_id: z.string(), version: z.number().int() }),
  'framework.draft_corrected': z.object({
    framework_id: z.string(),
    version: z.number().int(),
    code: z.string(),
    column: z.string(),
    /** A threshold, a CEL expression or a measure id (column `measure`). */
    before: Rule,
    after: Rule,
  }),
  'user.created': account.extend({ display_name: z.string() }),
  'user.deactivated': account,
  'user.activated': account,
  'user.password_set': account,
  'user.locked': account.extend({ until: z.string() }),
  'user.unlocked': account,
  'role.granted': account.extend({
    grant_id: z.number().int(),
    role: z.string(),
    framework_id: z.string().nullable(),
    criteria: z.array(z.string()).nullable(),
  }),
  'role.revoked': account.extend({ grant_id: z.number().int(), role: z.string() }),
  'login.succeeded': z.object({ user_id: z.number().int(), address: z.string().nullable() }),
  'login.failed': z.object({
    address: z.string().nullable(),
    user_id: z.number().int().nullable(),
    reason: z.enum(['unknown_user', 'wrong_password', 'locked', 'inactive']),
  }),
  'dossier.created': z.object({
    framework_id: z.string(),
    framework_version: z.number().int(),
    round: z.string(),
  }),
  'dossier.self_assessed': z.object({
    items: z.array(z.object({ indicator: z.string(), claim: z.string() })),
  }),
  'dossier.transitioned': z.object({
    from: z.string(),
    to: z.string(),
    note: z.string().nullable(),
    /** Appraisal round opened (under_appraisal). */
    round: z.number().int().optional(),
    /** Rework request / answer. */
    rework_round: z.number().int().optional(),
    deadline: z.string().optional(),
    items: z.number().int().optional(),
    late: z.boolean().optional(),
    /** Recognition or revocation decision. */
    decision_no: z.string().optional(),
    decision_date: z.string().optional(),
    /** The council's tally when recognised. */
    council: z
      .object({
        for: z.number().int(),
        against: z.number().int(),
        abstain: z.number().int(),
        votes: z.array(
          z.object({ voter: z.string(), vote: vote, comment: z.string().nullable(), votedAt: z.string() }),
        ),
      })
      .optional(),
    /** Reopened after a refusal or revocation. */
    reopened: z.boolean().optional(),
    reopen_count: z.number().int().optional(),
  }),
  'dossier.ruling': z.object({
    indicator: z.string(),
    criterion: z.string().nullable(),
    round: z.number().int(),
    verdict: z.enum(['pass', 'fail', 'conditional']),
  }),
  'dossier.voted': z.object({ vote }),
  'dossier.procedure_recorded': z.object({ steps: z.array(z.string()) }),
  'dossier.visit_scheduled': z.object({ from: z.string(), to: z.string() }),
  'evidence.uploaded': z.object({
    sha256: z.string(),
    file: z.string(),
    type: z.string(),
    size: z.number().int(),
    target: evidenceTarget,
    field: fieldMeta.optional(),
  }),
  'evidence.linked': z.object({ sha256: z.string(), target: evidenceTarget }),
  'evidence.unlinked': z.object({ sha256: z.string(), file: z.string(), target: evidenceTarget }),
  'feedback.submitted': z.object({
    feedback_id: z.number().int(),
    framework_id: z.string(),
    criterion_no: z.string(),
  }),
  'feedback.approved': z.object({ feedback_id: z.number().int() }),
  'feedback.rejected': z.object({ feedback_id: z.number().int(), reason: z.string() }),
  'feedback.answered': z.object({ feedback_id: z.number().int(), answer: z.string() }),
  'publication.changed': publication.extend({ framework_id: z.string(), previous: publication.nullable() }),
  'publication.removed': z.object({ framework_id: z.string() }),
  'staff.org_changed': z.object({
    units: z.number().int(),
    positions: z.number().int(),
    people: z.number().int(),
  }),
  'staff.period_frame_set': z.object({ period: z.string(), frame_id: z.string() }),
  'staff.catalogue_proposed': z.object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    task_group: z.string(),
    org_unit: z.string().nullable().optional(),
    coefficient: z.number(),
  }),
  'staff.catalogue_approved': z.object({ id: z.number().int() }),
  'staff.tasks_assigned': z.object({ task_ids: z.array(z.number().int()), source: z.string() }),
  'staff.task_completed': z.object({
    task_id: z.number().int(),
    completed_on: z.string(),
    product: z.string().nullable(),
    deadline: z.string(),
  }),
  'staff.task_rated': z.object({
    task_id: z.number().int(),
    quality: z.enum(['dat', 'khong_dat']),
    major_errors: z.number().int().optional(),
    excused_errors: z.number().int().optional(),
    delay_excused: z.boolean().optional(),
    objective_cause: z.string().nullable().optional(),
  }),
  'staff.extension_requested': z.object({
    task_id: z.number().int(),
    new_deadline: z.string(),
    reason: z.string(),
  }),
  'staff.extension_approved': extensionDecision,
  'staff.extension_refused': extensionDecision,
  'staff.self_assessed': z.object({
    person_id: z.number().int(),
    period: z.string(),
    manual: manualPoints,
    note: z.string().nullable(),
  }),
  'staff.reviewed': staffScoreChange,
  'staff.score_changed': staffScoreChange,
  'staff.approved': z.object({
    person_id: z.number().int(),
    period: z.string(),
    total: z.number().nullable(),
    band: z.string().nullable(),
    proposed_band: z.string().nullable(),
    quota_reason: z.string().nullable(),
  }),
  'staff.commented': z.object({ person_id: z.number().int(), period: z.string(), text: z.string() }),
  'survey.created': z.object({
    campaign_id: z.number().int(),
    title: z.string(),
    questions: z.number().int(),
  }),
  'survey.updated': z.object({ campaign_id: z.number().int(), fields: z.array(z.string()) }),
  'survey.questions_set': z.object({ campaign_id: z.number().int(), questions: z.number().int() }),
  'survey.households_imported': z.object({
    campaign_id: z.number().int(),
    file: z.string(),
    added: z.number().int(),
  }),
  'survey.codes_printed': z.object({
    campaign_id: z.number().int(),
    village_id: z.number().int().nullable(),
    count: z.number().int(),
  }),
  'survey.answered': surveyAnswer,
  'survey.paper_keyed': surveyAnswer,
  'survey.synced': z.object({ campaign_id: z.number().int(), state: z.string() }),
  'target.plan_created': z.object({
    year: z.number().int(),
    based_on: z.number().int().nullable(),
    indicators: z.array(z.string()),
    added: z.array(z.string()),
    removed: z.array(z.string()),
  }),
  'target.settings_changed': z.object({
    year: z.number().int(),
    settings: TargetPlanSettings,
    previous: TargetPlanSettings,
  }),
  'target.indicator_added': z.object({ year: z.number().int(), code: z.string(), name: z.string() }),
  'target.indicator_removed': z.object({ year: z.number().int(), code: z.string() }),
  'target.department_saved': z.object({ code: z.string(), name: z.string() }),
  'target.assigned': z.object({
    year: z.number().int(),
    indicator: z.string(),
    holder: z.string(),
    target: z.number().nullable(),
    previous: z.number().nullable(),
    source: z.string(),
  }),
  'target.imported': z.object({
    year: z.number().int(),
    file: z.string(),
    targets: z.number().int(),
    actuals: z.number().int(),
  }),
  'target.actuals_reported': z.object({
    year: z.number().int(),
    source: z.string(),
    changed: z.number().int(),
    holders: z.array(z.string()),
  }),
  'target.explanation_requested': z.object({
    id: z.number().int(),
    year: z.number().int(),
    indicator: z.string(),
    holder: z.string(),
    question: z.string(),
  }),
  'target.explanation_given': z.object({
    id: z.number().int(),
    year: z.number().int(),
    indicator: z.string(),
    holder: z.string(),
  }),
  'figures.submitted': figuresStep,
  'figures.approved': figuresStep,
  'figures.returned': figuresStep,
  'figures.reopened': figuresStep,
  'past_recognition.recorded': pastDecision.extend({ id: z.number().int() }),
  'past_recognition.corrected': pastDecision.extend({ id: z.number().int(), before: pastDecision }),
  'past_recognition.removed': pastDecision.extend({ id: z.number().int(), reason: z.string() }),
  'past_recognitions.imported': z.object({ file: z.string(), rows: z.number().int() }),
  'quality.explained': z.object({
    measure: z.string(),
    period: z.string(),
    kind: z.string(),
    note: z.string(),
  }),
} as const;

export type AuditEventType = keyof typeof auditPayloads;

/** The data each event type carries, as `recordEvent` takes it. */
export type AuditEventData = { [K in AuditEventType]: z.input<(typeof auditPayloads)[K]> };

export const auditEventTypes = Object.keys(auditPayloads) as AuditEventType[];

/** Whether `type` is a known event type. */
export function isAuditEventType(type: string): type is AuditEventType {
  return Object.hasOwn(auditPayloads, type);
}
