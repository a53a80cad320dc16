import type { Actor } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { requireDossier, touchDossier } from '../dossiers/store.ts';
import { requireStep } from '../dossiers/workflow.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';

export interface Visit {
  from: string;
  to: string;
}

/** A dossier's on-site visit dates, or null when none is planned. */
export async function readVisit(db: Db, dossierId: number): Promise<Visit | null> {
  const [row] = await db.query<{ from: string | null; to: string | null }>(
    'SELECT visit_from::text AS "from", visit_to::text AS "to" FROM dossiers WHERE id = $1',
    [dossierId],
  );
  return row?.from && row.to ? { from: row.from, to: row.to } : null;
}

/**
 * The coordination office sets the days of the appraisal delegation's on-site visit (khảo sát
 * thực tế) while the dossier waits for or is under appraisal; field photos taken on other days are
 * flagged. The last day is not before the first.
 */
export async function scheduleVisit(
  db: Db,
  actor: Actor,
  opts: { dossierId: number; from: string; to: string },
): Promise<Visit> {
  if (opts.to < opts.from)
    throw new AppError(
      'INVALID_REQUEST',
      text('Ngày kết thúc khảo sát trước ngày bắt đầu', 'the visit ends before it starts'),
      [
        {
          field: 'to',
          value: opts.to,
          message: text('phải từ ngày bắt đầu trở đi', 'must not be before from'),
        },
      ],
    );
  return db.transaction(async (tx) => {
    const d = await requireDossier(tx, opts.dossierId, { forUpdate: true });
    await requireStep(tx, actor, d, 'schedule_visit');
    await tx.query('UPDATE dossiers SET visit_from = $2, visit_to = $3 WHERE id = $1', [
      d.id,
      opts.from,
      opts.to,
    ]);
    await touchDossier(tx, d.id);
    await recordEvent(tx, {
      type: 'dossier.visit_scheduled',
      actor,
      unitCode: d.unitCode,
      dossierId: d.id,
      data: { from: opts.from, to: opts.to },
    });
    return { from: opts.from, to: opts.to };
  });
}
