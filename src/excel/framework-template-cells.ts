/** What each row of the framework template's "Chỉ tiêu" sheet holds, by column header. */
import type { Criterion, Indicator, Rule } from '../frameworks/schema.ts';
import {
  col,
  groupHeader,
  groups,
  type Operator,
  regions,
  ruleCell,
  singleComparison,
} from './framework-columns.ts';
import { valueTypeLabels } from './workbook.ts';

export type Cells = Record<string, unknown>;

export const text = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
export const json = (v: unknown) => JSON.stringify(v);

/** The operator a row's threshold cells share: the general rule's, else the first override's. */
function rowOperator(ind: Indicator): Operator | null {
  const candidates = [ind.rule, ...Object.values(ind.by_region ?? {}), ...Object.values(ind.by_group ?? {})];
  for (const r of candidates) {
    const s = singleComparison(r);
    if (s) return s.op;
  }
  return ind.type === 'boolean' ? '==' : null;
}

/** A rule too complex for a threshold cell, written as CEL text or JSON. */
const ruleText = (r: Rule) => (typeof r === 'string' ? r : json(r));

export function indicatorCells(ind: Indicator): Cells {
  const op = rowOperator(ind);
  const cells: Cells = {
    [col.code]: ind.code,
    [col.name]: ind.name,
    [col.measure]: ind.measure,
    [col.type]: ind.type ? valueTypeLabels[ind.type] : undefined,
    [col.unit]: ind.unit ?? undefined,
    [col.op]: op ?? undefined,
    [col.department]: ind.department,
    [col.sources]: ind.sources.join('\n') || undefined,
    [col.verified]: ind.verified ? 'có' : 'không',
    [col.note]: ind.note,
    [col.todo]: ind.todo,
    [col.evidence]: ind.evidence,
    [col.appliesIf]: ind.applies_if,
    [col.points]: ind.points,
    [col.maxPoints]: ind.max_points,
    [col.derived]: ind.derived
      ? Object.entries(ind.derived)
          .map(([k, v]) => `${k}: ${v}`)
          .join('')
      : undefined,
    [col.nameEn]: ind.name_en,
  };
  const general = ruleCell(ind.rule, op);
  if (general === null || typeof ind.rule === 'string') cells[col.cel] = ruleText(ind.rule!);
  else cells[col.rule] = general;
  const other: { by_region?: Record<string, Rule>; by_group?: Record<string, Rule> } = {};
  const columnOf = (kind: 'by_region' | 'by_group', key: string) =>
    kind === 'by_region'
      ? regions.some(([code]) => code === key)
        ? key
        : null
      : (groups as readonly string[]).includes(key)
        ? groupHeader(key)
        : null;
  for (const kind of ['by_region', 'by_group'] as const)
    for (const [key, r] of Object.entries(ind[kind] ?? {})) {
      const header = columnOf(kind, key);
      const cell = ruleCell(r, op);
      if (header && cell !== null && cell !== undefined) cells[header] = cell;
      else {
        other[kind] ??= {};
        other[kind][key] = r;
      }
    }
  if (other.by_region || other.by_group) cells[col.otherOverrides] = json(other);
  if (ind.basic_rule !== undefined) {
    const basic = ruleCell(ind.basic_rule, op);
    cells[col.basicRule] =
      basic === null || typeof ind.basic_rule === 'string' ? ruleText(ind.basic_rule) : basic;
  }
  return cells;
}

/** An indicator with parts cannot be laid out on one row: shown for reference, carried as JSON. */
export function readOnlyCells(ind: Indicator): Cells {
  return {
    [col.code]: ind.code,
    [col.name]: ind.name,
    [col.measure]: ind.parts!.map((p) => p.measure).join(', '),
    [col.note]: `Chỉ tiêu gồm nhiều nội dung: chỉ đọc trong mẫu này, sửa bằng tệp YAML${ind.note ? `. ${ind.note}` : ''}`,
    [col.yaml]: json(ind),
  };
}

export function criterionCells(c: Criterion): Cells {
  return {
    [col.criterionName]: c.name,
    [col.department]: c.department,
    [col.sources]: c.sources.join('\n') || undefined,
    [col.verified]: c.verified ? 'có' : 'không',
    [col.note]: c.note,
    [col.todo]: c.todo,
    [col.appliesIf]: c.applies_if,
    [col.nameEn]: c.name_en,
    [col.criterionGroup]: c.group,
    [col.criterionPolicy]: c.policy === 'all' ? undefined : json(c.policy),
  };
}
