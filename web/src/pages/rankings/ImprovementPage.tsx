import '../whatif/steer.css';
import { useQuery } from '@tanstack/react-query';
import { type ApiError, apiUrl, getJson } from '../../api/client.ts';
import type { FrameworkSummary } from '../../api/types.ts';
import type { MessageKey } from '../../i18n/dict.ts';
import { formatPeriod } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, navigate, useLocation } from '../../router.tsx';
import { closestHref, improvementHref, unitHref } from '../../routes.ts';
import { defaultUnit, periodsOf, pickFramework, useFrameworks } from '../../selection/frameworks.ts';
import { FrameworkSelect } from '../../selection/Selectors.tsx';
import { Empty, ErrorBox, Loading, Notice } from '../../ui/Feedback.tsx';
import { StatusBadge } from '../../ui/Status.tsx';
import { type ImprovementOrder, type ImprovementRanking, improvementOrders } from './types.ts';

const orderKeys: Record<ImprovementOrder, MessageKey> = {
  criteria: 'imOrderCriteria',
  indicators: 'imOrderIndicators',
  gap: 'imOrderGap',
  level: 'imOrderLevel',
};

/** Xếp hạng theo mức tiến bộ: an area's units ranked by improvement between two periods. */
export function ImprovementPage() {
  const { t } = useI18n();
  const frameworks = useFrameworks();
  if (frameworks.error) return <ErrorBox error={frameworks.error} onRetry={() => frameworks.refetch()} />;
  if (!frameworks.data) return <Loading />;
  if (frameworks.data.length === 0) return <Empty>{t('frameworksEmpty')}</Empty>;
  return <Improvement frameworks={frameworks.data} />;
}

const signed = (n: number | null, num: (x: number) => string) =>
  n === null ? '—' : n > 0 ? `+${num(n)}` : num(n);

function Improvement({ frameworks }: { frameworks: FrameworkSummary[] }) {
  const { t, num, lang } = useI18n();
  const { query } = useLocation();
  const fw = pickFramework(frameworks, query.get('framework'))!;
  const periods = periodsOf(fw).sort();
  const to =
    query.get('to') && periods.includes(query.get('to')!) ? query.get('to')! : (periods.at(-1) ?? '');
  const earlier = periods.filter((p) => p < to);
  const from =
    query.get('from') && earlier.includes(query.get('from')!) ? query.get('from')! : (earlier.at(-1) ?? '');
  const order = improvementOrders.find((o) => o === query.get('order')) ?? 'criteria';
  const state = { unit: query.get('unit') || defaultUnit, framework: fw.id, from, to, order };
  const go = (change: Partial<typeof state>) =>
    navigate(improvementHref({ ...state, ...change }), { replace: true });
  const path = '/rankings/improvement';
  const ranking = useQuery<ImprovementRanking, ApiError>({
    queryKey: [path, state],
    queryFn: ({ signal }) => getJson<ImprovementRanking>(path, state, signal),
    enabled: Boolean(from && to),
  });
  const r = ranking.data;
  return (
    <div className="rankings">
      <h1 className="page-title">
        {t('imTitle')}
        {r ? ` — ${r.unit.name}` : ''}
      </h1>
      <form className="controls card" onSubmit={(e) => e.preventDefault()} aria-label={t('imTitle')}>
        <FrameworkSelect
          frameworks={frameworks}
          value={fw.id}
          onChange={(id) => go({ framework: id, from: '', to: '' })}
        />
        <label className="field">
          <span className="field-label">{t('imFrom')}</span>
          <select value={from} onChange={(e) => go({ from: e.target.value })}>
            {earlier.map((p) => (
              <option key={p} value={p}>
                {formatPeriod(p, lang)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('imTo')}</span>
          <select value={to} onChange={(e) => go({ to: e.target.value, from: '' })}>
            {periods.slice(1).map((p) => (
              <option key={p} value={p}>
                {formatPeriod(p, lang)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('imOrder')}</span>
          <select value={order} onChange={(e) => go({ order: e.target.value as ImprovementOrder })}>
            {improvementOrders.map((o) => (
              <option key={o} value={o}>
                {t(orderKeys[o])}
              </option>
            ))}
          </select>
        </label>
      </form>
      <p className="small">
        <Link to={closestHref({ unit: state.unit, framework: fw.id, period: to || periods.at(-1) || '' })}>
          {t('clLink')}
        </Link>
        {r && (
          <>
            {' · '}
            <a href={apiUrl('/exports/improvement.xlsx', state)} download>
              {t('imExport')}
            </a>
          </>
        )}
      </p>
      {!(from && to) && <Notice kind="info">{t('imNeedTwo')}</Notice>}
      {ranking.error && <ErrorBox error={ranking.error} onRetry={() => ranking.refetch()} />}
      {from && to && ranking.isPending && <Loading />}
      {r && (
        <section className="card" aria-labelledby="ranking-title">
          <h2 id="ranking-title" className="sr-only">
            {t('imTitle')}
          </h2>
          <p className="muted small" data-testid="ranking-rule">
            {r.rule}
          </p>
          <div className="table-wrap">
            <table className="ranking-table" data-testid="ranking-table">
              <thead>
                <tr>
                  <th scope="col">{t('imRank')}</th>
                  <th scope="col">{t('imUnit')}</th>
                  <th scope="col">{t('imCriteria')}</th>
                  <th scope="col">{t('imCriteriaGained')}</th>
                  <th scope="col">{t('imIndicatorsGained')}</th>
                  <th scope="col">{t('imGapClosed')}</th>
                </tr>
              </thead>
              <tbody>
                {r.rows.map((x) => (
                  <tr key={x.unit.code}>
                    <td className="num">{x.rank ?? '—'}</td>
                    <td>
                      <Link to={unitHref(x.unit.code, { framework: fw.id, period: r.to })}>
                        {x.unit.name}
                      </Link>{' '}
                      <StatusBadge status={x.status_to} compact />
                      {x.rank === null && (
                        <span className="muted small" title={t('imNotComparableHint')}>
                          {' '}
                          {t('imNotComparable')}
                        </span>
                      )}
                    </td>
                    <td className="num">
                      {x.criteria_from === null ? '—' : x.criteria_from} → {x.criteria_to}/{x.total_criteria}
                    </td>
                    <td className="num">{signed(x.criteria_gained, num)}</td>
                    <td className="num">{signed(x.indicators_gained, num)}</td>
                    <td className="num">{signed(x.gap_closed, num)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}
