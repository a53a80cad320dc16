import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type Role, systemActorNamed } from '../../src/access/index.ts';
import { listFigureApprovals } from '../../src/approval/read.ts';
import { approveFigures, reopenFigures, returnFigures, submitFigures } from '../../src/approval/workflow.ts';
import type { Db } from '../../src/db/database.ts';
import { AppError } from '../../src/errors.ts';
import { importFramework } from '../../src/frameworks/import.ts';
import { statusForCode } from '../../src/http/errors.ts';
import { importValues, setValues } from '../../src/values/import.ts';
import { testDatabases } from '../support/databases.ts';
import { fixtures, openTestDb, seedFixtures, snapshot } from '../support/db.ts';

// Test province in 2024 (test/fixtures/units-small.csv): P1 → D1 (C1, C2, C3, T1), D2 (C4).
const FW = 'demo-xa-2024';
const period = '2024';
let nextId = 1;
const person = (role: Role, unitCode: string, frameworkId?: string): Actor => ({
  userId: nextId++,
  username: `${role}.${unitCode}`,
  grants: [{ role, unitCode, frameworkId: frameworkId ?? null }],
});
const officer = person('commune_officer', 'C1');
const office = person('coordination_office', 'D1');
const officeOfC1 = person('coordination_office', 'C1');
const reviewer = person('department_reviewer', 'D1');

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

describe.each(testDatabases())('approval of routine figures on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'approval');
    await seedFixtures(db);
    // A fresh database and its migrations: slow on a busy machine.
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  const stateOf = async (unit: string, frameworkId = FW) =>
    (await listFigureApprovals(db, { actor: office, frameworkId, period, unitCode: 'D1' })).units.find(
      (u) => u.unit_code === unit,
    )!;

  it('submit, approve, locked write refused with a code, reopen with reason, change shown as after approval', async () => {
    const base = { frameworkId: FW, period };
    // A commune officer submits his own commune, not another one.
    expect(await codeOf(submitFigures(db, { ...base, actor: officer, unitCodes: ['C2'] }))).toBe('FORBIDDEN');
    await submitFigures(db, { ...base, actor: officer, unitCodes: ['C1'] });
    expect((await stateOf('C1')).state).toBe('submitted');
    expect((await stateOf('C1')).abilities).toEqual({
      submit: false,
      approve: true,
      return: true,
      reopen: false,
    });

    // The level above approves: a coordination office granted on the commune itself may not.
    expect(await codeOf(approveFigures(db, { ...base, actor: officeOfC1, unitCodes: ['C1'] }))).toBe(
      'FORBIDDEN',
    );
    // Approving a unit that was never submitted changes nothing (C2 is open).
    const conflict = await codeOf(approveFigures(db, { ...base, actor: office, unitCodes: ['C1', 'C2'] }));
    expect(conflict).toBe('WORKFLOW_STEP_NOT_ALLOWED');
    expect(statusForCode(conflict)).toBe(409);
    expect((await stateOf('C1')).state).toBe('submitted');
    await approveFigures(db, { ...base, actor: office, unitCodes: ['C1'] });
    const approved = await stateOf('C1');
    expect(approved).toMatchObject({
      state: 'approved',
      approved_by: office.username,
      changed_after_approval: [],
    });

    // Approved figures are locked, for a typed change and a bulk import alike; nothing is stored.
    const before = await snapshot(db);
    const typed = { unitCode: 'C1', indicator: 'road_hardened_pct', period, value: '50' };
    let refusal: AppError | undefined;
    await setValues(db, { actor: systemActorNamed('tester'), values: [typed] }).catch((e: AppError) => {
      refusal = e;
    });
    expect(refusal?.code).toBe('FIGURES_APPROVED');
    expect(statusForCode('FIGURES_APPROVED')).toBe(409);
    expect(refusal?.message).toMatch(/đã được cấp trên duyệt nên bị khóa/);
    expect(refusal?.details[0]?.value).toBe('Xã An · Tỷ lệ đường xã được cứng hóa · 2024');
    // More than a form's worth of rows: the bulk (COPY) path checks the loaded table.
    const csv = [
      'unit_code,indicator,period,value',
      'C1,road_hardened_pct,2024,50',
      ...Array.from(
        { length: 59 },
        (_, i) =>
          `C2,income_per_capita,${2010 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')},60`,
      ),
    ];
    const file = join(mkdtempSync(join(tmpdir(), 'approval-')), 'bulk.csv');
    writeFileSync(file, `${csv.join('\n')}\n`);
    const bulk = importValues(db, { path: file, actor: systemActorNamed('tester') });
    expect(await codeOf(bulk)).toBe('FIGURES_APPROVED');
    expect(await snapshot(db)).toBe(before);
    // Writing what is already there, another unit, or a figure of another period goes through.
    expect(
      (await setValues(db, { actor: systemActorNamed('tester'), values: [{ ...typed, value: '92' }] }))
        .changed,
    ).toBe(0);
    expect(
      (await setValues(db, { actor: systemActorNamed('tester'), values: [{ ...typed, unitCode: 'C2' }] }))
        .changed,
    ).toBe(1);
    expect(
      (await setValues(db, { actor: systemActorNamed('tester'), values: [{ ...typed, period: '2023' }] }))
        .changed,
    ).toBe(1);

    // Reopening needs a reason and the level above.
    expect(await codeOf(reopenFigures(db, { ...base, actor: office, unitCodes: ['C1'], reason: ' ' }))).toBe(
      'APPROVAL_REASON_REQUIRED',
    );
    expect(
      await codeOf(reopenFigures(db, { ...base, actor: officer, unitCodes: ['C1'], reason: 'sai' })),
    ).toBe('FORBIDDEN');
    await reopenFigures(db, { ...base, actor: office, unitCodes: ['C1'], reason: 'Số đường xã cần đo lại' });
    expect(await stateOf('C1')).toMatchObject({ state: 'reopened', reason: 'Số đường xã cần đo lại' });
    expect((await setValues(db, { actor: systemActorNamed('tester'), values: [typed] })).changed).toBe(1);
    const reopened = await stateOf('C1');
    expect(reopened.changed_after_approval).toMatchObject([
      {
        measure: 'road_hardened_pct',
        indicator: '1.1',
        indicator_name: 'Tỷ lệ đường xã được cứng hóa',
        actor: 'tester',
      },
    ]);
    const own = await listFigureApprovals(db, { actor: officer, frameworkId: FW, period, unitCode: 'C1' });
    expect(own.units.map((u) => [u.unit_code, u.state, u.abilities.submit, u.abilities.approve])).toEqual([
      ['C1', 'reopened', true, false],
    ]);

    // Resubmitted and approved again: the change is part of the approved figures now.
    await submitFigures(db, { ...base, actor: officer, unitCodes: ['C1'] });
    await approveFigures(db, { ...base, actor: office, unitCodes: ['C1'] });
    expect((await stateOf('C1')).changed_after_approval).toEqual([]);

    const events = await db.query<{ type: string; unit_code: string; reason: string | null }>(
      `SELECT type, unit_code, data->>'reason' AS reason FROM audit_events WHERE type LIKE 'figures.%' ORDER BY id`,
    );
    expect(events.map((e) => e.type)).toEqual([
      'figures.submitted',
      'figures.approved',
      'figures.reopened',
      'figures.submitted',
      'figures.approved',
    ]);
    expect(events[2]!.reason).toBe('Số đường xã cần đo lại');
  });

  it('returns with a reason, and approves many units at once', async () => {
    const base = { frameworkId: FW, period };
    const system: Actor = { userId: null, username: 'system', grants: [] };
    await submitFigures(db, { ...base, actor: system, unitCodes: ['C2', 'C3'] });
    expect(await codeOf(returnFigures(db, { ...base, actor: office, unitCodes: ['C3'] }))).toBe(
      'APPROVAL_REASON_REQUIRED',
    );
    await returnFigures(db, { ...base, actor: office, unitCodes: ['C3'], reason: 'Thiếu thu nhập' });
    expect(await stateOf('C3')).toMatchObject({ state: 'returned', reason: 'Thiếu thu nhập' });
    await submitFigures(db, { ...base, actor: system, unitCodes: ['C3'] });
    await approveFigures(db, { ...base, actor: office, unitCodes: ['C2', 'C3'] });
    const list = await listFigureApprovals(db, { actor: office, frameworkId: FW, period, unitCode: 'D1' });
    expect(list.counts).toMatchObject({ approved: 3, submitted: 0 });
    // A township is not under a commune framework.
    expect(await codeOf(submitFigures(db, { ...base, actor: system, unitCodes: ['T1'] }))).toBe(
      'APPROVAL_NOT_APPLICABLE',
    );
  });

  it('lets the framework name the approving role per unit kind', async () => {
    const id = 'demo-xa-duyet-so';
    const text = readFileSync(join(fixtures, 'demo-xa-2024.yaml'), 'utf8')
      .replace('id: demo-xa-2024', `id: ${id}`)
      .replace('\ncriteria:\n', '\napproval:\n  by_kind: {commune: department_reviewer}\ncriteria:\n');
    await importFramework(db, { text, fileName: `${id}.yaml`, actor: systemActorNamed('tester') });
    const base = { frameworkId: id, period };
    await submitFigures(db, { ...base, actor: officer, unitCodes: ['C1'] });
    expect(await codeOf(approveFigures(db, { ...base, actor: office, unitCodes: ['C1'] }))).toBe('FORBIDDEN');
    const otherFramework = person('department_reviewer', 'D1', FW);
    expect(await codeOf(approveFigures(db, { ...base, actor: otherFramework, unitCodes: ['C1'] }))).toBe(
      'FORBIDDEN',
    );
    await approveFigures(db, { ...base, actor: reviewer, unitCodes: ['C1'] });
    expect((await stateOf('C1', id)).state).toBe('approved');
  });
});
