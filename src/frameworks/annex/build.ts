/**
 * Turns an annex table into a framework definition (not yet validated): criteria and indicators
 * with their legal numbers, the general threshold as `rule`, region columns as `by_region`,
 * group columns as `by_group`. A cell the reader cannot turn into a rule becomes null
 * (rule_missing) and is listed; nothing is guessed.
 */
import type { Rule, ValueType } from '../schema.ts';
import { type CellReading, footnoteOf, readThresholdCell } from './cells.ts';
import { type AnnexIndicatorRow, type AnnexTable, columnKey, type ThresholdColumn } from './table.ts';

export interface AnnexCellSource {
  code: string;
  /** "rule", "region:TDMNPB" or "group:1". */
  column: string;
  label: string;
  text: string;
  parsed: boolean;
}

export interface UnparsedCell {
  code: string;
  column: string;
  cell: string;
}

export interface AnnexOptions {
  id: string;
  name: string;
  appliesTo: string[];
  validFrom: string;
  validTo: string;
  legalBasis: { number: string; date?: string; issuer?: string; part?: string };
  fileName: string;
  /** Indicator code → existing measure id (explicit mapping or the previous version's). */
  measures: Record<string, { measure: string; type: ValueType }>;
}

export interface BuiltAnnex {
  raw: Record<string, unknown>;
  cells: AnnexCellSource[];
  unparsed: UnparsedCell[];
  rules: number;
}

/** The measure id a new indicator gets: `<framework id>_<code>` in snake_case. */
export function annexMeasureId(frameworkId: string, code: string): string {
  const s = `${frameworkId}_${code}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(s) ? s : `m_${s}`;
}

type RuleReading = Extract<CellReading, { kind: 'rule' }>;

/** The value type the indicator's cells agree on: the general cell's, else the first readable one. */
function indicatorType(readings: CellReading[]): ValueType | null {
  const rules = readings.filter((r): r is RuleReading => r.kind === 'rule');
  if (rules.length === 0) return null;
  const first = rules[0]!.type;
  if (first === 'boolean') return 'boolean';
  return rules.some((r) => r.type === 'percent') ? 'percent' : 'number';
}

const compatible = (cell: ValueType, ind: ValueType) =>
  cell === ind || (cell !== 'boolean' && ind !== 'boolean');

/** Reads the threshold cells of one indicator row into its rule and overrides. */
export function indicatorRules(
  row: Pick<AnnexIndicatorRow, 'cells'>,
  fallbackType: ValueType | null = null,
): {
  type: ValueType;
  unit?: string;
  rule?: Rule;
  by_region?: Record<string, Rule>;
  by_group?: Record<string, Rule>;
  assumed: string[];
  footnotes: string[];
  parsed: boolean[];
  rules: number;
} {
  const readings = row.cells.map((c) => readThresholdCell(c.text));
  const type = indicatorType(readings) ?? fallbackType ?? 'number';
  const out: ReturnType<typeof indicatorRules> = { type, assumed: [], footnotes: [], parsed: [], rules: 0 };
  row.cells.forEach((c, i) => {
    const r = readings[i]!;
    const mark = footnoteOf(c.text);
    if (mark && !out.footnotes.includes(mark)) out.footnotes.push(mark);
    let rule: Rule | undefined;
    let ok = true;
    if (r.kind === 'empty') rule = undefined;
    else if (r.kind === 'not_applicable') rule = 'not_applicable';
    else if (r.kind === 'rule' && compatible(r.type, type)) {
      rule = r.rule;
      if (r.unit && r.unit !== '%') out.unit ??= r.unit;
      if (r.assumed) out.assumed.push(c.text.trim());
    } else {
      rule = null;
      ok = false;
    }
    out.parsed.push(ok);
    if (rule === undefined) return;
    if (ok) out.rules++;
    setRule(out, c.column, rule);
  });
  if (type === 'percent') out.unit = '%';
  return out;
}

function setRule(
  target: { rule?: Rule; by_region?: Record<string, Rule>; by_group?: Record<string, Rule> },
  column: ThresholdColumn,
  rule: Rule,
): void {
  if (column.kind === 'rule') {
    target.rule = rule;
    return;
  }
  const field = column.kind === 'region' ? 'by_region' : 'by_group';
  target[field] = { ...(target[field] ?? {}), [column.key]: rule };
}

/** The definition read from the annex, with every source cell and the cells left unread. */
export function buildAnnexDefinition(table: AnnexTable, opts: AnnexOptions): BuiltAnnex {
  const cells: AnnexCellSource[] = [];
  const unparsed: UnparsedCell[] = [];
  let rules = 0;
  const seen = new Set<string>();
  const criteria = table.criteria.map((cr) => ({
    no: cr.no,
    name: cr.name,
    ...(cr.group ? { group: cr.group } : {}),
    ...(cr.indicators.length === 0
      ? { todo: 'Phụ lục không có chỉ tiêu cho tiêu chí này: cần bổ sung.' }
      : {}),
    indicators: cr.indicators.map((row) => {
      let code = row.code;
      for (let k = 2; seen.has(code); k++) code = `${row.code}-${k}`;
      seen.add(code);
      const mapped = opts.measures[code];
      const r = indicatorRules(row, mapped?.type ?? null);
      rules += r.rules;
      row.cells.forEach((c, i) => {
        const parsed = r.parsed[i]!;
        if (c.text || c.column.kind === 'rule')
          cells.push({ code, column: columnKey(c.column), label: c.column.label, text: c.text, parsed });
        if (!parsed) unparsed.push({ code, column: columnKey(c.column), cell: c.text });
      });
      const noRule = r.rule === undefined && !r.by_region && !r.by_group;
      if (noRule) unparsed.push({ code, column: 'rule', cell: '' });
      const notes = [
        row.note,
        r.assumed.length > 0
          ? `Ô ngưỡng "${r.assumed.join('", "')}" không ghi phép so sánh: đã hiểu là "≥", cần đối chiếu văn bản.`
          : undefined,
        r.footnotes.length > 0 ? `Có chú thích ${r.footnotes.join(', ')} ở cuối phụ lục.` : undefined,
      ].filter(Boolean);
      const missing = noRule || r.parsed.some((p) => !p);
      return {
        code,
        name: row.name,
        measure: mapped && mapped.type === r.type ? mapped.measure : annexMeasureId(opts.id, code),
        type: r.type,
        ...(r.unit ? { unit: r.unit } : {}),
        rule: noRule ? null : (r.rule ?? (r.by_region || r.by_group ? undefined : null)),
        ...(r.by_region ? { by_region: r.by_region } : {}),
        ...(r.by_group ? { by_group: r.by_group } : {}),
        ...(r.assumed.length > 0 ? { verified: false } : {}),
        ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
        ...(missing ? { todo: 'Ô ngưỡng trong phụ lục chưa đọc được: sửa ở trang rà soát phụ lục.' } : {}),
      };
    }),
  }));
  const hasGroups = table.columns.some((c) => c.kind === 'group');
  const note = [
    `Nhập từ bảng phụ lục trong tệp Word "${opts.fileName}".`,
    ...(table.notes.length > 0 ? [`Ghi chú của phụ lục: ${table.notes.join(' ')}`] : []),
  ].join(' ');
  const raw: Record<string, unknown> = {
    id: opts.id,
    version: 1,
    name: opts.name,
    legal_basis: [Object.fromEntries(Object.entries(opts.legalBasis).filter(([, v]) => v))],
    applies_to: opts.appliesTo,
    valid: { from: opts.validFrom, to: opts.validTo },
    policy: 'all',
    ...(hasGroups ? { group_attribute: 'group' } : {}),
    note,
    ...(unparsed.length > 0
      ? {
          todo: `${unparsed.length} ô ngưỡng của phụ lục chưa đọc được thành quy tắc: xem trang rà soát phụ lục.`,
        }
      : {}),
    criteria,
  };
  return { raw, cells, unparsed, rules };
}
