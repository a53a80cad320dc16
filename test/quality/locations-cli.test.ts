/**
 * `tieuchi units locations FILE` (issue 16) beside a running server: on PGlite the command never
 * opens the server's directory itself (decision 006) — its statements run in the server, which
 * shows the imported location at once; a bad file is refused naming row and column, nothing stored.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresUrl, testDatabases } from '../support/databases.ts';
import { fixtures } from '../support/db.ts';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'tieuchi.js');

describe.each(testDatabases())(
  'tieuchi units locations beside a server on $name',
  { timeout: 240_000 },
  (target) => {
    const dir = mkdtempSync(join(tmpdir(), 'tieuchi-locations-'));
    const dataDir = join(dir, 'data');
    let env: NodeJS.ProcessEnv;
    let server: ChildProcess;
    let url = '';
    const tieuchi = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, [bin, '--data', dataDir, ...args], { env }, (err, stdout, stderr) =>
          resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });

    beforeAll(async () => {
      env = { ...process.env, TIEUCHI_LANG: '', DATABASE_URL: '', TIEUCHI_AUTH: 'off' };
      if (target.name === 'postgres') env.DATABASE_URL = await freshPostgresUrl('locations_cli');
      expect((await tieuchi(['units', 'import', join(fixtures, 'units-small.csv')])).code).toBe(0);
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
    }, 240_000);
    afterAll(() => {
      if (server && server.exitCode === null) server.kill('SIGKILL');
    });

    const location = async (code: string) =>
      (
        (await (await fetch(`${url}/api/units/${code}?date=2024-12-31`)).json()) as {
          location: { lat: number; lng: number; source: string; set_by: string } | null;
        }
      ).location;

    it('imports through the running server; a bad row is named and nothing is stored', async () => {
      const bad = join(dir, 'sai.csv');
      writeFileSync(bad, 'ma_don_vi;vi_do;kinh_do\nC1;21,0434;105,9321\nC2;210,5;105,9\n');
      const refused = await tieuchi(['units', 'locations', bad]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/INVALID_ROWS/);
      expect(refused.stderr).toMatch(/dòng 3, cột vĩ độ \("210,5"\): vĩ độ phải từ -90 đến 90/);
      expect(await location('C1')).toBeNull();

      const good = join(dir, 'vi-tri.csv');
      writeFileSync(good, 'ma_don_vi;vi_do;kinh_do\nC1;21,0434;105,9321\nC2;21,05;105,94\n');
      const r = await tieuchi([
        '--user',
        'can.bo.dia.chinh',
        'units',
        'locations',
        good,
        '--source',
        'Đo tại trụ sở',
      ]);
      expect([r.code, r.stdout.trim()]).toEqual([
        0,
        'Đã nhập vi-tri.csv: 2 đơn vị — thay đổi 2, không đổi 0.',
      ]);
      expect(await location('C1')).toEqual(
        expect.objectContaining({
          lat: 21.0434,
          lng: 105.9321,
          source: 'Đo tại trụ sở',
          set_by: 'can.bo.dia.chinh',
        }),
      );
    });
  },
);
