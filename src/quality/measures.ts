/** What the quality rules need to know of each measure: type, first indicator reading it, its soft rules. */
import type { Db } from '../db/database.ts';
import { compileFigureCheck, type Scalar, type UnitFacts } from '../engine/rules.ts';
import type { MeasureQuality, ValueType } from '../frameworks/schema.ts';
import { frameworksInForce } from '../frameworks/store.ts';

export interface CompiledCheck {
  message: string;
  run: (vars: { value: Scalar; m: Record<string, Scalar>; unit: UnitFacts }) => boolean | Error;
}

export interface QualityMeasure {
  id: string;
  type: ValueType;
  /** `framework:code` of the first indicator reading it (frameworks by id). */
  indicator: string;
  indicatorName: string;
  quality: MeasureQuality;
  checks: CompiledCheck[];
}

/** Every measure read by a framework in force on `date`, with its soft rules compiled once. */
export async function qualityMeasures(db: Db, date: string): Promise<Map<string, QualityMeasure>> {
  const out = new Map<string, QualityMeasure>();
  const fws = (await frameworksInForce(db, date)).sort((a, b) => a.def.id.localeCompare(b.def.id));
  for (const fw of fws)
    for (const ind of [...fw.def.criteria.flatMap((c) => c.indicators), ...fw.def.conditions]) {
      const entries = ind.parts
        ? ind.parts.map((p) => ({ measure: p.measure, type: p.type, quality: p.quality, name: p.name }))
        : ind.measure && ind.type
          ? [{ measure: ind.measure, type: ind.type, quality: ind.quality, name: ind.name }]
          : [];
      for (const e of entries) {
        const seen = out.get(e.measure);
        if (seen) {
          // A second framework reading the measure may add checks; the first one names it.
          if (e.quality?.checks) seen.checks.push(...compileChecks(e.quality));
          continue;
        }
        out.set(e.measure, {
          id: e.measure,
          type: e.type,
          indicator: `${fw.def.id}:${ind.code}`,
          indicatorName: e.name,
          quality: e.quality ?? {},
          checks: compileChecks(e.quality),
        });
      }
    }
  return out;
}

function compileChecks(q: MeasureQuality | undefined): CompiledCheck[] {
  return (q?.checks ?? []).map((c) => ({ message: c.message, run: compileFigureCheck(c.rule) }));
}
