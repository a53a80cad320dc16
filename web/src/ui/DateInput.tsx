import { type InputHTMLAttributes, useEffect, useState } from 'react';
import {
  dateTimeText,
  monthText,
  parseDate,
  parseDateTime,
  parseMonth,
} from '../../../src/engine/written.ts';
import type { MessageKey } from '../i18n/dict.ts';
import { formatDate } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type' | 'placeholder'> & {
  /** The date as YYYY-MM-DD (month: YYYY-MM), '' when empty or not (yet) valid. */
  value: string;
  onValue(value: string): void;
};

/**
 * A text box for a calendar value written the Vietnamese way whatever the browser's language
 * (<input type=date|month> shows mm/dd/yyyy or "September 2026" in an English browser): the
 * page gets the ISO value, or '' while the text is not a real day / month.
 */
function WrittenInput({
  value,
  onValue,
  onBlur,
  parse,
  show,
  placeholder,
  invalid,
  ...rest
}: Props & {
  parse(text: string): string | null;
  show(value: string): string;
  placeholder: MessageKey;
  invalid: MessageKey;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(() => show(value));
  const [touched, setTouched] = useState(false);
  // A value set by the page (reset, loaded record) replaces the text unless it already says so.
  useEffect(() => {
    setText((old) => ((parse(old) ?? '') === value ? old : show(value)));
  }, [value, parse, show]);
  const bad = text.trim() !== '' && parse(text) === null;
  return (
    <>
      <input
        {...rest}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={t(placeholder)}
        value={text}
        aria-invalid={bad || undefined}
        ref={(el) => el?.setCustomValidity(bad ? t(invalid) : '')}
        onChange={(e) => {
          setText(e.target.value);
          onValue(parse(e.target.value) ?? '');
        }}
        onBlur={(e) => {
          setTouched(true);
          onBlur?.(e);
        }}
      />
      {bad && touched && (
        <span className="field-error" role="alert">
          {t(invalid)}
        </span>
      )}
    </>
  );
}

const showDate = (v: string) => formatDate(v);

/** A date typed and shown as dd/mm/yyyy; `value`/`onValue` carry YYYY-MM-DD. */
export function DateInput(props: Props) {
  return (
    <WrittenInput
      {...props}
      parse={parseDate}
      show={showDate}
      placeholder="datePlaceholder"
      invalid="dateInvalid"
    />
  );
}

/** A month typed and shown as mm/yyyy; `value`/`onValue` carry YYYY-MM. */
export function MonthInput(props: Props) {
  return (
    <WrittenInput
      {...props}
      parse={parseMonth}
      show={monthText}
      placeholder="monthPlaceholder"
      invalid="monthInvalid"
    />
  );
}

/** A local date and time typed and shown as dd/mm/yyyy hh:mm; `value`/`onValue` carry YYYY-MM-DDTHH:MM. */
export function DateTimeInput(props: Props) {
  return (
    <WrittenInput
      {...props}
      parse={parseDateTime}
      show={dateTimeText}
      placeholder="dateTimePlaceholder"
      invalid="dateTimeInvalid"
    />
  );
}
