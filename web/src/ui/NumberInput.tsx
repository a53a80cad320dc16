import { type InputHTMLAttributes, useState } from 'react';
import { parseNumber } from '../../../src/engine/written.ts';
import { useI18n } from '../i18n/i18n.tsx';

// The server's reader, shared: what a form accepts is exactly what an import accepts.
export { parseNumber };

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type' | 'inputMode'> & {
  /** The text as typed ("92,5", "1.234,5"); read it with `parseNumber`. */
  value: string;
  onValue(text: string): void;
};

/**
 * The one number input: a text box that takes "92,5", "1.234,5" or "92.5" whatever the
 * browser's language (an <input type=number> refuses the comma in many browsers), with a
 * Vietnamese message when the text is not a number.
 */
export function NumberInput({ value, onValue, onBlur, ...rest }: Props) {
  const { t } = useI18n();
  const [touched, setTouched] = useState(false);
  const bad = value.trim() !== '' && parseNumber(value) === null;
  return (
    <>
      <input
        {...rest}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={value}
        aria-invalid={bad || undefined}
        ref={(el) => el?.setCustomValidity(bad ? t('numberInvalid') : '')}
        onChange={(e) => onValue(e.target.value)}
        onBlur={(e) => {
          setTouched(true);
          onBlur?.(e);
        }}
      />
      {bad && touched && (
        <span className="field-error" role="alert">
          {t('numberInvalid')}
        </span>
      )}
    </>
  );
}
