import type { JsonValue } from '../http/openapi.ts';
import { stableJson } from './load.ts';
import type { Criterion, FrameworkDefinition, Indicator } from './schema.ts';

/** One difference between two versions of a framework. */
export interface FrameworkChange {
  change: 'added' | 'removed' | 'changed';
  /** "tiêu chí 2", "chỉ tiêu 2.1", "framework". */
  target: string;
  field?: string;
  before?: JsonValue;
  after?: JsonValue;
}

/** A field of a definition (read from YAML/JSON, checked by zod) as the JSON it is. */
const json = (v: unknown) => v as JsonValue | undefined;

const indicatorFields = [
  'name',
  'measure',
  'derived',
  'type',
  'unit',
  'rule',
  'basic_rule',
  'by_region',
  'by_group',
  'parts',
  'applies_if',
  'points',
  'max_points',
] as const;
const criterionFields = ['name', 'group', 'policy', 'applies_if'] as const;
const frameworkFields = [
  'name',
  'legal_basis',
  'applies_to',
  'valid',
  'in_force',
  'policy',
  'group_attribute',
  'revocation',
] as const;

const same = (a: unknown, b: unknown) => stableJson(a ?? null) === stableJson(b ?? null);

function compareFields<T extends object>(
  target: string,
  a: T,
  b: T,
  fields: readonly (keyof T & string)[],
  out: FrameworkChange[],
) {
  for (const f of fields)
    if (!same(a[f], b[f]))
      out.push({ change: 'changed', target, field: f, before: json(a[f]), after: json(b[f]) });
}

function indicatorMap(list: Indicator[]): Map<string, Indicator> {
  return new Map(list.map((i) => [i.code, i]));
}

/** What changed from `before` to `after`: criteria and indicators added, removed, or with new thresholds. */
export function diffFrameworks(
  before: FrameworkDefinition | null,
  after: FrameworkDefinition,
): FrameworkChange[] {
  const out: FrameworkChange[] = [];
  if (!before) {
    out.push({ change: 'added', target: 'framework', after: after.id });
    return out;
  }
  compareFields('framework', before, after, frameworkFields, out);
  const beforeCriteria = new Map<string, Criterion>(before.criteria.map((c) => [c.no, c]));
  const afterCriteria = new Map<string, Criterion>(after.criteria.map((c) => [c.no, c]));
  for (const [no, c] of beforeCriteria)
    if (!afterCriteria.has(no)) out.push({ change: 'removed', target: `tiêu chí ${no}`, before: c.name });
  for (const [no, c] of afterCriteria) {
    const prev = beforeCriteria.get(no);
    if (!prev) {
      out.push({ change: 'added', target: `tiêu chí ${no}`, after: c.name });
      continue;
    }
    compareFields(`tiêu chí ${no}`, prev, c, criterionFields, out);
  }
  const allBefore = indicatorMap([...before.criteria.flatMap((c) => c.indicators), ...before.conditions]);
  const allAfter = indicatorMap([...after.criteria.flatMap((c) => c.indicators), ...after.conditions]);
  for (const [code, i] of allBefore)
    if (!allAfter.has(code)) out.push({ change: 'removed', target: `chỉ tiêu ${code}`, before: i.name });
  for (const [code, i] of allAfter) {
    const prev = allBefore.get(code);
    if (!prev) out.push({ change: 'added', target: `chỉ tiêu ${code}`, after: i.name });
    else compareFields(`chỉ tiêu ${code}`, prev, i, indicatorFields, out);
  }
  return out;
}

/** One line per change, in Vietnamese: "~ chỉ tiêu 1.1 rule: {">=":90} → {">=":95}". */
export function describeChange(c: FrameworkChange): string {
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  if (c.change === 'added') return `+ thêm ${c.target}${c.after !== undefined ? `: ${show(c.after)}` : ''}`;
  if (c.change === 'removed') return `- bỏ ${c.target}${c.before !== undefined ? `: ${show(c.before)}` : ''}`;
  return `~ ${c.target} ${c.field}: ${show(c.before ?? null)} → ${show(c.after ?? null)}`;
}
