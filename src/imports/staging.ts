/**
 * Set-wise import of figures. A file is read (in a worker thread when large) into chunks of
 * staging CSV whose rows' own fields are already checked (stage-rows.ts); each chunk is COPYed
 * into `import_chunk`, checked against the database with joins (`checkRows`: the one place for
 * per-row checks that need the database), and moved into the staged rows — `import_rows` for an
 * upload kept for confirmation, a temporary table for a direct import. Problems go to
 * `import_issues`, each naming row, field and reason. Storing is one INSERT … SELECT into the
 * history and one into the current figures (in page ranges on PGlite, whose statements run on
 * the server's own thread, so that it keeps answering). Nothing of a file is held as JS objects.
 */

import { assertStagedNotApproved } from '../approval/locking.ts';
import type { Db } from '../db/database.ts';
import { assertNotLocked, type FigureKey } from '../dossiers/locking.ts';
import { lockedStates } from '../dossiers/states.ts';
import type { InputIssue } from '../errors.ts';
import { readTableFile } from '../files/sheets.ts';
import type { Table } from '../files/tabular.ts';
import { text } from '../text.ts';
import { OPEN_END } from '../units/tree.ts';
import { type FieldCatalog, fieldOrder, rowMessages } from '../values/parse.ts';
import { catalogData, issueColumns, type StagedChunk, stagedColumns, ValueRowStager } from './stage-rows.ts';

/** Above this many changed figures, results are recomputed in full passes instead of live patches. */
export const LIVE_LIMIT = 500;

/** What a write of figures changed. */
export interface StoredChanges {
  count: number;
  periods: string[];
  measures: string[];
  /** The changed keys, when there are at most LIVE_LIMIT of them. */
  keys: Array<{ unitCode: string; measureId: string; period: string }> | null;
}

/** Where a file's checked rows are staged, and what was found so far. */
export interface Staging {
  table: 'import_rows' | 'import_rows_tx';
  /** The pending upload's id in import_rows (0 in the temporary table). */
  batch: number;
  /** Rows read (with text). */
  rows: number;
  /** Staged rows that differ from the current figures (counted only when asked). */
  changed: number;
  /** Lowest line not yet checked against staged issues (chunks arrive in line order). */
  nextLine: number;
}

const tick = () => new Promise<void>((r) => setImmediate(r));

/**
 * Prepares the staging tables in the current transaction: `batch` keeps the rows in import_rows
 * under that id (an upload waiting for confirmation); without it they live in a temporary table
 * dropped at commit.
 */
export async function openStaging(tx: Db, opts: { batch?: number } = {}): Promise<Staging> {
  await tx.exec(`
    CREATE TEMP TABLE IF NOT EXISTS import_chunk (
      line integer, unit_code text, indicator text, measure_id text, period text, p_start date, p_end date,
      num double precision, txt text, na boolean, note text
    ) ON COMMIT DROP;
    CREATE TEMP TABLE IF NOT EXISTS import_issues (
      line integer, ord smallint, field text, value text, vi text, en text
    ) ON COMMIT DROP;
    CREATE INDEX IF NOT EXISTS import_issues_line ON import_issues (line);
    TRUNCATE import_chunk, import_issues;`);
  if (opts.batch === undefined)
    await tx.exec(`CREATE TEMP TABLE IF NOT EXISTS import_rows_tx (LIKE import_rows INCLUDING INDEXES) ON COMMIT DROP;
      TRUNCATE import_rows_tx;`);
  return {
    table: opts.batch === undefined ? 'import_rows_tx' : 'import_rows',
    batch: opts.batch ?? 0,
    rows: 0,
    changed: 0,
    nextLine: 0,
  };
}

/** A staged row whose figure is exactly the current one (value, n/a flag and note). */
const sameAsCurrent = (t: string) => `EXISTS (SELECT 1 FROM value_current c
  WHERE c.period = ${t}.period AND c.unit_code = ${t}.unit_code AND c.measure_id = ${t}.measure_id
    AND c.num IS NOT DISTINCT FROM ${t}.num AND c.txt IS NOT DISTINCT FROM ${t}.txt AND c.na = ${t}.na
    AND c.note IS NOT DISTINCT FROM ${t}.note)`;

/**
 * The checks of rows that need the database, one INSERT … SELECT into import_issues each, over
 * `rel` (alias t) restricted by `where`: the unit exists, it exists during the period, the
 * measure exists. New per-row checks of imported figures belong here.
 */
async function checkRows(tx: Db, rel: string, where: string, params: unknown[]): Promise<void> {
  const n = params.length;
  const unknownUnit = rowMessages.unknownUnit;
  // The unit's validity intervals, written as checkValues writes them (… for an open end).
  const from = `CASE WHEN u.valid_from < '0002-01-01' THEN '…' ELSE u.valid_from::text END`;
  const to = `CASE WHEN u.valid_to = '${OPEN_END}' THEN '…' ELSE u.valid_to::text END`;
  const [before, middle, after] = rowMessages.unitNotInPeriod('§P', '§S').split(/§P|§S/) as [
    string,
    string,
    string,
  ];
  // One probe per row for the rows that are fine; the others are told apart afterwards.
  await tx.query(
    `INSERT INTO import_issues (line, ord, field, value, vi, en)
     SELECT b.line, ${fieldOrder.unit_code}, 'unit_code', b.unit_code,
       CASE WHEN b.spans IS NULL THEN $${n + 1} ELSE $${n + 3} || b.period || $${n + 4} || b.spans || $${n + 5} END,
       CASE WHEN b.spans IS NULL THEN $${n + 2} END
     FROM (
       SELECT t.line, t.unit_code, t.period,
         (SELECT string_agg(${from} || ' – ' || ${to}, '; ' ORDER BY u.valid_from) FROM units u
           WHERE u.code = t.unit_code) AS spans
       FROM ${rel} t
       WHERE ${where} AND NOT EXISTS (SELECT 1 FROM units u WHERE u.code = t.unit_code
         AND (t.p_start IS NULL OR (u.valid_from <= t.p_end AND u.valid_to >= t.p_start)))
     ) b`,
    [...params, unknownUnit.vi, unknownUnit.en, before, middle, after],
  );
  const unknownMeasure = text('không còn số liệu với mã này', 'measure no longer exists');
  await tx.query(
    `INSERT INTO import_issues (line, ord, field, value, vi, en)
     SELECT t.line, ${fieldOrder.indicator}, 'indicator', t.indicator, $${n + 1}, $${n + 2} FROM ${rel} t
     WHERE ${where} AND t.measure_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM measures m WHERE m.id = t.measure_id)`,
    [...params, unknownMeasure.vi, unknownMeasure.en],
  );
}

/**
 * Stages one chunk: its problems are recorded, its rows checked (checkRows), rows with a problem
 * or repeating an earlier row's figure dropped (a duplicate is named), the rest moved to the
 * staged rows.
 */
export async function stageChunk(
  tx: Db,
  s: Staging,
  chunk: StagedChunk,
  opts: { countChanges?: boolean } = {},
): Promise<void> {
  s.rows += chunk.count;
  if (chunk.issues) await tx.copyFrom('import_issues', [...issueColumns], chunk.issues);
  if (!chunk.rows) return;
  // On PGlite every statement runs on the server's thread: the event loop is served between them.
  await tx.exec('TRUNCATE import_chunk');
  await tx.copyFrom('import_chunk', [...stagedColumns], chunk.rows);
  await tick();
  await checkRows(tx, 'import_chunk', 'true', []);
  await tick();
  const lo = s.nextLine;
  await tx.query(
    `DELETE FROM import_chunk t WHERE EXISTS (SELECT 1 FROM import_issues i WHERE i.line = t.line AND i.line >= $1)`,
    [lo],
  );
  if (opts.countChanges) {
    await tick();
    s.changed += (
      await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM import_chunk t WHERE NOT ${sameAsCurrent('t')}`,
      )
    )[0]!.n;
  }
  // Moved in line order (the chunk was copied in line order, so its pages are too): of a figure
  // given twice (here or in an earlier chunk) the first row is kept and the later one named.
  let moved = 0;
  let total = 0;
  await inPageRanges(
    tx,
    'import_chunk',
    't',
    async (range) => {
      const r = (
        await tx.query<{ n: number; total: number }>(
          `WITH ins AS (
             INSERT INTO ${s.table} (batch, ${stagedColumns.join(', ')})
             SELECT $1, ${stagedColumns.join(', ')} FROM import_chunk t WHERE ${range} ORDER BY line
             ON CONFLICT (batch, unit_code, period, measure_id) DO NOTHING RETURNING 1
           )
           SELECT (SELECT count(*)::int FROM ins) AS n,
             (SELECT count(*)::int FROM import_chunk t WHERE ${range}) AS total`,
          [s.batch],
        )
      )[0]!;
      moved += r.n;
      total += r.total;
    },
    WRITE_PAGES,
  );
  if (moved < total) {
    const dup = rowMessages.duplicate('§');
    const [before, after] = dup.vi.split('§') as [string, string];
    await tx.query(
      `INSERT INTO import_issues (line, ord, field, value, vi, en)
       SELECT t.line, ${fieldOrder.duplicate}, 'indicator', t.indicator, $2 || s.line || $3, $4
       FROM import_chunk t JOIN ${s.table} s ON s.batch = $1 AND s.unit_code = t.unit_code
         AND s.period = t.period AND s.measure_id = t.measure_id
       WHERE s.line <> t.line`,
      [s.batch, before, after, dup.en],
    );
  }
  s.nextLine = (
    await tx.query<{ m: number }>('SELECT coalesce(max(line), 0) + 1 AS m FROM import_chunk')
  )[0]!.m;
}

/**
 * Reads a values file into the staging tables (in a worker thread when large). Returns the
 * header and whether it has the plain columns; when it does not, nothing was staged.
 */
export async function stageFile(
  tx: Db,
  s: Staging,
  opts: { bytes: Buffer; fileName: string; catalog: FieldCatalog; countChanges?: boolean },
): Promise<{ header: string[] | null; plain: boolean }> {
  let header: string[] | null = null;
  let plain = false;
  await readTableFile(opts.bytes, opts.fileName, { stageValues: catalogData(opts.catalog) }, async (m) => {
    if (m.type === 'header') {
      header = m.header;
      plain = m.plain;
    } else if (m.type === 'staged') {
      await stageChunk(tx, s, m, opts);
      await tick();
    }
  });
  return { header, plain };
}

/** Stages a table already read (the values template, the demo, tests) like a file. */
export async function stageTable(
  tx: Db,
  s: Staging,
  opts: { table: Table; catalog: FieldCatalog; countChanges?: boolean },
): Promise<boolean> {
  const stager = new ValueRowStager(opts.catalog);
  if (!stager.header(opts.table.header)) return false;
  const columns = opts.table.header;
  for (const row of opts.table.rows) {
    const chunk = stager.add(
      row.line,
      columns.map((c) => row.cells[c] ?? ''),
    );
    if (chunk) {
      await stageChunk(tx, s, chunk, opts);
      await tick();
    }
  }
  const last = stager.flush();
  if (last) await stageChunk(tx, s, last, opts);
  return true;
}

/** At most this many problems are listed (the counts are always complete). */
export const MAX_ISSUES = 1000;

/** The problems found: counts, and the first MAX_ISSUES in row order. */
export async function stagedIssues(tx: Db): Promise<{ count: number; lines: number; first: InputIssue[] }> {
  const counts = (
    await tx.query<{ count: number; lines: number }>(
      'SELECT count(*)::int AS count, count(DISTINCT line)::int AS lines FROM import_issues',
    )
  )[0]!;
  if (counts.count === 0) return { ...counts, first: [] };
  const rows = await tx.query<{ line: number; field: string; value: string; vi: string; en: string | null }>(
    `SELECT line, field, value, vi, en FROM import_issues ORDER BY line, ord LIMIT ${MAX_ISSUES}`,
  );
  return {
    ...counts,
    first: rows.map((r) => ({
      line: r.line,
      field: r.field,
      value: r.value ?? '',
      message: r.en === null ? r.vi : text(r.vi, r.en),
    })),
  };
}

/**
 * Checks staged rows again against today's units and measures (an upload confirmed later):
 * problems go to import_issues (see stagedIssues).
 */
export async function recheckStaged(tx: Db, s: Staging): Promise<void> {
  await tx.exec('TRUNCATE import_issues');
  await inPageRanges(tx, s.table, 't', (range) =>
    checkRows(tx, s.table, `t.batch = $1 AND ${range}`, [s.batch]),
  );
}

/** The units of the staged rows (for the permission check). */
export async function stagedUnits(tx: Db, s: Staging): Promise<string[]> {
  const units = new Set<string>();
  await inPageRanges(tx, s.table, 'r', async (range) => {
    const rows = await tx.query<{ unit_code: string }>(
      `SELECT DISTINCT unit_code FROM ${s.table} r WHERE r.batch = $1 AND ${range}`,
      [s.batch],
    );
    for (const r of rows) units.add(r.unit_code);
  });
  return [...units];
}

/** The one unit of the staged rows, or null when there are several (read from the key's index). */
export async function stagedSingleUnit(tx: Db, s: Staging): Promise<string | null> {
  const r = (
    await tx.query<{ lo: string | null; hi: string | null }>(
      `SELECT min(unit_code) AS lo, max(unit_code) AS hi FROM ${s.table} WHERE batch = $1`,
      [s.batch],
    )
  )[0]!;
  return r.lo !== null && r.lo === r.hi ? r.lo : null;
}

/** Refuses (DOSSIER_LOCKED) when a staged figure changes one a submitted dossier relies on. */
export async function assertStagedNotLocked(tx: Db, s: Staging): Promise<void> {
  const rows = await tx.query<{
    unit_code: string;
    measure_id: string;
    period: string;
    num: number | null;
    txt: string | null;
    na: boolean;
    note: string | null;
  }>(
    `SELECT r.unit_code, r.measure_id, r.period, r.num, r.txt, r.na, r.note
     FROM (SELECT DISTINCT unit_code, round FROM dossiers WHERE state = ANY($2)) d
     JOIN ${s.table} r ON r.batch = $1 AND r.unit_code = d.unit_code AND r.period = d.round`,
    [s.batch, [...lockedStates]],
  );
  const figures: FigureKey[] = rows.map((r) => ({
    unitCode: r.unit_code,
    measureId: r.measure_id,
    period: r.period,
    cell: { num: r.num, txt: r.txt, na: r.na },
    note: r.note,
  }));
  await assertNotLocked(tx, figures);
  // Approved routine figures are locked too (src/approval/).
  await assertStagedNotApproved(tx, s.table, s.batch);
}

/** Pages of the staged table per reading statement on PGlite (about 2,500 rows, well under 0.1 s: the server keeps answering). */
const PAGES = 32;
/**
 * Pages per writing statement on PGlite (about 600 rows): storing a range writes two indexed
 * tables, and staging one keeps a unique index, several times the cost of reading it.
 */
const WRITE_PAGES = 8;

/**
 * Runs `fn` with a predicate on `alias`'s row position covering the whole table: in ranges of
 * `pages` pages on PGlite (each statement short, the event loop served in between), at once on
 * PostgreSQL.
 */
async function inPageRanges(
  tx: Db,
  table: string,
  alias: string,
  fn: (where: string) => Promise<void>,
  pages = PAGES,
): Promise<void> {
  if (tx.kind !== 'pglite') return fn('true');
  const size = (
    await tx.query<{ n: number }>(
      `SELECT (pg_relation_size('${table}') / current_setting('block_size')::int)::int AS n`,
    )
  )[0]!.n;
  for (let p = 0; p <= size; p += pages) {
    const upper = p + pages > size ? '' : ` AND ${alias}.ctid < '(${p + pages},0)'::tid`;
    await fn(`${alias}.ctid >= '(${p},0)'::tid${upper}`);
    await tick();
  }
}

/**
 * Stores the staged figures: those that differ from the current ones go to the append-only
 * history (with the import's id) and become current. Refused first, with nothing written, when
 * a submitted dossier relies on one of them. Says what changed. Must run in a transaction.
 */
export async function storeStaged(
  tx: Db,
  s: Staging,
  meta: { actor: string; source: string; importId: number | null },
): Promise<StoredChanges> {
  await assertStagedNotLocked(tx, s);
  let count = 0;
  const periods = new Set<string>();
  const measures = new Set<string>();
  // The changed keys, while there are few enough for live patches.
  let keys: Array<{ unitCode: string; measureId: string; period: string }> | null = [];
  await inPageRanges(
    tx,
    s.table,
    'r',
    async (range) => {
      // The figures that differ from the current ones become current; those written go to the history.
      const r = (
        await tx.query<{
          n: number;
          periods: string[] | null;
          measures: string[] | null;
          keys: string | null;
        }>(
          `WITH up AS (
           INSERT INTO value_current AS c (period, unit_code, measure_id, num, txt, na, note, source, actor, changed_at)
           SELECT r.period, r.unit_code, r.measure_id, r.num, r.txt, r.na, r.note, $2, $3, now()
           FROM ${s.table} r WHERE r.batch = $1 AND ${range}
           ON CONFLICT (period, unit_code, measure_id) DO UPDATE SET num = EXCLUDED.num, txt = EXCLUDED.txt,
             na = EXCLUDED.na, note = EXCLUDED.note, source = EXCLUDED.source, actor = EXCLUDED.actor,
             changed_at = EXCLUDED.changed_at
           WHERE (c.num, c.txt, c.na, c.note) IS DISTINCT FROM (EXCLUDED.num, EXCLUDED.txt, EXCLUDED.na, EXCLUDED.note)
           RETURNING c.period, c.unit_code, c.measure_id, c.num, c.txt, c.na, c.note
         ), ins AS (
           INSERT INTO value_history (period, unit_code, measure_id, num, txt, na, note, source, actor, import_id)
           SELECT period, unit_code, measure_id, num, txt, na, note, $2, $3, $4 FROM up
           RETURNING period, measure_id
         )
         SELECT (SELECT count(*)::int FROM ins) AS n,
                (SELECT array_agg(period) FROM (SELECT DISTINCT period FROM ins) p) AS periods,
                (SELECT array_agg(measure_id) FROM (SELECT DISTINCT measure_id FROM ins) m) AS measures,
                (SELECT json_agg(json_build_array(unit_code, measure_id, period))
                 FROM (SELECT unit_code, measure_id, period FROM up LIMIT $5) k)::text AS keys`,
          [s.batch, meta.source, meta.actor, meta.importId, LIVE_LIMIT + 1],
        )
      )[0]!;
      count += r.n;
      for (const p of r.periods ?? []) periods.add(p);
      for (const m of r.measures ?? []) measures.add(m);
      if (keys && count <= LIVE_LIMIT)
        for (const [unitCode, measureId, period] of JSON.parse(r.keys ?? '[]') as Array<
          [string, string, string]
        >)
          keys.push({ unitCode, measureId, period });
      else keys = null;
    },
    WRITE_PAGES,
  );
  await analyzeAfter(tx, count);
  return { count, periods: [...periods], measures: [...measures], keys };
}

/** Changed figures from which PGlite's statistics of the current figures are refreshed. */
const ANALYZE_FROM = 10_000;

/**
 * Refreshes the planner's statistics of the current figures after a write of `count` of them.
 * PostgreSQL: after any (its autovacuum cannot see them before the commit). PGlite, where nothing
 * else ever analyzes but the statement blocks the server's thread: after a large write only, and
 * from a smaller sample (3,000 rows instead of 30,000: the counts and common values the plans of
 * indexed lookups need).
 */
async function analyzeAfter(tx: Db, count: number): Promise<void> {
  if (count === 0) return;
  if (tx.kind !== 'pglite') return tx.exec('ANALYZE value_current');
  if (count < ANALYZE_FROM) return;
  await tx.exec('SET LOCAL default_statistics_target = 10');
  await tick();
  await tx.exec('ANALYZE value_current');
  await tx.exec('RESET default_statistics_target');
}

/**
 * Drops uploads' staged rows (committed or expired). On PGlite, where nothing vacuums and every
 * statement runs on the server's thread, the table is emptied at once (TRUNCATE) when no other
 * upload keeps rows — PGlite runs one transaction at a time, so none is being staged meanwhile —
 * and otherwise deleted in page ranges.
 */
export async function dropStaged(db: Db, batches: number[]): Promise<void> {
  if (batches.length === 0) return;
  if (db.kind === 'pglite') {
    const others = await db.query(
      'SELECT 1 FROM pending_imports WHERE staged AND NOT (id = ANY($1)) LIMIT 1',
      [batches],
    );
    if (others.length === 0) {
      await db.exec('TRUNCATE import_rows');
      return;
    }
  }
  await inPageRanges(db, 'import_rows', 'r', async (range) => {
    await db.query(`DELETE FROM import_rows r WHERE r.batch = ANY($1) AND ${range}`, [batches]);
  });
}
