import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Action,
  type Actor,
  abilitiesFor,
  allActions,
  can,
  type Role,
  type RoleGrant,
  readLevels,
  requireAbility,
  requireAbilityOnUnits,
  requireRead,
  systemActor,
  systemActorNamed,
} from '../src/access/index.ts';
import type { Db } from '../src/db/database.ts';
import { AppError } from '../src/errors.ts';
import { render } from '../src/text.ts';
import { importUnits } from '../src/units/import.ts';
import { testDatabases } from './support/databases.ts';
import { fixtures, openTestDb } from './support/db.ts';

/**
 * The permission matrix, written out as the specification (not derived from the code): what
 * each role may do inside its subtree. Outside it, nothing.
 */
const allowedInside: Record<Role, Action[]> = {
  commune_officer: [
    'unit.read',
    'value.write',
    'evidence.upload',
    'evidence.read',
    'dossier.read',
    'dossier.self_assess',
    'dossier.submit',
    'dossier.resubmit',
    'target.report',
    'target.explain',
    'survey.read',
    'survey.manage',
    'survey.key_paper',
    'figures.submit',
    'quality.explain',
  ],
  department_reviewer: [
    'unit.read',
    'evidence.read',
    'dossier.read',
    'dossier.rule',
    'figures.approve',
    'figures.reopen',
  ],
  coordination_office: [
    'unit.read',
    'evidence.read',
    'dossier.read',
    'dossier.create',
    'dossier.consolidate',
    'dossier.request_rework',
    'dossier.decide',
    'dossier.revoke',
    'dossier.reopen',
    'target.plan',
    'target.assign',
    'target.report',
    'target.ask',
    'survey.read',
    'survey.manage',
    'survey.key_paper',
    'publication.manage',
    'feedback.moderate',
    'figures.approve',
    'figures.reopen',
    'quality.explain',
  ],
  council_member: ['unit.read', 'evidence.read', 'dossier.read', 'dossier.vote'],
  leader: ['unit.read', 'evidence.read', 'dossier.read', 'target.ask', 'survey.read'],
  admin: [...allActions],
};

const framework = 'demo-xa-2024';
const date = '2024-06-01';
/** Units of test/fixtures/units-small.csv in 2024: P1 → D1 (C1, C2, C3, T1), D2 (C4). Grants are on D1. */
const inside = ['D1', 'C1', 'C3', 'T1'];
const outside = ['C4', 'D2', 'P1'];

function actorWith(role: Role, grant: Partial<RoleGrant> = {}): Actor {
  const g: RoleGrant = { role, unitCode: 'D1', ...grant };
  if (role === 'department_reviewer' && !('criteria' in grant)) {
    g.frameworkId = framework;
    g.criteria = ['2'];
  }
  return { userId: 1, username: role, grants: [g] };
}

describe.each(testDatabases())('permissions on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'access');
    await importUnits(db, { path: join(fixtures, 'units-small.csv'), actor: systemActorNamed('tester') });
  });
  afterAll(async () => {
    await db?.close();
  });

  const roles = Object.keys(allowedInside) as Role[];

  it.each(roles)('%s: every action inside and outside its subtree', async (role) => {
    const actor = actorWith(role);
    const wrong: string[] = [];
    for (const unitCode of [...inside, ...outside]) {
      const t = { unitCode, frameworkId: framework, criterionNo: '2', date };
      const abilities = await abilitiesFor(db, actor, t);
      for (const action of allActions) {
        const expected = inside.includes(unitCode) && allowedInside[role].includes(action);
        const refusal = await requireAbility(db, actor, action, t).then(
          () => 'allowed',
          (e: AppError) => (e instanceof AppError ? e.code : String(e)),
        );
        const got = `${await can(db, actor, action, t)}/${refusal}/${abilities[action]}`;
        const want = expected ? 'true/allowed/true' : 'false/FORBIDDEN/false';
        if (got !== want)
          wrong.push(`${unitCode} ${action}: can/requireAbility/abilitiesFor = ${got}, expected ${want}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('names the action and the unit when it refuses', async () => {
    const err = await requireAbility(db, actorWith('leader'), 'value.write', { unitCode: 'C4', date }).catch(
      (e: AppError) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('FORBIDDEN');
    // A leader reads and asks; writing figures is no part of the role, and the refusal says so.
    expect((err as AppError).message).toBe(
      'Tài khoản leader không có quyền nhập số liệu tại đơn vị C4. Vai trò của tài khoản (Lãnh đạo) không gồm quyền này.',
    );
    expect(render((err as AppError).text, 'en')).toBe(
      "leader may not write figures at unit C4. The account's roles (Leader) do not include it.",
    );
  });

  it('says where an account has the right it lacks, and when that unit ended', async () => {
    // A commune officer of district D1 in 2024, refused on C4 (district D2).
    const officer = await requireAbility(db, actorWith('commune_officer'), 'value.write', {
      unitCode: 'C4',
      date,
    }).catch((e: AppError) => e);
    expect((officer as AppError).message).toBe(
      'Tài khoản commune_officer không có quyền nhập số liệu tại đơn vị C4. Tài khoản có quyền này trong phạm vi: Huyện Một (D1), đơn vị đã thôi tồn tại từ 01/07/2025. Quyền ở một đơn vị đã thôi tồn tại chỉ gồm các đơn vị trong thời gian còn thuộc nó; đơn vị nay thuộc nơi khác do tài khoản của nơi đó thực hiện.',
    );
    // Today C3 (under D1 until 30/06/2025) is under the province: D1's administrator may not
    // record where its office is, and is told why.
    const admin = await requireAbilityOnUnits(db, actorWith('admin'), 'unit.locate', ['C3', 'C1']).catch(
      (e: AppError) => e,
    );
    expect((admin as AppError).code).toBe('FORBIDDEN');
    expect(render((admin as AppError).text, 'en')).toMatch(
      /^admin may not record unit locations at unit C3\. The account has this right within: Huyện Một \(D1\), a unit that ended on 01\/07\/2025\. A right on a unit that has ended covers its units only while they were under it/,
    );
    // Within a reviewer's own criteria set and criteria, named too.
    const reviewer = await requireAbility(db, actorWith('department_reviewer'), 'dossier.rule', {
      unitCode: 'C1',
      frameworkId: framework,
      criterionNo: '3',
      date,
    }).catch((e: AppError) => e);
    expect((reviewer as AppError).message).toMatch(
      new RegExp(
        `trong phạm vi: Huyện Một \\(D1\\), đơn vị đã thôi tồn tại từ 01/07/2025, bộ tiêu chí ${framework}, tiêu chí 2\\.`,
      ),
    );
  });

  it('limits a department reviewer to its framework and criteria', async () => {
    const transport = actorWith('department_reviewer');
    const on = (criterionNo?: string, frameworkId: string | null = framework) =>
      can(db, transport, 'dossier.rule', {
        unitCode: 'C1',
        frameworkId: frameworkId ?? undefined,
        criterionNo,
        date,
      });
    expect(await on('2')).toBe(true);
    expect(await on('3')).toBe(false);
    expect(await on(undefined)).toBe(false);
    expect(await on('2', 'demo-huyen-2024')).toBe(false);
    expect(await on('2', null)).toBe(false);
    // Reading: the dossier as a whole, and its own criterion's evidence, but not other criteria's.
    expect(await can(db, transport, 'dossier.read', { unitCode: 'C1', frameworkId: framework, date })).toBe(
      true,
    );
    expect(await can(db, transport, 'evidence.read', { unitCode: 'C1', criterionNo: '2', date })).toBe(true);
    expect(await can(db, transport, 'evidence.read', { unitCode: 'C1', criterionNo: '3', date })).toBe(false);
    // A reviewer of every criterion of every framework rules on any of them.
    const all = actorWith('department_reviewer', { criteria: null, frameworkId: null });
    expect(
      await can(db, all, 'dossier.rule', { unitCode: 'C1', frameworkId: framework, criterionNo: '5', date }),
    ).toBe(true);
  });

  it('follows the tree of the date, and keeps merged units reachable from where they last were', async () => {
    const officer = actorWith('commune_officer');
    // C1 and C2 merged into C5 on 2025-01-01; D1 was abolished on 2025-07-01 (C5 moved under P1).
    expect(await can(db, officer, 'value.write', { unitCode: 'C1', date: '2026-01-01' })).toBe(true);
    expect(await can(db, officer, 'value.write', { unitCode: 'C5', date: '2025-03-01' })).toBe(true);
    expect(await can(db, officer, 'value.write', { unitCode: 'C5', date: '2026-01-01' })).toBe(false);
    expect(await can(db, officer, 'value.write', { unitCode: 'C1' })).toBe(true);
    const province = actorWith('commune_officer', { unitCode: 'P1' });
    expect(await can(db, province, 'value.write', { unitCode: 'C5' })).toBe(true);
    expect(await can(db, province, 'value.write', { unitCode: 'NOPE' })).toBe(false);
    const commune = actorWith('commune_officer', { unitCode: 'C1' });
    expect(await can(db, commune, 'value.write', { unitCode: 'C5', date: '2025-03-01' })).toBe(false);
  });

  it('lets the system and a national administrator do everything, and nobody without grants', async () => {
    const national: Actor = { userId: 2, username: 'root', grants: [{ role: 'admin', unitCode: '*' }] };
    const nobody: Actor = { userId: 3, username: 'nobody', grants: [] };
    for (const action of allActions) {
      expect(await can(db, systemActor, action, { unitCode: 'C4' })).toBe(true);
      expect(await can(db, national, action, { unitCode: 'C4' })).toBe(true);
      expect(await can(db, national, action, { unitCode: '*' })).toBe(true);
      expect(await can(db, nobody, action, { unitCode: 'C4' })).toBe(false);
    }
    // An administrator of one subtree is not an administrator of everything.
    expect(await can(db, actorWith('admin'), 'user.manage', { unitCode: '*' })).toBe(false);
    expect(Object.values(await abilitiesFor(db, nobody, { unitCode: 'C1' })).some(Boolean)).toBe(false);
  });

  it.each(roles)('%s: reads its subtree in full, its ancestors in summary, nothing else', async (role) => {
    // The read side of the matrix (docs/decisions/007): every role reads the same way.
    const levels = await readLevels(db, actorWith(role), [...inside, ...outside, 'C2'], date);
    expect(Object.fromEntries(levels)).toEqual({
      D1: 'full',
      C1: 'full',
      C2: 'full',
      C3: 'full',
      T1: 'full',
      P1: 'summary',
      D2: 'none',
      C4: 'none',
    });
    const commune = { userId: 4, username: 'xa', grants: [{ role, unitCode: 'C1' }] } satisfies Actor;
    const fromCommune = await readLevels(db, commune, ['C1', 'C2', 'D1', 'P1', 'C4'], date);
    expect(Object.fromEntries(fromCommune)).toEqual({
      C1: 'full',
      C2: 'none',
      D1: 'summary',
      P1: 'summary',
      C4: 'none',
    });
  });

  it('requireRead refuses outside the grants (403) and summaries where figures are asked', async () => {
    const officer: Actor = {
      userId: 5,
      username: 'xa',
      grants: [{ role: 'commune_officer', unitCode: 'C1' }],
    };
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'allowed',
        (e: AppError) => e.code,
      );
    expect(await code(requireRead(db, officer, { unitCode: 'C1', date }))).toBe('allowed');
    expect(await code(requireRead(db, officer, { unitCode: 'D1', date }))).toBe('FORBIDDEN');
    expect(await code(requireRead(db, officer, { unitCode: 'D1', date, level: 'summary' }))).toBe('allowed');
    expect(await code(requireRead(db, officer, { unitCode: 'C2', date, level: 'summary' }))).toBe(
      'FORBIDDEN',
    );
    // Staff-only accounts (no unit grant) and grants without unit.read read nothing.
    const staffOnly: Actor = { userId: 6, username: 'cb', grants: [] };
    expect(await code(requireRead(db, staffOnly, { unitCode: 'C1', date, level: 'summary' }))).toBe(
      'FORBIDDEN',
    );
    const national: Actor = { userId: 2, username: 'root', grants: [{ role: 'leader', unitCode: '*' }] };
    expect(await code(requireRead(db, national, { unitCode: 'C4', date }))).toBe('allowed');
    expect(await code(requireRead(db, systemActor, { unitCode: 'C4', date }))).toBe('allowed');
  });
});
