import { apiUrl } from '../../api/client.ts';
import type { Completeness, CompletenessItem } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { frameworkHref, frameworksHref } from '../../routes.ts';
import { useSession } from '../../session/session.tsx';
import { Sources } from './Sources.tsx';

type State = CompletenessItem['state'];
const order: State[] = ['sourced', 'unverified', 'missing'];
const tagClass: Record<State, string> = {
  sourced: 'tag-added',
  unverified: 'tag-unverified',
  missing: 'tag-missing',
};

/**
 * How complete a framework version is, as the API computed it: counts of indicators with a
 * sourced threshold, transcribed but unverified, and missing; the list with each source; one
 * explanation of what "unverified" means; and, for administrators, the ways to complete it.
 */
export function CompletenessCard({
  id,
  completeness: c,
  draftVersion,
}: {
  id: string;
  completeness: Completeness;
  draftVersion: number | null;
}) {
  const { t } = useI18n();
  const { session } = useSession();
  const label: Record<State, string> = {
    sourced: t('fcSourced'),
    unverified: t('fcUnverified'),
    missing: t('fcMissing'),
  };
  return (
    <section className="card completeness" aria-labelledby="completeness-title">
      <h2 id="completeness-title">{t('fcTitle')}</h2>
      <ul className="completeness-counts">
        {order.map((s) => (
          <li key={s}>
            <span className={`tag ${tagClass[s]}`}>{c[s]}</span> {label[s]}
          </li>
        ))}
      </ul>
      {c.unverified > 0 && <p>{t('fcUnverifiedExplain', { n: c.unverified })}</p>}
      {c.missing > 0 && <p>{t('fcMissingExplain', { n: c.missing })}</p>}
      {c.unverified === 0 && c.missing === 0 && <p>{t('fcAllSourced')}</p>}
      {order
        .filter((s) => c[s] > 0)
        .map((s) => (
          <details key={s} className="completeness-list">
            <summary>{t('fcList', { label: label[s], n: c[s] })}</summary>
            <ul className="plain-list">
              {c.items
                .filter((i) => i.state === s)
                .map((i) => (
                  <CompletenessRow key={`${i.criterion ?? 'dk'}-${i.code}`} item={i} />
                ))}
            </ul>
          </details>
        ))}
      {session?.system_admin && (c.missing > 0 || c.unverified > 0) && (
        <div className="completeness-howto">
          <h3>{t('fcHowTo')}</h3>
          <ol>
            <li>
              <a href={apiUrl(`/frameworks/${encodeURIComponent(id)}/template.xlsx`)} download>
                {t('fwTemplate')}
              </a>
              : {t('fcHowTemplate')}
            </li>
            <li>
              <Link to={`${frameworksHref}#nhap-phu-luc`}>{t('fcHowAnnex')}</Link>: {t('fcHowAnnexText')}
            </li>
            <li>
              {draftVersion !== null ? (
                <Link to={frameworkHref(id, { version: String(draftVersion) })}>
                  {t('fcDraftPending', { version: String(draftVersion) })}
                </Link>
              ) : (
                t('fcHowReview')
              )}
            </li>
          </ol>
        </div>
      )}
    </section>
  );
}

function CompletenessRow({ item: i }: { item: CompletenessItem }) {
  const { t } = useI18n();
  const what = i.criterion_only
    ? t('criterion', { no: i.code })
    : i.criterion === null
      ? t('fcCondition')
      : null;
  return (
    <li>
      {what ? <span className="muted">{what} </span> : null}
      {!i.criterion_only && <span className="ind-code">{i.code}</span>} {i.name}
      {i.criterion_only && <span className="muted small"> — {t('fcCriterionOnly')}</span>}
      {i.note && <span className="block small">{i.note}</span>}
      {i.sources.length > 0 ? (
        <Sources urls={i.sources} />
      ) : (
        <span className="block small muted">{t('fcNoSource')}</span>
      )}
    </li>
  );
}
