/**
 * A civil servant's own month (his latest month with data: score, rating, who acts next) and a
 * manager's or head's team approvals waiting, from the staff evaluation reads.
 */
import type { Actor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { actorPerson, relations } from '../staff/access.ts';
import { readPersonEvaluation } from '../staff/evaluations.ts';
import { requireStaffFrame } from '../staff/frame.ts';
import { getPerson, peopleUnder } from '../staff/org.ts';
import { bandName } from '../staff/score.ts';

type EvalState = 'draft' | 'self_assessed' | 'reviewed' | 'approved';

/** Who acts next on a month's evaluation: the person, the direct manager, the head, nobody. */
export type StaffNext =
  | { kind: 'person'; name: string }
  | { kind: 'manager'; name: string | null }
  | { kind: 'head'; name: string | null }
  | { kind: 'none' };

export interface StaffMonth {
  person: { id: number; full_name: string; org_unit_name: string; position_name: string };
  period: string;
  total: number | null;
  band: string | null;
  band_name: string | null;
  state: EvalState;
  next: StaffNext;
  mine: boolean;
  /** A later month with tasks that still waits for the person's self-assessment (no score yet). */
  to_self_assess: string | null;
}

export interface TeamWaiting {
  person_id: number;
  full_name: string;
  period: string;
  state: EvalState;
  /** What the reader does: review (manager) or approve (head). */
  step: 'review' | 'approve';
}

const monthPattern = "period ~ '^[0-9]{4}-[0-9]{2}$'";

/** The latest month with an evaluation of the person or one of its tasks due by `today`; or null. */
async function latestMonth(db: Db, personId: number, today: string): Promise<string | null> {
  const [row] = await db.query<{ period: string | null }>(
    `SELECT greatest(
       (SELECT max(period) FROM staff_evaluations WHERE person_id = $1 AND ${monthPattern}),
       (SELECT to_char(max(deadline), 'YYYY-MM') FROM staff_tasks WHERE assignee_id = $1 AND deadline <= $2::date)
     ) AS period`,
    [personId, today],
  );
  return row?.period ?? null;
}

async function headOf(db: Db, orgUnit: string): Promise<string | null> {
  const people = await peopleUnder(db, orgUnit);
  return people.find((p) => p.is_head && p.org_unit === orgUnit)?.full_name ?? null;
}

/** The actor's own latest month, or null when the account is no staff person (or has no data). */
export async function ownStaffMonth(db: Db, actor: Actor, today: string): Promise<StaffMonth | null> {
  const me = await actorPerson(db, actor);
  if (!me) return null;
  const latest = await latestMonth(db, me.id, today);
  if (!latest) return null;
  let period = latest;
  let p = await readPersonEvaluation(db, { actor, personId: me.id, period });
  let toSelfAssess: string | null = null;
  if (p.score.total === null) {
    // The latest month has tasks but no score yet: show the last month with one, and this one as a to-do.
    const [scored] = await db.query<{ period: string | null }>(
      `SELECT max(period) AS period FROM staff_evaluations WHERE person_id = $1 AND ${monthPattern} AND period < $2`,
      [me.id, latest],
    );
    if ((p.evaluation?.state ?? 'draft') === 'draft') toSelfAssess = latest;
    if (scored?.period) {
      period = scored.period;
      p = await readPersonEvaluation(db, { actor, personId: me.id, period });
    }
  }
  const person = await getPerson(db, me.id);
  const state: EvalState = p.evaluation?.state ?? 'draft';
  let next: StaffNext;
  if (state === 'draft') next = { kind: 'person', name: person.full_name };
  else if (state === 'self_assessed')
    next = {
      kind: 'manager',
      name: person.manager_id ? (await getPerson(db, person.manager_id)).full_name : null,
    };
  else if (state === 'reviewed') next = { kind: 'head', name: await headOf(db, person.org_unit) };
  else next = { kind: 'none' };
  const frame = requireStaffFrame(p.frame.id);
  return {
    person: {
      id: person.id,
      full_name: person.full_name,
      org_unit_name: person.org_unit_name,
      position_name: person.position_name,
    },
    period,
    total: p.score.total,
    band: p.band,
    band_name: p.band ? bandName(frame, p.band) : null,
    state,
    next,
    mine: next.kind === 'person',
    to_self_assess: toSelfAssess === period ? null : toSelfAssess,
  };
}

/**
 * Evaluations waiting for the actor: self-assessed months of people he manages (to review) and
 * reviewed months in the nodes he heads (to approve), latest month first.
 */
export async function teamWaiting(db: Db, actor: Actor): Promise<TeamWaiting[]> {
  const me = await actorPerson(db, actor);
  if (!me) return [];
  const rows = await db.query<{ person_id: number; full_name: string; period: string; state: EvalState }>(
    `SELECT e.person_id, p.full_name, e.period, e.state FROM staff_evaluations e JOIN staff_people p ON p.id = e.person_id
     WHERE e.state IN ('self_assessed', 'reviewed') AND e.person_id <> $1 AND e.${monthPattern}
     ORDER BY e.period DESC, p.full_name`,
    [me.id],
  );
  const rel = await relations(
    db,
    actor,
    rows.map((r) => r.person_id),
  );
  const out: TeamWaiting[] = [];
  for (const r of rows) {
    const x = rel.get(r.person_id);
    if (r.state === 'self_assessed' && x?.manager && !x.admin) out.push({ ...r, step: 'review' });
    else if (r.state === 'reviewed' && x?.head && !x.admin) out.push({ ...r, step: 'approve' });
  }
  return out;
}
