import type { Actor } from '../access/index.ts';
import { type NewAuditEvent, recordEvents } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import type { CheckedValue } from './write.ts';

interface State {
  num: number | null;
  txt: string | null;
  na: boolean;
  note: string | null;
}

const keyOf = (unitCode: string, measureId: string, period: string) =>
  `${unitCode}\u0000${measureId}\u0000${period}`;

/** The current state of each figure about to be written (absent keys have none yet). */
export async function currentStates(tx: Db, values: CheckedValue[]): Promise<Map<string, State>> {
  const rows = await tx.query<State & { unit_code: string; measure_id: string; period: string }>(
    `SELECT c.unit_code, c.measure_id, c.period, c.num, c.txt, c.na, c.note
       FROM value_current c
       JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(unit_code, measure_id, period)
         ON c.unit_code = k.unit_code AND c.measure_id = k.measure_id AND c.period = k.period`,
    [values.map((v) => v.unitCode), values.map((v) => v.measureId), values.map((v) => v.period)],
  );
  return new Map(rows.map((r) => [keyOf(r.unit_code, r.measure_id, r.period), r]));
}

/**
 * Records one value.changed event per figure that differs from its state before the write
 * (the same comparison storeValues makes), with the previous state.
 */
export async function recordValueChanges(
  tx: Db,
  opts: { actor: Actor; source: string; values: CheckedValue[]; before: Map<string, State> },
): Promise<void> {
  const events: NewAuditEvent<'value.changed'>[] = [];
  for (const v of opts.values) {
    const prev = opts.before.get(keyOf(v.unitCode, v.measureId, v.period)) ?? null;
    const value = { num: v.cell.num, txt: v.cell.txt, na: v.cell.na, note: v.note };
    if (
      prev &&
      prev.num === value.num &&
      prev.txt === value.txt &&
      prev.na === value.na &&
      prev.note === value.note
    )
      continue;
    events.push({
      type: 'value.changed',
      actor: opts.actor,
      unitCode: v.unitCode,
      data: {
        measure: v.measureId,
        period: v.period,
        source: opts.source,
        value,
        previous: prev && { num: prev.num, txt: prev.txt, na: prev.na, note: prev.note },
        ...(v.enteredAt ? { entered_at: v.enteredAt } : {}),
      },
    });
  }
  await recordEvents(tx, events);
}
