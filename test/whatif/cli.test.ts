import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresUrl, testDatabases } from '../support/databases.ts';
import { fixtures } from '../support/db.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', '..', 'bin', 'tieuchi.js');

describe.each(testDatabases())('tieuchi what-if on $name', (target) => {
  const dir = mkdtempSync(join(tmpdir(), 'tieuchi-whatif-'));
  let env: NodeJS.ProcessEnv;
  const tieuchi = async (...args: string[]) => {
    try {
      const r = await run(process.execPath, [bin, '--data', join(dir, 'data'), ...args], { env });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  beforeAll(async () => {
    env = { ...process.env, TIEUCHI_LANG: '', DATABASE_URL: '' };
    if (target.name === 'postgres') env.DATABASE_URL = await freshPostgresUrl('whatif_cli');
    expect((await tieuchi('units', 'import', join(fixtures, 'units-small.csv'))).code).toBe(0);
    await tieuchi(
      'frameworks',
      'import',
      join(fixtures, 'demo-xa-2024.yaml'),
      join(fixtures, 'demo-huyen-2024.yaml'),
    );
    expect((await tieuchi('values', 'import', join(fixtures, 'values-small.csv'))).code).toBe(0);
  }, 120_000);

  it('prints the changes as JSON, the district following its commune, before → after', async () => {
    const args = [
      'what-if',
      '--period',
      '2024',
      '--unit',
      'C1',
      '--set',
      'road_hardened_pct=80,5',
      '--format',
      'json',
    ];
    const r = await tieuchi(...args);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { changes: Array<Record<string, string>>; set: unknown[] };
    expect(out.changes.map((c) => [c.framework, c.unit, c.before, c.after])).toEqual([
      ['demo-xa-2024', 'C1', 'met', 'not_met'],
      ['demo-huyen-2024', 'D1', 'met', 'not_met'],
    ]);
    expect(out.set).toEqual([{ measure: 'road_hardened_pct', before: 92, after: 80.5 }]);
  });

  it('prints a Vietnamese table with several --set', async () => {
    const r = await tieuchi(
      'what-if',
      '--period',
      '2024',
      '--unit',
      'C4',
      '--set',
      'plan_approved=có',
      '--set',
      'income_per_capita=61,5',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Giả định cho Xã Đông \(C4\), kỳ 2024 — không lưu gì/);
    expect(r.stdout).toMatch(/Huyện Hai \(D2\)\s+Bộ tiêu chí thử nghiệm cấp huyện\s+Chưa đạt\s+Đạt/);
  });

  it('refuses a bad value naming the row and field', async () => {
    const r = await tieuchi('what-if', '--period', '2024', '--unit', 'C1', '--set', 'road_hardened_pct=abc');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\[INVALID_VALUES\]/);
    expect(r.stderr).toMatch(/dòng 1, cột giá trị \("abc"\): không phải số phần trăm/);
  });
});
