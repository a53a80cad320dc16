import type { Db } from '../db/database.ts';
import type { CompiledFramework, CompiledIndicator } from '../engine/framework.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';
import { regionName } from '../units/words.ts';
import { diffFrameworks, type FrameworkChange } from './diff.ts';
import type { FrameworkDefinition, Indicator, Part } from './schema.ts';
import type { ServedDefinition, ServedIndicator } from './served.ts';
import {
  type LoadedFramework,
  latestFrameworks,
  listVersions,
  pendingDrafts,
  requireFramework,
} from './store.ts';

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
  /** Indicators without a threshold (rule_missing), plus criteria with no indicator yet (see Completeness). */
  rule_missing_count: number;
  /** Indicators with a threshold transcribed without checking against the official text (verified: false). */
  unverified_count: number;
  /** A newer draft waiting for review and publication (administrators only; null otherwise). */
  pending_draft: number | null;
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
  const done = completenessOf(fw);
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
    rule_missing_count: done.missing,
    unverified_count: done.unverified,
    pending_draft: null,
  };
}

/**
 * Every framework (latest published version) with its size and how much is still missing. For an
 * administrator, each also names its pending draft, and a framework that exists only as a draft
 * (e.g. a new set read from a Word annex) is listed under that draft.
 */
export async function listFrameworkSummaries(
  db: Db,
  opts: { withDrafts: boolean } = { withDrafts: false },
): Promise<FrameworkSummary[]> {
  const published = (await latestFrameworks(db)).map(summarize);
  if (!opts.withDrafts) return published;
  const drafts = await pendingDrafts(db);
  const list = published.map((f) => ({ ...f, pending_draft: drafts.get(f.id) ?? null }));
  for (const [id, version] of drafts)
    if (!list.some((f) => f.id === id))
      list.push({ ...summarize(await requireFramework(db, id, version)), pending_draft: version });
  return list.sort((a, b) => a.id.localeCompare(b.id));
}

/** How far an indicator's threshold is established (mức đầy đủ). */
export type CompletenessState = 'sourced' | 'unverified' | 'missing';

export interface CompletenessItem {
  /** Indicator code; a criterion without any indicator has its number here and `criterion_only`. */
  code: string;
  name: string;
  criterion: string | null;
  state: CompletenessState;
  criterion_only?: boolean;
  /** Where the threshold (or, for a missing one, what is known) comes from: URLs or references. */
  sources: string[];
  /** The Vietnamese note of the indicator, if any. */
  note: string | null;
}

/**
 * What of a framework version is sourced, transcribed but unverified, or missing, indicator by
 * indicator (conditions too), with the source of each. A criterion with no indicator counts as
 * one missing item. The UI only shows it.
 */
export interface Completeness {
  sourced: number;
  unverified: number;
  missing: number;
  items: CompletenessItem[];
}

export function completenessOf(fw: LoadedFramework): Completeness {
  const items: CompletenessItem[] = [];
  const add = (
    ind: CompiledIndicator,
    criterion: { no: string; verified: boolean; sources: string[] } | null,
  ) => {
    const parts = ind.parts?.map((p) => p.def) ?? [];
    const unverified =
      criterion?.verified === false || ind.def.verified === false || parts.some((p) => p.verified === false);
    const own = [...(ind.def.sources ?? []), ...parts.flatMap((p) => p.sources ?? [])];
    items.push({
      code: ind.code,
      name: ind.name,
      criterion: criterion?.no ?? null,
      state: isRuleMissing(ind) ? 'missing' : unverified ? 'unverified' : 'sourced',
      sources: [...new Set(own.length > 0 ? own : (criterion?.sources ?? []))],
      note: ind.def.note ?? null,
    });
  };
  for (const ind of fw.compiled.conditions) add(ind, null);
  for (const cr of fw.compiled.criteria) {
    const ref = { no: cr.no, verified: cr.def.verified !== false, sources: cr.def.sources ?? [] };
    if (cr.indicators.length === 0)
      items.push({
        code: cr.no,
        name: cr.name,
        criterion: cr.no,
        state: 'missing',
        criterion_only: true,
        sources: ref.sources,
        note: cr.def.note ?? null,
      });
    for (const ind of cr.indicators) add(ind, ref);
  }
  const count = (s: CompletenessState) => items.filter((i) => i.state === s).length;
  return { sourced: count('sourced'), unverified: count('unverified'), missing: count('missing'), items };
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
export function annotateDefinition(def: FrameworkDefinition, c: CompiledFramework): ServedDefinition {
  return {
    ...def,
    criteria: def.criteria.map((cr, i) => ({
      ...cr,
      indicators: cr.indicators.map(
        (ind, j) => annotate(ind, c.criteria[i]!.indicators[j]!) as ServedIndicator,
      ),
    })),
    conditions: def.conditions.map((ind, j) => annotate(ind, c.conditions[j]!) as ServedIndicator),
  };
}

/**
 * One version of a framework (the latest published when no version is given, drafts only by
 * number) with the list of its versions and its annotated definition.
 */
export async function readFrameworkVersion(
  db: Db,
  opts: { id: string; version?: number },
): Promise<
  FrameworkSummary & {
    versions: number[];
    in_force_from: string;
    /** Every stored version: its status and from when it governs (an amendment's date). */
    version_list: Array<{ version: number; status: string; in_force_from: string }>;
    completeness: Completeness;
    definition: ServedDefinition;
  }
> {
  const fw = await requireFramework(db, opts.id, opts.version);
  const stored = await listVersions(db, opts.id);
  return {
    ...summarize(fw),
    versions: stored.map((v) => v.version),
    in_force_from: fw.meta.inForceFrom,
    version_list: stored.map((v) => ({ version: v.version, status: v.status, in_force_from: v.inForceFrom })),
    completeness: completenessOf(fw),
    definition: annotateDefinition(fw.def, fw.compiled),
  };
}

/** The summary of one stored version (e.g. after publishing it). */
export async function readFrameworkSummary(db: Db, id: string, version: number): Promise<FrameworkSummary> {
  return summarize(await requireFramework(db, id, version));
}

/** The later of two versions read as an amendment of the earlier one: from when, by which decisions. */
export interface Amendment {
  from_version: number;
  to_version: number;
  /** The later version governs the periods ending on or after this date. */
  in_force_from: string;
  /** Legal texts the later version cites that the earlier one does not (the amending decisions). */
  decisions: Array<{ number: string; date: string | null; issuer: string | null; part: string | null }>;
}

/** What changed between two stored versions of a framework, and the later one as an amendment. */
export async function diffFrameworkVersions(
  db: Db,
  opts: { id: string; from: number; to: number },
): Promise<{ changes: FrameworkChange[]; amendment: Amendment }> {
  if (opts.from === opts.to)
    throw new AppError('INVALID_REQUEST', text('Cần hai phiên bản khác nhau', 'from and to must differ'), [
      {
        field: 'to',
        value: String(opts.to),
        message: text('trùng với phiên bản so sánh (from)', 'same as from'),
      },
    ]);
  const before = await requireFramework(db, opts.id, opts.from);
  const after = await requireFramework(db, opts.id, opts.to);
  const [older, newer] = opts.from < opts.to ? [before, after] : [after, before];
  const cited = new Set(older.def.legal_basis.map((b) => b.number));
  return {
    changes: diffFrameworks(before.def, after.def),
    amendment: {
      from_version: older.meta.version,
      to_version: newer.meta.version,
      in_force_from: newer.meta.inForceFrom,
      decisions: newer.def.legal_basis
        .filter((b) => !cited.has(b.number))
        .map((b) => ({
          number: b.number,
          date: b.date ?? null,
          issuer: b.issuer ?? null,
          part: b.part ?? null,
        })),
    },
  };
}
