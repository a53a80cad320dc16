import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { postForm, sendJson } from '../../api/client.ts';
import { apiQuery, invalidatePaths } from '../../api/query.ts';
import type { Body, Res } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { UnitPicker } from '../../selection/UnitPicker.tsx';
import { DateInput } from '../../ui/DateInput.tsx';
import { ErrorBox, Loading } from '../../ui/Feedback.tsx';
import { FilePicker } from '../../ui/FilePicker.tsx';
import {
  authorityKeys,
  DecisionCells,
  type PastAuthority,
  type PastTitle,
  titleKeys,
  usePastWords,
} from './words.tsx';
import '../portal/portal.css';

type Saved = Res<'/past-recognitions', 'post'>;
type Decision = Res<'/past-recognitions'>['recognitions'][number];
type ImportReport = Res<'/past-recognitions/import', 'post'>;

const titles = Object.keys(titleKeys) as PastTitle[];
const authorities = Object.keys(authorityKeys) as PastAuthority[];

/**
 * /quyet-dinh-cong-nhan-truoc: the register of recognition decisions made before TieuChi
 * (who may record recognition decisions): record one, import a file (check, then import), list;
 * a decision in the list can be corrected (the form above takes it) or removed with a reason.
 */
export function PastRecognitionsPage() {
  const { t } = useI18n();
  const words = usePastWords();
  const list = useQuery(apiQuery<Res<'/past-recognitions'>>('/past-recognitions'));
  const [title, setTitle] = useState<PastTitle>('ntm');
  const [year, setYear] = useState('');
  const [number, setNumber] = useState('');
  const [decisionDate, setDecisionDate] = useState('');
  const [ceremonyDate, setCeremonyDate] = useState('');
  const [authority, setAuthority] = useState<PastAuthority>('ubnd_tinh');
  const [signer, setSigner] = useState('');
  const [criteria, setCriteria] = useState('');
  const [sources, setSources] = useState('');
  const [note, setNote] = useState('');
  const [unit, setUnit] = useState('');
  // The decision being corrected (the form then saves over it), and the one being removed.
  const [editing, setEditing] = useState<Decision | null>(null);
  const [removing, setRemoving] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [corrected, setCorrected] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  // The unit is looked up in the tree of the decision's day (old communes by their old names).
  const yearNumber = /^\d{4}$/.test(year.trim()) ? Number(year.trim()) : null;
  const unitDate = decisionDate || ceremonyDate || (yearNumber ? `${yearNumber}-12-31` : undefined);

  const record = useMutation({
    mutationFn: (body: Body<'/past-recognitions', 'post'>) =>
      editing
        ? sendJson<Saved>('PUT', `/past-recognitions/${editing.id}`, body)
        : sendJson<Saved>('POST', '/past-recognitions', body),
    onSuccess: () => {
      setCorrected(editing !== null);
      setEditing(null);
      return invalidatePaths('/past-recognitions', '/public', '/home');
    },
  });
  const remove = useMutation({
    mutationFn: (id: number) => sendJson('DELETE', `/past-recognitions/${id}`, { reason }),
    onSuccess: () => {
      setRemoving(null);
      setReason('');
      return invalidatePaths('/past-recognitions', '/public', '/home');
    },
  });

  /** Puts a recorded decision into the form to correct it. */
  const startEditing = (d: Decision) => {
    setEditing(d);
    setTitle(d.title);
    setYear(d.year === null ? '' : String(d.year));
    setNumber(d.decision_no ?? '');
    setDecisionDate(d.decision_date ?? '');
    setCeremonyDate(d.ceremony_date ?? '');
    setAuthority(d.authority);
    setSigner(d.signer ?? '');
    setCriteria(d.criteria_set ?? '');
    setSources(d.sources.join('\n'));
    setNote(d.note ?? '');
    setUnit(d.unit.code);
    record.reset();
    formRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };
  const upload = useMutation({
    mutationFn: (mode: 'check' | 'commit') => {
      const file = fileRef.current?.files?.[0];
      const form = new FormData();
      if (file) form.set('file', file);
      form.set('mode', mode);
      return postForm<ImportReport>('/past-recognitions/import', form);
    },
    onSuccess: (r) => (r.committed ? invalidatePaths('/past-recognitions', '/public', '/home') : undefined),
  });

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!unit) return;
    record.mutate({
      unit_code: unit,
      // The name then, when the unit is the one the decision already names (its code may be reused).
      unit_name: editing && editing.unit.code === unit ? editing.unit.name : null,
      title,
      year: yearNumber,
      decision_no: number.trim() || null,
      decision_date: decisionDate || null,
      ceremony_date: ceremonyDate || null,
      authority,
      signer: signer.trim() || null,
      criteria_set: criteria.trim() || null,
      sources: sources
        .split(/[\s;]+/)
        .map((s) => s.trim())
        .filter(Boolean),
      note: note.trim() || null,
    });
  };

  return (
    <>
      <h1 className="page-title">{t('pastTitle')}</h1>
      <p className="lead">{t('pastLead')}</p>
      <form ref={formRef} className="card portal-form" onSubmit={save} aria-labelledby="past-form">
        <h2 id="past-form">
          {editing ? t('pastEditTitle', { unit: editing.unit.name }) : t('pastFormTitle')}
        </h2>
        <div className="field">
          <label className="field-label" htmlFor="past-title">
            {t('pastTitleField')}
          </label>
          <select id="past-title" value={title} onChange={(e) => setTitle(e.target.value as PastTitle)}>
            {titles.map((k) => (
              <option key={k} value={k}>
                {t(titleKeys[k])}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor="past-year">
            {t('pastYearField')}
          </label>
          <input id="past-year" inputMode="numeric" value={year} onChange={(e) => setYear(e.target.value)} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="past-no">
            {t('pastNumberField')}
          </label>
          <input id="past-no" value={number} onChange={(e) => setNumber(e.target.value)} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="past-date">
            {t('pastDateField')}
          </label>
          <DateInput id="past-date" value={decisionDate} onValue={setDecisionDate} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="past-ceremony">
            {t('pastCeremonyField')}
          </label>
          <DateInput id="past-ceremony" value={ceremonyDate} onValue={setCeremonyDate} />
        </div>
        <UnitPicker label={t('pastUnit')} value={unit} onValue={setUnit} date={unitDate} />
        <div className="field">
          <label className="field-label" htmlFor="past-authority">
            {t('pastAuthorityField')}
          </label>
          <select
            id="past-authority"
            value={authority}
            onChange={(e) => setAuthority(e.target.value as PastAuthority)}
          >
            {authorities.map((k) => (
              <option key={k} value={k}>
                {t(authorityKeys[k])}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor="past-signer">
            {t('pastSignerField')}
          </label>
          <input id="past-signer" value={signer} onChange={(e) => setSigner(e.target.value)} />
        </div>
        <div className="field field-wide">
          <label className="field-label" htmlFor="past-criteria">
            {t('pastCriteriaField')}
          </label>
          <input id="past-criteria" value={criteria} onChange={(e) => setCriteria(e.target.value)} />
        </div>
        <div className="field field-wide">
          <label className="field-label" htmlFor="past-sources">
            {t('pastSourcesField')}
          </label>
          <textarea id="past-sources" rows={2} value={sources} onChange={(e) => setSources(e.target.value)} />
        </div>
        <div className="field field-wide">
          <label className="field-label" htmlFor="past-note">
            {t('pastNoteField')}
          </label>
          <textarea id="past-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        </div>
        {record.error && <ErrorBox error={record.error} />}
        {record.isSuccess && (
          <p className="alert alert-success" role="status">
            {t(corrected ? 'pastCorrected' : 'pastSaved')}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={!unit || record.isPending}>
            {editing ? t('pastEditSave') : t('pastSave')}
          </button>{' '}
          {editing && (
            <button
              type="button"
              className="btn"
              onClick={() => {
                setEditing(null);
                record.reset();
              }}
            >
              {t('pastEditCancel')}
            </button>
          )}
        </div>
      </form>

      <section className="card" aria-labelledby="past-import">
        <h2 id="past-import">{t('pastImportTitle')}</h2>
        <FilePicker
          label={t('pastImportTitle')}
          help={t('pastImportHelp')}
          accept=".csv,.xlsx"
          inputRef={fileRef}
        />
        {upload.error && <ErrorBox error={upload.error} />}
        {upload.data && (
          <p className="alert alert-success" role="status">
            {upload.data.committed
              ? t('pastImported', { n: upload.data.recognitions.length })
              : t('pastChecked', { n: upload.data.rows })}
          </p>
        )}
        <div className="actions">
          <button
            type="button"
            className="btn"
            disabled={upload.isPending}
            onClick={() => upload.mutate('check')}
          >
            {t('pastCheck')}
          </button>{' '}
          <button
            type="button"
            className="btn btn-primary"
            disabled={upload.isPending}
            onClick={() => upload.mutate('commit')}
          >
            {t('pastImport')}
          </button>
        </div>
      </section>

      <section className="card" aria-labelledby="past-list">
        <h2 id="past-list">{t('pastList')}</h2>
        {remove.isSuccess && (
          <p className="alert alert-success" role="status">
            {t('pastRemoved')}
          </p>
        )}
        {list.isLoading && <Loading />}
        {list.error && <ErrorBox error={list.error} onRetry={list.refetch} />}
        {list.data && list.data.recognitions.length === 0 && <p>{t('pastNone')}</p>}
        {list.data && list.data.recognitions.length > 0 && (
          <div className="table-wrap">
            <table className="portal-table portal-stacked">
              <thead>
                <tr>
                  <th scope="col">{t('pastColUnit')}</th>
                  <th scope="col">{t('pastColTitle')}</th>
                  <th scope="col">{t('portalDecisionNo')}</th>
                  <th scope="col">{t('portalDecisionDate')}</th>
                  <th scope="col">{t('pastColAuthority')}</th>
                  <th scope="col">{t('pastColNote')}</th>
                  <th scope="col">{t('pastColActions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.recognitions.map((d) => (
                  <tr key={d.id}>
                    <td data-label={t('pastColUnit')}>
                      {d.unit.name} <span className="muted">({d.unit.code})</span>
                    </td>
                    <td data-label={t('pastColTitle')}>{words.title(d.title, d.year)}</td>
                    <DecisionCells no={d.decision_no} date={d.decision_date} ceremony={d.ceremony_date} />
                    <td data-label={t('pastColAuthority')}>
                      {t(authorityKeys[d.authority])}
                      {d.signer ? ` — ${d.signer}` : ''}
                    </td>
                    <td data-label={d.note ? t('pastColNote') : undefined}>{d.note ?? ''}</td>
                    <td>
                      {removing === d.id ? (
                        <form
                          className="past-remove"
                          onSubmit={(e) => {
                            e.preventDefault();
                            remove.mutate(d.id);
                          }}
                        >
                          <label className="field-label" htmlFor={`past-reason-${d.id}`}>
                            {t('pastRemoveReason')}
                          </label>
                          <input
                            id={`past-reason-${d.id}`}
                            value={reason}
                            onChange={(e) => setReason(e.target.value)}
                          />
                          {remove.error && <ErrorBox error={remove.error} />}
                          <button type="submit" className="btn btn-danger" disabled={remove.isPending}>
                            {t('pastRemoveConfirm')}
                          </button>{' '}
                          <button type="button" className="btn" onClick={() => setRemoving(null)}>
                            {t('pastRemoveCancel')}
                          </button>
                        </form>
                      ) : (
                        <span className="nowrap">
                          <button type="button" className="btn btn-small" onClick={() => startEditing(d)}>
                            {t('pastEdit')}
                          </button>{' '}
                          <button
                            type="button"
                            className="btn btn-small"
                            onClick={() => {
                              setRemoving(d.id);
                              setReason('');
                              remove.reset();
                            }}
                          >
                            {t('pastRemove')}
                          </button>
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
