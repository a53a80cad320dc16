import { type Ref, useId, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * A file input with a button and the chosen name in the page's language (the browser's own
 * "Choose File" follows the browser's language, not the page's).
 */
export function FilePicker({
  label,
  help,
  accept,
  inputRef,
  onChange,
}: {
  label: string;
  help?: string;
  accept: string;
  inputRef: Ref<HTMLInputElement>;
  onChange?(file: File | undefined): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState('');
  return (
    <div className="field field-wide">
      <span className="field-label" id={`${id}-label`}>
        {label}
      </span>
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
          aria-labelledby={`${id}-label`}
          aria-describedby={help ? `${id}-help` : undefined}
          onChange={(e) => {
            const f = e.target.files?.[0];
            setName(f?.name ?? '');
            onChange?.(f);
          }}
        />
        <label htmlFor={`${id}-input`} className="btn file-button">
          {t('chooseFile')}
        </label>
        <span className={name ? 'file-name' : 'file-name muted'}>{name || t('noFileChosen')}</span>
      </div>
    </div>
  );
}
