import { useI18n } from '../../i18n/i18n.tsx';

/** A figure as people read it: 1.234,5 / Có / Không / the text itself. */
export function useShowValue(): (v: unknown, unit?: string | null) => string {
  const { num, t } = useI18n();
  return (v, unit) => {
    if (v === null || v === undefined || v === '') return '—';
    if (typeof v === 'boolean') return v ? t('yes') : t('no');
    if (typeof v === 'number') return unit ? `${num(v)}${unit === '%' ? '%' : ` ${unit}`}` : num(v);
    const s = String(v);
    if (/^-?\d+(\.\d+)?$/.test(s))
      return unit ? `${num(Number(s))}${unit === '%' ? '%' : ` ${unit}`}` : num(Number(s));
    if (s === 'true') return t('yes');
    if (s === 'false') return t('no');
    return s;
  };
}
