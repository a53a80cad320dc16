import type { Actor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { AppError, type InputIssue } from '../errors.ts';
import { today } from '../http/openapi.ts';
import { text } from '../text.ts';
import { readProcedure } from './procedure.ts';
import { checkProcedure } from './procedure-rules.ts';
import { unassessedCodes } from './self-assessment.ts';
import { type Dossier, requireDossier, transitionDossier } from './store.ts';
import { requireStep } from './workflow.ts';

/** What still stops the dossier from going to the district: unassessed indicators, procedure steps. */
async function completenessIssues(db: Db, d: Dossier): Promise<InputIssue[]> {
  const issues: InputIssue[] = (await unassessedCodes(db, d)).map((code) => ({
    field: 'self_assessment',
    value: code,
    message: text('chỉ tiêu chưa tự đánh giá', 'indicator not self-assessed'),
  }));
  for (const c of checkProcedure(await readProcedure(db, d.id)))
    if (!c.ok) issues.push({ field: `procedure.${c.step}`, message: c.message });
  return issues;
}

async function requireComplete(db: Db, d: Dossier): Promise<void> {
  const issues = await completenessIssues(db, d);
  if (issues.length > 0)
    throw new AppError(
      'DOSSIER_INCOMPLETE',
      text(
        `Hồ sơ #${d.id} chưa đủ để nộp: ${issues.length} mục còn thiếu`,
        `dossier incomplete: ${issues.length} problems`,
      ),
      issues,
    );
}

/**
 * The commune submits its self-assessed dossier. Every indicator must be self-assessed and every
 * procedure step recorded and passing (≥ 5 postings in 15 days, no XDCB debt, ...). From here on
 * the figures and evidence it relies on are locked.
 */
export async function submitDossier(db: Db, actor: Actor, opts: { dossierId: number }): Promise<Dossier> {
  return db.transaction(async (tx) => {
    const d = await requireDossier(tx, opts.dossierId, { forUpdate: true });
    await requireStep(tx, actor, d, 'submit');
    await requireComplete(tx, d);
    await transitionDossier(tx, actor, d, 'submitted');
    return requireDossier(tx, d.id);
  });
}

/**
 * The commune answers the consolidated rework request and sends the dossier back. Same
 * completeness rules as the first submission; an answer after the deadline is marked late.
 */
export async function resubmitDossier(
  db: Db,
  actor: Actor,
  opts: { dossierId: number; response: string },
): Promise<Dossier> {
  return db.transaction(async (tx) => {
    const d = await requireDossier(tx, opts.dossierId, { forUpdate: true });
    await requireStep(tx, actor, d, 'resubmit');
    await requireComplete(tx, d);
    const [req] = await tx.query<{ deadline: string }>(
      `UPDATE dossier_rework_requests SET response = $3, answered_at = now() WHERE dossier_id = $1 AND round = $2
       RETURNING deadline::text AS deadline`,
      [d.id, d.reworkRounds, opts.response],
    );
    const late = req ? today() > req.deadline : false;
    await transitionDossier(tx, actor, d, 'resubmitted', {
      note: opts.response,
      data: { rework_round: d.reworkRounds, late },
    });
    return requireDossier(tx, d.id);
  });
}
