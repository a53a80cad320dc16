import type { Db } from '../db/database.ts';
import type { Period } from '../engine/periods.ts';
import { type LoadedFramework, requireFramework } from '../frameworks/store.ts';
import { ensureEvaluated } from './full.ts';
import { readRun } from './runs.ts';

/** The framework and every framework it reads through derived indicators, transitively. */
async function withDependencies(db: Db, fw: LoadedFramework): Promise<LoadedFramework[]> {
  const out = new Map<string, LoadedFramework>([[fw.meta.id, fw]]);
  const queue = [...fw.compiled.dependsOn];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (out.has(id)) continue;
    const dep = await requireFramework(db, id).catch(() => null);
    if (!dep) continue;
    out.set(id, dep);
    queue.push(...dep.compiled.dependsOn);
  }
  return [...out.values()];
}

/**
 * Makes sure the stored results of a framework for a period are up to date and returns the
 * tree date they were computed on. The common case (every run involved is fresh) costs one
 * query; otherwise the stale runs are recomputed in a full pass first.
 */
export async function ensureFreshRun(db: Db, fw: LoadedFramework, period: Period): Promise<string> {
  const inForce = (f: LoadedFramework) => f.meta.validFrom <= period.end && f.meta.validTo >= period.start;
  const frameworks = (fw.compiled.dependsOn.length > 0 ? await withDependencies(db, fw) : [fw]).filter(
    (f) => f === fw || inForce(f),
  );
  const rows = await db.query<{ framework_id: string; version: number; stale: boolean; tree_date: string }>(
    `SELECT framework_id, version, stale, tree_date::text AS tree_date FROM evaluation_runs
     WHERE period = $1 AND framework_id = ANY($2)`,
    [period.code, frameworks.map((f) => f.meta.id)],
  );
  const fresh = frameworks.every((f) =>
    rows.some((r) => r.framework_id === f.meta.id && r.version === f.meta.version && !r.stale),
  );
  const own = rows.find((r) => r.framework_id === fw.meta.id && r.version === fw.meta.version);
  if (fresh && own) return own.tree_date;
  await ensureEvaluated(db, fw.meta.id, period.code);
  const run = await readRun(db, fw.meta.id, fw.meta.version, period.code);
  return run?.treeDate ?? period.end;
}
