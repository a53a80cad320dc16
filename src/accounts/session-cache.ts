/**
 * Sessions read in the last few seconds, so that the burst of API calls one page makes reads
 * the session and its grants from the database once (PGlite runs one query at a time; without
 * this, reading the session dominated every request). Any account or grant change (a user.* or
 * role.* audit event, see src/audit/changes.ts) empties it once its transaction commits, and
 * logging out forgets the session at once. Only PGlite (one process) uses it: on PostgreSQL,
 * where several server instances may share the database, sessions are read every time.
 */
export const CACHE_MS = 5_000;
const MAX_ENTRIES = 10_000;

export interface CachedSession<S> {
  session: S;
  /** The database the session was read from (tests run several in one process). */
  db: object;
  readAt: number;
  lastSeen: number;
  expiresAt: number;
}

const entries = new Map<string, CachedSession<unknown>>();

export function cachedSession<S>(db: object, tokenHash: string, now: number, touchEveryMs: number): S | null {
  const hit = entries.get(tokenHash);
  if (!hit) return null;
  if (
    hit.db !== db ||
    now - hit.readAt >= CACHE_MS ||
    now - hit.lastSeen >= touchEveryMs ||
    now >= hit.expiresAt
  ) {
    entries.delete(tokenHash);
    return null;
  }
  return hit.session as S;
}

export function cacheSession<S>(tokenHash: string, entry: CachedSession<S>): void {
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(tokenHash, entry);
}

export function forgetSession(tokenHash: string): void {
  entries.delete(tokenHash);
}

/** Empties the cache: after any change of accounts or grants, or a direct SQL change in a test. */
export function forgetSessions(): void {
  entries.clear();
}
