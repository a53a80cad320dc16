/**
 * Columns of table files as officials name them, found in a header row with Vietnamese,
 * accent-insensitive matching. No I/O: the reading worker (sheet-read.ts) uses it too.
 */
import { foldVietnamese } from '../units/search-name.ts';

/** A column of a table file as officials name it: the key the code reads, and the headers accepted. */
export interface ColumnSpec {
  /** The name the code reads the cells under. */
  key: string;
  /** The header as an official's spreadsheet writes it, named in errors ("Mã hộ"). */
  label: string;
  /** The column in English, for the EN error. */
  en: string;
  /** Other headers accepted besides `key` and `label`. */
  aliases?: readonly string[];
  required?: boolean;
}

/** A header compared loosely: "Thôn / Tổ dân phố" = "thon, to dan pho" = "THÔN/TỔ DÂN PHỐ". */
const headerKey = (h: string) =>
  foldVietnamese(h)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Where each of `columns` is in `header`, without throwing (see matchColumns for the matching). */
export interface FoundColumns<K extends string> {
  /** The header each key was found under. */
  headers: Partial<Record<K, string>>;
  /** The position of each key's column in the header row. */
  positions: Partial<Record<K, number>>;
  /** Columns found under more than one header, as "label (header, header)". */
  twice: string[];
  /** Required columns not found. */
  missing: Array<ColumnSpec & { key: K }>;
}

/** Finds `columns` in a header row (case, tone marks, spaces and punctuation ignored). */
export function findColumns<K extends string>(
  header: readonly string[],
  columns: ReadonlyArray<ColumnSpec & { key: K }>,
): FoundColumns<K> {
  const headers: Partial<Record<K, string>> = {};
  const positions: Partial<Record<K, number>> = {};
  const twice: string[] = [];
  const keys = header.map((h) => (h ? headerKey(h) : ''));
  for (const c of columns) {
    const accepted = new Set([c.key, c.label, ...(c.aliases ?? [])].map(headerKey));
    const at = keys.flatMap((k, i) => (k && accepted.has(k) ? [i] : []));
    if (at.length > 1) twice.push(`${c.label} (${at.map((i) => header[i]).join(', ')})`);
    if (at[0] !== undefined) {
      headers[c.key] = header[at[0]]!;
      positions[c.key] = at[0];
    }
  }
  const missing = columns.filter((c) => c.required && headers[c.key] === undefined);
  return { headers, positions, twice, missing };
}
