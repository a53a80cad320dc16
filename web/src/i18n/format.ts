import type { Lang } from './dict.ts';

const locales: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };
const numberFormats = new Map<string, Intl.NumberFormat>();

/** 1.234,5 in Vietnamese, 1,234.5 in English; at most `digits` decimals. */
export function formatNumber(n: number, lang: Lang, digits = 2): string {
  const key = `${lang}|${digits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locales[lang], { maximumFractionDigits: digits });
    numberFormats.set(key, f);
  }
  return f.format(n);
}

/** An ISO date (YYYY-MM-DD…) as dd/mm/yyyy, without time-zone shifts. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** A timestamp as dd/mm/yyyy HH:mm in the browser's time zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The last day of a period code (2024 → 2024-12-31, 2024Q3 → 2024-09-30, 2024-07 → 2024-07-31). */
export function periodEnd(period: string): string | undefined {
  const y = /^(\d{4})$/.exec(period);
  if (y) return `${y[1]}-12-31`;
  const q = /^(\d{4})Q([1-4])$/.exec(period);
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  const year = Number(q?.[1] ?? m?.[1]);
  const month = q ? Number(q[2]) * 3 : m ? Number(m[2]) : 0;
  if (!year || month < 1 || month > 12) return undefined;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
}

/** A period code as people read it: 2024 → "Năm 2024", 2026Q1 → "Quý 1/2026", 2026-12 → "Tháng 12/2026". */
export function formatPeriod(code: string, lang: Lang): string {
  const vi = lang === 'vi';
  let m = /^(\d{4})$/.exec(code);
  if (m) return vi ? `Năm ${m[1]}` : `Year ${m[1]}`;
  m = /^(\d{4})-?Q([1-4])$/.exec(code);
  if (m) return vi ? `Quý ${m[2]}/${m[1]}` : `Q${m[2]} ${m[1]}`;
  m = /^(\d{4})-(\d{2})$/.exec(code);
  if (m) return vi ? `Tháng ${m[2]}/${m[1]}` : `${m[2]}/${m[1]}`;
  return code;
}
