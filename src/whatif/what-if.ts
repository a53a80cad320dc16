/**
 * What-if (giả định): a unit's figures changed hypothetically, and which indicators, criteria and
 * frameworks — of the unit and, through derived shares, of its parents — would change status.
 * Nothing is stored: the figures go through the real write and live-evaluation paths inside a
 * transaction that is always rolled back (`dryRun`), so the answer is exactly what saving them
 * would do, and no row, history entry or audit event remains.
 */
import { type Actor, requireRead, toActor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { dryRun } from '../db/dry-run.ts';
import { cellToScalar, type ValueCell } from '../engine/evaluate.ts';
import { requirePeriod } from '../engine/periods.ts';
import type { Scalar } from '../engine/rules.ts';
import { letterStatus, type Status } from '../engine/status.ts';
import { AppError, type InputIssue } from '../errors.ts';
import { ensureFreshRun } from '../evaluations/fresh.ts';
import { refreshAfterValueChange } from '../evaluations/live.ts';
import { frameworksInForce, type LoadedFramework } from '../frameworks/store.ts';
import { text } from '../text.ts';
import { requireUnitChain } from '../units/read.ts';
import { checkValues, loadCatalog, storeValues } from '../values/write.ts';

/** One hypothetical figure: a measure id (or `framework:code`) and the value as an official writes it. */
export interface WhatIfSetting {
  measure: string;
  value: string;
}

/** A framework whose status would change for one unit (the unit itself or an ancestor). */
export interface FrameworkChange {
  framework: string;
  framework_name: string;
  unit: string;
  unit_name: string;
  before: Status;
  after: Status;
  met_criteria: { before: number; after: number };
  total_criteria: number;
  /** For a parent: its subtree's units meeting the framework it counts ("2/3 → 1/3"). */
  children?: { total: number; met_before: number; met_after: number };
}

/** A criterion or indicator whose status would change. */
export interface PartChange {
  framework: string;
  unit: string;
  code: string;
  name: string;
  before: Status;
  after: Status;
}

export interface WhatIfResult {
  period: string;
  tree_date: string;
  unit: { code: string; name: string };
  /** Each hypothetical figure with the stored one it replaces. */
  set: Array<{ measure: string; before: Scalar | null; after: Scalar | null }>;
  /** Framework statuses that change, the unit first, then its parents upwards. */
  changes: FrameworkChange[];
  criteria: PartChange[];
  indicators: PartChange[];
  /** Parent counts that move without their status changing (e.g. 3/5 → 4/5 xã đạt). */
  counts: Array<{
    framework: string;
    unit: string;
    unit_name: string;
    total: number;
    met_before: number;
    met_after: number;
  }>;
}

interface ResultRow {
  framework_id: string;
  version: number;
  unit_code: string;
  status: Status;
  met_criteria: number;
  total_criteria: number;
  criteria_codes: string;
  indicator_codes: string;
  n_total: number;
  n_met: number;
}

async function readResults(
  db: Db,
  period: string,
  units: string[],
  frameworks: LoadedFramework[],
): Promise<Map<string, ResultRow>> {
  const rows = await db.query<ResultRow>(
    `SELECT framework_id, version, unit_code, status, met_criteria, total_criteria, criteria_codes,
            indicator_codes, n_total, n_met
     FROM evaluation_results WHERE period = $1 AND unit_code = ANY($2) AND framework_id = ANY($3)`,
    [period, units, frameworks.map((f) => f.meta.id)],
  );
  const version = new Map(frameworks.map((f) => [f.meta.id, f.meta.version]));
  return new Map(
    rows
      .filter((r) => version.get(r.framework_id) === r.version)
      .map((r) => [`${r.framework_id}\u0000${r.unit_code}`, r]),
  );
}

/** The indicators of a framework in the order of its stored letters: criteria in order, then conditions. */
function indicatorsInOrder(fw: LoadedFramework): Array<{ code: string; name: string }> {
  return [...fw.compiled.criteria.flatMap((c) => c.indicators), ...fw.compiled.conditions];
}

/** Hypothetical figures at most per what-if: a form's worth, kept on the live path. */
const MAX_SETTINGS = 100;

/**
 * Evaluates `set` as if stored for `unitCode` in `period` and says which statuses would change,
 * on the unit tree of the period (units merged later keep their parents of that period). The
 * actor must read the unit in full; nothing is written and no audit event is recorded.
 */
export async function evaluateWhatIf(
  db: Db,
  opts: { period: string; unitCode: string; set: WhatIfSetting[]; actor: Actor | string },
): Promise<WhatIfResult> {
  const actor = toActor(opts.actor);
  const period = requirePeriod(opts.period);
  if (opts.set.length === 0 || opts.set.length > MAX_SETTINGS)
    throw new AppError(
      'INVALID_REQUEST',
      text(
        `Cần từ 1 đến ${MAX_SETTINGS} số liệu giả định`,
        `give between 1 and ${MAX_SETTINGS} hypothetical figures`,
      ),
    );
  const chain = await requireUnitChain(db, opts.unitCode, period.end);
  await requireRead(db, actor, { unitCode: opts.unitCode, date: period.end });
  const catalog = await loadCatalog(db, [opts.unitCode]);
  const { values, issues } = checkValues(
    opts.set.map((s, i) => ({
      line: i + 1,
      unitCode: opts.unitCode,
      indicator: s.measure.trim(),
      period: period.code,
      value: s.value,
    })),
    catalog,
  );
  if (issues.length > 0)
    throw new AppError(
      'INVALID_VALUES',
      text('Số liệu giả định không hợp lệ', 'invalid hypothetical figures'),
      issues.map((i): InputIssue => ({ ...i, field: i.field === 'indicator' ? 'measure' : i.field })),
    );
  // Judged by the versions in force on the period's last day, as stored results are.
  const frameworks = (await frameworksInForce(db, period.end)).filter(
    (f) => period.end >= f.meta.validFrom && period.start <= f.meta.validTo,
  );
  // Stored results are brought up to date as any read does; the what-if then starts from them.
  for (const fw of frameworks) await ensureFreshRun(db, fw, period);
  const codes = chain.map((n) => n.code);
  const nameOf = new Map(chain.map((n) => [n.code, n.name]));

  return dryRun(db, async (tx) => {
    const before = await readResults(tx, period.code, codes, frameworks);
    const current = new Map(
      (
        await tx.query<{ measure_id: string; num: number | null; txt: string | null; na: boolean }>(
          'SELECT measure_id, num, txt, na FROM value_current WHERE period = $1 AND unit_code = $2',
          [period.code, opts.unitCode],
        )
      ).map((r) => [r.measure_id, r]),
    );
    const scalar = (cell: ValueCell | undefined, measure: string): Scalar | null => {
      if (!cell || cell.na) return null;
      const type = catalog.measures.get(measure)?.type ?? 'number';
      return cellToScalar(cell, type) ?? null;
    };
    const set = values.map((v) => ({
      measure: v.measureId,
      before: scalar(current.get(v.measureId), v.measureId),
      after: scalar(v.cell, v.measureId),
    }));
    const stored = await storeValues(tx, values, { actor: actor.username, source: 'what-if' });
    await refreshAfterValueChange(tx, stored.keys ?? []);
    const after = await readResults(tx, period.code, codes, frameworks);

    const result: WhatIfResult = {
      period: period.code,
      tree_date: period.end,
      unit: { code: chain[0]!.code, name: chain[0]!.name },
      set,
      changes: [],
      criteria: [],
      indicators: [],
      counts: [],
    };
    for (const code of codes)
      for (const fw of frameworks) {
        const key = `${fw.meta.id}\u0000${code}`;
        const b = before.get(key);
        const a = after.get(key);
        if (!b || !a) continue;
        const unitName = nameOf.get(code) ?? code;
        const moved = b.n_met !== a.n_met;
        const children = { total: a.n_total, met_before: b.n_met, met_after: a.n_met };
        if (b.status !== a.status)
          result.changes.push({
            framework: fw.meta.id,
            framework_name: fw.meta.name,
            unit: code,
            unit_name: unitName,
            before: b.status,
            after: a.status,
            met_criteria: { before: b.met_criteria, after: a.met_criteria },
            total_criteria: a.total_criteria,
            ...(a.n_total > 0 ? { children } : {}),
          });
        else if (moved)
          result.counts.push({ framework: fw.meta.id, unit: code, unit_name: unitName, ...children });
        const criteria = fw.compiled.criteria;
        for (let i = 0; i < criteria.length; i++) {
          const x = b.criteria_codes[i];
          const y = a.criteria_codes[i];
          if (x && y && x !== y)
            result.criteria.push({
              framework: fw.meta.id,
              unit: code,
              code: criteria[i]!.no,
              name: criteria[i]!.name,
              before: letterStatus(x),
              after: letterStatus(y),
            });
        }
        const indicators = indicatorsInOrder(fw);
        for (let i = 0; i < indicators.length; i++) {
          const x = b.indicator_codes[i];
          const y = a.indicator_codes[i];
          if (x && y && x !== y)
            result.indicators.push({
              framework: fw.meta.id,
              unit: code,
              code: indicators[i]!.code,
              name: indicators[i]!.name,
              before: letterStatus(x),
              after: letterStatus(y),
            });
        }
      }
    return result;
  });
}
