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
import type { UploadLimits } from './limits.ts';
import { tooLargeCode } from './limits.ts';
import { decodeText } from './text-encoding.ts';
import { checkZipInflation } from './zip-inflate.ts';

export interface ReadRequest {
  bytes: Uint8Array;
  format: 'csv' | 'xlsx';
  limits: UploadLimits;
}

/** What the worker posts: a new sheet, a batch of [line, cell values] rows, the end, or a refusal. */
export type ReadMessage =
  | { type: 'sheet'; name: string }
  | { type: 'rows'; rows: Array<[number, unknown[]]> }
  | { type: 'done' }
  | { type: 'error'; code: string; message: string };

const BATCH = 2000;

type Post = (m: ReadMessage) => void;

class Rows {
  private batch: Array<[number, unknown[]]> = [];
  private count = 0;
  constructor(
    private readonly limits: UploadLimits,
    private readonly post: Post,
  ) {}

  add(line: number, values: unknown[]): void {
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
    this.batch.push([line, values]);
    if (this.batch.length >= BATCH) this.flush();
  }

  flush(): void {
    if (this.batch.length === 0) return;
    this.post({ type: 'rows', rows: this.batch });
    this.batch = [];
  }
}

async function readCsv(bytes: Uint8Array, rows: Rows, post: Post): Promise<void> {
  const { text } = decodeText(bytes);
  const nl = text.indexOf('\n');
  const firstLine = nl < 0 ? text : text.slice(0, nl);
  const delimiter = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  post({ type: 'sheet', name: 'CSV' });
  const parser = Readable.from([text]).pipe(
    parse({ delimiter, relax_column_count: true, skip_empty_lines: true, info: true, bom: true }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>)
      rows.add(info.lines, record);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('FILE_FORMAT', `Tệp CSV không hợp lệ: ${(err as Error).message}`);
  }
}

async function readXlsx(bytes: Uint8Array, limits: UploadLimits, rows: Rows, post: Post): Promise<void> {
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
      post({ type: 'sheet', name: (sheet as unknown as { name: string }).name });
      for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
        const values = (row.values as unknown[]).slice(1);
        if (values.length > 0) rows.add(row.number, values);
      }
      rows.flush();
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    // ExcelJS's streaming reader fails on some valid workbooks (a workbook part it meets after
    // the sheets); the inflated size was capped above, so reading it whole is bounded.
    if (!posted) return readXlsxWhole(buffer, rows, post);
    throw new AppError('FILE_FORMAT', `Tệp .xlsx không hợp lệ: ${(err as Error).message.split('\n')[0]}`);
  }
}

async function readXlsxWhole(buffer: Buffer, rows: Rows, post: Post): Promise<void> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (err) {
    throw new AppError('FILE_FORMAT', `Tệp .xlsx không hợp lệ: ${(err as Error).message.split('\n')[0]}`);
  }
  for (const ws of wb.worksheets) {
    post({ type: 'sheet', name: ws.name });
    ws.eachRow({ includeEmpty: false }, (row) => {
      const values = (row.values as unknown[]).slice(1);
      if (values.length > 0) rows.add(row.number, values);
    });
    rows.flush();
  }
}

/** Reads the file, posting its sheets and rows; refusals are AppErrors (FILE_FORMAT, FILE_ENCODING, PAYLOAD_TOO_LARGE). */
export async function readTableBytes(req: ReadRequest, post: Post): Promise<void> {
  const rows = new Rows(req.limits, post);
  if (req.format === 'csv') await readCsv(req.bytes, rows, post);
  else await readXlsx(req.bytes, req.limits, rows, post);
  rows.flush();
}
