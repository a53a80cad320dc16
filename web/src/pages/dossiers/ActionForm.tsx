import { type ReactNode, useId } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { DateInput } from '../../ui/DateInput.tsx';
import { ErrorBox } from '../../ui/Feedback.tsx';
import { useDossierWrite } from './mutations.ts';
import type { DossierStep } from './types.ts';

/**
 * One workflow step as a small form: its fields, one button, the server's refusal in words.
 * `step` names the API's step it takes (data-step: the journeys compare them with `steps`).
 */
export function ActionForm({
  step,
  name,
  title,
  button,
  help,
  danger,
  run,
  children,
}: {
  step: DossierStep;
  name: string;
  title: string;
  button: string;
  help?: string;
  danger?: boolean;
  run(): Promise<unknown>;
  children?: ReactNode;
}) {
  const id = useId();
  const { t } = useI18n();
  const write = useDossierWrite(run);
  return (
    <form
      className="action-form"
      onSubmit={(e) => {
        e.preventDefault();
        write.mutate();
      }}
      aria-labelledby={`${id}-t`}
      data-action={name}
      data-step={step}
    >
      <h3 id={`${id}-t`} className="action-title">
        {title}
      </h3>
      {help && <p className="muted small">{help}</p>}
      {children && <div className="controls">{children}</div>}
      <div className="actions">
        <button
          type="submit"
          className={danger ? 'btn btn-danger' : 'btn btn-primary'}
          disabled={write.isPending}
        >
          {write.isPending ? t('saving') : button}
        </button>
      </div>
      {write.error && <ErrorBox error={write.error} />}
    </form>
  );
}

export function Field({
  label,
  value,
  onChange,
  type = 'text',
  wide,
  multiline,
}: {
  label: string;
  value: string;
  onChange(v: string): void;
  type?: 'text' | 'date';
  wide?: boolean;
  multiline?: boolean;
}) {
  const id = useId();
  return (
    <label className={wide ? 'field field-wide' : 'field'} htmlFor={id}>
      <span className="field-label">{label}</span>
      {multiline ? (
        <textarea id={id} rows={2} value={value} onChange={(e) => onChange(e.target.value)} />
      ) : type === 'date' ? (
        <DateInput id={id} value={value} onValue={onChange} />
      ) : (
        <input id={id} type="text" value={value} onChange={(e) => onChange(e.target.value)} />
      )}
    </label>
  );
}
