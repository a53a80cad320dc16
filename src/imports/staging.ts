/**
 * Set-wise import of figures. A file is read (in a worker thread when large) into chunks of
 * staging CSV whose rows' own fields are already checked, repeats included (stage-rows.ts); each
 * chunk is COPYed as it comes: good rows into the staged table `import_rows_tx`, rows with a
 * problem into `import_held`, problems into `import_issues`, each naming row, field and reason.
 * Once the file is read, `checkStaged` checks every row against the database with joins
 * (`checkRows`: the one place for per-row checks that need the database) and moves an upload's
 * rows into `import_rows`, where they wait for confirmation. Storing is one statement writing
 * the current figures, the values they replace going to the history by value_current's trigger
 * (in page ranges on PGlite, whose statements run on the
 * server's own thread, so that it keeps answering). Nothing of a file is held as JS objects.
 */

import { assertStagedNotApproved } from '../approval/locking.ts';
import type { Db } from '../db/database.ts';
import { assertNotLocked, type FigureKey } from '../dossiers/locking.ts';
import { lockedStates } from '../dossiers/states.ts';
import { AppError, type InputIssue } from '../errors.ts';
import type { ValueKey } from '../evaluations/live.ts';
import { findColumns } from '../files/columns.ts';
import { readTableFile } from '../files/sheets.ts';
import type { Table } from '../files/tabular.ts';
import { text } from '../text.ts';
import { OPEN_END } from '../units/tree.ts';
import { type FieldCatalog, fieldOrder, rowMessages } from '../values/parse.ts';
import {
  catalogData,
  issueColumns,
  type StagedChunk,
  stagedColumns,
  type ValueColumn,
  type ValueHeaders,
  ValueRowStager,
  valueColumns,
} from './stage-rows.ts';

/** Above this many changed figures, results are recomputed in full passes instead of live patches. */
export const LIVE_LIMIT = 500;

/** What a write of figures changed. */
export interface StoredChanges {
  count: number;
  periods: string[];
  measures: string[];
  /** The changed keys, when there are at most LIVE_LIMIT of them (with the cell written, when known). */
  keys: ValueKey[] | null;
}

/** Where a file's checked rows are staged, and what was found so far. */
export interface Staging {
  /** Where the checked rows are: import_rows for an upload kept for confirmation (once checked). */
  table: 'import_rows' | 'import_rows_tx';
  /** The pending upload's id in import_rows (0 in the temporary table). */
  batch: number;
  /** Rows read (with text). */
  rows: number;
  /** Staged rows that differ from the current figures (counted only when asked). */
  changed: number;
  /** The header each value column was found under in the file, to name it in problems. */
  headers: ValueHeaders;
  /** The periods of the staged rows, when they were staged from a file here (null: unknown). */
  periods: Set<string> | null;
}

/** The temporary table a file's good rows are COPYed into (batch 0), before the checks. */
const STAGE = 'import_rows_tx';

export const tick = () => new Promise<void>((r) => setImmediate(r));

/**
 * Prepares the staging tables in the current transaction: `batch` keeps the rows in import_rows
 * under that id once checked (an upload waiting for confirmation); without it they stay in the
 * temporary table, dropped at commit. The temporary tables have no index: COPY goes at full
 * speed, repeats are found as the file is read.
 */
export async function openStaging(tx: Db, opts: { batch?: number } = {}): Promise<Staging> {
  await tx.exec(`
    CREATE TEMP TABLE IF NOT EXISTS import_held (
      line integer, unit_code text, indicator text, measure_id text, period text, p_start date, p_end date,
      num double precision, txt text, na boolean, note text
    ) ON COMMIT DROP;
    CREATE TEMP TABLE IF NOT EXISTS import_issues (
      line integer, ord smallint, field text, value text, vi text, en text
    ) ON COMMIT DROP;
    CREATE INDEX IF NOT EXISTS import_issues_line ON import_issues (line);
    CREATE TEMP TABLE IF NOT EXISTS ${STAGE} (LIKE import_rows) ON COMMIT DROP;
    ALTER TABLE ${STAGE} ALTER COLUMN batch SET DEFAULT 0;
    TRUNCATE import_held, import_issues, ${STAGE};`);
  return {
    table: opts.batch === undefined ? STAGE : 'import_rows',
    batch: opts.batch ?? 0,
    rows: 0,
    changed: 0,
    headers: {},
    periods: null,
  };
}

/** A staged row whose figure is exactly the current one (value, n/a flag and note). */
const sameAsCurrent = (t: string) => `EXISTS (SELECT 1 FROM value_current c
  WHERE c.period = ${t}.period AND c.unit_code = ${t}.unit_code AND c.measure_id = ${t}.measure_id
    AND c.num IS NOT DISTINCT FROM ${t}.num AND c.txt IS NOT DISTINCT FROM ${t}.txt AND c.na = ${t}.na
    AND c.note IS NOT DISTINCT FROM ${t}.note)`;

/**
 * A row of `t` (unit_code, p_start, p_end) whose unit does not exist, or not during the period:
 * the one test of a figure's unit, for staged rows and a directly stored file's keys alike.
 */
export const unitMissing = (t: string) => `NOT EXISTS (SELECT 1 FROM units u WHERE u.code = ${t}.unit_code
  AND (${t}.p_start IS NULL OR (u.valid_from <= ${t}.p_end AND u.valid_to >= ${t}.p_start)))`;

/** A row of `t` whose measure (measure_id) no longer exists. */
export const measureMissing = (t: string) =>
  `${t}.measure_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM measures m WHERE m.id = ${t}.measure_id)`;

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
  // One probe per row for the rows that are fine (cheaper than grouping them first, measured on
  // PGlite); the others are told apart afterwards.
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
       WHERE ${where} AND ${unitMissing('t')}
     ) b`,
    [...params, unknownUnit.vi, unknownUnit.en, before, middle, after],
  );
  const unknownMeasure = text('không còn số liệu với mã này', 'measure no longer exists');
  await tx.query(
    `INSERT INTO import_issues (line, ord, field, value, vi, en)
     SELECT t.line, ${fieldOrder.indicator}, 'indicator', t.indicator, $${n + 1}, $${n + 2} FROM ${rel} t
     WHERE ${where} AND ${measureMissing('t')}`,
    [...params, unknownMeasure.vi, unknownMeasure.en],
  );
}

/** Stages one chunk as read: its good rows, the rows with a problem and the problems, by COPY. */
export async function stageChunk(tx: Db, s: Staging, chunk: StagedChunk): Promise<void> {
  s.rows += chunk.count;
  s.periods ??= new Set();
  for (const p of chunk.periods) s.periods.add(p);
  if (chunk.issues) await tx.copyFrom('import_issues', [...issueColumns], chunk.issues);
  if (chunk.held) await tx.copyFrom('import_held', [...stagedColumns], chunk.held);
  if (chunk.rows) await tx.copyFrom(STAGE, [...stagedColumns], chunk.rows);
}

/**
 * Once a file is staged: checks every row against the database (checkRows, over the good rows
 * and the held ones); a repeated figure whose unit is refused is named for its unit only (its
 * first row is refused too), as a repeat of a refused row is no repeat. When no problem was
 * found: `countChanges` counts the rows that differ from the current figures (the preview), and
 * an upload's rows move into import_rows under its batch.
 */
export async function checkStaged(tx: Db, s: Staging, opts: { countChanges?: boolean } = {}): Promise<void> {
  // Temporary tables are never analysed by themselves: without it the planner guesses the joins
  // below. From a smaller sample (3,000 rows: on PGlite one statement on the server's thread took
  // 0.8 s for a million rows at the default target; the joins' plans are the same).
  await tx.exec('SET LOCAL default_statistics_target = 10');
  await tx.exec(`ANALYZE ${STAGE}`);
  await tx.exec('RESET default_statistics_target');
  await checkRows(tx, 'import_held', 'true', []);
  await inPageRanges(tx, STAGE, 't', (range) => checkRows(tx, STAGE, range, []), { pages: CHECK_PAGES });
  const [issues] = await tx.query<{ found: boolean }>('SELECT EXISTS (SELECT 1 FROM import_issues) AS found');
  if (issues!.found) {
    await tx.query(
      `DELETE FROM import_issues d WHERE d.ord = $1
         AND EXISTS (SELECT 1 FROM import_issues u WHERE u.line = d.line AND u.field = 'unit_code')`,
      [fieldOrder.duplicate],
    );
    return;
  }
  if (opts.countChanges) {
    s.changed = 0;
    await inPageRanges(
      tx,
      STAGE,
      't',
      async (range) => {
        s.changed += (
          await tx.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM ${STAGE} t WHERE ${range} AND NOT ${sameAsCurrent('t')}`,
          )
        )[0]!.n;
      },
      { lookups: true },
    );
  }
  if (s.table === STAGE) return;
  const columns = stagedColumns.join(', ');
  await inPageRanges(tx, STAGE, 't', async (range) => {
    await tx.query(
      `INSERT INTO ${s.table} (batch, ${columns}) SELECT $1, ${columns} FROM ${STAGE} t WHERE ${range}`,
      [s.batch],
    );
  });
}

/**
 * Reads a values file into the staging tables (in a worker thread when large). Returns the
 * header and whether it has the plain columns; when it does not, nothing was staged.
 */
export async function stageFile(
  tx: Db,
  s: Staging,
  opts: { bytes: Buffer; fileName: string; catalog: FieldCatalog },
): Promise<{ header: string[] | null; plain: boolean }> {
  let header: string[] | null = null;
  let plain = false;
  await readTableFile(opts.bytes, opts.fileName, { stageValues: catalogData(opts.catalog) }, async (m) => {
    if (m.type === 'header') {
      header = m.header;
      plain = m.plain;
      if (plain) s.headers = findColumns(m.header, valueColumns).headers;
    } else if (m.type === 'staged') {
      await stageChunk(tx, s, m);
      await tick();
    }
  });
  return { header, plain };
}

/** Stages a table already read (the values template, the demo, tests) like a file. */
export async function stageTable(
  tx: Db,
  s: Staging,
  opts: { table: Table; catalog: FieldCatalog },
): Promise<boolean> {
  const stager = new ValueRowStager(opts.catalog);
  if (!stager.header(opts.table.header)) return false;
  s.headers = { ...stager.found!.headers, ...(opts.table.shownAs as ValueHeaders | undefined) };
  const columns = opts.table.header;
  for (const row of opts.table.rows) {
    const chunk = stager.add(
      row.line,
      columns.map((c) => row.cells[c] ?? ''),
    );
    if (chunk) {
      await stageChunk(tx, s, chunk);
      await tick();
    }
  }
  const last = stager.flush();
  if (last) await stageChunk(tx, s, last);
  return true;
}

/** At most this many problems are listed (the counts are always complete). */
export const MAX_ISSUES = 1000;

/**
 * The problems found: counts, and the first MAX_ISSUES in row order, each naming its column as
 * the file does (`s.headers`).
 */
export async function stagedIssues(
  tx: Db,
  s: Pick<Staging, 'headers'>,
): Promise<{ count: number; lines: number; first: InputIssue[] }> {
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
      // As the file names the column, else (a file read before headers were kept) its Vietnamese name.
      field:
        s.headers[r.field as ValueColumn] ?? valueColumns.find((c) => c.key === r.field)?.label ?? r.field,
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
  await inPageRanges(
    tx,
    s.table,
    't',
    (range) => checkRows(tx, s.table, `t.batch = $1 AND ${range}`, [s.batch]),
    { pages: CHECK_PAGES },
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

/** The one unit of the staged rows, or null when there are several (stops at the first other unit). */
export async function stagedSingleUnit(tx: Db, s: Staging): Promise<string | null> {
  const r = (
    await tx.query<{ one: string | null; other: boolean }>(
      `WITH one AS (SELECT unit_code FROM ${s.table} WHERE batch = $1 LIMIT 1)
       SELECT (SELECT unit_code FROM one) AS one,
         EXISTS (SELECT 1 FROM ${s.table} WHERE batch = $1 AND unit_code <> (SELECT unit_code FROM one)) AS other`,
      [s.batch],
    )
  )[0]!;
  return r.other ? null : r.one;
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

/**
 * Pages of the staged table per statement on PGlite, so that the server keeps answering between
 * statements: writing figures, ~100 rows a page, about 2,400 rows (~40 ms; a 1,000,000-row
 * commit keeps /api/health's p99 at 140–165 ms, `npm run bench:uploads`; 32 pages gave 192 ms);
 * the checks, which read a page for a fraction of that, 256.
 */
const PAGES = 24;
const CHECK_PAGES = 256;

/**
 * Runs `fn` with a predicate on `alias`'s row position covering the whole table: in ranges of
 * `pages` on PGlite (each statement short, the event loop served in between), at once on
 * PostgreSQL. With `lookups` (in a transaction, for joins with value_current), PGlite's planner
 * is kept to index lookups in each range: seeing a few thousand staged rows, it would otherwise
 * hash the whole of value_current once per range — a table the store's ranges themselves grow,
 * so a first import into empty tables cost time growing with the square of its rows (300,000
 * figures: 11.6 s stored instead of 4.0 s). The checks' joins with units and measures (small
 * tables) are faster hashed.
 */
async function inPageRanges(
  tx: Db,
  table: string,
  alias: string,
  fn: (where: string) => Promise<void>,
  opts: { pages?: number; lookups?: boolean } = {},
): Promise<void> {
  if (tx.kind !== 'pglite') return fn('true');
  const step = opts.pages ?? PAGES;
  const lookups = opts.lookups ?? false;
  const pages = (
    await tx.query<{ n: number }>(
      `SELECT (pg_relation_size('${table}') / current_setting('block_size')::int)::int AS n`,
    )
  )[0]!.n;
  // Not reset on an error: the transaction's rollback undoes SET LOCAL.
  if (lookups) await tx.exec('SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off');
  for (let p = 0; p <= pages; p += step) {
    const upper = p + step > pages ? '' : ` AND ${alias}.ctid < '(${p + step},0)'::tid`;
    await fn(`${alias}.ctid >= '(${p},0)'::tid${upper}`);
    await tick();
  }
  if (lookups) await tx.exec('RESET enable_hashjoin; RESET enable_mergejoin');
}

/**
 * Stores the staged figures: those that differ from the current ones become current, with the
 * import's id (the values they replace go to the append-only history). Refused first, with nothing written, when
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
  const staged = (where: string) => `${s.table} r WHERE r.batch = $1 AND ${where}`;
  // What a statement of the store says: how many figures it wrote of each period and measure
  // (one scan of `rows`, the written figures, grouped), the first keys.
  const summary = (rows: string) => `SELECT
      (SELECT json_agg(json_build_array(period, measure_id, n))
       FROM (SELECT period, measure_id, count(*)::int AS n FROM ${rows} GROUP BY period, measure_id) g)::text AS groups,
      (SELECT json_agg(json_build_array(unit_code, measure_id, period))
       FROM (SELECT unit_code, measure_id, period FROM ${rows} LIMIT $5) k)::text AS keys`;
  // Which ranges hold a unit with a current figure in the staged periods, asked before anything
  // is written (a range's first unit may have begun in the range before). In the others every
  // staged figure is new (a period's first figures) and is written without looking each one up
  // (on PGlite the lookups cost as much as writing the figures). When the staged periods are
  // known and none has a current figure yet, no range is asked (one lookup on the key's prefix).
  const fresh =
    s.periods !== null &&
    !(
      await tx.query<{ had: boolean }>(
        'SELECT EXISTS (SELECT 1 FROM value_current WHERE period = ANY($1::text[])) AS had',
        [[...s.periods]],
      )
    )[0]!.had;
  const had: boolean[] = [];
  if (!fresh)
    await inPageRanges(
      tx,
      s.table,
      'r',
      async (range) => {
        const [probe] = await tx.query<{ had: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM (SELECT DISTINCT period, unit_code FROM ${staged(range)}) k
           JOIN value_current c ON c.period = k.period AND c.unit_code = k.unit_code) AS had`,
          [s.batch],
        );
        had.push(probe!.had);
      },
      { lookups: true },
    );
  let at = 0;
  await inPageRanges(
    tx,
    s.table,
    'r',
    async (range) => {
      // Where a unit has current figures, those that differ from the staged ones (read once, by
      // one join) become current: new ones inserted, changed ones updated (no ON CONFLICT per
      // row; the values they replace go to the history by value_current's trigger).
      const sql =
        !fresh && (had[at++] ?? true)
          ? `WITH staged AS MATERIALIZED (
             SELECT r.period, r.unit_code, r.measure_id, r.num, r.txt, r.na, r.note, c.period IS NOT NULL AS had
             FROM ${s.table} r LEFT JOIN value_current c
               ON c.period = r.period AND c.unit_code = r.unit_code AND c.measure_id = r.measure_id
             WHERE r.batch = $1 AND ${range}
               AND (c.period IS NULL OR (c.num, c.txt, c.na, c.note) IS DISTINCT FROM (r.num, r.txt, r.na, r.note))
           ), added AS (
             INSERT INTO value_current (period, unit_code, measure_id, num, txt, na, note, source, actor, import_id, changed_at)
             SELECT period, unit_code, measure_id, num, txt, na, note, $2, $3, $4, now() FROM staged WHERE NOT had
           ), updated AS (
             UPDATE value_current c SET num = t.num, txt = t.txt, na = t.na, note = t.note, source = $2, actor = $3,
               import_id = $4, entered_at = NULL, changed_at = now()
             FROM staged t WHERE t.had AND c.period = t.period AND c.unit_code = t.unit_code AND c.measure_id = t.measure_id
           )
           ${summary('staged')}`
          : `WITH added AS (
             INSERT INTO value_current (period, unit_code, measure_id, num, txt, na, note, source, actor, import_id, changed_at)
             SELECT period, unit_code, measure_id, num, txt, na, note, $2, $3, $4, now() FROM ${staged(range)}
           )
           ${summary(`(SELECT * FROM ${staged(range)}) r`)}`;
      const r = (
        await tx
          .query<{ groups: string | null; keys: string | null }>(sql, [
            s.batch,
            meta.source,
            meta.actor,
            meta.importId,
            LIVE_LIMIT + 1,
          ])
          .catch((err: unknown) => {
            throw storedMeanwhile(err);
          })
      )[0]!;
      for (const [period, measure, n] of JSON.parse(r.groups ?? '[]') as Array<[string, string, number]>) {
        count += n;
        periods.add(period);
        measures.add(measure);
      }
      if (keys && count <= LIVE_LIMIT)
        for (const [unitCode, measureId, period] of JSON.parse(r.keys ?? '[]') as Array<
          [string, string, string]
        >)
          keys.push({ unitCode, measureId, period });
      else keys = null;
    },
    { lookups: true },
  );
  await analyzeAfter(tx, count);
  return { count, periods: [...periods], measures: [...measures], keys };
}

/**
 * A new figure that another transaction stored first, found by PostgreSQL's unique check while
 * a file's figures were being stored (two uploads, or an upload and a form, giving the same new
 * figure at the same moment; PGlite runs one transaction at a time): 409 VALUE_CONFLICT naming
 * the figure, nothing stored. Any other error is returned as it is.
 */
export function storedMeanwhile(err: unknown): unknown {
  const e = err as { code?: unknown; constraint?: unknown; detail?: unknown };
  if (e?.code !== '23505' || e.constraint !== 'value_current_pkey') return err;
  const key = /=\(([^,]*), ([^,]*), (.*)\)/.exec(typeof e.detail === 'string' ? e.detail : '');
  const [period, unitCode, measureId] = key ? [key[1]!, key[2]!, key[3]!] : ['', '', ''];
  return new AppError(
    'VALUE_CONFLICT',
    text(
      'Trong lúc lưu tệp, số liệu mới của cùng đơn vị, số liệu và kỳ vừa được người khác nhập; không có gì được lưu. Hãy xem lại và nhập lại tệp.',
      'While the file was being stored, someone else entered the same new figure; nothing was saved. Review and import the file again.',
    ),
    key
      ? [
          {
            field: `${unitCode}/${measureId}/${period}`,
            value: '',
            message: text(
              `đơn vị ${unitCode}, số liệu ${measureId}, kỳ ${period}: vừa được nhập cùng lúc`,
              `unit ${unitCode}, figure ${measureId}, period ${period}: entered at the same moment`,
            ),
          },
        ]
      : [],
  );
}

/** Changed figures from which the statistics of the current figures are refreshed at once. */
const ANALYZE_FROM = 10_000;

/**
 * Refreshes the planner's statistics of the current figures after a large write (`count` of
 * them), in the writing transaction: the statements that follow it plan with them (PostgreSQL's
 * autovacuum sees the rows only after the commit; on PGlite nothing else ever analyzes). From a
 * smaller sample than the default (3,000 rows instead of 30,000: the counts and common values the
 * plans of indexed lookups need; on PGlite the statement blocks the server's thread, on
 * PostgreSQL the default sample took 75 ms of a 300,000-figure import). Smaller writes leave the
 * statistics to autovacuum (PostgreSQL) or to the next large write.
 */
export async function analyzeAfter(tx: Db, count: number): Promise<void> {
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
