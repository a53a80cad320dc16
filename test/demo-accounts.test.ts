import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abilitiesFor, systemActorNamed } from '../src/access/index.ts';
import { login } from '../src/accounts/sessions.ts';
import type { Db } from '../src/db/database.ts';
import { createDemoAccounts, demoAccounts, demoPassword } from '../src/demo/demo-accounts.ts';
import { loadDemo } from '../src/demo/load-demo.ts';
import { authModeFromEnv } from '../src/http/auth.ts';
import { testDatabases } from './support/databases.ts';
import { openTestDb } from './support/db.ts';
import { tempFileStore } from './support/dossiers.ts';

const NTM = 'vn-qd318-xa-ntm-2021-2025';

describe('TIEUCHI_AUTH', () => {
  it('requires accounts unless set to off', () => {
    expect(authModeFromEnv({})).toBe('required');
    expect(authModeFromEnv({ TIEUCHI_AUTH: '' })).toBe('required');
    expect(authModeFromEnv({ TIEUCHI_AUTH: ' Off ' })).toBe('off');
    expect(authModeFromEnv({ TIEUCHI_AUTH: 'required' })).toBe('required');
    expect(() => authModeFromEnv({ TIEUCHI_AUTH: 'maybe' })).toThrow(/TIEUCHI_AUTH/);
  });
});

describe.each(testDatabases())('demo accounts on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'demo_accounts');
    await loadDemo(db, { actor: systemActorNamed('demo'), files: tempFileStore() });
  }, 240_000);
  afterAll(async () => {
    await db?.close();
  });

  it('are not created by loading the demo data alone', async () => {
    expect((await db.query('SELECT 1 FROM users')).length).toBe(0);
  });

  it('gives one account per role on the Hanoi demo units, all with the demo password', async () => {
    await createDemoAccounts(db);
    const rows = await db.query<{
      username: string;
      role: string;
      unit_code: string;
      criteria: string[] | null;
    }>(
      `SELECT u.username, g.role, g.unit_code, g.criteria FROM users u JOIN role_grants g ON g.user_id = u.id
        ORDER BY u.username`,
    );
    expect(rows.map((r) => [r.username, r.role, r.unit_code, r.criteria])).toEqual([
      ['demo.hoidong', 'council_member', '01', null],
      ['demo.lanhdao', 'leader', '01', null],
      ['demo.quantri', 'admin', '*', null],
      ['demo.sogiaoduc', 'department_reviewer', '01', ['5']],
      ['demo.sogiaothong', 'department_reviewer', '01', ['2']],
      ['demo.vpdp', 'coordination_office', '01', null],
      ['demo.xa', 'commune_officer', '00541', null],
    ]);
    expect(new Set(demoAccounts.flatMap((a) => (a.role ? [a.role] : []))).size).toBe(6);
    // Three accounts are people of the demo agency (staff evaluation), without a unit role.
    const people = await db.query<{ username: string; code: string }>(
      `SELECT u.username, p.code FROM staff_people p JOIN users u ON u.id = p.user_id ORDER BY p.code`,
    );
    expect(people.map((r) => [r.username, r.code])).toEqual([
      ['demo.chutich', 'CB01'],
      ['demo.truongphong', 'CB02'],
      ['demo.chuyenvien', 'CB04'],
    ]);
    for (const a of demoAccounts)
      expect((await login(db, { username: a.username, password: demoPassword })).user.username).toBe(
        a.username,
      );
  });

  it('limits the commune officer to its commune and each reviewer to its criterion', async () => {
    const officer = (await login(db, { username: 'demo.xa', password: demoPassword })).actor;
    const own = await abilitiesFor(db, officer, { unitCode: '00541', date: '2024-12-31' });
    const other = await abilitiesFor(db, officer, { unitCode: '00583', date: '2024-12-31' });
    expect([own['value.write'], other['value.write'], own['user.manage']]).toEqual([true, false, false]);

    const transport = (await login(db, { username: 'demo.sogiaothong', password: demoPassword })).actor;
    const rule = async (criterionNo: string) =>
      (
        await abilitiesFor(db, transport, {
          unitCode: '00565',
          frameworkId: NTM,
          criterionNo,
          date: '2024-12-31',
        })
      )['dossier.rule'];
    expect([await rule('2'), await rule('5')]).toEqual([true, false]);
  });
});
