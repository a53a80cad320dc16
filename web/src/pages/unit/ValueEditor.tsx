import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { postJson } from '../../api/client.ts';
import { invalidatePaths } from '../../api/query.ts';
import type { Body, Res } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { paths, pathTo } from '../../routes.ts';
import { ErrorBox } from '../../ui/Feedback.tsx';

/** Edits one figure in place with a note; the server validates and re-evaluates at once. */
export function ValueEditor({
  unitCode,
  indicatorCode,
  measure,
  frameworkId,
  type,
  period,
  initial,
  onSaved,
  onCancel,
}: {
  unitCode: string;
  indicatorCode: string;
  measure?: string;
  frameworkId: string;
  type?: string;
  period: string;
  initial: string;
  onSaved(): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [value, setValue] = useState(initial);
  const [note, setNote] = useState('');
  const save = useMutation({
    mutationFn: (body: Body<'/values'>) => postJson<Res<'/values', 'post'>>('/values', body),
    // A figure changes its unit's results, the areas above, dossiers and home pages.
    onSuccess: async () => {
      await invalidatePaths('/values', '/evaluations', '/dossiers', '/home');
      onSaved();
    },
  });
  const saving = save.isPending;
  const error = save.error;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      values: [
        {
          unit_code: unitCode,
          indicator: measure ?? `${frameworkId}:${indicatorCode}`,
          period,
          value: value.trim(),
          ...(note.trim() ? { note: note.trim() } : {}),
        },
      ],
    });
  };

  return (
    <form className="value-editor" onSubmit={submit} aria-label={t('editValue', { code: indicatorCode })}>
      <div className="editor-fields">
        <label className="field" htmlFor={`${id}-v`}>
          <span className="field-label">{t('newValue')}</span>
          {type === 'boolean' ? (
            <select id={`${id}-v`} value={value} onChange={(e) => setValue(e.target.value)}>
              <option value="">—</option>
              <option value="có">{t('yes')}</option>
              <option value="không">{t('no')}</option>
              <option value="không áp dụng">{t('notApplicableValue')}</option>
            </select>
          ) : (
            <input
              id={`${id}-v`}
              // biome-ignore lint/a11y/noAutofocus: the user just asked to edit this figure
              autoFocus
              value={value}
              inputMode={type === 'number' || type === 'percent' || type === 'level' ? 'decimal' : undefined}
              onChange={(e) => setValue(e.target.value)}
              aria-describedby={`${id}-hint`}
            />
          )}
          <span className="field-help" id={`${id}-hint`}>
            {t('valueHint')}
          </span>
        </label>
        <label className="field field-wide" htmlFor={`${id}-n`}>
          <span className="field-label">{t('note')}</span>
          <input
            id={`${id}-n`}
            value={note}
            placeholder={t('notePlaceholder')}
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
      </div>
      {error && (
        <ErrorBox
          error={error}
          title={error.code === 'DOSSIER_LOCKED' ? t('valueLockedByDossier') : undefined}
        />
      )}
      {error?.code === 'DOSSIER_LOCKED' && (
        <p className="locked-links">
          {[...new Set([...error.message.matchAll(/#(\d+)/g)].map((m) => m[1]!))].map((n) => (
            <Link key={n} to={pathTo(paths.dossier, { id: n })}>
              {t('lockedByDossier', { id: n })}
            </Link>
          ))}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={saving || value.trim() === ''}>
          {saving ? t('saving') : t('save')}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={saving}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
