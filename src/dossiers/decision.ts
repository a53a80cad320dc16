import type { Actor } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';
import { type Dossier, requireDossier, touchDossier, transitionDossier } from './store.ts';
import { requireStep } from './workflow.ts';

export type Vote = 'for' | 'against' | 'abstain';

export interface CouncilTally {
  for: number;
  against: number;
  abstain: number;
  votes: Array<{ voter: string; vote: Vote; comment: string | null; votedAt: string }>;
}

export async function councilTally(db: Db, dossierId: number): Promise<CouncilTally> {
  const votes = await db.query<{ voter: string; vote: Vote; comment: string | null; voted_at: string }>(
    'SELECT voter, vote, comment, voted_at::text AS voted_at FROM dossier_votes WHERE dossier_id = $1 ORDER BY voter',
    [dossierId],
  );
  const count = (v: Vote) => votes.filter((x) => x.vote === v).length;
  return {
    for: count('for'),
    against: count('against'),
    abstain: count('abstain'),
    votes: votes.map((v) => ({ voter: v.voter, vote: v.vote, comment: v.comment, votedAt: v.voted_at })),
  };
}

/** A council member votes on an appraised dossier; a later vote of the same member replaces it. */
export async function recordCouncilVote(
  db: Db,
  actor: Actor,
  opts: { dossierId: number; vote: Vote; comment?: string | null },
): Promise<CouncilTally> {
  return db.transaction(async (tx) => {
    const d = await requireDossier(tx, opts.dossierId, { forUpdate: true });
    await requireStep(tx, actor, d, 'vote');
    await tx.query(
      `INSERT INTO dossier_votes (dossier_id, voter, vote, comment) VALUES ($1, $2, $3, $4)
       ON CONFLICT (dossier_id, voter) DO UPDATE SET vote = $3, comment = $4, voted_at = now()`,
      [d.id, actor.username, opts.vote, opts.comment?.trim() || null],
    );
    await touchDossier(tx, d.id);
    await recordEvent(tx, {
      type: 'dossier.voted',
      actor,
      unitCode: d.unitCode,
      dossierId: d.id,
      data: { vote: opts.vote },
    });
    return councilTally(tx, d.id);
  });
}

/**
 * Records the recognition decision (number, date, signer, scanned file uploaded to the dossier as
 * its "decision" document). Needs a council majority: more votes for than half of the votes cast.
 * The vote threshold of QĐ 18/2022 was not found in the sources; the majority is this system's rule.
 */
export async function recognizeDossier(
  db: Db,
  actor: Actor,
  opts: { dossierId: number; decisionNo: string; decisionDate: string; signer: string; decisionFile: string },
): Promise<Dossier> {
  return db.transaction(async (tx) => {
    const d = await requireDossier(tx, opts.dossierId, { forUpdate: true });
    await requireStep(tx, actor, d, 'recognize');
    const tally = await councilTally(tx, d.id);
    const cast = tally.for + tally.against + tally.abstain;
    if (cast === 0 || tally.for * 2 <= cast)
      throw new AppError(
        'DOSSIER_NO_COUNCIL_MAJORITY',
        text(
          `Hội đồng chưa biểu quyết tán thành quá nửa (${tally.for}/${cast} phiếu tán thành)`,
          `no council majority`,
        ),
      );
    const linked = await tx.query(
      "SELECT 1 FROM evidence_links WHERE dossier_id = $1 AND sha256 = $2 AND document = 'decision'",
      [d.id, opts.decisionFile],
    );
    if (linked.length === 0)
      throw new AppError(
        'EVIDENCE_NOT_FOUND',
        text(
          'Chưa tải lên bản quét quyết định cho hồ sơ này (tài liệu "decision")',
          'decision scan not uploaded to this dossier',
        ),
        [
          {
            field: 'decision_file',
            value: opts.decisionFile,
            message: text('không có trong hồ sơ', 'not in the dossier'),
          },
        ],
      );
    await transitionDossier(tx, actor, d, 'recognised', {
      changes: {
        decision_no: opts.decisionNo,
        decision_date: opts.decisionDate,
        decision_signer: opts.signer,
        decision_file: opts.decisionFile,
      },
      data: { decision_no: opts.decisionNo, decision_date: opts.decisionDate, council: tally },
    });
    return requireDossier(tx, d.id);
  });
}

/** Records that the unit is not recognised, after the appraisal and the council (QĐ 18/2022). */
export async function refuseDossier(
  db: Db,
  actor: Actor,
  opts: { dossierId: number; reason: string },
): Promise<Dossier> {
  return db.transaction(async (tx) => {
    const d = await requireDossier(tx, opts.dossierId, { forUpdate: true });
    await requireStep(tx, actor, d, 'refuse');
    await transitionDossier(tx, actor, d, 'refused', {
      note: opts.reason,
      changes: { refusal_reason: opts.reason },
    });
    return requireDossier(tx, d.id);
  });
}

/** Revokes a recognition (QĐ 18/2022: criteria slipped), with the revoking decision. */
export async function revokeRecognition(
  db: Db,
  actor: Actor,
  opts: { dossierId: number; decisionNo: string; decisionDate: string; reason: string },
): Promise<Dossier> {
  return db.transaction(async (tx) => {
    const d = await requireDossier(tx, opts.dossierId, { forUpdate: true });
    await requireStep(tx, actor, d, 'revoke');
    await transitionDossier(tx, actor, d, 'revoked', {
      note: opts.reason,
      changes: {
        revocation_no: opts.decisionNo,
        revocation_date: opts.decisionDate,
        revocation_reason: opts.reason,
      },
      data: { decision_no: opts.decisionNo, decision_date: opts.decisionDate },
    });
    return requireDossier(tx, d.id);
  });
}

/**
 * Reopens a submitted (or refused) dossier back to draft so that its figures and evidence can be
 * changed; the reason is recorded, council votes are cleared and the appraisal starts afresh.
 */
export async function reopenDossier(
  db: Db,
  actor: Actor,
  opts: { dossierId: number; reason: string },
): Promise<Dossier> {
  return db.transaction(async (tx) => {
    const d = await requireDossier(tx, opts.dossierId, { forUpdate: true });
    await requireStep(tx, actor, d, 'reopen');
    await tx.query('DELETE FROM dossier_votes WHERE dossier_id = $1', [d.id]);
    await transitionDossier(tx, actor, d, 'draft', {
      note: opts.reason,
      changes: {
        reopen_count: d.reopenCount + 1,
        appraisal_round: d.appraisalRound + 1,
        rulings_since: d.appraisalRound + 1,
        refusal_reason: null,
      },
      data: { reopened: true, reopen_count: d.reopenCount + 1 },
    });
    return requireDossier(tx, d.id);
  });
}
