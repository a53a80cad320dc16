/**
 * Turns the rows of a values file into CSV for the staging tables (src/imports/staging.ts), as
 * the file is read: each row's own fields are checked with the shared checks (checkFields) and
 * either staged or reported. Pure (no database), so it runs in the reading worker thread too.
 */
import type ExcelJS from 'exceljs';
import { csvField } from '../db/csv.ts';
import { cellText } from '../files/cell-text.ts';
import type { ValueType } from '../frameworks/schema.ts';
import type { Message } from '../text.ts';
import { checkFields, type FieldCatalog, fieldOrder, rowMessages } from '../values/parse.ts';

/** The columns a plain values file must have (note is optional). */
export const valueColumns = ['unit_code', 'indicator', 'period', 'value'] as const;

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
 * A batch of rows read, as CSV: `rows` whose own fields are fine (for the staged table),
 * `held` rows with a problem of their own or repeating an earlier row's figure (kept apart, for
 * the checks that need the database), and the problems found; `count` rows of the file.
 */
export interface StagedChunk {
  rows: string;
  held: string;
  issues: string;
  count: number;
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
  };
}

function messageFields(m: Message): [string, string | null] {
  return typeof m === 'string' ? [m, null] : [m.vi, m.en];
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
  /** The first line of each figure staged: unit, measure and period → line. */
  private readonly seen = new Map<string, number>();
  headerCells: string[] | null = null;

  constructor(
    catalog: FieldCatalog | FieldCatalogData,
    private readonly chunkRows = CHUNK_ROWS,
  ) {
    this.catalog =
      catalog.measures instanceof Map ? (catalog as FieldCatalog) : catalogOf(catalog as FieldCatalogData);
  }

  /** Takes the header row; false when it lacks a plain column (the caller decides what then). */
  header(values: readonly unknown[]): boolean {
    const header = Array.from(values, (v) => cellString(v).normalize('NFC'));
    this.headerCells = header;
    const at = (c: string) => header.indexOf(c);
    if (valueColumns.some((c) => at(c) < 0)) return false;
    this.columns = {
      unit: at('unit_code'),
      indicator: at('indicator'),
      period: at('period'),
      value: at('value'),
      note: at('note'),
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
      const key = `${unitCode}\t${measureId}\t${period!.code}`;
      const first = this.seen.get(key);
      if (first === undefined) this.seen.set(key, line);
      else {
        held = true;
        this.issue(line, fieldOrder.duplicate, 'indicator', raw.indicator, rowMessages.duplicate(first));
      }
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
    return this.rows.length + this.held.length + this.issues.length >= this.chunkRows ? this.flush() : null;
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
    };
    this.rows = [];
    this.held = [];
    this.issues = [];
    this.count = 0;
    return chunk;
  }
}
