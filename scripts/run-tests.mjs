#!/usr/bin/env node
// Runs every test (`npm run test:all`): starts a throw-away PostgreSQL unless
// TIEUCHI_TEST_PG_URL is already set, runs `vitest run` with TIEUCHI_TEST_PG_URL in its
// environment (extra arguments are passed on to vitest), stops PostgreSQL afterwards (also on
// Ctrl-C), prints one closing line `tests: N passed, N failed[, N skipped]` and exits with
// vitest's exit code.
//
// Without PostgreSQL binaries (Debian's `postgresql` package, or PG_BIN) the PostgreSQL half
// of the tests is skipped with a warning; under CI (CI set) that is an error instead.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const report = join(root, 'test-results', 'vitest.json');
const isCI = Boolean(process.env.CI) && !['0', 'false'].includes(String(process.env.CI).toLowerCase());

let server; // { url, stop() } once PostgreSQL runs
let skippedPostgres = false; // no PostgreSQL binaries outside CI
let child; // the vitest process while it runs
let signalled; // the signal that asked us to stop

async function stopServer() {
  const s = server;
  server = undefined;
  if (s)
    await s
      .stop()
      .catch((err) => console.error(`run-tests: stopping PostgreSQL failed: ${err?.message ?? err}`));
}

function onSignal(signal) {
  if (signalled) return;
  signalled = signal;
  if (child && child.exitCode === null && child.signalCode === null) {
    // Ctrl-C reaches vitest too (same process group); a signal sent to us alone is passed on.
    child.kill(signal);
    const force = setTimeout(() => child?.kill('SIGKILL'), 15_000);
    force.unref();
  }
  // Without a child, the startup code below sees `signalled` and cleans up.
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, onSignal);

function exitCodeFor(signal) {
  return 128 + (constants.signals[signal] ?? 1);
}

async function startServer() {
  register();
  const { startPostgres, PostgresNotFoundError } = await import(
    pathToFileURL(join(root, 'test', 'support', 'postgres.ts')).href
  );
  try {
    const t0 = Date.now();
    server = await startPostgres();
    console.log(`run-tests: PostgreSQL for the tests at ${server.url} (started in ${Date.now() - t0} ms)`);
    return server.url;
  } catch (err) {
    if (!(err instanceof PostgresNotFoundError)) throw err;
    if (isCI) {
      const e = new Error(
        `${err.message}.\nCI must run the tests on PostgreSQL too: .ci/run installs Debian's "postgresql" package.`,
      );
      e.plain = true;
      throw e;
    }
    console.warn(
      [
        '',
        `run-tests: ${err.message}`,
        '************************************************************************',
        '* WARNING: PostgreSQL binaries (initdb, pg_ctl) not found.             *',
        '* The PostgreSQL half of the tests is SKIPPED; only PGlite is tested.  *',
        '* Install them with `apt-get install postgresql` (or set PG_BIN, or    *',
        '* TIEUCHI_TEST_PG_URL to a server of your own) to run everything.      *',
        '************************************************************************',
        '',
      ].join('\n'),
    );
    return undefined;
  }
}

function runVitest(env, extraArgs) {
  const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const args = [
    vitest,
    'run',
    '--reporter=default',
    '--reporter=json',
    '--outputFile.json=test-results/vitest.json',
    ...extraArgs,
  ];
  return new Promise((resolve, reject) => {
    child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? exitCodeFor(signal)));
  });
}

function closingLine() {
  if (!existsSync(report)) {
    console.error(`run-tests: vitest wrote no report (${report})`);
    return;
  }
  let r;
  try {
    r = JSON.parse(readFileSync(report, 'utf8'));
  } catch (err) {
    console.error(`run-tests: cannot read ${report}: ${err.message}`);
    return;
  }
  // A file that fails to load (syntax or import error) has no failed test: count it as one.
  const broken = (r.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  );
  for (const f of broken)
    console.log(`run-tests: ${f.name} failed without a failing test (counted as 1 failed)`);
  const passed = r.numPassedTests ?? 0;
  const failed = (r.numFailedTests ?? 0) + broken.length;
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
}

async function main() {
  const env = { ...process.env };
  if (env.TIEUCHI_TEST_PG_URL) {
    console.log(`run-tests: using the PostgreSQL server at TIEUCHI_TEST_PG_URL=${env.TIEUCHI_TEST_PG_URL}`);
  } else {
    const url = await startServer();
    if (url) env.TIEUCHI_TEST_PG_URL = url;
    else skippedPostgres = true;
  }
  if (signalled) return exitCodeFor(signalled);

  rmSync(report, { force: true });
  const code = await runVitest(env, process.argv.slice(2));
  child = undefined;
  if (skippedPostgres)
    console.warn('run-tests: WARNING: the PostgreSQL half of the tests was skipped (no PostgreSQL)');
  closingLine();
  return signalled && code === 0 ? exitCodeFor(signalled) : code;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  console.error(`run-tests: ${err?.plain ? err.message : (err?.stack ?? err)}`);
  exitCode = 1;
} finally {
  await stopServer();
}
process.exit(exitCode);
