import type { Actor } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { AppError, type InputIssue } from '../errors.ts';
import { text } from '../text.ts';
import { dossierItems, engineResults } from './items.ts';
import { type Dossier, requireDossier, touchDossier, transitionDossier } from './store.ts';
import { requireStep } from './workflow.ts';

export interface SelfAssessmentItem {
  indicatorCode: string;
  /** The commune's own view: đạt / chưa đạt. */
  claim: 'met' | 'not_met';
  explanation?: string | null;
}

/** Indicator code → number of evidence files linked to it in the dossier. */
export async function evidenceCounts(db: Db, dossierId: number): Promise<Map<string, number>> {
  const rows = await db.query<{ code: string; n: number }>(
    `SELECT indicator_code AS code, count(*)::int AS n FROM evidence_links
     WHERE dossier_id = $1 AND indicator_code IS NOT NULL GROUP BY indicator_code`,
    [dossierId],
  );
  return new Map(rows.map((r) => [r.code, r.n]));
}

/** Indicator codes of the dossier's framework that have no self-assessment yet. */
export async function unassessedCodes(db: Db, d: Dossier): Promise<string[]> {
  const { items } = await dossierItems(db, d);
  const done = new Set(
    (
      await db.query<{ code: string }>(
        'SELECT indicator_code AS code FROM dossier_self_assessments WHERE dossier_id = $1',
        [d.id],
      )
    ).map((r) => r.code),
  );
  return items.filter((i) => !done.has(i.code)).map((i) => i.code);
}

/**
 * The commune's self-assessment: per indicator its own view (đạt / chưa đạt), stored beside the
 * engine's status at that moment. Claiming đạt for an indicator without evidence needs an
 * explanation. Once every indicator is assessed, a draft becomes self-assessed.
 */
export async function selfAssessDossier(
  db: Db,
  actor: Actor,
  opts: { dossierId: number; items: SelfAssessmentItem[] },
): Promise<{ assessed: number; missing: string[]; state: Dossier['state'] }> {
  return db.transaction(async (tx) => {
    const d = await requireDossier(tx, opts.dossierId, { forUpdate: true });
    await requireStep(tx, actor, d, 'self_assess');
    const { items } = await dossierItems(tx, d);
    const known = new Set(items.map((i) => i.code));
    const evidence = await evidenceCounts(tx, d.id);
    const issues: InputIssue[] = [];
    const seen = new Set<string>();
    opts.items.forEach((it, k) => {
      const line = k + 1;
      if (!known.has(it.indicatorCode))
        issues.push({
          line,
          field: 'indicator_code',
          value: it.indicatorCode,
          message: text(`bộ tiêu chí ${d.frameworkId} không có chỉ tiêu này`, `unknown indicator`),
        });
      else if (seen.has(it.indicatorCode))
        issues.push({
          line,
          field: 'indicator_code',
          value: it.indicatorCode,
          message: text('trùng chỉ tiêu', 'duplicate'),
        });
      else if (it.claim === 'met' && !evidence.get(it.indicatorCode) && !it.explanation?.trim())
        issues.push({
          line,
          field: 'explanation',
          value: it.indicatorCode,
          message: text(
            'tự đánh giá đạt nhưng chưa có minh chứng: cần giải thích',
            'claimed met without evidence: explain why',
          ),
        });
      seen.add(it.indicatorCode);
    });
    if (issues.length > 0)
      throw new AppError(
        'INVALID_SELF_ASSESSMENT',
        text(
          `Tự đánh giá có ${issues.length} lỗi, không lưu gì`,
          `self-assessment has problems, nothing saved`,
        ),
        issues,
      );
    const { byCode } = await engineResults(tx, d);
    for (const it of opts.items)
      await tx.query(
        `INSERT INTO dossier_self_assessments (dossier_id, indicator_code, claim, explanation, computed_status, assessed_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (dossier_id, indicator_code) DO UPDATE SET claim = $3, explanation = $4, computed_status = $5,
           assessed_by = $6, assessed_at = now()`,
        [
          d.id,
          it.indicatorCode,
          it.claim,
          it.explanation?.trim() || null,
          byCode.get(it.indicatorCode)?.status ?? 'no_data',
          actor.username,
        ],
      );
    await recordEvent(tx, {
      type: 'dossier.self_assessed',
      actor,
      unitCode: d.unitCode,
      dossierId: d.id,
      data: { items: opts.items.map((i) => ({ indicator: i.indicatorCode, claim: i.claim })) },
    });
    const missing = await unassessedCodes(tx, d);
    let state = d.state;
    if (missing.length === 0 && d.state === 'draft') {
      await transitionDossier(tx, actor, d, 'self_assessed');
      state = 'self_assessed';
    } else await touchDossier(tx, d.id);
    return { assessed: items.length - missing.length, missing, state };
  });
}
