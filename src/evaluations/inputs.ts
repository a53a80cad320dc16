import type { Db } from '../db/database.ts';
import type { EvalInput, ValueCell } from '../engine/evaluate.ts';
import type { CompiledFramework } from '../engine/framework.ts';
import { requirePeriod } from '../engine/periods.ts';
import type { Scalar } from '../engine/rules.ts';
import type { Derived } from '../frameworks/schema.ts';
import { frameworkInForce } from '../frameworks/store.ts';
import { entryFor } from '../maps.ts';
import { type UnitNode, unitFacts } from '../units/tree.ts';
import type { UnitValues } from './period-values.ts';

/** Counts of applicable units in a subtree, by status (stored on the ancestor's result row). */
export interface SubtreeCounts {
  total: number;
  met: number;
  basically_met: number;
  not_met: number;
  no_data: number;
  rule_missing: number;
}

export function emptyCounts(): SubtreeCounts {
  return { total: 0, met: 0, basically_met: 0, not_met: 0, no_data: 0, rule_missing: 0 };
}

/** What a dependency framework said about units: status and subtree counts, by unit code. */
export interface DependencyResults {
  status: Map<string, string>;
  counts: Map<string, SubtreeCounts>;
}

/** Builds the engine's input for one unit from its figures and the dependency frameworks' results. */
export function unitInput(
  node: UnitNode,
  values: UnitValues | undefined,
  deps: Map<string, DependencyResults>,
): EvalInput {
  return new UnitInput(node, values, deps);
}

/** The engine's input for one unit (a class: one is made per unit and framework of a full pass). */
class UnitInput implements EvalInput {
  readonly unit: EvalInput['unit'];

  constructor(
    node: UnitNode,
    private readonly values: UnitValues | undefined,
    private readonly deps: Map<string, DependencyResults>,
  ) {
    this.unit = { code: node.code, name: node.name, kind: node.kind, facts: unitFacts(node) };
  }

  value(measure: string): ValueCell | undefined {
    return this.values?.get(measure);
  }

  derived(spec: Derived): Scalar | null | undefined {
    const code = this.unit.code;
    if ('children_met_share' in spec) {
      const dep = this.deps.get(spec.children_met_share);
      const c = dep?.counts.get(code);
      // The dependency's stored run counts every unit it applies to under each ancestor: no
      // count under this unit means there is none (when the dependency was read at all).
      if (!c || c.total === 0) return dep && spec.if_none === 'not_applicable' ? null : undefined;
      return (100 * c.met) / c.total;
    }
    const s = this.deps.get(spec.framework_met)?.status.get(code);
    if (s === undefined) return undefined;
    return s === 'met';
  }
}

/** How a framework reads another one's results: shares of units that meet, the unit's own status. */
export interface Reads {
  share: Set<string>;
  self: Set<string>;
}

const readsCache = new WeakMap<CompiledFramework, Reads>();

export function readsOf(c: CompiledFramework): Reads {
  let r = readsCache.get(c);
  if (!r) {
    r = { share: new Set(), self: new Set() };
    const specs = [...c.criteria.flatMap((cr) => cr.indicators), ...c.conditions].flatMap((i) => [
      i,
      ...(i.parts ?? []),
    ]);
    for (const i of specs) {
      if (!i.derived) continue;
      if ('children_met_share' in i.derived) r.share.add(i.derived.children_met_share);
      else if ('framework_met' in i.derived) r.self.add(i.derived.framework_met);
    }
    readsCache.set(c, r);
  }
  return r;
}

interface ValueRow {
  unit_code: string;
  measure_id: string;
  num: number | null;
  txt: string | null;
  na: boolean;
}

/** Current figures of a period for the given measures (and units), grouped by unit. */
export async function loadValues(
  db: Db,
  opts: { period: string; measures: string[]; units?: string[] },
): Promise<Map<string, Map<string, ValueCell>>> {
  const rows = opts.units
    ? await db.query<ValueRow>(
        `SELECT unit_code, measure_id, num, txt, na FROM value_current
         WHERE period = $1 AND measure_id = ANY($2) AND unit_code = ANY($3)`,
        [opts.period, opts.measures, opts.units],
      )
    : await db.query<ValueRow>(
        'SELECT unit_code, measure_id, num, txt, na FROM value_current WHERE period = $1 AND measure_id = ANY($2)',
        [opts.period, opts.measures],
      );
  const byUnit = new Map<string, Map<string, ValueCell>>();
  for (const r of rows) {
    const m = entryFor(byUnit, r.unit_code, () => new Map());
    m.set(r.measure_id, { num: r.num, txt: r.txt, na: r.na });
  }
  return byUnit;
}

interface ResultRow {
  unit_code: string;
  status: string;
  n_total: number;
  n_met: number;
  n_basically_met: number;
  n_not_met: number;
  n_no_data: number;
  n_rule_missing: number;
}

/** Reads a framework version's stored results for a period (optionally only some units). */
export async function loadDependencyResults(
  db: Db,
  opts: { frameworkId: string; version: number; period: string; units?: string[]; onlyCounts?: boolean },
): Promise<DependencyResults> {
  const params: unknown[] = [opts.frameworkId, opts.version, opts.period];
  // Only subtree counts wanted (shares of units that meet): the rows of units with a subtree.
  let where = `framework_id = $1 AND version = $2 AND period = $3${opts.onlyCounts ? ' AND n_total > 0' : ''}`;
  if (opts.units) {
    params.push(opts.units);
    where += ' AND unit_code = ANY($4)';
  }
  const rows = await db.query<ResultRow>(
    `SELECT unit_code, status, n_total, n_met, n_basically_met, n_not_met, n_no_data, n_rule_missing
     FROM evaluation_results WHERE ${where}`,
    params,
  );
  const status = new Map<string, string>();
  const counts = new Map<string, SubtreeCounts>();
  for (const r of rows) {
    status.set(r.unit_code, r.status);
    if (r.n_total > 0)
      counts.set(r.unit_code, {
        total: r.n_total,
        met: r.n_met,
        basically_met: r.n_basically_met,
        not_met: r.n_not_met,
        no_data: r.n_no_data,
        rule_missing: r.n_rule_missing,
      });
  }
  return { status, counts };
}

/**
 * The stored results of every framework `fw` reads through derived indicators, for a period
 * (optionally only some units). A dependency not imported yet is left out: its derived
 * indicators then have no data.
 */
export async function loadDependencies(
  db: Db,
  fw: CompiledFramework,
  opts: { period: string; units?: string[] },
): Promise<Map<string, DependencyResults>> {
  const deps = new Map<string, DependencyResults>();
  for (const depId of fw.dependsOn) {
    const dep = await frameworkInForce(db, depId, requirePeriod(opts.period).end);
    if (!dep) continue;
    deps.set(
      depId,
      await loadDependencyResults(db, {
        frameworkId: depId,
        version: dep.meta.version,
        ...opts,
        onlyCounts: !readsOf(fw).self.has(depId),
      }),
    );
  }
  return deps;
}
