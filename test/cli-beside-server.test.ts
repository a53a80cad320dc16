/**
 * Commands beside a running server (issue 12): on PGlite a second process must never open the
 * server's directory — commands reach its database through the control socket, `serve` twice is
 * refused — and nothing the server or a command answered as saved is lost.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../src/db/database.ts';
import { freshPostgresUrl, testDatabases } from './support/databases.ts';
import { fixtures } from './support/db.ts';

const bin = join(import.meta.dirname, '..', 'bin', 'tieuchi.js');

describe.each(testDatabases())(
  'tieuchi commands beside a running server on $name',
  { timeout: 240_000 },
  (target) => {
    const dir = mkdtempSync(join(tmpdir(), 'tieuchi-beside-'));
    const dataDir = join(dir, 'data');
    let env: NodeJS.ProcessEnv;
    let server: ChildProcess;
    let url = '';
    const tieuchi = (args: string[], stdin = '') =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const child = execFile(
          process.execPath,
          [bin, '--data', dataDir, ...args],
          { env },
          (err, stdout, stderr) =>
            resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
        child.stdin?.end(stdin);
      });

    beforeAll(async () => {
      env = { ...process.env, TIEUCHI_LANG: '', DATABASE_URL: '', TIEUCHI_AUTH: 'off' };
      if (target.name === 'postgres') env.DATABASE_URL = await freshPostgresUrl('beside');
      expect((await tieuchi(['units', 'import', join(fixtures, 'units-small.csv')])).code).toBe(0);
      expect((await tieuchi(['frameworks', 'import', join(fixtures, 'demo-xa-2024.yaml')])).code).toBe(0);
      server = spawn(process.execPath, [bin, '--data', dataDir, 'serve', '--port', '0'], { env });
      url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout?.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        server.stderr?.on('data', (d: Buffer) => process.stderr.write(d));
        server.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
      });
    });
    afterAll(() => {
      if (server && server.exitCode === null) server.kill('SIGKILL');
    });

    it('runs commands in the running server and loses none of either side’s writes', async () => {
      const viaHttp = (unit: string, value: string) =>
        fetch(`${url}/api/values`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            values: [{ unit_code: unit, indicator: 'road_hardened_pct', period: '2024', value }],
          }),
        }).then((r) => r.status);
      const results = await Promise.all([
        tieuchi([
          'values',
          'set',
          'C1',
          'income_per_capita',
          '2024',
          '71,5',
          '--note',
          'lệnh bên cạnh máy chủ',
        ]),
        viaHttp('C1', '93'),
        tieuchi(['values', 'set', 'C2', 'income_per_capita', '2024', '66']),
        viaHttp('C2', '88,5'),
        tieuchi(
          ['users', 'create-admin', '--username', 'quan.tri', '--password-stdin'],
          'mật khẩu quản trị 1\n',
        ),
      ]);
      for (const r of results)
        expect(typeof r === 'number' ? r : r.code).toBe(typeof r === 'number' ? 200 : 0);
      const read = async (unit: string) => {
        const body = (await (await fetch(`${url}/api/values?unit=${unit}&period=2024`)).json()) as {
          values: Array<{ measure: string; value: unknown; note: string | null }>;
        };
        return Object.fromEntries(body.values.map((v) => [v.measure, v.value]));
      };
      expect(await read('C1')).toMatchObject({ income_per_capita: 71.5, road_hardened_pct: 93 });
      expect(await read('C2')).toMatchObject({ income_per_capita: 66, road_hardened_pct: 88.5 });
      // A backup taken while the server runs.
      const backup = await tieuchi(['backup', join(dir, 'sao-luu')]);
      expect(backup.code).toBe(0);
      expect(backup.stdout).toMatch(/Đã sao lưu/);
    });

    it('refuses a second server on the same PGlite directory, and the directory opens cleanly afterwards', async () => {
      if (target.name === 'pglite') {
        const second = await tieuchi(['serve', '--port', '0']);
        expect(second.code).toBe(1);
        expect(second.stderr).toMatch(/DATA_DIR_IN_USE/);
        expect(second.stderr).toMatch(/máy chủ TieuChi \(tiến trình \d+/);
      }
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
      const db = await openDb(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir });
      try {
        const values = await db.query<{ unit_code: string; measure: string; num: number }>(
          `SELECT unit_code, measure_id AS measure, num FROM value_current WHERE period = '2024' ORDER BY unit_code, measure`,
        );
        expect(values.map((v) => `${v.unit_code}:${v.measure}=${v.num}`)).toEqual(
          expect.arrayContaining([
            'C1:income_per_capita=71.5',
            'C1:road_hardened_pct=93',
            'C2:income_per_capita=66',
          ]),
        );
        expect(await db.query(`SELECT 1 FROM users WHERE username = 'quan.tri'`)).toHaveLength(1);
      } finally {
        await db.close();
      }
    });
  },
);
