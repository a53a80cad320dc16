import { AppError } from '../errors.ts';
import { type Message, text } from '../text.ts';

/** Periods: a year `2024`, a quarter `2024Q3`, a month `2024-07`. */
export interface Period {
  code: string;
  kind: 'year' | 'quarter' | 'month';
  start: string;
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function lastDay(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(d)}`;
}

/** Parses a period code; returns null when it is not one of the three forms. */
export function parsePeriod(code: string): Period | null {
  const s = code.trim();
  let m = /^(\d{4})$/.exec(s);
  if (m) {
    const y = Number(m[1]);
    return { code: s, kind: 'year', start: `${y}-01-01`, end: `${y}-12-31` };
  }
  m = /^(\d{4})Q([1-4])$/i.exec(s);
  if (m) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    return { code: `${y}Q${q}`, kind: 'quarter', start: `${y}-${pad(q * 3 - 2)}-01`, end: lastDay(y, q * 3) };
  }
  m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return null;
    return { code: `${y}-${pad(mo)}`, kind: 'month', start: `${y}-${pad(mo)}-01`, end: lastDay(y, mo) };
  }
  return null;
}

export class PeriodError extends AppError {
  constructor(message: Message) {
    super('INVALID_PERIOD', message);
  }
}

/** Like parsePeriod, but throws a readable error. */
export function requirePeriod(code: string): Period {
  const p = parsePeriod(code);
  if (!p)
    throw new PeriodError(
      text(
        `Kỳ "${code}" không hợp lệ: dùng 2024, 2024Q3 hoặc 2024-07`,
        `invalid period "${code}": use 2024, 2024Q3 or 2024-07`,
      ),
    );
  return p;
}

/** Every period from `from` to `to` inclusive, both of the same kind (years, quarters or months). */
export function periodsBetween(from: Period, to: Period): Period[] {
  if (from.kind !== to.kind)
    throw new PeriodError(
      text(
        `Kỳ đầu ${from.code} và kỳ cuối ${to.code} phải cùng loại (năm, quý hoặc tháng)`,
        `from and to must be of one kind`,
      ),
    );
  if (from.start > to.start)
    throw new PeriodError(text(`Kỳ đầu ${from.code} sau kỳ cuối ${to.code}`, `from is after to`));
  const out: Period[] = [];
  const [y0, m0] = from.start.split('-').map(Number) as [number, number];
  const step = from.kind === 'year' ? 12 : from.kind === 'quarter' ? 3 : 1;
  for (let i = 0; out.length === 0 || out[out.length - 1]!.start < to.start; i++) {
    const months = y0 * 12 + (m0 - 1) + i * step;
    const y = Math.floor(months / 12);
    const m = (months % 12) + 1;
    const code =
      from.kind === 'year' ? `${y}` : from.kind === 'quarter' ? `${y}Q${(m + 2) / 3}` : `${y}-${pad(m)}`;
    out.push(parsePeriod(code)!);
  }
  return out;
}

/** A period as people read it: "Năm 2026", "Quý 1/2026", "Tháng 12/2026" (English: "Year 2026", "Q1 2026", "12/2026"). */
export function periodLabel(code: string, lang: 'vi' | 'en' = 'vi'): string {
  const p = parsePeriod(code);
  if (!p) return code;
  const year = p.start.slice(0, 4);
  if (p.kind === 'year') return lang === 'en' ? `Year ${year}` : `Năm ${year}`;
  if (p.kind === 'quarter')
    return lang === 'en' ? `Q${code.slice(-1)} ${year}` : `Quý ${code.slice(-1)}/${year}`;
  return lang === 'en' ? `${p.start.slice(5, 7)}/${year}` : `Tháng ${Number(p.start.slice(5, 7))}/${year}`;
}
