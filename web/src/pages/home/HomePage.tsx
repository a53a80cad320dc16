import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../../api/query.ts';
import { formatDate, formatPeriod } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { href, Link } from '../../router.tsx';
import { closestHref, overviewHref, paths } from '../../routes.ts';
import { useSession } from '../../session/session.tsx';
import { ErrorBox, Loading } from '../../ui/Feedback.tsx';
import { StateBadge } from '../dossiers/StateBadge.tsx';
import { dossierHref, unitLabel } from '../dossiers/types.ts';
import { staffPath } from '../staff/common.tsx';
import { DossierTasks } from './DossierTasks.tsx';
import type { AreaOverview, Home, StaffMonth, TeamWaiting } from './types.ts';
import { ReportList, UnitSection } from './UnitSection.tsx';
import './home.css';

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section className="card home-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function AreaSection({ area }: { area: AreaOverview }) {
  const { t, lang } = useI18n();
  return (
    <Section id={`area-${area.unit.code}`} title={t('homeAreaTitle', { name: area.unit.name })}>
      {area.frameworks.length === 0 ? (
        <p className="home-empty">{t('homeAreaNone')}</p>
      ) : (
        <ul className="home-list">
          {area.frameworks.map((f) => (
            <li key={f.id} className="home-item">
              <p className="home-item-title">
                <Link to={overviewHref({ unit: area.unit.code, framework: f.id, period: f.period })}>
                  {f.name}
                </Link>
              </p>
              <p className="home-item-meta">
                <strong className="home-figure">
                  {f.thresholds.thresholds_missing > 0
                    ? `${f.thresholds.meet_thresholds}/${f.thresholds.units}`
                    : `${f.counts.met}/${f.counts.total}`}
                </strong>{' '}
                {f.thresholds.thresholds_missing > 0
                  ? t('thresholdHeadline', { kind: t('kindUnits') })
                  : t('headlineText', { kind: t('kindUnits') })}{' '}
                <span className="muted small">{formatPeriod(f.period, lang)}</span>
              </p>
              {f.thresholds.thresholds_missing > 0 && (
                <p className="muted small">
                  {t('thresholdsToEnter', { n: f.thresholds.thresholds_missing })}
                </p>
              )}
              {/* steer (issue 17): the units closest to meeting, the leader's short list */}
              <p className="small">
                <Link to={closestHref({ unit: area.unit.code, framework: f.id, period: f.period })}>
                  {t('clLink')}
                </Link>
              </p>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function StaffSection({ staff }: { staff: StaffMonth }) {
  const { t, lang, num } = useI18n();
  const next = staff.next;
  const nextText =
    next.kind === 'person'
      ? t('nextStaffPerson', { name: next.name })
      : next.kind === 'manager'
        ? next.name
          ? t('nextStaffManager', { name: next.name })
          : t('nextStaffManagerUnknown')
        : next.kind === 'head'
          ? next.name
            ? t('nextStaffHead', { name: next.name })
            : t('nextStaffHeadUnknown')
          : t('nextNone');
  return (
    <Section id="home-staff" title={t('homeStaffTitle')}>
      <p className="muted small">
        {staff.person.full_name} · {staff.person.position_name} · {staff.person.org_unit_name}
      </p>
      <p className="home-item-meta">
        <strong className="home-figure">{formatPeriod(staff.period, lang)}</strong>{' '}
        {staff.total !== null ? t('homeStaffScore', { total: num(staff.total) }) : t('homeStaffNoScore')}
        {staff.band_name && ` · ${staff.band_name}`}
      </p>
      <p className={staff.mine ? 'home-you' : 'home-next'}>
        {staff.mine ? t('homeStaffSelf', { month: formatPeriod(staff.period, lang) }) : nextText}
      </p>
      <p>
        <Link to={staffPath('cua-toi', { ky: staff.period })} className="btn btn-small">
          {t('homeStaffOpen')}
        </Link>
      </p>
      {staff.to_self_assess && (
        <p className="home-you">
          <span aria-hidden="true">➜ </span>
          <Link to={staffPath('cua-toi', { ky: staff.to_self_assess })}>
            {t('homeStaffSelf', { month: formatPeriod(staff.to_self_assess, lang) })}
          </Link>
        </p>
      )}
    </Section>
  );
}

function TeamSection({ team }: { team: TeamWaiting[] }) {
  const { t, lang } = useI18n();
  return (
    <Section id="home-team" title={t('homeTeamTitle')}>
      {team.length === 0 ? (
        <p className="home-empty">{t('homeTeamNone')}</p>
      ) : (
        <ul className="home-list">
          {team.map((w) => (
            <li key={`${w.person_id}|${w.period}`} className="home-item">
              <p className="home-item-title">
                <Link to={staffPath('cua-toi', { nguoi: String(w.person_id), ky: w.period })}>
                  {w.full_name}
                </Link>
              </p>
              <p className="small">
                {formatPeriod(w.period, lang)} ·{' '}
                <span className="home-you">
                  {t(w.step === 'review' ? 'homeTeamReview' : 'homeTeamApprove')}
                </span>
              </p>
            </li>
          ))}
        </ul>
      )}
      <p className="small">
        <Link to={staffPath('nhom')}>{t('homeTeamOpen')}</Link>
      </p>
    </Section>
  );
}

function OfficeSections({ home }: { home: Home }) {
  const { t } = useI18n();
  const p = home.pipeline!;
  return (
    <>
      <Section id="home-pipeline" title={t('homePipelineTitle')}>
        {p.by_state.length === 0 ? (
          <p className="home-empty">{t('homePipelineNone')}</p>
        ) : (
          <ul className="home-states">
            {p.by_state.map((s) => (
              <li key={s.state}>
                <Link to={href(paths.dossiers, { state: s.state })}>
                  <span className="home-figure">{s.count}</span> <StateBadge state={s.state} />
                </Link>
              </li>
            ))}
          </ul>
        )}
        <h3>{t('homeOpenTitle')}</h3>
        <DossierTasks tasks={p.open} empty={t('homeOpenNone')} />
      </Section>
      <Section id="home-revocation" title={t('homeRevocationTitle')}>
        {(home.revocation ?? []).length === 0 ? (
          <p className="home-empty">{t('homeRevocationNone')}</p>
        ) : (
          <ul className="home-list">
            {home.revocation!.map((r) => (
              <li key={`${r.framework_id}|${r.unit_code}`} className="home-item home-item-overdue">
                <p className="home-item-title">
                  <Link to={dossierHref(r.dossier_id)}>{unitLabel(r.unit_code, r.unit_name)}</Link>
                </p>
                <p className="muted small">{r.framework_name}</p>
                <p className="small">{r.reason}</p>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section id="home-late" title={t('homeLateTitle')}>
        {(home.reports ?? []).length === 0 ? (
          <p className="home-empty">{t('homeReportsNone')}</p>
        ) : (
          <ReportList reports={home.reports!} />
        )}
      </Section>
    </>
  );
}

/** "Việc của tôi": what the logged-in person has to do, by role, with links into the pages. */
export function HomePage() {
  const { t } = useI18n();
  const { session } = useSession();
  const home = useQuery(apiQuery<Home>('/home'));
  if (home.error) return <ErrorBox error={home.error} onRetry={home.refetch} />;
  if (!home.data) return <Loading />;
  const h = home.data;
  const nothing =
    h.units.length === 0 &&
    h.rulings === null &&
    h.pipeline === null &&
    h.votes === null &&
    h.areas === null &&
    h.staff === null &&
    h.team === null;
  return (
    <div className="home">
      <h1 className="page-title">{t('homeTitle')}</h1>
      <p className="lead">
        {session?.user && t('homeHello', { name: session.user.display_name })}{' '}
        <span className="muted small">{t('homeToday', { date: formatDate(h.today) })}</span>
      </p>
      {nothing && (
        <p className="alert alert-info">
          {t('homeNoRole')} <Link to="/tong-quan">{t('homeSeeOverview')}</Link>
        </p>
      )}
      {h.units.map((u) => (
        <UnitSection key={u.unit.code} work={u} />
      ))}
      {h.rulings !== null && (
        <Section id="home-rulings" title={t('homeRulingsTitle')}>
          <DossierTasks tasks={h.rulings} empty={t('homeRulingsNone')} />
        </Section>
      )}
      {h.votes !== null && (
        <Section id="home-votes" title={t('homeVotesTitle')}>
          <DossierTasks tasks={h.votes} empty={t('homeVotesNone')} />
        </Section>
      )}
      {h.pipeline !== null && <OfficeSections home={h} />}
      {h.areas?.map((a) => (
        <AreaSection key={a.unit.code} area={a} />
      ))}
      {h.team !== null && <TeamSection team={h.team} />}
      {h.staff !== null && <StaffSection staff={h.staff} />}
    </div>
  );
}
