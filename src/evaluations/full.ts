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
  const rowOf = new Map<string, Array<string | null>>();
  const total = emptyCounts();
  let applicable = 0;
  for (const node of tree.byCode.values()) {
    if (!c.appliesTo.has(node.kind)) continue;
    const ev = evaluateUnit(c, unitInput(node, values.unit(node.code), deps));
    applicable++;
    rowOf.set(node.code, [
      node.code,
      node.parentCode,
      't',
      ev.status,
      String(ev.metCriteria),
      String(ev.totalCriteria),
      ev.points === null ? null : String(ev.points),
      ev.criteriaLetters,
      ev.indicatorLetters,
    ]);
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
  for (const code of counts.keys()) {
    if (!rowOf.has(code)) {
      const node = tree.byCode.get(code)!;
      rowOf.set(code, [code, node.parentCode, 'f', 'not_applicable', '0', '0', null, '', '']);
    }
  }
  const none = emptyCounts();
  for (const [code, r] of rowOf) {
    const k = counts.get(code) ?? none;
    r.push(
      String(k.total),
      String(k.met),
      String(k.basically_met),
      String(k.not_met),
      String(k.no_data),
      String(k.rule_missing),
    );
  }
  const rows = rowOf;
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
    units: rowOf.size,
    applicable,
    counts: total,
    rewritten,
  };
}

/** Above this share of rows changed, a run is rewritten whole (DELETE + COPY) instead of patched. */
const REWRITE_SHARE = 0.25;

/**
 * Stores a run's rows (the columns after framework, version, period), writing only what differs
 * from the stored run: the stored rows are read back with COPY (far cheaper than writing them
 * and their index entries again), rows that changed are upserted and rows gone are deleted in
 * one statement each. When most rows changed (or there is no stored run) the run is replaced by
 * DELETE + COPY. Says whether it was replaced (the caller then refreshes the statistics).
 */
async function writeRun(
  db: Db,
  fw: LoadedFramework,
  period: string,
  rows: Map<string, Array<string | null>>,
): Promise<boolean> {
  const key = [fw.meta.id, fw.meta.version, period] as const;
  const where = `framework_id = ${sqlText(fw.meta.id)} AND version = ${fw.meta.version} AND period = ${sqlText(period)}`;
  const stored = new Map<string, string>();
  parseCsv(
    await db.copyTo(`(SELECT ${resultColumns.slice(3).join(', ')} FROM evaluation_results WHERE ${where})`),
    (f) => stored.set(f[0]!, rowKey(f)),
  );
  const gone = [...stored.keys()].filter((code) => !rows.has(code));
  const changed = [...rows.values()].filter((r) => stored.get(r[0]!) !== rowKey(r));
  if (stored.size === 0 || changed.length + gone.length > REWRITE_SHARE * rows.size) {
    await db.query(
      'DELETE FROM evaluation_results WHERE framework_id = $1 AND version = $2 AND period = $3',
      [...key],
    );
    const prefix = key.map(csvField).join(',');
    const lines = [...rows.values()].map((r) => `${prefix},${r.map(csvField).join(',')}`);
    if (lines.length > 0) await db.copyFrom('evaluation_results', resultColumns, `${lines.join('\n')}\n`);
    return true;
  }
  if (gone.length > 0)
    await db.query(
      'DELETE FROM evaluation_results WHERE framework_id = $1 AND version = $2 AND period = $3 AND unit_code = ANY($4)',
      [...key, gone],
    );
  if (changed.length > 0) {
    const col = (i: number) => changed.map((r) => r[i] ?? null);
    const int = (i: number) => changed.map((r) => Number(r[i]));
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
        col(0),
        col(1),
        changed.map((r) => r[2] === 't'),
        col(3),
        int(4),
        int(5),
        changed.map((r) => (r[6] === null ? null : Number(r[6]))),
        col(7),
        col(8),
        ...[9, 10, 11, 12, 13, 14].map(int),
      ],
    );
  }
  return false;
}

/** One result row as text to compare (stored from COPY, new from the pass): same fields, same spelling. */
function rowKey(fields: Array<string | null>): string {
  return fields.map((f) => (f === null ? '\u0002' : f)).join('\u0001');
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
