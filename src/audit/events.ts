/**
 * The audit trail: typed events, each written in the same transaction as the change it records
 * (a refused or rolled-back change leaves no event).
 */

import type { z } from '@hono/zod-openapi';
import type { Actor } from '../access/index.ts';
import { type Db, prepared } from '../db/database.ts';
import { changesChannel, changesOf, noteChanges } from './changes.ts';
import {
  type AuditEventData,
  type AuditEventType,
  type auditPayloads,
  isAuditEventType,
} from './payloads.ts';

export type { AuditEventData, AuditEventType } from './payloads.ts';

/**
 * An event to record: its data is the type's entry in payloads.ts (for a union of types, the
 * data of one of them). `actor` is who acted (for login.failed: the name typed, no user id).
 */
export type NewAuditEvent<T extends AuditEventType = AuditEventType> = {
  [K in T]: {
    type: K;
    actor: Pick<Actor, 'userId' | 'username'>;
    unitCode?: string | null;
    dossierId?: number | null;
    data: AuditEventData[K];
    /** When it happened (default: the database's now()); accounts pass their injectable clock. */
    at?: Date;
  };
}[T];

/** A stored event, as the audit API presents it: `data` as its type's schema in payloads.ts says. */
export type AuditEntry = {
  id: number;
  actor_user_id: number | null;
  actor_name: string;
  unit_code: string | null;
  dossier_id: number | null;
  at: string;
} & { [K in AuditEventType]: { type: K; data: StoredData<K> } }[AuditEventType];

type StoredData<K extends AuditEventType> = z.output<(typeof auditPayloads)[K]>;

const insertSql =
  prepared(`INSERT INTO audit_events (type, actor_user_id, actor_name, unit_code, dossier_id, data, at)
  SELECT e.type, e.actor_user_id, e.actor_name, e.unit_code, e.dossier_id, e.data, coalesce(e.at, now())
  FROM jsonb_to_recordset($1::jsonb) AS e(type text, actor_user_id integer, actor_name text, unit_code text,
    dossier_id bigint, data jsonb, at timestamptz)`);
/**
 * The same, telling the other instances (PostgreSQL) in the same statement: NOTIFY $2 with
 * payload $3 (delivered at commit; repeated per row, sent once, as PostgreSQL folds identical
 * notifications of a transaction).
 */
const insertNotifySql = prepared(`${insertSql} RETURNING pg_notify($2, $3)`);

function row(e: NewAuditEvent) {
  return {
    type: e.type,
    actor_user_id: e.actor.userId,
    actor_name: e.actor.username,
    unit_code: e.unitCode ?? null,
    dossier_id: e.dossierId ?? null,
    data: e.data,
    at: e.at?.toISOString() ?? null,
  };
}

/** Records one event. Call it with the transaction that makes the change. */
export async function recordEvent<T extends AuditEventType>(tx: Db, event: NewAuditEvent<T>): Promise<void> {
  await recordEvents(tx, [event as NewAuditEvent]);
}

/**
 * Records several events in one statement (e.g. every figure of one batch). A type outside
 * payloads.ts is refused (a programming error: the compiler refuses it first).
 */
export async function recordEvents(tx: Db, events: readonly NewAuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const unknown = events.find((e) => !isAuditEventType(e.type));
  if (unknown) throw new Error(`unknown audit event type ${unknown.type}: add it to src/audit/payloads.ts`);
  // Cached sessions and public answers are dropped once this commits, on every instance.
  const notify = noteChanges(
    tx,
    events.flatMap((e) => changesOf(e.type)),
  );
  const rows = JSON.stringify(events.map(row));
  if (notify) await tx.send(insertNotifySql, [rows, changesChannel, notify]);
  else await tx.send(insertSql, [rows]);
}
