/**
 * The one reader of uploaded tables (values, units, staff tasks, targets, households): the
 * bytes are read in a worker thread (sheet-worker.ts) with caps on rows, columns, inflated
 * size, memory and time, and come back as sheets of cell values.
 */
import { extname } from 'node:path';
import { Worker } from 'node:worker_threads';
import type ExcelJS from 'exceljs';
import { AppError } from '../errors.ts';
import { type Message, text } from '../text.ts';
import { tooLargeCode, uploadLimits } from './limits.ts';
import { type ReadMessage, type ReadRequest, readTableBytes } from './sheet-read.ts';

type CellValue = ExcelJS.CellValue;

/** A cell as the readers see it (the shape of an ExcelJS cell, so both can be read alike). */
export interface CellLike {
  value: CellValue;
}

/** One sheet of an uploaded file: its non-empty rows by line number (1-based, as Excel shows). */
export class Sheet {
  readonly rows = new Map<number, CellValue[]>();
  rowCount = 0;
  constructor(readonly name: string) {}

  getCell(r: number, c: number): CellLike {
    return { value: this.rows.get(r)?.[c - 1] ?? null };
  }

  getRow(r: number) {
    const values = this.rows.get(r) ?? [];
    return {
      getCell: (c: number): CellLike => ({ value: values[c - 1] ?? null }),
      eachCell: (cb: (cell: CellLike, col: number) => void) => {
        values.forEach((v, i) => {
          if (v !== null && v !== undefined) cb({ value: v }, i + 1);
        });
      },
    };
  }
}

export class FileFormatError extends AppError {
  constructor(message: Message) {
    super('FILE_FORMAT', message);
  }
}

/** Readers running at once; more wait their turn (each may use up to TIEUCHI_READER_HEAP_MB). */
const MAX_READERS = 2;
let running = 0;
const waiting: Array<() => void> = [];

async function turn(): Promise<() => void> {
  if (running >= MAX_READERS) await new Promise<void>((r) => waiting.push(r));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

const workerUrl = new URL('./sheet-worker.mjs', import.meta.url);

/** The format of a table file from its name: .xlsx, or text (.csv, .txt, no extension). */
export function tableFormat(fileName: string): 'csv' | 'xlsx' {
  const ext = extname(fileName).toLowerCase();
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.csv' || ext === '.txt' || ext === '') return 'csv';
  throw new FileFormatError(
    text(
      `Định dạng "${ext}" không được hỗ trợ: dùng tệp .csv hoặc .xlsx`,
      `unsupported file type "${ext}": use .csv or .xlsx`,
    ),
  );
}

/** Files up to this size are read in the caller's thread (starting a worker costs more than reading them). */
const INLINE_BYTES = 64 * 1024;

/** Collects the messages of a reader into sheets. */
function collector() {
  const sheets: Sheet[] = [];
  const take = (m: ReadMessage) => {
    if (m.type === 'sheet') sheets.push(new Sheet(m.name));
    else if (m.type === 'rows') {
      const sheet = sheets[sheets.length - 1]!;
      for (const [line, values] of m.rows) {
        sheet.rows.set(line, values as CellValue[]);
        if (line > sheet.rowCount) sheet.rowCount = line;
      }
    }
  };
  return { sheets, take };
}

/**
 * Reads the sheets of a CSV (one sheet) or .xlsx file, in a worker thread unless the file is
 * small (`inWorker` forces either way). Refusals: FILE_FORMAT, FILE_ENCODING (400),
 * PAYLOAD_TOO_LARGE (413) naming the limit passed.
 */
export async function readSheets(
  bytes: Buffer,
  fileName: string,
  opts: { inWorker?: boolean } = {},
): Promise<Sheet[]> {
  const { sheets, take } = collector();
  await readTableFile(bytes, fileName, { inWorker: opts.inWorker }, take);
  return sheets;
}

/**
 * Reads a table file and hands each message of the reader to `take` (awaited: a reader in a
 * worker waits when `take` falls behind); in a worker thread unless the file is small.
 * `stageValues`: the reader checks values rows and posts staging CSV (see sheet-read.ts).
 */
export async function readTableFile(
  bytes: Buffer,
  fileName: string,
  opts: {
    inWorker?: boolean;
    stageValues?: ReadRequest['stageValues'];
    stageDirect?: ReadRequest['stageDirect'];
  },
  take: (m: ReadMessage) => void | Promise<void>,
): Promise<void> {
  const request: ReadRequest = {
    bytes,
    format: tableFormat(fileName),
    limits: uploadLimits(),
    stageValues: opts.stageValues,
    stageDirect: opts.stageDirect,
  };
  if (!(opts.inWorker ?? bytes.length > INLINE_BYTES)) return readTableBytes(request, take);
  const release = await turn();
  try {
    return await readInWorker(request, take);
  } finally {
    release();
  }
}

function readInWorker(request: ReadRequest, take: (m: ReadMessage) => void | Promise<void>): Promise<void> {
  const { limits } = request;
  return new Promise<void>((resolve, reject) => {
    const worker = new Worker(workerUrl, {
      workerData: request,
      resourceLimits: { maxOldGenerationSizeMb: limits.readerHeapMb },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    // Messages are taken one after the other; a batch (rows or a staged chunk) is acknowledged
    // once taken, so that a fast reader never queues more than a few: queued messages are
    // received all at once, stalling this thread.
    let queue: Promise<void> = Promise.resolve();
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if (err) reject(err);
      else resolve();
    };
    // The time limit is on the reading: time spent by `take` (storing staged rows) is not counted.
    let left = limits.readerTimeoutMs;
    let since = Date.now();
    const expire = () =>
      finish(
        new AppError(
          tooLargeCode,
          `Đọc tệp quá ${Math.round(limits.readerTimeoutMs / 1000)} giây (giới hạn thời gian đọc tệp): tệp quá lớn hoặc bất thường`,
        ),
      );
    let timer = setTimeout(expire, left);
    const pause = () => {
      clearTimeout(timer);
      left -= Date.now() - since;
    };
    const resume = () => {
      since = Date.now();
      timer = setTimeout(expire, Math.max(0, left));
    };
    worker.on('message', (m: ReadMessage) => {
      if (m.type === 'error') {
        finish(new AppError(m.code, m.message, [{ field: 'file', message: m.message }]));
        return;
      }
      queue = queue
        .then(async () => {
          if (settled) return;
          if (m.type === 'done') return finish(null);
          if (m.type !== 'staged' && m.type !== 'rows') return take(m);
          pause();
          try {
            await take(m);
          } finally {
            if (!settled) resume();
          }
          worker.postMessage('ack');
        })
        .catch((err: Error) => finish(err));
    });
    worker.on('error', (err: Error & { code?: string }) =>
      finish(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new AppError(
              tooLargeCode,
              `Tệp cần hơn ${limits.readerHeapMb.toLocaleString('vi-VN')} MB bộ nhớ để đọc (giới hạn bộ nhớ đọc tệp): tệp quá lớn hoặc bất thường`,
            )
          : new FileFormatError(`Không đọc được tệp: ${err.message}`),
      ),
    );
    worker.on('exit', () =>
      queue.then(() => finish(new FileFormatError('Không đọc được tệp: luồng đọc tệp dừng bất thường'))),
    );
  });
}
