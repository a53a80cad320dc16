/**
 * Thresholds as officials type them in the annex of a decision: "≥ 70%", "100%", "≤ 2%",
 * "≥ 45", "Đạt", "Tối thiểu 92,5%", "Từ 45 triệu đồng trở lên", "Không áp dụng".
 */
import { parseNumber } from '../../engine/written.ts';
import type { Rule, ValueType } from '../schema.ts';

export type CellReading =
  | { kind: 'empty' }
  | { kind: 'not_applicable' }
  | {
      kind: 'rule';
      rule: Rule;
      type: ValueType;
      /** Display unit read after the number ("%", "triệu đồng/người/năm"). */
      unit?: string;
      /** The cell gave no comparison ("92,5"): "≥" was assumed and must be checked. */
      assumed?: boolean;
    }
  | { kind: 'unparsed' };

/** Footnote marks after a value: "≥ 70%(*)", "100%*", "Đạt (1)". */
const footnoteMark = /\s*(\(\s*\*+\s*\)|\*+|\(\s*\d{1,2}\s*\))$/;

export function footnoteOf(text: string): string | null {
  const m = footnoteMark.exec(text.trim());
  return m ? m[1]!.replace(/\s+/g, '') : null;
}

const yes = new Set(['đạt', 'có', 'đạt chuẩn', 'x']);
const notApplicable = new Set(['không áp dụng', 'không xét', 'không quy định']);

const prefixes: Array<[RegExp, string]> = [
  [/^(≥|>=|=>)/, '>='],
  [/^(≤|<=|=<)/, '<='],
  [/^>/, '>'],
  [/^</, '<'],
  [/^=/, '=='],
  [/^(tối thiểu|ít nhất|không dưới|không thấp hơn|từ)\s/, '>='],
  [/^(tối đa|không quá|không vượt quá|không cao hơn)\s/, '<='],
  [/^(dưới|nhỏ hơn|thấp hơn)\s/, '<'],
  [/^(trên|lớn hơn|cao hơn)\s/, '>'],
];

/** Reads one threshold cell. */
export function readThresholdCell(raw: string): CellReading {
  let t = raw
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  t = t.replace(footnoteMark, '').trim();
  if (!t) return { kind: 'empty' };
  const lower = t.toLowerCase().normalize('NFC');
  if (notApplicable.has(lower)) return { kind: 'not_applicable' };
  if (yes.has(lower)) return { kind: 'rule', rule: { '==': true }, type: 'boolean' };
  let op: string | null = null;
  let rest = lower;
  for (const [re, o] of prefixes) {
    const m = re.exec(rest);
    if (m) {
      op = o;
      rest = rest.slice(m[0].length).trim();
      break;
    }
  }
  for (const [suffix, o] of [
    [/\s*trở lên$/, '>='],
    [/\s*trở xuống$/, '<='],
  ] as const)
    if (suffix.test(rest)) {
      rest = rest.replace(suffix, '');
      op ??= o;
    }
  const m = /^([+-]?\d[\d.,]*)\s*(.*)$/.exec(rest);
  if (!m) return { kind: 'unparsed' };
  const value = parseNumber(m[1]!);
  const unitText = m[2]!.trim();
  if (value === null) return { kind: 'unparsed' };
  // After the number only a unit may follow: "%", or words such as "triệu đồng/người/năm".
  if (unitText && !/^(%|[\p{L}][\p{L}\s/²³.]*)$/u.test(unitText)) return { kind: 'unparsed' };
  const percent = unitText === '%';
  const unit = percent ? '%' : unitText ? originalCase(t, unitText) : undefined;
  const assumed = op === null && !(percent && value === 100);
  return {
    kind: 'rule',
    rule: { [op ?? '>=']: value } as Rule,
    type: percent ? 'percent' : 'number',
    ...(unit ? { unit } : {}),
    ...(assumed ? { assumed: true } : {}),
  };
}

/** The unit as the cell wrote it (the parse above works on lower case). */
function originalCase(text: string, lowerUnit: string): string {
  const i = text.toLowerCase().lastIndexOf(lowerUnit);
  return i >= 0 ? text.slice(i, i + lowerUnit.length) : lowerUnit;
}
