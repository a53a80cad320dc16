/**
 * Two server instances on one PostgreSQL behind Debian's nginx (round robin): the province
 * dashboard under 50 logged-in clients through the proxy (`two_instances_rps`,
 * `two_instances_errors`), and figures written through one instance then the other, each
 * followed by the same dashboard read from both instances directly: their answers must agree
 * with each other and with the stored results (`two_instances_consistent`), the other instance
 * learning of the change by NOTIFY (src/audit/changes.ts). Skipped with a note when nginx is
 * absent (`apt-get install -y nginx`).
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_UNITS, systemActor } from '../src/access/index.ts';
import { grantRole } from '../src/accounts/grants.ts';
import { createUser } from '../src/accounts/users.ts';
import type { Db } from '../src/db/database.ts';
import { type Status, statusLetter } from '../src/engine/status.ts';
import { load, round } from './http.ts';

const log = (m: string) => process.stderr.write(`${m}\n`);
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const password = 'bench-mat-khau-2026';
const dashboard = '/api/evaluations/matrix?framework=bench-xa&period=2024&unit=D001';
const provinceDashboard = '/api/evaluations/matrix?framework=bench-xa&period=2024&unit=P01';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function nginxBinary(): string | null {
  for (const p of ['/usr/sbin/nginx', '/usr/local/sbin/nginx']) if (existsSync(p)) return p;
  return null;
}

async function waitFor(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    if (Date.now() > until) throw new Error(`${url} did not answer in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Session {
  cookie: string;
  csrf: string;
}

async function login(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ username, password }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (!res.ok || !cookie) throw new Error(`login ${username}: HTTP ${res.status} ${await res.text()}`);
  const me = (await (await fetch(`${base}/api/session`, { headers: { cookie } })).json()) as {
    csrf_token: string;
  };
  return { cookie, csrf: me.csrf_token };
}

async function ensureUser(db: Db, username: string, role: 'leader' | 'commune_officer', unitCode: string) {
  if ((await db.query('SELECT 1 FROM users WHERE username = $1', [username])).length > 0) return;
  const user = await createUser(db, { username, displayName: username, password, actor: systemActor });
  await grantRole(db, { userId: user.id, role, unitCode, actor: systemActor });
}

/** The two-instance figures for a PostgreSQL database already seeded with seedNational. */
export async function measureTwoInstances(db: Db, url: string): Promise<Record<string, unknown>> {
  const nginx = nginxBinary();
  if (!nginx) {
    const note = 'nginx không có trên máy này (apt-get install -y nginx): bỏ qua phép đo hai máy chủ';
    log(`  ${note}`);
    return { two_instances_skipped: note };
  }
  await ensureUser(db, 'bench.lanhdao', 'leader', ALL_UNITS);
  await ensureUser(db, 'bench.xa', 'commune_officer', 'D001');
  const dir = mkdtempSync(join(tmpdir(), 'tieuchi-two-'));
  const children: ChildProcess[] = [];
  try {
    const ports = [await freePort(), await freePort()];
    const proxyPort = await freePort();
    const bin = fileURLToPath(new URL('../bin/tieuchi.js', import.meta.url));
    for (const port of ports) {
      const child = spawn(process.execPath, [bin, 'serve', '--port', String(port), '--host', '127.0.0.1'], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, DATABASE_URL: url, TIEUCHI_AUTH: 'required', TIEUCHI_TRUST_PROXY: '1' },
      });
      children.push(child);
    }
    for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, t));
    const conf = join(dir, 'nginx.conf');
    writeFileSync(
      conf,
      `daemon off;
user root;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream tieuchi {
    server 127.0.0.1:${ports[0]};
    server 127.0.0.1:${ports[1]};
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${proxyPort};
    location / {
      proxy_pass http://tieuchi;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host:$server_port;
      proxy_set_header X-Forwarded-For $remote_addr;
    }
  }
}
`,
    );
    const proxy = spawn(nginx, ['-p', dir, '-c', conf], { stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(proxy);
    const direct = ports.map((p) => `http://127.0.0.1:${p}`);
    const base = `http://127.0.0.1:${proxyPort}`;
    for (const d of direct) await waitFor(`${d}/api/health`, 180_000);
    await waitFor(`${base}/api/health`, 10_000);
    log(`  two instances (${ports.join(', ')}) behind nginx (${proxyPort})`);

    const reader = await login(base, 'bench.lanhdao');
    const headers = { cookie: reader.cookie };
    // Warm both instances, then load through the proxy.
    await load(base + provinceDashboard, 1, headers);
    const r = await load(base + provinceDashboard, SECONDS, headers);
    log(
      `  ${provinceDashboard} via nginx: p95 ${round(r.p95)} ms, ${Math.round(r.rps)} req/s, ${r.non2xx} non-2xx, ${r.errors} errors`,
    );

    // A write on each instance, then the dashboard from both: equal, and equal to the stored rows.
    const writer = await Promise.all(direct.map(() => login(base, 'bench.xa')));
    let consistent = true;
    const lags: number[] = [];
    for (let w = 0; w < 4; w++) {
      const on = w % 2;
      const value = w % 2 === 0 ? 'không' : 'có';
      const res = await fetch(`${direct[on]}/api/values`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          // Sent straight to one instance: its own address is the request's site.
          origin: direct[on]!,
          cookie: writer[on]!.cookie,
          'x-csrf-token': writer[on]!.csrf,
        },
        body: JSON.stringify({ values: [{ unit_code: 'X00001', indicator: 'm01', period: '2024', value }] }),
      });
      if (!res.ok) throw new Error(`write on instance ${on + 1}: HTTP ${res.status} ${await res.text()}`);
      const [row] = await db.query<{ criteria_codes: string; status: string }>(
        `SELECT criteria_codes, status FROM evaluation_results
         WHERE framework_id = 'bench-xa' AND period = '2024' AND unit_code = 'X00001'`,
      );
      const t0 = Date.now();
      let agreed = false;
      while (!agreed && Date.now() - t0 < 2_000) {
        const answers = await Promise.all(
          direct.map(async (d) => {
            const m = (await (await fetch(d + dashboard, { headers })).json()) as {
              rows: Array<{ unit: { code: string }; status: string; criteria: Status[] }>;
            };
            return m;
          }),
        );
        const rows = answers.map((m) => m.rows.find((x) => x.unit.code === 'X00001'));
        agreed =
          JSON.stringify(answers[0]) === JSON.stringify(answers[1]) &&
          rows.every(
            (x) => x?.status === row!.status && x.criteria.map(statusLetter).join('') === row!.criteria_codes,
          );
      }
      lags.push(Date.now() - t0);
      if (!agreed) consistent = false;
    }
    log(
      `  writes on either instance: both agree ${consistent ? 'yes' : 'NO'}, within ${Math.max(...lags)} ms`,
    );
    return {
      two_instances_rps: Math.round(r.rps),
      two_instances_p95_ms: round(r.p95, 2),
      two_instances_errors: r.errors + r.non2xx,
      two_instances_consistent: consistent,
      two_instances_agree_ms: Math.max(...lags),
    };
  } finally {
    for (const c of children.reverse()) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    rmSync(dir, { recursive: true, force: true });
  }
}
