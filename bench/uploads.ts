/**
 * `npm run bench:uploads`: a 1,000,000-row values CSV (generated here: 250 communes × 4 figures ×
 * 1,000 months) uploaded through `POST /api/imports` and committed, with `/api/health` polled
 * every 20 ms meanwhile and while idle before (the baseline); RSS idle, at its peak and after.
 * Prints one JSON line. `BENCH_UPLOAD_DB=postgres` (with TIEUCHI_TEST_PG_URL) runs it on
 * PostgreSQL. Too slow for the test suite, whose smaller variants are test/files.test.ts and
 * test/api/uploads.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApi } from '../test/support/api.ts';

const rows = Number(process.env.BENCH_UPLOAD_ROWS ?? 1_000_000);
const db = process.env.BENCH_UPLOAD_DB === 'postgres' ? 'postgres' : 'pglite';
const UNITS = 250;
const figures = [
  (i: number) => ['road_hardened_pct', `"${i % 100},5"`],
  (i: number) => ['plan_approved', i % 3 ? 'có' : 'không'],
  (i: number) => ['income_per_capita', `"${40 + (i % 400) / 10}"`.replace('.', ',')],
  (i: number) => ['district_plan_approved', i % 2 ? 'có' : 'không'],
] as const;
const months = Math.ceil(rows / UNITS / figures.length);
const month = (k: number) => `${1900 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;

const unitsCsv = [
  'code,name,kind,parent_code,valid_from,valid_to,successors,region,group',
  ...Array.from({ length: UNITS }, (_, u) => `B${u + 1},Xã Thử ${u + 1},commune,P1,,,,DBSH,${(u % 3) + 1}`),
].join('\n');

function valuesCsv(): Buffer {
  const lines = ['unit_code,indicator,period,value,note'];
  let i = 0;
  for (let u = 0; u < UNITS && i < rows; u++)
    for (let k = 0; k < months && i < rows; k++)
      for (const f of figures) {
        if (i >= rows) break;
        const [measure, value] = f(i);
        lines.push(`B${u + 1},${measure},${month(k)},${value},dòng ${i}`);
        i++;
      }
  return Buffer.from(`${lines.join('\n')}\n`);
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const gc = (globalThis as { gc?: () => void }).gc;

// PGlite in a data directory, as the server runs it: in memory (`memory://`, the tests'), every
// extension of a table file copies the whole file, so a large staging table costs time that
// grows with its size — that is the in-memory file system's cost, not the server's.
const dir = mkdtempSync(join(tmpdir(), 'tieuchi-bench-uploads-'));
const api = await startTestApi({ name: db }, { prefix: 'bench_uploads', dataDir: join(dir, 'db') });

async function healthDuring<T>(work: () => Promise<T>) {
  const latencies: number[] = [];
  let errors = 0;
  let done = false;
  let peakRss = process.memoryUsage().rss;
  const poll = (async () => {
    while (!done) {
      const t = performance.now();
      // A fresh connection each time: a keep-alive socket may be closed under our feet.
      await fetch(`${api.url}/api/health`, { headers: { connection: 'close' } })
        .then((r) => r.arrayBuffer())
        .catch(() => errors++);
      latencies.push(performance.now() - t);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
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
  return {
    result,
    ms,
    health: { errors, samples: latencies.length, p50_ms: at(0.5), p99_ms: at(0.99), max_ms: at(1) },
    peak_rss_mb: mb(peakRss),
  };
}

async function upload(name: string, kind: string, content: Buffer | string) {
  const form = new FormData();
  form.append('kind', kind);
  form.append('file', new Blob([content]), name);
  const r = await fetch(`${api.url}/api/imports`, {
    method: 'POST',
    body: form,
    headers: { 'x-user': 'bench' },
  });
  const body = (await r.json()) as {
    import?: { id: number; rows: number; valid: boolean; issue_count: number };
  };
  return { status: r.status, ...body.import };
}

async function commit(id: number | undefined) {
  const r = await fetch(`${api.url}/api/imports/${id}/commit`, {
    method: 'POST',
    headers: { 'x-user': 'bench' },
  });
  const body = (await r.json()) as { changed?: number; error?: { code: string } };
  return { status: r.status, changed: body.changed, error: body.error?.code };
}

const units = await upload('xa-thu.csv', 'units', unitsCsv);
await commit(units.id);

const idle = await healthDuring(() => new Promise((r) => setTimeout(r, 3000)));
gc?.();
const rssIdle = mb(process.memoryUsage().rss);
let csv: Buffer | null = valuesCsv();
const csvMb = mb(csv.length);
const stage = await healthDuring(() => upload('mot-trieu.csv', 'values', csv!));
csv = null;
const committed = await healthDuring(() => commit(stage.result.id));
gc?.();
await new Promise((r) => setTimeout(r, 2000));
gc?.();
const rssAfter = mb(process.memoryUsage().rss);
console.log(
  JSON.stringify({
    database: db,
    rows,
    csv_mb: csvMb,
    idle: { health: idle.health, rss_mb: rssIdle },
    stage: { ms: stage.ms, result: stage.result, health: stage.health, peak_rss_mb: stage.peak_rss_mb },
    commit: {
      ms: committed.ms,
      result: committed.result,
      health: committed.health,
      peak_rss_mb: committed.peak_rss_mb,
    },
    values_per_s: Math.round((rows / (stage.ms + committed.ms)) * 1000),
    rss_after_mb: rssAfter,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
await api.close();
rmSync(dir, { recursive: true, force: true });
