import type { ValueCell } from '../engine/evaluate.ts';
import { type Period, parsePeriod } from '../engine/periods.ts';
import { parseDate, parseNumber } from '../engine/written.ts';
import type { ValueType } from '../frameworks/schema.ts';
import { type Message, type Text, text } from '../text.ts';

export type ParsedValue = { ok: true; cell: ValueCell } | { ok: false; message: Text };

const notApplicable = new Set(['không áp dụng', 'khong ap dung', 'kad', 'n/a', 'na', 'not applicable']);
const trueWords = new Set(['true', 'có', 'co', 'đạt', 'dat', 'yes', 'x', '1']);
const falseWords = new Set([
  'false',
  'không',
  'khong',
  'không đạt',
  'khong dat',
  'chưa đạt',
  'chua dat',
  'no',
  '0',
]);
const roman: Record<string, number> = {
  I: 1,
  II: 2,
  III: 3,
  IV: 4,
  V: 5,
  VI: 6,
  VII: 7,
  VIII: 8,
  IX: 9,
  X: 10,
};

const cell = (num: number | null, txt: string | null = null): ParsedValue => ({
  ok: true,
  cell: { num, txt, na: false },
});

/** Parses a figure as typed by an official, for the measure's type; the message says why not. */
export function parseValue(raw: string, type: ValueType): ParsedValue {
  const trimmed = raw.trim();
  // NFC (Windows-1258 files carry tone marks as combining characters); ASCII as it is.
  const s = /[\u0080-\uffff]/.test(trimmed) ? trimmed.normalize('NFC') : trimmed;
  if (s === '') return { ok: false, message: text('thiếu giá trị', 'value is empty') };
  if (notApplicable.has(s.toLowerCase())) return { ok: true, cell: { num: null, txt: null, na: true } };
  switch (type) {
    case 'percent': {
      const n = parseNumber(s.replace(/%$/, ''));
      if (n === null)
        return { ok: false, message: text('không phải số phần trăm (0–100)', 'not a percentage') };
      if (n < 0 || n > 100)
        return { ok: false, message: text('tỷ lệ phải trong khoảng 0–100', 'percent must be 0–100') };
      return cell(n);
    }
    case 'number': {
      const n = parseNumber(s);
      if (n === null) return { ok: false, message: text('không phải số', 'not a number') };
      return cell(n);
    }
    case 'level': {
      const r = roman[s.toUpperCase()];
      if (r !== undefined) return cell(r);
      const n = parseNumber(s);
      if (n === null || !Number.isInteger(n) || n < 0)
        return {
          ok: false,
          message: text('mức phải là số nguyên ≥ 0 hoặc số La Mã', 'level must be a whole number'),
        };
      return cell(n);
    }
    case 'boolean': {
      const w = s.toLowerCase();
      if (trueWords.has(w)) return cell(1);
      if (falseWords.has(w)) return cell(0);
      return {
        ok: false,
        message: text(
          'dùng true/false, có/không hoặc đạt/không đạt',
          'use true/false, có/không, đạt/không đạt',
        ),
      };
    }
    case 'date': {
      const d = parseDate(s);
      if (!d)
        return { ok: false, message: text('ngày phải có dạng dd/mm/yyyy hoặc yyyy-mm-dd', 'invalid date') };
      return cell(null, d);
    }
    default:
      return cell(null, s);
  }
}

/** What checking a figure's own fields needs: measures by id, indicator codes of the latest frameworks. */
/** A value type as officials say it (in messages about a refused value). */
const typeWords: Record<ValueType, string> = {
  percent: 'số phần trăm',
  number: 'số',
  boolean: 'có/không',
  level: 'mức',
  date: 'ngày',
  text: 'chữ',
};

export interface FieldCatalog {
  measures: Map<string, { id: string; type: ValueType; name?: string }>;
  /** `framework:code` → measure id, or a reason why the indicator takes no typed value. */
  indicators: Map<string, string | { error: Message }>;
  /** Periods read so far (a file names the same few on every row), at most PERIODS_KEPT. */
  periods?: Map<string, Period | null>;
}

const PERIODS_KEPT = 64;

/** parsePeriod, remembered in `kept` (a file's rows name the same few periods). */
function periodOf(code: string, kept: Map<string, Period | null> | undefined): Period | null {
  if (!kept) return parsePeriod(code);
  let period = kept.get(code);
  if (period === undefined) {
    period = parsePeriod(code);
    if (kept.size < PERIODS_KEPT) kept.set(code, period);
  }
  return period;
}

/**
 * Where a row's problems are reported, in the order people read them: period, indicator, unit,
 * value, then a duplicate of an earlier row.
 */
export const fieldOrder = { period: 1, indicator: 2, unit_code: 3, value: 4, duplicate: 5 } as const;

export interface FieldIssue {
  field: 'period' | 'indicator' | 'value';
  value: string;
  message: Message;
}

/** The messages of the checks that need the units table (made in SQL for imports). */
export const rowMessages = {
  unknownUnit: text('không có đơn vị với mã này', 'unknown unit code'),
  unitNotInPeriod: (period: string, spans: string) =>
    `đơn vị không tồn tại trong kỳ ${period} (hiệu lực: ${spans})`,
  duplicate: (line: number | string) =>
    text(`trùng với dòng ${line} (cùng đơn vị, số liệu, kỳ)`, `duplicate row`),
};

/**
 * Checks the fields of one figure that need no database: the period, the indicator (a measure id
 * or `framework:code`) and the value for the measure's type. The one check of these fields, for
 * typed figures and imports alike.
 */
export function checkFields(
  r: { indicator: string; period: string; value: string },
  catalog: FieldCatalog,
): { measureId?: string; period?: Period; cell?: ValueCell; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const period = periodOf(r.period, catalog.periods) ?? undefined;
  if (!period)
    issues.push({
      field: 'period',
      value: r.period,
      message: text('kỳ không hợp lệ: dùng 2024, 2024Q3 hoặc 2024-07', 'invalid period'),
    });
  let measureId: string | undefined;
  if (catalog.measures.has(r.indicator)) measureId = r.indicator;
  else {
    const ind = catalog.indicators.get(r.indicator);
    if (typeof ind === 'string') measureId = ind;
    else
      issues.push({
        field: 'indicator',
        value: r.indicator,
        message: ind
          ? ind.error
          : text(
              'không có số liệu hay chỉ tiêu với mã này (dùng mã số liệu hoặc <bộ tiêu chí>:<mã chỉ tiêu>)',
              'unknown indicator',
            ),
      });
  }
  let cell: ValueCell | undefined;
  if (measureId) {
    const m = catalog.measures.get(measureId)!;
    const parsed = parseValue(r.value, m.type);
    if (parsed.ok) cell = parsed.cell;
    else
      issues.push({
        field: 'value',
        value: r.value,
        message: text(
          `${parsed.message.vi} (${m.name ?? measureId}: ${typeWords[m.type]})`,
          `${parsed.message.en} (${m.name ?? measureId}: type ${m.type})`,
        ),
      });
  }
  return { measureId, period, cell, issues };
}
