/** An officer explains a data-quality warning (giải trình): the warning leaves the open list. */
import { type Actor, requireAbility } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';
import { listQualityIssues } from './issues.ts';
import type { QualityKind } from './rules.ts';

/**
 * Records the officer's note on one open warning of a unit's figure; needs `quality.explain` on
 * the unit. The note covers the figure as it stands: if the figure changes, the warning returns.
 */
export async function explainQualityIssue(
  db: Db,
  opts: {
    actor: Actor;
    unitCode: string;
    measureId: string;
    period: string;
    kind: QualityKind;
    note: string;
  },
): Promise<{ explained: true }> {
  const note = opts.note.trim();
  if (!note)
    throw new AppError('INVALID_REQUEST', text('Cần ghi nội dung giải trình', 'the explanation is empty'), [
      { field: 'note', message: text('chưa ghi nội dung', 'empty') },
    ]);
  return db.transaction(async (tx) => {
    await requireAbility(tx, opts.actor, 'quality.explain', { unitCode: opts.unitCode });
    const report = await listQualityIssues(tx, {
      actor: opts.actor,
      period: opts.period,
      unitCode: opts.unitCode,
      state: 'all',
    });
    const issue = report.issues.find(
      (i) => i.unit === opts.unitCode && i.measure === opts.measureId && i.kind === opts.kind,
    );
    if (!issue)
      throw new AppError(
        'QUALITY_ISSUE_NOT_FOUND',
        text(
          `Không có cảnh báo "${opts.kind}" cho số liệu ${opts.measureId} của ${opts.unitCode} kỳ ${report.period}`,
          `no such warning`,
        ),
      );
    const num = (
      await tx.query<{ num: number | null }>(
        'SELECT num FROM value_current WHERE period = $1 AND unit_code = $2 AND measure_id = $3',
        [report.period, opts.unitCode, opts.measureId],
      )
    )[0]?.num;
    await tx.query(
      `INSERT INTO quality_explanations (period, unit_code, measure_id, kind, num, note, explained_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (period, unit_code, measure_id, kind) DO UPDATE SET num = EXCLUDED.num, note = EXCLUDED.note,
         explained_by = EXCLUDED.explained_by, explained_at = now()`,
      [report.period, opts.unitCode, opts.measureId, opts.kind, num ?? null, note, opts.actor.username],
    );
    await recordEvent(tx, {
      type: 'quality.explained',
      actor: opts.actor,
      unitCode: opts.unitCode,
      data: { measure: opts.measureId, period: report.period, kind: opts.kind, note },
    });
    return { explained: true as const };
  });
}
