// How officials write numbers, dates and months, read the same way by the server (imports,
// `values set`) and by the web forms. Pure functions: no locale, no time zone, no I/O.

/**
 * Reads a number written either way: "75,8" and "75.8" are both 75.8; with both separators
 * the last one is the decimal mark ("1.234,5" = 1234.5, "1,234.5" = 1234.5). Spaces are
 * ignored ("1 234,5"). A lone separator repeated ("1,234,567", "1.234.567") is refused as
 * ambiguous rather than guessed.
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

/** A calendar date that exists (no 31/02), as YYYY-MM-DD. */
function isoDay(y: number, m: number, d: number): string | null {
  if (y < 1000 || y > 9999) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * Reads a date written dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy) or yyyy-mm-dd;
 * returns YYYY-MM-DD, or null when it is not a real day.
 */
export function parseDate(raw: string): string | null {
  const s = raw.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (iso) return isoDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (vn) return isoDay(Number(vn[3]), Number(vn[2]), Number(vn[1]));
  return null;
}

/** Reads a month written mm/yyyy (also m/yyyy, mm-yyyy) or yyyy-mm; returns YYYY-MM or null. */
export function parseMonth(raw: string): string | null {
  const s = raw.trim();
  const iso = /^(\d{4})-(\d{2})$/.exec(s);
  const vn = /^(\d{1,2})[/.-](\d{4})$/.exec(s);
  const y = Number(iso?.[1] ?? vn?.[2]);
  const m = Number(iso?.[2] ?? vn?.[1]);
  if (!y || y < 1000 || m < 1 || m > 12) return null;
  return `${y}-${String(m).padStart(2, '0')}`;
}

/** YYYY-MM as mm/yyyy ("" for nothing; anything else unchanged). */
export function monthText(ym: string | null | undefined): string {
  if (!ym) return '';
  const m = /^(\d{4})-(\d{2})$/.exec(ym);
  return m ? `${m[2]}/${m[1]}` : ym;
}

/**
 * Reads a local date and time written "dd/mm/yyyy hh:mm" (or "yyyy-mm-ddThh:mm"; a date alone
 * means 00:00); returns "YYYY-MM-DDTHH:MM" (no time zone: the reader's local time) or null.
 */
export function parseDateTime(raw: string): string | null {
  const s = raw.trim();
  const m = /^(\S+?)(?:[ T]+(\d{1,2})[:hg](\d{2}))?$/.exec(s);
  if (!m) return null;
  const day = parseDate(m[1]!);
  if (!day) return null;
  const h = Number(m[2] ?? 0);
  const min = Number(m[3] ?? 0);
  if (h > 23 || min > 59) return null;
  return `${day}T${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/** "YYYY-MM-DDTHH:MM" as "dd/mm/yyyy hh:mm" ("" for nothing; anything else unchanged). */
export function dateTimeText(local: string | null | undefined): string {
  if (!local) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : local;
}
