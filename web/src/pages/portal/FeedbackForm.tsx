import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { ApiError, getJson, postJson } from '../../api/client.ts';
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
  const [captcha, setCaptcha] = useState<Captcha | null>(null);
  const [criterion, setCriterion] = useState(
    criteria[0] ? `${criteria[0].frameworkId}|${criteria[0].no}` : '',
  );
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [content, setContent] = useState('');
  const [answer, setAnswer] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [sent, setSent] = useState<number | null>(null);

  const refresh = useCallback(async () => {
    setAnswer('');
    try {
      setCaptcha(await getJson<Captcha>('/public/captcha'));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (criteria.length === 0)
    return (
      <section className="card" aria-labelledby={`${id}-h`}>
        <h2 id={`${id}-h`}>{t('portalFeedbackForm')}</h2>
        <p>{t('portalNoCriteria')}</p>
      </section>
    );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!captcha) return;
    const [frameworkId, no] = criterion.split('|');
    setSending(true);
    setError(null);
    setSent(null);
    try {
      const r = await postJson<{ id: number }>(`/public/units/${encodeURIComponent(code)}/feedback`, {
        framework_id: frameworkId,
        criterion_no: no,
        name,
        phone: phone.trim() || null,
        content,
        captcha_id: captcha.id,
        captcha_answer: answer,
      });
      setSent(r.id);
      setContent('');
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
    } finally {
      setSending(false);
      void refresh();
    }
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
