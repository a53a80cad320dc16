// GET /api/home ("Việc của tôi"): each role's own work, scoped to its grants, over HTTP with
// real sessions. Expected figures are read from the database and the use cases, never hard-coded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Role, systemActor } from '../../src/access/index.ts';
import { grantRole } from '../../src/accounts/grants.ts';
import { createUser } from '../../src/accounts/users.ts';
import type { Db } from '../../src/db/database.ts';
import { ruleOnIndicator } from '../../src/dossiers/appraisal.ts';
import { readEvaluation } from '../../src/evaluations/report.ts';
import { startServer } from '../../src/server.ts';
import { seedStaffOrg } from '../../src/staff/demo.ts';
import { assignTasks } from '../../src/staff/tasks.ts';
import { testDatabases } from '../support/databases.ts';
import { openTestDb } from '../support/db.ts';
import { dossierIn, FW, people, seedDossierFixtures, tempFileStore, UNIT } from '../support/dossiers.ts';
import { type SessionClient, sessionClient, testPassword } from '../support/session-client.ts';

interface Task {
  id: number;
  unit_code: string;
  state: string;
  mine: boolean;
  next: { kind: string; criteria?: Array<{ no: string }> };
  deadline: string | null;
  overdue: boolean;
  my_criteria?: string[];
}

describe.each(testDatabases())('GET /api/home on $name', (target) => {
  let db: Db;
  let server: { url: string; close(): Promise<void> };
  const store = tempFileStore();
  const ids: Record<string, number> = {};
  const as = async (username: string): Promise<SessionClient> => {
    const c = sessionClient(server.url);
    const r = await c.login(username);
    expect(r.status, `login ${username}`).toBe(200);
    return c;
  };
  const home = async (username: string) => {
    const r = await (await as(username)).get('/api/home');
    expect(r.status).toBe(200);
    return r.body;
  };

  beforeAll(async () => {
    db = await openTestDb(target, 'api_home');
    await seedDossierFixtures(db);
    const users: Array<[string, Role, string, string[]?]> = [
      ['can.bo.xa.dong', 'commune_officer', UNIT],
      ['can.bo.xa.cao', 'commune_officer', 'C3'],
      ['can.bo.xa.an', 'commune_officer', 'C1'],
      ['so.gtvt', 'department_reviewer', 'P1', ['1']],
      ['so.tai.chinh', 'department_reviewer', 'P1', ['2']],
      ['van.phong.dieu.phoi', 'coordination_office', 'P1'],
      ['hoi.dong.a', 'council_member', 'P1'],
      ['lanh.dao', 'leader', 'P1'],
    ];
    for (const [username, role, unitCode, criteria] of users) {
      const u = await createUser(db, {
        actor: systemActor,
        username,
        displayName: username,
        password: testPassword,
      });
      await grantRole(db, {
        actor: systemActor,
        userId: u.id,
        role,
        unitCode,
        frameworkId: criteria ? FW : null,
        criteria: criteria ?? null,
      });
    }
    // Xã Đông's dossiers in three states (one round each), Xã Cao's under appraisal.
    ids.appraisal = await dossierIn(db, store, 'under_appraisal', { round: '2024' });
    ids.rework = await dossierIn(db, store, 'rework_requested', { round: '2025' });
    ids.cao = await dossierIn(db, store, 'under_appraisal', { unit: 'C3', round: '2024' });
    ids.appraised = await dossierIn(db, store, 'appraised', { unit: 'C3', round: '2025' });
    // The civil servant CB04 with a task due last month; CB02 his direct manager.
    const staff = await seedStaffOrg(db, systemActor);
    for (const [username, code] of [
      ['chuyen.vien', 'CB04'],
      ['truong.phong', 'CB02'],
    ] as const) {
      const u = await createUser(db, {
        actor: systemActor,
        username,
        displayName: username,
        password: testPassword,
      });
      await db.query('UPDATE staff_people SET user_id = $1 WHERE code = $2', [u.id, code]);
    }
    await assignTasks(db, {
      actor: systemActor,
      tasks: [{ assignee_id: staff.get('CB04')!, title: 'Báo cáo tháng', deadline: '2026-01-15' }],
      source: 'test',
    });
    server = await startServer(db, { port: 0, host: '127.0.0.1', files: store, auth: 'required' });
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('needs a session', async () => {
    const r = await sessionClient(server.url).get('/api/home');
    expect(r.status).toBe(401);
  });

  it('a commune officer sees his unit today, its results with failing indicators, and only its dossiers', async () => {
    const body = await home('can.bo.xa.dong');
    expect(body.roles).toEqual(['commune_officer']);
    expect(body.units).toHaveLength(1);
    const [work] = body.units;
    expect(work.unit).toMatchObject({ code: UNIT, name: 'Xã Đông' });
    // demo-xa-2024 is the framework with figures for Xã Đông; its latest year with figures is 2024.
    const fw = work.frameworks.find((f: { id: string }) => f.id === FW);
    expect(fw.period).toBe('2024');
    const report = await readEvaluation(db, {
      actor: systemActor,
      frameworkId: FW,
      period: '2024',
      unitCode: UNIT,
    });
    const own = report.results.find((r) => r.unit.code === UNIT)!;
    expect(fw.status).toBe(own.status);
    const failing = own.criteria
      .flatMap((c) => c.indicators)
      .filter((i) => ['not_met', 'basically_met', 'no_data'].includes(i.status))
      .map((i) => i.code);
    type Gap = { code: string; status: string; gap_relative: number | null; gap_text: string };
    const gaps = fw.gaps as Gap[];
    expect(gaps.map((g) => g.code).sort()).toEqual([...failing].sort());
    // Closest to meeting first (gap_relative), figures still missing last, each said in words.
    const relative = gaps.filter((g) => g.gap_relative !== null).map((g) => g.gap_relative!);
    expect(relative).toEqual([...relative].sort((a, b) => a - b));
    const firstMissing = gaps.findIndex((g) => g.status === 'no_data');
    if (firstMissing >= 0) expect(gaps.slice(firstMissing).every((g) => g.status === 'no_data')).toBe(true);
    expect(gaps.every((g) => g.gap_text.length > 0)).toBe(true);
    // Its own dossiers only, each saying who acts next; the rework one waits for the commune.
    const dossiers = work.dossiers as Task[];
    expect(dossiers.map((d) => d.id).sort()).toEqual([ids.appraisal, ids.rework].sort());
    expect(dossiers.every((d) => d.unit_code === UNIT)).toBe(true);
    const rework = dossiers.find((d) => d.id === ids.rework)!;
    expect(rework).toMatchObject({ state: 'rework_requested', mine: true, overdue: false });
    expect(rework.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const appraisal = dossiers.find((d) => d.id === ids.appraisal)!;
    expect(appraisal.mine).toBe(false);
    expect(appraisal.next.kind).toBe('departments');
    expect(body.rulings).toBeNull();
    expect(body.pipeline).toBeNull();
  });

  it('an officer never sees another commune’s work; a merged commune’s officer sees its successor today', async () => {
    const cao = await home('can.bo.xa.cao');
    expect(cao.units[0].unit.code).toBe('C3');
    const seen = (cao.units[0].dossiers as Task[]).map((d) => d.id).sort();
    expect(seen).toEqual([ids.cao, ids.appraised].sort());
    expect(JSON.stringify(cao)).not.toContain('Xã Đông');
    const an = await home('can.bo.xa.an');
    expect(an.units[0]).toMatchObject({ grant_code: 'C1', unit: { code: 'C5', name: 'Xã An Bình' } });
  });

  it('a department reviewer sees the dossiers waiting for his rulings only, oldest first', async () => {
    const before = (await home('so.gtvt')).rulings as Task[];
    expect(before.map((d) => d.id)).toEqual([ids.appraisal, ids.cao]);
    expect(before.every((d) => d.my_criteria?.join() === '1')).toBe(true);
    // Once he has ruled on both indicators of criterion 1, Xã Đông's dossier leaves his list ...
    for (const indicatorCode of ['1.1', '1.2'])
      await ruleOnIndicator(db, people.transport, {
        dossierId: ids.appraisal!,
        indicatorCode,
        verdict: 'pass',
      });
    const after = (await home('so.gtvt')).rulings as Task[];
    expect(after.map((d) => d.id)).toEqual([ids.cao]);
    // ... but stays on the finance department's, which has not ruled on criterion 2 yet.
    const finance = (await home('so.tai.chinh')).rulings as Task[];
    expect(finance.map((d) => [d.id, d.my_criteria])).toEqual([
      [ids.appraisal, ['2']],
      [ids.cao, ['2']],
    ]);
    // The dossier page says the same: his criteria wait for him, and who acts next.
    const detail = await (await as('so.tai.chinh')).get(`/api/dossiers/${ids.appraisal}`);
    expect(detail.body.rule_criteria).toEqual(['2']);
    expect(detail.body.next_actor).toMatchObject({ kind: 'departments', criteria: [{ no: '2' }] });
  });

  it('the coordination office sees the pipeline by state with deadlines and overdue items', async () => {
    await db.query("UPDATE dossier_rework_requests SET deadline = '2020-01-31' WHERE dossier_id = $1", [
      ids.rework,
    ]);
    const body = await home('van.phong.dieu.phoi');
    const states = await db.query<{ state: string; n: number }>(
      'SELECT state, count(*)::int AS n FROM dossiers GROUP BY state',
    );
    expect(
      Object.fromEntries(
        body.pipeline.by_state.map((s: { state: string; count: number }) => [s.state, s.count]),
      ),
    ).toEqual(Object.fromEntries(states.map((s) => [s.state, s.n])));
    const open = body.pipeline.open as Task[];
    expect(open[0]).toMatchObject({ id: ids.rework, overdue: true, deadline: '2020-01-31' });
    expect(open.find((d) => d.id === ids.appraised)?.next.kind).toBe('council');
    expect(body.revocation).toEqual([]);
  });

  it('a council member sees the votes waiting for him, until he votes', async () => {
    const before = (await home('hoi.dong.a')).votes as Task[];
    expect(before.map((d) => d.id)).toEqual([ids.appraised]);
    const c = await as('hoi.dong.a');
    const vote = await c.write('POST', `/api/dossiers/${ids.appraised}/votes`, { vote: 'for' });
    expect(vote.status).toBe(200);
    expect((await home('hoi.dong.a')).votes).toEqual([]);
  });

  it('a leader sees the headline counts of his area, with the thresholds still to enter', async () => {
    const body = await home('lanh.dao');
    const area = body.areas[0];
    expect(area.unit.code).toBe('P1');
    const fw = area.frameworks.find((f: { id: string }) => f.id === FW);
    const [row] = await db.query<{ n_total: number; n_met: number }>(
      `SELECT n_total, n_met FROM evaluation_results WHERE framework_id = $1 AND period = $2 AND unit_code = 'P1'`,
      [FW, fw.period],
    );
    expect(fw.counts).toMatchObject({ total: row!.n_total, met: row!.n_met });
    expect(fw.thresholds.thresholds_missing).toBe(0);
  });

  it('a civil servant sees his latest month with its score; his manager the team list', async () => {
    const body = await home('chuyen.vien');
    expect(body.staff).toMatchObject({ period: '2026-01', person: { full_name: 'Phạm Đức Dũng' } });
    expect(body.staff.next.kind).toBe('person');
    expect(body.team).toBeNull();
    const manager = await home('truong.phong');
    expect(manager.team).toEqual([]);
  });
});
