/**
 * Explanations (giải trình): a leader asks a holder why an indicator is off track; the holder
 * answers in the system. Both steps are guarded by the transition table (./workflow.ts) and
 * audited, in one transaction.
 */
import type { Actor } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';
import { loadAssignments } from './assign.ts';
import { loadHolders, requirePlan } from './plans.ts';
import { explanationState, requireExplanationStep } from './workflow.ts';

export interface Explanation {
  id: number;
  year: number;
  indicator: string;
  holder: string;
  question: string;
  askedBy: string;
  askedAt: string;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
}

interface Row {
  id: number;
  year: number;
  indicator_code: string;
  holder_code: string;
  question: string;
  asked_by: string;
  asked_at: string | Date;
  answer: string | null;
  answered_by: string | null;
  answered_at: string | Date | null;
}

const iso = (d: string | Date | null) => (d === null ? null : new Date(d).toISOString());
const present = (r: Row): Explanation => ({
  id: r.id,
  year: r.year,
  indicator: r.indicator_code,
  holder: r.holder_code,
  question: r.question,
  askedBy: r.asked_by,
  askedAt: iso(r.asked_at)!,
  answer: r.answer,
  answeredBy: r.answered_by,
  answeredAt: iso(r.answered_at),
});

export async function listExplanations(
  db: Db,
  opts: { year: number; holders?: string[] },
): Promise<Explanation[]> {
  const rows = await db.query<Row>(
    opts.holders
      ? 'SELECT * FROM target_explanations WHERE year = $1 AND holder_code = ANY($2) ORDER BY id'
      : 'SELECT * FROM target_explanations WHERE year = $1 ORDER BY id',
    opts.holders ? [opts.year, opts.holders] : [opts.year],
  );
  return rows.map(present);
}

/** Asks a holder to explain an indicator it was given (step `ask`: target.ask on the holder's unit). */
export async function askExplanation(
  db: Db,
  actor: Actor,
  opts: { year: number; indicator: string; holder: string; question: string },
): Promise<Explanation> {
  const plan = await requirePlan(db, opts.year);
  const holder = (await loadHolders(db, plan)).get(opts.holder);
  if (!holder || !(await loadAssignments(db, plan.year)).get(opts.indicator)?.has(opts.holder))
    throw new AppError(
      'TARGET_ASSIGNMENT_NOT_FOUND',
      text(`${opts.holder} chưa được giao chỉ tiêu ${opts.indicator} năm ${plan.year}`, `no such assignment`),
    );
  return db.transaction(async (tx) => {
    await requireExplanationStep(tx, actor, 'ask', 'new', {
      unitCode: holder.accessUnit,
      date: plan.treeDate,
    });
    const row = (
      await tx.query<Row>(
        `INSERT INTO target_explanations (year, indicator_code, holder_code, question, asked_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING *`,
        [plan.year, opts.indicator, opts.holder, opts.question, actor.username],
      )
    )[0]!;
    await recordEvent(tx, {
      type: 'target.explanation_requested',
      actor,
      unitCode: holder.accessUnit,
      data: {
        id: row.id,
        year: plan.year,
        indicator: opts.indicator,
        holder: opts.holder,
        question: opts.question,
      },
    });
    return present(row);
  });
}

/** The holder answers a request once (step `answer`: target.explain on its unit, request still open). */
export async function answerExplanation(
  db: Db,
  actor: Actor,
  opts: { id: number; answer: string },
): Promise<Explanation> {
  return db.transaction(async (tx) => {
    const row = (
      await tx.query<Row>('SELECT * FROM target_explanations WHERE id = $1 FOR UPDATE', [opts.id])
    )[0];
    if (!row)
      throw new AppError(
        'TARGET_EXPLANATION_NOT_FOUND',
        text(`Không có yêu cầu giải trình số ${opts.id}`, `no explanation request #${opts.id}`),
      );
    const plan = await requirePlan(tx, row.year);
    const holder = (await loadHolders(tx, plan)).get(row.holder_code);
    const unitCode = holder?.accessUnit ?? row.holder_code;
    await requireExplanationStep(tx, actor, 'answer', explanationState(row), {
      unitCode,
      date: plan.treeDate,
      id: row.id,
    });
    const updated = (
      await tx.query<Row>(
        `UPDATE target_explanations SET answer = $2, answered_by = $3, answered_at = now()
         WHERE id = $1 RETURNING *`,
        [opts.id, opts.answer, actor.username],
      )
    )[0]!;
    await recordEvent(tx, {
      type: 'target.explanation_given',
      actor,
      unitCode,
      data: { id: opts.id, year: row.year, indicator: row.indicator_code, holder: row.holder_code },
    });
    return present(updated);
  });
}
