import type { ValueCell } from '../engine/evaluate.ts';
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

/**
 * Reads a number written either way: "75,8" and "75.8" are both 75.8; with both separators
 * the last one is the decimal mark ("1.234,5" = 1234.5, "1,234.5" = 1234.5).
 */
export function parseNumber(raw: string): number | null {
  let s = raw.replace(/\s/g, '');
  if (!/^[+-]?[\d.,]+$/.test(s) || !/\d/.test(s)) return null;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    const decimal = lastComma > lastDot ? ',' : '.';
    const thousands = decimal === ',' ? '.' : ',';
    s = s.split(thousands).join('');
    if (decimal === ',') s = s.replace(',', '.');
  } else if (lastComma >= 0) {
    if (s.indexOf(',') !== lastComma) return null; // "1,234,567" is ambiguous here: refuse
    s = s.replace(',', '.');
  } else if (lastDot >= 0 && s.indexOf('.') !== lastDot) {
    return null;
  }
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function isoDate(raw: string): string | null {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  let y: number;
  let mo: number;
  let d: number;
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else {
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw);
    if (!m) return null;
    [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

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
      const d = isoDate(s);
      if (!d)
        return { ok: false, message: text('ngày phải có dạng dd/mm/yyyy hoặc yyyy-mm-dd', 'invalid date') };
      return cell(null, d);
    }
    default:
      return cell(null, s);
  }
}
