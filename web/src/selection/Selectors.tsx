import type { FrameworkSummary } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { periodsOf } from './frameworks.ts';

export function FrameworkSelect({
  frameworks,
  value,
  onChange,
}: {
  frameworks: FrameworkSummary[];
  value: string;
  onChange(id: string): void;
}) {
  const { t, lang } = useI18n();
  return (
    <label className="field field-wide">
      <span className="field-label">{t('framework')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {frameworks.map((f) => (
          <option key={f.id} value={f.id}>
            {(lang === 'en' && f.name_en) || f.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function PeriodSelect({
  framework,
  value,
  onChange,
}: {
  framework: FrameworkSummary | undefined;
  value: string;
  onChange(period: string): void;
}) {
  const { t } = useI18n();
  const periods = periodsOf(framework);
  if (!periods.includes(value)) periods.push(value);
  return (
    <label className="field">
      <span className="field-label">{t('period')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {periods.sort().map((p) => (
          <option key={p} value={p}>
            {/^\d{4}$/.test(p) ? t('year', { year: p }) : p}
          </option>
        ))}
      </select>
    </label>
  );
}
