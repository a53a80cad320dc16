import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { setRequestLang } from '../api/client.ts';
import {
  dictionaries,
  kindWords,
  type Lang,
  type MessageKey,
  sourceWords,
  statusWords,
  valueTypeWords,
} from './dict.ts';
import { formatNumber } from './format.ts';

type Params = Record<string, string | number>;

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  /** The message in the current language, `{name}` placeholders filled (numbers formatted). */
  t(key: MessageKey, params?: Params): string;
  num(n: number, digits?: number): string;
  status(s: string): string;
  kind(k: string): string;
  kindPlural(k: string): string;
  valueType(t: string): string;
  source(s: string): string;
}

const storageKey = 'tieuchi.lang';
const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  let lang: Lang = 'vi';
  try {
    lang = localStorage.getItem(storageKey) === 'en' ? 'en' : 'vi';
  } catch {
    // private mode: Vietnamese
  }
  setRequestLang(lang);
  return lang;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    setRequestLang(l);
    setLangState(l);
    try {
      localStorage.setItem(storageKey, l);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, []);
  const value = useMemo<I18n>(() => {
    const dict = dictionaries[lang];
    const num = (n: number, digits?: number) => formatNumber(n, lang, digits);
    return {
      lang,
      setLang,
      num,
      t: (key, params) =>
        dict[key].replace(/\{(\w+)\}/g, (_, name: string) => {
          const v = params?.[name];
          if (v === undefined) return `{${name}}`;
          return typeof v === 'number' ? num(v) : v;
        }),
      status: (s) => statusWords[lang][s] ?? s,
      kind: (k) => kindWords[lang][k]?.one ?? k,
      kindPlural: (k) => kindWords[lang][k]?.many ?? k,
      valueType: (t) => valueTypeWords[lang][t] ?? t,
      source: (s) => sourceWords[lang][s] ?? s,
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
