import { type Actor, requireAbility } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { requireFrameworkForPeriod } from '../frameworks/store.ts';
import { text } from '../text.ts';
import { requireUnitChain } from '../units/read.ts';
import { type Dossier, requireDossier } from './store.ts';

/**
 * Opens a recognition dossier for a unit under a framework in a round (the period whose figures it
 * relies on). One dossier per (unit, framework, round); the framework must be in force in the round
 * and apply to the unit's kind.
 */
export async function createDossier(
  db: Db,
  actor: Actor,
  opts: { unitCode: string; frameworkId: string; round: string },
): Promise<Dossier> {
  const fw = await requireFrameworkForPeriod(db, opts.frameworkId, opts.round);
  const [unit] = await requireUnitChain(db, opts.unitCode, fw.period.end);
  if (!fw.compiled.appliesTo.has(unit!.kind))
    throw new AppError(
      'FRAMEWORK_NOT_APPLICABLE',
      text(
        `Bộ tiêu chí ${fw.meta.id} áp dụng cho ${[...fw.compiled.appliesTo].join(', ')}, không áp dụng cho ${unit!.name} (${unit!.kind})`,
        `framework does not apply to this unit`,
      ),
      [{ field: 'unit_code', value: opts.unitCode, message: `loại đơn vị ${unit!.kind}` }],
    );
  return db.transaction(async (tx) => {
    await requireAbility(tx, actor, 'dossier.create', { unitCode: opts.unitCode, frameworkId: fw.meta.id });
    const existing = await tx.query<{ id: number; state: string }>(
      'SELECT id, state FROM dossiers WHERE unit_code = $1 AND framework_id = $2 AND round = $3',
      [opts.unitCode, fw.meta.id, fw.period.code],
    );
    if (existing[0])
      throw new AppError(
        'DOSSIER_ALREADY_EXISTS',
        text(
          `Đã có hồ sơ #${existing[0].id} của ${unit!.name} cho bộ tiêu chí ${fw.meta.id}, đợt ${fw.period.code}`,
          `a dossier already exists`,
        ),
        [
          {
            field: 'round',
            value: fw.period.code,
            message: `hồ sơ #${existing[0].id} (${existing[0].state})`,
          },
        ],
      );
    // ON CONFLICT: two offices creating the same dossier at once get the same answer as above.
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO dossiers (unit_code, framework_id, framework_version, round, created_by)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (unit_code, framework_id, round) DO NOTHING RETURNING id`,
      [opts.unitCode, fw.meta.id, fw.meta.version, fw.period.code, actor.username],
    );
    if (!row)
      throw new AppError(
        'DOSSIER_ALREADY_EXISTS',
        text(
          `Đã có hồ sơ của ${unit!.name} cho bộ tiêu chí ${fw.meta.id}, đợt ${fw.period.code}`,
          `a dossier already exists`,
        ),
      );
    const id = row!.id;
    await tx.query(
      "INSERT INTO dossier_transitions (dossier_id, from_state, to_state, actor) VALUES ($1, NULL, 'draft', $2)",
      [id, actor.username],
    );
    await recordEvent(tx, {
      type: 'dossier.created',
      actor,
      unitCode: opts.unitCode,
      dossierId: id,
      data: { framework_id: fw.meta.id, framework_version: fw.meta.version, round: fw.period.code },
    });
    return requireDossier(tx, id);
  });
}
