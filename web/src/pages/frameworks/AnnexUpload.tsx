import { type FormEvent, useId, useRef, useState } from 'react';
import { type ApiError, postForm } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { annexReviewHref } from '../../routes.ts';
import { ErrorBox, Notice } from '../../ui/Feedback.tsx';
import { FilePicker } from '../../ui/FilePicker.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { type AnnexImportResult, columnName } from './annex-types.ts';

const kinds = [
  'commune',
  'ward',
  'township',
  'district',
  'urban_district',
  'town',
  'provincial_city',
  'province',
  'city',
  'special_zone',
];

type State =
  | { step: 'idle' }
  | { step: 'uploading' }
  | { step: 'done'; result: AnnexImportResult }
  | { step: 'failed'; error: ApiError };

/** Upload a decision's annex (.docx): it becomes a draft, reviewed on the annex review page. */
export function AnnexUpload() {
  const { t, kind } = useI18n();
  const uid = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [form, setForm] = useState({ id: '', name: '', valid_from: '', valid_to: '', decision: '' });
  const [applies, setApplies] = useState<string[]>(['commune']);
  const [state, setState] = useState<State>({ step: 'idle' });
  // The form (and its file input) appears on demand: the page's other upload stays the only one by default.
  const [open, setOpen] = useState(false);
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  const upload = async (e: FormEvent) => {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) {
      fileRef.current?.focus();
      return;
    }
    const body = new FormData();
    body.set('file', file);
    for (const [k, v] of Object.entries(form)) if (v.trim()) body.set(k, v.trim());
    body.set('applies_to', applies.join(','));
    setState({ step: 'uploading' });
    try {
      setState({ step: 'done', result: await postForm<AnnexImportResult>('/frameworks/annex', body) });
    } catch (err) {
      setState({ step: 'failed', error: err as ApiError });
    }
  };

  return (
    <section className="card" aria-labelledby="annex-title">
      <h2 id="annex-title">{t('axTitle')}</h2>
      <p className="muted">{t('axHelp')}</p>
      {!open && (
        <div className="actions">
          <button type="button" className="btn" onClick={() => setOpen(true)}>
            {t('axOpen')}
          </button>
        </div>
      )}
      {open && (
        <form className="annex-form" onSubmit={upload}>
          <FilePicker label={t('axFile')} accept=".docx,.doc" inputRef={fileRef} />
          <TextField id={`${uid}-id`} label={t('axId')} value={form.id} onValue={set('id')} />
          <TextField id={`${uid}-name`} label={t('axName')} value={form.name} onValue={set('name')} />
          <fieldset className="field field-wide">
            <legend className="field-label">{t('axAppliesTo')}</legend>
            <div className="annex-kinds">
              {kinds.map((k) => (
                <label key={k} className="check">
                  <input
                    type="checkbox"
                    checked={applies.includes(k)}
                    onChange={(e) =>
                      setApplies((a) => (e.target.checked ? [...a, k] : a.filter((x) => x !== k)))
                    }
                  />
                  <span>{kind(k)}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <TextField
            id={`${uid}-from`}
            label={t('axValidFrom')}
            type="date"
            value={form.valid_from}
            onValue={set('valid_from')}
          />
          <TextField
            id={`${uid}-to`}
            label={t('axValidTo')}
            type="date"
            value={form.valid_to}
            onValue={set('valid_to')}
          />
          <TextField
            id={`${uid}-decision`}
            label={t('axDecision')}
            value={form.decision}
            onValue={set('decision')}
          />
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={state.step === 'uploading'}>
              {state.step === 'uploading' ? t('axUploading') : t('axUpload')}
            </button>
          </div>
        </form>
      )}
      <div aria-live="polite">
        {state.step === 'failed' && <ErrorBox error={state.error} />}
        {state.step === 'done' && <AnnexReport result={state.result} />}
      </div>
    </section>
  );
}

function AnnexReport({ result: r }: { result: AnnexImportResult }) {
  const { t } = useI18n();
  return (
    <Notice kind={r.unparsed.length > 0 ? 'warning' : 'success'}>
      <p>
        {t('axSaved', {
          id: r.draft.id,
          version: String(r.draft.version),
          criteria: r.criteria,
          indicators: r.indicators,
          rules: r.rules,
        })}
      </p>
      {r.unparsed.length > 0 ? (
        <>
          <p className="alert-title">{t('axUnparsed', { n: r.unparsed.length })}</p>
          <ul className="plain-list">
            {r.unparsed.map((u) => (
              <li key={`${u.code}|${u.column}`}>
                <strong>{u.code}</strong> ({columnName(u.column, t('axGeneral'), (g) => t('axGroup', { g }))}
                ): {u.cell || t('axEmptyCell')}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('axAllParsed')}</p>
      )}
      <p>
        <Link className="btn btn-primary" to={annexReviewHref(r.draft.id, r.draft.version)}>
          {t('axReviewLink')}
        </Link>
      </p>
    </Notice>
  );
}
