import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresUrl, testDatabases } from './support/databases.ts';
import { fixtures } from './support/db.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', 'bin', 'tieuchi.js');

describe.each(testDatabases())('tieuchi command on $name', (target) => {
  const dir = mkdtempSync(join(tmpdir(), 'tieuchi-cli-'));
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
    if (target.name === 'postgres') env.DATABASE_URL = await freshPostgresUrl('cli');
    expect((await tieuchi('units', 'import', join(fixtures, 'units-small.csv'))).code).toBe(0);
    const fw = await tieuchi(
      'frameworks',
      'import',
      join(fixtures, 'demo-xa-2024.yaml'),
      join(fixtures, 'demo-huyen-2024.yaml'),
    );
    expect(fw.stdout).toMatch(/nhập mới phiên bản 1/);
    expect((await tieuchi('values', 'import', join(fixtures, 'values-small.csv'))).stdout).toMatch(/13 dòng/);
  });

  it('has help in Vietnamese and in English', async () => {
    const vi = await tieuchi('evaluate', '--help');
    expect(vi.stdout).toMatch(/mã bộ tiêu chí/);
    const en = await tieuchi('--lang', 'en', 'values', 'import', '--help');
    expect(en.stdout.replace(/\s+/g, ' ')).toMatch(/any bad row changes nothing/);
  });

  it('prints an aligned Vietnamese table and the JSON contract', async () => {
    const table = await tieuchi(
      'evaluate',
      '--framework',
      'demo-xa-2024',
      '--period',
      '2024',
      '--unit',
      'D1',
    );
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    const row = (code: string) => lines.find((l) => l.startsWith(`${code} `))!;
    expect(row('C2')).toMatch(/Xã Bình\s+Xã\s+Chưa đạt\s+1\/2/);
    expect(row('D1')).toMatch(/Huyện Một.*2\/3/);
    // Columns line up: the result column starts at the same place on every row.
    expect(row('C1').indexOf('Đạt')).toBe(row('C2').indexOf('Chưa đạt'));
    const json = await tieuchi(
      'evaluate',
      '--framework',
      'demo-xa-2024',
      '--period',
      '2024',
      '--unit',
      'D1',
      '--format',
      'json',
    );
    const report = JSON.parse(json.stdout);
    // The version that judged the period, from when it is in force, and its legal basis.
    expect(report.framework).toMatchObject({
      id: 'demo-xa-2024',
      version: 1,
      name: 'Bộ tiêu chí thử nghiệm cấp xã',
    });
    expect(report.framework.in_force_from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(report.results[0].children).toMatchObject({ total: 3, met: 2 });
  });

  it('refuses a bad file with every bad row and exit code 1', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(
      file,
      'unit_code,indicator,period,value\nC1,road_hardened_pct,2024,abc\nNOPE,plan_approved,2024,có\n',
    );
    const r = await tieuchi('values', 'import', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/INVALID_ROWS/);
    expect(r.stderr).toMatch(/dòng 2, cột giá trị \("abc"\): không phải số phần trăm/);
    expect(r.stderr).toMatch(/dòng 3, cột mã đơn vị \("NOPE"\)/);
    const unknown = await tieuchi('evaluate', '--framework', 'nope', '--period', '2024');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/FRAMEWORK_NOT_FOUND/);
    const period = await tieuchi('evaluate', '--framework', 'demo-xa-2024', '--period', '2024Q9');
    expect(period.stderr).toMatch(/INVALID_PERIOD/);
  });

  it('records recognitions made before TieuChi from a file: checked first, listed, a bad row refused', async () => {
    const file = join(dir, 'quyet-dinh.csv');
    writeFileSync(
      file,
      'ma_don_vi,ten_don_vi,danh_hieu,nam,so_quyet_dinh,ngay_quyet_dinh,cap_ky\n' +
        'C1,Xã An,NTM,2020,12/QĐ-UBND,20/12/2020,UBND thành phố\n',
    );
    const check = await tieuchi('recognitions', 'import', file, '--check');
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/Tệp quyet-dinh\.csv hợp lệ: 1 quyết định sẽ được ghi \(chưa ghi gì\)/);
    expect((await tieuchi('recognitions', 'list')).stdout).toMatch(/Chưa có quyết định nào/);
    const done = await tieuchi('recognitions', 'import', file);
    expect(done.stdout).toMatch(/Đã ghi 1 quyết định từ quyet-dinh\.csv/);
    const list = await tieuchi('recognitions', 'list', '--unit', 'C1');
    expect(list.stdout).toMatch(
      /Xã An \(C1\)\s+đạt chuẩn nông thôn mới\s+2020\s+12\/QĐ-UBND ngày 20\/12\/2020/,
    );
    // The same decision again, and a unit that does not exist: nothing recorded, each row named.
    writeFileSync(
      file,
      'ma_don_vi,danh_hieu,nam,cap_ky\nC1,NTM,2020,UBND thành phố\nXX9,NTM,2021,UBND thành phố\n',
    );
    const bad = await tieuchi('recognitions', 'import', file);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/dòng 3/);
    expect((await tieuchi('recognitions', 'list')).stdout.match(/Xã An \(C1\)/g)).toHaveLength(1);
  });
});
