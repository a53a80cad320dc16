/** Quotes one field for COPY … WITH (FORMAT csv); null becomes an unquoted empty field. */
export function csvField(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  if (s === '' || /[",\n\r]/.test(s)) return `"${s.replaceAll('"', '""')}"`;
  return s;
}
