import { csvField, parseCsv } from '../db/csv.ts';
import type { Db } from '../db/database.ts';
import { evaluateUnit } from '../engine/evaluate.ts';
import type { Period } from '../engine/periods.ts';
import { AppError } from '../errors.ts';
import { frameworkInForce, type LoadedFramework, requireFrameworkForPeriod } from '../frameworks/store.ts';
import { entryFor } from '../maps.ts';
import { loadTree, type UnitTree } from '../units/tree.ts';
import { emptyCounts, loadDependencies, type SubtreeCounts, unitInput } from './inputs.ts';
import { loadPeriodValues, type PeriodValues } from './period-values.ts';
import { readRun } from './runs.ts';

export const countedStatuses = ['met', 'basically_met', 'not_met', 'no_data', 'rule_missing'] as const;
type CountedStatus = (typeof countedStatuses)[number];
export function isCounted(s: string): s is CountedStatus {
  return (countedStatuses as readonly string[]).includes(s);
}

/**
 * The key of a period's results in PostgreSQL's advisory locks: live patches hold it shared, a
 * full evaluation of the period alone (so neither writes results computed without the other's
 * figures). `$1`: the period's code.
 */
export const periodLockKey = `hashtextextended('tieuchi.live:' || $1::text, 0)`;

export interface RunSummary {
  frameworkId: string;
  version: number;
  period: string;
  treeDate: string;
  units: number;
  applicable: number;
  counts: SubtreeCounts;
  /** Whether the stored run was replaced whole rather than patched where it differed. */
  rewritten: boolean;
}

const resultColumns = [
  'framework_id',
  'version',
  'period',
  'unit_code',
  'parent_code',
  'applicable',
  'status',
  'met_criteria',
  'total_criteria',
  'points',
  'criteria_codes',
  'indicator_codes',
  'n_total',
  'n_met',
  'n_basically_met',
  'n_not_met',
  'n_no_data',
  'n_rule_missing',
];

/**
 * Evaluates every unit of the tree valid at the end of the period under one framework version
 * and stores the results and the subtree counts, replacing that run. Dependencies (frameworks
 * read through derived indicators) must already be fresh.
 */
async function evaluateOne(
  db: Db,
  fw: LoadedFramework,
  period: { code: string; end: string },
  tree: UnitTree,
  values: PeriodValues,
): Promise<RunSummary> {
  const c = fw.compiled;
  const deps = await loadDependencies(db, c, { period: period.code });
  const counts = new Map<string, SubtreeCounts>();
  const rows = new Map<string, ResultRow>();
  const total = emptyCounts();
  let applicable = 0;
  for (const node of tree.byCode.values()) {
    if (!c.appliesTo.has(node.kind)) continue;
    const ev = evaluateUnit(c, unitInput(node, values.unit(node.code), deps));
    applicable++;
    rows.set(node.code, {
      code: node.code,
      parent: node.parentCode,
      applicable: true,
      status: ev.status,
      met: ev.metCriteria,
      total: ev.totalCriteria,
      points: ev.points,
      criteria: ev.criteriaLetters,
      indicators: ev.indicatorLetters,
      counts: null,
    });
    total.total++;
    if (isCounted(ev.status)) total[ev.status]++;
    // Add this unit to every ancestor's counts.
    let p = node.parentCode ? tree.byCode.get(node.parentCode) : undefined;
    let guard = 0;
    while (p && guard++ < 20) {
      const k = entryFor(counts, p.code, () => emptyCounts());
      k.total++;
      if (isCounted(ev.status)) k[ev.status as CountedStatus]++;
      p = p.parentCode ? tree.byCode.get(p.parentCode) : undefined;
    }
  }
  for (const [code, k] of counts) {
    const row = rows.get(code);
    if (row) row.counts = k;
    else {
      const node = tree.byCode.get(code)!;
      rows.set(code, {
        code,
        parent: node.parentCode,
        applicable: false,
        status: 'not_applicable',
        met: 0,
        total: 0,
        points: null,
        criteria: '',
        indicators: '',
        counts: k,
      });
    }
  }
  const rewritten = await writeRun(db, fw, period.code, rows);
  await db.query(
    `INSERT INTO evaluation_runs (framework_id, version, period, tree_date, stale, computed_at)
     VALUES ($1, $2, $3, $4, false, now())
     ON CONFLICT (framework_id, version, period) DO UPDATE SET tree_date = EXCLUDED.tree_date, stale = false,
       computed_at = now()`,
    [fw.meta.id, fw.meta.version, period.code, tree.date],
  );
  return {
    frameworkId: fw.meta.id,
    version: fw.meta.version,
    period: period.code,
    treeDate: tree.date,
    units: rows.size,
    applicable,
    counts: total,
    rewritten,
  };
}

/** One result row of a pass (the columns after framework, version and period). */
interface ResultRow {
  code: string;
  parent: string | null;
  applicable: boolean;
  status: string;
  met: number;
  total: number;
  points: number | null;
  criteria: string;
  indicators: string;
  /** Applicable units below it, by status (null: none). */
  counts: SubtreeCounts | null;
}

const noCounts = emptyCounts();

/** The row's fields in resultColumns' order after the first three, as COPY writes them. */
function rowFields(r: ResultRow): Array<string | number | boolean | null> {
  const k = r.counts ?? noCounts;
  return [
    r.code,
    r.parent,
    r.applicable ? 't' : 'f',
    r.status,
    r.met,
    r.total,
    r.points,
    r.criteria,
    r.indicators,
    k.total,
    k.met,
    k.basically_met,
    k.not_met,
    k.no_data,
    k.rule_missing,
  ];
}

/** Whether COPY's fields of a stored row (resultColumns after the first three) say what `r` says. */
function sameAsStored(r: ResultRow, f: ReadonlyArray<string | null>): boolean {
  const k = r.counts ?? noCounts;
  return (
    f[1] === r.parent &&
    f[2] === (r.applicable ? 't' : 'f') &&
    f[3] === r.status &&
    Number(f[4]) === r.met &&
    Number(f[5]) === r.total &&
    (f[6] === null ? r.points === null : r.points !== null && Number(f[6]) === r.points) &&
    (f[7] ?? '') === r.criteria &&
    (f[8] ?? '') === r.indicators &&
    Number(f[9]) === k.total &&
    Number(f[10]) === k.met &&
    Number(f[11]) === k.basically_met &&
    Number(f[12]) === k.not_met &&
    Number(f[13]) === k.no_data &&
    Number(f[14]) === k.rule_missing
  );
}

/** Above this share of rows changed, a run is rewritten whole (DELETE + COPY) instead of patched. */
const REWRITE_SHARE = 0.25;

/**
 * Stores a run's rows, writing only what differs from the stored run: the stored rows are read
 * back with COPY (far cheaper than writing them and their index entries again) and compared
 * field by field, rows that changed are upserted and rows gone are deleted in one statement
 * each. When most rows changed (or there is no stored run) the run is replaced by DELETE + COPY.
 * Says whether it was replaced (the caller then refreshes the statistics).
 */
async function writeRun(
  db: Db,
  fw: LoadedFramework,
  period: string,
  rows: Map<string, ResultRow>,
): Promise<boolean> {
  const key = [fw.meta.id, fw.meta.version, period] as const;
  const where = `framework_id = ${sqlText(fw.meta.id)} AND version = ${fw.meta.version} AND period = ${sqlText(period)}`;
  let stored = 0;
  const gone: string[] = [];
  const same = new Set<string>();
  parseCsv(
    await db.copyTo(`(SELECT ${resultColumns.slice(3).join(', ')} FROM evaluation_results WHERE ${where})`),
    (f) => {
      stored++;
      const code = f[0]!;
      const r = rows.get(code);
      if (!r) gone.push(code);
      else if (sameAsStored(r, f)) same.add(code);
    },
  );
  const changed = [...rows.values()].filter((r) => !same.has(r.code));
  if (stored === 0 || changed.length + gone.length > REWRITE_SHARE * rows.size) {
    await db.query(
      'DELETE FROM evaluation_results WHERE framework_id = $1 AND version = $2 AND period = $3',
      [...key],
    );
    const prefix = key.map(csvField).join(',');
    const lines = [...rows.values()].map((r) => `${prefix},${rowFields(r).map(csvField).join(',')}`);
    if (lines.length > 0) await db.copyFrom('evaluation_results', resultColumns, `${lines.join('\n')}\n`);
    return true;
  }
  if (gone.length > 0)
    await db.query(
      'DELETE FROM evaluation_results WHERE framework_id = $1 AND version = $2 AND period = $3 AND unit_code = ANY($4)',
      [...key, gone],
    );
  if (changed.length > 0) {
    const count = (f: (k: SubtreeCounts) => number) => changed.map((r) => f(r.counts ?? noCounts));
    await db.query(
      `INSERT INTO evaluation_results (${resultColumns.join(', ')})
       SELECT $1, $2, $3, d.* FROM unnest($4::text[], $5::text[], $6::boolean[], $7::text[], $8::int[], $9::int[],
         $10::float8[], $11::text[], $12::text[], $13::int[], $14::int[], $15::int[], $16::int[], $17::int[], $18::int[]) AS d
       ON CONFLICT (framework_id, version, period, unit_code) DO UPDATE SET parent_code = EXCLUDED.parent_code,
         applicable = EXCLUDED.applicable, status = EXCLUDED.status, met_criteria = EXCLUDED.met_criteria,
         total_criteria = EXCLUDED.total_criteria, points = EXCLUDED.points, criteria_codes = EXCLUDED.criteria_codes,
         indicator_codes = EXCLUDED.indicator_codes, n_total = EXCLUDED.n_total, n_met = EXCLUDED.n_met,
         n_basically_met = EXCLUDED.n_basically_met, n_not_met = EXCLUDED.n_not_met, n_no_data = EXCLUDED.n_no_data,
         n_rule_missing = EXCLUDED.n_rule_missing`,
      [
        ...key,
        changed.map((r) => r.code),
        changed.map((r) => r.parent),
        changed.map((r) => r.applicable),
        changed.map((r) => r.status),
        changed.map((r) => r.met),
        changed.map((r) => r.total),
        changed.map((r) => r.points),
        changed.map((r) => r.criteria),
        changed.map((r) => r.indicators),
        count((k) => k.total),
        count((k) => k.met),
        count((k) => k.basically_met),
        count((k) => k.not_met),
        count((k) => k.no_data),
        count((k) => k.rule_missing),
      ],
    );
  }
  return false;
}

const sqlText = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * Frameworks at their versions in force on `date`, in the order they must be evaluated:
 * dependencies first. Throws on a cycle.
 */
async function withDependencies(db: Db, ids: string[], date: string): Promise<LoadedFramework[]> {
  const order: LoadedFramework[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = async (id: string, path: string[]) => {
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'visiting')
      throw new AppError(
        'FRAMEWORK_CYCLE',
        `Vòng tham chiếu giữa các bộ tiêu chí: ${[...path, id].join(' → ')}`,
      );
    state.set(id, 'visiting');
    const fw = await frameworkInForce(db, id, date);
    if (fw) {
      for (const dep of fw.compiled.dependsOn) if (dep !== id) await visit(dep, [...path, id]);
      order.push(fw);
    }
    state.set(id, 'done');
  };
  for (const id of ids) await visit(id, []);
  return order;
}

/**
 * Full evaluation of the given frameworks for one period, dependencies first, in one
 * transaction. With `onlyIfStale`, runs that are already fresh are kept.
 */
export async function evaluatePeriod(
  db: Db,
  opts: { frameworkIds: string[]; period: string; onlyIfStale?: boolean },
): Promise<RunSummary[]> {
  let period: Period | undefined;
  for (const id of opts.frameworkIds) period = (await requireFrameworkForPeriod(db, id, opts.period)).period;
  if (!period) return [];
  return db.transaction(async (tx) => {
    // On PostgreSQL, after the live patches under way and before the next (src/evaluations/live.ts):
    // the figures read below are then all that were committed, and no patch writes meanwhile.
    if (tx.kind === 'postgres')
      await tx.query(`SELECT pg_advisory_xact_lock(${periodLockKey})`, [period.code]);
    const order = await withDependencies(tx, opts.frameworkIds, period.end);
    const tree = await loadTree(tx, period.end);
    // Figures are read once for every framework of the pass (they share measures).
    const measures = [...new Set(order.flatMap((f) => f.compiled.measures))];
    let values: PeriodValues | null = null;
    const out: RunSummary[] = [];
    let recomputed = false;
    for (const fw of order) {
      if (period.end < fw.meta.validFrom || period.start > fw.meta.validTo) continue;
      if (opts.onlyIfStale && !recomputed) {
        const run = await readRun(tx, fw.meta.id, fw.meta.version, period.code);
        if (run && !run.stale) continue;
      }
      values ??= await loadPeriodValues(tx, { period: period.code, measures, units: tree.byCode.size });
      out.push(await evaluateOne(tx, fw, period, tree, values));
      // Once a dependency is recomputed, everything after it in the order is recomputed too.
      recomputed = true;
    }
    // Fresh statistics keep the live single-row lookups on their indexes after a bulk write.
    if (out.some((r) => r.rewritten)) await tx.exec('ANALYZE evaluation_results');
    return out;
  });
}

/** Makes sure the stored results of a framework (and its dependencies) for a period are fresh. */
export async function ensureEvaluated(db: Db, frameworkId: string, period: string): Promise<void> {
  await evaluatePeriod(db, { frameworkIds: [frameworkId], period, onlyIfStale: true });
}
