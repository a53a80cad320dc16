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
import { checkFields, type FieldCatalog, fieldOrder } from '../values/parse.ts';

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

/** A batch of rows read: good rows and problems found, as CSV; `count` rows of the file. */
export interface StagedChunk {
  rows: string;
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

/**
 * Reads a values table row by row (header first) into chunks of staging CSV. `header` says
 * whether the header has the plain columns; rows without any text are left out, as everywhere.
 */
export class ValueRowStager {
  private readonly catalog: FieldCatalog;
  private columns: { unit: number; indicator: number; period: number; value: number; note: number } | null =
    null;
  private rows: string[] = [];
  private issues: string[] = [];
  private count = 0;
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
    const header = Array.from(values, (v) =>
      cellText((v ?? null) as ExcelJS.CellValue)
        .trim()
        .normalize('NFC'),
    );
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
    const cell = (i: number) =>
      i < 0
        ? ''
        : cellText((values[i] ?? null) as ExcelJS.CellValue)
            .trim()
            .normalize('NFC');
    if (values.every((v) => !cellText((v ?? null) as ExcelJS.CellValue).trim())) return null;
    this.count++;
    const unitCode = cell(cols.unit);
    const indicator = cell(cols.indicator);
    const raw = { indicator, period: cell(cols.period), value: cell(cols.value) };
    const { measureId, period, cell: figure, issues } = checkFields(raw, this.catalog);
    for (const i of issues) {
      const [vi, en] = messageFields(i.message);
      this.issues.push([line, fieldOrder[i.field], i.field, i.value, vi, en].map(csvField).join(','));
    }
    // A row with a problem is staged too, so that its unit is checked like the others' (and then dropped).
    this.rows.push(
      [
        line,
        unitCode,
        indicator,
        measureId ?? null,
        period?.code ?? null,
        period?.start ?? null,
        period?.end ?? null,
        figure?.num ?? null,
        figure?.txt ?? null,
        figure ? (figure.na ? 't' : 'f') : null,
        cell(cols.note) || null,
      ]
        .map(csvField)
        .join(','),
    );
    return this.rows.length + this.issues.length >= this.chunkRows ? this.flush() : null;
  }

  /** The rows gathered since the last chunk (null when there are none). */
  flush(): StagedChunk | null {
    if (this.count === 0 && this.rows.length === 0 && this.issues.length === 0) return null;
    const chunk = {
      rows: this.rows.length ? `${this.rows.join('\n')}\n` : '',
      issues: this.issues.length ? `${this.issues.join('\n')}\n` : '',
      count: this.count,
    };
    this.rows = [];
    this.issues = [];
    this.count = 0;
    return chunk;
  }
}
