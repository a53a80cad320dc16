import { useQuery } from '@tanstack/react-query';
import type { ApiError } from '../../api/client.ts';
import { apiQuery } from '../../api/query.ts';
import type {
  EvaluationReport,
  FrameworkDetail,
  FrameworkSummary,
  Matrix,
  StoredValue,
  UnitDetail,
} from '../../api/types.ts';
import { ValuesExcel } from '../../excel/ValuesExcel.tsx';
import { formatDate, periodEnd } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { href, Link, navigate, useLocation } from '../../router.tsx';
import { overviewHref, paths, unitHref } from '../../routes.ts';
import { periodsOf, pickFramework, pickPeriod, useFrameworks } from '../../selection/frameworks.ts';
import { FrameworkSelect, PeriodSelect } from '../../selection/Selectors.tsx';
import { useUnitAbilities } from '../../session/abilities.ts';
import { Breadcrumbs } from '../../ui/Breadcrumbs.tsx';
import { Empty, ErrorBox, Loading, Notice } from '../../ui/Feedback.tsx';
import { StatusBadge } from '../../ui/Status.tsx';
import { RevocationBanner, useRevocationFlags } from '../dossiers/Revocation.tsx';
import { ChildrenBar } from '../overview/Scorecard.tsx';
import { WhatIfPanel } from '../whatif/WhatIfPanel.tsx';
import { CriteriaList } from './CriteriaList.tsx';
import { indicatorIndex, valuesByMeasure } from './definitions.ts';
import { Lineage } from './Lineage.tsx';
import { UnitLocation } from './UnitLocation.tsx';
import { UnitLocationsFile } from './UnitLocationsFile.tsx';

/** One unit: every criterion and indicator, figures editable in place, merges and splits. */
export function UnitPage({ code }: { code: string }) {
  const { t } = useI18n();
  const frameworks = useFrameworks();
  if (frameworks.error) return <ErrorBox error={frameworks.error} onRetry={frameworks.refetch} />;
  if (!frameworks.data) return <Loading />;
  if (frameworks.data.length === 0) return <Empty>{t('frameworksEmpty')}</Empty>;
  return <UnitView code={code} frameworks={frameworks.data} />;
}

function UnitView({ code, frameworks }: { code: string; frameworks: FrameworkSummary[] }) {
  const { t, kind, kindPlural, lang } = useI18n();
  const { query } = useLocation();
  const fw = pickFramework(frameworks, query.get('framework'))!;
  const period = pickPeriod(fw, query.get('period'));
  const date = periodEnd(period);
  const go = (change: { framework?: string; period?: string }) =>
    navigate(unitHref(code, { framework: fw.id, period, ...change }), { replace: true });

  const detail = useQuery(apiQuery<UnitDetail>(`/units/${encodeURIComponent(code)}`, { date }));
  const evalQuery = { framework: fw.id, period, unit: code };
  const evaluation = useQuery(apiQuery<EvaluationReport>('/evaluations', evalQuery));
  const version = evaluation.data?.framework.version;
  const definition = useQuery({
    ...apiQuery<{ framework: FrameworkDetail }>(`/frameworks/${encodeURIComponent(fw.id)}`, { version }),
    enabled: Boolean(version),
  });
  const values = useQuery(apiQuery<{ values: StoredValue[] }>('/values', evalQuery));
  const parent = detail.data?.ancestors[0];
  const parentQuery = parent ? { framework: fw.id, period, unit: parent.code } : null;
  const parentMatrix = useQuery({
    ...apiQuery<Matrix>('/evaluations/matrix', parentQuery ?? {}),
    enabled: Boolean(parentQuery),
  });

  const abilities = useUnitAbilities(code, { framework: fw.id, date });

  const revocation = useRevocationFlags(fw.id, period, { unit: code });
  const result = evaluation.data?.results.find((r) => r.unit.code === code) ?? evaluation.data?.results[0];
  const unit = detail.data?.unit;
  const name = unit?.name ?? result?.unit.name ?? code;
  const crumbs = detail.data
    ? [...detail.data.ancestors].reverse().map((u) => ({
        label: u.name,
        to: overviewHref({ unit: u.code, framework: fw.id, period }),
      }))
    : [];
  crumbs.push({ label: name, to: '' });
  const appliesKinds = fw.applies_to.map(kindPlural).join(', ');

  return (
    <div className="unit-page">
      <Breadcrumbs items={crumbs} />
      <h1 className="page-title">{name}</h1>
      {unit && (
        <p className="muted">
          {t('unitKindCode', { kind: kind(unit.kind), code: unit.code })}
          {' · '}
          {t('treeDate', { date: formatDate(evaluation.data?.tree_date ?? date) })}
        </p>
      )}
      <form className="controls card" onSubmit={(e) => e.preventDefault()} aria-label={t('unitPage')}>
        <FrameworkSelect
          frameworks={frameworks}
          value={fw.id}
          onChange={(id) => {
            const next = frameworks.find((f) => f.id === id);
            go({ framework: id, period: pickPeriod(next, periodsOf(next).includes(period) ? period : null) });
          }}
        />
        <PeriodSelect framework={fw} value={period} onChange={(p) => go({ period: p })} />
      </form>
      <RevocationBanner flags={revocation.data} framework={fw.id} unit={code} />
      <p className="unit-dossiers">
        <Link to={href(paths.dossiers, { unit: code })}>{t('unitDossiers')}</Link>
      </p>
      {detail.error && (
        <UnitError error={detail.error} code={code} period={period} date={date} framework={fw.id} />
      )}
      {evaluation.error && !detail.error && (
        <ErrorBox error={evaluation.error} onRetry={evaluation.refetch} />
      )}
      {!evaluation.error && !result && <Loading />}
      {result && (
        <section className="card summary" aria-labelledby="summary-title">
          <h2 id="summary-title" className="sr-only">
            {t('overallResult')}
          </h2>
          <div className="summary-grid">
            <div>
              <p className="summary-label">{t('overallResult')}</p>
              {result.criteria.length > 0 ? (
                <>
                  <StatusBadge status={result.status} />
                  <p className="summary-figure">
                    {t('criteriaMetOf', { met: result.met_criteria, total: result.total_criteria })}
                  </p>
                </>
              ) : (
                <p>{t('noCriteria', { kind: kind(result.unit.kind).toLowerCase() })}</p>
              )}
              <p className="muted small">
                {(lang === 'en' && fw.name_en) || evaluation.data?.framework.name}
              </p>
              {evaluation.data?.framework.in_force_from && (
                <p className="muted small judged-by">
                  {t('fcJudgedBy', {
                    version: String(evaluation.data.framework.version),
                    date: formatDate(evaluation.data.framework.in_force_from),
                  })}
                  {evaluation.data.framework.legal_basis?.length
                    ? ` · ${t('fcLegalBasis')}: ${evaluation.data.framework.legal_basis.map((b) => b.number).join(', ')}`
                    : ''}
                </p>
              )}
            </div>
            {result.children && result.children.total > 0 && (
              <div>
                <p className="summary-label">{t('childrenMet')}</p>
                <ChildrenBar counts={result.children} />
                <p>
                  <Link to={overviewHref({ unit: code, framework: fw.id, period })}>{t('seeOverview')}</Link>
                </p>
              </div>
            )}
            {parent && parentMatrix.data?.unit.children && (
              <div className="parent-counts">
                <p className="summary-label">{t('parentUnit')}</p>
                <p>
                  <Link to={overviewHref({ unit: parent.code, framework: fw.id, period })}>
                    {t('parentCounts', {
                      name: parent.name,
                      met: parentMatrix.data.unit.children.met,
                      total: parentMatrix.data.unit.children.total,
                      kind: appliesKinds,
                    })}
                  </Link>
                </p>
                <ChildrenBar counts={parentMatrix.data.unit.children} bare />
              </div>
            )}
          </div>
          {evaluation.isLoading && <Loading />}
        </section>
      )}
      {detail.data && <Lineage detail={detail.data} framework={fw.id} period={period} />}
      {detail.data && <UnitLocation detail={detail.data} canEdit={abilities?.['unit.locate'] === true} />}
      {detail.data && detail.data.children.length > 0 && abilities?.['unit.locate'] === true && (
        <UnitLocationsFile />
      )}
      {result && result.criteria.length > 0 && (
        <CriteriaList
          criteria={result.criteria}
          conditions={result.conditions}
          ctx={{
            unitCode: code,
            frameworkId: fw.id,
            period,
            index: indicatorIndex(definition.data?.framework.definition),
            values: valuesByMeasure(values.data?.values),
            canWrite: abilities?.['value.write'] === true,
          }}
        />
      )}
      {/* steer (issue 17): what-if on this unit's figures, nothing stored */}
      {result && result.criteria.length > 0 && definition.data && (
        <WhatIfPanel
          unitCode={code}
          frameworkId={fw.id}
          period={period}
          criteria={result.criteria}
          index={indicatorIndex(definition.data.framework.definition)}
        />
      )}
      {result && (
        <ValuesExcel
          framework={fw.id}
          period={period}
          unit={code}
          unitName={name}
          canImport={abilities?.['value.write'] === true}
        />
      )}
    </div>
  );
}

/** A unit missing in the chosen period (merged away, or not yet formed): say so and show its lineage. */
function UnitError({
  error,
  code,
  period,
  date,
  framework,
}: {
  error: ApiError;
  code: string;
  period: string;
  date: string | undefined;
  framework: string;
}) {
  const { t } = useI18n();
  const anyDate = useQuery({
    ...apiQuery<UnitDetail>(`/units/${encodeURIComponent(code)}`),
    enabled: Boolean(error.code === 'UNIT_NOT_IN_PERIOD'),
  });
  if (error.code !== 'UNIT_NOT_IN_PERIOD') return <ErrorBox error={error} />;
  return (
    <>
      <Notice kind="warning">
        <p>{t('notInPeriod', { period, date: formatDate(date) })}</p>
      </Notice>
      {anyDate.data && <Lineage detail={anyDate.data} framework={framework} period={period} />}
    </>
  );
}
