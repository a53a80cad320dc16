import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', '..', 'bin', 'tieuchi.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tieuchi` on the PGlite directory `dataDir` (or DATABASE_URL in `env()`); never throws on a failing command. */
export function cliRunner(dataDir: string, env: () => NodeJS.ProcessEnv) {
  return async (...args: string[]): Promise<CliResult> => {
    try {
      const r = await run(process.execPath, [bin, '--data', dataDir, ...args], { env: env() });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
}
