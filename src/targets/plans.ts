/**
 * Target plans (kế hoạch chỉ tiêu KT-XH) per year: the indicators, the settings, the holders
 * (the assigning unit, the units below it, its departments). A plan is built from last year's
 * with additions and removals.
 */
import { type Actor, requireAbility } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { AppError, type InputIssue } from '../errors.ts';
import { text } from '../text.ts';
import type { Aggregation, Direction, PlanSettings } from './compute.ts';
import { defaultSettings } from './compute.ts';
import { presentSettings } from './present.ts';
import type { IndicatorInput } from './schema.ts';

export interface PlanIndicator {
  code: string;
  position: number;
  name: string;
  unit: string;
  direction: Direction;
  aggregation: Aggregation;
  weightMeasure: string | null;
  measureId: string;
  frequency: 'month' | 'quarter';
}

export interface Plan {
  year: number;
  rootCode: string;
  name: string;
  demo: boolean;
  basedOn: number | null;
  treeDate: string;
  settings: PlanSettings;
  createdBy: string;
  indicators: PlanIndicator[];
}

/** Who can hold a target: an administrative unit in the plan's subtree, or a department. */
export interface Holder {
  code: string;
  name: string;
  kind: string;
  isDepartment: boolean;
  /** The unit above (for a department: the unit it belongs to); null for the root. */
  parentCode: string | null;
  /** The unit whose grants decide access (the unit itself; for a department its unit). */
  accessUnit: string;
}

interface PlanRow {
  year: number;
  root_code: string;
  name: string;
  demo: boolean;
  based_on: number | null;
  tree_date: string;
  settings: PlanSettings;
  created_by: string;
}

interface IndicatorRow {
  code: string;
  position: number;
  name: string;
  unit: string;
  direction: Direction;
  aggregation: Aggregation;
  weight_measure: string | null;
  measure_id: string;
  frequency: 'month' | 'quarter';
}

const toIndicator = (r: IndicatorRow): PlanIndicator => ({
  code: r.code,
  position: r.position,
  name: r.name,
  unit: r.unit,
  direction: r.direction,
  aggregation: r.aggregation,
  weightMeasure: r.weight_measure,
  measureId: r.measure_id,
  frequency: r.frequency,
});

/** Reads a plan, or null. */
export async function findPlan(db: Db, year: number): Promise<Plan | null> {
  const p = (
    await db.query<PlanRow>(
      `SELECT year, root_code, name, demo, based_on, tree_date::text AS tree_date, settings, created_by
       FROM target_plans WHERE year = $1`,
      [year],
    )
  )[0];
  if (!p) return null;
  const indicators = await db.query<IndicatorRow>(
    'SELECT * FROM target_indicators WHERE year = $1 ORDER BY position, code',
    [year],
  );
  return {
    year: p.year,
    rootCode: p.root_code,
    name: p.name,
    demo: p.demo,
    basedOn: p.based_on,
    treeDate: p.tree_date,
    settings: { ...defaultSettings, ...p.settings },
    createdBy: p.created_by,
    indicators: indicators.map(toIndicator),
  };
}

/** Reads a plan; TARGET_PLAN_NOT_FOUND (404) when the year has none. */
export async function requirePlan(db: Db, year: number): Promise<Plan> {
  const p = await findPlan(db, year);
  if (!p)
    throw new AppError(
      'TARGET_PLAN_NOT_FOUND',
      text(`Chưa có kế hoạch chỉ tiêu năm ${year}`, `no plan for ${year}`),
    );
  return p;
}

export async function listPlans(
  db: Db,
): Promise<Array<Omit<Plan, 'indicators'> & { indicatorCount: number }>> {
  const rows = await db.query<PlanRow & { n: number }>(
    `SELECT p.year, p.root_code, p.name, p.demo, p.based_on, p.tree_date::text AS tree_date, p.settings,
            p.created_by, (SELECT count(*)::int FROM target_indicators i WHERE i.year = p.year) AS n
     FROM target_plans p ORDER BY p.year DESC`,
  );
  return rows.map((p) => ({
    year: p.year,
    rootCode: p.root_code,
    name: p.name,
    demo: p.demo,
    basedOn: p.based_on,
    treeDate: p.tree_date,
    settings: { ...defaultSettings, ...p.settings },
    createdBy: p.created_by,
    indicatorCount: p.n,
  }));
}

/** The plan's holders: the root and every unit below it on the tree date, then its departments. */
export async function loadHolders(
  db: Db,
  plan: Pick<Plan, 'rootCode' | 'treeDate'>,
): Promise<Map<string, Holder>> {
  const units = await db.query<{ code: string; name: string; kind: string; parent_code: string | null }>(
    `WITH RECURSIVE t AS (
       SELECT code, name, kind, parent_code, 0 AS depth FROM units
        WHERE code = $1 AND valid_from <= $2::date AND valid_to >= $2::date
       UNION ALL
       SELECT u.code, u.name, u.kind, u.parent_code, t.depth + 1 FROM units u JOIN t ON u.parent_code = t.code
        WHERE u.valid_from <= $2::date AND u.valid_to >= $2::date AND t.depth < 6
     ) SELECT code, name, kind, parent_code FROM t ORDER BY depth, code`,
    [plan.rootCode, plan.treeDate],
  );
  const out = new Map<string, Holder>();
  for (const u of units)
    out.set(u.code, {
      code: u.code,
      name: u.name,
      kind: u.kind,
      isDepartment: false,
      parentCode: u.code === plan.rootCode ? null : u.parent_code,
      accessUnit: u.code,
    });
  const departments = await db.query<{ code: string; name: string; unit_code: string }>(
    'SELECT code, name, unit_code FROM target_departments WHERE unit_code = ANY($1) ORDER BY code',
    [[...out.keys()]],
  );
  for (const d of departments)
    out.set(d.code, {
      code: d.code,
      name: d.name,
      kind: 'department',
      isDepartment: true,
      parentCode: d.unit_code,
      accessUnit: d.unit_code,
    });
  return out;
}

/** Registers a department (sở, ban, ngành) that can hold targets, under an administrative unit. */
export async function upsertDepartment(
  db: Db,
  actor: Actor,
  opts: { code: string; name: string; unitCode: string },
): Promise<void> {
  await requireAbility(db, actor, 'target.plan', { unitCode: opts.unitCode });
  const clash = await db.query('SELECT 1 FROM units WHERE code = $1 LIMIT 1', [opts.code]);
  if (clash.length > 0)
    throw new AppError(
      'INVALID_DEPARTMENT',
      text(
        `Mã ${opts.code} đã là mã đơn vị hành chính; chọn mã khác cho sở, ngành`,
        `code is an administrative unit's`,
      ),
      [
        {
          field: 'code',
          value: opts.code,
          message: text('trùng mã đơn vị hành chính', 'clashes with a unit code'),
        },
      ],
    );
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO target_departments (code, name, unit_code) VALUES ($1, $2, $3)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, unit_code = EXCLUDED.unit_code`,
      [opts.code, opts.name, opts.unitCode],
    );
    await recordEvent(tx, {
      type: 'target.department_saved',
      actor,
      unitCode: opts.unitCode,
      data: { code: opts.code, name: opts.name },
    });
  });
}

function checkIndicators(list: IndicatorInput[], field: string): InputIssue[] {
  const issues: InputIssue[] = [];
  const seen = new Set<string>();
  list.forEach((ind, i) => {
    if (seen.has(ind.code))
      issues.push({
        line: i + 1,
        field,
        value: ind.code,
        message: text('mã chỉ tiêu bị trùng', 'duplicate indicator code'),
      });
    seen.add(ind.code);
  });
  return issues;
}

/** Makes sure each indicator's measure exists as a number (actual figures are stored there). */
async function ensureMeasures(tx: Db, list: PlanIndicator[]): Promise<void> {
  const issues: InputIssue[] = [];
  for (const ind of list) {
    const m = (
      await tx.query<{ type: string }>('SELECT type FROM measures WHERE id = $1', [ind.measureId])
    )[0];
    if (!m) {
      await tx.query('INSERT INTO measures (id, type, unit, name) VALUES ($1, $2, $3, $4)', [
        ind.measureId,
        ind.unit === '%' ? 'percent' : 'number',
        ind.unit,
        ind.name,
      ]);
    } else if (m.type !== 'number' && m.type !== 'percent')
      issues.push({
        field: 'measure_id',
        value: ind.measureId,
        message: text(
          `số liệu ${ind.measureId} có kiểu ${m.type}, chỉ tiêu cần số`,
          `measure is not numeric`,
        ),
      });
  }
  if (issues.length > 0)
    throw new AppError('INVALID_TARGET_PLAN', 'Chỉ tiêu không hợp lệ, không có gì được lưu', issues);
}

const fromInput = (ind: IndicatorInput, position: number): PlanIndicator => ({
  code: ind.code,
  position,
  name: ind.name,
  unit: ind.unit,
  direction: ind.direction as Direction,
  aggregation: ind.aggregation as Aggregation,
  weightMeasure: ind.weight_measure ?? (ind.aggregation === 'rate' ? 'population' : null),
  measureId: ind.measure_id ?? `ktxh.${ind.code}`,
  frequency: ind.frequency,
});

async function insertIndicators(tx: Db, year: number, list: PlanIndicator[]): Promise<void> {
  for (const i of list)
    await tx.query(
      `INSERT INTO target_indicators (year, code, position, name, unit, direction, aggregation, weight_measure,
         measure_id, frequency) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        year,
        i.code,
        i.position,
        i.name,
        i.unit,
        i.direction,
        i.aggregation,
        i.weightMeasure,
        i.measureId,
        i.frequency,
      ],
    );
}

/**
 * Creates the plan of a year: from last year's plan (its indicators and settings, minus `remove`,
 * plus `add`) or from scratch. Needs target.plan on the root unit. One plan per year.
 */
export async function createPlan(
  db: Db,
  actor: Actor,
  opts: {
    year: number;
    fromYear?: number;
    rootCode?: string;
    name?: string;
    add?: IndicatorInput[];
    remove?: string[];
    settings?: PlanSettings;
    demo?: boolean;
  },
): Promise<Plan> {
  const base = opts.fromYear !== undefined ? await requirePlan(db, opts.fromYear) : null;
  const rootCode = opts.rootCode ?? base?.rootCode;
  if (!rootCode)
    throw new AppError(
      'INVALID_TARGET_PLAN',
      text('Cần đơn vị giao chỉ tiêu (root_code)', 'root_code is required'),
      [{ field: 'root_code', message: text('bắt buộc khi không dựa trên kế hoạch năm trước', 'required') }],
    );
  await requireAbility(db, actor, 'target.plan', { unitCode: rootCode });
  if (await findPlan(db, opts.year))
    throw new AppError(
      'TARGET_PLAN_ALREADY_EXISTS',
      text(`Đã có kế hoạch chỉ tiêu năm ${opts.year}`, `plan exists`),
    );
  const treeDate = `${opts.year}-01-01`;
  const root = await db.query(
    'SELECT 1 FROM units WHERE code = $1 AND valid_from <= $2::date AND valid_to >= $2::date',
    [rootCode, treeDate],
  );
  if (root.length === 0)
    throw new AppError(
      'UNIT_NOT_FOUND',
      text(`Không có đơn vị ${rootCode} vào ngày ${treeDate}`, `no such unit on that date`),
    );
  const remove = opts.remove ?? [];
  const add = opts.add ?? [];
  const issues = checkIndicators(add, 'add');
  const kept = (base?.indicators ?? []).filter((i) => !remove.includes(i.code));
  for (const code of remove)
    if (!base?.indicators.some((i) => i.code === code))
      issues.push({
        field: 'remove',
        value: code,
        message: text('kế hoạch năm trước không có chỉ tiêu này', 'not in the base plan'),
      });
  for (const a of add)
    if (kept.some((k) => k.code === a.code))
      issues.push({
        field: 'add',
        value: a.code,
        message: text('chỉ tiêu đã có trong kế hoạch', 'already in the plan'),
      });
  if (issues.length > 0)
    throw new AppError('INVALID_TARGET_PLAN', 'Kế hoạch không hợp lệ, không có gì được lưu', issues);
  const indicators = [
    ...kept.map((k, i) => ({ ...k, position: i + 1 })),
    ...add.map((a, i) => fromInput(a, kept.length + i + 1)),
  ];
  const settings = opts.settings ?? base?.settings ?? defaultSettings;
  const demo = opts.demo ?? base?.demo ?? false;
  const name =
    opts.name ?? `Kế hoạch chỉ tiêu phát triển kinh tế – xã hội năm ${opts.year}${demo ? ' (minh họa)' : ''}`;
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO target_plans (year, root_code, name, demo, based_on, tree_date, settings, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        opts.year,
        rootCode,
        name,
        demo,
        base?.year ?? null,
        treeDate,
        JSON.stringify(settings),
        actor.username,
      ],
    );
    await ensureMeasures(tx, indicators);
    await insertIndicators(tx, opts.year, indicators);
    await recordEvent(tx, {
      type: 'target.plan_created',
      actor,
      unitCode: rootCode,
      data: {
        year: opts.year,
        based_on: base?.year ?? null,
        indicators: indicators.map((i) => i.code),
        added: add.map((a) => a.code),
        removed: remove,
      },
    });
  });
  return requirePlan(db, opts.year);
}

/** Adds an indicator to a plan (target.plan on the root). */
export async function addIndicator(db: Db, actor: Actor, opts: { year: number; indicator: IndicatorInput }) {
  const plan = await requirePlan(db, opts.year);
  await requireAbility(db, actor, 'target.plan', { unitCode: plan.rootCode });
  if (plan.indicators.some((i) => i.code === opts.indicator.code))
    throw new AppError('INVALID_TARGET_PLAN', text('Chỉ tiêu đã có trong kế hoạch', 'already in the plan'), [
      { field: 'code', value: opts.indicator.code, message: text('trùng mã', 'duplicate code') },
    ]);
  const ind = fromInput(opts.indicator, Math.max(0, ...plan.indicators.map((i) => i.position)) + 1);
  await db.transaction(async (tx) => {
    await ensureMeasures(tx, [ind]);
    await insertIndicators(tx, plan.year, [ind]);
    await recordEvent(tx, {
      type: 'target.indicator_added',
      actor,
      unitCode: plan.rootCode,
      data: { year: plan.year, code: ind.code, name: ind.name },
    });
  });
  return requirePlan(db, opts.year);
}

/** Removes an indicator and its assignments from a plan; the figures stay in the values store. */
export async function removeIndicator(db: Db, actor: Actor, opts: { year: number; code: string }) {
  const plan = await requirePlan(db, opts.year);
  await requireAbility(db, actor, 'target.plan', { unitCode: plan.rootCode });
  if (!plan.indicators.some((i) => i.code === opts.code))
    throw new AppError('TARGET_INDICATOR_NOT_FOUND', `Kế hoạch ${plan.year} không có chỉ tiêu ${opts.code}`);
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM target_indicators WHERE year = $1 AND code = $2', [plan.year, opts.code]);
    await recordEvent(tx, {
      type: 'target.indicator_removed',
      actor,
      unitCode: plan.rootCode,
      data: { year: plan.year, code: opts.code },
    });
  });
  return requirePlan(db, opts.year);
}

/** Changes the plan's policy settings (thresholds, reporting calendar). */
export async function updateSettings(db: Db, actor: Actor, opts: { year: number; settings: PlanSettings }) {
  const plan = await requirePlan(db, opts.year);
  await requireAbility(db, actor, 'target.plan', { unitCode: plan.rootCode });
  await db.transaction(async (tx) => {
    await tx.query('UPDATE target_plans SET settings = $2 WHERE year = $1', [
      plan.year,
      JSON.stringify(opts.settings),
    ]);
    await recordEvent(tx, {
      type: 'target.settings_changed',
      actor,
      unitCode: plan.rootCode,
      data: {
        year: plan.year,
        settings: presentSettings(opts.settings),
        previous: presentSettings(plan.settings),
      },
    });
  });
  return requirePlan(db, opts.year);
}
