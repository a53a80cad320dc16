/**
 * What the coordination office publishes (công khai): per framework and unit subtree, whether the
 * units' statuses, their criteria statuses and which indicators' figures are public. The nearest
 * setting up the unit tree wins; without one nothing is public.
 */
import { type Actor, requireAbility, requireAbilitySomewhere } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { indicatorsInOrder } from '../engine/framework.ts';
import { AppError } from '../errors.ts';
import { requireFramework } from '../frameworks/store.ts';
import { text } from '../text.ts';
import { requireUnitChain } from '../units/read.ts';

export interface PublicationSetting {
  frameworkId: string;
  unitCode: string;
  publishStatus: boolean;
  publishCriteria: boolean;
  /** Indicator codes whose figures are public. */
  indicators: string[];
  updatedBy: string;
  updatedAt: string;
}

interface SettingRow {
  framework_id: string;
  unit_code: string;
  publish_status: boolean;
  publish_criteria: boolean;
  indicators: string[];
  updated_by: string;
  updated_at: string;
}

const columns =
  'framework_id, unit_code, publish_status, publish_criteria, indicators, updated_by, updated_at::text AS updated_at';

function present(r: SettingRow): PublicationSetting {
  return {
    frameworkId: r.framework_id,
    unitCode: r.unit_code,
    publishStatus: r.publish_status,
    publishCriteria: r.publish_criteria,
    indicators: r.indicators ?? [],
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
}

/** Every publication setting (for the office's settings page). */
export async function listPublications(db: Db, actor: Actor): Promise<PublicationSetting[]> {
  requireAbilitySomewhere(actor, 'publication.manage');
  const rows = await db.query<SettingRow>(
    `SELECT ${columns} FROM publication_settings ORDER BY framework_id, unit_code`,
  );
  return rows.map(present);
}

/**
 * Sets what is public for a framework on a unit's subtree. The indicator codes must belong to the
 * framework's latest version (INVALID_REQUEST naming the unknown code otherwise).
 */
export async function setPublication(
  db: Db,
  actor: Actor,
  opts: {
    frameworkId: string;
    unitCode: string;
    publishStatus: boolean;
    publishCriteria: boolean;
    indicators: string[];
    date: string;
  },
): Promise<PublicationSetting> {
  const fw = await requireFramework(db, opts.frameworkId);
  await requireUnitChain(db, opts.unitCode, opts.date);
  await requireAbility(db, actor, 'publication.manage', {
    unitCode: opts.unitCode,
    frameworkId: opts.frameworkId,
    date: opts.date,
  });
  const known = new Set(indicatorsInOrder(fw.compiled).map((i) => i.code));
  const indicators = [...new Set(opts.indicators)];
  const unknown = indicators.filter((c) => !known.has(c));
  if (unknown.length > 0)
    throw new AppError(
      'INVALID_REQUEST',
      text(`Bộ tiêu chí ${fw.meta.id} không có chỉ tiêu ${unknown.join(', ')}`, `unknown indicator`),
      unknown.map((c) => ({
        field: 'indicators',
        value: c,
        message: text('không có chỉ tiêu này', 'no such indicator'),
      })),
    );
  return db.transaction(async (tx) => {
    const before = (
      await tx.query<SettingRow>(
        `SELECT ${columns} FROM publication_settings WHERE framework_id = $1 AND unit_code = $2 FOR UPDATE`,
        [opts.frameworkId, opts.unitCode],
      )
    )[0];
    const rows = await tx.query<SettingRow>(
      `INSERT INTO publication_settings (framework_id, unit_code, publish_status, publish_criteria, indicators, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (framework_id, unit_code) DO UPDATE SET publish_status = $3, publish_criteria = $4,
         indicators = $5, updated_by = $6, updated_at = now()
       RETURNING ${columns}`,
      [opts.frameworkId, opts.unitCode, opts.publishStatus, opts.publishCriteria, indicators, actor.username],
    );
    await recordEvent(tx, {
      type: 'publication.changed',
      actor,
      unitCode: opts.unitCode,
      data: {
        framework_id: opts.frameworkId,
        publish_status: opts.publishStatus,
        publish_criteria: opts.publishCriteria,
        indicators,
        previous: before
          ? {
              publish_status: before.publish_status,
              publish_criteria: before.publish_criteria,
              indicators: before.indicators,
            }
          : null,
      },
    });
    return present(rows[0]!);
  });
}

/** Removes a subtree's setting (the units fall back to the setting above, or to nothing public). */
export async function removePublication(
  db: Db,
  actor: Actor,
  opts: { frameworkId: string; unitCode: string; date: string },
): Promise<void> {
  await requireAbility(db, actor, 'publication.manage', {
    unitCode: opts.unitCode,
    frameworkId: opts.frameworkId,
    date: opts.date,
  });
  await db.transaction(async (tx) => {
    const gone = await tx.query(
      'DELETE FROM publication_settings WHERE framework_id = $1 AND unit_code = $2 RETURNING 1',
      [opts.frameworkId, opts.unitCode],
    );
    if (gone.length === 0)
      throw new AppError(
        'PUBLICATION_NOT_FOUND',
        text(`Không có thiết lập công khai ${opts.frameworkId} tại ${opts.unitCode}`, `no such setting`),
      );
    await recordEvent(tx, {
      type: 'publication.removed',
      actor,
      unitCode: opts.unitCode,
      data: { framework_id: opts.frameworkId },
    });
  });
}

/**
 * The setting in force for each framework on a unit, given the unit's chain (self first, then its
 * ancestors): the nearest one wins. Unsafe: no access check (public reads call it).
 */
export async function unsafeEffectivePublications(
  db: Db,
  chainCodes: string[],
): Promise<Map<string, PublicationSetting>> {
  const rows = await db.query<SettingRow>(
    `SELECT ${columns} FROM publication_settings WHERE unit_code = ANY($1)`,
    [chainCodes],
  );
  const out = new Map<string, PublicationSetting>();
  for (const code of chainCodes)
    for (const r of rows)
      if (r.unit_code === code && !out.has(r.framework_id)) out.set(r.framework_id, present(r));
  return out;
}
