import { type FormEvent, useId, useState } from 'react';
// The same pure rule the server checks on submission (QĐ 18/2022): at least 5 postings within 15 days.
import { checkPostings } from '../../../../src/dossiers/procedure-rules.ts';
import { postJson } from '../../api/client.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { DateInput } from '../../ui/DateInput.tsx';
import { ErrorBox } from '../../ui/Feedback.tsx';
import { NumberInput, parseNumber } from '../../ui/NumberInput.tsx';
import { EvidenceFiles, EvidenceUpload } from './Evidence.tsx';
import { useDossierWrite } from './mutations.ts';
import type { DossierDetail, Procedure } from './types.ts';

const procedureDocuments = [
  'posting',
  'front_comments',
  'satisfaction',
  'meeting_minutes',
  'debt_statement',
] as const;

interface Form {
  postings: Array<{ date: string; place: string }>;
  frontDate: string;
  frontSummary: string;
  rate: string;
  surveyed: string;
  households: string;
  meetingDate: string;
  attendees: string;
  votesFor: string;
  votesAgainst: string;
  votesAbstain: string;
  debtDate: string;
  outstanding: string;
  debtNote: string;
}

const str = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
const numOrNull = (s: string) => (s.trim() === '' ? null : parseNumber(s));

function toForm(p: Procedure): Form {
  return {
    postings: p.postings.length ? p.postings : [{ date: '', place: '' }],
    frontDate: p.front_comments?.date ?? '',
    frontSummary: p.front_comments?.summary ?? '',
    rate: str(p.satisfaction?.rate),
    surveyed: str(p.satisfaction?.surveyed),
    households: str(p.satisfaction?.households),
    meetingDate: p.meeting?.date ?? '',
    attendees: str(p.meeting?.attendees),
    votesFor: str(p.meeting?.votes_for),
    votesAgainst: str(p.meeting?.votes_against),
    votesAbstain: str(p.meeting?.votes_abstain),
    debtDate: p.debt?.date ?? '',
    outstanding: str(p.debt?.outstanding),
    debtNote: p.debt?.note ?? '',
  };
}

/** The body of POST /dossiers/{id}/procedure: only the steps the form has something for. */
function toBody(f: Form): Record<string, unknown> {
  const body: Record<string, unknown> = {
    postings: f.postings
      .filter((p) => p.date && p.place.trim())
      .map((p) => ({ ...p, place: p.place.trim() })),
  };
  if (f.frontDate && f.frontSummary.trim())
    body.front_comments = { date: f.frontDate, summary: f.frontSummary.trim() };
  if (f.rate.trim())
    body.satisfaction = {
      rate: numOrNull(f.rate),
      surveyed: numOrNull(f.surveyed),
      households: numOrNull(f.households),
    };
  if (f.meetingDate && f.attendees.trim())
    body.meeting = {
      date: f.meetingDate,
      attendees: numOrNull(f.attendees),
      votes_for: numOrNull(f.votesFor) ?? 0,
      votes_against: numOrNull(f.votesAgainst) ?? 0,
      votes_abstain: numOrNull(f.votesAbstain) ?? 0,
    };
  if (f.debtDate && f.outstanding.trim())
    body.debt = {
      date: f.debtDate,
      outstanding: numOrNull(f.outstanding),
      ...(f.debtNote.trim() ? { note: f.debtNote.trim() } : {}),
    };
  return body;
}

/**
 * The procedure's own steps (QĐ 18/2022, Điều 7): public postings of the report, the Fatherland
 * Front's written comments, the citizens' satisfaction, the commune meeting and the XDCB debt
 * statement. Live messages say what is still missing; the server's checks are shown beside.
 */
export function ProcedureSection({ detail }: { detail: DossierDetail }) {
  const { t, lang } = useI18n();
  const id = useId();
  const editable = detail.steps.record_procedure;
  const canUpload = detail.steps.change_evidence;
  const [form, setForm] = useState<Form>(() => toForm(detail.procedure));
  const [saved, setSaved] = useState(false);
  const set = (change: Partial<Form>) => setForm((f) => ({ ...f, ...change }));
  const live = checkPostings(form.postings.filter((p) => p.date));
  const save = useDossierWrite(
    () => postJson<DossierDetail>(`/dossiers/${detail.dossier.id}/procedure`, toBody(form)),
    () => setSaved(true),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    save.mutate();
  };
  const input = (key: keyof Omit<Form, 'postings'>, label: string, type = 'text', wide = false) => (
    <label className={wide ? 'field field-wide' : 'field'} htmlFor={`${id}-${key}`}>
      <span className="field-label">{label}</span>
      {type === 'number' ? (
        <NumberInput
          id={`${id}-${key}`}
          value={form[key]}
          disabled={!editable}
          onValue={(v) => set({ [key]: v })}
        />
      ) : type === 'date' ? (
        <DateInput
          id={`${id}-${key}`}
          value={form[key]}
          disabled={!editable}
          onValue={(v) => set({ [key]: v })}
        />
      ) : (
        <input
          id={`${id}-${key}`}
          value={form[key]}
          disabled={!editable}
          onChange={(e) => set({ [key]: e.target.value })}
        />
      )}
    </label>
  );
  const docs = detail.documents;
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('procedureTitle')}</h2>
      <ul className="checks" aria-label={t('procedureChecks')}>
        {detail.procedure.checks.map((c) => (
          <li key={c.step} className={c.ok ? 'check-ok' : 'check-fail'}>
            <span aria-hidden="true">{c.ok ? '✓' : '✗'}</span>{' '}
            <span className="sr-only">{c.ok ? t('checkOk') : t('checkFail')}: </span>
            {c.message}
          </li>
        ))}
      </ul>
      <form onSubmit={submit}>
        <fieldset className="procedure-step">
          <legend>{t('postingsTitle')}</legend>
          {form.postings.map((p, n) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place by position
            <div className="controls posting-row" key={n}>
              <label className="field" htmlFor={`${id}-pd${n}`}>
                <span className="field-label">{t('postingDate', { n: n + 1 })}</span>
                <DateInput
                  id={`${id}-pd${n}`}
                  value={p.date}
                  disabled={!editable}
                  onValue={(date) =>
                    set({
                      postings: form.postings.map((q, i) => (i === n ? { ...q, date } : q)),
                    })
                  }
                />
              </label>
              <label className="field field-wide" htmlFor={`${id}-pp${n}`}>
                <span className="field-label">{t('postingPlace', { n: n + 1 })}</span>
                <input
                  id={`${id}-pp${n}`}
                  value={p.place}
                  disabled={!editable}
                  onChange={(e) =>
                    set({
                      postings: form.postings.map((q, i) => (i === n ? { ...q, place: e.target.value } : q)),
                    })
                  }
                />
              </label>
            </div>
          ))}
          {editable && (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => set({ postings: [...form.postings, { date: '', place: '' }] })}
            >
              {t('addPosting')}
            </button>
          )}
          <p className={live.ok ? 'live-check check-ok' : 'live-check check-fail'} aria-live="polite">
            <span aria-hidden="true">{live.ok ? '✓ ' : '✗ '}</span>
            {live.message[lang]}
          </p>
        </fieldset>
        <fieldset className="procedure-step">
          <legend>{t('frontTitle')}</legend>
          <div className="controls">
            {input('frontDate', t('date'), 'date')}
            {input('frontSummary', t('frontSummary'), 'text', true)}
          </div>
        </fieldset>
        <fieldset className="procedure-step">
          <legend>{t('satisfactionTitle')}</legend>
          <div className="controls">
            {input('rate', t('satisfactionRate'), 'number')}
            {input('surveyed', t('surveyed'), 'number')}
            {input('households', t('households'), 'number')}
          </div>
        </fieldset>
        <fieldset className="procedure-step">
          <legend>{t('meetingTitle')}</legend>
          <div className="controls">
            {input('meetingDate', t('date'), 'date')}
            {input('attendees', t('attendees'), 'number')}
            {input('votesFor', t('votesFor'), 'number')}
            {input('votesAgainst', t('votesAgainst'), 'number')}
            {input('votesAbstain', t('votesAbstain'), 'number')}
          </div>
          {form.attendees &&
            (numOrNull(form.votesFor) ?? 0) +
              (numOrNull(form.votesAgainst) ?? 0) +
              (numOrNull(form.votesAbstain) ?? 0) >
              (numOrNull(form.attendees) ?? Number.POSITIVE_INFINITY) && (
              <p className="live-check check-fail" aria-live="polite">
                ✗ {t('votesAboveAttendance')}
              </p>
            )}
        </fieldset>
        <fieldset className="procedure-step">
          <legend>{t('debtTitle')}</legend>
          <div className="controls">
            {input('debtDate', t('date'), 'date')}
            {input('outstanding', t('outstanding'), 'number')}
            {input('debtNote', t('note'), 'text', true)}
          </div>
          {(numOrNull(form.outstanding) ?? 0) > 0 && (
            <p className="live-check check-fail" aria-live="polite">
              ✗ {t('debtOutstanding')}
            </p>
          )}
        </fieldset>
        {editable && (
          <div className="actions" data-step="record_procedure">
            <button type="submit" className="btn btn-primary" disabled={save.isPending}>
              {save.isPending ? t('saving') : t('saveProcedure')}
            </button>
            {saved && <span role="status">{t('savedProcedure')}</span>}
          </div>
        )}
      </form>
      {save.error && <ErrorBox error={save.error} />}
      <h3>{t('procedureDocuments')}</h3>
      <dl className="documents">
        {procedureDocuments.map((doc) => (
          <div key={doc}>
            <dt>{t(`doc_${doc}`)}</dt>
            <dd>
              <EvidenceFiles
                dossierId={detail.dossier.id}
                links={docs.filter((d) => d.document === doc)}
                canUnlink={canUpload}
              />
              {canUpload && (
                <EvidenceUpload
                  dossierId={detail.dossier.id}
                  document={doc}
                  reusable={[]}
                  label={t('uploadDocument', { doc: t(`doc_${doc}`) })}
                />
              )}
            </dd>
          </div>
        ))}
      </dl>
      {detail.procedure.postings.length > 0 && (
        <p className="muted small">
          {t('postingsRecorded', {
            list: detail.procedure.postings.map((p) => formatDate(p.date)).join(', '),
          })}
        </p>
      )}
    </section>
  );
}
