/**
 * Worker thread that reads an uploaded table and posts its rows in batches, so the server keeps
 * answering while a large file is read. Started by `readTableFile` (sheets.ts) through
 * sheet-worker.mjs. Beyond IN_FLIGHT unacknowledged batches (rows or staged chunks) it waits for the
 * receiver's 'ack' (memory bound, and the receiver's thread never gets a flood of messages at once);
 * the receiver ends it once done.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../errors.ts';
import { type ReadMessage, type ReadRequest, readTableBytes } from './sheet-read.ts';

const IN_FLIGHT = 3;
let inFlight = 0;
let wake: (() => void) | null = null;
parentPort!.on('message', (m) => {
  if (m !== 'ack') return;
  inFlight--;
  const w = wake;
  wake = null;
  w?.();
});

const post = async (m: ReadMessage) => {
  parentPort!.postMessage(m);
  if (m.type !== 'staged' && m.type !== 'rows') return;
  inFlight++;
  while (inFlight >= IN_FLIGHT) await new Promise<void>((r) => (wake = r));
};

try {
  await readTableBytes(workerData as ReadRequest, post);
  await post({ type: 'done' });
} catch (err) {
  const e =
    err instanceof AppError
      ? err
      : new AppError('FILE_FORMAT', `Không đọc được tệp: ${(err as Error).message}`);
  parentPort!.postMessage({ type: 'error', code: e.code, message: e.message } satisfies ReadMessage);
}
