/**
 * What a committed change means for the caches of every server instance: `sessions` (accounts or
 * grants changed: sessions read a moment ago must not keep the old roles) and `public` (figures,
 * results, publication settings, decisions or feedback changed: cached public answers are out of
 * date). Applied in this process once the transaction commits, and announced to the other
 * instances on the same PostgreSQL database by NOTIFY (delivered at commit, never on rollback).
 */
import { forgetSessions } from '../accounts/session-cache.ts';
import type { Db } from '../db/database.ts';

export type Change = 'sessions' | 'public';

/** The NOTIFY channel of committed changes (see noteChanges). */
export const changesChannel = 'tieuchi_changes';
let publicCounter = 0;

/** Bumped by every committed change of what the public portal shows (here or on another instance). */
export function publicVersion(): number {
  return publicCounter;
}

function apply(changes: Iterable<string>): void {
  for (const c of changes) {
    if (c === 'sessions') forgetSessions();
    else if (c === 'public') publicCounter++;
  }
}

/**
 * Drops every cache of this process: after a write it cannot see the events of (a command run
 * beside the server through the PGlite control socket, src/db/control.ts).
 */
export function dropCaches(): void {
  apply(['sessions', 'public']);
}

/** Which caches an audit event type invalidates. Logins change neither. */
export function changesOf(type: string): Change[] {
  if (type.startsWith('login.')) return [];
  if (type.startsWith('user.') || type.startsWith('role.')) return ['sessions'];
  return ['public'];
}

/**
 * Applies `changes` after `tx` commits here; returns what the other instances must be told, as
 * the payload of a NOTIFY on `changesChannel` that the caller sends within its own statement
 * (PostgreSQL; null on PGlite, which has one process, or when nothing changes).
 */
export function noteChanges(tx: Db, changes: Change[]): string | null {
  const unique = [...new Set(changes)];
  if (unique.length === 0) return null;
  tx.onCommit(() => apply(unique));
  return tx.kind === 'postgres' ? unique.join(',') : null;
}

/** Applies `changes` after `tx` commits, here and (PostgreSQL, by a NOTIFY of its own) on every other instance. */
export async function announceChanges(tx: Db, changes: Change[]): Promise<void> {
  const payload = noteChanges(tx, changes);
  if (payload) await tx.query('SELECT pg_notify($1, $2)', [changesChannel, payload]);
}

/**
 * Makes this process apply the changes other instances announce (PostgreSQL; PGlite has one
 * process). Resolves to a function that stops listening.
 */
export async function listenForChanges(db: Db): Promise<() => Promise<void>> {
  if (!db.listen) return async () => {};
  return db.listen(changesChannel, (payload) => apply(payload.split(',')));
}
