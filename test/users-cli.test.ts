import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { login } from '../src/accounts/sessions.ts';
import { openDb } from '../src/db/database.ts';
import { freshPostgresUrl, testDatabases } from './support/databases.ts';
import { fixtures } from './support/db.ts';

const bin = join(import.meta.dirname, '..', 'bin', 'tieuchi.js');

describe.each(testDatabases())('tieuchi users on $name', { timeout: 180_000 }, (target) => {
  const dir = mkdtempSync(join(tmpdir(), 'tieuchi-users-'));
  let env: NodeJS.ProcessEnv;
  const tieuchi = (args: string[], stdin = '') =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [bin, '--data', join(dir, 'data'), ...args],
        { env },
        (err, stdout, stderr) =>
          resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
      child.stdin?.end(stdin);
    });

  beforeAll(async () => {
    env = { ...process.env, TIEUCHI_LANG: '', DATABASE_URL: '' };
    if (target.name === 'postgres') env.DATABASE_URL = await freshPostgresUrl('users_cli');
    expect((await tieuchi(['units', 'import', join(fixtures, 'units-small.csv')])).code).toBe(0);
  });

  it('has help in Vietnamese and in English', async () => {
    expect((await tieuchi(['users', '--help'])).stdout).toMatch(/Tạo tài khoản quản trị viên/);
    const en = await tieuchi(['--lang', 'en', 'users', 'create-admin', '--help']);
    expect(en.stdout).toMatch(/read the password from stdin/);
  });

  it('creates the first administrator, lists accounts and grants roles', async () => {
    const created = await tieuchi(
      ['users', 'create-admin', '--username', 'QuanTri', '--password-stdin'],
      'mật khẩu quản trị 1\n',
    );
    expect(created).toMatchObject({ code: 0 });
    expect(created.stdout).toMatch(/Đã tạo quản trị viên quantri \(số 1\) cho đơn vị \*/);
    const short = await tieuchi(
      ['users', 'create-admin', '--username', 'khac', '--password-stdin'],
      'ngắn\n',
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/INVALID_PASSWORD/);
    const unknown = await tieuchi([
      'users',
      'grant',
      '--username',
      'ai-do',
      '--role',
      'leader',
      '--unit',
      'D1',
    ]);
    expect(unknown.stderr).toMatch(/USER_NOT_FOUND/);
    const granted = await tieuchi([
      'users',
      'grant',
      '--username',
      'quantri',
      '--role',
      'department_reviewer',
      '--unit',
      'P1',
      '--criteria',
      '2, 3',
    ]);
    expect(granted.code).toBe(0);
    const badRole = await tieuchi([
      'users',
      'grant',
      '--username',
      'quantri',
      '--role',
      'vua',
      '--unit',
      'P1',
    ]);
    expect(badRole.stderr).toMatch(/INVALID_GRANT/);
    const list = await tieuchi(['users', 'list']);
    expect(list.stdout).toMatch(/quantri\s+QuanTri\s+có\s+admin@\*; department_reviewer@P1 \[2,3\]/);

    const db = await openDb({ databaseUrl: env.DATABASE_URL || undefined, dataDir: join(dir, 'data') });
    try {
      const s = await login(db, { username: 'quantri', password: 'mật khẩu quản trị 1' });
      expect(s.actor.grants.map((g) => g.role)).toEqual(['admin', 'department_reviewer']);
    } finally {
      await db.close();
    }
  });
});
