import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../../api/query.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorBox, Loading } from '../../ui/Feedback.tsx';
import type { PublicFeedback } from './types.ts';

const viDate = (iso: string) => new Date(iso).toLocaleDateString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });

/** Approved feedback, each with the official's answer under it. */
export function FeedbackList({ code }: { code: string }) {
  const { t } = useI18n();
  const f = useQuery(
    apiQuery<{ feedback: PublicFeedback[] }>(`/public/units/${encodeURIComponent(code)}/feedback`),
  );
  return (
    <section className="card" aria-labelledby="portal-feedback">
      <h2 id="portal-feedback">{t('portalFeedback')}</h2>
      {f.isLoading && !f.data && <Loading />}
      {f.error && <ErrorBox error={f.error} onRetry={f.refetch} />}
      {f.data && f.data.feedback.length === 0 && <p>{t('portalFeedbackNone')}</p>}
      {f.data && f.data.feedback.length > 0 && (
        <ul className="portal-feedback-list">
          {f.data.feedback.map((x) => (
            <li key={x.id}>
              <article aria-label={`${x.author_name}, ${viDate(x.created_at)}`}>
                <p className="small muted">
                  {x.author_name} — {viDate(x.created_at)} —{' '}
                  {t('portalFeedbackOn', { no: x.criterion_no, name: x.criterion_name ?? '' })}
                </p>
                <p>{x.content}</p>
                {x.answer && (
                  <div className="portal-answer">
                    <p className="portal-answer-title">{t('portalAnswer')}</p>
                    <p>{x.answer}</p>
                  </div>
                )}
              </article>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
