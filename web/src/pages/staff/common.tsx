import { useI18n } from '../../i18n/i18n.tsx';

/** /danh-gia-can-bo/{page}?query. */
export function staffPath(page: string, query: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => !!e[1]));
  const s = q.toString();
  return `/danh-gia-can-bo${page ? `/${page}` : ''}${s ? `?${s}` : ''}`;
}

/** A month picker (YYYY-MM); a quarter may be typed in the address (?ky=2026-Q1). */
export function PeriodPicker({ period, onChange }: { period: string; onChange(p: string): void }) {
  const { t } = useI18n();
  return (
    <div className="controls">
      <label className="field-label" htmlFor="staff-period">
        {t('staffPeriod')}
      </label>
      <input
        id="staff-period"
        type="month"
        value={/^\d{4}-\d{2}$/.test(period) ? period : ''}
        onChange={(e) => e.target.value && onChange(e.target.value)}
      />
    </div>
  );
}
