import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../../api/query.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorBox, Loading } from '../../ui/Feedback.tsx';
import { authorityKeys, usePastWords } from '../past-recognitions/words.tsx';
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
        <ul className="portal-recognition-list">
          {r.data.recognitions.map((d, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: decisions without a number have no key of their own
            <li key={i} data-recorded={d.recorded || undefined}>
              <p>
                <strong>
                  {d.title
                    ? words.title(d.title, d.year)
                    : `${d.framework.name ?? d.framework.id}${d.round ? ` — ${t('portalRound')} ${d.round}` : ''}`}
                </strong>
                {d.former && <span className="muted"> {words.former(d.unit.name, d.partial)}</span>}
              </p>
              {d.recorded && d.framework.name && <p className="muted">{d.framework.name}</p>}
              <p>{words.decision(d.decision_no, d.decision_date, d.ceremony_date)}</p>
              {(d.authority || d.signer) && (
                <p>
                  {d.authority ? t('pastColAuthority') : t('portalSigner')}:{' '}
                  {[d.authority ? t(authorityKeys[d.authority]) : null, d.signer].filter(Boolean).join(' — ')}
                </p>
              )}
              <p>
                {d.state === 'revoked'
                  ? t('portalRevoked', { no: d.revocation_no ?? '—', date: viDate(d.revocation_date) ?? '—' })
                  : t('portalRecognised')}
                {d.recorded && <span className="muted"> · {t('pastRecorded')}</span>}
              </p>
              {d.note && <p className="muted">{d.note}</p>}
              {d.sources.length > 0 && (
                <p>
                  {t('pastSources')}:{' '}
                  {d.sources.map((s, n) => (
                    <span key={s}>
                      {n > 0 ? ', ' : ''}
                      <a href={s} rel="noopener noreferrer" target="_blank">
                        {t('pastSource', { n: String(n + 1) })}
                      </a>
                    </span>
                  ))}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
