/**
 * `node --import tsx bench/import.ts`: the import of one period's values file of the national
 * bench's shape (bench/seed.ts: quoted values with a decimal comma, 57 figures a commune), at a
 * smaller size (IMPORT_ROWS, default 120,000 rows), on PGlite and PostgreSQL
 * (IMPORT_DATABASES=pglite|postgres; PostgreSQL at DATABASE_URL, else a throw-away server).
 * Prints one JSON line per database: values/s of a first import (every figure new) and of a
 * second one changing every figure, reading and checking the file alone (the worker's part,
 * here in the main thread), COPY alone into a table shaped like value_current, and the time
 * spent in each kind of statement of the first import (`phases_ms`, the largest first).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemActorNamed } from '../src/access/index.ts';
import { type Db, openDb } from '../src/db/database.ts';
import { uploadLimits } from '../src/files/limits.ts';
import { readTableBytes } from '../src/files/sheet-read.ts';
import { catalogData } from '../src/imports/stage-rows.ts';
import { importValues } from '../src/values/import.ts';
import { loadCatalog } from '../src/values/write.ts';

const ROWS = Number(process.env.IMPORT_ROWS ?? 120_000);
// The shape is read by bench/synthetic.ts when it is first imported (below).
process.env.BENCH_COMMUNES ??= String(Math.ceil(ROWS / 57));
process.env.BENCH_DISTRICTS ??= String(Math.max(1, Math.round(Number(process.env.BENCH_COMMUNES) / 15)));
const { copyAlone, seedStructure, writePeriodCsv } = await import('./seed.ts');

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const round = (x: number) => Math.round(x);
const log = (m: string) => process.stderr.write(`${m}\n`);

/**
 * `db` with the time of each statement added to `spent` under the statement's first words, and
 * this process's CPU time meanwhile to `cpuSpent` (PGlite runs in this process: its figures do
 * not depend on the machine's other load; the reader's thread counts too while it runs).
 */
const cpuSpent = new Map<string, number>();
function profiled(db: Db, spent: Map<string, number>): Db {
  const timed = async <T>(key: string, f: () => Promise<T>): Promise<T> => {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    try {
      return await f();
    } finally {
      const c = process.cpuUsage(c0);
      spent.set(key, (spent.get(key) ?? 0) + ms(t0));
      cpuSpent.set(key, (cpuSpent.get(key) ?? 0) + (c.user + c.system) / 1000);
    }
  };
  const key = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 90);
  return {
    kind: db.kind,
    query: <T>(sql: string, params?: unknown[]) => timed(key(sql), () => db.query<T>(sql, params)),
    send: (sql: string, params?: unknown[]) => timed(key(sql), () => db.send(sql, params)),
    exec: (sql: string) => timed(key(sql), () => db.exec(sql)),
    copyFrom: (table, columns, csv) => timed(`COPY ${table}`, () => db.copyFrom(table, columns, csv)),
    copyTo: (sql) => timed(`COPY TO ${key(sql)}`, () => db.copyTo(sql)),
    transaction: (fn) => db.transaction((tx) => fn(profiled(tx, spent))),
    onCommit: (fn) => db.onCommit(fn),
    close: () => db.close(),
  };
}

async function run(kind: 'pglite' | 'postgres', url?: string): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'tieuchi-bench-import-'));
  const db = await openDb(kind === 'postgres' ? { databaseUrl: url } : { dataDir: join(dir, 'db') });
  try {
    await seedStructure(db);
    const actor = systemActorNamed('bench');
    const first = join(dir, 'first.csv');
    const second = join(dir, 'second.csv');
    const rows = writePeriodCsv(first, 0, '2022');
    writePeriodCsv(second, 1, '2022');

    // Reading and checking the file alone, as the worker does (here in this thread).
    const catalog = await loadCatalog(db, []);
    const t0 = process.hrtime.bigint();
    const r0 = process.cpuUsage();
    await readTableBytes(
      {
        bytes: readFileSync(first),
        format: 'csv',
        limits: uploadLimits(),
        stageValues: catalogData(catalog),
      },
      () => {},
    );
    const readMs = ms(t0);
    const readCpu = process.cpuUsage(r0);

    const spent = new Map<string, number>();
    cpuSpent.clear();
    const t1 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    const a = await importValues(profiled(db, spent), { path: first, actor });
    const newMs = ms(t1);
    const cpu = process.cpuUsage(cpu0);
    const t2 = process.hrtime.bigint();
    const b = await importValues(db, { path: second, actor });
    const changedMs = ms(t2);
    if (a.changed !== rows || b.changed === 0) throw new Error(`unexpected: ${JSON.stringify({ a, b })}`);
    const inStatements = [...spent.values()].reduce((x, y) => x + y, 0);
    const result = {
      db: kind,
      rows,
      import_new_ms: round(newMs),
      import_new_values_per_s: round((rows / newMs) * 1000),
      // CPU time of this process (both threads; PGlite's too) during the first import.
      import_new_process_cpu_ms: round((cpu.user + cpu.system) / 1000),
      import_changed_ms: round(changedMs),
      import_changed_values_per_s: round((rows / changedMs) * 1000),
      changed_rows: b.changed,
      read_alone_ms: round(readMs),
      read_alone_rows_per_s: round((rows / readMs) * 1000),
      read_alone_cpu_ms: round((readCpu.user + readCpu.system) / 1000),
      copy_alone_values_per_s: await copyAlone(db, '2023', 0),
      // Time of the first import outside statements: waiting for the reader, JS work.
      outside_statements_ms: round(newMs - inStatements),
      phases_process_cpu_ms: Object.fromEntries(
        [...cpuSpent]
          .sort((x, y) => y[1] - x[1])
          .filter(([, t]) => t >= 5)
          .map(([k, t]) => [k.slice(0, 50), round(t)]),
      ),
      phases_ms: Object.fromEntries(
        [...spent]
          .sort((x, y) => y[1] - x[1])
          .filter(([, t]) => t >= 5)
          .map(([k, t]) => [k, round(t)]),
      ),
    };
    return result;
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const only = process.env.IMPORT_DATABASES;
if (!only || only === 'pglite') console.log(JSON.stringify(await run('pglite')));
if (!only || only === 'postgres') {
  let url = process.env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  const { createDatabase, startPostgres } = await import('../test/support/postgres.ts');
  if (!url) {
    const pg = await startPostgres();
    url = pg.url;
    stop = pg.stop;
  }
  try {
    console.log(
      JSON.stringify(await run('postgres', await createDatabase(url, `bench_import_${process.pid}`))),
    );
  } catch (err) {
    log(String(err));
    process.exitCode = 1;
  } finally {
    await stop?.();
  }
}
