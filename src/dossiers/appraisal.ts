import type { Actor } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { today } from '../http/openapi.ts';
import { text } from '../text.ts';
import { dossierItems } from './items.ts';
import { type Dossier, requireDossier, touchDossier, transitionDossier } from './store.ts';
import { requireStep } from './workflow.ts';

export type Verdict = 'pass' | 'fail' | 'conditional';

export interface Ruling {
  indicatorCode: string;
  criterionNo: string | null;
  round: number;
  verdict: Verdict;
  publicComment: string | null;
  internalNote: string | null;
  ruledBy: string;
  ruledAt: string;
}

/**
 * The latest ruling on each indicator of a dossier that still counts: a pass from an earlier round
 * does, a ruling made before the dossier was last reopened does not.
 */
export async function latestRulings(
  db: Db,
  d: Pick<Dossier, 'id' | 'rulingsSince'>,
): Promise<Map<string, Ruling>> {
  const rows = await db.query<{
    indicator_code: string;
    criterion_no: string | null;
    round: number;
    verdict: Verdict;
    public_comment: string | null;
    internal_note: string | null;
    ruled_by: string;
    ruled_at: string;
  }>(
    `SELECT DISTINCT ON (indicator_code) indicator_code, criterion_no, round, verdict, public_comment, internal_note,
       ruled_by, ruled_at::text AS ruled_at
     FROM dossier_rulings WHERE dossier_id = $1 AND round >= $2 ORDER BY indicator_code, round DESC`,
    [d.id, d.rulingsSince],
  );
  return new Map(
    rows.map((r) => [
      r.indicator_code,
      {
        indicatorCode: r.indicator_code,
        criterionNo: r.criterion_no,
        round: r.round,
        verdict: r.verdict,
        publicComment: r.public_comment,
        internalNote: r.internal_note,
        ruledBy: r.ruled_by,
        ruledAt: r.ruled_at,
      },
    ]),
  );
}

/** The coordination office takes a submitted (or resubmitted) dossier into appraisal. */
export async function startAppraisal(db: Db, actor: Actor, opts: { dossierId: number }): Promise<Dossier> {
  return db.transaction(async (tx) => {
    const d = await requireDossier(tx, opts.dossierId, { forUpdate: true });
    await requireStep(tx, actor, d, 'start_appraisal');
    await transitionDossier(tx, actor, d, 'under_appraisal', { data: { round: d.appraisalRound } });
    return requireDossier(tx, d.id);
  });
}

/**
 * A department reviewer rules on one indicator of its own criteria: pass, fail or conditional,
 * with a public comment (the commune sees it; required unless pass) and an internal note (never
 * shown to commune officers). A new ruling in the same round replaces the reviewer's earlier one.
 */
export async function ruleOnIndicator(
  db: Db,
  actor: Actor,
  opts: {
    dossierId: number;
    indicatorCode: string;
    verdict: Verdict;
    publicComment?: string | null;
    internalNote?: string | null;
  },
): Promise<Ruling> {
  return db.transaction(async (tx) => {
    const d = await requireDossier(tx, opts.dossierId, { forUpdate: true });
    const { items } = await dossierItems(tx, d);
    const item = items.find((i) => i.code === opts.indicatorCode);
    if (!item)
      throw new AppError(
        'INDICATOR_NOT_FOUND',
        text(`Bộ tiêu chí ${d.frameworkId} không có chỉ tiêu ${opts.indicatorCode}`, `unknown indicator`),
      );
    await requireStep(tx, actor, d, 'rule', item.criterionNo ? { criterionNo: item.criterionNo } : {});
    const comment = opts.publicComment?.trim() || null;
    if (opts.verdict !== 'pass' && !comment)
      throw new AppError(
        'INVALID_RULING',
        text(
          'Kết luận không đạt hoặc đạt có điều kiện cần ý kiến công khai cho xã',
          'a fail or conditional ruling needs a public comment',
        ),
        [{ field: 'public_comment', message: text('thiếu ý kiến công khai', 'required') }],
      );
    const round = d.appraisalRound;
    await tx.query(
      `INSERT INTO dossier_rulings (dossier_id, indicator_code, round, criterion_no, verdict, public_comment,
         internal_note, ruled_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (dossier_id, indicator_code, round) DO UPDATE SET verdict = $5, public_comment = $6,
         internal_note = $7, ruled_by = $8, ruled_at = now()`,
      [
        d.id,
        item.code,
        round,
        item.criterionNo,
        opts.verdict,
        comment,
        opts.internalNote?.trim() || null,
        actor.username,
      ],
    );
    await touchDossier(tx, d.id);
    await recordEvent(tx, {
      type: 'dossier.ruling',
      actor,
      unitCode: d.unitCode,
      dossierId: d.id,
      data: { indicator: item.code, criterion: item.criterionNo, round, verdict: opts.verdict },
    });
    return (await latestRulings(tx, d)).get(item.code)!;
  });
}

/** Every indicator must have a ruling before the office consolidates. */
async function requireAllRuled(db: Db, d: Dossier): Promise<Map<string, Ruling>> {
  const { items } = await dossierItems(db, d);
  const rulings = await latestRulings(db, d);
  const missing = items.filter((i) => !rulings.has(i.code));
  if (missing.length > 0)
    throw new AppError(
      'DOSSIER_APPRAISAL_INCOMPLETE',
      text(
        `Còn ${missing.length} chỉ tiêu chưa có kết luận thẩm định`,
        `${missing.length} indicators not ruled on yet`,
      ),
      missing.map((i) => ({
        field: 'indicator_code',
        value: i.code,
        message: text(`tiêu chí ${i.criterionNo ?? 'điều kiện'}: chưa thẩm định`, `not ruled`),
      })),
    );
  return rulings;
}

/**
 * The coordination office sends ONE consolidated rework request: every failed or conditional
 * ruling's public comment, a message and a deadline. The dossier counts its rework rounds.
 */
export async function requestRework(
  db: Db,
  actor: Actor,
  opts: { dossierId: number; deadline: string; message?: string | null },
): Promise<Dossier> {
  return db.transaction(async (tx) => {
    const d = await requireDossier(tx, opts.dossierId, { forUpdate: true });
    await requireStep(tx, actor, d, 'request_rework');
    if (opts.deadline < today())
      throw new AppError(
        'INVALID_REQUEST',
        text(`Hạn bổ sung ${opts.deadline} đã qua`, `the deadline is in the past`),
        [{ field: 'deadline', value: opts.deadline, message: text('hạn đã qua', 'in the past') }],
      );
    const rulings = await requireAllRuled(tx, d);
    const items = [...rulings.values()]
      .filter((r) => r.verdict !== 'pass')
      .map((r) => ({
        indicator: r.indicatorCode,
        criterion: r.criterionNo,
        verdict: r.verdict,
        public_comment: r.publicComment,
      }));
    if (items.length === 0)
      throw new AppError(
        'DOSSIER_NOTHING_TO_REWORK',
        text(
          'Mọi chỉ tiêu đều đạt: không có gì để yêu cầu bổ sung, hãy hoàn thành thẩm định',
          'every ruling passes: complete the appraisal instead',
        ),
      );
    const round = d.reworkRounds + 1;
    await tx.query(
      `INSERT INTO dossier_rework_requests (dossier_id, round, deadline, message, items, requested_by)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [d.id, round, opts.deadline, opts.message?.trim() || null, JSON.stringify(items), actor.username],
    );
    await transitionDossier(tx, actor, d, 'rework_requested', {
      note: opts.message ?? null,
      changes: { rework_rounds: round, appraisal_round: d.appraisalRound + 1 },
      data: { rework_round: round, deadline: opts.deadline, items: items.length },
    });
    return requireDossier(tx, d.id);
  });
}

/**
 * The coordination office closes the appraisal: every indicator ruled, none failed (conditional
 * rulings stay on record). The dossier goes to the council.
 */
export async function completeAppraisal(
  db: Db,
  actor: Actor,
  opts: { dossierId: number; note?: string | null },
): Promise<Dossier> {
  return db.transaction(async (tx) => {
    const d = await requireDossier(tx, opts.dossierId, { forUpdate: true });
    await requireStep(tx, actor, d, 'complete_appraisal');
    const rulings = await requireAllRuled(tx, d);
    const failed = [...rulings.values()].filter((r) => r.verdict === 'fail');
    if (failed.length > 0)
      throw new AppError(
        'DOSSIER_HAS_FAILED_RULINGS',
        text(
          `${failed.length} chỉ tiêu không đạt khi thẩm định: yêu cầu xã bổ sung`,
          `${failed.length} indicators failed`,
        ),
        failed.map((r) => ({
          field: 'indicator_code',
          value: r.indicatorCode,
          message: r.publicComment ?? '',
        })),
      );
    await transitionDossier(tx, actor, d, 'appraised', { note: opts.note ?? null });
    return requireDossier(tx, d.id);
  });
}
