import { type Db, prepared } from '../db/database.ts';
import { evaluateUnit, type ValueCell } from '../engine/evaluate.ts';
import { type Period, parsePeriod, requirePeriod } from '../engine/periods.ts';
import {
  inForceAmong,
  type LightFrameworkRow,
  type LoadedFramework,
  publishedFrameworksJson,
} from '../frameworks/store.ts';
import { entryFor, listFor } from '../maps.ts';
import type { UnitNode } from '../units/tree.ts';
import { isCounted, periodLockKey } from './full.ts';
import { type DependencyResults, emptyCounts, readsOf, type SubtreeCounts, unitInput } from './inputs.ts';

export interface ValueKey {
  unitCode: string;
  measureId: string;
  period: string;
  /** The figure as written: needed when the patch's read was begun before the write (LiveRead). */
  cell?: ValueCell;
}

/** What readState returns. */
type LiveState = Awaited<ReturnType<typeof readState>>;

/**
 * A patch's read begun before the figures are written (`beginLiveRead`): per period, the units
 * it covers and the state read (locks taken first on PostgreSQL). The written figures are laid
 * over it (their `cell`): nothing else a patch reads changes with the write.
 */
export type LiveRead = Map<string, { units: Set<string>; state: Promise<LiveState> }>;

/**
 * Begins the live patch's read for figures about to be written (`keys`: as given, unchecked;
 * a key whose period is no period is left out, the checks refuse it): the province locks and the
 * read go out now, with the write's checks (on PostgreSQL one round trip for both), instead of
 * after the write. Used by a person's write of a few figures (setValues).
 */
export function beginLiveRead(db: Db, keys: Array<{ unitCode: string; period: string }>): LiveRead {
  const byPeriod = new Map<string, Set<string>>();
  for (const k of keys)
    if (parsePeriod(k.period)) entryFor(byPeriod, k.period, () => new Set()).add(k.unitCode);
  const read: LiveRead = new Map();
  for (const [code, units] of byPeriod) {
    const state = lockAndRead(db, requirePeriod(code), [...units]);
    // Awaited by the patch; a write refused first leaves it unread (its error is the refusal's).
    state.catch(() => {});
    read.set(code, { units, state });
  }
  return read;
}

/** Waits until a begun read is over, whether or not it was used (before its transaction ends). */
export async function liveReadDone(read: LiveRead): Promise<void> {
  await Promise.allSettled([...read.values()].map((r) => r.state));
}

/**
 * Live evaluation: after figures change, re-evaluates only the affected units (the unit, under
 * every framework that reads the measure), patches their ancestors' counts, and follows
 * frameworks that depend on those results (e.g. a district's share of communes that meet).
 * Runs not yet computed are left to be computed on first read; on anything unexpected the run
 * is marked stale instead of patched.
 *
 * Per period it costs two statements whatever the number of frameworks: one read of everything
 * the patch needs (runs, the changed units' ancestor chains, their figures and stored results),
 * the evaluation in memory, and one write of every changed result row (counts moved by deltas).
 * On PostgreSQL the read is preceded by the lock of the units' provinces (patches under one
 * province run one after the other, each seeing the one before). `begun`: the read made before
 * the write (beginLiveRead), used when it covers the changed units.
 */
export async function refreshAfterValueChange(db: Db, changes: ValueKey[], begun?: LiveRead): Promise<void> {
  if (changes.length === 0) return;
  const byPeriod = new Map<string, ValueKey[]>();
  for (const ch of changes) listFor(byPeriod, ch.period).push(ch);
  for (const [periodCode, list] of byPeriod) {
    const period = requirePeriod(periodCode);
    const read = begun?.get(periodCode);
    const state =
      read && list.every((ch) => ch.cell && read.units.has(ch.unitCode))
        ? written(await read.state, list)
        : await lockAndRead(db, period, [...new Set(list.map((c) => c.unitCode))]);
    await patchPeriod(db, period, list, state);
  }
}

/** A state read before the write, with the written figures laid over it. */
function written(state: LiveState, list: ValueKey[]): LiveState {
  for (const ch of list) entryFor(state.values, ch.unitCode, () => new Map()).set(ch.measureId, ch.cell!);
  return state;
}

/**
 * The state a patch of `units` reads. PostgreSQL runs writers at once: two patches under one
 * province would each read the figures and results without the other's change, and the later
 * one would write a status or a count that misses the earlier one. They take the province's
 * lock (roots in order, held until the commit) before reading, so each reads what the one before
 * committed; and the period's lock, shared (a full evaluation holds it alone). Sent with the
 * read: no round trip of their own. PGlite runs one transaction at a time.
 */
async function lockAndRead(db: Db, period: Period, units: string[]): Promise<LiveState> {
  if (db.kind === 'postgres') {
    await db.send(lockPeriodSharedSql, [period.code]);
    await db.send(lockRootsSql, [units, period.end, period.code]);
  }
  return readState(db, period, units);
}

/** Frameworks reading any changed measure, then those reading their results, dependencies first. */
function affectedInOrder(all: LoadedFramework[], measures: Set<string>): LoadedFramework[] {
  const byId = new Map(all.map((f) => [f.meta.id, f]));
  const affected = new Set(
    all.filter((f) => f.compiled.measures.some((m) => measures.has(m))).map((f) => f.meta.id),
  );
  for (let grew = true; grew; ) {
    grew = false;
    for (const f of all)
      if (!affected.has(f.meta.id) && f.compiled.dependsOn.some((d) => affected.has(d))) {
        affected.add(f.meta.id);
        grew = true;
      }
  }
  const order: LoadedFramework[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    const f = byId.get(id);
    if (!f) return;
    for (const d of f.compiled.dependsOn) if (affected.has(d)) visit(d);
    order.push(f);
  };
  for (const id of affected) visit(id);
  return order;
}

interface StoredResult {
  applicable: boolean;
  status: string;
  counts: SubtreeCounts;
}

type ChainRow = [
  code: string,
  name: string,
  kind: string,
  parent: string | null,
  attrs: Record<string, string>,
];
type ResultRow = [
  frameworkId: string,
  version: number,
  unitCode: string,
  applicable: boolean,
  status: string,
  total: number,
  met: number,
  basicallyMet: number,
  notMet: number,
  noData: number,
  ruleMissing: number,
];

/** The text of readState's statement (prepared on PostgreSQL). */
const readStateSql = prepared(
  `WITH RECURSIVE chain AS (
       SELECT u.code, u.name, u.kind, u.parent_code, u.attributes, 0 AS depth FROM units u
       WHERE u.code = ANY($1) AND u.valid_from <= $2 AND u.valid_to >= $2
       UNION
       SELECT p.code, p.name, p.kind, p.parent_code, p.attributes, c.depth + 1 FROM units p
       JOIN chain c ON p.code = c.parent_code AND p.valid_from <= $2 AND p.valid_to >= $2
       WHERE c.depth < 10
     ), codes AS (SELECT DISTINCT code FROM chain),
     published AS (SELECT id, version FROM frameworks WHERE status = 'published')
     SELECT
       ${publishedFrameworksJson}::text AS fws,
       (SELECT json_agg(json_build_array(framework_id, version, tree_date::text, stale)) FROM evaluation_runs
        WHERE period = $3)::text AS runs,
       (SELECT json_agg(DISTINCT jsonb_build_array(code, name, kind, parent_code, attributes)) FROM chain)::text AS chain,
       (SELECT json_agg(json_build_array(unit_code, measure_id, num, txt, na)) FROM value_current
        WHERE period = $3 AND unit_code IN (SELECT code FROM codes))::text AS vals,
       (SELECT json_agg(json_build_array(framework_id, version, unit_code, applicable, status, n_total, n_met,
                n_basically_met, n_not_met, n_no_data, n_rule_missing))
        FROM evaluation_results
        WHERE (framework_id, version) IN (SELECT id, version FROM published) AND period = $3
          AND unit_code IN (SELECT code FROM codes))::text AS res`,
);

/**
 * Everything a patch reads, in one statement of independent indexed lookups aggregated to JSON:
 * the published framework versions (light columns), the period's runs, the changed units'
 * ancestor chains on the period's last day, the chain units' figures of the period and their
 * stored results under every published version.
 */
async function readState(db: Db, period: Period, units: string[]) {
  const [row] = await db.query<{
    fws: LightFrameworkRow[] | string | null;
    runs: string | null;
    chain: string | null;
    vals: string | null;
    res: string | null;
  }>(readStateSql, [units, period.end, period.code]);
  const fws = typeof row?.fws === 'string' ? (JSON.parse(row.fws) as LightFrameworkRow[] | null) : row?.fws;
  const frameworks = (await inForceAmong(db, fws ?? [], period.end)).filter(
    (fw) => period.end >= fw.meta.validFrom && period.start <= fw.meta.validTo,
  );
  const version = new Map(frameworks.map((f) => [f.meta.id, f.meta.version]));
  const runs = new Map<string, { treeDate: string; stale: boolean }>();
  for (const [id, v, treeDate, stale] of JSON.parse(row?.runs ?? '[]') as Array<
    [string, number, string, boolean]
  >)
    if (version.get(id) === v) runs.set(id, { treeDate, stale });
  const nodes = new Map<string, UnitNode>();
  for (const [code, name, kind, parentCode, attributes] of JSON.parse(row?.chain ?? '[]') as ChainRow[])
    nodes.set(code, {
      code,
      name,
      kind,
      parentCode,
      attributes: attributes ?? {},
      validFrom: null,
      validTo: null,
      successors: [],
    });
  const values = new Map<string, Map<string, ValueCell>>();
  for (const [unit, measure, num, txt, na] of JSON.parse(row?.vals ?? '[]') as Array<
    [string, string, number | null, string | null, boolean]
  >)
    entryFor(values, unit, () => new Map()).set(measure, { num, txt, na });
  const results = new Map<string, Map<string, StoredResult>>();
  for (const r of JSON.parse(row?.res ?? '[]') as ResultRow[]) {
    if (version.get(r[0]) !== r[1]) continue;
    entryFor(results, r[0], () => new Map()).set(r[2], {
      applicable: r[3],
      status: r[4],
      counts: {
        total: r[5],
        met: r[6],
        basically_met: r[7],
        not_met: r[8],
        no_data: r[9],
        rule_missing: r[10],
      },
    });
  }
  return { frameworks, runs, nodes, values, results };
}

/** One result row's change: its own evaluation (when re-evaluated) and moves of its subtree counts. */
interface RowPatch {
  frameworkId: string;
  version: number;
  unitCode: string;
  ev: {
    status: string;
    metCriteria: number;
    totalCriteria: number;
    points: number | null;
    criteriaLetters: string;
    indicatorLetters: string;
  } | null;
  delta: SubtreeCounts;
}

const lockPeriodSharedSql = prepared(`SELECT pg_advisory_xact_lock_shared(${periodLockKey})`);

/**
 * The text of the lock that runs the live patches of one province (one root of the changed
 * units' chains) and period one after the other (prepared on PostgreSQL).
 */
const lockRootsSql = prepared(
  `WITH RECURSIVE chain AS (
       SELECT u.code, u.parent_code, 0 AS depth FROM units u
       WHERE u.code = ANY($1) AND u.valid_from <= $2 AND u.valid_to >= $2
       UNION
       SELECT p.code, p.parent_code, c.depth + 1 FROM units p
       JOIN chain c ON p.code = c.parent_code AND p.valid_from <= $2 AND p.valid_to >= $2
       WHERE c.depth < 10
     )
     SELECT pg_advisory_xact_lock(hashtextextended('tieuchi.live:' || $3::text || ':' || r.code, 0))
     FROM (SELECT DISTINCT code FROM chain WHERE parent_code IS NULL ORDER BY code) r`,
);

async function patchPeriod(db: Db, period: Period, list: ValueKey[], state: LiveState): Promise<void> {
  // Each period is patched under the versions that judge it (in force on its last day).
  const all = state.frameworks;
  const order = affectedInOrder(all, new Set(list.map((c) => c.measureId)));
  if (order.length === 0) return;
  // Their dependencies' results are read too (a unit's derived facts), affected or not.
  const byId = new Map(all.map((f) => [f.meta.id, f]));
  const involved = new Map(order.map((f) => [f.meta.id, f]));
  for (const f of order)
    for (const d of f.compiled.dependsOn) {
      const dep = byId.get(d);
      if (dep) involved.set(d, dep);
    }
  const chainOf = (code: string): UnitNode[] => {
    const out: UnitNode[] = [];
    for (
      let n = state.nodes.get(code);
      n && out.length < 20;
      n = n.parentCode ? state.nodes.get(n.parentCode) : undefined
    )
      out.push(n);
    return out;
  };
  const patches = new Map<string, RowPatch>();
  const patchOf = (fw: LoadedFramework, unitCode: string) =>
    entryFor(patches, `${fw.meta.id}\u0000${unitCode}`, () => ({
      frameworkId: fw.meta.id,
      version: fw.meta.version,
      unitCode,
      ev: null,
      delta: emptyCounts(),
    }));
  const stale: LoadedFramework[] = [];
  // Units whose status moved, by framework (what dependent frameworks follow).
  const moved = new Map<string, UnitNode[][]>();

  for (const fw of order) {
    const run = state.runs.get(fw.meta.id);
    if (!run || run.stale) continue;
    if (run.treeDate !== period.end) {
      stale.push(fw);
      continue;
    }
    const c = fw.compiled;
    const todo = new Set(list.filter((ch) => c.measures.includes(ch.measureId)).map((ch) => ch.unitCode));
    const reads = readsOf(c);
    for (const dep of c.dependsOn)
      for (const chain of moved.get(dep) ?? []) {
        if (reads.self.has(dep)) todo.add(chain[0]!.code);
        if (reads.share.has(dep)) for (const a of chain.slice(1)) todo.add(a.code);
      }
    if (todo.size === 0) continue;
    const deps = new Map<string, DependencyResults>();
    for (const dep of c.dependsOn) {
      const stored = state.results.get(dep);
      if (!involved.has(dep) || !stored) continue;
      const status = new Map<string, string>();
      const counts = new Map<string, SubtreeCounts>();
      for (const [code, r] of stored) {
        status.set(code, r.status);
        if (r.counts.total > 0) counts.set(code, r.counts);
      }
      deps.set(dep, { status, counts });
    }
    const own = entryFor(state.results, fw.meta.id, () => new Map());
    const changed: UnitNode[][] = [];
    let unknown = false;
    for (const code of todo) {
      const chain = chainOf(code);
      const node = chain[0];
      if (!node || !c.appliesTo.has(node.kind)) continue;
      const old = own.get(code);
      if (!old?.applicable) {
        // The stored run does not know this unit: recompute it fully on next read.
        unknown = true;
        break;
      }
      const ev = evaluateUnit(c, unitInput(node, state.values.get(code), deps));
      patchOf(fw, code).ev = {
        status: ev.status,
        metCriteria: ev.metCriteria,
        totalCriteria: ev.totalCriteria,
        points: ev.points,
        criteriaLetters: ev.criteriaLetters,
        indicatorLetters: ev.indicatorLetters,
      };
      if (old.status === ev.status) continue;
      // Move one count on every ancestor, here (what dependents read next) and in the write.
      const from = old.status;
      const to: string = ev.status;
      for (const a of chain.slice(1)) {
        const d = patchOf(fw, a.code).delta;
        const stored = own.get(a.code);
        if (isCounted(from)) {
          d[from]--;
          if (stored) stored.counts[from]--;
        }
        if (isCounted(to)) {
          d[to]++;
          if (stored) stored.counts[to]++;
        }
      }
      old.status = ev.status;
      changed.push(chain);
    }
    if (unknown) {
      stale.push(fw);
      for (const key of [...patches.keys()])
        if (patches.get(key)!.frameworkId === fw.meta.id) patches.delete(key);
      continue;
    }
    if (changed.length > 0) moved.set(fw.meta.id, changed);
  }
  await writePatches(db, period, [...patches.values()], stale);
}

/** The text of writePatches' statement (prepared on PostgreSQL). */
const writePatchesSql = prepared(
  `WITH marked AS (
       UPDATE evaluation_runs SET stale = true
       WHERE period = $1 AND (framework_id, version) IN (SELECT * FROM unnest($17::text[], $18::int[]))
       RETURNING 1
     )
     UPDATE evaluation_results r SET
       status = CASE WHEN d.ev THEN d.status ELSE r.status END,
       met_criteria = CASE WHEN d.ev THEN d.met_criteria ELSE r.met_criteria END,
       total_criteria = CASE WHEN d.ev THEN d.total_criteria ELSE r.total_criteria END,
       points = CASE WHEN d.ev THEN d.points ELSE r.points END,
       criteria_codes = CASE WHEN d.ev THEN d.criteria_codes ELSE r.criteria_codes END,
       indicator_codes = CASE WHEN d.ev THEN d.indicator_codes ELSE r.indicator_codes END,
       n_met = r.n_met + d.d_met, n_basically_met = r.n_basically_met + d.d_basically_met,
       n_not_met = r.n_not_met + d.d_not_met, n_no_data = r.n_no_data + d.d_no_data,
       n_rule_missing = r.n_rule_missing + d.d_rule_missing
     FROM unnest($2::text[], $3::int[], $4::text[], $5::boolean[], $6::text[], $7::int[], $8::int[],
                 $9::float8[], $10::text[], $11::text[], $12::int[], $13::int[], $14::int[], $15::int[], $16::int[])
       AS d(framework_id, version, unit_code, ev, status, met_criteria, total_criteria, points, criteria_codes,
            indicator_codes, d_met, d_basically_met, d_not_met, d_no_data, d_rule_missing)
     WHERE r.framework_id = d.framework_id AND r.version = d.version AND r.period = $1
       AND r.unit_code = d.unit_code`,
);

/**
 * Every changed result row in one UPDATE, and the runs to recompute marked stale in the same
 * statement (a data-modifying WITH runs to completion whether or not it is read).
 */
async function writePatches(
  db: Db,
  period: Period,
  rows: RowPatch[],
  stale: LoadedFramework[],
): Promise<void> {
  if (rows.length === 0 && stale.length === 0) return;
  const col = <T>(f: (r: RowPatch) => T) => rows.map(f);
  await db.send(writePatchesSql, [
    period.code,
    col((r) => r.frameworkId),
    col((r) => r.version),
    col((r) => r.unitCode),
    col((r) => r.ev !== null),
    col((r) => r.ev?.status ?? ''),
    col((r) => r.ev?.metCriteria ?? 0),
    col((r) => r.ev?.totalCriteria ?? 0),
    col((r) => r.ev?.points ?? null),
    col((r) => r.ev?.criteriaLetters ?? ''),
    col((r) => r.ev?.indicatorLetters ?? ''),
    col((r) => r.delta.met),
    col((r) => r.delta.basically_met),
    col((r) => r.delta.not_met),
    col((r) => r.delta.no_data),
    col((r) => r.delta.rule_missing),
    stale.map((f) => f.meta.id),
    stale.map((f) => f.meta.version),
  ]);
}
