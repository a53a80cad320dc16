/**
 * Worker thread that reads an uploaded table and posts its rows in batches, so the server keeps
 * answering while a large file is read. Started by `readSheets` (sheets.ts) through sheet-worker.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../errors.ts';
import { type ReadMessage, type ReadRequest, readTableBytes } from './sheet-read.ts';

const post = (m: ReadMessage) => parentPort!.postMessage(m);

try {
  await readTableBytes(workerData as ReadRequest, post);
  post({ type: 'done' });
} catch (err) {
  const e =
    err instanceof AppError
      ? err
      : new AppError('FILE_FORMAT', `Không đọc được tệp: ${(err as Error).message}`);
  post({ type: 'error', code: e.code, message: e.message });
}
