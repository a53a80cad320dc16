import type { Db } from '../db/database.ts';
import type { CompiledFramework, CompiledIndicator } from '../engine/framework.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';
import { regionName } from '../units/words.ts';
import { diffFrameworks, type FrameworkChange } from './diff.ts';
import type { FrameworkDefinition, Indicator, Part } from './schema.ts';
import { type LoadedFramework, latestFrameworks, listVersions, requireFramework } from './store.ts';

/** What the frameworks list shows of one version. */
export interface FrameworkSummary {
  id: string;
  version: number;
  status: string;
  name: string;
  name_en: string | null;
  valid_from: string;
  valid_to: string;
  applies_to: string[];
  criteria_count: number;
  indicator_count: number;
  /** Indicators without a threshold (rule_missing), plus criteria with no indicator yet. */
  rule_missing_count: number;
  /** Indicators transcribed without checking against the official text (verified: false). */
  unverified_count: number;
}

/**
 * The threshold in words as people read it, overrides in brackets:
 * "≥ 60% (vùng Trung du và miền núi phía Bắc: ≥ 45%; nhóm 3: ≥ 70%)".
 */
export function thresholdText(ind: CompiledIndicator): string {
  const base = ind.rule.describe(ind.type, ind.unit);
  const overrides = [
    ...[...ind.byGroup].map(([k, r]) => `nhóm ${k}: ${r.describe(ind.type, ind.unit) || 'chưa có ngưỡng'}`),
    ...[...ind.byRegion].map(
      ([k, r]) => `vùng ${regionName(k)}: ${r.describe(ind.type, ind.unit) || 'chưa có ngưỡng'}`,
    ),
  ];
  if (overrides.length === 0) return base;
  return base ? `${base} (${overrides.join('; ')})` : overrides.join('; ');
}

/** True when no threshold applies: no rule and no override, or an override left empty. */
export function isRuleMissing(ind: CompiledIndicator): boolean {
  if (ind.parts) return ind.parts.some(isRuleMissing);
  const overrides = [...ind.byGroup.values(), ...ind.byRegion.values()];
  if (overrides.some((r) => r.kind === 'missing')) return true;
  return ind.rule.kind === 'missing' && overrides.length === 0;
}

function summarize(fw: LoadedFramework): FrameworkSummary {
  const c = fw.compiled;
  let ruleMissing = 0;
  let unverified = 0;
  const count = (ind: CompiledIndicator, criterionVerified: boolean) => {
    if (isRuleMissing(ind)) ruleMissing++;
    const parts = ind.parts?.map((p) => p.def) ?? [];
    if (!criterionVerified || ind.def.verified === false || parts.some((p) => p.verified === false))
      unverified++;
  };
  for (const cr of c.criteria) {
    if (cr.indicators.length === 0) ruleMissing++;
    for (const ind of cr.indicators) count(ind, cr.def.verified !== false);
  }
  for (const ind of c.conditions) count(ind, true);
  return {
    id: fw.meta.id,
    version: fw.meta.version,
    status: fw.meta.status,
    name: fw.meta.name,
    name_en: fw.def.name_en ?? null,
    valid_from: fw.meta.validFrom,
    valid_to: fw.meta.validTo,
    applies_to: [...fw.def.applies_to],
    criteria_count: c.criteria.length,
    indicator_count: c.indicatorCount,
    rule_missing_count: ruleMissing,
    unverified_count: unverified,
  };
}

/** Every framework (latest published version) with its size and how much is still missing. */
export async function listFrameworkSummaries(db: Db): Promise<FrameworkSummary[]> {
  return (await latestFrameworks(db)).map(summarize);
}

type Annotated<T> = T & { threshold_text: string; rule_missing: boolean };

function annotate(def: Indicator | Part, ind: CompiledIndicator): Annotated<Indicator | Part> {
  const out: Annotated<Indicator | Part> = {
    ...def,
    threshold_text: thresholdText(ind),
    rule_missing: isRuleMissing(ind),
  };
  if ('parts' in def && def.parts && ind.parts)
    (out as Annotated<Indicator>).parts = def.parts.map((p, i) => annotate(p, ind.parts![i]!)) as Part[];
  return out;
}

/** The definition as stored, each indicator (and part) with its threshold in words and rule_missing. */
export function annotateDefinition(def: FrameworkDefinition, c: CompiledFramework): FrameworkDefinition {
  return {
    ...def,
    criteria: def.criteria.map((cr, i) => ({
      ...cr,
      indicators: cr.indicators.map((ind, j) => annotate(ind, c.criteria[i]!.indicators[j]!) as Indicator),
    })),
    conditions: def.conditions.map((ind, j) => annotate(ind, c.conditions[j]!) as Indicator),
  };
}

/**
 * One version of a framework (the latest published when no version is given, drafts only by
 * number) with the list of its versions and its annotated definition.
 */
export async function readFrameworkVersion(
  db: Db,
  opts: { id: string; version?: number },
): Promise<FrameworkSummary & { versions: number[]; definition: FrameworkDefinition }> {
  const fw = await requireFramework(db, opts.id, opts.version);
  const versions = (await listVersions(db, opts.id)).map((v) => v.version);
  return { ...summarize(fw), versions, definition: annotateDefinition(fw.def, fw.compiled) };
}

/** The summary of one stored version (e.g. after publishing it). */
export async function readFrameworkSummary(db: Db, id: string, version: number): Promise<FrameworkSummary> {
  return summarize(await requireFramework(db, id, version));
}

/** What changed between two stored versions of a framework. */
export async function diffFrameworkVersions(
  db: Db,
  opts: { id: string; from: number; to: number },
): Promise<FrameworkChange[]> {
  if (opts.from === opts.to)
    throw new AppError('INVALID_REQUEST', text('Cần hai phiên bản khác nhau', 'from and to must differ'), [
      { field: 'to', value: String(opts.to), message: text('trùng với from', 'same as from') },
    ]);
  const before = await requireFramework(db, opts.id, opts.from);
  const after = await requireFramework(db, opts.id, opts.to);
  return diffFrameworks(before.def, after.def);
}
