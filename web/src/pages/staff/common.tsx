import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { MonthInput } from '../../ui/DateInput.tsx';

/** /danh-gia-can-bo/{page}?query. */
export function staffPath(page: string, query: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => !!e[1]));
  const s = q.toString();
  return `/danh-gia-can-bo${page ? `/${page}` : ''}${s ? `?${s}` : ''}`;
}

/**
 * A month typed as mm/yyyy (YYYY-MM in the address); the page changes on Enter or when the box
 * is left, not at every keystroke. A quarter may be typed in the address (?ky=2026-Q1).
 */
export function PeriodPicker({ period, onChange }: { period: string; onChange(p: string): void }) {
  const { t } = useI18n();
  const shown = /^\d{4}-\d{2}$/.test(period) ? period : '';
  return <MonthField id="staff-period" label={t('staffPeriod')} value={shown} onChange={onChange} />;
}

/** A labelled month box that reports a new valid month on Enter or blur. */
export function MonthField({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  onChange(month: string): void;
}) {
  const [typed, setTyped] = useState(value);
  useEffect(() => setTyped(value), [value]);
  const commit = () => typed && typed !== value && onChange(typed);
  return (
    <form
      className="controls"
      onSubmit={(e) => {
        e.preventDefault();
        commit();
      }}
    >
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <MonthInput id={id} value={typed} onValue={setTyped} onBlur={commit} />
    </form>
  );
}
