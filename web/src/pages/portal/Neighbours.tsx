import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../../api/query.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { paths, pathTo } from '../../routes.ts';
import { ErrorBox, Loading } from '../../ui/Feedback.tsx';
import { StatusBadge } from '../../ui/Status.tsx';
import type { PublicNeighbours } from './types.ts';

/** "75 đơn vị: Đạt 40, Chưa đạt 30, chưa công khai 5". */
function summaryOf(
  units: PublicNeighbours['units'],
  t: ReturnType<typeof useI18n>['t'],
  word: (s: string) => string,
): string {
  const counts = new Map<string, number>();
  for (const u of units) {
    const k = u.status ? word(u.status) : t('portalNotPublic');
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const parts = [...counts].map(([k, n]) => `${k}: ${n}`).join(', ');
  return `${t('portalNeighboursCount', { n: units.length })} — ${parts}`;
}

/** The unit beside the others under the same parent, for one framework. */
export function Neighbours({ code, frameworkId }: { code: string; frameworkId: string }) {
  const { t, status: word } = useI18n();
  const n = useQuery(
    apiQuery<PublicNeighbours>(`/public/units/${encodeURIComponent(code)}/neighbours`, {
      framework: frameworkId,
    }),
  );
  const id = `nb-${frameworkId}`;
  return (
    <section className="portal-neighbours" aria-labelledby={id}>
      <h3 id={id}>{t('portalNeighbours')}</h3>
      {n.isLoading && !n.data && <Loading />}
      {n.error && <ErrorBox error={n.error} onRetry={n.refetch} />}
      {n.data && n.data.units.length < 2 && <p>{t('portalNeighboursNone')}</p>}
      {n.data && n.data.units.length >= 2 && (
        // Many neighbours (a city's communes): folded, with the counts in the summary.
        <details className="portal-details" open={n.data.units.length <= 12}>
          <summary>{summaryOf(n.data.units, t, word)}</summary>
          <div className="table-wrap">
            <table className="portal-table">
              <caption>{t('portalNeighboursIn', { parent: n.data.parent?.name ?? '' })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('unit')}</th>
                  <th scope="col">{t('portalStatus')}</th>
                  <th scope="col">{t('portalCriterion')}</th>
                </tr>
              </thead>
              <tbody>
                {n.data.units.map((u) => (
                  <tr key={u.code} className={u.self ? 'portal-self' : undefined}>
                    <th scope="row">
                      {u.self ? (
                        <strong>
                          {u.name} <span className="small">{t('portalThisUnit')}</span>
                        </strong>
                      ) : (
                        <Link to={pathTo(paths.portalUnit, { code: u.code })}>{u.name}</Link>
                      )}
                    </th>
                    <td>
                      {u.status ? (
                        <StatusBadge status={u.status} compact />
                      ) : (
                        <span className="muted">{t('portalNotPublic')}</span>
                      )}
                    </td>
                    <td>
                      {u.met_criteria !== null && u.total_criteria !== null
                        ? t('portalCriteriaMet', { met: u.met_criteria, total: u.total_criteria })
                        : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </section>
  );
}
