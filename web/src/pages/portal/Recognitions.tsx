import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../../api/query.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorBox, Loading } from '../../ui/Feedback.tsx';
import { authorityKeys, DecisionCells, usePastWords } from '../past-recognitions/words.tsx';
import type { PublicRecognition } from './types.ts';

const viDate = (d: string | null) => (d ? formatDate(d) : null);

/**
 * Recognition decisions, newest first: those of dossiers (framework, round, whether revoked) and
 * those recorded from decisions made before TieuChi, the units it was made from included
 * ("(xã Phù Đổng cũ)"): title and year, number or "chưa rõ số hiệu", date, who signed.
 */
export function Recognitions({ code, date }: { code: string; date?: string }) {
  const { t } = useI18n();
  const words = usePastWords();
  const r = useQuery(
    apiQuery<{ recognitions: PublicRecognition[] }>(
      `/public/units/${encodeURIComponent(code)}/recognitions`,
      date ? { date } : {},
    ),
  );
  return (
    <section className="card" aria-labelledby="portal-recognitions" data-section="recognitions">
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
                <th scope="col">{t('pastColTitle')}</th>
                <th scope="col">{t('portalDecisionNo')}</th>
                <th scope="col">{t('portalDecisionDate')}</th>
                <th scope="col">{t('portalSigner')}</th>
                <th scope="col">{t('portalState')}</th>
              </tr>
            </thead>
            <tbody>
              {r.data.recognitions.map((d, i) => (
                <tr
                  // biome-ignore lint/suspicious/noArrayIndexKey: decisions without a number have no key of their own
                  key={i}
                  data-recorded={d.recorded || undefined}
                >
                  <td>
                    {d.title
                      ? words.title(d.title, d.year)
                      : `${d.framework.name ?? d.framework.id}${d.round ? ` — ${t('portalRound')} ${d.round}` : ''}`}
                    {d.former && <span className="muted"> {words.former(d.unit.name, d.partial)}</span>}
                    {d.recorded && d.framework.name && <div className="muted">{d.framework.name}</div>}
                  </td>
                  <DecisionCells no={d.decision_no} date={d.decision_date} ceremony={d.ceremony_date} />
                  <td>
                    {d.authority ? t(authorityKeys[d.authority]) : null}
                    {d.authority && d.signer ? ' — ' : null}
                    {d.signer ?? (d.authority ? null : '—')}
                  </td>
                  <td>
                    {d.state === 'revoked'
                      ? t('portalRevoked', {
                          no: d.revocation_no ?? '—',
                          date: viDate(d.revocation_date) ?? '—',
                        })
                      : t('portalRecognised')}
                    {d.recorded && <div className="muted">{t('pastRecorded')}</div>}
                    {d.note && <div className="portal-note">{d.note}</div>}
                    {d.sources.length > 0 && (
                      <div>
                        {t('pastSources')}:{' '}
                        {d.sources.map((s, n) => (
                          <span key={s}>
                            {n > 0 ? ', ' : ''}
                            <a href={s} rel="noopener noreferrer" target="_blank">
                              {t('pastSource', { n: n + 1 })}
                            </a>
                          </span>
                        ))}
                      </div>
                    )}
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
