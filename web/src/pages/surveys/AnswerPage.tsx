import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { type ApiError, postJson } from '../../api/client.ts';
import { apiQuery } from '../../api/query.ts';
import type { Body, Res } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { navigate } from '../../router.tsx';
import { paths, pathTo } from '../../routes.ts';
import { asApiError, type OpenSurvey } from './api.ts';

type Choice = 'satisfied' | 'not_satisfied' | 'no_opinion';

/** Why a code cannot be answered, as a heading the resident understands. */
function Refusal({ error }: { error: ApiError }) {
  const { t } = useI18n();
  const title =
    error.code === 'SURVEY_ALREADY_ANSWERED'
      ? t('rsUsed')
      : error.code === 'SURVEY_CLOSED' || error.code === 'SURVEY_NOT_OPEN'
        ? t('rsClosed')
        : error.code === 'SURVEY_CODE_NOT_FOUND'
          ? t('rsWrong')
          : error.code === 'RATE_LIMITED'
            ? t('rsBusy')
            : t('errorTitle');
  return (
    <div className="alert alert-warning rs-refusal" role="alert">
      <p className="alert-title">{title}</p>
      <p>{error.message.split(' / ')[0]}</p>
    </div>
  );
}

function CodeForm({ initial = '' }: { initial?: string }) {
  const { t } = useI18n();
  const [code, setCode] = useState(initial);
  return (
    <form
      className="rs-code"
      onSubmit={(e) => {
        e.preventDefault();
        const c = code.replace(/[\s-]/g, '').toUpperCase();
        if (c) navigate(pathTo(paths.residentSurvey, { code: c }));
      }}
    >
      <label className="field-label" htmlFor="rs-code">
        {t('rsEnterCode')}
      </label>
      <input
        id="rs-code"
        className="rs-code-input"
        autoComplete="off"
        autoCapitalize="characters"
        value={code}
        onChange={(e) => setCode(e.target.value)}
      />
      <button type="submit" className="btn btn-primary rs-big">
        {t('rsGo')}
      </button>
    </form>
  );
}

const choiceKeys: Array<[Choice, 'svSatisfied' | 'svNotSatisfied' | 'svNoOpinion', string]> = [
  ['satisfied', 'svSatisfied', '✓'],
  ['not_satisfied', 'svNotSatisfied', '✗'],
  ['no_opinion', 'svNoOpinion', '–'],
];

/** /khao-sat/{code}: the resident's phone-first questionnaire (no account, one answer per code). */
export function AnswerPage({ code }: { code: string | null }) {
  const { t } = useI18n();
  const survey = useQuery({
    ...apiQuery<OpenSurvey>(`/public/surveys/${encodeURIComponent(code ?? '')}`),
    enabled: code !== null,
  });
  const [choices, setChoices] = useState<Record<number, Choice>>({});
  const [comments, setComments] = useState<Record<number, string>>({});
  const [missing, setMissing] = useState(false);
  const send = useMutation({
    mutationFn: (body: Body<'/public/surveys/{code}/answers'>) =>
      postJson<Res<'/public/surveys/{code}/answers', 'post'>>(
        `/public/surveys/${encodeURIComponent(code!)}/answers`,
        body,
      ),
    onSuccess: () => window.scrollTo(0, 0),
  });
  const sending = send.isPending;
  const done = send.isSuccess;
  const error = send.error ? asApiError(send.error) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const s = survey.data!;
    const overall = s.questions.find((q) => q.kind === 'overall');
    if (overall && !choices[overall.id]) {
      setMissing(true);
      document.getElementById(`q-${overall.id}`)?.focus();
      return;
    }
    setMissing(false);
    send.mutate({
      answers: s.questions.flatMap((q) => {
        const choice = choices[q.id];
        return choice ? [{ question_id: q.id, choice, comment: comments[q.id]?.trim() || null }] : [];
      }),
    });
  };

  return (
    <main id="main" className="rs-page" tabIndex={-1} lang="vi">
      <header className="rs-header">
        <span aria-hidden="true">★</span> {t('rsTitle')}
      </header>
      {!code && <CodeForm />}
      {code && survey.isLoading && <p className="loading">{t('loading')}</p>}
      {code && survey.error && (
        <>
          <Refusal error={asApiError(survey.error)} />
          {asApiError(survey.error).code === 'SURVEY_CODE_NOT_FOUND' && <CodeForm initial={code} />}
        </>
      )}
      {done && (
        <div className="alert alert-success rs-done" role="status">
          <p className="alert-title">{t('rsThanks')}</p>
          <p>{t('rsThanksText')}</p>
        </div>
      )}
      {survey.data && !done && (
        <form onSubmit={submit} noValidate>
          <h1 className="rs-title">{survey.data.title}</h1>
          <p className="muted">
            {survey.data.village} · {t('rsIntro')}
          </p>
          {survey.data.questions.map((q, i) => (
            <fieldset key={q.id} className="rs-question" id={`q-${q.id}`} tabIndex={-1}>
              <legend>
                <span className="rs-no">{i === 0 ? '★' : i}</span> {q.text}
              </legend>
              {q.kind === 'overall' && missing && (
                <p className="field-error" role="alert">
                  {t('rsNeedOverall')}
                </p>
              )}
              <div className="rs-choices">
                {choiceKeys.map(([value, key, mark]) => (
                  <label
                    key={value}
                    className={`rs-choice rs-${value}${choices[q.id] === value ? ' rs-chosen' : ''}`}
                  >
                    <input
                      type="radio"
                      name={`q${q.id}`}
                      value={value}
                      checked={choices[q.id] === value}
                      onChange={() => setChoices((c) => ({ ...c, [q.id]: value }))}
                    />
                    <span aria-hidden="true" className="rs-mark">
                      {mark}
                    </span>
                    {t(key)}
                  </label>
                ))}
              </div>
              <details className="rs-comment">
                <summary>{t('rsComment')}</summary>
                <textarea
                  aria-label={`${t('rsComment')}: ${q.text}`}
                  maxLength={1000}
                  rows={3}
                  value={comments[q.id] ?? ''}
                  onChange={(e) => setComments((c) => ({ ...c, [q.id]: e.target.value }))}
                />
              </details>
            </fieldset>
          ))}
          {error && <Refusal error={error} />}
          <button type="submit" className="btn btn-primary rs-big" disabled={sending}>
            {sending ? t('rsSending') : t('rsSubmit')}
          </button>
        </form>
      )}
    </main>
  );
}
