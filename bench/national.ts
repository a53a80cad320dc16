/**
 * `npm run bench`: the national-scale figures of the criteria engine, on PGlite and on
 * PostgreSQL, each beside a baseline measured in the same run. Each database runs in its own
 * child process so that peak memory is its own. The last line printed is one JSON object.
 *
 * Quick runs: BENCH_COMMUNES / BENCH_DISTRICTS / BENCH_PROVINCES shrink the data set
 * (bench/synthetic.ts), BENCH_HTTP_SECONDS shortens the HTTP loads, BENCH_SCALES=none skips the
 * scaling runs (or e.g. BENCH_SCALES=2), BENCH_DATABASES=pglite (or postgres) runs one database,
 * BENCH_SEED=copy loads one period's figures by COPY instead of importing three (no import figures).
 */

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemActorNamed } from '../src/access/index.ts';
import { type Db, openDb, prepared } from '../src/db/database.ts';
import { evaluatePeriod } from '../src/evaluations/full.ts';
import { setValues } from '../src/values/import.ts';
import { measureDashboard } from './http.ts';
import { measureTwoInstances } from './instances.ts';
import { measureQuality } from './quality.ts';
import { seedScaled } from './scaled.ts';
import { FRAMEWORKS, PERIODS, peakRssMb, seedNational } from './seed.ts';
import { benchStaff } from './staff.ts';
import { measureSurveys } from './surveys.ts';
import {
  COMMUNES,
  communeCode,
  DISTRICTS,
  INDICATORS,
  measureId,
  PROVINCES,
  syntheticValue,
} from './synthetic.ts';

const UPDATES = 200;
const SCALE_UPDATES = 100;
/**
 * Changes made before the measured ones, not measured: the first changes of a process compile
 * the code and prepare the statements (a server does that once), and at p95 of 100–200 changes
 * these few would be the figure.
 */
const WARMUP = 20;

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}
const log = (m: string) => process.stderr.write(`${m}\n`);

/** Rows per FETCH of the plain SELECT: the client never holds the whole period as row objects. */
const FETCH_ROWS = 20_000;

/**
 * The plain SELECT of the period's figures, every row into the client, fetched from a cursor in
 * pages of FETCH_ROWS (one query returning 607,725 row objects held them all at once: hundreds of
 * MB of the bench's peak memory, for a baseline). Returns the rows read.
 */
async function selectInPages(db: Db, period: string): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.exec(
      `DECLARE bench_read NO SCROLL CURSOR FOR SELECT unit_code, measure_id, num, txt, na FROM value_current
       WHERE period = '${period.replaceAll("'", "''")}'`,
    );
    let n = 0;
    for (;;) {
      const page = await tx.query(`FETCH ${FETCH_ROWS} FROM bench_read`);
      n += page.length;
      if (page.length < FETCH_ROWS) return n;
    }
  });
}

/** The fastest plain read of the period's figures into the client: COPY … TO or SELECT (min of 3 each). */
async function plainRead(db: Db, period: string): Promise<{ copy: number; select: number; rows: number }> {
  const copies: number[] = [];
  const selects: number[] = [];
  let rows = 0;
  for (let r = 0; r < 3; r++) {
    let t0 = process.hrtime.bigint();
    const csv = await db.copyTo(
      `(SELECT unit_code, measure_id, num, txt, na FROM value_current WHERE period = '${period}')`,
    );
    copies.push(ms(t0));
    rows = csv.length > 0 ? csv.split('\n').length - 1 : 0;
    t0 = process.hrtime.bigint();
    await selectInPages(db, period);
    selects.push(ms(t0));
  }
  return { copy: Math.min(...copies), select: Math.min(...selects), rows };
}

/** Full evaluation of every unit and framework for the period, from stale runs (min of `runs`). */
async function fullEvaluation(db: Db, period: string, runs: number): Promise<number> {
  const evals: number[] = [];
  for (let r = 0; r < runs; r++) {
    await db.exec('UPDATE evaluation_runs SET stale = true');
    const t0 = process.hrtime.bigint();
    await evaluatePeriod(db, { frameworkIds: FRAMEWORKS, period });
    evals.push(ms(t0));
  }
  return Math.min(...evals);
}

/** The changed unit's and its ancestors' results under each stored run. */
const readBackSql = prepared(
  `SELECT r.unit_code, r.status, r.n_met, r.n_total FROM evaluation_runs er
   JOIN evaluation_results r ON r.framework_id = er.framework_id AND r.version = er.version AND r.period = er.period
   WHERE er.period = $1 AND er.framework_id = ANY($2) AND r.unit_code = ANY (ARRAY(
     SELECT $3::text UNION ALL SELECT parent_code FROM units WHERE code = $3
     UNION ALL SELECT p.parent_code FROM units p JOIN units u ON p.code = u.parent_code WHERE u.code = $3))`,
);

/**
 * One value changed → unit, ancestors and dependent framework results updated and readable:
 * the use case a form calls (checks, lock, history, live update, audit event in one
 * transaction), then the unit's and its ancestors' results read back. Also a plain one-row
 * UPDATE of the same table as the baseline.
 */
async function updates(db: Db, period: string, n: number) {
  const times: number[] = [];
  const plain: number[] = [];
  for (let k = 0; k < WARMUP + n; k++) {
    const measured = k >= WARMUP;
    // The measured changes are the same whatever WARMUP; the warm-up's are others.
    const u = measured ? k - WARMUP : 100_000 + k;
    const c = (u * 7919) % COMMUNES;
    const code = communeCode(c);
    const i = (u * 31) % INDICATORS;
    const value = syntheticValue(c, i, 1000 + u);
    const t0 = process.hrtime.bigint();
    await setValues(db, {
      values: [{ unitCode: code, indicator: measureId(i), period, value }],
      actor: systemActorNamed('bench'),
    });
    // The unit's and its ancestors' results under each stored run (by the results' key: without
    // the run's version PostgreSQL scanned every result of the period, 6–8 ms), by a prepared
    // statement as a server's hot read would be (planning it cost PGlite ≈ 0.9 ms a time).
    await db.query(readBackSql, [period, FRAMEWORKS, code]);
    if (measured) times.push(ms(t0));
    const t1 = process.hrtime.bigint();
    await db.query(
      'UPDATE value_current SET note = $4 WHERE period = $1 AND unit_code = $2 AND measure_id = $3',
      [period, code, measureId(i), `bench ${u}`],
    );
    if (measured) plain.push(ms(t1));
  }
  return {
    update_p50_ms: round(quantile(times, 0.5), 2),
    update_p95_ms: round(quantile(times, 0.95), 2),
    plain_update_p50_ms: round(quantile(plain, 0.5), 3),
    update_ratio: round(quantile(times, 0.5) / quantile(plain, 0.5), 1),
  };
}

async function worker(kind: 'pglite' | 'postgres', url: string | undefined, scale: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tieuchi-bench-'));
  const db = await openDb(kind === 'postgres' ? { databaseUrl: url } : { dataDir: join(dir, 'db') });
  try {
    const shape = `${PROVINCES} provinces, ${DISTRICTS} districts, ${COMMUNES} communes × ${INDICATORS} indicators`;
    const period = PERIODS[PERIODS.length - 1]!;
    if (scale) {
      // How cost grows: one period loaded by COPY (the import is measured in the main run).
      log(`[${kind}] scaling: ${shape}, one period`);
      await seedScaled(db, period);
      const read = await plainRead(db, period);
      const full = await fullEvaluation(db, period, 2);
      const up = await updates(db, period, SCALE_UPDATES);
      const result = {
        communes: COMMUNES,
        districts: DISTRICTS,
        provinces: PROVINCES,
        values_per_period: read.rows,
        plain_read_ms: round(Math.min(read.copy, read.select)),
        full_eval_ms: round(full),
        full_eval_read_ratio: round(full / Math.min(read.copy, read.select), 2),
        update_p95_ms: up.update_p95_ms,
        peak_rss_mb: peakRssMb(),
      };
      log(`  ${JSON.stringify(result)}`);
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    // BENCH_SEED=copy: figures of one period loaded by COPY (quick runs; no import figures).
    const quick = process.env.BENCH_SEED === 'copy';
    log(`[${kind}] seeding ${shape} × ${quick ? 1 : PERIODS.length} period(s)${quick ? ' by COPY' : ''}`);
    let figures: Record<string, number> = {};
    if (quick) await seedScaled(db, period);
    else figures = await seedNational(db, dir);
    // On PostgreSQL, what autovacuum does after a bulk load, done now: the measurements below
    // would otherwise race it for the two cores (PGlite has no autovacuum).
    if (kind === 'postgres') await db.exec('VACUUM ANALYZE');
    const read = await plainRead(db, period);
    const full = await fullEvaluation(db, period, 3);
    const fastest = Math.min(read.copy, read.select);
    log(
      `  plain read: COPY ${round(read.copy)} ms, SELECT ${round(read.select)} ms (${read.rows} rows); full evaluation ${round(full)} ms (peak RSS so far ${peakRssMb()} MB)`,
    );
    const up = await updates(db, period, UPDATES);
    log(
      `  one changed figure: p50 ${up.update_p50_ms} ms, p95 ${up.update_p95_ms} ms (peak RSS so far ${peakRssMb()} MB)`,
    );
    // The national data-quality list, first page (bench/quality.ts).
    const quality = await measureQuality(db, period);
    log(
      `  quality list: page ${quality.quality_page_ms} ms (cold ${quality.quality_list_cold_ms} ms, plain page ${quality.quality_plain_page_ms} ms, ${quality.quality_warnings} warnings)`,
    );
    const peakRss = peakRssMb();
    // The dashboard and the public unit page served over HTTP, on the same data (bench/http.ts).
    const dashboard = await measureDashboard(db);
    log(`  peak RSS after the HTTP load: ${peakRssMb()} MB`);
    // Two server instances behind nginx on this PostgreSQL (bench/instances.ts).
    const instances = kind === 'postgres' && url ? await measureTwoInstances(db, url) : {};
    // Survey answers per second beside /api/health of the same run (bench/surveys.ts).
    const surveys = await measureSurveys(db);
    log(`  peak RSS after the surveys: ${peakRssMb()} MB`);
    const staff = await benchStaff(db); // staff evaluation (bench/staff.ts), a separate section
    log(`  peak RSS after the staff evaluation: ${peakRssMb()} MB`);
    const result = {
      database: kind,
      communes: COMMUNES,
      indicators_per_framework: INDICATORS,
      periods: PERIODS.length,
      values_per_period: read.rows,
      ...figures,
      copy_read_ms: round(read.copy),
      select_read_ms: round(read.select),
      plain_read_ms: round(fastest),
      full_eval_ms: round(full),
      full_eval_read_ratio: round(full / fastest, 2),
      ...up,
      ...quality,
      peak_rss_mb: peakRss,
      ...dashboard,
      ...instances,
      ...surveys,
      ...staff,
      peak_rss_mb_with_http: peakRssMb(),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function runChild(
  kind: string,
  url?: string,
  scale?: Record<string, string>,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--worker', kind];
    if (scale) args.push('--scale');
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        ...scale,
        BENCH_PG_URL: url ?? '',
        // The public page's 50 clients come from 50 addresses (bench/http.ts).
        TIEUCHI_TRUST_PROXY: '1',
        TIEUCHI_PUBLIC_RATE_LIMIT: '1000000',
      },
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

/**
 * The scaling runs: BENCH_SCALES (default "2,4") times the national commune and district counts,
 * and the post-reform two-tier shape (34 provinces, 3,321 communes, no districts); each in a
 * child of its own, on a fresh database (PostgreSQL: a database of its own on the server).
 * BENCH_SCALES=none skips them.
 */
const scaling: Array<Record<string, string>> =
  (process.env.BENCH_SCALES ?? '2,4') === 'none'
    ? []
    : [
        ...(process.env.BENCH_SCALES ?? '2,4').split(',').map((f) => ({
          BENCH_COMMUNES: String(Math.round(COMMUNES * Number(f))),
          BENCH_DISTRICTS: String(Math.round(DISTRICTS * Number(f))),
          BENCH_PROVINCES: String(PROVINCES),
        })),
        { BENCH_COMMUNES: '3321', BENCH_DISTRICTS: '0', BENCH_PROVINCES: '34' },
      ];

async function runScaling(
  kind: 'pglite' | 'postgres',
  url?: string,
): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for (const shape of scaling) {
    let target = url;
    if (kind === 'postgres' && url) {
      const { createDatabase } = await import('../test/support/postgres.ts');
      target = await createDatabase(url, `bench_scale_${shape.BENCH_COMMUNES}`);
    }
    out.push(await runChild(kind, target, shape));
  }
  return out;
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--worker');
  if (i >= 0) {
    await worker(
      process.argv[i + 1] as 'pglite' | 'postgres',
      process.env.BENCH_PG_URL || undefined,
      process.argv.includes('--scale'),
    );
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
  const only = process.env.BENCH_DATABASES;
  if (!only || only === 'pglite') {
    results.pglite = await runChild('pglite');
    if (scaling.length > 0) (results.pglite as Record<string, unknown>).scaling = await runScaling('pglite');
  }
  if (only === 'pglite') {
    console.log(JSON.stringify(results));
    return;
  }
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
    if (pgUrl) {
      results.postgres = await runChild('postgres', pgUrl);
      if (scaling.length > 0)
        (results.postgres as Record<string, unknown>).scaling = await runScaling('postgres', pgUrl);
    }
  } finally {
    await stop?.();
  }
  console.log(JSON.stringify(results));
}

await main();
