/**
 * Runs a load generator (autocannon) in a process of its own, as clients are: it does not share
 * the server's event loop (2 cores: one serves, one loads), and its memory is not counted as the
 * server's (`peak_rss_mb`). `script` is plain JavaScript run by `node -e`: it reads its settings
 * from `load` (BENCH_LOAD, with `autocannon`'s path added) and sends its one result with
 * `done(result)`.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const prelude = `
const load = JSON.parse(process.env.BENCH_LOAD);
const autocannon = require(load.autocannon);
const done = (result) => process.send(result, () => process.exit(0));
`;

export function runLoad<T>(script: string, settings: Record<string, unknown>): Promise<T> {
  return new Promise((resolve, reject) => {
    const load = { ...settings, autocannon: createRequire(import.meta.url).resolve('autocannon') };
    const child = spawn(process.execPath, ['-e', prelude + script], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, BENCH_LOAD: JSON.stringify(load) },
    });
    let result: T | undefined;
    child.once('message', (m) => {
      result = m as T;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0 && result !== undefined) resolve(result);
      else reject(new Error(`load process exited with ${code}`));
    });
  });
}
