import type { Actor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { loadCatalog } from '../values/write.ts';

/** A figure as stored (number, text, or "không áp dụng"). */
export interface FigureState {
  num: number | null;
  txt: string | null;
  na: boolean;
}

/** A page of the preview's changes, as shown to people. */
export interface ChangesPage {
  total: number;
  offset: number;
  limit: number;
  changes: Array<{
    unit_code: string;
    unit_name: string | null;
    indicator: string;
    indicator_code: string;
    framework_name: string | null;
    measure_name: string | null;
    measure_unit: string | null;
    measure_type: string | null;
    period: string;
    old: FigureState | null;
    new: FigureState;
  }>;
}

/**
 * Reads one page of the figures a staged upload would change (unit, period, figure order), from
 * its staged rows against today's figures; `total` is the count found when it was uploaded.
 * Only the person who uploaded the file sees its preview (IMPORT_NOT_FOUND for anyone else).
 */
export async function listImportChanges(
  db: Db,
  opts: { id: number; offset: number; limit: number; actor: Actor },
): Promise<ChangesPage> {
  const owner = (
    await db.query<{ actor: string }>('SELECT actor FROM pending_imports WHERE id = $1', [opts.id])
  )[0];
  if (!owner || owner.actor !== opts.actor.username)
    throw new AppError('IMPORT_NOT_FOUND', `Không có tệp chờ nhập số ${opts.id}`);
  const total =
    (
      await db.query<{ n: number }>(
        `SELECT coalesce((preview->>'changed')::int, 0) AS n FROM pending_imports WHERE id = $1 AND committed_at IS NULL`,
        [opts.id],
      )
    )[0]?.n ?? 0;
  // The staged rows that differ from the current figures, in unit, period, figure order (the
  // order of import_rows_key), each with the current figure as "old".
  const rows = await db.query<{
    unit_code: string;
    unit_name: string | null;
    indicator: string;
    measure_id: string;
    measure_name: string | null;
    measure_unit: string | null;
    measure_type: string | null;
    period: string;
    had_old: boolean;
    old_num: number | null;
    old_txt: string | null;
    old_na: boolean | null;
    new_num: number | null;
    new_txt: string | null;
    new_na: boolean;
  }>(
    `SELECT r.unit_code,
            (SELECT u.name FROM units u WHERE u.code = r.unit_code ORDER BY u.valid_to DESC LIMIT 1) AS unit_name,
            r.indicator, r.measure_id,
            m.name AS measure_name, m.unit AS measure_unit, m.type AS measure_type, r.period,
            c.period IS NOT NULL AS had_old, c.num AS old_num, c.txt AS old_txt, c.na AS old_na,
            r.num AS new_num, r.txt AS new_txt, r.na AS new_na
       FROM import_rows r
       LEFT JOIN value_current c ON c.period = r.period AND c.unit_code = r.unit_code AND c.measure_id = r.measure_id
       LEFT JOIN measures m ON m.id = r.measure_id
      WHERE r.batch = $1
        AND (c.period IS NULL OR (c.num, c.txt, c.na, c.note) IS DISTINCT FROM (r.num, r.txt, r.na, r.note))
      ORDER BY r.batch, r.unit_code, r.period, r.measure_id OFFSET $2 LIMIT $3`,
    [opts.id, opts.offset, opts.limit],
  );
  // A figure typed by its measure id is shown as the first framework indicator reading it.
  const byMeasure = new Map<string, string>();
  if (rows.some((r) => !r.indicator.includes(':')))
    for (const [ind, measure] of (await loadCatalog(db, [])).indicators)
      if (typeof measure === 'string' && !byMeasure.has(measure)) byMeasure.set(measure, ind);
  const shown = (r: { indicator: string; measure_id: string }) =>
    r.indicator.includes(':') ? r.indicator : (byMeasure.get(r.measure_id) ?? r.indicator);
  const frameworkIds = [...new Set(rows.map((r) => shown(r).split(':')[0]!))];
  const frameworkNames = new Map(
    (
      await db.query<{ id: string; name: string }>(
        'SELECT DISTINCT ON (id) id, name FROM frameworks WHERE id = ANY($1) ORDER BY id, version DESC',
        [frameworkIds],
      )
    ).map((f) => [f.id, f.name]),
  );
  return {
    total,
    offset: opts.offset,
    limit: opts.limit,
    changes: rows.map((r) => ({
      unit_code: r.unit_code,
      unit_name: r.unit_name,
      indicator: shown(r),
      indicator_code: shown(r).includes(':') ? shown(r).slice(shown(r).indexOf(':') + 1) : shown(r),
      framework_name: shown(r).includes(':') ? (frameworkNames.get(shown(r).split(':')[0]!) ?? null) : null,
      measure_name: r.measure_name,
      measure_unit: r.measure_unit,
      measure_type: r.measure_type,
      period: r.period,
      old: r.had_old ? { num: r.old_num, txt: r.old_txt, na: r.old_na ?? false } : null,
      new: { num: r.new_num, txt: r.new_txt, na: r.new_na },
    })),
  };
}
