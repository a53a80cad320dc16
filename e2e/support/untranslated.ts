/**
 * The text half of the journeys' page checker, without a browser (unit-tested in
 * test/page-checks.test.ts): developer English and raw keys that must not reach people.
 */

/** English words and placeholders that must never reach an official or a citizen. */
export const forbiddenWords = [
  'Draft',
  'Submitted',
  'Under appraisal',
  'not retrieved',
  'from memory',
  'verified',
  'unknown',
  'error',
  'undefined',
  'null',
  'NaN',
  'TODO',
  'Infinity',
  '[object Object]',
];

/** Raw keys that look like code: snake_case tokens (commune_officer) and dotted keys (login.succeeded). */
const rawKeyPatterns: Array<[RegExp, string]> = [
  [/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g, 'snake_case key'],
  [/\b[a-z]+\.[a-z]+(?:_[a-z]+)*\b/g, 'dotted key'],
  // A period shown bare as code ("2026-12", "2026Q1") instead of "Tháng 12/2026", "Quý 1/2026".
  [/(?<![\d/.-])\d{4}(?:-(?:0[1-9]|1[0-2])|Q[1-4])(?![\d-])/g, 'period code'],
];

/**
 * Text that is allowed although it matches a pattern: addresses and file names people copy
 * (example.vn, .xlsx), and the product's own name. Keep this list short and explain additions.
 */
const allowed = [
  // Domains and file names (people's own, Vietnamese letters too: "ảnh hiện trường.png").
  /[\p{L}\d_.-]+\.(?:vn|com|org|xlsx|csv|pdf|docx|zip|png|jpe?g|webp)\b/iu,
  /\bdemo\.[a-z]+\b/, // demo account names shown on the login help (demo.xa, …)
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The problems in a text: forbidden words (whole words, case-sensitive) and raw keys. `raw`: the
 * texts the page itself marks as shown as typed (`data-raw`: a username, an account cell); a raw
 * key inside one of them is what people type, not a missing translation. Nothing else passes.
 */
export function findUntranslated(text: string, raw: readonly string[] = []): string[] {
  const problems: string[] = [];
  for (const w of forbiddenWords) {
    const re = new RegExp(`(?<![\\p{L}\\d_])${escapeRegExp(w)}(?![\\p{L}\\d_])`, 'u');
    const m = re.exec(text);
    if (m)
      problems.push(
        `English/placeholder "${w}" in: …${text.slice(Math.max(0, m.index - 40), m.index + 40)}…`,
      );
  }
  for (const [re, what] of rawKeyPatterns)
    for (const m of text.matchAll(re)) {
      const around = text.slice(Math.max(0, m.index! - 20), m.index! + m[0].length + 20);
      // Allowed when one of the allowed texts around it (any, not only the first) holds it.
      const inAllowed = allowed.some((a) =>
        [...around.matchAll(new RegExp(a.source, `${a.flags}g`))].some((x) => x[0].includes(m[0])),
      );
      if (inAllowed) continue;
      if (raw.some((r) => r.includes(m[0]))) continue;
      problems.push(`${what} "${m[0]}" in: …${around}…`);
    }
  return problems;
}
