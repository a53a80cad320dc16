import { auditPayloads, isAuditEventType } from '../../src/audit/payloads.ts';
import type { Db } from '../../src/db/database.ts';

/**
 * The stored audit events whose type is not in src/audit/payloads.ts or whose data does not parse
 * with that type's schema, as "type: reason" lines (empty when every event is typed).
 */
export async function untypedAuditEvents(db: Db): Promise<{ checked: number; wrong: string[] }> {
  const rows = await db.query<{ id: number; type: string; data: unknown }>(
    'SELECT id::int AS id, type, data FROM audit_events ORDER BY id',
  );
  const wrong = rows.flatMap((r) => {
    if (!isAuditEventType(r.type)) return [`${r.type} (#${r.id}): unknown type`];
    const parsed = auditPayloads[r.type].safeParse(r.data);
    return parsed.success
      ? []
      : [
          `${r.type} (#${r.id}): ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
        ];
  });
  return { checked: rows.length, wrong };
}
