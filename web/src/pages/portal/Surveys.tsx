import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../../api/query.ts';
import type { Res } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/**
 * One public survey: the unit's satisfaction-survey results that the office marked public
 * (GET /api/public/units/{code}/surveys): coverage and rates only — never codes, households, or
 * comments unless the campaign publishes them.
 */
type PublicSurvey = Res<'/public/units/{code}/surveys'>['surveys'][number];

export function Surveys({ code }: { code: string }) {
  const { t, num } = useI18n();
  const s = useQuery(
    apiQuery<{ surveys: PublicSurvey[] }>(`/public/units/${encodeURIComponent(code)}/surveys`),
  );
  const list = s.data?.surveys ?? [];
  const pct = (v: number | null) => (v === null ? '—' : `${num(v, 1)}%`);
  return (
    <section className="card" aria-labelledby="portal-surveys" data-section="surveys">
      <h2 id="portal-surveys">{t('portalSurveys')}</h2>
      {(s.error || (s.data && list.length === 0)) && <p>{t('portalSurveysNone')}</p>}
      {list.map((r) => (
        <article key={r.id} className="portal-survey" data-survey={r.id}>
          <h3>{r.title}</h3>
          <p>
            {r.rate !== null && (
              <strong>{t('portalSurveyRate', { pct: num(r.rate, 1), n: r.answered })}</strong>
            )}
            {' — '}
            {t('portalSurveyCoverage', {
              answered: r.answered,
              households: r.households,
              pct: pct(r.coverage),
            })}
          </p>
          {r.questions.some((q) => q.kind !== 'overall') && (
            <table className="data-table">
              <caption className="sr-only">{t('portalSurveyByCriterion')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('portalSurveyQuestion')}</th>
                  <th scope="col" className="num">
                    {t('portalSurveySatisfied')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.questions
                  .filter((q) => q.kind !== 'overall')
                  .map((q) => (
                    <tr key={`${q.criterion_no ?? ''}|${q.text}`}>
                      <td>{q.text}</td>
                      <td className="num">{pct(q.rate)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
          {r.comments.length > 0 && (
            <ul className="plain-list">
              {r.comments.map((m, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: comments have no id and never reorder
                <li key={i}>
                  <em>{m.question}</em>: {m.comment}
                </li>
              ))}
            </ul>
          )}
        </article>
      ))}
    </section>
  );
}
