import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/access/index.ts';
import { listFigureApprovals } from '../../src/approval/read.ts';
import { approveFigures, reopenFigures, returnFigures, submitFigures } from '../../src/approval/workflow.ts';
import type { Db } from '../../src/db/database.ts';
import { statusForCode } from '../../src/http/errors.ts';
import { render } from '../../src/text.ts';
import { testDatabases } from '../support/databases.ts';
import { openTestDb, seedFixtures } from '../support/db.ts';
import { refusal } from '../support/refusal.ts';

// Test province in 2024 (test/fixtures/units-small.csv): P1 → D1 (C1, C2, C3, T1), D2 (C4).
// demo-huyen-2024 (districts) derives the share of communes meeting demo-xa-2024 (communes).
const XA = 'demo-xa-2024';
const HUYEN = 'demo-huyen-2024';
const period = '2024';
const system: Actor = { userId: null, username: 'system', grants: [] };
const province: Actor = {
  userId: 11,
  username: 'vpdp.tinh',
  grants: [{ role: 'coordination_office', unitCode: 'P1', frameworkId: null }],
};

describe.each(testDatabases())('approval level by level on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'approval_levels');
    await seedFixtures(db);
    // A fresh database and its migrations: slow on a busy machine.
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  const district = async (code: string) =>
    (
      await listFigureApprovals(db, { actor: province, frameworkId: HUYEN, period, unitCode: 'P1' })
    ).units.find((u) => u.unit_code === code)!;
  const stateOf = async (frameworkId: string, code: string) =>
    (
      await db.query<{ state: string }>(
        'SELECT state FROM figure_approvals WHERE framework_id = $1 AND period = $2 AND unit_code = $3',
        [frameworkId, period, code],
      )
    )[0]?.state ?? 'open';

  it('refuses a district’s approval while communes below wait, naming them; approves once they are approved', async () => {
    await submitFigures(db, { actor: system, frameworkId: HUYEN, period, unitCodes: ['D1', 'D2'] });
    await submitFigures(db, { actor: system, frameworkId: XA, period, unitCodes: ['C1', 'C2', 'C3', 'C4'] });
    await approveFigures(db, { actor: province, frameworkId: XA, period, unitCodes: ['C1'] });

    // The list says what D1 waits for and offers no approval yet.
    const waiting = await district('D1');
    expect(waiting.state).toBe('submitted');
    expect(waiting.waiting_for).toEqual([
      { unit_code: 'C2', unit_name: 'Xã Bình', framework_id: XA },
      { unit_code: 'C3', unit_name: 'Xã Cao', framework_id: XA },
    ]);
    expect(waiting.abilities).toMatchObject({ approve: false, return: true });

    // Approving refuses with a Vietnamese message naming the units still waiting; nothing changes.
    const err = await refusal(
      approveFigures(db, { actor: province, frameworkId: HUYEN, period, unitCodes: ['D1', 'D2'] }),
    );
    expect(err.code).toBe('APPROVAL_WAITING_FOR_LOWER_LEVEL');
    expect(statusForCode(err.code)).toBe(409);
    expect(err.message).toBe(
      'Chưa thể duyệt Huyện Một, Huyện Hai: còn chờ cấp dưới duyệt; không có gì thay đổi',
    );
    expect(err.details.map((d) => [d.value, render(d.message, 'vi')])).toEqual([
      ['D1', 'chờ cấp dưới duyệt: Xã Bình, Xã Cao'],
      ['D2', 'chờ cấp dưới duyệt: Xã Đông'],
    ]);
    expect([await stateOf(HUYEN, 'D1'), await stateOf(HUYEN, 'D2')]).toEqual(['submitted', 'submitted']);

    // A commune sent back is still waiting; once every commune of D1 is approved, D1 can be.
    await returnFigures(db, {
      actor: province,
      frameworkId: XA,
      period,
      unitCodes: ['C2'],
      reason: 'Thiếu số liệu',
    });
    await submitFigures(db, { actor: system, frameworkId: XA, period, unitCodes: ['C2'] });
    await approveFigures(db, { actor: province, frameworkId: XA, period, unitCodes: ['C2', 'C3'] });
    const ready = await district('D1');
    expect([ready.waiting_for, ready.abilities.approve]).toEqual([[], true]);
    await approveFigures(db, { actor: province, frameworkId: HUYEN, period, unitCodes: ['D1'] });
    expect(await stateOf(HUYEN, 'D1')).toBe('approved');
    // D2 still waits for its commune.
    expect((await district('D2')).waiting_for.map((w) => w.unit_name)).toEqual(['Xã Đông']);
    expect(
      (await refusal(approveFigures(db, { actor: province, frameworkId: HUYEN, period, unitCodes: ['D2'] })))
        .code,
    ).toBe('APPROVAL_WAITING_FOR_LOWER_LEVEL');
  });

  it('pages the units with the total of every page; counts cover the whole subtree', async () => {
    const page = (offset: number, state?: 'approved') =>
      listFigureApprovals(db, {
        actor: province,
        frameworkId: XA,
        period,
        unitCode: 'P1',
        limit: 2,
        offset,
        state,
      });
    // The communes by name (the township is not under a commune framework).
    const first = await page(0);
    expect([first.total, first.units.map((u) => u.unit_name)]).toEqual([4, ['Xã An', 'Xã Bình']]);
    expect((await page(2)).units.map((u) => u.unit_name)).toEqual(['Xã Cao', 'Xã Đông']);
    expect((await page(4)).units).toEqual([]);
    expect(first.counts).toMatchObject({ approved: 3, submitted: 1 });
    const approved = await page(2, 'approved');
    expect([approved.total, approved.units.map((u) => u.unit_code)]).toEqual([3, ['C3']]);
  });
  it('reopening a commune reopens the district approval that included it, with reason, audit and the list saying so', async () => {
    // From the first test: C1, C2, C3 approved under the commune framework, D1 under the district one.
    expect([await stateOf(XA, 'C1'), await stateOf(HUYEN, 'D1'), await stateOf(HUYEN, 'D2')]).toEqual([
      'approved',
      'approved',
      'submitted',
    ]);
    const reason = 'Số hộ nghèo cần rà soát lại';
    const r = await reopenFigures(db, {
      actor: province,
      frameworkId: XA,
      period,
      unitCodes: ['C1'],
      reason,
    });
    expect(r.reopened_above).toEqual([
      { framework_id: HUYEN, unit_code: 'D1', unit_name: 'Huyện Một', below: ['C1'] },
    ]);
    // Both reopened in the one transaction; the other district (not above C1) untouched.
    expect([await stateOf(XA, 'C1'), await stateOf(HUYEN, 'D1'), await stateOf(HUYEN, 'D2')]).toEqual([
      'reopened',
      'reopened',
      'submitted',
    ]);
    const d1 = await district('D1');
    expect([d1.reason, d1.reopened_below]).toEqual([reason, [{ unit_code: 'C1', unit_name: 'Xã An' }]]);
    expect(d1.abilities).toMatchObject({ approve: false, reopen: false });
    const events = await db.query<{
      data: { reopened_below?: string[]; reason: string; framework_id: string };
    }>(`SELECT data FROM audit_events WHERE type = 'figures.reopened' AND unit_code = 'D1' ORDER BY id`);
    expect(events.map((e) => e.data)).toEqual([
      { framework_id: HUYEN, period, reason, reopened_below: ['C1'] },
    ]);

    // The district goes through the levels again: resubmitted, it waits for C1, then is approved.
    await submitFigures(db, { actor: system, frameworkId: HUYEN, period, unitCodes: ['D1'] });
    expect((await district('D1')).reopened_below).toEqual([]);
    expect(
      (await refusal(approveFigures(db, { actor: province, frameworkId: HUYEN, period, unitCodes: ['D1'] })))
        .code,
    ).toBe('APPROVAL_WAITING_FOR_LOWER_LEVEL');
    await submitFigures(db, { actor: system, frameworkId: XA, period, unitCodes: ['C1'] });
    await approveFigures(db, { actor: province, frameworkId: XA, period, unitCodes: ['C1'] });
    await approveFigures(db, { actor: province, frameworkId: HUYEN, period, unitCodes: ['D1'] });
    expect(await stateOf(HUYEN, 'D1')).toBe('approved');

    // Reopening a commune whose district is not approved reopens nothing above.
    await approveFigures(db, { actor: province, frameworkId: XA, period, unitCodes: ['C4'] });
    const none = await reopenFigures(db, {
      actor: province,
      frameworkId: XA,
      period,
      unitCodes: ['C4'],
      reason,
    });
    expect([none.reopened_above, await stateOf(HUYEN, 'D2')]).toEqual([[], 'submitted']);
  });
});
