import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../../api/query.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { paths } from '../../routes.ts';
import { Breadcrumbs } from '../../ui/Breadcrumbs.tsx';
import { ErrorBox, Loading, Notice } from '../../ui/Feedback.tsx';
import { AllocationEditor } from './AllocationEditor.tsx';
import { PlanExcel } from './PlanExcel.tsx';
import { PlanMatrix } from './PlanMatrix.tsx';
import { PlanSettings } from './PlanSettings.tsx';
import { PlanTree } from './PlanTree.tsx';
import type { PlanView, Progress } from './types.ts';
import './targets.css';

/** /chi-tieu/{year}: the plan tree, the matrix of units × indicators, assignments and their check, .xlsx. */
export function PlanPage({ year }: { year: number }) {
  const { t } = useI18n();
  const view = useQuery(apiQuery<PlanView>(`/targets/${year}`));
  const progress = useQuery(apiQuery<Progress>(`/targets/${year}/progress`));
  if (view.error) return <ErrorBox error={view.error} onRetry={view.refetch} />;
  if (!view.data) return <Loading />;
  const { plan, holders, abilities } = view.data;
  return (
    <div className="page">
      <Breadcrumbs items={[{ label: t('tgTitle'), to: paths.targets }, { label: String(year) }]} />
      <h1 className="page-title">{plan.name}</h1>
      {plan.demo && <Notice kind="warning">{t('tgDemoNotice')}</Notice>}
      <PlanSettings plan={plan} canEdit={abilities['target.plan'] === true} />
      <section className="card" aria-labelledby="tg-matrix">
        <h2 id="tg-matrix">{t('tgMatrix')}</h2>
        <p className="muted">{t('tgMatrixHelp')}</p>
        {progress.error && <ErrorBox error={progress.error} onRetry={progress.refetch} />}
        {progress.data ? <PlanMatrix progress={progress.data} /> : !progress.error && <Loading />}
      </section>
      <PlanTree plan={plan} holders={holders} view={view.data} />
      <section className="card" aria-labelledby="tg-alloc">
        <h2 id="tg-alloc">{t('tgAllocation')}</h2>
        <p className="muted">{t('tgDepartmentsNote')}</p>
        {plan.indicators.map((ind) => (
          <AllocationEditor key={ind.code} indicator={ind} view={view.data!} />
        ))}
      </section>
      <PlanExcel
        year={year}
        canImport={abilities['target.assign'] === true || abilities['target.report'] === true}
      />
    </div>
  );
}
