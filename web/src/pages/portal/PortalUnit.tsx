import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../../api/query.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { paths, pathTo } from '../../routes.ts';
import { Breadcrumbs } from '../../ui/Breadcrumbs.tsx';
import { ErrorBox, Loading } from '../../ui/Feedback.tsx';
import { StatusBadge } from '../../ui/Status.tsx';
import { FeedbackForm } from './FeedbackForm.tsx';
import { FeedbackList } from './FeedbackList.tsx';
import { Neighbours } from './Neighbours.tsx';
import { Recognitions } from './Recognitions.tsx';
import { Surveys } from './Surveys.tsx';
import type { PublicFrameworkResult, PublicUnit } from './types.ts';

function FigureCell({ i }: { i: PublicFrameworkResult['criteria'][number]['indicators'][number] }) {
  const { t, num } = useI18n();
  if (!i.figure_published) return <span className="muted">{t('portalFigureHidden')}</span>;
  if (i.value === null) return <span>—</span>;
  const v =
    typeof i.value === 'number'
      ? num(i.value)
      : typeof i.value === 'boolean'
        ? t(i.value ? 'yes' : 'no')
        : i.value;
  return (
    <span>
      {v}
      {i.unit ? ` ${i.unit}` : ''}
    </span>
  );
}

function FrameworkResult({ r, code }: { r: PublicFrameworkResult; code: string }) {
  const { t } = useI18n();
  const id = `fw-${r.framework.id}`;
  return (
    <section className="card portal-framework" aria-labelledby={id}>
      <h2 id={id}>{r.framework.name}</h2>
      <p className="portal-result-line">
        {r.period ? t('portalPeriod', { period: r.period }) : t('portalNoPeriod')}
        {r.status ? (
          <>
            {' — '}
            <StatusBadge status={r.status} />
          </>
        ) : (
          <span className="muted"> — {t('portalStatusHidden')}</span>
        )}
        {r.met_criteria !== null && r.total_criteria !== null && (
          <span> — {t('portalCriteriaMet', { met: r.met_criteria, total: r.total_criteria })}</span>
        )}
      </p>
      {r.demo_figures && <p className="alert alert-warning">{t('demoNotice')}</p>}
      {r.criteria.length > 0 && (
        <div className="table-wrap">
          <table className="portal-table portal-criteria">
            <caption className="sr-only">{r.framework.name}</caption>
            <thead>
              <tr>
                <th scope="col">{t('portalIndicator')}</th>
                <th scope="col">{t('portalThreshold')}</th>
                <th scope="col">{t('portalFigure')}</th>
                <th scope="col">{t('portalStatus')}</th>
              </tr>
            </thead>
            {r.criteria.map((c) => (
              <tbody key={c.no}>
                <tr className="portal-criterion">
                  <th scope="rowgroup" colSpan={3}>
                    {t('portalCriterion')} {c.no}. {c.name}
                  </th>
                  <td>
                    <StatusBadge status={c.status} compact />
                  </td>
                </tr>
                {c.indicators.map((i) => (
                  <tr key={i.code}>
                    <th scope="row" className="portal-ind">
                      {i.code}. {i.name}
                    </th>
                    <td data-label={t('portalThreshold')}>{i.threshold}</td>
                    <td data-label={t('portalFigure')}>
                      <FigureCell i={i} />
                    </td>
                    <td data-label={t('portalStatus')}>
                      <StatusBadge status={i.status} compact />
                    </td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
      <Neighbours code={code} frameworkId={r.framework.id} />
    </section>
  );
}

/** /cong-khai/{code}: what is public about one unit. */
export function PortalUnit({ code }: { code: string }) {
  const { t, kind } = useI18n();
  const unit = useQuery(apiQuery<PublicUnit>(`/public/units/${encodeURIComponent(code)}`));
  if (unit.isLoading && !unit.data) return <Loading />;
  if (unit.error) return <ErrorBox error={unit.error} onRetry={unit.refetch} />;
  const u = unit.data!;
  const criteria = u.frameworks.flatMap((f) =>
    f.criteria.map((c) => ({
      frameworkId: f.framework.id,
      framework: f.framework.name,
      no: c.no,
      name: c.name,
    })),
  );
  return (
    <article className="portal-unit">
      <Breadcrumbs
        items={[
          { label: t('portalHome'), to: paths.portal },
          ...u.unit.path.map((p) => ({ label: p.name, to: pathTo(paths.portalUnit, { code: p.code }) })),
          { label: u.unit.name },
        ]}
      />
      <h1 className="page-title">{u.unit.name}</h1>
      <p className="muted">{kind(u.unit.kind)}</p>
      {u.frameworks.length === 0 && <p className="alert alert-info">{t('portalNothingPublic')}</p>}
      {u.frameworks.map((r) => (
        <FrameworkResult key={r.framework.id} r={r} code={u.unit.code} />
      ))}
      <Recognitions code={u.unit.code} />
      <Surveys code={u.unit.code} />
      <FeedbackList code={u.unit.code} />
      <FeedbackForm code={u.unit.code} criteria={criteria} />
    </article>
  );
}
