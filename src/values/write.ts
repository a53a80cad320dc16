import { assertLoadedNotApproved, assertNotApproved } from '../approval/locking.ts';
import { csvField, type Db } from '../db/database.ts';
import type { ValueCell } from '../engine/evaluate.ts';
import type { InputIssue } from '../errors.ts';
import type { ValueType } from '../frameworks/schema.ts';
import { latestFrameworks } from '../frameworks/store.ts';
import { listFor } from '../maps.ts';
import { type Message, text } from '../text.ts';
import { OPEN_END } from '../units/tree.ts';
import { checkFields, rowMessages } from './parse.ts';

/** A figure as it arrives (CSV row, form field): indicator is a measure id or `framework:code`. */
export interface RawValue {
  line?: number;
  unitCode: string;
  indicator: string;
  period: string;
  value: string;
  note?: string;
  /** Offline edits: the figure's `changed_at` the person saw (null: none yet), checked for conflicts. */
  basedOn?: string | null;
  /** Offline edits: when the figure was typed (ISO time), if before it reached the server. */
  enteredAt?: string;
}

/** A validated figure, ready to store. */
export interface CheckedValue {
  unitCode: string;
  measureId: string;
  period: string;
  cell: ValueCell;
  note: string | null;
  basedOn?: string | null;
  enteredAt?: string;
}

interface MeasureInfo {
  id: string;
  type: ValueType;
}

/** The lookups validation needs, read once per batch. */
export interface ValueCatalog {
  measures: Map<string, MeasureInfo>;
  /** `framework:code` → measure id, or a reason why the indicator takes no typed value. */
  indicators: Map<string, string | { error: Message }>;
  /** unit code → validity intervals. */
  units: Map<string, Array<{ from: string; to: string }>>;
}

/** Reads measures, indicator codes of the latest framework versions, and unit intervals. */
export async function loadCatalog(db: Db, unitCodes?: string[]): Promise<ValueCatalog> {
  const measures = new Map(
    (await db.query<MeasureInfo>('SELECT id, type FROM measures')).map((m) => [m.id, m] as const),
  );
  const indicators = new Map<string, string | { error: Message }>();
  for (const fw of await latestFrameworks(db)) {
    for (const ind of [...fw.def.criteria.flatMap((c) => c.indicators), ...fw.def.conditions]) {
      const key = `${fw.meta.id}:${ind.code}`;
      if (ind.measure) indicators.set(key, ind.measure);
      else if (ind.derived)
        indicators.set(key, {
          error: text('chỉ tiêu này được tính tự động từ đơn vị cấp dưới', 'derived, not entered'),
        });
      else if (ind.parts)
        indicators.set(key, {
          error: `chỉ tiêu gồm nhiều nội dung; nhập theo mã số liệu: ${ind.parts.map((p) => p.measure).join(', ')}`,
        });
    }
  }
  const unitRows = await db.query<{ code: string; from: string; to: string }>(
    unitCodes
      ? 'SELECT code, valid_from::text AS "from", valid_to::text AS "to" FROM units WHERE code = ANY($1)'
      : 'SELECT code, valid_from::text AS "from", valid_to::text AS "to" FROM units',
    unitCodes ? [unitCodes] : [],
  );
  const units = new Map<string, Array<{ from: string; to: string }>>();
  for (const u of unitRows) {
    const list = listFor(units, u.code);
    list.push({ from: u.from, to: u.to });
  }
  return { measures, indicators, units };
}

/** Validates raw figures; returns the good ones and one issue per bad field. */
export function checkValues(
  raw: RawValue[],
  catalog: ValueCatalog,
): { values: CheckedValue[]; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const values: CheckedValue[] = [];
  const seen = new Map<string, number | undefined>();
  for (const r of raw) {
    const line = r.line;
    const before = issues.length;
    const bad = (field: string, value: string, message: Message) =>
      issues.push({ line, field, value, message });
    const { measureId, period, cell, issues: fieldIssues } = checkFields(r, catalog);
    for (const i of fieldIssues.filter((i) => i.field !== 'value')) bad(i.field, i.value, i.message);
    const intervals = catalog.units.get(r.unitCode);
    if (!intervals) bad('unit_code', r.unitCode, rowMessages.unknownUnit);
    else if (period && !intervals.some((i) => i.from <= period.end && i.to >= period.start)) {
      const spans = intervals.map(
        (i) => `${i.from.startsWith('0001') ? '…' : i.from} – ${i.to === OPEN_END ? '…' : i.to}`,
      );
      bad('unit_code', r.unitCode, rowMessages.unitNotInPeriod(period.code, spans.join('; ')));
    }
    for (const i of fieldIssues.filter((i) => i.field === 'value')) bad(i.field, i.value, i.message);
    if (issues.length > before || !measureId || !period || !cell) continue;
    const key = `${r.unitCode}\u0000${measureId}\u0000${period.code}`;
    if (seen.has(key)) {
      bad('indicator', r.indicator, rowMessages.duplicate(seen.get(key) ?? '?'));
      continue;
    }
    seen.set(key, line);
    values.push({
      unitCode: r.unitCode,
      measureId,
      period: period.code,
      cell,
      note: r.note?.trim() || null,
      ...(r.basedOn !== undefined ? { basedOn: r.basedOn } : {}),
      ...(r.enteredAt ? { enteredAt: r.enteredAt } : {}),
    });
  }
  return { values, issues };
}

/** Up to this many figures are stored with plain statements; more go through COPY. */
const SMALL_BATCH = 50;

/**
 * Stores a few figures (a form, one API call) with plain statements: cheaper than a COPY. One
 * statement per figure: compared with the current value, and only when it differs written to the
 * history and made current.
 */
async function storeFew(
  tx: Db,
  values: CheckedValue[],
  meta: { actor: string; source: string; importId?: number },
): Promise<StoredChanges> {
  const keys: Array<{ unitCode: string; measureId: string; period: string }> = [];
  for (const v of values) {
    const written = await tx.query(
      `WITH changed AS (
         SELECT 1 WHERE NOT EXISTS (
           SELECT 1 FROM value_current WHERE period = $1 AND unit_code = $2 AND measure_id = $3
             AND num IS NOT DISTINCT FROM $4::float8 AND txt IS NOT DISTINCT FROM $5::text AND na = $6::boolean
             AND note IS NOT DISTINCT FROM $7::text)
       ), history AS (
         INSERT INTO value_history (period, unit_code, measure_id, num, txt, na, note, source, actor, import_id, entered_at)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8::text, $9::text, $10::int, $11::timestamptz FROM changed
       )
       INSERT INTO value_current (period, unit_code, measure_id, num, txt, na, note, source, actor)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 FROM changed
       ON CONFLICT (period, unit_code, measure_id) DO UPDATE SET num = EXCLUDED.num, txt = EXCLUDED.txt,
         na = EXCLUDED.na, note = EXCLUDED.note, source = EXCLUDED.source, actor = EXCLUDED.actor, changed_at = now()
       RETURNING 1`,
      [
        v.period,
        v.unitCode,
        v.measureId,
        v.cell.num,
        v.cell.txt,
        v.cell.na,
        v.note,
        meta.source,
        meta.actor,
        meta.importId ?? null,
        v.enteredAt ?? null,
      ],
    );
    if (written.length > 0) keys.push({ unitCode: v.unitCode, measureId: v.measureId, period: v.period });
  }
  // Approved figures are locked (src/approval/): a change to one undoes the whole batch (same transaction).
  await assertNotApproved(tx, keys);
  return {
    count: keys.length,
    periods: [...new Set(keys.map((k) => k.period))],
    measures: [...new Set(keys.map((k) => k.measureId))],
    keys,
  };
}

/** Above this many changed figures, results are recomputed in full passes instead of live patches. */
export const LIVE_LIMIT = 500;

export interface StoredChanges {
  count: number;
  periods: string[];
  measures: string[];
  /** The changed keys, when there are at most LIVE_LIMIT of them. */
  keys: Array<{ unitCode: string; measureId: string; period: string }> | null;
}

/**
 * Stores figures: unchanged ones are skipped, changed ones go to the append-only history and
 * become current; a change of an approved figure refuses the batch (FIGURES_APPROVED). Says
 * what changed. Must run inside a transaction.
 */
export async function storeValues(
  tx: Db,
  values: CheckedValue[],
  meta: { actor: string; source: string; importId?: number },
): Promise<StoredChanges> {
  if (values.length === 0) return { count: 0, periods: [], measures: [], keys: [] };
  if (values.length <= SMALL_BATCH) return storeFew(tx, values, meta);
  await tx.exec(`CREATE TEMP TABLE IF NOT EXISTS values_load (
      period text, unit_code text, measure_id text, num double precision, txt text, na boolean, note text
    ) ON COMMIT DROP`);
  await tx.exec('TRUNCATE values_load');
  const csv = values
    .map((v) =>
      [v.period, v.unitCode, v.measureId, v.cell.num, v.cell.txt, v.cell.na ? 't' : 'f', v.note]
        .map(csvField)
        .join(','),
    )
    .join('\n');
  await tx.copyFrom(
    'values_load',
    ['period', 'unit_code', 'measure_id', 'num', 'txt', 'na', 'note'],
    `${csv}\n`,
  );
  // Keep only rows that differ from the current value (value, n/a flag or note).
  await tx.exec(`DELETE FROM values_load l USING value_current c
    WHERE c.period = l.period AND c.unit_code = l.unit_code AND c.measure_id = l.measure_id
      AND c.num IS NOT DISTINCT FROM l.num AND c.txt IS NOT DISTINCT FROM l.txt AND c.na = l.na
      AND c.note IS NOT DISTINCT FROM l.note`);
  await assertLoadedNotApproved(tx, 'values_load');
  const summary = (
    await tx.query<{ n: number; periods: string[] | null; measures: string[] | null }>(
      `SELECT count(*)::int AS n, array_agg(DISTINCT period) AS periods, array_agg(DISTINCT measure_id) AS measures
       FROM values_load`,
    )
  )[0]!;
  const keys =
    summary.n <= LIVE_LIMIT
      ? (
          await tx.query<{ unit_code: string; measure_id: string; period: string }>(
            'SELECT unit_code, measure_id, period FROM values_load',
          )
        ).map((c) => ({ unitCode: c.unit_code, measureId: c.measure_id, period: c.period }))
      : null;
  await tx.query(
    `INSERT INTO value_history (period, unit_code, measure_id, num, txt, na, note, source, actor, import_id)
     SELECT period, unit_code, measure_id, num, txt, na, note, $1, $2, $3 FROM values_load`,
    [meta.source, meta.actor, meta.importId ?? null],
  );
  await tx.query(
    `INSERT INTO value_current (period, unit_code, measure_id, num, txt, na, note, source, actor, changed_at)
     SELECT period, unit_code, measure_id, num, txt, na, note, $1, $2, now() FROM values_load
     ON CONFLICT (period, unit_code, measure_id) DO UPDATE SET num = EXCLUDED.num, txt = EXCLUDED.txt,
       na = EXCLUDED.na, note = EXCLUDED.note, source = EXCLUDED.source, actor = EXCLUDED.actor,
       changed_at = EXCLUDED.changed_at`,
    [meta.source, meta.actor],
  );
  await tx.exec('ANALYZE value_current');
  return { count: summary.n, periods: summary.periods ?? [], measures: summary.measures ?? [], keys };
}
