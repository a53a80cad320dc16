/** Display width of a string in a terminal (Vietnamese in NFC is one column per letter). */
function width(s: string): number {
  return [...s.normalize('NFC')].length;
}

/** Prints rows as a table with aligned columns; numeric-looking columns are right-aligned. */
export function formatTable(header: string[], rows: string[][], opts: { right?: number[] } = {}): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const right = new Set(opts.right ?? []);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => {
        const pad = ' '.repeat(Math.max(0, widths[i]! - width(c)));
        return right.has(i) ? pad + c : c + pad;
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}
