import type { FrameworkDefinition, IndicatorDef, StoredValue } from '../../api/types.ts';

export interface IndicatorInfo {
  def: IndicatorDef;
  /** The figure behind it; absent for derived indicators and for indicators made of parts. */
  measure?: string;
  type?: string;
}

/** Indicator code → its definition; parts are `<code>.<n>` as in evaluation results. */
export function indicatorIndex(def: FrameworkDefinition | undefined): Map<string, IndicatorInfo> {
  const out = new Map<string, IndicatorInfo>();
  if (!def) return out;
  const add = (ind: IndicatorDef, code: string) => {
    out.set(code, { def: ind, measure: ind.parts || ind.derived ? undefined : ind.measure, type: ind.type });
    ind.parts?.forEach((p, i) => {
      add(p, `${code}.${i + 1}`);
    });
  };
  for (const c of def.criteria) for (const ind of c.indicators) if (ind.code) add(ind, ind.code);
  for (const ind of def.conditions ?? []) if (ind.code) add(ind, ind.code);
  return out;
}

/** Measure → the stored value (note, who, when). */
export function valuesByMeasure(values: StoredValue[] | undefined): Map<string, StoredValue> {
  return new Map((values ?? []).map((v) => [v.measure, v]));
}
