import type {
  Criterion,
  Derived,
  FrameworkDefinition,
  Indicator,
  Part,
  Rule,
  ValueType,
} from '../frameworks/schema.ts';
import { type CompiledRule, compileCondition, compileRule, type UnitFacts } from './rules.ts';

/** A framework version compiled for evaluation: rules planned once, lookups precomputed. */
export interface CompiledFramework {
  id: string;
  version: number;
  def: FrameworkDefinition;
  appliesTo: ReadonlySet<string>;
  criteria: CompiledCriterion[];
  conditions: CompiledIndicator[];
  /** Every measure read directly (not derived). */
  measures: string[];
  /** Frameworks whose results this one reads (children_met_share, framework_met). */
  dependsOn: string[];
  groupAttribute: string;
  indicatorCount: number;
}

export interface CompiledCriterion {
  no: string;
  name: string;
  def: Criterion;
  appliesIf: ((unit: UnitFacts) => boolean | Error) | null;
  indicators: CompiledIndicator[];
}

export interface CompiledIndicator {
  code: string;
  name: string;
  type: ValueType;
  unit: string | null;
  measure: string | null;
  derived: Derived | null;
  parts: CompiledIndicator[] | null;
  points: number | null;
  maxPoints: number | null;
  appliesIf: ((unit: UnitFacts) => boolean | Error) | null;
  rule: CompiledRule;
  basic: CompiledRule | null;
  byGroup: Map<string, CompiledRule>;
  byRegion: Map<string, CompiledRule>;
  def: Indicator | Part;
}

function compileOverrides(o: Record<string, Rule> | undefined): Map<string, CompiledRule> {
  return new Map(Object.entries(o ?? {}).map(([k, r]) => [k, compileRule(r)]));
}

function compileIndicator(ind: Indicator | Part, codeFallback: string): CompiledIndicator {
  const parts =
    'parts' in ind && ind.parts
      ? ind.parts.map((p, i) => compileIndicator(p, `${codeFallback}.${i + 1}`))
      : null;
  return {
    code: 'code' in ind ? ind.code : codeFallback,
    name: ind.name,
    type: ind.type ?? 'boolean',
    unit: ind.unit ?? null,
    measure: ind.measure ?? null,
    derived: 'derived' in ind ? (ind.derived ?? null) : null,
    parts,
    points: ind.points ?? null,
    maxPoints: ind.max_points ?? null,
    appliesIf: ind.applies_if ? compileCondition(ind.applies_if) : null,
    rule: compileRule(ind.rule),
    basic: ind.basic_rule === undefined ? null : compileRule(ind.basic_rule),
    byGroup: compileOverrides(ind.by_group),
    byRegion: compileOverrides(ind.by_region),
    def: ind,
  };
}

/** Compiles a validated definition. Throws RuleSyntaxError on a bad CEL expression. */
export function compileFramework(def: FrameworkDefinition): CompiledFramework {
  const criteria = def.criteria.map((c) => ({
    no: c.no,
    name: c.name,
    def: c,
    appliesIf: c.applies_if ? compileCondition(c.applies_if) : null,
    indicators: c.indicators.map((i) => compileIndicator(i, i.code)),
  }));
  const conditions = def.conditions.map((i) => compileIndicator(i, i.code));
  const measures = new Set<string>();
  const dependsOn = new Set<string>();
  const visit = (ind: CompiledIndicator) => {
    if (ind.measure) measures.add(ind.measure);
    if (ind.derived) dependsOn.add(derivedFramework(ind.derived));
    for (const p of ind.parts ?? []) visit(p);
  };
  for (const c of criteria) for (const i of c.indicators) visit(i);
  for (const i of conditions) visit(i);
  return {
    id: def.id,
    version: def.version,
    def,
    appliesTo: new Set(def.applies_to),
    criteria,
    conditions,
    measures: [...measures],
    dependsOn: [...dependsOn],
    groupAttribute: def.group_attribute,
    indicatorCount: criteria.reduce((n, c) => n + c.indicators.length, 0) + conditions.length,
  };
}

export function derivedFramework(d: Derived): string {
  return 'children_met_share' in d ? d.children_met_share : d.framework_met;
}

/** Every indicator in storage order: criteria's indicators, then the conditions. */
export function indicatorsInOrder(fw: CompiledFramework): CompiledIndicator[] {
  return [...fw.criteria.flatMap((c) => c.indicators), ...fw.conditions];
}
