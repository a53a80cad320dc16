import type { Db } from '../db/database.ts';
import type { AuditEntry } from './events.ts';

export interface AuditFilter {
  unitCode?: string;
  userId?: number;
  dossierId?: number;
  /** One event type (`role.granted`), or every type of a family when it ends with a dot (`role.`). */
  type?: string;
  /** From this instant or day (ISO), inclusive. */
  from?: string;
  /** Up to this instant, or the whole of this day when given as YYYY-MM-DD. */
  to?: string;
  limit: number;
  offset: number;
}

/** A bare date as the end of a range means "up to the end of that day" in Vietnam. */
function rangeEnd(to: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(to) ? `${to}T23:59:59.999+07:00` : to;
}

function rangeStart(from: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(from) ? `${from}T00:00:00+07:00` : from;
}

function where(f: Omit<AuditFilter, 'limit' | 'offset'>): { sql: string; params: unknown[] } {
  const conds: string[] = [];
  const params: unknown[] = [];
  const add = (cond: string, v: unknown) => {
    params.push(v);
    conds.push(cond.replace('?', `$${params.length}`));
  };
  if (f.unitCode) add('unit_code = ?', f.unitCode);
  if (f.userId !== undefined) add('actor_user_id = ?', f.userId);
  if (f.dossierId !== undefined) add('dossier_id = ?', f.dossierId);
  if (f.type?.endsWith('.')) add('starts_with(type, ?)', f.type);
  else if (f.type) add('type = ?', f.type);
  if (f.from) add('at >= ?::timestamptz', rangeStart(f.from));
  if (f.to) add('at <= ?::timestamptz', rangeEnd(f.to));
  return { sql: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}

/** Audit events matching the filter, newest first, with the total count for paging. */
export async function listEvents(
  db: Db,
  filter: AuditFilter,
): Promise<{ events: AuditEntry[]; total: number }> {
  const w = where(filter);
  const n = w.params.length;
  const events = await db.query<AuditEntry & { at: Date | string }>(
    `SELECT id::int AS id, type, actor_user_id, actor_name, unit_code, dossier_id::int AS dossier_id, data, at
       FROM audit_events ${w.sql} ORDER BY at DESC, id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...w.params, filter.limit, filter.offset],
  );
  const total = (
    await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events ${w.sql}`, w.params)
  )[0]!.n;
  return {
    events: events.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
    total,
  };
}
