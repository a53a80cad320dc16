import type { Lang } from '../text.ts';

/** CLI language: Vietnamese by default; `--lang en` or TIEUCHI_LANG=en for English. */
export type { Lang };

export function detectLang(argv: string[]): Lang {
  const i = argv.indexOf('--lang');
  const fromArg = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--lang='))?.slice(7);
  const v = (fromArg ?? process.env.TIEUCHI_LANG ?? 'vi').toLowerCase();
  return v.startsWith('en') ? 'en' : 'vi';
}

export const lang: Lang = detectLang(process.argv);

/** Picks the text for the current language. */
export function t(vi: string, en: string): string {
  return lang === 'en' ? en : vi;
}
