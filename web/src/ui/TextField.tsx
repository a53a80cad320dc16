import { DateInput, MonthInput } from './DateInput.tsx';
import { NumberInput } from './NumberInput.tsx';

/**
 * A labelled input (label above, `field` layout); `onValue` gets the typed text, or for
 * `type` "date" / "month" the ISO value (YYYY-MM-DD / YYYY-MM) of a dd/mm/yyyy / mm/yyyy box.
 * "number" is the shared NumberInput ("1.234,5"; read it with `parseNumber`).
 */
export function TextField({
  id,
  label,
  value,
  onValue,
  type = 'text',
}: {
  id: string;
  label: string;
  value: string;
  onValue(value: string): void;
  type?: string;
}) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {type === 'number' ? (
        <NumberInput id={id} value={value} onValue={onValue} />
      ) : type === 'date' ? (
        <DateInput id={id} value={value} onValue={onValue} />
      ) : type === 'month' ? (
        <MonthInput id={id} value={value} onValue={onValue} />
      ) : (
        <input id={id} type={type} value={value} onChange={(e) => onValue(e.target.value)} />
      )}
    </div>
  );
}
