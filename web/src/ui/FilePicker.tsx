import { type Ref, useId, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * The one file input: a button and the chosen name(s) in the page's language (the browser's
 * own "Choose File / No file chosen" follows the browser's language, not the page's). With a
 * `label` it is a labelled field; without one, just the button (its text is `buttonLabel`).
 */
export function FilePicker({
  label,
  buttonLabel,
  help,
  accept,
  inputRef,
  multiple,
  required,
  small,
  capture,
  onChange,
}: {
  label?: string;
  buttonLabel?: string;
  help?: string;
  accept: string;
  inputRef?: Ref<HTMLInputElement>;
  multiple?: boolean;
  required?: boolean;
  small?: boolean;
  /** Phones open the camera (field photos: "environment", the back camera). */
  capture?: 'environment' | 'user';
  onChange?(files: File[]): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [names, setNames] = useState<string[]>([]);
  const button = buttonLabel ?? (multiple ? t('chooseFiles') : t('chooseFile'));
  return (
    <div className={label ? 'field field-wide' : 'file-field'}>
      {label && (
        <span className="field-label" id={`${id}-label`}>
          {label}
        </span>
      )}
      {help && (
        <span id={`${id}-help`} className="field-help">
          {help}
        </span>
      )}
      <div className="file-picker">
        <input
          ref={inputRef}
          id={`${id}-input`}
          className="file-input"
          type="file"
          name="file"
          accept={accept}
          multiple={multiple}
          capture={capture}
          required={required}
          aria-labelledby={label ? `${id}-label` : undefined}
          aria-label={label ? undefined : button}
          aria-describedby={help ? `${id}-help` : undefined}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            setNames(files.map((f) => f.name));
            onChange?.(files);
          }}
        />
        <label htmlFor={`${id}-input`} className={small ? 'btn btn-small file-button' : 'btn file-button'}>
          {button}
        </label>
        <span className={names.length ? 'file-name' : 'file-name muted'}>
          {names.length ? names.join(', ') : t('noFileChosen')}
        </span>
      </div>
    </div>
  );
}
