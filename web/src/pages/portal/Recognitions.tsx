import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../../api/query.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorBox, Loading } from '../../ui/Feedback.tsx';
import type { PublicRecognition } from './types.ts';

const viDate = (d: string | null) => (d ? d.split('-').reverse().join('/') : '—');

/** Recognition decisions: number, date, signer, and whether it was revoked. */
export function Recognitions({ code }: { code: string }) {
  const { t } = useI18n();
  const r = useQuery(
    apiQuery<{ recognitions: PublicRecognition[] }>(`/public/units/${encodeURIComponent(code)}/recognitions`),
  );
  return (
    <section className="card" aria-labelledby="portal-recognitions">
      <h2 id="portal-recognitions">{t('portalRecognitions')}</h2>
      {r.isLoading && !r.data && <Loading />}
      {r.error && <ErrorBox error={r.error} onRetry={r.refetch} />}
      {r.data && r.data.recognitions.length === 0 && <p>{t('portalRecognitionsNone')}</p>}
      {r.data && r.data.recognitions.length > 0 && (
        <div className="table-wrap">
          <table className="portal-table">
            <caption className="sr-only">{t('portalRecognitions')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('portalFramework')}</th>
                <th scope="col">{t('portalRound')}</th>
                <th scope="col">{t('portalDecisionNo')}</th>
                <th scope="col">{t('portalDecisionDate')}</th>
                <th scope="col">{t('portalSigner')}</th>
                <th scope="col">{t('portalState')}</th>
              </tr>
            </thead>
            <tbody>
              {r.data.recognitions.map((d) => (
                <tr key={`${d.framework.id}|${d.round}`}>
                  <td>{d.framework.name ?? d.framework.id}</td>
                  <td>{d.round}</td>
                  <td>{d.decision_no}</td>
                  <td>{viDate(d.decision_date)}</td>
                  <td>{d.signer ?? '—'}</td>
                  <td>
                    {d.state === 'revoked'
                      ? t('portalRevoked', { no: d.revocation_no ?? '—', date: viDate(d.revocation_date) })
                      : t('portalRecognised')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
