/**
 * Turns the rows of a values file into CSV for the staging tables (src/imports/staging.ts), as
 * the file is read: each row's own fields are checked with the shared checks (checkFields) and
 * either staged or reported. Pure (no database), so it runs in the reading worker thread too.
 */
import type ExcelJS from 'exceljs';
import { csvField } from '../db/csv.ts';
import type { Period } from '../engine/periods.ts';
import { cellText } from '../files/cell-text.ts';
import { type ColumnSpec, type FoundColumns, findColumns } from '../files/columns.ts';
import type { ValueType } from '../frameworks/schema.ts';
import type { Message } from '../text.ts';
import { checkFields, type FieldCatalog, fieldOrder, rowMessages } from '../values/parse.ts';

/**
 * The columns of a plain values file (note is optional), found under the Vietnamese header, an
 * alias or the English key, case and tone marks ignored (see findColumns).
 */
export const valueColumns = [
  {
    key: 'unit_code',
    label: 'Mã đơn vị',
    en: 'unit code',
    aliases: ['Mã ĐVHC', 'Mã số đơn vị'],
    required: true,
  },
  { key: 'indicator', label: 'Chỉ tiêu', en: 'indicator', aliases: ['Mã chỉ tiêu'], required: true },
  { key: 'period', label: 'Kỳ', en: 'period', aliases: ['Kỳ báo cáo'], required: true },
  { key: 'value', label: 'Giá trị', en: 'value', required: true },
  { key: 'note', label: 'Ghi chú', en: 'note' },
] as const satisfies readonly ColumnSpec[];

export type ValueColumn = (typeof valueColumns)[number]['key'];

/** The header each value column was found under in the file (to name it in issues). */
export type ValueHeaders = Partial<Record<ValueColumn, string>>;

/** Columns of the staging tables, in the order of the CSV this module writes. */
export const stagedColumns = [
  'line',
  'unit_code',
  'indicator',
  'measure_id',
  'period',
  'p_start',
  'p_end',
  'num',
  'txt',
  'na',
  'note',
] as const;
export const issueColumns = ['line', 'ord', 'field', 'value', 'vi', 'en'] as const;

/**
 * Columns of value_current a file's rows are COPYed into when they are stored directly (the first
 * figures of a period, see src/imports/direct.ts), in the order of the CSV this module writes.
 */
export const currentColumns = [
  'period',
  'unit_code',
  'measure_id',
  'num',
  'txt',
  'na',
  'note',
  'source',
  'actor',
  'import_id',
] as const;

/** Columns of the keys a directly stored file names: each unit with each period, once. */
export const keyColumns = ['unit_code', 'period', 'p_start', 'p_end'] as const;

/** Who and what a directly stored file's rows carry (the same for every row). */
export interface DirectRows {
  source: string;
  actor: string;
  importId: number;
}

/**
 * A batch of rows read, as CSV: `rows` whose own fields are fine (for the staged table),
 * `held` rows with a problem of their own or repeating an earlier row's figure (kept apart, for
 * the checks that need the database), and the problems found; `count` rows of the file.
 */
export interface StagedChunk {
  rows: string;
  held: string;
  issues: string;
  count: number;
  /** The periods of good rows first met in this chunk. */
  periods: string[];
  /**
   * Stored directly (`DirectRows` given): `rows` are value_current's columns (currentColumns);
   * `keys` each unit and period first met in this chunk (keyColumns), `measures` each measure
   * first met. Empty otherwise.
   */
  keys: string;
  measures: string[];
}

/** A FieldCatalog as sent to a worker thread (structured clone has no Map of Maps issues, but keep it plain). */
export interface FieldCatalogData {
  measures: Array<[string, ValueType, string | undefined]>;
  indicators: Array<[string, string | { error: Message }]>;
}

export function catalogData(c: FieldCatalog): FieldCatalogData {
  return {
    measures: [...c.measures.values()].map((m) => [m.id, m.type, m.name]),
    indicators: [...c.indicators],
  };
}

export function catalogOf(d: FieldCatalogData): FieldCatalog {
  return {
    measures: new Map(d.measures.map(([id, type, name]) => [id, { id, type, name }])),
    indicators: new Map(d.indicators),
    periods: new Map(),
  };
}

function messageFields(m: Message): [string, string | null] {
  return typeof m === 'string' ? [m, null] : [m.vi, m.en];
}

/** The number of `key` in `numbers`, numbering it next when new. */
function numbered(numbers: Map<string, number>, key: string): number {
  let n = numbers.get(key);
  if (n === undefined) {
    n = numbers.size;
    numbers.set(key, n);
  }
  return n;
}

/** Rows per chunk: large enough for COPY to pay off, small enough to keep each statement short. */
export const CHUNK_ROWS = 5_000;

/** NFC form of a cell's text (Windows-1258 files carry tone marks as combining characters); ASCII as it is. */
const nfc = (s: string) => (/[\u0080-\uffff]/.test(s) ? s.normalize('NFC') : s);
/** A cell's text as an official sees it, trimmed. */
const cellString = (v: unknown) =>
  typeof v === 'string' ? v.trim() : cellText((v ?? null) as ExcelJS.CellValue).trim();

/** The NFC text of cell `i` of a row, trimmed ('' for a missing column). */
const cellAt = (values: readonly unknown[], i: number) => (i < 0 ? '' : nfc(cellString(values[i])));

/**
 * Reads a values table row by row (header first) into chunks of staging CSV. `header` says
 * whether the header has the plain columns; rows without any text are left out, as everywhere.
 * A figure given twice (same unit, figure, period) is named on its later rows, as a repeat of
 * the first one (rows with a problem of their own are not compared).
 */
export class ValueRowStager {
  private readonly catalog: FieldCatalog;
  private columns: { unit: number; indicator: number; period: number; value: number; note: number } | null =
    null;
  private rows: string[] = [];
  private held: string[] = [];
  private issues: string[] = [];
  private count = 0;
  /**
   * The first line of each figure staged, by unit, then by measure and period numbered as met (a
   * small-integer key: string keys for 600,000 rows cost 40 % of reading a file).
   */
  private readonly seen = new Map<string, Map<number | string, number>>();
  private readonly measureNo = new Map<string, number>();
  private readonly periodNo = new Map<string, number>();
  /** Periods numbered since the last chunk. */
  private newPeriods: string[] = [];
  /** Stored directly: the text every row ends with (source, actor, import id). */
  private readonly directTail: string | null;
  /** Stored directly: the periods met of each unit (by number), the keys and measures new since the last chunk. */
  private readonly unitPeriods = new Map<string, Set<number>>();
  private keys: string[] = [];
  private newMeasures: string[] = [];
  /** The last row's unit and its figures (a file's rows usually come unit by unit). */
  private lastUnit: string | null = null;
  private lastSeen: Map<number | string, number> | null = null;
  headerCells: string[] | null = null;
  /** The value columns found in the header (positions, headers, problems). */
  found: FoundColumns<ValueColumn> | null = null;

  constructor(
    catalog: FieldCatalog | FieldCatalogData,
    private readonly chunkRows = CHUNK_ROWS,
    direct?: DirectRows,
  ) {
    this.directTail = direct
      ? `,${csvField(direct.source)},${csvField(direct.actor)},${direct.importId}`
      : null;
    this.catalog =
      catalog.measures instanceof Map
        ? { ...(catalog as FieldCatalog), periods: new Map() }
        : catalogOf(catalog as FieldCatalogData);
  }

  /**
   * Takes the header row; false when a plain column is missing or given twice (the caller decides
   * what then). The positions are found once here: the rows are read by position.
   */
  header(values: readonly unknown[]): boolean {
    const header = Array.from(values, (v) => cellString(v).normalize('NFC'));
    this.headerCells = header;
    const found = findColumns(header, valueColumns);
    this.found = found;
    if (found.missing.length > 0 || found.twice.length > 0) return false;
    const at = found.positions;
    this.columns = {
      unit: at.unit_code ?? -1,
      indicator: at.indicator ?? -1,
      period: at.period ?? -1,
      value: at.value ?? -1,
      note: at.note ?? -1,
    };
    return true;
  }

  /** Adds one data row (cell values as read); returns a full chunk when there is one. */
  add(line: number, values: readonly unknown[]): StagedChunk | null {
    const cols = this.columns!;
    const unitCode = cellAt(values, cols.unit);
    const raw = {
      indicator: cellAt(values, cols.indicator),
      period: cellAt(values, cols.period),
      value: cellAt(values, cols.value),
    };
    const note = cellAt(values, cols.note);
    if (
      !unitCode &&
      !raw.indicator &&
      !raw.period &&
      !raw.value &&
      !note &&
      values.every((v) => !cellString(v))
    )
      return null;
    this.count++;
    const { measureId, period, cell: figure, issues } = checkFields(raw, this.catalog);
    for (const i of issues) this.issue(line, fieldOrder[i.field], i.field, i.value, i.message);
    let held = issues.length > 0;
    if (!held) {
      const first = this.firstLine(unitCode, measureId!, period!.code, line);
      if (first !== undefined) {
        held = true;
        this.issue(line, fieldOrder.duplicate, 'indicator', raw.indicator, rowMessages.duplicate(first));
      }
    }
    if (!held && this.directTail !== null) {
      this.rows.push(
        [
          period!.code,
          csvField(unitCode),
          csvField(measureId),
          figure!.num,
          csvField(figure!.txt),
          figure!.na ? 't' : 'f',
          `${csvField(note || null)}${this.directTail}`,
        ].join(','),
      );
      this.keyOf(unitCode, period!);
      return this.full() ? this.flush() : null;
    }
    // A row with a problem is kept too, so that its unit is checked like the others'. (Joined
    // from an array: one flat string, where a template would keep its parts until the chunk is sent.)
    (held ? this.held : this.rows).push(
      [
        line,
        csvField(unitCode),
        csvField(raw.indicator),
        csvField(measureId),
        period?.code,
        period?.start,
        period?.end,
        figure?.num,
        csvField(figure?.txt),
        figure ? (figure.na ? 't' : 'f') : '',
        csvField(note || null),
      ].join(','),
    );
    return this.full() ? this.flush() : null;
  }

  private full(): boolean {
    return this.rows.length + this.held.length + this.issues.length >= this.chunkRows;
  }

  /** Stored directly: notes the unit with the period (numbered by firstLine) when first met. */
  private keyOf(unit: string, period: Period): void {
    let periods = this.unitPeriods.get(unit);
    if (!periods) {
      periods = new Set();
      this.unitPeriods.set(unit, periods);
    }
    const p = this.periodNo.get(period.code)!;
    if (periods.has(p)) return;
    periods.add(p);
    this.keys.push(`${csvField(unit)},${period.code},${period.start},${period.end}`);
  }

  /** The line that first gave this figure, or undefined (then this line is kept as the first). */
  private firstLine(unit: string, measure: string, period: string, line: number): number | undefined {
    let figures = unit === this.lastUnit ? this.lastSeen! : this.seen.get(unit);
    if (!figures) {
      figures = new Map();
      this.seen.set(unit, figures);
    }
    this.lastUnit = unit;
    this.lastSeen = figures;
    const measures = this.measureNo.size;
    const m = numbered(this.measureNo, measure);
    if (this.measureNo.size > measures) this.newMeasures.push(measure);
    const known = this.periodNo.size;
    const p = numbered(this.periodNo, period);
    if (this.periodNo.size > known) this.newPeriods.push(period);
    const key = p < 1024 && m < 1 << 20 ? m * 1024 + p : `${m}:${p}`;
    const first = figures.get(key);
    if (first === undefined) figures.set(key, line);
    return first;
  }

  private issue(line: number, ord: number, field: string, value: string, message: Message): void {
    const [vi, en] = messageFields(message);
    this.issues.push(`${line},${ord},${field},${csvField(value)},${csvField(vi)},${csvField(en)}`);
  }

  /** The rows gathered since the last chunk (null when there are none). */
  flush(): StagedChunk | null {
    if (this.count === 0 && this.rows.length === 0 && this.issues.length === 0) return null;
    const text = (lines: string[]) => (lines.length ? `${lines.join('\n')}\n` : '');
    const chunk = {
      rows: text(this.rows),
      held: text(this.held),
      issues: text(this.issues),
      count: this.count,
      periods: this.newPeriods,
      keys: text(this.keys),
      measures: this.newMeasures,
    };
    this.newPeriods = [];
    this.keys = [];
    this.newMeasures = [];
    this.rows = [];
    this.held = [];
    this.issues = [];
    this.count = 0;
    return chunk;
  }
}
