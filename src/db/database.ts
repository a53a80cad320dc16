import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite, parse as pgliteParse, protocol } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFromStream, to as copyToStream } from 'pg-copy-streams';
import { AppError } from '../errors.ts';
import { connectControl } from './control.ts';
import { CsvRowPieces, copied } from './csv.ts';
import { type DataDirLock, lockDataDir, readLockOwner } from './lock.ts';
import { migrate } from './migrate.ts';

/**
 * One interface over embedded PGlite and PostgreSQL: the rest of the code writes plain SQL
 * that both accept (PostgreSQL 15 features only; PGlite is 18).
 */
export interface Db {
  readonly kind: 'pglite' | 'postgres';
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Runs a statement whose result nobody reads (a write). In a PostgreSQL transaction it is sent
   * without waiting for its answer: the next statement, or the COMMIT, goes out behind it in the
   * same round trip, and its error, if any, is raised there (the transaction then rolls back).
   * Elsewhere it runs as `query` does.
   */
  send(sql: string, params?: unknown[]): Promise<void>;
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction; nested calls join the outer transaction. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Bulk load with COPY … FROM (CSV text, no header). */
  copyFrom(table: string, columns: string[], csv: string): Promise<void>;
  /**
   * Bulk read: `COPY (query) TO …` or `COPY table TO …` as CSV text; `sql` is what follows COPY.
   * With `each`, the text is handed to it in pieces of whole rows as they arrive (on PostgreSQL,
   * while the database is still sending the next ones) and the promise resolves to ''.
   */
  copyTo(sql: string, each?: (rows: string) => void): Promise<string>;
  /** Runs `fn` once the current transaction commits (never if it rolls back); at once outside one. */
  onCommit(fn: () => void): void;
  /**
   * PostgreSQL only: calls `fn` with the payload of every NOTIFY on `channel` (from any server
   * instance on the database), on a connection of its own; resolves to a function that stops.
   */
  listen?(channel: string, fn: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Runs after-commit callbacks; one failing does not stop the others. */
function runHooks(hooks: Array<() => void>): void {
  for (const h of hooks.splice(0))
    try {
      h();
    } catch (err) {
      console.error(err);
    }
}

export interface OpenOptions {
  /** PostgreSQL connection string; when absent, PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` for an in-memory database. */
  dataDir?: string | undefined;
  /**
   * When a running server owns the PGlite directory, reach its database through the server's
   * control socket (commands) instead of refusing with DATA_DIR_IN_USE.
   */
  viaServer?: boolean;
  /** false: leave the schema as it is (restoring a backup applies the backup's migrations itself). */
  migrate?: boolean;
}

/**
 * Opens PostgreSQL when a URL is given, else PGlite in `dataDir` (taking the directory for this
 * process, see src/db/lock.ts); applies pending migrations.
 */
export async function openDb(options: OpenOptions = {}): Promise<Db> {
  const url = options.databaseUrl;
  if (url) {
    const db = openPostgres(url);
    if (options.migrate !== false) await migrate(db);
    return db;
  }
  const dir = options.dataDir ?? defaultDataDir();
  if (dir.startsWith('memory://')) {
    const db = pgliteDb(await PGlite.create(dir), null);
    if (options.migrate !== false) await migrate(db);
    return db;
  }
  mkdirSync(dir, { recursive: true });
  let lock: DataDirLock;
  try {
    lock = await lockDataDir(dir);
  } catch (err) {
    const owner = err instanceof AppError && err.code === 'DATA_DIR_IN_USE' ? readLockOwner(dir) : null;
    if (options.viaServer && owner?.role === 'server' && owner.socket) return connectControl(owner.socket);
    throw err;
  }
  try {
    if (!existsSync(join(dir, 'PG_VERSION'))) await createPgliteDir(dir);
    const db = pgliteDb(await PGlite.create(dir), lock);
    locks.set(db, { dir, lock });
    if (options.migrate !== false) await migrate(db);
    return db;
  } catch (err) {
    await lock.release();
    throw err;
  }
}

/**
 * Creates a new PGlite data directory. PGlite's initdb takes ≈ 900 MB at its peak, which in this
 * process would only be freed by a later garbage collection (the server's RSS after opening is
 * ≈ 350 MB instead): it runs once per PGlite version and user, in a process of its own
 * (`create-pglite-dir.mjs`), into a cached cluster that each new directory is then copied from
 * (a cold copy of a stopped cluster; ≈ 0.2 s instead of ≈ 4 s of initdb). The cache is published
 * by an atomic rename, so it is complete whenever it exists.
 */
async function createPgliteDir(dir: string): Promise<void> {
  const initdb = (target: string) =>
    promisify(execFile)(process.execPath, [join(import.meta.dirname, 'create-pglite-dir.mjs'), target]);
  const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tieuchi');
  const cluster = join(cache, `pglite-initdb-${pgliteVersion()}`);
  if (!existsSync(join(cluster, 'PG_VERSION'))) {
    let fresh: string;
    try {
      mkdirSync(cache, { recursive: true });
      fresh = mkdtempSync(`${cluster}-`);
    } catch {
      // No writable cache (an account without a home): initdb straight into the directory.
      await initdb(dir);
      return;
    }
    try {
      await initdb(fresh);
      renameSync(fresh, cluster);
    } catch (err) {
      rmSync(fresh, { recursive: true, force: true });
      // Another process published it first: use theirs.
      if (!existsSync(join(cluster, 'PG_VERSION'))) throw err;
    }
  }
  cpSync(cluster, dir, { recursive: true });
}

/** The installed PGlite's version (a cached cluster is only reused by the same version). */
function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pkg = join(dirname(entry), '..', 'package.json');
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

const locks = new WeakMap<Db, { dir: string; lock: DataDirLock }>();

/** The PGlite directory `db` holds (null for PostgreSQL, in-memory or remote databases). */
export function heldDataDir(db: Db): { dir: string; lock: DataDirLock } | null {
  return locks.get(db) ?? null;
}

export function defaultDataDir(): string {
  return process.env.TIEUCHI_DATA || './.tieuchi';
}

type PgliteLike = Pick<PGlite, 'query' | 'exec'>;

function pgliteDb(root: PGlite, lock: DataDirLock | null): Db {
  return pgliteConn(root, root, null, lock);
}

/** `hooks` is null for the root handle, else the after-commit callbacks of its transaction. */
function pgliteConn(
  root: PGlite,
  conn: PgliteLike,
  hooks: Array<() => void> | null,
  lock: DataDirLock | null,
): Db {
  const isRoot = hooks === null;
  const db: Db = {
    kind: 'pglite',
    async query<T>(sql: string, params?: unknown[]) {
      const name = preparedNames.get(sql);
      const rows = name
        ? await pglitePrepared<T>(root, name, sql, params ?? [], isRoot)
        : (await conn.query<T>(sql, params as unknown[])).rows;
      return rows;
    },
    async send(sql: string, params?: unknown[]) {
      await db.query(sql, params);
    },
    async exec(sql: string) {
      await conn.exec(sql);
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      if (!isRoot) return fn(db);
      const after: Array<() => void> = [];
      const result = await root.transaction((tx) => fn(pgliteConn(root, tx, after, null)));
      runHooks(after);
      return result;
    },
    onCommit(fn) {
      if (hooks) hooks.push(fn);
      else runHooks([fn]);
    },
    async copyFrom(table, columns, csv) {
      await conn.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
        blob: new Blob([csv]),
      });
    },
    async copyTo(sql, each) {
      const res = await conn.query(`COPY ${sql} TO '/dev/blob' WITH (FORMAT csv)`);
      return copied(res.blob ? await res.blob.text() : '', each);
    },
    async close() {
      if (!isRoot) return;
      await root.close();
      await lock?.release();
    },
  };
  return db;
}

/** Statement texts run as named prepared statements (see `prepared`), by name. */
const preparedNames = new Map<string, string>();

/**
 * Marks a statement text as one of the hot path's (a figure's write): it then runs as a named
 * prepared statement, parsed once per connection (PostgreSQL) or PGlite instance, with its one
 * generic plan (on PostgreSQL within transactions: see PgTransaction): planning the write's
 * statements cost up to 10 times their execution. Returns the text. Only for fixed texts (no
 * values spliced in), whose result columns never change, and whose plan does not depend on the
 * values (lookups by key).
 */
export function prepared(sql: string): string {
  if (!preparedNames.has(sql)) preparedNames.set(sql, `tieuchi_${preparedNames.size + 1}`);
  return sql;
}

/** Per PGlite instance: the named statements it has prepared, with their parameters' type ids. */
const pglitePreparedTypes = new WeakMap<PGlite, Map<string, number[]>>();

/**
 * Runs `sql` as the named prepared statement `name` of PGlite `root` (PGlite's own `query`
 * parses and plans every time): the wire protocol's Parse and Describe once per instance, then
 * Bind, Describe, Execute and Sync, with PGlite's serializers and parsers, under its query
 * mutex (within a transaction too: PGlite runs one at a time).
 */
async function pglitePrepared<T>(
  root: PGlite,
  name: string,
  sql: string,
  params: unknown[],
  isRoot: boolean,
): Promise<T[]> {
  const { serialize } = protocol;
  const run = (message: Uint8Array) => root.execProtocolStream(message, { syncToFs: false });
  return root.runExclusive(async () => {
    const known = pglitePreparedTypes.get(root) ?? new Map<string, number[]>();
    pglitePreparedTypes.set(root, known);
    const messages: Awaited<ReturnType<PGlite['execProtocolStream']>> = [];
    let generic = false;
    try {
      // The statement's one generic plan, never re-planned: left to itself PostgreSQL keeps
      // planning each call when the generic plan's estimate (arrays of unknown length) is higher.
      await run(serialize.query('SET plan_cache_mode = force_generic_plan'));
      generic = true;
      let types = known.get(name);
      if (!types) {
        await run(serialize.parse({ name, text: sql, types: [] }));
        types = pgliteParse.parseDescribeStatementResults(await run(serialize.describe({ type: 'S', name })));
        known.set(name, types);
      }
      const values = params.map((v, i) => {
        if (v === null || v === undefined) return null;
        const serializer = root.serializers[types[i]!];
        return serializer ? serializer(v) : String(v);
      });
      messages.push(
        ...(await run(serialize.bind({ statement: name, values }))),
        ...(await run(serialize.describe({ type: 'P' }))),
        ...(await run(serialize.execute({}))),
      );
    } finally {
      messages.push(...(await run(serialize.sync())));
      // In a transaction that failed, the rollback undoes the SET.
      if (generic) await run(serialize.query('RESET plan_cache_mode')).catch(() => {});
    }
    if (isRoot) await root.syncToFs();
    return (pgliteParse.parseResults(messages, root.parsers)[0]?.rows ?? []) as T[];
  });
}

// Keep dates as ISO text and 64-bit integers as numbers (counts never exceed 2^53).
pg.types.setTypeParser(1082, (v: string) => v);
pg.types.setTypeParser(20, (v: string) => Number(v));

function openPostgres(url: string): Db {
  // Pipeline mode (node-postgres): a statement is written to the connection at once, not after
  // the previous one's answer; what waits for what is the code's await (see PgTransaction).
  // JIT compilation off for TieuChi's sessions: where a statement's estimate crossed its
  // threshold (an import's unit check of 300,000 rows) compiling took 0.24 s of 0.30 s.
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.TIEUCHI_PG_POOL ?? 10),
    pipeline: true,
    options: '-c jit=off',
  });
  return postgresDb(pool, null, url, null);
}

/**
 * A transaction's state on its connection, which runs in pipeline mode: statements go out
 * without waiting for the answers of those before them. BEGIN is sent with the transaction's
 * first statement, in the same round trip (with `SET LOCAL plan_cache_mode =
 * force_generic_plan` when that statement is a prepared one: from there on, named statements run
 * their one generic plan instead of being planned again for each set of values, as on PGlite
 * (pglitePrepared) — planning cost more than running a figure's write; a prepared statement
 * later in a transaction begun otherwise sets it then). Writes sent by `send` and the BEGIN are
 * `unanswered` until the next statement waits for them: a write and the statement after it, or
 * the last writes and the COMMIT, cost one round trip.
 */
interface PgTransaction {
  client: pg.PoolClient;
  begun: boolean;
  generic: boolean;
  unanswered: Array<Promise<unknown>>;
}

const ignore = () => {};

/** Sends a statement of `tx` whose answer the next awaited statement waits for. */
function sendUnanswered(tx: PgTransaction, answer: Promise<unknown>): void {
  answer.catch(ignore); // raised by `answered`, in order
  tx.unanswered.push(answer);
}

/** Sends BEGIN (and the generic-plan setting) when the transaction needs them, without waiting. */
function beginFor(tx: PgTransaction, prepared: boolean): void {
  const generic = prepared && !tx.generic ? 'SET LOCAL plan_cache_mode = force_generic_plan' : '';
  if (!tx.begun) sendUnanswered(tx, tx.client.query(generic ? `BEGIN; ${generic}` : 'BEGIN'));
  else if (generic) sendUnanswered(tx, tx.client.query(generic));
  tx.begun = true;
  tx.generic ||= prepared;
}

/** Waits for the answers of the statements sent unanswered; throws the first one's error. */
async function answered(tx: PgTransaction): Promise<void> {
  for (const answer of tx.unanswered.splice(0)) await answer;
}

/**
 * Runs `fn` with `client` out of pipeline mode (COPY's messages cannot share a pipeline), once
 * every statement sent before has been answered.
 */
async function unpipelined<T>(client: pg.PoolClient, fn: () => Promise<T>): Promise<T> {
  const c = client as unknown as { pipeline: boolean };
  c.pipeline = false;
  try {
    return await fn();
  } finally {
    c.pipeline = true;
  }
}

function postgresDb(
  pool: pg.Pool,
  tx: PgTransaction | null,
  url: string,
  hooks: Array<() => void> | null,
): Db {
  const client = tx?.client ?? null;
  const runner = client ?? pool;
  const run = (sql: string, params?: unknown[]) => {
    const name = preparedNames.get(sql);
    if (tx) beginFor(tx, name !== undefined);
    return name
      ? runner.query({ name, text: sql, values: params as unknown[] })
      : runner.query(sql, params as unknown[]);
  };
  /** A COPY on the transaction's connection (after what it sent is answered) or a pool one. */
  const copying = async <T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> => {
    if (tx) {
      beginFor(tx, false);
      await answered(tx);
      return unpipelined(tx.client, () => fn(tx.client));
    }
    const c = await pool.connect();
    try {
      return await unpipelined(c, () => fn(c));
    } finally {
      c.release();
    }
  };
  const db: Db = {
    kind: 'postgres',
    async query<T>(sql: string, params?: unknown[]) {
      const res = run(sql, params);
      if (tx) {
        res.catch(ignore); // an earlier statement's error is the one raised
        await answered(tx);
      }
      return (await res).rows as T[];
    },
    async send(sql: string, params?: unknown[]) {
      if (tx) sendUnanswered(tx, run(sql, params));
      else await run(sql, params);
    },
    async exec(sql: string) {
      await db.query(sql);
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      if (tx) return fn(db);
      const state: PgTransaction = {
        client: await pool.connect(),
        begun: false,
        generic: false,
        unanswered: [],
      };
      const after: Array<() => void> = [];
      let ended = false;
      try {
        const result = await fn(postgresDb(pool, state, url, after));
        if (state.begun) {
          // The last writes and the COMMIT in one round trip; after a failed write PostgreSQL
          // answers the COMMIT with a rollback, and the write's error is raised.
          const commit = state.client.query('COMMIT');
          commit.catch(ignore);
          ended = true;
          await answered(state);
          await commit;
        }
        runHooks(after);
        return result;
      } catch (err) {
        // A write sent before the failure that failed itself is what went wrong first (run one
        // by one, the code after it would not have run: a dry run's rollback included).
        const sent = await Promise.allSettled(state.unanswered.splice(0));
        if (state.begun && !ended) await state.client.query('ROLLBACK');
        throw sent.find((s) => s.status === 'rejected')?.reason ?? err;
      } finally {
        state.client.release();
      }
    },
    async copyFrom(table, columns, csv) {
      await copying(async (c) => {
        const stream = c.query(
          copyFromStream(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`),
        );
        await new Promise<void>((resolve, reject) => {
          stream.on('finish', () => resolve());
          stream.on('error', reject);
          stream.end(csv);
        });
      });
    },
    async copyTo(sql, each) {
      return copying(async (c) => {
        const stream = c.query(copyToStream(`COPY ${sql} TO STDOUT WITH (FORMAT csv)`));
        if (each) {
          const pieces = new CsvRowPieces(each);
          for await (const chunk of stream) pieces.push(chunk as Buffer);
          pieces.end();
          return '';
        }
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString('utf8');
      });
    },
    onCommit(fn) {
      if (hooks) hooks.push(fn);
      else runHooks([fn]);
    },
    async listen(channel, fn) {
      if (!/^[a-z_]+$/.test(channel)) throw new Error(`bad channel ${channel}`);
      const listener = new pg.Client({ connectionString: url });
      listener.on('notification', (m) => {
        if (m.channel === channel) fn(m.payload ?? '');
      });
      // A lost connection must not end the process; the caches then only expire by time.
      listener.on('error', (err) => console.error('LISTEN:', err.message));
      await listener.connect();
      await listener.query(`LISTEN ${channel}`);
      return async () => {
        await listener.end().catch(() => {});
      };
    },
    async close() {
      if (!client) await pool.end();
    },
  };
  return db;
}
