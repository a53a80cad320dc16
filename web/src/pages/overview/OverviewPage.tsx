import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../../api/query.ts';
import type { FrameworkSummary, Matrix, SeriesPoint, UnitDetail } from '../../api/types.ts';
import { ValuesExcel } from '../../excel/ValuesExcel.tsx';
import { formatDate, periodEnd } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, navigate, useLocation } from '../../router.tsx';
import {
  closestHref,
  improvementHref,
  leafKinds,
  type OverviewState,
  overviewHref,
  unitHref,
} from '../../routes.ts';
import {
  defaultUnit,
  periodsOf,
  pickFramework,
  pickPeriod,
  useFrameworks,
} from '../../selection/frameworks.ts';
import { FrameworkSelect, PeriodSelect } from '../../selection/Selectors.tsx';
import { UnitSearch } from '../../selection/UnitSearch.tsx';
import { useUnitAbilities } from '../../session/abilities.ts';
import { Breadcrumbs } from '../../ui/Breadcrumbs.tsx';
import { Empty, ErrorBox, Loading } from '../../ui/Feedback.tsx';
import { RevocationBanner, useRevocationFlags } from '../dossiers/Revocation.tsx';
import { SubscribeButton } from '../notifications/SubscribeButton.tsx';
import { Headline } from './Headline.tsx';
import { Scorecard } from './Scorecard.tsx';
import { SeriesChart } from './SeriesChart.tsx';

/** The leader's view: where every unit under the chosen one stands, for a framework and period. */
export function OverviewPage() {
  const { t } = useI18n();
  const frameworks = useFrameworks();
  if (frameworks.error) return <ErrorBox error={frameworks.error} onRetry={frameworks.refetch} />;
  if (!frameworks.data) return <Loading />;
  if (frameworks.data.length === 0) return <Empty>{t('frameworksEmpty')}</Empty>;
  return <Overview frameworks={frameworks.data} />;
}

function Overview({ frameworks }: { frameworks: FrameworkSummary[] }) {
  const { t, lang } = useI18n();
  const { query } = useLocation();
  const fw = pickFramework(frameworks, query.get('framework'))!;
  const state: OverviewState = {
    unit: query.get('unit') || defaultUnit,
    framework: fw.id,
    period: pickPeriod(fw, query.get('period')),
    only: query.get('only') === '1',
    sort: query.get('sort') ?? undefined,
    dir: query.get('dir') === 'desc' ? 'desc' : 'asc',
  };
  const go = (change: Partial<OverviewState>, replace = false) =>
    navigate(overviewHref({ ...state, ...change }), { replace });
  const date = periodEnd(state.period);
  const q = { framework: state.framework, period: state.period, unit: state.unit };

  const unit = useQuery(apiQuery<UnitDetail>(`/units/${encodeURIComponent(state.unit)}`, { date }));
  const matrix = useQuery(apiQuery<Matrix>('/evaluations/matrix', q));
  const periods = periodsOf(fw);
  const seriesQuery = { framework: state.framework, unit: state.unit, from: periods[0], to: periods.at(-1) };
  const series = useQuery(apiQuery<{ series: SeriesPoint[] }>('/evaluations/series', seriesQuery));

  const revocation = useRevocationFlags(state.framework, state.period, { within: state.unit });
  const flaggedCodes = new Set(revocation.data?.units.filter((u) => u.flagged).map((u) => u.unit.code));

  const unitName = unit.data?.unit.name ?? matrix.data?.unit.name ?? state.unit;
  const abilities = useUnitAbilities(state.unit, { framework: state.framework, date });
  const crumbs = unit.data
    ? [...unit.data.ancestors]
        .reverse()
        .concat(unit.data.unit)
        .map((u) => ({
          label: u.name,
          to: overviewHref({ ...state, unit: u.code, sort: undefined, only: false }),
        }))
    : [];

  return (
    <div className="overview">
      <h1 className="page-title">{unitName}</h1>
      <Breadcrumbs items={crumbs} />
      <form className="controls card" onSubmit={(e) => e.preventDefault()} aria-label={t('navOverview')}>
        <UnitSearch
          date={date}
          onPick={(u) =>
            leafKinds.has(u.kind)
              ? navigate(unitHref(u.code, { framework: state.framework, period: state.period }))
              : go({ unit: u.code, sort: undefined, only: false })
          }
        />
        <FrameworkSelect
          frameworks={frameworks}
          value={state.framework}
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
      {date && (
        <p className="muted small">
          {t('treeDate', { date: formatDate(matrix.data?.tree_date ?? date) })}
          {' · '}
          <Link to={unitHref(state.unit, { framework: state.framework, period: state.period })}>
            {t('seeUnitPage')}
          </Link>
          {/* steer (issue 17): the short list and the improvement ranking of this area */}
          {' · '}
          <Link to={closestHref(state)}>{t('clLink')}</Link>
          {' · '}
          <Link to={improvementHref({ unit: state.unit, framework: state.framework })}>{t('imLink')}</Link>
          {' · '}
          <SubscribeButton unitCode={state.unit} />
        </p>
      )}
      {unit.error ? (
        <ErrorBox error={unit.error} onRetry={unit.refetch} />
      ) : (
        <>
          {matrix.error && <ErrorBox error={matrix.error} onRetry={matrix.refetch} />}
          {!matrix.error && !matrix.data && <Loading />}
          {matrix.data && (
            <>
              <Headline
                unit={matrix.data.unit}
                thresholds={matrix.data.thresholds}
                appliesTo={fw.applies_to}
                frameworkName={(lang === 'en' && fw.name_en) || matrix.data.framework.name}
                unitName={unitName}
              />
              <RevocationBanner flags={revocation.data} framework={state.framework} />
              <Scorecard
                matrix={matrix.data}
                flagged={flaggedCodes}
                sort={state.sort}
                dir={state.dir ?? 'asc'}
                onlyNotMet={Boolean(state.only)}
                onSort={(key) =>
                  go({ sort: key, dir: state.sort === key && state.dir === 'asc' ? 'desc' : 'asc' }, true)
                }
                onOnlyNotMet={(only) => go({ only }, true)}
                rowHref={(row, drill) =>
                  drill
                    ? overviewHref({ ...state, unit: row.unit.code, sort: undefined, only: false })
                    : unitHref(row.unit.code, { framework: state.framework, period: state.period })
                }
              />
            </>
          )}
          <section className="card" aria-labelledby="chart-title">
            <h2 id="chart-title">{t('chartTitle')}</h2>
            {series.error && <ErrorBox error={series.error} onRetry={series.refetch} />}
            {!series.error && !series.data && <Loading />}
            {series.data && <SeriesChart series={series.data.series} current={state.period} />}
          </section>
          <ValuesExcel
            framework={state.framework}
            period={state.period}
            unit={state.unit}
            unitName={unitName}
            canImport={abilities?.['value.write'] === true}
          />
        </>
      )}
    </div>
  );
}
