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
  const n = csv.length;
  while (i < n) {
    fields.length = 0;
    for (;;) {
      let value: string | null;
      if (csv.charCodeAt(i) === 34) {
        // Quoted: "" is one quote.
        let s = '';
        i++;
        for (;;) {
          const q = csv.indexOf('"', i);
          if (q < 0) throw new Error('COPY CSV: unterminated quoted field');
          s += csv.slice(i, q);
          if (csv.charCodeAt(q + 1) === 34) {
            s += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        value = s;
      } else {
        let j = i;
        while (j < n) {
          const ch = csv.charCodeAt(j);
          if (ch === 44 || ch === 10 || ch === 13) break;
          j++;
        }
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
