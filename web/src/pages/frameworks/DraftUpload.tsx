import { type FormEvent, useRef, useState } from 'react';
import { type ApiError, postForm, postJson } from '../../api/client.ts';
import { invalidatePaths } from '../../api/query.ts';
import type { DraftResult } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorBox, IssueList, Notice } from '../../ui/Feedback.tsx';
import { FilePicker } from '../../ui/FilePicker.tsx';
import { ChangeList } from './ChangeList.tsx';

type State =
  | { step: 'idle' }
  | { step: 'uploading' }
  | { step: 'uploaded'; result: DraftResult }
  | { step: 'publishing'; result: DraftResult }
  | { step: 'published'; id: string; version: number }
  | { step: 'failed'; error: ApiError; result?: DraftResult };

/** Upload a filled .xlsx template (or YAML) as a draft, read the report and the diff, then publish. */
export function DraftUpload() {
  const { t } = useI18n();
  const fileRef = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<State>({ step: 'idle' });
  const [confirming, setConfirming] = useState(false);

  const upload = async (e: FormEvent) => {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) {
      fileRef.current?.focus();
      return;
    }
    const form = new FormData();
    form.set('file', file);
    setConfirming(false);
    setState({ step: 'uploading' });
    try {
      setState({ step: 'uploaded', result: await postForm<DraftResult>('/frameworks/drafts', form) });
    } catch (err) {
      setState({ step: 'failed', error: err as ApiError });
    }
  };

  const publish = async (result: DraftResult) => {
    const d = result.draft;
    if (!d) return;
    setConfirming(false);
    setState({ step: 'publishing', result });
    try {
      await postJson(`/frameworks/${encodeURIComponent(d.id)}/versions/${d.version}/publish`, {});
      void invalidatePaths('/frameworks');
      setState({ step: 'published', id: d.id, version: d.version });
    } catch (err) {
      setState({ step: 'failed', error: err as ApiError, result });
    }
  };

  const result = 'result' in state ? state.result : undefined;
  const draft = result?.draft;
  const errors = result?.errors ?? [];
  return (
    <section className="card" aria-labelledby="draft-title">
      <h2 id="draft-title">{t('fwDraftTitle')}</h2>
      <p className="muted">{t('fwDraftHelp')}</p>
      <form className="upload" onSubmit={upload}>
        <FilePicker label={t('fwDraftFile')} accept=".xlsx,.yaml,.yml" inputRef={fileRef} />
        <button type="submit" className="btn btn-primary" disabled={state.step === 'uploading'}>
          {state.step === 'uploading' ? t('fwDraftUploading') : t('fwDraftUpload')}
        </button>
      </form>
      <div aria-live="polite">
        {state.step === 'failed' && (
          <ErrorBox
            error={state.error}
            title={
              state.error.details.length ? t('fwDraftInvalid', { n: state.error.details.length }) : undefined
            }
          />
        )}
        {errors.length > 0 && (
          <div className="alert alert-error" role="alert">
            <p className="alert-title">{t('fwDraftInvalid', { n: errors.length })}</p>
            <IssueList issues={errors} />
          </div>
        )}
        {draft && (
          <>
            <Notice kind="info">
              <p>{t('fwDraftSaved', { id: draft.id, version: String(draft.version) })}</p>
            </Notice>
            {result?.warnings && result.warnings.length > 0 && (
              <Notice kind="warning">
                <p className="alert-title">{t('fwDraftWarnings')}</p>
                <ul className="plain-list">
                  {result.warnings.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              </Notice>
            )}
            <h3>{t('fwDraftChanges')}</h3>
            <ChangeList changes={result?.changes ?? []} />
            {!confirming ? (
              <div className="actions">
                <button
                  type="button"
                  className="btn btn-primary"
                  onClick={() => setConfirming(true)}
                  disabled={state.step === 'publishing' || errors.length > 0}
                >
                  {state.step === 'publishing' ? t('fwPublishing') : t('fwPublish')}
                </button>
              </div>
            ) : (
              <div className="alert alert-warning" role="alertdialog" aria-labelledby="publish-q">
                <p id="publish-q">
                  {t('fwPublishConfirm', { id: draft.id, version: String(draft.version) })}
                </p>
                <div className="actions">
                  <button type="button" className="btn btn-danger" onClick={() => result && publish(result)}>
                    {t('fwPublishYes')}
                  </button>
                  <button type="button" className="btn" onClick={() => setConfirming(false)}>
                    {t('cancel')}
                  </button>
                </div>
              </div>
            )}
          </>
        )}
        {state.step === 'published' && (
          <Notice kind="success">{t('fwPublished', { id: state.id, version: String(state.version) })}</Notice>
        )}
      </div>
    </section>
  );
}
