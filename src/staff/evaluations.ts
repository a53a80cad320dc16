/**
 * Reads of the evaluation of a period: scores of everyone in a node with the quota applied, one
 * person's period with the explanation, each with what the caller may do next (the workflow
 * table in workflow.ts). The steps themselves are in steps.ts.
 */
import type { Actor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { type Period, requirePeriod } from '../engine/periods.ts';
import { abilitiesOf, type Relation, relations, requireStaffAbility } from './access.ts';
import type { StaffFrame } from './frame.ts';
import { getPerson, type PersonRow, peopleUnder } from './org.ts';
import { frameFor, frameSummary } from './periods.ts';
import { applyQuota, type PersonScore, type QuotaOutcome, type ScoredTask, scorePerson } from './score.ts';
import { type TaskRow, tasksInPeriod } from './tasks.ts';
import { type EvaluationState, evaluationAbilities, extensionAbilities } from './workflow.ts';

export type Manual = Record<string, number>;

export interface EvaluationRow {
  person_id: number;
  period: string;
  frame_id: string;
  state: Exclude<EvaluationState, 'draft'>;
  self_manual: Manual;
  self_note: string | null;
  manager_manual: Manual | null;
  manager_reason: string | null;
  disqualifying: string[];
  final_manual: Manual | null;
  head_reason: string | null;
  total: number | null;
  band: string | null;
  proposed_band: string | null;
  quota_reason: string | null;
  person_comment: string | null;
}

const evalSelect = `SELECT person_id, period, frame_id, state, self_manual, self_note, manager_manual, manager_reason,
  disqualifying, final_manual, head_reason, total::float8 AS total, band, proposed_band, quota_reason, person_comment
  FROM staff_evaluations`;

/** The stored evaluation of a person and period (locked for the transaction when `forUpdate`). */
export async function loadEvaluation(
  db: Db,
  personId: number,
  period: Period,
  opts: { forUpdate?: boolean } = {},
): Promise<EvaluationRow | undefined> {
  return (
    await db.query<EvaluationRow>(
      `${evalSelect} WHERE person_id = $1 AND period = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`,
      [personId, period.code],
    )
  )[0];
}

/**
 * The tasks of many people in a period, as scoring reads them, grouped by person. One JSON
 * value instead of 100,000 rows: PGlite hands rows over slowly (see bench/staff.ts).
 */
async function scoredTasksInPeriod(
  db: Db,
  ids: number[],
  period: Period,
): Promise<Map<number, ScoredTask[]>> {
  const r = await db.query<{ j: string | null }>(
    `SELECT json_agg(json_build_array(t.id, t.doc_number, t.title, t.assignee_id, t.role, t.quantity * t.coefficient,
       t.deadline, t.completed_on, t.quality, t.major_errors, t.excused_errors, t.delay_excused) ORDER BY t.deadline, t.id)::text AS j
       FROM staff_tasks t WHERE t.assignee_id = ANY($1::int[]) AND t.deadline BETWEEN $2 AND $3`,
    [ids, period.start, period.end],
  );
  type Cell = [
    number,
    string | null,
    string,
    number,
    ScoredTask['role'],
    number,
    string,
    string | null,
    ScoredTask['quality'],
    number,
    number,
    boolean,
  ];
  const out = new Map<number, ScoredTask[]>();
  for (const [
    id,
    doc,
    title,
    assignee,
    role,
    converted,
    deadline,
    completedOn,
    quality,
    major,
    excused,
    delay,
  ] of JSON.parse(r[0]?.j ?? '[]') as Cell[]) {
    const list = out.get(assignee) ?? [];
    if (list.length === 0) out.set(assignee, list);
    list.push({
      id,
      label: doc ? `${doc} – ${title}` : title,
      role,
      converted: Number(converted),
      deadline,
      completedOn,
      quality,
      majorErrors: major,
      excusedErrors: excused,
      delayExcused: delay,
    });
  }
  return out;
}

/** The manual points in force: the head's, else the manager's, else the self-assessment. */
function manualInForce(e: EvaluationRow | undefined): {
  manual: Manual;
  source: 'head' | 'manager' | 'self' | 'none';
} {
  if (e?.final_manual) return { manual: e.final_manual, source: 'head' };
  if (e?.manager_manual) return { manual: e.manager_manual, source: 'manager' };
  if (e && Object.keys(e.self_manual).length > 0) return { manual: e.self_manual, source: 'self' };
  return { manual: {}, source: 'none' };
}

/** What the caller may do on a person's month: read and task steps from the relation, evaluation steps from the table. */
export function personAbilities(state: EvaluationState, rel: Relation) {
  const a = abilitiesOf(rel);
  return {
    read: a['staff.read'],
    assign_tasks: a['staff.assign'],
    ...evaluationAbilities(state, rel),
  };
}

/** What the caller may do on one task of the person. */
export function taskAbilities(t: TaskRow, rel: Relation) {
  const ext = extensionAbilities(t.pending_extension_id ? 'requested' : 'new', rel);
  return {
    complete: rel.self || rel.manager,
    rate: rel.manager && t.completed_on !== null,
    request_extension: ext.request,
    decide_extension: ext.approve,
  };
}

export interface PersonEvaluation {
  person: PersonRow;
  evaluation: EvaluationRow | null;
  state: EvaluationState;
  score: PersonScore;
  scoreSource: 'head' | 'manager' | 'self' | 'none';
  quota: QuotaOutcome;
  /** The band after the quota (what the head would approve). */
  band: string | null;
  relation: Relation;
}

/** Scores everyone in `unit` and below (or `people`) for a period, with the quota applied per group. Pure reads. */
export async function evaluateUnit(
  db: Db,
  opts: { actor: Actor; unit: string; period: Period; people?: PersonRow[] },
): Promise<{ frame: StaffFrame; rows: PersonEvaluation[] }> {
  const { actor, period } = opts;
  const frame = await frameFor(db, period);
  const people = opts.people ?? (await peopleUnder(db, opts.unit));
  const ids = people.map((p) => p.id);
  const [byPerson, evals, rels] = await Promise.all([
    scoredTasksInPeriod(db, ids, period),
    db.query<EvaluationRow>(`${evalSelect} WHERE period = $1 AND person_id = ANY($2::int[])`, [
      period.code,
      ids,
    ]),
    relations(db, actor, ids),
  ]);
  const evalBy = new Map(evals.map((e) => [e.person_id, e]));
  const scored = people.map((p) => {
    const e = evalBy.get(p.id);
    const { manual, source } = manualInForce(e);
    const score = scorePerson(frame, {
      tasks: byPerson.get(p.id) ?? [],
      manual,
      disqualifying: e?.disqualifying ?? [],
    });
    const state: EvaluationState = e?.state ?? 'draft';
    return { person: p, evaluation: e ?? null, state, score, scoreSource: source };
  });
  const quota = applyQuota(
    frame,
    scored.map((s) => ({
      personId: s.person.id,
      name: s.person.full_name,
      group:
        frame.quota?.scope === 'unit_task_group'
          ? `${s.person.org_unit}/${s.person.task_group}`
          : s.person.org_unit,
      total: s.score.total,
      band: s.score.band,
      resultsPoints: s.score.components.find((c) => c.key === 'results')?.points ?? 0,
      deductions: s.score.deductions,
    })),
  );
  const rows = scored.map((s) => {
    const q = quota.get(s.person.id)!;
    return { ...s, quota: q, band: q.band, relation: rels.get(s.person.id)! };
  });
  return { frame, rows };
}

/** The explained score as it leaves the server. */
export function presentScore(s: PersonScore) {
  return {
    components: s.components,
    results: s.results,
    total: s.total,
    band: s.band,
    deductions: s.deductions,
    lines: s.lines.map((l) => ({
      component: l.component,
      task_id: l.taskId === undefined ? null : Number(l.taskId),
      text: l.text,
      points: l.points ?? null,
    })),
  };
}

export function presentQuota(q: QuotaOutcome) {
  return { band: q.band, proposed_band: q.proposedBand, rank: q.rank, reason: q.reason };
}

/** The band shown: the approved one once approved, else the one the quota would give. */
const bandShown = (r: PersonEvaluation) => (r.evaluation?.state === 'approved' ? r.evaluation.band : r.band);

/** The team's (a node's subtree) period: everyone the caller may read, with the per-step abilities. */
export async function readUnitEvaluations(db: Db, opts: { actor: Actor; unit: string; period: string }) {
  const period = requirePeriod(opts.period);
  const { frame, rows } = await evaluateUnit(db, { actor: opts.actor, unit: opts.unit, period });
  return {
    frame: frameSummary(frame),
    period: period.code,
    rows: rows
      .filter((r) => abilitiesOf(r.relation)['staff.read'])
      .map((r) => ({
        person: r.person,
        state: r.state,
        total: r.score.total,
        components: r.score.components,
        score_band: r.score.band,
        band: bandShown(r),
        quota: presentQuota(r.quota),
        score_source: r.scoreSource,
        self_manual: r.evaluation?.self_manual ?? null,
        manager_manual: r.evaluation?.manager_manual ?? null,
        final_manual: r.evaluation?.final_manual ?? null,
        abilities: personAbilities(r.state, r.relation),
      })),
  };
}

/** One person's period: tasks, the explained score, the workflow state, the quota, what the caller may do. */
export async function readPersonEvaluation(db: Db, opts: { actor: Actor; personId: number; period: string }) {
  const { actor, personId } = opts;
  const period = requirePeriod(opts.period);
  const person = await getPerson(db, personId);
  await requireStaffAbility(db, actor, 'staff.read', [personId]);
  // The quota depends on the person's whole node and task group.
  const { frame, rows } = await evaluateUnit(db, {
    actor,
    unit: person.org_unit,
    period,
    people: (await peopleUnder(db, person.org_unit)).filter((p) => p.org_unit === person.org_unit),
  });
  const row = rows.find((r) => r.person.id === personId)!;
  const tasks = await tasksInPeriod(db, [personId], period);
  return {
    person,
    period: period.code,
    frame: frameSummary(frame),
    tasks: tasks.map((t) => ({ ...t, abilities: taskAbilities(t, row.relation) })),
    state: row.state,
    evaluation: row.evaluation,
    score: presentScore(row.score),
    score_source: row.scoreSource,
    quota: presentQuota(row.quota),
    band: bandShown(row),
    abilities: personAbilities(row.state, row.relation),
  };
}
