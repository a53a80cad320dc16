import type { ValueCell } from '../engine/evaluate.ts';
import { parseDate, parseNumber } from '../engine/written.ts';
import type { ValueType } from '../frameworks/schema.ts';
import { type Text, text } from '../text.ts';

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
  const s = raw.trim().normalize('NFC');
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
