import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { postForm, postJson, sendJson } from '../../api/client.ts';
import { apiQuery } from '../../api/query.ts';
import type { Body, Res } from '../../api/types.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { paths } from '../../routes.ts';
import { DateTimeInput } from '../../ui/DateInput.tsx';
import { ErrorBox } from '../../ui/Feedback.tsx';
import { FilePicker } from '../../ui/FilePicker.tsx';
import { NumberInput, parseNumber } from '../../ui/NumberInput.tsx';
import { asApiError, type Campaign, invalidateSurveys, type Results } from './api.ts';
import { isoToLocal, localToIso, phaseKey } from './SurveysPage.tsx';

const asError = asApiError;

function Settings({ c }: { c: Campaign }) {
  const { t } = useI18n();
  const [cov, setCov] = useState(c.required_coverage_pct?.toString() ?? '');
  const [pass, setPass] = useState(c.required_pass_pct?.toString() ?? '');
  const [opens, setOpens] = useState(isoToLocal(c.opens_at));
  const [closes, setCloses] = useState(isoToLocal(c.closes_at));
  const [pub, setPub] = useState(c.results_public);
  const [comPub, setComPub] = useState(c.comments_public);
  const update = useMutation({
    mutationFn: (body: Body<'/surveys/{id}', 'put'>) =>
      sendJson<Res<'/surveys/{id}', 'put'>>('PUT', `/surveys/${c.id}`, body),
    onSuccess: invalidateSurveys,
  });
  const save = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({
      opens_at: localToIso(opens),
      closes_at: localToIso(closes),
      required_coverage_pct: cov.trim() ? parseNumber(cov) : null,
      required_pass_pct: pass.trim() ? parseNumber(pass) : null,
      results_public: pub,
      comments_public: comPub,
    });
  };
  return (
    <section className="card" aria-labelledby="sv-settings">
      <h2 id="sv-settings">{t('svSettings')}</h2>
      <form className="sv-form" onSubmit={save}>
        <label>
          {t('svOpens')}
          <DateTimeInput value={opens} onValue={setOpens} required />
        </label>
        <label>
          {t('svCloses')}
          <DateTimeInput value={closes} onValue={setCloses} required />
        </label>
        <label>
          {t('svReqCoverage')}
          <NumberInput placeholder={t('svUnset')} value={cov} onValue={setCov} />
        </label>
        <label>
          {t('svReqPass')}
          <NumberInput placeholder={t('svUnset')} value={pass} onValue={setPass} />
        </label>
        <p className="field-help">{t('svUnsetHint')}</p>
        <label>
          <input type="checkbox" checked={pub} onChange={(e) => setPub(e.target.checked)} /> {t('svPublic')}
        </label>
        <label>
          <input type="checkbox" checked={comPub} onChange={(e) => setComPub(e.target.checked)} />{' '}
          {t('svCommentsPublic')}
        </label>
        {update.error && <ErrorBox error={asError(update.error)} />}
        {update.isSuccess && <p role="status">{t('svSaved')}</p>}
        <div>
          <button type="submit" className="btn" disabled={update.isPending}>
            {t('svSave')}
          </button>
        </div>
      </form>
    </section>
  );
}

function Questions({ c }: { c: Campaign }) {
  const { t } = useI18n();
  const [texts, setTexts] = useState(c.questions.map((q) => q.text));
  const locked = c.answers > 0 || !c.abilities['survey.manage'];
  const update = useMutation({
    mutationFn: (body: Body<'/surveys/{id}/questions', 'put'>) =>
      sendJson<Res<'/surveys/{id}/questions', 'put'>>('PUT', `/surveys/${c.id}/questions`, body),
    onSuccess: invalidateSurveys,
  });
  const save = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({
      questions: c.questions.map((q, i) => ({
        kind: q.kind,
        criterion_no: q.criterion_no,
        text: texts[i] ?? q.text,
      })),
    });
  };
  return (
    <section className="card" aria-labelledby="sv-questions">
      <h2 id="sv-questions">{t('svQuestions')}</h2>
      {c.answers > 0 && <p className="muted">{t('svQuestionsLocked')}</p>}
      <form className="sv-form" onSubmit={save}>
        {c.questions.map((q, i) => (
          <label key={q.id}>
            {q.kind === 'overall' ? t('svOverallQ') : t('svCriterionQ', { no: q.criterion_no ?? '' })}
            <textarea
              rows={2}
              readOnly={locked}
              value={texts[i] ?? ''}
              onChange={(e) => setTexts((x) => x.map((v, j) => (j === i ? e.target.value : v)))}
            />
          </label>
        ))}
        {update.error && <ErrorBox error={asError(update.error)} />}
        {update.isSuccess && <p role="status">{t('svSaved')}</p>}
        {!locked && (
          <div>
            <button type="submit" className="btn" disabled={update.isPending}>
              {t('svSaveQuestions')}
            </button>
          </div>
        )}
      </form>
    </section>
  );
}

function Households({ c }: { c: Campaign }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const importFile = useMutation({
    mutationFn: (f: File) => {
      const form = new FormData();
      form.append('file', f, f.name);
      return postForm<Res<'/surveys/{id}/households', 'post'>>(`/surveys/${c.id}/households`, form);
    },
    onSuccess: invalidateSurveys,
  });
  const upload = (e: FormEvent) => {
    e.preventDefault();
    if (file) importFile.mutate(file);
  };
  return (
    <section className="card" aria-labelledby="sv-households">
      <h2 id="sv-households">{t('svHouseholds')}</h2>
      <ul className="plain-list">
        {c.villages.map((v) => (
          <li key={v.id}>
            {v.name}: {t('svHouseholdsN', { n: v.households })}{' '}
            {c.abilities['survey.manage'] && v.households > 0 && (
              <a className="btn btn-small" href={`/api/surveys/${c.id}/slips.pdf?village=${v.id}`}>
                {t('svSlips')}
              </a>
            )}
          </li>
        ))}
      </ul>
      {c.abilities['survey.manage'] && c.households > 0 && (
        <p>
          <a className="btn" href={`/api/surveys/${c.id}/slips.pdf`}>
            {t('svSlips')} — {t('svSlipsAll')}
          </a>
        </p>
      )}
      {c.abilities['survey.manage'] && (
        <form className="sv-form" onSubmit={upload}>
          <FilePicker
            label={t('svFile')}
            accept=".csv,.xlsx"
            onChange={(files) => setFile(files[0] ?? null)}
          />
          {/* Names the file's columns as an official's list writes them (src/surveys/households.ts). */}
          <p className="field-help">{t('svHouseholdsHint')}</p>
          {importFile.error && <ErrorBox error={asError(importFile.error)} />}
          {importFile.data && <p role="status">{t('svImported', { n: importFile.data.added })}</p>}
          <div>
            <button type="submit" className="btn" disabled={!file || importFile.isPending}>
              {t('svImport')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

type PaperChoice = Body<'/surveys/{id}/paper'>['answers'][number]['choice'];

function PaperBallot({ c }: { c: Campaign }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [choices, setChoices] = useState<Record<number, PaperChoice | undefined>>({});
  const keyBallot = useMutation({
    mutationFn: (body: Body<'/surveys/{id}/paper'>) =>
      postJson<Res<'/surveys/{id}/paper', 'post'>>(`/surveys/${c.id}/paper`, body),
    onSuccess: () => {
      setCode('');
      setChoices({});
      void invalidateSurveys();
    },
  });
  const save = (e: FormEvent) => {
    e.preventDefault();
    keyBallot.mutate({
      code,
      answers: c.questions.flatMap((q) => {
        const choice = choices[q.id];
        return choice ? [{ question_id: q.id, choice }] : [];
      }),
    });
  };
  const opts: Array<[PaperChoice, 'svSatisfied' | 'svNotSatisfied' | 'svNoOpinion']> = [
    ['satisfied', 'svSatisfied'],
    ['not_satisfied', 'svNotSatisfied'],
    ['no_opinion', 'svNoOpinion'],
  ];
  return (
    <section className="card" aria-labelledby="sv-paper">
      <h2 id="sv-paper">{t('svPaper')}</h2>
      <p className="field-help">{t('svPaperHint')}</p>
      <form className="sv-form" onSubmit={save}>
        <label>
          {t('svCode')}
          <input type="text" autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} />
        </label>
        {c.questions.map((q) => (
          <label key={q.id}>
            {q.kind === 'overall' ? t('svOverallQ') : t('svCriterionQ', { no: q.criterion_no ?? '' })}
            <select
              value={choices[q.id] ?? ''}
              onChange={(e) => {
                const v = opts.find(([o]) => o === e.target.value)?.[0];
                setChoices((x) => ({ ...x, [q.id]: v }));
              }}
            >
              <option value="">—</option>
              {opts.map(([v, k]) => (
                <option key={v} value={v}>
                  {t(k)}
                </option>
              ))}
            </select>
          </label>
        ))}
        {keyBallot.error && <ErrorBox error={asError(keyBallot.error)} />}
        {keyBallot.data && <p role="status">{t('svPaperSaved', { village: keyBallot.data.village })}</p>}
        <div>
          <button type="submit" className="btn btn-primary" disabled={keyBallot.isPending}>
            {t('svPaperSave')}
          </button>
        </div>
      </form>
    </section>
  );
}

const pct = (num: (n: number, d?: number) => string, v: number | null) =>
  v === null ? '—' : `${num(v, 2)}%`;

function ResultsView({ c, r, reload }: { c: Campaign; r: Results; reload: () => void }) {
  const { t, num } = useI18n();
  return (
    <section className="card" aria-labelledby="sv-results">
      <div className="card-head">
        <h2 id="sv-results">{t('svResults')}</h2>
        <button type="button" className="btn btn-small" onClick={reload}>
          {t('svRefresh')}
        </button>
      </div>
      <div className="summary-grid">
        <div>
          <div className="summary-label">{t('svCoverage')}</div>
          <div className="summary-figure" data-testid="sv-coverage">
            {pct(num, r.overall.coverage)}
          </div>
          <div className="muted small">
            {t('svAnswered', { a: r.overall.answered, h: r.overall.households })}
          </div>
        </div>
        <div>
          <div className="summary-label">{t('svOverallRate')}</div>
          <div className="summary-figure" data-testid="sv-rate">
            {pct(num, r.overall.rate)}
          </div>
          <div className="muted small">
            {t('svReqPass')}: {c.required_pass_pct === null ? t('svUnset') : `${num(c.required_pass_pct)}%`}
            {r.passes !== null && ` — ${r.passes ? `✓ ${t('svPasses')}` : `✗ ${t('svFails')}`}`}
          </div>
        </div>
        <div>
          <div className="summary-label">{t('svPaperCount')}</div>
          <div className="summary-figure">{r.overall.paper}</div>
        </div>
      </div>
      <div className="table-wrap">
        <table>
          <caption className="sr-only">{t('svCoverage')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('svVillage')}</th>
              <th scope="col">{t('svHouseholdsCount')}</th>
              <th scope="col">{t('svAnsweredCount')}</th>
              <th scope="col">{t('svCoverage')}</th>
              <th scope="col">{t('svOverallRate')}</th>
              <th scope="col">{t('svPaperCount')}</th>
            </tr>
          </thead>
          <tbody>
            {r.villages.map((v) => (
              <tr key={v.id}>
                <th scope="row">{v.name}</th>
                <td>{v.households}</td>
                <td>{v.answered}</td>
                <td>{pct(num, v.coverage)}</td>
                <td>{pct(num, v.overall_rate)}</td>
                <td>{v.paper}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-wrap">
        <table>
          <caption className="sr-only">{t('svRate')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('svQuestion')}</th>
              <th scope="col">{t('svSatisfied')}</th>
              <th scope="col">{t('svNotSatisfied')}</th>
              <th scope="col">{t('svNoOpinion')}</th>
              <th scope="col">{t('svRate')}</th>
            </tr>
          </thead>
          <tbody>
            {r.questions.map((q) => (
              <tr key={q.id}>
                <th scope="row">
                  {q.kind === 'overall' ? t('svOverallQ') : t('svCriterionQ', { no: q.criterion_no ?? '' })}
                </th>
                <td>{q.satisfied}</td>
                <td>{q.not_satisfied}</td>
                <td>{q.no_opinion}</td>
                <td>{pct(num, q.rate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t('svSignals')}</h3>
      {r.signals.length === 0 ? (
        <p>{t('svNoSignals')}</p>
      ) : (
        <ul data-testid="sv-signals">
          {r.signals.map((s) => (
            <li key={s.message} className={s.kind === 'requirement_unset' ? 'muted' : undefined}>
              {s.kind === 'requirement_unset' ? 'ⓘ ' : '⚠ '}
              {s.message.split(' / ')[0]}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('svComments')}</h3>
      {r.comments.length === 0 ? (
        <p className="muted">{t('svNoComments')}</p>
      ) : (
        <ul>
          {r.comments.map((m) => (
            <li key={`${m.at}|${m.question}|${m.comment}`}>
              <strong>{m.village}:</strong> {m.comment}
            </li>
          ))}
        </ul>
      )}
      <p className="actions">
        <a className="btn" href={`/api/surveys/${c.id}/results.xlsx`}>
          {t('svExportXlsx')}
        </a>{' '}
        <a className="btn" href={`/api/surveys/${c.id}/report.pdf`}>
          {t('svExportPdf')}
        </a>
      </p>
    </section>
  );
}

/** The linked dossier's satisfaction step, as the campaign reports it from the dossier's record. */
function DossierPanel({ c }: { c: Campaign }) {
  const { t, num } = useI18n();
  const sync = useMutation({
    mutationFn: () => postJson<Res<'/surveys/{id}/sync', 'post'>>(`/surveys/${c.id}/sync`, {}),
    onSuccess: invalidateSurveys,
  });
  const s = c.dossier?.satisfaction ?? null;
  return (
    <section className="card" aria-labelledby="sv-dossier">
      <h2 id="sv-dossier">{t('svDossierLink', { id: c.dossier_id ?? '' })}</h2>
      <p className="small muted">{t('svDossierRate')}</p>
      <p data-testid="sv-dossier-rate">
        {s
          ? `✓ ${t('svDossierRecorded', {
              rate: num(s.rate),
              surveyed: s.surveyed === null ? '—' : num(s.surveyed),
              households: s.households === null ? '—' : num(s.households),
            })}`
          : t('svDossierNone')}
      </p>
      {c.abilities['survey.manage'] && (
        <button
          type="button"
          className="btn btn-small"
          disabled={sync.isPending}
          onClick={() => sync.mutate()}
        >
          {t('svSync')}
        </button>
      )}
      {sync.data && <p role="status">{sync.data.message ?? t('svSaved')}</p>}
      {sync.error && <ErrorBox error={asError(sync.error)} />}
    </section>
  );
}

/** /khao-sat-y-kien/{id}: settings, questionnaire, households and slips, paper ballots, live results. */
export function CampaignPage({ id }: { id: string }) {
  const { t } = useI18n();
  const camp = useQuery(apiQuery<Campaign>(`/surveys/${id}`));
  const results = useQuery(apiQuery<Results>(`/surveys/${id}/results`));
  const bump = () => void invalidateSurveys();
  const c = camp.data;
  return (
    <div>
      <p>
        <Link to={paths.surveys}>{t('svBack')}</Link>
      </p>
      {camp.error && <ErrorBox error={asError(camp.error)} onRetry={bump} />}
      {c && (
        <>
          <h1 className="page-title">{c.title}</h1>
          <p className="muted">
            {c.unit_code} · {t(phaseKey[c.phase])} · {formatDateTime(c.opens_at)} –{' '}
            {formatDateTime(c.closes_at)}
          </p>
          {results.data && <ResultsView c={c} r={results.data} reload={bump} />}
          {results.error && <ErrorBox error={asError(results.error)} />}
          <div className="sv-grid">
            {c.dossier !== null && <DossierPanel c={c} />}
            {c.abilities['survey.key_paper'] && <PaperBallot c={c} />}
            <Households c={c} />
            {c.abilities['survey.manage'] && <Settings c={c} />}
            <Questions key={`q${c.answers > 0}`} c={c} />
          </div>
        </>
      )}
    </div>
  );
}
