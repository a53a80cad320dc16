/** The dossier rows: reading one (locked for the transaction), changing its state with a record. */
import type { Actor } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';
import type { DossierRef, DossierState } from './states.ts';

export interface Dossier extends DossierRef {
  frameworkId: string;
  frameworkVersion: number;
  reworkRounds: number;
  reopenCount: number;
  appraisalRound: number;
  rulingsSince: number;
  decision: { no: string; date: string; signer: string; file: string | null } | null;
  refusalReason: string | null;
  revocation: { no: string; date: string; reason: string } | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

interface DossierRow {
  id: number;
  unit_code: string;
  framework_id: string;
  framework_version: number;
  round: string;
  state: DossierState;
  rework_rounds: number;
  reopen_count: number;
  appraisal_round: number;
  rulings_since: number;
  decision_no: string | null;
  decision_date: string | null;
  decision_signer: string | null;
  decision_file: string | null;
  refusal_reason: string | null;
  revocation_no: string | null;
  revocation_date: string | null;
  revocation_reason: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export const dossierColumns = `id, unit_code, framework_id, framework_version, round, state, rework_rounds, reopen_count,
  appraisal_round, rulings_since,   decision_no, decision_date::text AS decision_date, decision_signer, decision_file, refusal_reason, revocation_no,
  revocation_date::text AS revocation_date, revocation_reason, created_by, created_at::text AS created_at,
  updated_at::text AS updated_at`;

export function toDossier(r: DossierRow): Dossier {
  return {
    id: r.id,
    unitCode: r.unit_code,
    frameworkId: r.framework_id,
    frameworkVersion: r.framework_version,
    round: r.round,
    state: r.state,
    reworkRounds: r.rework_rounds,
    reopenCount: r.reopen_count,
    appraisalRound: r.appraisal_round,
    rulingsSince: r.rulings_since,
    decision:
      r.decision_no && r.decision_date
        ? { no: r.decision_no, date: r.decision_date, signer: r.decision_signer ?? '', file: r.decision_file }
        : null,
    refusalReason: r.refusal_reason,
    revocation:
      r.revocation_no && r.revocation_date
        ? { no: r.revocation_no, date: r.revocation_date, reason: r.revocation_reason ?? '' }
        : null,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * Reads a dossier or throws DOSSIER_NOT_FOUND. Inside a transaction, `forUpdate` locks its row so
 * that two transitions of one dossier run one after the other.
 */
export async function requireDossier(
  db: Db,
  id: number,
  opts: { forUpdate?: boolean } = {},
): Promise<Dossier> {
  const rows = await db.query<DossierRow>(
    `SELECT ${dossierColumns} FROM dossiers WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  const row = rows[0];
  if (!row)
    throw new AppError('DOSSIER_NOT_FOUND', text(`Không có hồ sơ #${id}`, `dossier #${id} not found`));
  return toDossier(row);
}

/** Columns a transition may set besides the state (decision, refusal, counters). */
export type DossierChanges = Partial<
  Record<
    | 'rework_rounds'
    | 'reopen_count'
    | 'appraisal_round'
    | 'rulings_since'
    | 'decision_no'
    | 'decision_date'
    | 'decision_signer'
    | 'decision_file'
    | 'refusal_reason'
    | 'revocation_no'
    | 'revocation_date'
    | 'revocation_reason',
    string | number | null
  >
>;

/**
 * Moves a dossier to `to`: updates the row, keeps the transition in the dossier's history and
 * records the typed audit event, all in the caller's transaction.
 */
export async function transitionDossier(
  tx: Db,
  actor: Actor,
  d: Dossier,
  to: DossierState,
  opts: { note?: string | null; changes?: DossierChanges; data?: Record<string, unknown> } = {},
): Promise<void> {
  const changes = Object.entries(opts.changes ?? {});
  const sets = changes.map(([col], i) => `${col} = $${i + 3}`);
  await tx.query(
    `UPDATE dossiers SET state = $2, updated_at = now()${sets.map((s) => `, ${s}`).join('')} WHERE id = $1`,
    [d.id, to, ...changes.map(([, v]) => v)],
  );
  await tx.query(
    'INSERT INTO dossier_transitions (dossier_id, from_state, to_state, note, actor) VALUES ($1, $2, $3, $4, $5)',
    [d.id, d.state, to, opts.note ?? null, actor.username],
  );
  await recordEvent(tx, {
    type: 'dossier.transitioned',
    actor,
    unitCode: d.unitCode,
    dossierId: d.id,
    data: { from: d.state, to, note: opts.note ?? null, ...opts.data },
  });
}

/** Marks the dossier as changed (an edit that keeps its state). */
export async function touchDossier(tx: Db, id: number): Promise<void> {
  await tx.query('UPDATE dossiers SET updated_at = now() WHERE id = $1', [id]);
}
