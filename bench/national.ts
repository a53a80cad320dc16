/**
 * `npm run bench`: the national-scale figures of the criteria engine, on PGlite and on
 * PostgreSQL, each beside a baseline measured in the same run. Each database runs in its own
 * child process so that peak memory is its own. The last line printed is one JSON object.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemActorNamed } from '../src/access/index.ts';
import { openDb } from '../src/db/database.ts';
import { evaluatePeriod } from '../src/evaluations/full.ts';
import { setValues } from '../src/values/import.ts';
import { measureDashboard } from './http.ts';
import { FRAMEWORKS, PERIODS, seedNational } from './seed.ts';
import { benchStaff } from './staff.ts';
import { measureSurveys } from './surveys.ts';
import { COMMUNES, INDICATORS, measureId, syntheticValue } from './synthetic.ts';

const UPDATES = 200;

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}
const log = (m: string) => process.stderr.write(`${m}\n`);

async function worker(kind: 'pglite' | 'postgres', url: string | undefined): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tieuchi-bench-'));
  const db = await openDb(kind === 'postgres' ? { databaseUrl: url } : { dataDir: join(dir, 'db') });
  try {
    log(`[${kind}] seeding ${COMMUNES} communes × ${INDICATORS} indicators × ${PERIODS.length} periods`);
    const figures = await seedNational(db, dir);
    const period = PERIODS[PERIODS.length - 1]!;

    // Baseline: one plain SQL scan reading every value of the period into the client.
    const scans: number[] = [];
    let scanned = 0;
    for (let r = 0; r < 3; r++) {
      const t0 = process.hrtime.bigint();
      const rows = await db.query(
        'SELECT unit_code, measure_id, num, txt, na FROM value_current WHERE period = $1',
        [period],
      );
      scans.push(ms(t0));
      scanned = rows.length;
    }
    // Full evaluation of every unit and framework for the period (min of 3).
    const evals: number[] = [];
    for (let r = 0; r < 3; r++) {
      await db.exec('UPDATE evaluation_runs SET stale = true');
      const t0 = process.hrtime.bigint();
      await evaluatePeriod(db, { frameworkIds: FRAMEWORKS, period });
      evals.push(ms(t0));
    }
    log(
      `  scan ${round(Math.min(...scans))} ms (${scanned} rows), full evaluation ${round(Math.min(...evals))} ms`,
    );

    // One value changed → unit, parent, grandparent results updated and readable.
    const updates: number[] = [];
    const plain: number[] = [];
    for (let u = 0; u < UPDATES; u++) {
      const c = (u * 7919) % COMMUNES;
      const code = `X${String(c + 1).padStart(5, '0')}`;
      const i = (u * 31) % INDICATORS;
      const value = syntheticValue(c, i, 1000 + u);
      const t0 = process.hrtime.bigint();
      await setValues(db, {
        values: [{ unitCode: code, indicator: measureId(i), period, value }],
        actor: systemActorNamed('bench'),
      });
      await db.query(
        `SELECT r.unit_code, r.status, r.n_met, r.n_total FROM evaluation_results r
         WHERE r.period = $1 AND r.framework_id = ANY($2) AND r.unit_code IN (
           SELECT $3 UNION ALL SELECT parent_code FROM units WHERE code = $3
           UNION ALL SELECT p.parent_code FROM units p JOIN units u ON p.code = u.parent_code WHERE u.code = $3)`,
        [period, FRAMEWORKS, code],
      );
      updates.push(ms(t0));
      const t1 = process.hrtime.bigint();
      await db.query(
        'UPDATE value_current SET note = $4 WHERE period = $1 AND unit_code = $2 AND measure_id = $3',
        [period, code, measureId(i), `bench ${u}`],
      );
      plain.push(ms(t1));
    }
    const peakRss = Math.round(process.resourceUsage().maxRSS / 1024);
    // The dashboard served over HTTP, on the same data (bench/http.ts).
    const dashboard = await measureDashboard(db);
    const result = {
      database: kind,
      communes: COMMUNES,
      indicators_per_framework: INDICATORS,
      periods: PERIODS.length,
      values_per_period: scanned,
      ...figures,
      scan_ms: round(Math.min(...scans)),
      full_eval_ms: round(Math.min(...evals)),
      full_eval_scan_ratio: round(Math.min(...evals) / Math.min(...scans), 2),
      update_p50_ms: round(quantile(updates, 0.5), 2),
      update_p95_ms: round(quantile(updates, 0.95), 2),
      plain_update_p50_ms: round(quantile(plain, 0.5), 3),
      update_ratio: round(quantile(updates, 0.5) / quantile(plain, 0.5), 1),
      peak_rss_mb: peakRss,
      ...dashboard,
      // Survey answers per second beside /api/health of the same run (bench/surveys.ts).
      ...(await measureSurveys(db)),
      ...(await benchStaff(db)), // staff evaluation (bench/staff.ts), a separate section
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function runChild(kind: string, url?: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--worker', kind];
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_PG_URL: url ?? '' },
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop();
      if (code !== 0 || !last) reject(new Error(`${kind} benchmark failed (exit ${code})`));
      else resolve(JSON.parse(last));
    });
  });
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--worker');
  if (i >= 0) {
    await worker(process.argv[i + 1] as 'pglite' | 'postgres', process.env.BENCH_PG_URL || undefined);
    return;
  }
  const results: Record<string, unknown> = {
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memory_gb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
  };
  results.pglite = await runChild('pglite');
  let pgUrl = process.env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!pgUrl) {
    try {
      const { startPostgres } = await import('../test/support/postgres.ts');
      const pg = await startPostgres();
      pgUrl = pg.url;
      stop = pg.stop;
    } catch (err) {
      log(`PostgreSQL not available, skipped: ${(err as Error).message}`);
    }
  }
  try {
    if (pgUrl) results.postgres = await runChild('postgres', pgUrl);
  } finally {
    await stop?.();
  }
  console.log(JSON.stringify(results));
}

await main();
