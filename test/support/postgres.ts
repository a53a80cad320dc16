/**
 * A throw-away PostgreSQL server for the tests, from the machine's PostgreSQL binaries
 * (Debian's `postgresql` package: /usr/lib/postgresql/<major>/bin).
 *
 * PostgreSQL refuses to run as root, and CI runs as root: then initdb and pg_ctl run as the
 * unprivileged user `nobody`, and the data and socket directories are handed to that user.
 */
import { spawn } from 'node:child_process';
import {
  accessSync,
  chownSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:PORT/tieuchi_test` */
  url: string;
  /** Stops the server (`pg_ctl stop -m fast`) and removes its temporary directory. */
  stop(): Promise<void>;
}

export const TEST_DATABASE = 'tieuchi_test';

/** Thrown when no PostgreSQL binaries (initdb, pg_ctl) can be found on this machine. */
export class PostgresNotFoundError extends Error {
  override name = 'PostgresNotFoundError';
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function hasTools(dir: string): boolean {
  return isExecutable(join(dir, 'initdb')) && isExecutable(join(dir, 'pg_ctl'));
}

/**
 * The directory holding initdb and pg_ctl: `PG_BIN`, else the highest
 * /usr/lib/postgresql/<major>/bin, else the directory of `initdb` found on PATH.
 * Returns undefined when none is found.
 */
export function findPostgresBin(): string | undefined {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv) {
    if (!hasTools(fromEnv))
      throw new PostgresNotFoundError(`PG_BIN=${fromEnv} has no executable initdb and pg_ctl`);
    return fromEnv;
  }
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const majors = readdirSync(root)
      .filter((d) => /^\d+(\.\d+)?$/.test(d))
      .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
    for (const major of majors) {
      const dir = join(root, major, 'bin');
      if (hasTools(dir)) return dir;
    }
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const initdb = join(dir, 'initdb');
    if (!isExecutable(initdb)) continue;
    // Follow symlinks (e.g. /usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb) so that
    // pg_ctl, which is looked for beside initdb, is found with it.
    const real = dirname(realpathSync(initdb));
    if (hasTools(real)) return real;
    if (hasTools(dir)) return dir;
  }
  return undefined;
}

interface RunAs {
  uid: number;
  gid: number;
}

/** When running as root: the uid/gid of `nobody` (from /etc/passwd), else undefined. */
function unprivilegedUser(): RunAs | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  let uid = 65534;
  let gid = 65534;
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('nobody:'));
    const fields = line?.split(':');
    if (fields && fields.length > 3) {
      uid = Number(fields[2]);
      gid = Number(fields[3]);
    }
  } catch {
    // keep the conventional 65534
  }
  return { uid, gid };
}

interface RunResult {
  code: number | null;
  output: string;
}

/**
 * Runs a PostgreSQL tool; as root, it runs as `nobody` (Node sets the groups, gid and uid in
 * the child before exec, like `setpriv --clear-groups --regid --reuid`).
 */
function run(cmd: string, args: string[], cwd: string, as: RunAs | undefined): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C.UTF-8', PGTZ: 'UTC' },
      ...(as ? { uid: as.uid, gid: as.gid } : {}),
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** A free TCP port on 127.0.0.1 (bind port 0, read it back, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read the bound port'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

function tail(path: string, lines = 30): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch (err) {
      last = err;
      await client.end().catch(() => {});
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`PostgreSQL did not accept connections within ${timeoutMs} ms: ${String(last)}`);
}

/** The postmaster's process id, from the first line of postmaster.pid. */
function postmasterPid(data: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(join(data, 'postmaster.pid'), 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Waits until the process is gone from /proc: pg_ctl detaches the postmaster, so once it has
 * exited it is reaped by init, not by us; waiting keeps `pgrep postgres` clean afterwards.
 */
async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  if (!existsSync('/proc/self')) return;
  const deadline = Date.now() + timeoutMs;
  while (existsSync(`/proc/${pid}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

/** `url` with its database name replaced by `database`. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/**
 * Creates an empty database `name` on the server of `baseUrl` (UTF8, from template0) and
 * returns its URL. `name` must be a plain lower-case identifier of at most 63 characters.
 */
export async function createDatabase(baseUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error(
      `invalid database name ${JSON.stringify(name)}: use [a-z_][a-z0-9_]*, at most 63 characters`,
    );
  }
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
  } finally {
    await client.end();
  }
  return withDatabase(baseUrl, name);
}

/**
 * Starts a throw-away PostgreSQL server on a free loopback port, with trust authentication
 * for user `postgres` and durability turned off (fsync, synchronous_commit, full_page_writes),
 * and creates the database `tieuchi_test`.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = findPostgresBin();
  if (!bin) {
    throw new PostgresNotFoundError(
      'PostgreSQL binaries (initdb, pg_ctl) not found: install Debian\'s "postgresql" package, or set PG_BIN',
    );
  }
  const as = unprivilegedUser();
  const dir = mkdtempSync(join(tmpdir(), 'tieuchi-pg-'));
  const data = join(dir, 'data');
  const socket = join(dir, 'socket');
  const log = join(dir, 'postgres.log');
  mkdirSync(socket);
  if (as) {
    chownSync(dir, as.uid, as.gid);
    chownSync(socket, as.uid, as.gid);
  }
  let started = false;
  const cleanup = async () => {
    if (started) {
      const pid = postmasterPid(data);
      await run(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'fast', '-w', '-t', '60'], dir, as).catch(
        () => {},
      );
      started = false;
      if (pid) await waitForExit(pid, 5_000);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    // Collation C and character type C.UTF-8, as PGlite has them.
    const init = await run(
      join(bin, 'initdb'),
      [
        '-D',
        data,
        '-A',
        'trust',
        '-U',
        'postgres',
        '-E',
        'UTF8',
        '--lc-collate=C',
        '--lc-ctype=C.UTF-8',
        '--no-sync',
      ],
      dir,
      as,
    );
    if (init.code !== 0) throw new Error(`initdb failed (exit ${init.code}):\n${init.output}`);

    let port = 0;
    let lastError = '';
    // The port is free when we look, but another process may take it before PostgreSQL binds it: retry.
    for (let attempt = 1; attempt <= 3 && !started; attempt++) {
      port = await freePort();
      const options = [
        '-c listen_addresses=127.0.0.1',
        `-p ${port}`,
        `-k "${socket}"`,
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c max_connections=200',
      ].join(' ');
      const start = await run(
        join(bin, 'pg_ctl'),
        ['start', '-D', data, '-l', log, '-w', '-t', '60', '-o', options],
        dir,
        as,
      );
      if (start.code === 0) started = true;
      else lastError = `pg_ctl start failed (exit ${start.code}):\n${start.output}\n${tail(log)}`;
    }
    if (!started) throw new Error(lastError);

    const serverUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    await waitUntilReady(serverUrl, 30_000);
    const url = await createDatabase(serverUrl, TEST_DATABASE);
    let stopped: Promise<void> | undefined;
    return {
      url,
      stop() {
        stopped ??= cleanup();
        return stopped;
      },
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
