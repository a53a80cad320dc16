import { type Actor, requireRead } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { cellToScalar } from '../engine/evaluate.ts';
import { requirePeriod } from '../engine/periods.ts';
import type { Scalar } from '../engine/rules.ts';
import { AppError } from '../errors.ts';
import type { ValueType } from '../frameworks/schema.ts';
import { latestFrameworks, requireFramework } from '../frameworks/store.ts';
import { listFor } from '../maps.ts';
import { text } from '../text.ts';

/** A stored figure as shown to people: the typed value beside its raw columns. */
export interface ValueEntry {
  measure: string;
  indicator_codes: string[];
  value: Scalar | null;
  num: number | null;
  txt: string | null;
  na: boolean;
  note: string | null;
  source: string;
  actor: string;
  changed_at: string;
}

export type HistoryEntry = Omit<ValueEntry, 'measure' | 'indicator_codes'>;

interface ValueRow {
  measure_id: string;
  type: ValueType;
  num: number | null;
  txt: string | null;
  na: boolean;
  note: string | null;
  source: string;
  actor: string;
  changed_at: string;
}

function present(r: ValueRow): HistoryEntry {
  return {
    value: r.na ? null : (cellToScalar({ num: r.num, txt: r.txt, na: r.na }, r.type) ?? null),
    num: r.num,
    txt: r.txt,
    na: r.na,
    note: r.note,
    source: r.source,
    actor: r.actor,
    changed_at: r.changed_at,
  };
}

/** A timestamp as ISO 8601 in UTC (2024-07-01T08:30:00.000Z). */
export const isoTime = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

async function requireUnitCode(db: Db, code: string): Promise<void> {
  const rows = await db.query('SELECT 1 FROM units WHERE code = $1 LIMIT 1', [code]);
  if (rows.length === 0)
    throw new AppError('UNIT_NOT_FOUND', text(`Không có đơn vị với mã ${code}`, `unknown unit ${code}`));
}

/** Indicator codes reading each measure: plain codes for one framework, `id:code` across all. */
async function indicatorCodes(
  db: Db,
  frameworkId: string | undefined,
): Promise<{ codes: Map<string, string[]>; measures: string[] | null }> {
  const frameworks = frameworkId ? [await requireFramework(db, frameworkId)] : await latestFrameworks(db);
  const codes = new Map<string, string[]>();
  for (const fw of frameworks)
    for (const ind of [...fw.def.criteria.flatMap((c) => c.indicators), ...fw.def.conditions]) {
      const code = frameworkId ? ind.code : `${fw.meta.id}:${ind.code}`;
      const measures = ind.parts ? ind.parts.map((p) => p.measure) : ind.measure ? [ind.measure] : [];
      for (const m of measures) listFor(codes, m).push(code);
    }
  return { codes, measures: frameworkId ? [...codes.keys()] : null };
}

/**
 * The current figures of a unit for a period (only the measures a framework reads when one is
 * given), each with the indicators that read it, who entered it and when.
 */
export async function listValues(
  db: Db,
  opts: { unitCode: string; period: string; frameworkId?: string; actor: Actor },
): Promise<ValueEntry[]> {
  const period = requirePeriod(opts.period);
  await requireUnitCode(db, opts.unitCode);
  await requireRead(db, opts.actor, { unitCode: opts.unitCode, date: period.end });
  const { codes, measures } = await indicatorCodes(db, opts.frameworkId);
  const rows = await db.query<ValueRow>(
    `SELECT v.measure_id, m.type, v.num, v.txt, v.na, v.note, v.source, v.actor, ${isoTime('v.changed_at')} AS changed_at
     FROM value_current v JOIN measures m ON m.id = v.measure_id
     WHERE v.period = $1 AND v.unit_code = $2 ${measures ? 'AND v.measure_id = ANY($3)' : ''}
     ORDER BY v.measure_id`,
    measures ? [period.code, opts.unitCode, measures] : [period.code, opts.unitCode],
  );
  return rows.map((r) => ({
    measure: r.measure_id,
    indicator_codes: codes.get(r.measure_id) ?? [],
    ...present(r),
  }));
}

/**
 * Every value of one figure (unit, measure, period), newest first: the one in force, then the
 * append-only history of those it replaced (value_changes).
 */
export async function readValueHistory(
  db: Db,
  opts: { unitCode: string; measureId: string; period: string; actor: Actor },
): Promise<HistoryEntry[]> {
  const period = requirePeriod(opts.period);
  await requireUnitCode(db, opts.unitCode);
  await requireRead(db, opts.actor, { unitCode: opts.unitCode, date: period.end });
  const known = await db.query('SELECT 1 FROM measures WHERE id = $1', [opts.measureId]);
  if (known.length === 0)
    throw new AppError(
      'MEASURE_NOT_FOUND',
      text(`Không có số liệu với mã ${opts.measureId}`, `unknown measure ${opts.measureId}`),
    );
  const rows = await db.query<ValueRow>(
    `SELECT h.measure_id, m.type, h.num, h.txt, h.na, h.note, h.source, h.actor, ${isoTime('h.changed_at')} AS changed_at
     FROM value_changes h JOIN measures m ON m.id = h.measure_id
     WHERE h.unit_code = $1 AND h.measure_id = $2 AND h.period = $3
     ORDER BY h.in_force DESC, h.changed_at DESC, h.id DESC`,
    [opts.unitCode, opts.measureId, period.code],
  );
  return rows.map(present);
}
