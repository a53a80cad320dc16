/** Quotes one field for COPY … WITH (FORMAT csv); null becomes an unquoted empty field. */
export function csvField(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  if (s === '' || /[",\n\r]/.test(s)) return `"${s.replaceAll('"', '""')}"`;
  return s;
}

/**
 * Reads the CSV of `COPY … TO … (FORMAT csv)` row by row: quoted fields may hold commas, quotes
 * and line breaks; an unquoted empty field is NULL, a quoted one the empty text. The fields
 * array is reused between rows.
 */
export function parseCsv(csv: string, row: (fields: Array<string | null>) => void): void {
  const fields: Array<string | null> = [];
  let i = 0;
  while (i < csv.length) {
    fields.length = 0;
    for (;;) {
      let value: string | null;
      if (csv.charCodeAt(i) === 34) {
        const q = readQuoted(csv, i);
        value = q.value;
        i = q.end;
      } else {
        const j = fieldEnd(csv, i);
        value = j === i ? null : csv.slice(i, j);
        i = j;
      }
      fields.push(value);
      const ch = csv.charCodeAt(i);
      if (ch === 44) {
        i++;
        continue;
      }
      if (ch === 13) i++;
      if (csv.charCodeAt(i) === 10) i++;
      break;
    }
    row(fields);
  }
}

/**
 * Reads the quoted field that starts at `csv[start]` (a double quote; "" inside is one quote):
 * its text and the index just after its closing quote.
 */
export function readQuoted(csv: string, start: number): { value: string; end: number } {
  let s = '';
  let i = start + 1;
  for (;;) {
    const q = csv.indexOf('"', i);
    if (q < 0) throw new Error('COPY CSV: unterminated quoted field');
    s += csv.slice(i, q);
    if (csv.charCodeAt(q + 1) !== 34) return { value: s, end: q + 1 };
    s += '"';
    i = q + 2;
  }
}

/** Where the unquoted field that starts at `csv[start]` ends: its comma, line break or the end. */
export function fieldEnd(csv: string, start: number): number {
  let j = start;
  const n = csv.length;
  while (j < n) {
    const ch = csv.charCodeAt(j);
    if (ch === 44 || ch === 10 || ch === 13) break;
    j++;
  }
  return j;
}

/**
 * Cuts the bytes of `COPY … TO … (FORMAT csv)` as they arrive into pieces of whole rows (a
 * row's line break outside quotes, so quoted line breaks and multi-byte characters are never
 * cut) and hands each to `each` as text: a reader parses one piece while the next arrives.
 */
export class CsvRowPieces {
  private rest: Buffer | null = null;

  constructor(private readonly each: (rows: string) => void) {}

  push(chunk: Buffer): void {
    const data = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    const cut = lastRowEnd(data);
    this.rest = cut < data.length ? data.subarray(cut) : null;
    if (cut > 0) this.each(data.toString('utf8', 0, cut));
  }

  end(): void {
    if (this.rest) this.each(this.rest.toString('utf8'));
    this.rest = null;
  }
}

/** COPY's whole text as `copyTo` answers it: returned, or handed to `each` as one piece. */
export function copied(csv: string, each?: (rows: string) => void): string {
  if (!each) return csv;
  if (csv !== '') each(csv);
  return '';
}

/** The offset after the last line break in `data` with an even number of quotes before it (0: none). */
function lastRowEnd(data: Buffer): number {
  const quotes: number[] = [];
  for (let q = data.indexOf(34); q >= 0; q = data.indexOf(34, q + 1)) quotes.push(q);
  let quotesBefore = quotes.length;
  for (let nl = data.lastIndexOf(10); nl >= 0; nl = data.lastIndexOf(10, nl - 1)) {
    while (quotesBefore > 0 && quotes[quotesBefore - 1]! > nl) quotesBefore--;
    if (quotesBefore % 2 === 0) return nl + 1;
  }
  return 0;
}
