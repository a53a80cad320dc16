import type { Db } from '../db/database.ts';
import { evaluateUnit } from '../engine/evaluate.ts';
import { requirePeriod } from '../engine/periods.ts';
import { frameworksInForce, type LoadedFramework } from '../frameworks/store.ts';
import { listFor } from '../maps.ts';
import { loadChain, type UnitNode } from '../units/tree.ts';
import { isCounted } from './full.ts';
import { loadDependencies, loadValues, unitInput } from './inputs.ts';
import { readRun } from './runs.ts';

export interface ValueKey {
  unitCode: string;
  measureId: string;
  period: string;
}

/**
 * Live evaluation: after figures change, re-evaluates only the affected units (the unit, under
 * every framework that reads the measure), patches their ancestors' counts, and follows
 * frameworks that depend on those results (e.g. a district's share of communes that meet).
 * Runs not yet computed are left to be computed on first read; on anything unexpected the run
 * is marked stale instead of patched.
 */
export async function refreshAfterValueChange(db: Db, changes: ValueKey[]): Promise<void> {
  if (changes.length === 0) return;
  const byPeriod = new Map<string, ValueKey[]>();
  for (const ch of changes) {
    const list = listFor(byPeriod, ch.period);
    list.push(ch);
  }
  for (const [periodCode, list] of byPeriod) {
    const period = requirePeriod(periodCode);
    // Each period is patched under the versions that judge it (in force on its last day).
    const all = await frameworksInForce(db, period.end);
    const measures = new Set(list.map((c) => c.measureId));
    for (const fw of all) {
      if (!fw.compiled.measures.some((m) => measures.has(m))) continue;
      const units = [
        ...new Set(list.filter((c) => fw.compiled.measures.includes(c.measureId)).map((c) => c.unitCode)),
      ];
      await reevaluateUnits(db, fw, all, period, units, new Set());
    }
  }
}

async function reevaluateUnits(
  db: Db,
  fw: LoadedFramework,
  all: LoadedFramework[],
  period: { code: string; end: string; start: string },
  unitCodes: string[],
  seen: Set<string>,
): Promise<void> {
  if (period.end < fw.meta.validFrom || period.start > fw.meta.validTo) return;
  const run = await readRun(db, fw.meta.id, fw.meta.version, period.code);
  if (!run || run.stale) return;
  const key = fw.meta.id;
  if (seen.has(key)) return;
  const c = fw.compiled;
  const changed: UnitNode[][] = [];
  for (const code of unitCodes) {
    const chain = await loadChain(db, code, run.treeDate);
    const node = chain[0];
    if (!node || !c.appliesTo.has(node.kind)) continue;
    const values = c.measures.length
      ? await loadValues(db, { period: period.code, measures: c.measures, units: [code] })
      : new Map();
    const deps = await loadDependencies(db, c, { period: period.code, units: [code] });
    const ev = evaluateUnit(c, unitInput(node, values.get(code), deps));
    const old = (
      await db.query<{ status: string; applicable: boolean }>(
        `SELECT status, applicable FROM evaluation_results
         WHERE framework_id = $1 AND version = $2 AND period = $3 AND unit_code = $4`,
        [fw.meta.id, fw.meta.version, period.code, code],
      )
    )[0];
    if (!old?.applicable) {
      // The stored run does not know this unit: recompute it fully on next read.
      await db.query(
        'UPDATE evaluation_runs SET stale = true WHERE framework_id = $1 AND version = $2 AND period = $3',
        [fw.meta.id, fw.meta.version, period.code],
      );
      return;
    }
    await db.query(
      `UPDATE evaluation_results SET status = $5, met_criteria = $6, total_criteria = $7, points = $8,
         criteria_codes = $9, indicator_codes = $10
       WHERE framework_id = $1 AND version = $2 AND period = $3 AND unit_code = $4`,
      [
        fw.meta.id,
        fw.meta.version,
        period.code,
        code,
        ev.status,
        ev.metCriteria,
        ev.totalCriteria,
        ev.points,
        ev.criteriaLetters,
        ev.indicatorLetters,
      ],
    );
    if (old.status === ev.status) continue;
    const ancestors = chain.slice(1).map((n) => n.code);
    if (ancestors.length > 0) {
      const sets: string[] = [];
      if (isCounted(old.status)) sets.push(`n_${old.status} = n_${old.status} - 1`);
      if (isCounted(ev.status)) sets.push(`n_${ev.status} = n_${ev.status} + 1`);
      if (sets.length > 0)
        await db.query(
          `UPDATE evaluation_results SET ${sets.join(', ')}
           WHERE framework_id = $1 AND version = $2 AND period = $3 AND unit_code = ANY($4)`,
          [fw.meta.id, fw.meta.version, period.code, ancestors],
        );
    }
    changed.push(chain);
  }
  if (changed.length === 0) return;
  // Frameworks that read this one's results: re-evaluate the units whose derived facts moved.
  for (const dependent of all) {
    const specs = [
      ...dependent.compiled.criteria.flatMap((cr) => cr.indicators),
      ...dependent.compiled.conditions,
    ].flatMap((i) => [i, ...(i.parts ?? [])]);
    const share = specs.some(
      (i) => i.derived && 'children_met_share' in i.derived && i.derived.children_met_share === key,
    );
    const self = specs.some(
      (i) => i.derived && 'framework_met' in i.derived && i.derived.framework_met === key,
    );
    if (!share && !self) continue;
    const affected = new Set<string>();
    for (const chain of changed) {
      if (self) affected.add(chain[0]!.code);
      if (share) for (const a of chain.slice(1)) affected.add(a.code);
    }
    await reevaluateUnits(db, dependent, all, period, [...affected], new Set([...seen, key]));
  }
}
