import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../api/query.ts';
import type { Unit } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { UnitSearch } from './UnitSearch.tsx';

/**
 * A form's unit field: the official types the name (accents optional) and picks from the
 * search; the form gets the unit's code. Once chosen, the name and code are shown with a
 * button to choose another. Used wherever a form asks for a unit.
 */
export function UnitPicker({
  label,
  value,
  onValue,
  date,
}: {
  label?: string;
  /** The chosen unit's code, '' for none. */
  value: string;
  onValue(code: string): void;
  date?: string;
}) {
  const { t } = useI18n();
  // A code given by the page (an address, a default) is shown with its name too.
  const unit = useQuery({
    ...apiQuery<{ unit: Unit }>(`/units/${encodeURIComponent(value)}`, { date }),
    enabled: value !== '',
    retry: false,
  });
  const name = unit.data ? { code: value, name: unit.data.unit.name } : null;
  const fieldLabel = label ?? t('unitField');
  if (!value) return <UnitSearch label={fieldLabel} date={date} onPick={(u) => onValue(u.code)} />;
  return (
    <div className="field field-wide unit-picked">
      <span className="field-label">{fieldLabel}</span>
      <span className="unit-picked-row">
        <output className="unit-picked-name">
          {name?.code === value ? `${name.name} (${value})` : value}
        </output>
        <button type="button" className="btn btn-small" onClick={() => onValue('')}>
          {t('unitChange')}
        </button>
      </span>
    </div>
  );
}
