import type { Db } from '../db/database.ts';
import type { Period } from '../engine/periods.ts';
import { frameworkInForce, type LoadedFramework } from '../frameworks/store.ts';
import { ensureEvaluated } from './full.ts';
import { readRun } from './runs.ts';

/** Every framework `fw` reads through derived indicators, transitively (not `fw` itself), at its version in force on `date`. */
async function dependencies(db: Db, fw: LoadedFramework, date: string): Promise<LoadedFramework[]> {
  const out = new Map<string, LoadedFramework>();
  const queue = [...fw.compiled.dependsOn];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (id === fw.meta.id || out.has(id)) continue;
    const dep = await frameworkInForce(db, id, date);
    if (!dep) continue;
    out.set(id, dep);
    queue.push(...dep.compiled.dependsOn);
  }
  return [...out.values()];
}

/** True when the runs of every framework `fw` derives from are fresh for the period (no query without any). */
export async function dependenciesFresh(db: Db, fw: LoadedFramework, period: Period): Promise<boolean> {
  if (fw.compiled.dependsOn.length === 0) return true;
  for (const dep of await dependencies(db, fw, period.end)) {
    if (dep.meta.validFrom > period.end || dep.meta.validTo < period.start) continue;
    const run = await readRun(db, dep.meta.id, dep.meta.version, period.code);
    if (!run || run.stale) return false;
  }
  return true;
}

/**
 * Makes sure the stored results of a framework for a period are up to date and returns the
 * tree date they were computed on. The common case (every run involved is fresh) costs one
 * primary-key read per framework; otherwise the stale runs are recomputed in a full pass first.
 */
export async function ensureFreshRun(db: Db, fw: LoadedFramework, period: Period): Promise<string> {
  const own = await readRun(db, fw.meta.id, fw.meta.version, period.code);
  if (own && !own.stale && (await dependenciesFresh(db, fw, period))) return own.treeDate;
  await ensureEvaluated(db, fw.meta.id, period.code);
  return (await readRun(db, fw.meta.id, fw.meta.version, period.code))?.treeDate ?? period.end;
}
