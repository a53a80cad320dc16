/**
 * `npm run bench:uploads`: a 1,000,000-row values CSV (generated here) read by the upload reader
 * and staged through `POST /api/imports`, with `/api/health` polled every 20 ms meanwhile; prints
 * one JSON line with the health p50/p99/max of each phase. Too slow for the test suite, whose
 * smaller variants are test/files.test.ts (100,000 rows read in the worker) and test/api/uploads.test.ts.
 */
import { readSheets } from '../src/files/sheets.ts';
import { startTestApi } from '../test/support/api.ts';

const rows = Number(process.env.BENCH_UPLOAD_ROWS ?? 1_000_000);
const units = ['C1', 'C2', 'C3', 'C4'];
const lines = ['unit_code,indicator,period,value,note'];
for (let i = 0; i < rows; i++)
  lines.push(`${units[i % 4]},road_hardened_pct,${2000 + Math.floor(i / 4)},"${i % 100},5",dòng ${i}`);
const csv = Buffer.from(`${lines.join('\n')}\n`);
lines.length = 0;

const api = await startTestApi({ name: 'pglite' }, { prefix: 'bench_uploads' });

async function healthDuring(work: () => Promise<unknown>) {
  const latencies: number[] = [];
  let errors = 0;
  let done = false;
  const poll = (async () => {
    while (!done) {
      const t = performance.now();
      // A fresh connection each time: a keep-alive socket may be closed under our feet.
      await fetch(`${api.url}/api/health`, { headers: { connection: 'close' } })
        .then((r) => r.arrayBuffer())
        .catch(() => errors++);
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const started = performance.now();
  const result = await work();
  const ms = Math.round(performance.now() - started);
  done = true;
  await poll;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))]!);
  return { result, ms, errors, samples: latencies.length, p50: at(0.5), p99: at(0.99), max: at(1) };
}

const read = await healthDuring(() => readSheets(csv, 'mot-trieu.csv'));
const stage = await healthDuring(async () => {
  const form = new FormData();
  form.append('kind', 'values');
  form.append('file', new Blob([csv]), 'mot-trieu.csv');
  const r = await fetch(`${api.url}/api/imports`, {
    method: 'POST',
    body: form,
    headers: { 'x-user': 'bench' },
  });
  return {
    status: r.status,
    body: ((await r.json()) as { import?: { rows: number; valid: boolean } }).import,
  };
});
console.log(
  JSON.stringify({
    rows,
    csv_mb: Math.round(csv.length / 1024 / 1024),
    read: {
      ms: read.ms,
      health_errors: read.errors,
      health_p50_ms: read.p50,
      health_p99_ms: read.p99,
      health_max_ms: read.max,
    },
    stage: {
      ms: stage.ms,
      result: stage.result,
      health_errors: stage.errors,
      health_p50_ms: stage.p50,
      health_p99_ms: stage.p99,
      health_max_ms: stage.max,
    },
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
await api.close();
