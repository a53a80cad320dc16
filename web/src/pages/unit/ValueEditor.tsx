import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { invalidatePaths } from '../../api/query.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { outboxPath } from '../../offline/OfflineStatus.tsx';
import { type QueuedValue, submitItem } from '../../offline/outbox.ts';
import { Link } from '../../router.tsx';
import { paths, pathTo } from '../../routes.ts';
import { useSession } from '../../session/session.tsx';
import { ErrorBox, Notice } from '../../ui/Feedback.tsx';
import { EntryWarnings } from '../quality/EntryWarnings.tsx';

/**
 * Edits one figure in place with a note; the server validates and re-evaluates at once. While the
 * figure is typed, the data-quality rules it trips are shown (they never block the save). Without
 * a connection the figure is kept on the device and sent later (web/src/offline); `basedOn` (the
 * stored figure's changed_at, null for none) lets the server refuse it if it changed meanwhile.
 */
export function ValueEditor({
  unitCode,
  indicatorCode,
  measure,
  frameworkId,
  type,
  period,
  initial,
  basedOn,
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
  basedOn?: string | null;
  onSaved(): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [value, setValue] = useState(initial);
  const [note, setNote] = useState('');
  const { session } = useSession();
  const save = useMutation({
    // Offline the queue keeps the figure: the mutation must run (TanStack pauses it by default).
    networkMode: 'always',
    mutationFn: (v: Omit<QueuedValue, 'id' | 'username' | 'createdAt' | 'status' | 'error'>) =>
      submitItem(v, session?.user?.username ?? '-'),
    // A figure changes its unit's results, the areas above, dossiers and home pages.
    onSuccess: async (result) => {
      if (result !== 'saved') return;
      await invalidatePaths('/values', '/evaluations', '/dossiers', '/home', '/quality');
      onSaved();
    },
  });
  const kept = save.data && save.data !== 'saved' ? save.data : null;
  const saving = save.isPending;
  const error = save.error;

  const indicator = measure ?? `${frameworkId}:${indicatorCode}`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      kind: 'value',
      unitCode,
      indicator,
      label: indicatorCode,
      period,
      value: value.trim(),
      ...(note.trim() ? { note: note.trim() } : {}),
      basedOn: basedOn ?? null,
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
      {kept === null && !error && (
        <EntryWarnings unit={unitCode} indicator={indicator} period={period} value={value} />
      )}
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
      {kept === 'queued' && <Notice kind="success">{t('fieldQueuedNotice')}</Notice>}
      {kept === 'conflict' && (
        <Notice kind="warning">
          {t('fieldConflictNotice')} <Link to={outboxPath}>{t('fieldOpenOutbox')}</Link>
        </Notice>
      )}
      <div className="actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={saving || kept !== null || value.trim() === ''}
        >
          {saving ? t('saving') : t('save')}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={saving}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
