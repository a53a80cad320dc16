import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, systemActor, systemActorNamed } from '../src/access/index.ts';
import { demoReturnReason } from '../src/approval/demo.ts';
import { listFigureApprovals } from '../src/approval/read.ts';
import type { Db } from '../src/db/database.ts';
import { loadDemo } from '../src/demo/load-demo.ts';
import { councilTally } from '../src/dossiers/decision.ts';
import { listDossiers } from '../src/dossiers/read.ts';
import { readEvaluation } from '../src/evaluations/report.ts';
import { listFrameworks } from '../src/frameworks/store.ts';
import { reportsDue } from '../src/home/targets-work.ts';
import { today as vietnamToday } from '../src/http/openapi.ts';
import { readPublicRecognitions } from '../src/portal/read.ts';
import { demoQualityJumps } from '../src/quality/demo.ts';
import { listQualityIssues } from '../src/quality/issues.ts';
import { computeResults } from '../src/surveys/results.ts';
import { listPlans } from '../src/targets/plans.ts';
import { readProgress } from '../src/targets/progress.ts';
import { loadTree } from '../src/units/tree.ts';
import { untypedAuditEvents } from './support/audit.ts';
import { testDatabases } from './support/databases.ts';
import { openTestDb } from './support/db.ts';
import { tempFileStore } from './support/dossiers.ts';

const NTM = 'vn-qd318-xa-ntm-2021-2025';
const today = vietnamToday();
const systemAs = (username: string): Actor => ({ userId: null, username, grants: [] });
const year = Number(today.slice(0, 4));

describe.each(testDatabases())('Hanoi demo on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'demo');
    await loadDemo(db, { actor: systemActorNamed('demo'), files: tempFileStore() });
  }, 240_000);
  afterAll(async () => {
    await db?.close();
  });

  it('writes only typed audit events: every type and its data as src/audit/payloads.ts says', async () => {
    const { checked, wrong } = await untypedAuditEvents(db);
    const types = new Set(
      (await db.query<{ type: string }>('SELECT DISTINCT type FROM audit_events')).map((r) => r.type),
    );
    expect(checked).toBeGreaterThan(100);
    // The demo walks dossiers, surveys, staff, targets and the portal: their events are among those checked.
    for (const family of ['dossier.', 'survey.', 'staff.', 'target.', 'publication.'])
      expect(
        [...types].some((t) => t.startsWith(family)),
        family,
      ).toBe(true);
    expect(wrong).toEqual([]);
  });

  it('ships the official frameworks', async () => {
    const ids = (await listFrameworks(db)).map((f) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        NTM,
        'vn-qd318-xa-ntm-nang-cao-2021-2025',
        'vn-qd319-xa-ntm-kieu-mau-2021-2025',
        'vn-qd320-huyen-ntm-2021-2025',
        'vn-qd51-xa-ntm-2026-2030',
        'vn-qd04-2022-dtvm-phuong-thi-tran',
        'vn-nq1211-27-2022-tieu-chuan-phuong',
        'vn-nq1211-27-2022-tieu-chuan-quan',
        'vn-nq112-2025-tieu-chuan-phuong',
      ]),
    );
  });

  it('leaves the test-only framework out of the demo and publishes only official frameworks', async () => {
    const ids = (await listFrameworks(db)).map((f) => f.id);
    expect(ids).not.toContain('demo-xa-2024');
    expect(ids.every((id) => id.startsWith('vn-'))).toBe(true);
    const published = await db.query<{ framework_id: string }>(
      'SELECT DISTINCT framework_id FROM publication_settings ORDER BY 1',
    );
    expect(published.length).toBeGreaterThan(0);
    expect(published.every((p) => p.framework_id.startsWith('vn-'))).toBe(true);
  });

  it('holds the Hanoi seeds: Gia Lâm 22 units, Thanh Trì 16, Bắc Từ Liêm 13 wards, each Gia Lâm unit with figures', async () => {
    const tree = await loadTree(db, '2024-12-31');
    const kids = (code: string) => tree.children.get(code) ?? [];
    expect(kids('018')).toHaveLength(22);
    expect(kids('020')).toHaveLength(16);
    expect(kids('021')).toHaveLength(13);
    expect(kids('021').every((u) => u.kind === 'ward')).toBe(true);
    const withFigures = await db.query<{ unit_code: string }>(
      "SELECT DISTINCT unit_code FROM value_current WHERE period = '2024' AND source = 'demo' AND unit_code = ANY($1)",
      [kids('018').map((u) => u.code)],
    );
    expect(withFigures).toHaveLength(22);
  });

  it('mostly meets the sourced thresholds, with a few shortfalls, and never invents one', async () => {
    const tree = await loadTree(db, '2024-12-31');
    const districts = (tree.children.get('01') ?? []).filter((u) => u.kind === 'district');
    const communes = [];
    for (const d of districts) {
      const r = await readEvaluation(db, {
        actor: systemActor,
        frameworkId: NTM,
        period: '2024',
        unitCode: d.code,
      });
      communes.push(...r.results.slice(1).filter((u) => u.unit.kind === 'commune'));
    }
    expect(communes.length).toBeGreaterThan(300);
    const thresholded = communes.flatMap((u) =>
      u.criteria.flatMap((c) => c.indicators.filter((i) => i.status === 'met' || i.status === 'not_met')),
    );
    const notMet = thresholded.filter((i) => i.status === 'not_met').length;
    expect(notMet).toBeGreaterThan(0);
    expect(notMet / thresholded.length).toBeLessThan(0.02);
    const short = communes.filter((u) =>
      u.criteria.some((c) => c.indicators.some((i) => i.status === 'not_met')),
    );
    expect(short.length).toBeGreaterThan(0);
    expect(short.length / communes.length).toBeLessThan(0.25);
    // Gia Lâm's communes, all NTM nâng cao in 2023, have no shortfall that year.
    const gl = await readEvaluation(db, {
      actor: systemActor,
      frameworkId: NTM,
      period: '2023',
      unitCode: '018',
    });
    const glStatuses = gl.results
      .slice(1)
      .flatMap((u) => u.criteria.flatMap((c) => c.indicators.map((i) => i.status)));
    expect(glStatuses).not.toContain('not_met');
    expect(glStatuses).toContain('rule_missing');
  });

  it('evaluates Gia Lâm and its communes in 2024 under the old tree', async () => {
    const r = await readEvaluation(db, {
      actor: systemActor,
      frameworkId: NTM,
      period: '2024',
      unitCode: '018',
    });
    const [district, ...children] = r.results;
    expect(district!.unit).toMatchObject({ code: '018', name: 'Huyện Gia Lâm', kind: 'district' });
    expect(children).toHaveLength(22);
    expect(children.filter((c) => c.unit.kind === 'commune')).toHaveLength(20);
    expect(
      children.filter((c) => c.unit.kind === 'township').every((c) => c.status === 'not_applicable'),
    ).toBe(true);
    expect(district!.children?.total).toBe(20);
    const commune = children.find((c) => c.unit.kind === 'commune')!;
    expect(commune.total_criteria).toBe(19);
    // Thresholds missing from the official text are never guessed.
    const road = commune.criteria.find((c) => c.no === '2')!.indicators.find((i) => i.code === '2.1')!;
    expect(road.status).toBe('rule_missing');
    expect(road.threshold).toBe('');
    const values = await db.query<{ source: string; note: string }>(
      "SELECT DISTINCT source, note FROM value_current WHERE unit_code = $1 AND period = '2024'",
      [commune.unit.code],
    );
    expect(values).toEqual([
      { source: 'demo', note: 'Số liệu minh họa (demo), không phải số liệu chính thức' },
    ]);
  });

  it('uses the two-tier tree after 1 July 2025', async () => {
    const r = await readEvaluation(db, {
      actor: systemActor,
      frameworkId: NTM,
      period: '2025',
      unitCode: '01',
    });
    const kinds = new Set(r.results.slice(1).map((x) => x.unit.kind));
    expect(r.results).toHaveLength(1 + 126);
    expect([...kinds].sort()).toEqual(['commune', 'ward']);
    expect(r.results[0]!.children?.total).toBe(75);
  });
  it('adds demo target plans ("minh họa") for last year and this year, with actuals up to the current month', async () => {
    const plans = await listPlans(db);
    expect(plans.map((p) => [p.year, p.demo, p.name.includes('minh họa')])).toEqual([
      [year, true, true],
      [year - 1, true, true],
    ]);
    const lastMonth = Number(today.slice(5, 7)) - 1;
    if (lastMonth >= 3) {
      const revenue = await db.query<{ period: string }>(
        "SELECT period FROM value_current WHERE measure_id = 'ktxh.KT.7' AND unit_code = '01' AND period LIKE $1 ORDER BY period",
        [`${year}-%`],
      );
      expect(revenue.map((r) => r.period).at(-1)).toBe(`${year}-${String(lastMonth).padStart(2, '0')}`);
    }
  });

  it.runIf(Number(today.slice(5, 7)) >= 4)('shows one ward at risk and one off track this year', async () => {
    const p = await readProgress(db, { actor: systemActor, year, today });
    const rev = (h: string) => p.cells.find((c) => c.holder === h && c.indicator === 'KT.7')!;
    expect(rev('01').projectionMethod).toBe('history');
    expect(rev('00008').status).toBe('off_track');
    expect(rev('00070')).toMatchObject({ status: 'at_risk', late: 1, missing: 1 });
  });

  it.runIf(Number(today.slice(5, 7)) >= 4)(
    'leaves only Hoàn Kiếm late: every other holder reported each finished month and quarter',
    async () => {
      const missing = (await reportsDue(db, systemActor, { today })).filter((r) => r.state === 'missing');
      expect(missing.map((r) => `${r.holder} ${r.indicator}`).sort()).toEqual(['00070 KT.7', '00070 XH.8']);
    },
  );

  it('records the past recognitions as recognised dossiers with their published decisions', async () => {
    const rows = await db.query<{
      unit_code: string;
      framework_id: string;
      round: string;
      decision_no: string;
      decision_date: string;
    }>(
      `SELECT unit_code, framework_id, round, decision_no, decision_date::text AS decision_date FROM dossiers
        WHERE state = 'recognised' ORDER BY unit_code`,
    );
    expect(rows).toEqual([
      {
        unit_code: '018',
        framework_id: 'vn-qd320-huyen-ntm-nang-cao-2021-2025',
        round: '2023',
        decision_no: '1574/QĐ-TTg',
        decision_date: '2024-12-16',
      },
      {
        unit_code: '020',
        framework_id: 'vn-qd320-huyen-ntm-nang-cao-2021-2025',
        round: '2023',
        decision_no: 'chưa rõ số hiệu',
        decision_date: '2024-09-30',
      },
    ]);
    // Appraised by the city's coordination office, the council voting for.
    const steps = await db.query<{ to_state: string; actor: string }>(
      `SELECT t.to_state, t.actor FROM dossier_transitions t JOIN dossiers d ON d.id = t.dossier_id
        WHERE d.unit_code = '020' ORDER BY t.id`,
    );
    expect(steps.map((t) => t.to_state)).toEqual([
      'draft',
      'self_assessed',
      'submitted',
      'under_appraisal',
      'appraised',
      'recognised',
    ]);
    expect(steps.find((t) => t.to_state === 'appraised')?.actor).toBe('demo.vpdp');
  });

  it('records the decisions made before TieuChi from the sourced file, the 2018 and 2020 ones among them', async () => {
    const rows = await db.query<{
      unit_code: string;
      unit_name: string;
      title: string;
      recognition_year: number | null;
      decision_no: string | null;
      decision_date: string | null;
      sources: string[];
    }>(
      `SELECT unit_code, unit_name, title, recognition_year, decision_no, decision_date::text AS decision_date, sources
         FROM past_recognitions ORDER BY unit_code, title`,
    );
    const find = (code: string, title: string) => rows.find((r) => r.unit_code === code && r.title === title);
    expect(find('018', 'ntm')).toMatchObject({
      unit_name: 'Huyện Gia Lâm',
      recognition_year: 2018,
      decision_no: '1180/QĐ-TTg',
      decision_date: '2019-09-13',
    });
    for (const [code, name] of [
      ['00532', 'Xã Yên Viên'],
      ['00544', 'Xã Phù Đổng'],
    ] as const)
      expect(find(code, 'ntm_nang_cao')).toMatchObject({
        unit_name: name,
        recognition_year: 2020,
        decision_no: '3352/QĐ-UBND',
        decision_date: '2020-08-03',
      });
    expect(find('00583', 'ntm_nang_cao')).toMatchObject({ decision_no: '1721/QĐ-UBND', decision_date: null });
    expect(find('020', 'ntm')).toMatchObject({ decision_no: null, recognition_year: null });
    // Every row names its sources; Thanh Trì's 15 communes are kiểu mẫu 2023.
    expect(rows.every((r) => r.sources.length > 0)).toBe(true);
    expect(
      rows.filter(
        (r) =>
          r.title === 'ntm_kieu_mau' &&
          r.recognition_year === 2023 &&
          r.unit_code >= '00643' &&
          r.unit_code <= '00685',
      ),
    ).toHaveLength(15);
    // The public page of today's Xã Phù Đổng shows the old communes' 2020 decisions.
    const page = await readPublicRecognitions(db, { code: '00541', date: today });
    expect(
      page
        .filter((r) => r.recorded && r.year === 2020)
        .map((r) => r.unit.name)
        .sort(),
    ).toEqual(['Xã Phù Đổng', 'Xã Yên Viên']);
  });

  it('has dossiers in five workflow states or more, each waiting for a demo account', async () => {
    const states = await db.query<{ state: string }>(
      "SELECT DISTINCT state FROM dossiers WHERE round = '2025'",
    );
    expect(states.length).toBeGreaterThanOrEqual(5);
    const office = systemAs('demo.vpdp');
    const all = await listDossiers(db, office, {});
    const byUnit = new Map(all.map((d) => [d.unit_code, d]));
    // demo.xa: Xã Phù Đổng's dossier, self-assessed from the figures, to submit.
    const own = byUnit.get('00541')!;
    expect(own.state).toBe('self_assessed');
    const claims = await db.query<{ claim: string; computed_status: string }>(
      'SELECT claim, computed_status FROM dossier_self_assessments WHERE dossier_id = $1',
      [own.id],
    );
    expect(claims).toHaveLength(53);
    expect(
      claims.every(
        (c) => (c.claim === 'met') === ['met', 'rule_missing', 'not_applicable'].includes(c.computed_status),
      ),
    ).toBe(true);
    const evidence = await db.query('SELECT 1 FROM evidence_links WHERE dossier_id = $1', [own.id]);
    expect(evidence.length).toBeGreaterThan(0);
    // The reviewers: a dossier under appraisal with their own criterion still unruled.
    const unruled = async (criterion: string) =>
      db.query<{ unit_code: string }>(
        `SELECT d.unit_code FROM dossiers d WHERE d.state = 'under_appraisal' AND NOT EXISTS (
           SELECT 1 FROM dossier_rulings r WHERE r.dossier_id = d.id AND r.criterion_no = $1 AND r.round = d.appraisal_round)
           AND EXISTS (SELECT 1 FROM dossier_rulings r WHERE r.dossier_id = d.id)`,
        [criterion],
      );
    expect((await unruled('2')).map((r) => r.unit_code)).toEqual(['00577']);
    expect((await unruled('5')).map((r) => r.unit_code)).toEqual(['00640']);
    // …and only that one: every other criterion is ruled, as in Xã Thuận An's fully ruled dossier.
    const ruledCriteria = async (unit: string) =>
      (
        await db.query<{ criterion_no: string }>(
          `SELECT DISTINCT r.criterion_no FROM dossier_rulings r JOIN dossiers d ON d.id = r.dossier_id
           WHERE d.unit_code = $1 AND r.criterion_no IS NOT NULL ORDER BY 1`,
          [unit],
        )
      ).map((r) => r.criterion_no);
    const everyCriterion = await ruledCriteria('00562');
    expect(await ruledCriteria('00577')).toEqual(everyCriterion.filter((c) => c !== '2'));
    expect(await ruledCriteria('00640')).toEqual(everyCriterion.filter((c) => c !== '5'));
    const ruledBy = await db.query<{ ruled_by: string }>(
      "SELECT DISTINCT ruled_by FROM dossier_rulings WHERE criterion_no IN ('2', '5') ORDER BY 1",
    );
    expect(ruledBy.map((r) => r.ruled_by)).toEqual(['demo.sogiaoduc', 'demo.sogiaothong']);
    // demo.vpdp: one submitted to take into appraisal, one fully ruled to consolidate.
    expect(byUnit.get('00679')!.state).toBe('submitted');
    expect(byUnit.get('00562')!.state).toBe('under_appraisal');
    expect(byUnit.get('00664')!.state).toBe('rework_requested');
    // demo.hoidong: an appraised dossier without its vote.
    const appraised = byUnit.get('00565')!;
    expect(appraised.state).toBe('appraised');
    const tally = await councilTally(db, appraised.id);
    expect(tally.votes.map((v) => v.voter)).not.toContain('demo.hoidong');
  });

  it('runs a satisfaction survey for Xã Phù Đổng with web and paper answers, its rate in the dossier', async () => {
    const [c] = await db.query<{ id: number; dossier_id: number }>(
      'SELECT id, dossier_id FROM survey_campaigns',
    );
    const results = await computeResults(db, c!.id);
    expect(results.overall.households).toBe(60);
    expect(results.overall.answered).toBeGreaterThan(30);
    expect(results.overall.rate).toBeGreaterThan(80);
    expect(results.signals.filter((x) => x.kind === 'bunched')).toEqual([]);
    const channels = await db.query<{ channel: string }>(
      'SELECT DISTINCT channel FROM survey_answers WHERE campaign_id = $1 ORDER BY 1',
      [c!.id],
    );
    expect(channels.map((x) => x.channel)).toEqual(['paper', 'web']);
    const [proc] = await db.query<{ satisfaction_surveyed: number }>(
      'SELECT satisfaction_surveyed FROM dossier_procedure WHERE dossier_id = $1',
      [c!.dossier_id],
    );
    expect(proc!.satisfaction_surveyed).toBe(results.overall.answered);
  });

  it('gives the civil servant tasks in the current month and approved months before it', async () => {
    const month = today.slice(0, 7);
    const rows = await db.query<{ month: string; n: number }>(
      `SELECT to_char(t.deadline, 'YYYY-MM') AS month, count(*)::int AS n FROM staff_tasks t
         JOIN staff_people p ON p.id = t.assignee_id WHERE p.code = 'CB04' GROUP BY 1 ORDER BY 1`,
    );
    expect(rows.at(-1)?.month).toBe(month);
    const approved = await db.query<{ period: string }>(
      "SELECT DISTINCT period FROM staff_evaluations WHERE state = 'approved' ORDER BY 1",
    );
    expect(approved.map((a) => a.period)).toEqual(rows.slice(0, 2).map((r) => r.month));
  });

  it('has routine figures in several approval states and data-quality warnings for demo.vpdp', async () => {
    // demo.vpdp: the city's coordination office, which approves.
    const vpdp: Actor = {
      userId: 1,
      username: 'demo.vpdp',
      grants: [{ role: 'coordination_office', unitCode: '01', frameworkId: null }],
    };
    const communes = await listFigureApprovals(db, {
      actor: vpdp,
      frameworkId: NTM,
      period: '2024',
      unitCode: '018',
    });
    expect(communes.counts).toMatchObject({ approved: 3, submitted: 3, returned: 1 });
    const returned = communes.units.find((u) => u.state === 'returned')!;
    expect([returned.unit_code, returned.reason]).toEqual(['00541', demoReturnReason]);
    expect(communes.units.filter((u) => u.abilities.approve).map((u) => u.unit_code)).toEqual(
      expect.arrayContaining(['00538', '00544', '00547']),
    );

    // The districts: Thanh Trì's units below are approved, Gia Lâm's communes are still waiting.
    const districts = await listFigureApprovals(db, {
      actor: vpdp,
      frameworkId: 'vn-qd320-huyen-ntm-2021-2025',
      period: '2024',
      unitCode: '01',
      state: 'submitted',
    });
    const byCode = new Map(districts.units.map((u) => [u.unit_code, u]));
    expect(byCode.get('020')).toMatchObject({ waiting_for: [], abilities: { approve: true } });
    const giaLam = byCode.get('018')!;
    expect(giaLam.abilities.approve).toBe(false);
    expect(giaLam.waiting_for.map((w) => w.unit_name)).toContain('Xã Dương Hà');

    // Income per head jumps on 2023 in three Gia Lâm communes: warnings on /chat-luong-so-lieu.
    const quality = await listQualityIssues(db, { actor: vpdp, period: '2024', unitCode: '018' });
    const jumps = quality.issues.filter((i) => i.kind === 'change' && i.measure === 'income_per_capita');
    expect(jumps.map((i) => i.unit)).toEqual(expect.arrayContaining(demoQualityJumps.units));
    expect(jumps.find((i) => i.unit === '00541')!.message.vi).toMatch(
      /^Thay đổi \+7[45](,\d)?% so với cùng kỳ năm trước/,
    );
  });
});
