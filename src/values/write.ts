import { approvedFiguresSql, type LockedFigure, refuseApproved } from '../approval/locking.ts';
import { csvField } from '../db/csv.ts';
import { type Db, prepared } from '../db/database.ts';
import { type LockingDossier, lockedHits, lockingDossiersJson, refuseLocked } from '../dossiers/locking.ts';
import { lockedStates } from '../dossiers/states.ts';
import type { ValueCell } from '../engine/evaluate.ts';
import { requirePeriod } from '../engine/periods.ts';
import type { InputIssue } from '../errors.ts';
import type { ValueType } from '../frameworks/schema.ts';
import { latestFrameworks } from '../frameworks/store.ts';
import { stagedColumns } from '../imports/stage-rows.ts';
import { openStaging, type StoredChanges, storeStaged } from '../imports/staging.ts';
import { listFor } from '../maps.ts';
import { type Message, text } from '../text.ts';
import { OPEN_END } from '../units/tree.ts';
import { checkFields, type FieldCatalog, rowMessages } from './parse.ts';

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
  /** What officials call it (the message of a refused value names it). */
  name?: string;
}

/** The lookups validation needs, read once per batch. */
export interface ValueCatalog {
  measures: Map<string, MeasureInfo>;
  /** `framework:code` → measure id, or a reason why the indicator takes no typed value. */
  indicators: Map<string, string | { error: Message }>;
  /** unit code → validity intervals. */
  units: Map<string, Array<{ from: string; to: string }>>;
}

/**
 * What identifies the catalog's content, read in the statements that need it: the published
 * framework versions (immutable: id, version, content hash) and the measures (insert-only: their
 * count and a sum of hashes of id and type). Publishing a version or adding a measure changes it.
 */
const catalogStampSql = `(coalesce((SELECT string_agg(id || '@' || version || '@' || content_hash, ',' ORDER BY id, version)
    FROM frameworks WHERE status = 'published'), '') || '|' ||
  (SELECT count(*) || ':' || coalesce(sum(hashtext(id || ':' || type)), 0) FROM measures))`;

/** Measures and indicator codes by catalog stamp: the same content whatever the database. */
const catalogs = new Map<string, FieldCatalog>();
/** The stamp last seen: a write guesses the catalog with it and checks the guess in its first statement. */
let lastStamp: string | null = null;

/** The measures and indicator codes of the latest framework versions, read once per stamp. */
async function fieldCatalog(db: Db, stamp: string): Promise<FieldCatalog> {
  let hit = catalogs.get(stamp);
  if (!hit) {
    const measures = new Map(
      (await db.query<MeasureInfo>('SELECT id, type, name FROM measures')).map((m) => [m.id, m] as const),
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
    hit = { measures, indicators };
    if (catalogs.size >= 16) catalogs.clear();
    catalogs.set(stamp, hit);
  }
  lastStamp = stamp;
  return hit;
}

type Intervals = Map<string, Array<{ from: string; to: string }>>;

function intervalsOf(json: string | null): Intervals {
  const units: Intervals = new Map();
  for (const [code, from, to] of JSON.parse(json ?? '[]') as Array<[string, string, string]>)
    listFor(units, code).push({ from, to });
  return units;
}

/**
 * Reads measures, indicator codes of the latest framework versions (kept in memory per catalog
 * stamp), and the intervals of `unitCodes` (every unit when omitted): one statement when the
 * catalog is known.
 */
export async function loadCatalog(db: Db, unitCodes?: string[]): Promise<ValueCatalog> {
  const [row] = await db.query<{ stamp: string; units: string | null }>(
    `SELECT ${catalogStampSql} AS stamp, (SELECT json_agg(json_build_array(code, valid_from::text, valid_to::text))
       FROM units${unitCodes ? ' WHERE code = ANY($1)' : ''})::text AS units`,
    unitCodes ? [unitCodes] : [],
  );
  return { ...(await fieldCatalog(db, row!.stamp)), units: intervalsOf(row!.units) };
}

/** The stored state of a figure about to be written (locked until the write's transaction ends). */
export interface CurrentFigure {
  num: number | null;
  txt: string | null;
  na: boolean;
  note: string | null;
  actor: string;
  /** ISO time to the millisecond. */
  changed_at: string;
}

/** The map key of a figure: unit, measure, period. */
export const figureKey = (unitCode: string, measureId: string, period: string) =>
  `${unitCode}\u0000${measureId}\u0000${period}`;

type Key = { unitCode: string; measureId: string; period: string };

/** What a write of a few figures checks first, read in one statement (readBeforeWrite). */
export interface BeforeWrite {
  /** The catalog stamp (see catalogStampSql). */
  stamp: string;
  /** Validity intervals of the units asked for. */
  units: Intervals;
  /** The figures' current states by figureKey (absent: none yet), locked FOR UPDATE. */
  current: Map<string, CurrentFigure>;
  /** Dossiers in a locked state on the figures' units and periods (when asked for). */
  dossiers: LockingDossier[];
  /** Approved figures among the keys (src/approval/). */
  approved: LockedFigure[];
}

/**
 * Everything a write of a few figures checks before writing, in one statement: the catalog
 * stamp, the units' validity intervals, the figures' current states (row-locked, so the previous
 * state recorded is the one replaced), the dossiers that lock them (with `dossiers`) and their
 * approvals. Runs in the write's transaction.
 */
export async function readBeforeWrite(
  tx: Db,
  keys: Key[],
  opts: { units?: string[]; dossiers?: boolean } = {},
): Promise<BeforeWrite> {
  const [row] = await tx.query<{
    stamp: string;
    units: string | null;
    cur: string | null;
    approved: string | null;
    dossiers: string | null;
  }>(beforeWriteSql, [
    keys.map((k) => k.unitCode),
    keys.map((k) => k.measureId),
    keys.map((k) => k.period),
    opts.units ?? [],
    opts.dossiers ? [...lockedStates] : [],
  ]);
  const current = new Map<string, CurrentFigure>();
  for (const [u, m, p, num, txt, na, note, actor, changedAt] of JSON.parse(row?.cur ?? '[]') as Array<
    [string, string, string, number | null, string | null, boolean, string | null, string, string]
  >)
    current.set(figureKey(u, m, p), { num, txt, na, note, actor, changed_at: changedAt });
  const approved = (
    JSON.parse(row?.approved ?? '[]') as Array<
      [string, string, string, string, string | null, string | null, string | null, string | null]
    >
  ).map(
    ([
      unit_code,
      measure_id,
      period,
      framework_id,
      approved_by,
      unit_name,
      measure_name,
      framework_name,
    ]) => ({
      unit_code,
      measure_id,
      period,
      framework_id,
      approved_by,
      unit_name,
      measure_name,
      framework_name,
    }),
  );
  return {
    stamp: row!.stamp,
    units: intervalsOf(row?.units ?? null),
    current,
    dossiers: JSON.parse(row?.dossiers ?? '[]') as LockingDossier[],
    approved,
  };
}

/** The text of readBeforeWrite's statement (prepared on PostgreSQL). */
const beforeWriteSql = prepared(
  `WITH k AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS k(unit_code, measure_id, period)),
     cur AS (
       SELECT c.unit_code, c.measure_id, c.period, c.num, c.txt, c.na, c.note, c.actor,
         to_char(c.changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS changed_at
       FROM value_current c JOIN k ON c.period = k.period AND c.unit_code = k.unit_code AND c.measure_id = k.measure_id
       FOR UPDATE OF c
     )
     SELECT ${catalogStampSql} AS stamp,
       (SELECT json_agg(json_build_array(code, valid_from::text, valid_to::text)) FROM units
        WHERE code = ANY($4::text[]))::text AS units,
       (SELECT json_agg(json_build_array(unit_code, measure_id, period, num, txt, na, note, actor, changed_at))
        FROM cur)::text AS cur,
       (SELECT json_agg(json_build_array(x.unit_code, x.measure_id, x.period, x.framework_id, x.approved_by,
          x.unit_name, x.measure_name, x.framework_name))
        FROM (${approvedFiguresSql('k')}) x)::text AS approved,
       ${lockingDossiersJson('k', '$5::text[]')}::text AS dossiers`,
);

/** The keys of the raw figures whose period and indicator are good (the others are refused anyway). */
function keysOf(raw: RawValue[], catalog: FieldCatalog): Key[] {
  const keys: Key[] = [];
  for (const r of raw) {
    const { measureId, period } = checkFields(r, catalog);
    if (measureId && period) keys.push({ unitCode: r.unitCode, measureId, period: period.code });
  }
  return keys;
}

/**
 * Checks typed figures for a write and reads what the write checks next (readBeforeWrite, with
 * the dossier locks), in the write's transaction. The catalog is the one last seen, checked
 * against the stamp read in the same statement (read again, and the statement repeated, only
 * after a framework was published or a measure added).
 */
export async function checkForWrite(
  tx: Db,
  raw: RawValue[],
): Promise<{ values: CheckedValue[]; issues: InputIssue[]; before: BeforeWrite }> {
  const units = [...new Set(raw.map((r) => r.unitCode))];
  let stamp = lastStamp;
  for (let attempt = 0; ; attempt++) {
    const fields = stamp ? catalogs.get(stamp) : undefined;
    const before = await readBeforeWrite(tx, fields ? keysOf(raw, fields) : [], { units, dossiers: true });
    if (fields && (before.stamp === stamp || attempt >= 2))
      return { ...checkValues(raw, { ...fields, units: before.units }), before };
    stamp = before.stamp;
    await fieldCatalog(tx, stamp);
  }
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

/**
 * A few changed figures made current, in one statement (prepared on PostgreSQL); the values they
 * replace go to the history by value_current's trigger (migration 025).
 */
const storeFewSql = prepared(
  `INSERT INTO value_current (period, unit_code, measure_id, num, txt, na, note, source, actor, import_id, entered_at)
   SELECT period, unit_code, measure_id, num, txt, na, note, $9::text, $10::text, $11::int, entered_at
   FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::text[], $6::boolean[], $7::text[],
     $8::timestamptz[]) AS d(period, unit_code, measure_id, num, txt, na, note, entered_at)
   ON CONFLICT (period, unit_code, measure_id) DO UPDATE SET num = EXCLUDED.num, txt = EXCLUDED.txt,
     na = EXCLUDED.na, note = EXCLUDED.note, source = EXCLUDED.source, actor = EXCLUDED.actor,
     import_id = EXCLUDED.import_id, entered_at = EXCLUDED.entered_at, changed_at = now()`,
);

/** Up to this many figures are stored by one plain statement; more go through the staged path. */
export const SMALL_BATCH = 50;

const sameFigure = (v: CheckedValue, c: CurrentFigure | undefined) =>
  c !== undefined && c.num === v.cell.num && c.txt === v.cell.txt && c.na === v.cell.na && c.note === v.note;

/**
 * Stores figures: unchanged ones are skipped, changed ones become current (the values they
 * replace go to the append-only history); a change of an approved figure refuses the batch
 * (FIGURES_APPROVED), and with `dossiers` one a submitted dossier relies on (DOSSIER_LOCKED).
 * Says what changed. Must run inside a transaction.
 *
 * A few figures (a form, one API call) cost two statements: the checks and previous states read
 * together (`before`, read here unless the caller read it), then one statement writing the
 * current figures. More go through the one bulk path, the staged import
 * (src/imports/staging.ts: COPY into a staging table, checks and writes set-wise; it always
 * checks dossier locks).
 */
export async function storeValues(
  tx: Db,
  values: CheckedValue[],
  meta: { actor: string; source: string; importId?: number },
  opts: { before?: BeforeWrite; dossiers?: boolean } = {},
): Promise<StoredChanges> {
  if (values.length === 0) return { count: 0, periods: [], measures: [], keys: [] };
  if (values.length > SMALL_BATCH) return storeBulk(tx, values, meta);
  const before = opts.before ?? (await readBeforeWrite(tx, values, { dossiers: opts.dossiers ?? false }));
  const changed = values.filter(
    (v) => !sameFigure(v, before.current.get(figureKey(v.unitCode, v.measureId, v.period))),
  );
  await refuseLocked(tx, lockedHits(changed, before.dossiers));
  const changedKeys = new Set(changed.map((v) => figureKey(v.unitCode, v.measureId, v.period)));
  refuseApproved(
    before.approved.filter((a) => changedKeys.has(figureKey(a.unit_code, a.measure_id, a.period))),
  );
  if (changed.length > 0)
    await tx.send(storeFewSql, [
      changed.map((v) => v.period),
      changed.map((v) => v.unitCode),
      changed.map((v) => v.measureId),
      changed.map((v) => v.cell.num),
      changed.map((v) => v.cell.txt),
      changed.map((v) => v.cell.na),
      changed.map((v) => v.note),
      changed.map((v) => v.enteredAt ?? null),
      meta.source,
      meta.actor,
      meta.importId ?? null,
    ]);
  const keys = changed.map((v) => ({
    unitCode: v.unitCode,
    measureId: v.measureId,
    period: v.period,
    cell: v.cell,
  }));
  return {
    count: keys.length,
    periods: [...new Set(keys.map((k) => k.period))],
    measures: [...new Set(keys.map((k) => k.measureId))],
    keys,
  };
}

/** Many checked figures (targets, surveys, an API call of many): staged and stored like an import. */
async function storeBulk(
  tx: Db,
  values: CheckedValue[],
  meta: { actor: string; source: string; importId?: number },
): Promise<StoredChanges> {
  const s = await openStaging(tx);
  const csv = values
    .map((v, i) => {
      const p = requirePeriod(v.period);
      const row: Record<(typeof stagedColumns)[number], string | number | null> = {
        line: i + 1,
        unit_code: v.unitCode,
        indicator: v.measureId,
        measure_id: v.measureId,
        period: v.period,
        p_start: p.start,
        p_end: p.end,
        num: v.cell.num,
        txt: v.cell.txt,
        na: v.cell.na ? 't' : 'f',
        note: v.note,
      };
      return `${s.batch},${stagedColumns.map((c) => csvField(row[c])).join(',')}`;
    })
    .join('\n');
  await tx.copyFrom(s.table, ['batch', ...stagedColumns], `${csv}\n`);
  s.rows = values.length;
  return storeStaged(tx, s, { actor: meta.actor, source: meta.source, importId: meta.importId ?? null });
}
