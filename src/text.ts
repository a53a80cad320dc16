/**
 * Texts people read, in both languages: the server keeps a message as { vi, en } and renders
 * the reader's language at the edge (HTTP error handler and presenters, CLI `--lang`).
 * Vietnamese is the default; files written for officials (.xlsx, PDF) are Vietnamese only.
 */
export type Lang = 'vi' | 'en';

/** A message in Vietnamese and English. */
export interface Text {
  readonly vi: string;
  readonly en: string;
}

/** A message as thrown or reported: a Text, or a plain string (Vietnamese, or data such as a name). */
export type Message = string | Text;

/** A message in both languages: `text('Không có hồ sơ #3', 'dossier #3 not found')`. */
export function text(vi: string, en: string): Text {
  return { vi, en };
}

export function isText(m: unknown): m is Text {
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof (m as Text).vi === 'string' &&
    typeof (m as Text).en === 'string'
  );
}

/**
 * zod wants plain strings for its messages: the Vietnamese is the message and its English is
 * remembered here, so `render` can translate a zod issue (fixed texts only, no interpolation).
 */
const zodEnglish = new Map<string, string>();

export function zodText(vi: string, en: string): string {
  zodEnglish.set(vi, en);
  return vi;
}

/** Whether a zod message was set with zodText (so it is ours, not zod's English). */
export function zodKnows(message: string): boolean {
  return zodEnglish.has(message);
}

/** The message in one language (a plain string is the same in both, unless zodText knows it). */
export function render(m: Message, lang: Lang): string {
  if (typeof m !== 'string') return m[lang];
  return lang === 'en' ? (zodEnglish.get(m) ?? m) : m;
}

/** Joins messages (and plain strings) into one message, language by language. */
export function joinText(parts: readonly Message[], separator = ''): Text {
  return text(
    parts.map((p) => render(p, 'vi')).join(separator),
    parts.map((p) => render(p, 'en')).join(separator),
  );
}

/**
 * The language a request asks for: `X-Lang` (sent by the web UI from its language switch), else
 * the first language of `Accept-Language`; Vietnamese unless English is asked for.
 */
export function langOfHeaders(header: (name: string) => string | undefined): Lang {
  const explicit = header('x-lang')?.trim().toLowerCase();
  if (explicit) return explicit.startsWith('en') ? 'en' : 'vi';
  const first = header('accept-language')?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'vi';
}

/** An ISO date (yyyy-mm-dd) as people write it, dd/mm/yyyy; any other text unchanged. */
export function viDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}
