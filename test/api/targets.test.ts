import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Role, systemActor } from '../../src/access/index.ts';
import { grantRole } from '../../src/accounts/grants.ts';
import { createUser } from '../../src/accounts/users.ts';
import { startTestApi, type TestApi } from '../support/api.ts';
import { testDatabases } from '../support/databases.ts';
import { countRows } from '../support/db.ts';
import { sessionClient, testPassword } from '../support/session-client.ts';

/** Fixture units on 2026-01-01: P1 → C3, C4, C5. */
describe.each(testDatabases())('/api/targets over HTTP on $name', (target) => {
  let api: TestApi;
  const users: Array<[string, Role, string]> = [
    ['ke.hoach', 'coordination_office', 'P1'],
    ['lanh.dao', 'leader', 'P1'],
    ['xa.c5', 'commune_officer', 'C5'],
  ];
  const as = async (name: string) => {
    const c = sessionClient(api.url);
    expect((await c.login(name)).status).toBe(200);
    return c;
  };
  beforeAll(async () => {
    api = await startTestApi(target, { prefix: 'api_targets', auth: 'required' });
    for (const [username, role, unitCode] of users) {
      const u = await createUser(api.db, {
        actor: systemActor,
        username,
        displayName: username,
        password: testPassword,
      });
      await grantRole(api.db, { actor: systemActor, userId: u.id, role, unitCode });
    }
  });
  afterAll(async () => {
    await api?.close();
  });

  it('plans, assigns with a short allocation, refuses a leader, takes a unit’s figures, explains, exports', async () => {
    const planner = await as('ke.hoach');
    const created = await planner.write('POST', '/api/targets', {
      year: 2026,
      root_code: 'P1',
      demo: true,
      add: [{ code: 'REV', name: 'Thu ngân sách', unit: 'tỷ đồng', direction: 'higher', aggregation: 'sum' }],
    });
    expect(created.status).toBe(201);
    expect(created.body.plan).toMatchObject({
      year: 2026,
      demo: true,
      name: expect.stringContaining('minh họa'),
    });
    expect(created.body.holders.map((h: { code: string }) => h.code)).toEqual(['P1', 'C3', 'C4', 'C5']);
    expect(created.body.abilities).toMatchObject({ 'target.plan': true, 'target.assign': true });

    const assigned = await planner.write('POST', '/api/targets/2026/assignments', {
      targets: [
        { indicator: 'REV', holder: 'P1', target: 1000 },
        { indicator: 'REV', holder: 'C3', target: 400 },
        { indicator: 'REV', holder: 'C4', target: 350 },
        { indicator: 'REV', holder: 'C5', target: '200' },
      ],
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.allocation[0]).toMatchObject({ combined: 950, ok: false, shortfall: 50 });
    expect(assigned.body.allocation[0].rule.vi).toContain('950 < 1.000');

    const leader = await as('lanh.dao');
    const rows = await countRows(api.db, 'target_assignments');
    const refused = await leader.write('POST', '/api/targets/2026/assignments', {
      targets: [{ indicator: 'REV', holder: 'C5', target: 250 }],
    });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect(await countRows(api.db, 'target_assignments')).toBe(rows);

    const unit = await as('xa.c5');
    const view = await unit.get('/api/targets/2026/holders/C5?today=2026-04-20');
    expect(view.body.abilities).toMatchObject({
      'target.report': true,
      'target.explain': true,
      'target.ask': false,
    });
    const bad = await unit.write('POST', '/api/targets/2026/actuals', {
      values: [{ indicator: 'REV', holder: 'C5', period: '2026Q1', value: 1 }],
    });
    expect([bad.status, bad.body.error.code, bad.body.error.details[0].field]).toEqual([
      400,
      'INVALID_ACTUALS',
      'period',
    ]);
    const ok = await unit.write('POST', '/api/targets/2026/actuals', {
      values: [
        { indicator: 'REV', holder: 'C5', period: '2026-01', value: '15' },
        { indicator: 'REV', holder: 'C5', period: '2026-02', value: '15' },
        { indicator: 'REV', holder: 'C5', period: '2026-03', value: '15' },
      ],
    });
    expect(ok.body).toEqual({ changed: 3 });
    const other = await unit.write('POST', '/api/targets/2026/actuals', {
      values: [{ indicator: 'REV', holder: 'C4', period: '2026-01', value: '15' }],
    });
    expect(other.status).toBe(403);

    // 45 in 3 months → 180 = 90 % of 200 → at risk.
    const progress = await leader.get('/api/targets/2026/progress?today=2026-04-20');
    const c5 = progress.body.cells.find((c: { holder: string }) => c.holder === 'C5');
    expect(c5).toMatchObject({
      actual_to_date: 45,
      projection: 180,
      status: 'at_risk',
      projection_method: 'linear',
    });

    const asked = await leader.write('POST', '/api/targets/2026/explanations', {
      indicator: 'REV',
      holder: 'C5',
      question: 'Đề nghị giải trình tiến độ thu ngân sách.',
    });
    expect(asked.status).toBe(201);
    // The explanation steps each reader's page shows (src/targets/workflow.ts): the leader asks, the unit answers.
    const stepsOf = async (c: typeof unit) => {
      const cell = (await c.get('/api/targets/2026/holders/C5?today=2026-04-20')).body.cells.find(
        (x: { indicator: string }) => x.indicator === 'REV',
      );
      return { cell: cell.steps, request: cell.explanations.at(-1).steps };
    };
    expect(await stepsOf(leader)).toEqual({
      cell: { ask: true, answer: false },
      request: { ask: false, answer: false },
    });
    expect(await stepsOf(unit)).toEqual({
      cell: { ask: false, answer: false },
      request: { ask: false, answer: true },
    });
    const answered = await unit.write('POST', `/api/targets/explanations/${asked.body.id}/answer`, {
      answer: 'Tiền sử dụng đất dồn vào quý IV.',
    });
    expect(answered.body).toMatchObject({ answered_by: 'xa.c5', answer: 'Tiền sử dụng đất dồn vào quý IV.' });
    expect((await stepsOf(unit)).request).toEqual({ ask: false, answer: false });
    const again = await unit.write('POST', `/api/targets/explanations/${asked.body.id}/answer`, {
      answer: 'Lần hai',
    });
    expect([again.status, again.body.error.code]).toEqual([409, 'WORKFLOW_STEP_NOT_ALLOWED']);

    const file = await leader.get('/api/targets/2026/export.xlsx?today=2026-04-20');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain('chi-tieu-ktxh-2026.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body as ArrayBuffer);
    expect(wb.worksheets).toHaveLength(4);

    const form = new FormData();
    form.append('mode', 'check');
    form.append('file', new Blob([file.body as Buffer]), 'chi-tieu.xlsx');
    const check = await unit.write('POST', '/api/targets/2026/import', form);
    expect(check.body).toMatchObject({
      committed: false,
      sheets: 4,
      targets: { changed: 0 },
      actuals: { changed: 0 },
    });
  });
});
