/**
 * Reads built from stored results (dashboard matrices), kept in memory so that a crowd of
 * officials on the overview does not recompute them per request. Keyed by the results version:
 * `publicVersion()` moves once any change of figures, results, units or frameworks commits — the
 * audit events that also drive live updates — here or (NOTIFY) on another server instance
 * (src/audit/changes.ts). An entry is computed once per version even under concurrent misses
 * (the promise is shared); entries also expire after a while as a safety net.
 *
 * What is cached is the data before read scoping: callers apply the reader's scope (decision
 * 007) to the cached value on the way out, so one entry serves every reader.
 *
 * One cache per database handle: a transaction's handle gets its own (short-lived) one, so
 * uncommitted results never reach other readers.
 */
import { publicVersion } from '../audit/changes.ts';
import type { Db } from '../db/database.ts';

interface Entry {
  at: number;
  value: Promise<unknown>;
}

interface Cache {
  version: number;
  entries: Map<string, Entry>;
}

const caches = new WeakMap<Db, Cache>();
const TTL_MS = 60_000;
const MAX_ENTRIES = 2_000;

/** The value of `key` for the current results version: computed by `compute` on a miss, shared by concurrent readers. */
export function cachedResults<T>(db: Db, key: string, compute: () => Promise<T>): Promise<T> {
  const version = publicVersion();
  let cache = caches.get(db);
  if (!cache || cache.version !== version) {
    // A newer version makes every older entry unreachable: drop them at once.
    cache = { version, entries: new Map() };
    caches.set(db, cache);
  }
  const now = Date.now();
  const hit = cache.entries.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.value as Promise<T>;
  if (cache.entries.size >= MAX_ENTRIES) cache.entries.clear();
  const value = compute();
  const entries = cache.entries;
  entries.set(key, { at: now, value });
  // A failed read is not kept: the next request tries again.
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key);
  });
  return value;
}
