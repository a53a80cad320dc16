import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../support/cli.ts';
import { freshPostgresUrl, testDatabases } from '../support/databases.ts';
import { fixtures } from '../support/db.ts';

describe.each(testDatabases())('tieuchi quality on $name', (target) => {
  const dir = mkdtempSync(join(tmpdir(), 'tieuchi-quality-'));
  let env: NodeJS.ProcessEnv;
  const tieuchi = cliRunner(join(dir, 'data'), () => env);

  beforeAll(async () => {
    env = { ...process.env, TIEUCHI_LANG: '', DATABASE_URL: '' };
    if (target.name === 'postgres') env.DATABASE_URL = await freshPostgresUrl('quality_cli');
    expect((await tieuchi('units', 'import', join(fixtures, 'units-small.csv'))).code).toBe(0);
    expect((await tieuchi('frameworks', 'import', join(fixtures, 'demo-xa-2024.yaml'))).code).toBe(0);
    const csv = join(dir, 'figures.csv');
    writeFileSync(
      csv,
      'unit_code,indicator,period,value\nC1,road_hardened_pct,2023,92\nC1,road_hardened_pct,2024,20\nC4,road_hardened_pct,2023,90\nC4,road_hardened_pct,2024,95\n',
    );
    expect((await tieuchi('values', 'import', csv)).code).toBe(0);
    // Each command is a fresh process: slow on a busy machine.
  }, 600_000);

  it('prints the open warnings as the JSON contract, per subtree', async () => {
    const r = await tieuchi('quality', '--period', '2024', '--unit', 'D1', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      issues: [
        {
          unit: 'C1',
          indicator: 'demo-xa-2024:1.1',
          measure: 'road_hardened_pct',
          period: '2024',
          kind: 'change',
          message: 'Thay đổi -72 điểm phần trăm so với cùng kỳ năm trước (92% → 20%), vượt ngưỡng ±30 điểm',
        },
      ],
    });
    expect(
      JSON.parse((await tieuchi('quality', '--period', '2024', '--unit', 'D2', '--format', 'json')).stdout),
    ).toEqual({
      issues: [],
    });
  }, 300_000);

  it('prints a Vietnamese table, and refuses a bad period in words', async () => {
    const table = await tieuchi('quality', '--period', '2024');
    expect(table.stdout).toMatch(
      /C1 Xã An\s+demo-xa-2024:1\.1\s+Thay đổi bất thường so với cùng kỳ\s+Thay đổi -72 điểm/,
    );
    expect(table.stdout).toMatch(/1 cảnh báo chưa giải trình/);
    const bad = await tieuchi('quality', '--period', '2024Q5');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/INVALID_PERIOD.*Kỳ "2024Q5" không hợp lệ/);
  }, 300_000);
});
