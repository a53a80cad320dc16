import '../whatif/steer.css';
import { useQuery } from '@tanstack/react-query';
import { type ApiError, getJson } from '../../api/client.ts';
import type { FrameworkSummary } from '../../api/types.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, navigate, useLocation } from '../../router.tsx';
import { closestHref, improvementHref, overviewHref, unitHref } from '../../routes.ts';
import {
  defaultUnit,
  periodsOf,
  pickFramework,
  pickPeriod,
  useFrameworks,
} from '../../selection/frameworks.ts';
import { FrameworkSelect, PeriodSelect } from '../../selection/Selectors.tsx';
import { Empty, ErrorBox, Loading } from '../../ui/Feedback.tsx';
import { StatusBadge } from '../../ui/Status.tsx';
import type { ClosestList } from './types.ts';

/** Đơn vị gần đạt: an area's units not meeting a framework yet, closest first, with what remains. */
export function ClosestPage() {
  const { t } = useI18n();
  const frameworks = useFrameworks();
  if (frameworks.error) return <ErrorBox error={frameworks.error} onRetry={() => frameworks.refetch()} />;
  if (!frameworks.data) return <Loading />;
  if (frameworks.data.length === 0) return <Empty>{t('frameworksEmpty')}</Empty>;
  return <Closest frameworks={frameworks.data} />;
}

function Closest({ frameworks }: { frameworks: FrameworkSummary[] }) {
  const { t } = useI18n();
  const { query } = useLocation();
  const fw = pickFramework(frameworks, query.get('framework'))!;
  const state = {
    unit: query.get('unit') || defaultUnit,
    framework: fw.id,
    period: pickPeriod(fw, query.get('period')),
  };
  const go = (change: Partial<typeof state>) =>
    navigate(closestHref({ ...state, ...change }), { replace: true });
  const path = '/rankings/closest';
  const list = useQuery<ClosestList, ApiError>({
    queryKey: [path, state],
    queryFn: ({ signal }) => getJson<ClosestList>(path, state, signal),
  });
  const r = list.data;
  return (
    <div className="rankings">
      <h1 className="page-title">
        {t('clTitle')}
        {r ? ` — ${r.unit.name}` : ''}
      </h1>
      <form className="controls card" onSubmit={(e) => e.preventDefault()} aria-label={t('clTitle')}>
        <FrameworkSelect
          frameworks={frameworks}
          value={fw.id}
          onChange={(id) => {
            const next = frameworks.find((f) => f.id === id);
            go({
              framework: id,
              period: pickPeriod(next, periodsOf(next).includes(state.period) ? state.period : null),
            });
          }}
        />
        <PeriodSelect framework={fw} value={state.period} onChange={(period) => go({ period })} />
      </form>
      <p className="small">
        <Link to={overviewHref(state)}>{t('navOverview')}</Link>
        {' · '}
        <Link to={improvementHref({ unit: state.unit, framework: fw.id })}>{t('imLink')}</Link>
      </p>
      {list.error && <ErrorBox error={list.error} onRetry={() => list.refetch()} />}
      {list.isPending && <Loading />}
      {r && (
        <section className="card" aria-labelledby="closest-title">
          <h2 id="closest-title" className="sr-only">
            {t('clTitle')}
          </h2>
          <p className="muted small">
            {t('treeDate', { date: formatDate(r.tree_date) })} · {t('clRule', { rule: r.rule })}
          </p>
          {r.units.length === 0 ? (
            <p>{t('clNone')}</p>
          ) : (
            <>
              <p>{t('clIntro', { met: r.met, total: r.total })}</p>
              <ol className="plain-list closest-list" data-testid="closest-list">
                {r.units.map((u) => (
                  <li key={u.unit.code} className="closest-item">
                    <p className="closest-head">
                      <span className="closest-rank">{u.rank}.</span>{' '}
                      <Link to={unitHref(u.unit.code, { framework: fw.id, period: r.period })}>
                        {u.unit.name}
                      </Link>{' '}
                      <StatusBadge status={u.status} compact />{' '}
                      <span className="muted small">
                        {t('clShort', { criteria: u.criteria_short, indicators: u.indicators_short })}
                      </span>
                    </p>
                    <ul className="plain-list small">
                      {u.shortfalls.map((s) => (
                        <li key={s.code}>
                          <strong>{s.code}</strong> {s.name}:{' '}
                          <strong className="gap-text">{s.gap_text}</strong>
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ol>
            </>
          )}
        </section>
      )}
    </div>
  );
}
