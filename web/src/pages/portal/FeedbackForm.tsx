import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { postJson } from '../../api/client.ts';
import { apiQuery } from '../../api/query.ts';
import type { Body, Res } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorBox } from '../../ui/Feedback.tsx';
import type { Captcha } from './types.ts';

interface CriterionChoice {
  frameworkId: string;
  framework: string;
  no: string;
  name: string;
}

/**
 * A resident's feedback on one criterion: name, optional phone, content, and the server's CAPTCHA
 * (an image, or the same check as a sum in words for screen-reader users). A CAPTCHA is used up
 * by every try, so a new one is fetched after each answer.
 */
export function FeedbackForm({ code, criteria }: { code: string; criteria: CriterionChoice[] }) {
  const { t } = useI18n();
  const id = useId();
  const [criterion, setCriterion] = useState(
    criteria[0] ? `${criteria[0].frameworkId}|${criteria[0].no}` : '',
  );
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [content, setContent] = useState('');
  const [answer, setAnswer] = useState('');
  // A challenge is used up by every try: never reused from the cache.
  const challenge = useQuery({ ...apiQuery<Captcha>('/public/captcha'), staleTime: 0, gcTime: 0 });
  const captcha = challenge.data ?? null;
  const refresh = () => {
    setAnswer('');
    return challenge.refetch();
  };
  const send = useMutation({
    mutationFn: (body: Body<'/public/units/{code}/feedback'>) =>
      postJson<Res<'/public/units/{code}/feedback', 'post'>>(
        `/public/units/${encodeURIComponent(code)}/feedback`,
        body,
      ),
    onSuccess: () => setContent(''),
    onSettled: () => void refresh(),
  });
  const sending = send.isPending;
  const error = send.error ?? challenge.error;
  const sent = send.data?.id ?? null;

  if (criteria.length === 0)
    return (
      <section className="card" aria-labelledby={`${id}-h`}>
        <h2 id={`${id}-h`}>{t('portalFeedbackForm')}</h2>
        <p>{t('portalNoCriteria')}</p>
      </section>
    );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!captcha) return;
    const [frameworkId, no] = criterion.split('|');
    send.mutate({
      framework_id: frameworkId ?? '',
      criterion_no: no ?? '',
      name,
      phone: phone.trim() || null,
      content,
      captcha_id: captcha.id,
      captcha_answer: answer,
    });
  };

  return (
    <section className="card portal-form" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('portalFeedbackForm')}</h2>
      <p className="small">{t('portalFeedbackFormLead')}</p>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-crit`}>
            {t('portalFeedbackCriterion')}
          </label>
          <select id={`${id}-crit`} value={criterion} onChange={(e) => setCriterion(e.target.value)}>
            {criteria.map((c) => (
              <option key={`${c.frameworkId}|${c.no}`} value={`${c.frameworkId}|${c.no}`}>
                {c.no}. {c.name} — {c.framework}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-name`}>
            {t('portalFeedbackName')}
          </label>
          <input
            id={`${id}-name`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="name"
            required
            maxLength={100}
          />
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-phone`}>
            {t('portalFeedbackPhone')}
          </label>
          <input
            id={`${id}-phone`}
            type="tel"
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            autoComplete="tel"
            inputMode="tel"
            aria-describedby={`${id}-phone-help`}
            maxLength={30}
          />
          <p className="field-help" id={`${id}-phone-help`}>
            {t('portalFeedbackPhoneHelp')}
          </p>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-content`}>
            {t('portalFeedbackContent')}
          </label>
          <textarea
            id={`${id}-content`}
            value={content}
            onChange={(e) => setContent(e.target.value)}
            rows={5}
            required
            maxLength={2000}
            aria-describedby={`${id}-content-help`}
          />
          <p className="field-help" id={`${id}-content-help`}>
            {t('portalFeedbackContentHelp')}
          </p>
        </div>
        <fieldset className="portal-captcha">
          <legend>{t('portalCaptcha')}</legend>
          {captcha && (
            <>
              <img
                className="captcha-image"
                src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(captcha.svg)}`}
                alt={t('portalCaptchaImage')}
                width={180}
                height={60}
              />
              <p id={`${id}-question`}>{t('portalCaptchaAlt', { question: captcha.question })}</p>
            </>
          )}
          <button type="button" className="btn btn-small" onClick={() => void refresh()}>
            <span aria-hidden="true">↻ </span>
            {t('portalCaptchaRefresh')}
          </button>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-answer`}>
              {t('portalCaptchaAnswer')}
            </label>
            <input
              id={`${id}-answer`}
              value={answer}
              onChange={(e) => setAnswer(e.target.value)}
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              aria-describedby={`${id}-question`}
              required
            />
          </div>
        </fieldset>
        {error && <ErrorBox error={error} />}
        {sent !== null && (
          <p className="alert alert-success" role="status">
            {t('portalSent', { id: sent })}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={sending || !captcha}>
          {sending ? t('portalSending') : t('portalSend')}
        </button>
      </form>
    </section>
  );
}
