/**
 * The dashboard figure: the HTTP server started in-process on the synthetic national data set,
 * the scorecard matrix of a province (its ~11 districts, ~170 communes) and of a district (its
 * ~15 communes) under 50 concurrent clients on 127.0.0.1 for a bounded time, with the one-row
 * /api/health from the same run as the baseline. The load (autocannon) runs in a process of its
 * own, as clients do: it does not share the server's event loop (2 cores: one serves, one
 * loads), and its memory is not counted as the server's.
 * The server runs with accounts required (the default): the load logs in as a read-only
 * leader of every unit and sends its session cookie, so each request also reads the session.
 *
 *   node --import tsx bench/http.ts      (seeds PGlite, prints one JSON object)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_UNITS, systemActor } from '../src/access/index.ts';
import { grantRole } from '../src/accounts/grants.ts';
import { createUser } from '../src/accounts/users.ts';
import { type Db, openDb } from '../src/db/database.ts';
import { today } from '../src/http/openapi.ts';
import { setPublication } from '../src/portal/publication.ts';
import { startServer } from '../src/server.ts';
import { runLoad } from './load.ts';
import { seedNational } from './seed.ts';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const log = (m: string) => process.stderr.write(`${m}\n`);
export const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/**
 * The load (bench/load.ts): autocannon for a bounded time; percentiles from every 2xx response's
 * time, so p95 is exact.
 */
const loadScript = `
const times = [];
// Anonymous clients come from addresses of their own (X-Forwarded-For, trusted in the bench).
let clients = 0;
const requests = load.ownAddress
  ? [{ setupRequest: (req, context) => {
      context.ip ??= '10.0.' + Math.floor(++clients / 250) + '.' + (clients % 250);
      return { ...req, headers: { ...req.headers, 'x-forwarded-for': context.ip } };
    } }]
  : undefined;
const instance = autocannon({ url: load.url, connections: load.connections, duration: load.seconds,
  headers: load.headers, requests },
  (err, result) => {
    if (err) throw err;
    times.sort((a, b) => a - b);
    const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
    done({ requests: times.length, rps: times.length / result.duration, p50: q(0.5),
      p95: q(0.95), p99: q(0.99), non2xx: result.non2xx, errors: result.errors });
  });
instance.on('response', (_client, status, _bytes, time) => { if (status < 300) times.push(time); });
`;

/** Runs autocannon against `url` from a process of its own (bench/load.ts). */
export function load(
  url: string,
  seconds: number,
  headers: Record<string, string>,
  ownAddress = false,
): Promise<LoadResult> {
  return runLoad<LoadResult>(loadScript, { url, headers, ownAddress, connections: CONNECTIONS, seconds });
}

async function measure(
  base: string,
  path: string,
  headers: Record<string, string>,
  ownAddress = false,
): Promise<LoadResult> {
  const first = await fetch(base + path, { headers });
  if (!first.ok) throw new Error(`${path}: HTTP ${first.status} ${await first.text()}`);
  await load(base + path, 1, headers, ownAddress); // warm-up: JIT, caches, connection pools
  const r = await load(base + path, SECONDS, headers, ownAddress);
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${path}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  log(
    `  ${path}: p50 ${round(r.p50)} ms, p95 ${round(r.p95)} ms, p99 ${round(r.p99)} ms, ${Math.round(r.rps)} req/s`,
  );
  return r;
}

/** A read-only leader of every unit, logged in: the Cookie header its requests carry. */
async function benchSession(db: Db, base: string): Promise<Record<string, string>> {
  const username = 'bench.lanhdao';
  const password = 'bench-mat-khau-2026';
  if ((await db.query('SELECT 1 FROM users WHERE username = $1', [username])).length === 0) {
    const user = await createUser(db, {
      actor: systemActor,
      username,
      displayName: 'Lãnh đạo (đo tải)',
      password,
    });
    await grantRole(db, { actor: systemActor, userId: user.id, role: 'leader', unitCode: ALL_UNITS });
  }
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ username, password }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (!res.ok || !cookie) throw new Error(`bench login: HTTP ${res.status} ${await res.text()}`);
  return { cookie };
}

/** Publishes bench-xa's status and criteria for the whole country on the public portal (once). */
async function publishBench(db: Db): Promise<void> {
  const roots = await db.query<{ code: string }>(
    "SELECT code FROM units WHERE kind = 'province' ORDER BY code",
  );
  for (const { code } of roots)
    await setPublication(db, systemActor, {
      frameworkId: 'bench-xa',
      unitCode: code,
      publishStatus: true,
      publishCriteria: true,
      indicators: [],
      date: today(),
    });
}

/** The dashboard figures of `npm run bench` for one database already seeded with seedNational. */
export async function measureDashboard(db: Db): Promise<Record<string, number>> {
  const server = await startServer(db, { port: 0, host: '127.0.0.1', auth: 'required' });
  try {
    const headers = await benchSession(db, server.url);
    log(`  HTTP: ${CONNECTIONS} connections, ${SECONDS} s each, logged in (TIEUCHI_AUTH=required)`);
    const health = await measure(server.url, '/api/health', headers);
    const province = await measure(
      server.url,
      '/api/evaluations/matrix?framework=bench-xa&period=2024&unit=P01',
      headers,
    );
    const district = await measure(
      server.url,
      '/api/evaluations/matrix?framework=bench-xa&period=2024&unit=D001',
      headers,
    );
    // The public unit page: 50 anonymous clients, each from its own address (X-Forwarded-For
    // behind a trusted proxy), the per-address limit raised so that the page is measured, not the
    // limiter (TIEUCHI_TRUST_PROXY / TIEUCHI_PUBLIC_RATE_LIMIT, set by bench/national.ts).
    await publishBench(db);
    const publicUnit = await measure(server.url, '/api/public/units/X00001', {}, true);
    return {
      public_unit_p95_ms: round(publicUnit.p95, 2),
      public_unit_rps: Math.round(publicUnit.rps),
      dashboard_p95_ms: round(province.p95, 2),
      dashboard_rps: Math.round(province.rps),
      district_dashboard_p95_ms: round(district.p95, 2),
      district_dashboard_rps: Math.round(district.rps),
      health_p95_ms: round(health.p95, 2),
      health_rps: Math.round(health.rps),
    };
  } finally {
    await server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = mkdtempSync(join(tmpdir(), 'tieuchi-bench-http-'));
  const db = await openDb({ dataDir: join(dir, 'db') });
  try {
    log('seeding the synthetic national data set (PGlite)');
    await seedNational(db, dir);
    console.log(JSON.stringify({ database: db.kind, ...(await measureDashboard(db)) }));
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
