import { formatDate, formatPeriod } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { paths, pathTo, unitHref } from '../../routes.ts';
import { StatusBadge } from '../../ui/Status.tsx';
import { dossierHref } from '../dossiers/types.ts';
import { usePastWords } from '../past-recognitions/words.tsx';
import { useShowValue } from '../unit/showValue.ts';
import { DossierTasks } from './DossierTasks.tsx';
import type { ReportDue, UnitFramework, UnitWork } from './types.ts';

const shownGaps = 8;

/** One framework's result for the officer's unit: status, what fails or lacks a figure, the dossier. */
function FrameworkResult({ unitCode, fw }: { unitCode: string; fw: UnitFramework }) {
  const { t, lang } = useI18n();
  const show = useShowValue();
  return (
    <li className="home-item">
      <p className="home-item-title">
        <Link to={unitHref(unitCode, { framework: fw.id, period: fw.period })}>{fw.name}</Link>
      </p>
      <p className="home-item-meta">
        <StatusBadge status={fw.status} />{' '}
        <span>{t('homeCriteriaMet', { met: fw.met_criteria, total: fw.total_criteria })}</span>{' '}
        <span className="muted small">{formatPeriod(fw.period, lang)}</span>
      </p>
      {fw.name_in_period && (
        <p className="muted small">{t('homeNameInPeriod', { name: fw.name_in_period })}</p>
      )}
      {fw.gaps.length === 0 ? (
        <p className="small">{t('homeGapsNone')}</p>
      ) : (
        <details className="home-gaps" open={fw.gaps.length <= 3}>
          <summary>
            {t('homeGapsTitle')} ({fw.gaps.length})
          </summary>
          <ul className="plain-list">
            {fw.gaps.slice(0, shownGaps).map((g) => (
              <li key={g.code} className="home-gap">
                <StatusBadge status={g.status} compact /> <strong>{g.code}</strong> {g.name}
                {/* steer: what remains, closest first (server order) */}
                {g.gap_text && <strong className="gap-text"> {g.gap_text}</strong>}
                <span className="muted small">
                  {' — '}
                  {t('homeGapValue', { value: show(g.value, g.unit) })}
                  {g.threshold && ` · ${t('homeGapThreshold', { threshold: g.threshold })}`}
                </span>
              </li>
            ))}
            {fw.gaps.length > shownGaps && (
              <li className="muted small">{t('homeMoreGaps', { n: fw.gaps.length - shownGaps })}</li>
            )}
          </ul>
        </details>
      )}
      {fw.rule_missing > 0 && <p className="muted small">{t('homeRuleMissing', { n: fw.rule_missing })}</p>}
      {fw.dossier_id !== null && (
        <p className="small">
          <Link to={dossierHref(fw.dossier_id)}>{t('homeOpenDossier', { id: fw.dossier_id })}</Link>
        </p>
      )}
    </li>
  );
}

/** Overdue target reports, the most overdue first (at most `max`, then how many more). */
export function ReportList({ reports, max = 8 }: { reports: ReportDue[]; max?: number }) {
  const { t, lang } = useI18n();
  return (
    <ul className="home-list">
      {reports.slice(0, max).map((r) => (
        <li key={`${r.holder}|${r.indicator}|${r.period}`} className="home-item home-item-overdue">
          <p className="home-item-title">
            <Link to={pathTo(paths.targetHolder, { year: r.year, code: r.holder })}>{r.holder_name}</Link>
          </p>
          <p className="small">
            {t('homeReportLine', {
              indicator: `${r.indicator} ${r.indicator_name}`,
              period: formatPeriod(r.period, lang),
              due: formatDate(r.due),
              days: r.days_late,
            })}
          </p>
        </li>
      ))}
      {reports.length > max && (
        <li className="muted small">
          <Link to="/chi-tieu">{t('homeLateMore', { n: reports.length - max })}</Link>
        </li>
      )}
    </ul>
  );
}

/** A commune or ward officer's unit today: its results, dossiers and overdue reports. */
export function UnitSection({ work }: { work: UnitWork }) {
  const { t } = useI18n();
  const words = usePastWords();
  const u = work.unit;
  return (
    <section className="card home-section" aria-labelledby={`unit-${u.code}`}>
      <h2 id={`unit-${u.code}`}>
        {t('homeYourUnit')}: {u.name}
      </h2>
      <p className="muted small">
        {u.parent_name && t('homeUnitParent', { name: u.parent_name })}
        {work.grant_code !== u.code && ` · ${t('homeUnitGrant', { code: work.grant_code })}`}
        {' · '}
        <Link to={unitHref(u.code, {})}>{t('homeOpenUnit')}</Link>
      </p>
      {work.titles.length > 0 && (
        <p className="small" data-titles>
          {t('pastHomeTitles', {
            titles: work.titles
              .map((x) => `${words.title(x.title, x.year)}${x.former ? ` ${words.former(x.unit_name)}` : ''}`)
              .join('; '),
          })}
        </p>
      )}
      {work.frameworks.length === 0 ? (
        <p className="home-empty">{t('homeUnitNoData')}</p>
      ) : (
        <ul className="home-list">
          {work.frameworks.map((fw) => (
            <FrameworkResult key={fw.id} unitCode={u.code} fw={fw} />
          ))}
        </ul>
      )}
      <h3>{t('homeDossiersTitle')}</h3>
      <DossierTasks tasks={work.dossiers} empty={t('homeDossiersNone')} />
      <h3>{t('homeReportsTitle')}</h3>
      {work.reports.length === 0 ? (
        <p className="home-empty">{t('homeReportsNone')}</p>
      ) : (
        <ReportList reports={work.reports} />
      )}
    </section>
  );
}
