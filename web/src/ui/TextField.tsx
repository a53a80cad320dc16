import type { HTMLAttributes } from 'react';

/** A labelled text input (label above, `field` layout); `onValue` gets the typed text. */
export function TextField({
  id,
  label,
  value,
  onValue,
  type = 'text',
  inputMode,
}: {
  id: string;
  label: string;
  value: string;
  onValue(value: string): void;
  type?: string;
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
}) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        type={type}
        value={value}
        inputMode={inputMode}
        onChange={(e) => onValue(e.target.value)}
      />
    </div>
  );
}
