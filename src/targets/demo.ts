/**
 * The demo target plans for Hanoi: last year (city targets and monthly figures, the history) and
 * this year built from it, assigned to three wards and a department, with actuals for every month
 * and quarter finished by today. Every target and figure is invented for demonstration
 * ("minh họa") — none is an official target of Hanoi.
 */
import { systemActor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { type RawActual, reportActuals } from './actuals.ts';
import { setTargets } from './assign.ts';
import { createPlan, findPlan, upsertDepartment } from './plans.ts';
import type { IndicatorInput } from './schema.ts';

const CITY = '01';
const WARDS = ['00004', '00008', '00070'] as const;
const DEPT = 'SO-TC';

/** Indicators named as in Hanoi's socio-economic resolutions (shared/data/criteria, ktxh_targets_cascade). */
const indicators: IndicatorInput[] = [
  {
    code: 'KT.7',
    name: 'Thu ngân sách nhà nước trên địa bàn',
    unit: 'tỷ đồng',
    direction: 'higher',
    aggregation: 'sum',
    frequency: 'month',
  },
  {
    code: 'XH.4',
    name: 'Tỷ lệ bao phủ bảo hiểm y tế',
    unit: '%',
    direction: 'higher',
    aggregation: 'rate',
    frequency: 'quarter',
  },
  {
    code: 'XH.8',
    name: 'Tỷ lệ thất nghiệp khu vực thành thị',
    unit: '%',
    direction: 'lower',
    aggregation: 'rate',
    frequency: 'quarter',
  },
  {
    code: 'XH.10',
    name: 'Số trường công lập đạt chuẩn quốc gia tăng thêm',
    unit: 'trường',
    direction: 'higher',
    aggregation: 'sum',
    frequency: 'quarter',
  },
];

const pad = (n: number) => String(n).padStart(2, '0');
/** A month's share of the year's budget revenue: slow start, strong December (demo shape). */
const monthShare = [6, 7, 8, 7, 8, 8, 8, 8, 8, 9, 9, 14];

/**
 * Loads the demo plans (once: an existing plan for last year is left alone). Figures are stored with
 * source `demo`; their report dates are set a few days after each period so lateness is plausible.
 */
export async function loadTargetsDemo(
  db: Db,
  opts: { today: string; log?: (m: string) => void },
): Promise<void> {
  const year = Number(opts.today.slice(0, 4));
  const last = year - 1;
  if (await findPlan(db, last)) return;
  const actor = systemActor;
  const city = await db.query('SELECT 1 FROM units WHERE code = $1', [CITY]);
  if (city.length === 0) return;
  await upsertDepartment(db, actor, { code: DEPT, name: 'Sở Tài chính', unitCode: CITY });
  await createPlan(db, actor, { year: last, rootCode: CITY, add: indicators, demo: true });
  await setTargets(db, actor, {
    year: last,
    targets: [
      { indicator: 'KT.7', holder: CITY, target: 500000 },
      { indicator: 'XH.4', holder: CITY, target: 94 },
      { indicator: 'XH.8', holder: CITY, target: 4 },
      { indicator: 'XH.10', holder: CITY, target: 80 },
    ],
  });
  const quarters = (indicator: string, list: number[]): RawActual[] =>
    list.map((value, i) => ({ indicator, holder: CITY, period: `${last}Q${i + 1}`, value }));
  const history: RawActual[] = [
    ...monthShare.map((s, i) => ({
      indicator: 'KT.7',
      holder: CITY,
      period: `${last}-${pad(i + 1)}`,
      value: s * 5200,
    })),
    ...quarters('XH.4', [93.1, 93.4, 93.8, 94.2]),
    ...quarters('XH.8', [3.2, 3.1, 3.1, 3.0]),
    ...quarters('XH.10', [10, 20, 25, 30]),
  ];
  await reportActuals(db, actor, { year: last, values: history, source: 'demo' });

  await createPlan(db, actor, { year, fromYear: last });
  // Demo populations (weights of the rates) for the three wards, if the demo has none.
  const have = await db.query<{ unit_code: string }>(
    "SELECT unit_code FROM value_current WHERE measure_id = 'population' AND unit_code = ANY($1)",
    [[...WARDS]],
  );
  const pops: Record<string, number> = { '00004': 65000, '00008': 72000, '00070': 48000 };
  const missing = WARDS.filter((w) => !have.some((h) => h.unit_code === w));
  if (missing.length > 0) {
    await db.query(
      "INSERT INTO measures (id, type, unit, name) VALUES ('population', 'number', 'người', 'Dân số') ON CONFLICT (id) DO NOTHING",
    );
    for (const w of missing)
      await db.query(
        `INSERT INTO value_current (period, unit_code, measure_id, num, note, source, actor)
         VALUES ($3, $1, 'population', $2, 'Số liệu minh họa (demo)', 'demo', 'demo')`,
        [w, pops[w], String(year)],
      );
  }
  const t = (indicator: string, holder: string, target: number) => ({ indicator, holder, target });
  await setTargets(db, actor, {
    year,
    targets: [
      t('KT.7', CITY, 560000),
      t('KT.7', '00004', 9000),
      t('KT.7', '00008', 7000),
      t('KT.7', '00070', 12000),
      t('KT.7', DEPT, 560000),
      t('XH.4', CITY, 95),
      t('XH.4', '00004', 96),
      t('XH.4', '00008', 95),
      t('XH.4', '00070', 93),
      t('XH.8', CITY, 3),
      t('XH.8', '00004', 2.8),
      t('XH.8', '00008', 3),
      t('XH.8', '00070', 3),
      t('XH.10', CITY, 90),
    ],
  });
  const actuals: RawActual[] = [];
  // Months and quarters finished by today; Hoàn Kiếm (00070) missed last month-but-one's revenue and
  // the last quarter's unemployment rate: the office's home lists those two as late, nothing else.
  const months = Number(opts.today.slice(5, 7)) - 1;
  for (let m = 1; m <= months; m++) {
    const p = `${year}-${pad(m)}`;
    actuals.push({ indicator: 'KT.7', holder: CITY, period: p, value: monthShare[m - 1]! * 5700 });
    actuals.push({ indicator: 'KT.7', holder: '00004', period: p, value: 780 });
    actuals.push({ indicator: 'KT.7', holder: '00008', period: p, value: 520 });
    if (m !== months - 1) actuals.push({ indicator: 'KT.7', holder: '00070', period: p, value: 1000 });
    // Sở Tài chính reports the city's revenue it is assigned, as the city does.
    actuals.push({ indicator: 'KT.7', holder: DEPT, period: p, value: monthShare[m - 1]! * 5700 });
  }
  for (let q = 1; q <= Math.floor(months / 3); q++) {
    const p = `${year}Q${q}`;
    actuals.push({ indicator: 'XH.4', holder: CITY, period: p, value: 94 + q * 0.3 });
    actuals.push({ indicator: 'XH.4', holder: '00004', period: p, value: 95 + q * 0.3 });
    actuals.push({ indicator: 'XH.4', holder: '00008', period: p, value: 92 + q * 0.2 });
    actuals.push({ indicator: 'XH.4', holder: '00070', period: p, value: 93 });
    actuals.push({ indicator: 'XH.8', holder: CITY, period: p, value: 3 - q * 0.05 });
    actuals.push({ indicator: 'XH.8', holder: '00004', period: p, value: 2.9 - q * 0.05 });
    actuals.push({ indicator: 'XH.8', holder: '00008', period: p, value: 3.1 - q * 0.05 });
    // Hoàn Kiếm's unemployment rate for the last finished quarter is still missing (one late report).
    if (q !== Math.floor(months / 3))
      actuals.push({ indicator: 'XH.8', holder: '00070', period: p, value: 3.2 - q * 0.05 });
    actuals.push({ indicator: 'XH.10', holder: CITY, period: p, value: 12 + q * 4 });
  }
  if (actuals.length > 0) await reportActuals(db, actor, { year, values: actuals, source: 'demo' });
  // Report dates: five days after each period; Hoàn Kiếm's revenue two months before the last came 20 days late.
  // (Of the figures in force and of those they replaced; a change of changed_at alone is no new value.)
  for (const table of ['value_current', 'value_history']) {
    await db.query(
      `UPDATE ${table} SET changed_at = CASE
         WHEN period ~ '^[0-9]{4}-[0-9]{2}$'
           THEN make_date(substr(period, 1, 4)::int, substr(period, 6, 2)::int, 1) + interval '1 month 4 days'
         ELSE make_date(substr(period, 1, 4)::int, 1, 1) + (substr(period, 6, 1)::int * 3) * interval '1 month'
           + interval '4 days' END
       WHERE source = 'demo' AND measure_id LIKE 'ktxh.%'`,
    );
    await db.query(
      `UPDATE ${table} SET changed_at = changed_at + interval '20 days'
       WHERE source = 'demo' AND measure_id = 'ktxh.KT.7' AND unit_code = '00070' AND period = $1`,
      [`${year}-${pad(months - 2)}`],
    );
  }
  opts.log?.(`Kế hoạch chỉ tiêu KT-XH minh họa: năm ${last} và ${year} (3 phường, 1 sở).`);
}
