import type { Actor } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import type { ProcedureRecord } from './procedure-rules.ts';
import { requireDossier, touchDossier } from './store.ts';
import { requireStep } from './workflow.ts';

interface ProcedureRow {
  front_comments_on: string | null;
  front_comments: string | null;
  satisfaction_pct: number | null;
  satisfaction_surveyed: number | null;
  satisfaction_total: number | null;
  meeting_on: string | null;
  meeting_attendees: number | null;
  votes_for: number | null;
  votes_against: number | null;
  votes_abstain: number | null;
  debt_statement_on: string | null;
  debt_outstanding: number | null;
  debt_note: string | null;
}

/** The procedure record of a dossier (empty steps are null). */
export async function readProcedure(db: Db, dossierId: number): Promise<ProcedureRecord> {
  const postings = await db.query<{ date: string; place: string }>(
    'SELECT posted_on::text AS date, place FROM dossier_postings WHERE dossier_id = $1 ORDER BY posted_on, place',
    [dossierId],
  );
  const [r] = await db.query<ProcedureRow>(
    `SELECT front_comments_on::text AS front_comments_on, front_comments, satisfaction_pct, satisfaction_surveyed,
       satisfaction_total, meeting_on::text AS meeting_on, meeting_attendees, votes_for, votes_against, votes_abstain,
       debt_statement_on::text AS debt_statement_on, debt_outstanding, debt_note
     FROM dossier_procedure WHERE dossier_id = $1`,
    [dossierId],
  );
  return {
    postings,
    frontComments:
      r?.front_comments_on && r.front_comments !== null
        ? { date: r.front_comments_on, summary: r.front_comments }
        : null,
    satisfaction:
      r?.satisfaction_pct != null
        ? { rate: r.satisfaction_pct, surveyed: r.satisfaction_surveyed, households: r.satisfaction_total }
        : null,
    meeting:
      r?.meeting_on && r.meeting_attendees !== null
        ? {
            date: r.meeting_on,
            attendees: r.meeting_attendees,
            votesFor: r.votes_for ?? 0,
            votesAgainst: r.votes_against ?? 0,
            votesAbstain: r.votes_abstain ?? 0,
          }
        : null,
    debt:
      r?.debt_statement_on && r.debt_outstanding !== null
        ? { date: r.debt_statement_on, outstanding: r.debt_outstanding, note: r.debt_note }
        : null,
  };
}

/** The steps to change: a step given replaces what was recorded (postings as a whole list). */
export type ProcedureUpdate = Partial<ProcedureRecord>;

/**
 * Records the procedure's own steps (public postings, Fatherland Front comments, satisfaction,
 * commune meeting vote, XDCB debt statement) while the commune still edits the dossier.
 */
export async function recordProcedure(
  db: Db,
  actor: Actor,
  opts: { dossierId: number; update: ProcedureUpdate },
): Promise<ProcedureRecord> {
  return db.transaction(async (tx) => {
    const d = await requireDossier(tx, opts.dossierId, { forUpdate: true });
    await requireStep(tx, actor, d, 'record_procedure');
    const before = await readProcedure(tx, d.id);
    const next: ProcedureRecord = { ...before, ...opts.update };
    if (opts.update.postings) {
      await tx.query('DELETE FROM dossier_postings WHERE dossier_id = $1', [d.id]);
      const unique = [...new Map(opts.update.postings.map((p) => [`${p.date}|${p.place}`, p])).values()];
      if (unique.length > 0)
        await tx.query(
          `INSERT INTO dossier_postings (dossier_id, posted_on, place)
           SELECT $1, t.d::date, t.p FROM unnest($2::text[], $3::text[]) AS t(d, p)`,
          [d.id, unique.map((p) => p.date), unique.map((p) => p.place)],
        );
    }
    const { frontComments: f, satisfaction: s, meeting: m, debt } = next;
    await tx.query(
      `INSERT INTO dossier_procedure (dossier_id, front_comments_on, front_comments, satisfaction_pct,
         satisfaction_surveyed, satisfaction_total, meeting_on, meeting_attendees, votes_for, votes_against,
         votes_abstain, debt_statement_on, debt_outstanding, debt_note, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (dossier_id) DO UPDATE SET front_comments_on = $2, front_comments = $3, satisfaction_pct = $4,
         satisfaction_surveyed = $5, satisfaction_total = $6, meeting_on = $7, meeting_attendees = $8, votes_for = $9,
         votes_against = $10, votes_abstain = $11, debt_statement_on = $12, debt_outstanding = $13, debt_note = $14,
         updated_by = $15, updated_at = now()`,
      [
        d.id,
        f?.date ?? null,
        f?.summary ?? null,
        s?.rate ?? null,
        s?.surveyed ?? null,
        s?.households ?? null,
        m?.date ?? null,
        m?.attendees ?? null,
        m?.votesFor ?? null,
        m?.votesAgainst ?? null,
        m?.votesAbstain ?? null,
        debt?.date ?? null,
        debt?.outstanding ?? null,
        debt?.note ?? null,
        actor.username,
      ],
    );
    await touchDossier(tx, d.id);
    await recordEvent(tx, {
      type: 'dossier.procedure_recorded',
      actor,
      unitCode: d.unitCode,
      dossierId: d.id,
      data: { steps: Object.keys(opts.update) },
    });
    return readProcedure(tx, d.id);
  });
}
