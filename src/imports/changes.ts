import type { Actor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { Table } from '../files/tabular.ts';
import { loadCatalog } from '../values/write.ts';

/** A figure as stored (number, text, or "không áp dụng"). */
export interface FigureState {
  num: number | null;
  txt: string | null;
  na: boolean;
}

/** One figure an upload would change, with its value before and after. */
export interface ValueChange {
  unitCode: string;
  measureId: string;
  period: string;
  /** `framework:code` as typed in the file (or the measure id when the file used it). */
  indicator: string;
  old: FigureState | null;
  new: FigureState;
}

/**
 * Runs `importFn` inside a savepoint of the (rolled-back) preview transaction and says which
 * figures it changed, from what to what: the new values are the history rows the import
 * wrote, the old ones are read from `value_current` after rolling back to the savepoint.
 */
export async function collectValueChanges<T extends { importId: number }>(
  tx: Db,
  table: Table,
  importFn: () => Promise<T>,
): Promise<{ report: T; changes: ValueChange[] }> {
  await tx.exec('SAVEPOINT import_preview');
  const report = await importFn();
  const written = await tx.query<{
    unit_code: string;
    measure_id: string;
    period: string;
    num: number | null;
    txt: string | null;
    na: boolean;
  }>(
    `SELECT unit_code, measure_id, period, num, txt, na FROM value_history
     WHERE import_id = $1 ORDER BY unit_code, period, measure_id`,
    [report.importId],
  );
  await tx.exec('ROLLBACK TO SAVEPOINT import_preview');
  const before = await tx.query<FigureState & { unit_code: string; measure_id: string; period: string }>(
    `SELECT c.unit_code, c.measure_id, c.period, c.num, c.txt, c.na
       FROM value_current c
       JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(unit_code, measure_id, period)
         ON c.unit_code = k.unit_code AND c.measure_id = k.measure_id AND c.period = k.period`,
    [written.map((w) => w.unit_code), written.map((w) => w.measure_id), written.map((w) => w.period)],
  );
  const key = (u: string, m: string, p: string) => `${u}\u0000${m}\u0000${p}`;
  const old = new Map(before.map((b) => [key(b.unit_code, b.measure_id, b.period), b]));
  const typed = await typedIndicators(tx, table);
  const changes = written.map((w): ValueChange => {
    const o = old.get(key(w.unit_code, w.measure_id, w.period));
    return {
      unitCode: w.unit_code,
      measureId: w.measure_id,
      period: w.period,
      indicator: typed.get(`${w.unit_code}\u0000${w.measure_id}`) ?? typed.get(w.measure_id) ?? w.measure_id,
      old: o ? { num: o.num, txt: o.txt, na: o.na } : null,
      new: { num: w.num, txt: w.txt, na: w.na },
    };
  });
  return { report, changes };
}

/**
 * The indicator each (unit, measure) was typed as in the file (`framework:code`); for a
 * measure typed by its id, the first framework indicator reading it.
 */
async function typedIndicators(db: Db, table: Table): Promise<Map<string, string>> {
  const catalog = await loadCatalog(db, []);
  const map = new Map<string, string>();
  for (const [ind, measure] of catalog.indicators)
    if (typeof measure === 'string' && !map.has(measure)) map.set(measure, ind);
  for (const { cells } of table.rows) {
    const ind = (cells.indicator ?? '').trim();
    const measure = catalog.measures.has(ind) ? ind : catalog.indicators.get(ind);
    if (typeof measure === 'string' && ind.includes(':'))
      map.set(`${(cells.unit_code ?? '').trim()}\u0000${measure}`, ind);
  }
  return map;
}

/** Keeps the changes of a staged upload for its paged preview. */
export async function storeChanges(db: Db, importId: number, changes: ValueChange[]): Promise<void> {
  if (changes.length === 0) return;
  const col = <K>(f: (c: ValueChange) => K) => changes.map(f);
  await db.query(
    `INSERT INTO pending_import_changes (import_id, n, unit_code, measure_id, period, indicator, had_old,
       old_num, old_txt, old_na, new_num, new_txt, new_na)
     SELECT $1, n, unit_code, measure_id, period, indicator, had_old, old_num, old_txt, old_na, new_num, new_txt, new_na
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::float8[], $8::text[],
                 $9::boolean[], $10::float8[], $11::text[], $12::boolean[])
       WITH ORDINALITY AS c(unit_code, measure_id, period, indicator, had_old, old_num, old_txt, old_na,
                            new_num, new_txt, new_na, n)`,
    [
      importId,
      col((c) => c.unitCode),
      col((c) => c.measureId),
      col((c) => c.period),
      col((c) => c.indicator),
      col((c) => c.old !== null),
      col((c) => c.old?.num ?? null),
      col((c) => c.old?.txt ?? null),
      col((c) => c.old?.na ?? null),
      col((c) => c.new.num),
      col((c) => c.new.txt),
      col((c) => c.new.na),
    ],
  );
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
 * Reads one page of the figures a staged upload would change (unit, period, figure order).
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
  const total = (
    await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pending_import_changes WHERE import_id = $1',
      [opts.id],
    )
  )[0]!.n;
  const rows = await db.query<{
    unit_code: string;
    unit_name: string | null;
    indicator: string;
    framework_name: string | null;
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
    `SELECT c.unit_code,
            (SELECT u.name FROM units u WHERE u.code = c.unit_code ORDER BY u.valid_to DESC LIMIT 1) AS unit_name,
            c.indicator,
            (SELECT f.name FROM frameworks f WHERE f.id = split_part(c.indicator, ':', 1)
              ORDER BY f.version DESC LIMIT 1) AS framework_name,
            m.name AS measure_name, m.unit AS measure_unit, m.type AS measure_type, c.period, c.had_old,
            c.old_num, c.old_txt, c.old_na, c.new_num, c.new_txt, c.new_na
       FROM pending_import_changes c LEFT JOIN measures m ON m.id = c.measure_id
      WHERE c.import_id = $1 ORDER BY c.n OFFSET $2 LIMIT $3`,
    [opts.id, opts.offset, opts.limit],
  );
  return {
    total,
    offset: opts.offset,
    limit: opts.limit,
    changes: rows.map((r) => ({
      unit_code: r.unit_code,
      unit_name: r.unit_name,
      indicator: r.indicator,
      indicator_code: r.indicator.includes(':')
        ? r.indicator.slice(r.indicator.indexOf(':') + 1)
        : r.indicator,
      framework_name: r.indicator.includes(':') ? r.framework_name : null,
      measure_name: r.measure_name,
      measure_unit: r.measure_unit,
      measure_type: r.measure_type,
      period: r.period,
      old: r.had_old ? { num: r.old_num, txt: r.old_txt, na: r.old_na ?? false } : null,
      new: { num: r.new_num, txt: r.new_txt, na: r.new_na },
    })),
  };
}
