/**
 * Reading an uploaded table (CSV or .xlsx) into batches of rows: the CSV's encoding is detected
 * and converted; the .xlsx is checked against ZIP bombs first and then read by ExcelJS's
 * streaming WorkbookReader (never inflated whole); rows and columns are capped. Runs in the
 * worker thread of sheet-worker.ts (small files in the caller's thread; see sheets.ts).
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { AppError } from '../errors.ts';
import { type FieldCatalogData, type StagedChunk, ValueRowStager } from '../imports/stage-rows.ts';
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
  ) {
    this.stager = stageValues ? new ValueRowStager(stageValues) : null;
  }

  /** A new sheet starts; when staging values, only the first one is read. */
  async sheet(name: string): Promise<void> {
    if (this.stager && this.sheets > 0) throw new StopReading();
    this.sheets++;
    await this.post({ type: 'sheet', name });
  }

  async add(line: number, values: unknown[]): Promise<void> {
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
      if (!this.headerSeen) {
        this.headerSeen = true;
        const plain = this.stager.header(values);
        await this.post({ type: 'header', header: this.stager.headerCells!, plain });
        if (!plain) throw new StopReading();
        return;
      }
      const chunk = this.stager.add(line, values);
      if (chunk) await this.post({ type: 'staged', ...chunk });
      return;
    }
    this.batch.push([line, values]);
    if (this.batch.length >= BATCH) await this.flush();
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

async function readCsv(bytes: Uint8Array, rows: Rows): Promise<void> {
  const { text } = decodeText(bytes);
  const nl = text.indexOf('\n');
  const firstLine = nl < 0 ? text : text.slice(0, nl);
  const delimiter = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  await rows.sheet('CSV');
  const parser = Readable.from([text]).pipe(
    parse({ delimiter, relax_column_count: true, skip_empty_lines: true, info: true, bom: true }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>)
      await rows.add(info.lines, record);
  } catch (err) {
    if (err instanceof AppError || err instanceof StopReading) throw err;
    throw new AppError('FILE_FORMAT', `Tệp CSV không hợp lệ: ${(err as Error).message}`);
  }
}

async function readXlsx(bytes: Uint8Array, limits: UploadLimits, rows: Rows): Promise<void> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  await checkZipInflation(buffer, limits, { what: 'Tệp .xlsx', inflate: true });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buffer]), {
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
  const wb = new ExcelJS.Workbook();
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
  const rows = new Rows(req.limits, post, req.stageValues);
  try {
    if (req.format === 'csv') await readCsv(req.bytes, rows);
    else await readXlsx(req.bytes, req.limits, rows);
    await rows.flush();
  } catch (err) {
    if (!(err instanceof StopReading)) throw err;
    if (rows.staging) await rows.flush();
  }
}
