/**
 * Reading an uploaded table (CSV or .xlsx) into batches of rows: the CSV's encoding is detected
 * and converted; the .xlsx is checked against ZIP bombs first and then read by ExcelJS's
 * streaming WorkbookReader (never inflated whole); rows and columns are capped. Runs in the
 * worker thread of sheet-worker.ts (small files in the caller's thread; see sheets.ts).
 */
import { Readable } from 'node:stream';
import { type Options, parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import { AppError } from '../errors.ts';
import {
  type DirectRows,
  type FieldCatalogData,
  type StagedChunk,
  ValueRowStager,
} from '../imports/stage-rows.ts';
import type { UploadLimits } from './limits.ts';
import { tooLargeCode } from './limits.ts';
import { decodeText } from './text-encoding.ts';
import { checkZipInflation } from './zip-inflate.ts';

export interface ReadRequest {
  bytes: Uint8Array;
  format: 'csv' | 'xlsx';
  limits: UploadLimits;
  /**
   * Values files only: instead of posting raw rows, check each row's fields and post chunks of
   * staging CSV (the first sheet only). A header without the plain columns is posted and ends the reading.
   */
  stageValues?: FieldCatalogData;
  /** With stageValues: the good rows are written for value_current itself (src/imports/direct.ts). */
  stageDirect?: DirectRows;
}

/** What the worker posts: a new sheet, a batch of [line, cell values] rows, the end, or a refusal. */
export type ReadMessage =
  | { type: 'sheet'; name: string }
  | { type: 'rows'; rows: Array<[number, unknown[]]> }
  | { type: 'header'; header: string[]; plain: boolean }
  | ({ type: 'staged' } & StagedChunk)
  | { type: 'done' }
  | { type: 'error'; code: string; message: string };

const BATCH = 2000;

/** Posts a message; a promise when the reader should wait (the receiver is behind). */
type Post = (m: ReadMessage) => void | Promise<void>;

/** Thrown to stop reading once the staged values' header says the file is not a plain table. */
class StopReading extends Error {}

class Rows {
  private batch: Array<[number, unknown[]]> = [];
  private count = 0;
  private readonly stager: ValueRowStager | null;
  get staging(): boolean {
    return this.stager !== null;
  }
  private sheets = 0;
  private headerSeen = false;
  constructor(
    private readonly limits: UploadLimits,
    private readonly post: Post,
    stageValues?: FieldCatalogData,
    direct?: DirectRows,
  ) {
    this.stager = stageValues ? new ValueRowStager(stageValues, undefined, direct) : null;
  }

  /** A new sheet starts; when staging values, only the first one is read. */
  async sheet(name: string): Promise<void> {
    if (this.stager && this.sheets > 0) throw new StopReading();
    this.sheets++;
    await this.post({ type: 'sheet', name });
  }

  /** Takes one row; a promise only when a batch is posted (a read of every row stays synchronous). */
  add(line: number, values: unknown[]): Promise<void> | undefined {
    if (values.length > this.limits.columns)
      throw new AppError(
        tooLargeCode,
        `Dòng ${line.toLocaleString('vi-VN')} có ${values.length.toLocaleString('vi-VN')} cột, vượt quá giới hạn ${this.limits.columns.toLocaleString('vi-VN')} cột`,
      );
    this.count++;
    if (this.count > this.limits.rows)
      throw new AppError(
        tooLargeCode,
        `Tệp vượt quá giới hạn ${this.limits.rows.toLocaleString('vi-VN')} dòng: hãy chia thành nhiều tệp nhỏ hơn`,
      );
    if (this.stager) {
      if (!this.headerSeen) return this.header(values);
      const chunk = this.stager.add(line, values);
      return chunk ? Promise.resolve(this.post({ type: 'staged', ...chunk })) : undefined;
    }
    this.batch.push([line, values]);
    return this.batch.length >= BATCH ? this.flush() : undefined;
  }

  private async header(values: unknown[]): Promise<void> {
    this.headerSeen = true;
    const plain = this.stager!.header(values);
    await this.post({ type: 'header', header: this.stager!.headerCells!, plain });
    if (!plain) throw new StopReading();
  }

  async flush(): Promise<void> {
    if (this.stager) {
      const chunk = this.stager.flush();
      if (chunk) await this.post({ type: 'staged', ...chunk });
      return;
    }
    if (this.batch.length === 0) return;
    const rows = this.batch;
    this.batch = [];
    await this.post({ type: 'rows', rows });
  }
}

/**
 * Splits one line of the common CSV into its fields, as csv-parse would: fields plain or quoted
 * ("" for a quote inside). Null when the line needs csv-parse itself: a quoted field going on
 * past the line, text around a quoted field, a quote inside a plain field, a carriage return.
 */
export function splitPlainLine(line: string, delimiter: string): string[] | null {
  if (line.includes('\r')) return null;
  if (!line.includes('"')) return line.split(delimiter);
  const cells: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    if (line.charCodeAt(i) === 34) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = line.indexOf('"', from);
        if (q < 0) return null;
        if (line.charCodeAt(q + 1) === 34) {
          value += line.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += line.slice(from, q);
        i = q + 1;
        break;
      }
      cells.push(value);
      if (i === n) return cells;
      if (line[i] !== delimiter) return null;
      i++;
    } else {
      const d = line.indexOf(delimiter, i);
      const value = line.slice(i, d < 0 ? n : d);
      if (value.includes('"')) return null;
      cells.push(value);
      if (d < 0) return cells;
      i = d + 1;
    }
  }
}

/**
 * Reads a CSV text. Lines are split by splitPlainLine while they can be (one record a line,
 * numbered as csv-parse numbers them, empty lines skipped); from the first line that cannot,
 * the rest goes to csv-parse (quoted line breaks, malformed quoting and its refusals).
 */
async function readCsv(bytes: Uint8Array, rows: Rows): Promise<void> {
  const { text } = decodeText(bytes);
  const nl = text.indexOf('\n');
  const firstLine = nl < 0 ? text : text.slice(0, nl);
  const delimiter = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  await rows.sheet('CSV');
  // The record delimiter csv-parse would find: that of the first line (\r\n or \n; a lone \r: csv-parse).
  const cr = text.indexOf('\r');
  const crlf = cr >= 0 && (nl < 0 || cr < nl) ? (cr === nl - 1 ? true : null) : false;
  let pos = 0;
  let line = 0;
  if (crlf !== null)
    while (pos < text.length) {
      let end = text.indexOf('\n', pos);
      if (end < 0) end = text.length;
      let cut = end;
      if (crlf && end < text.length) {
        if (text.charCodeAt(end - 1) !== 13) break;
        cut = end - 1;
      }
      const record = cut === pos ? [] : splitPlainLine(text.slice(pos, cut), delimiter);
      if (!record) break;
      line++;
      pos = end + 1;
      if (record.length > 0) {
        const posting = rows.add(line, record);
        if (posting) await posting;
      }
    }
  if (pos >= text.length) return;
  const options = { delimiter, relax_column_count: true, skip_empty_lines: true, info: true, bom: true };
  const rest = pos === 0 ? options : { ...options, record_delimiter: crlf ? '\r\n' : '\n' };
  try {
    await eachRecord(pos === 0 ? text : text.slice(pos), rest, (lines, record) =>
      rows.add(line + lines, record),
    );
  } catch (err) {
    if (err instanceof AppError || err instanceof StopReading) throw err;
    let refusal = err as Error;
    // Named as csv-parse names it reading the whole text (its line numbers).
    if (pos > 0) await eachRecord(text, options, () => {}).catch((e: Error) => (refusal = e));
    throw new AppError('FILE_FORMAT', `Tệp CSV không hợp lệ: ${refusal.message}`);
  }
}

/** Hands each record csv-parse reads from `text` to `fn` with its line number (csv-parse's `info.lines`). */
async function eachRecord(
  text: string,
  options: Options,
  fn: (line: number, record: string[]) => void | Promise<void>,
): Promise<void> {
  const parser = Readable.from([text]).pipe(parse(options));
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>)
    await fn(info.lines, record);
}

async function readXlsx(bytes: Uint8Array, limits: UploadLimits, rows: Rows): Promise<void> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  await checkZipInflation(buffer, limits, { what: 'Tệp .xlsx', inflate: true });
  // Loaded for a workbook only: a worker reading a CSV starts 0.3 s sooner without it.
  const { default: Excel } = await import('exceljs');
  const reader = new Excel.stream.xlsx.WorkbookReader(Readable.from([buffer]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let posted = false;
  try {
    for await (const sheet of reader) {
      posted = true;
      await rows.sheet((sheet as unknown as { name: string }).name);
      for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
        const values = (row.values as unknown[]).slice(1);
        if (values.length > 0) await rows.add(row.number, values);
      }
      await rows.flush();
    }
  } catch (err) {
    if (err instanceof AppError || err instanceof StopReading) throw err;
    // ExcelJS's streaming reader fails on some valid workbooks (a workbook part it meets after
    // the sheets); the inflated size was capped above, so reading it whole is bounded.
    if (!posted) return readXlsxWhole(buffer, rows);
    throw new AppError('FILE_FORMAT', `Tệp .xlsx không hợp lệ: ${(err as Error).message.split('\n')[0]}`);
  }
}

async function readXlsxWhole(buffer: Buffer, rows: Rows): Promise<void> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (err) {
    throw new AppError('FILE_FORMAT', `Tệp .xlsx không hợp lệ: ${(err as Error).message.split('\n')[0]}`);
  }
  for (const ws of wb.worksheets) {
    await rows.sheet(ws.name);
    const all: Array<[number, unknown[]]> = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      const values = (row.values as unknown[]).slice(1);
      if (values.length > 0) all.push([row.number, values]);
    });
    for (const [line, values] of all) await rows.add(line, values);
    await rows.flush();
  }
}

/** Reads the file, posting its sheets and rows; refusals are AppErrors (FILE_FORMAT, FILE_ENCODING, PAYLOAD_TOO_LARGE). */
export async function readTableBytes(req: ReadRequest, post: Post): Promise<void> {
  const rows = new Rows(req.limits, post, req.stageValues, req.stageDirect);
  try {
    if (req.format === 'csv') await readCsv(req.bytes, rows);
    else await readXlsx(req.bytes, req.limits, rows);
    await rows.flush();
  } catch (err) {
    if (!(err instanceof StopReading)) throw err;
    if (rows.staging) await rows.flush();
  }
}
