/**
 * The audit trail: typed events, each written in the same transaction as the change it records
 * (a refused or rolled-back change leaves no event).
 */
import type { Actor, Role } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { announceChanges, changesOf } from './changes.ts';

interface FigureState {
  num: number | null;
  txt: string | null;
  na: boolean;
  note: string | null;
}

interface FiguresStep {
  framework_id: string;
  period: string;
  reason: string | null;
}

/** The data each event type carries. Dossier and evidence events add their own entries. */
export interface AuditEventData {
  'value.changed': {
    measure: string;
    period: string;
    source: string;
    value: FigureState;
    previous: FigureState | null;
    /** When it was typed, for a figure queued offline. */
    entered_at?: string;
  };
  'values.imported': {
    file: string;
    import_id: number | null;
    rows: number;
    changed: number;
    source: string;
  };
  'units.imported': { file: string; rows: number; added: number; changed: number; removed: number };
  'framework.imported': {
    framework_id: string;
    version: number;
    outcome: 'created' | 'new_version';
    file: string;
  };
  'framework.drafted': { framework_id: string; version: number; file: string };
  'framework.published': { framework_id: string; version: number };
  'framework.draft_corrected': {
    framework_id: string;
    version: number;
    code: string;
    column: string;
    before: unknown;
    after: unknown;
  };
  'user.created': { user_id: number; username: string; display_name: string };
  'user.deactivated': { user_id: number; username: string };
  'user.password_set': { user_id: number; username: string };
  'user.locked': { user_id: number; username: string; until: string };
  'user.unlocked': { user_id: number; username: string };
  'user.activated': { user_id: number; username: string };
  'role.granted': {
    grant_id: number;
    user_id: number;
    username: string;
    role: Role;
    framework_id: string | null;
    criteria: string[] | null;
  };
  'role.revoked': { grant_id: number; user_id: number; username: string; role: Role };
  'login.succeeded': { user_id: number; address: string | null };
  /** Approval of routine figures (src/approval/): one event per unit and step. */
  'figures.submitted': FiguresStep;
  'figures.approved': FiguresStep;
  'figures.returned': FiguresStep;
  'figures.reopened': FiguresStep;
  'quality.explained': { measure: string; period: string; kind: string; note: string };
  'login.failed': {
    address: string | null;
    user_id: number | null;
    reason: 'unknown_user' | 'wrong_password' | 'locked' | 'inactive';
  };
}

/** Event types: the ones above, and dossier.* / evidence.* / target.* / survey.* / staff.* / publication.* / feedback.* recorded by those features. */
export type AuditEventType =
  | keyof AuditEventData
  | `dossier.${string}`
  | `evidence.${string}`
  | `target.${string}`
  | `survey.${string}`
  | `staff.${string}`
  | `publication.${string}`
  | `feedback.${string}`;

type DataOf<T extends AuditEventType> = T extends keyof AuditEventData
  ? AuditEventData[T]
  : Record<string, unknown>;

/** An event to record. `actor` is who acted (for login.failed: the name typed, no user id). */
export interface NewAuditEvent<T extends AuditEventType = AuditEventType> {
  type: T;
  actor: Pick<Actor, 'userId' | 'username'>;
  unitCode?: string | null;
  dossierId?: number | null;
  data: DataOf<T>;
  /** When it happened (default: the database's now()); accounts pass their injectable clock. */
  at?: Date;
}

/** A stored event, as the audit API presents it. */
export interface AuditEntry {
  id: number;
  type: AuditEventType;
  actor_user_id: number | null;
  actor_name: string;
  unit_code: string | null;
  dossier_id: number | null;
  data: Record<string, unknown>;
  at: string;
}

const insertSql = `INSERT INTO audit_events (type, actor_user_id, actor_name, unit_code, dossier_id, data, at)
  SELECT e.type, e.actor_user_id, e.actor_name, e.unit_code, e.dossier_id, e.data, coalesce(e.at, now())
  FROM jsonb_to_recordset($1::jsonb) AS e(type text, actor_user_id integer, actor_name text, unit_code text,
    dossier_id bigint, data jsonb, at timestamptz)`;

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

/** Records several events in one statement (e.g. every figure of one batch). */
export async function recordEvents(tx: Db, events: NewAuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.query(insertSql, [JSON.stringify(events.map(row))]);
  // Cached sessions and public answers are dropped once this commits, on every instance.
  await announceChanges(
    tx,
    events.flatMap((e) => changesOf(e.type)),
  );
}
