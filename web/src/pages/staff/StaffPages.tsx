import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { ErrorBox, Loading } from '../../ui/Feedback.tsx';
import { asApiError, currentMonth, type Frames, type Me, useOrg, useStaffRead } from './api.ts';
import { CataloguePage } from './CataloguePage.tsx';
import { staffPath } from './common.tsx';
import { FramePage } from './FramePage.tsx';
import { PersonPage } from './PersonPage.tsx';
import { TeamPage } from './TeamPage.tsx';
import { UnitStaffPage } from './UnitStaffPage.tsx';

function previousMonths(end: string, n: number): string {
  const [y, m] = end.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 - n, 1));
  return d.toISOString().slice(0, 7);
}

/** /danh-gia-can-bo[/cua-toi|/nhom|/don-vi|/danh-muc|/khung]: the staff evaluation pages. */
export function StaffPages({ path, query }: { path: string; query: URLSearchParams }) {
  const me = useStaffRead<Me>('/staff/me');
  const org = useOrg();
  const period = query.get('ky') ?? currentMonth();
  if (me.error) return <ErrorBox error={asApiError(me.error)} onRetry={() => void me.refetch()} />;
  if (org.error) return <ErrorBox error={asApiError(org.error)} />;
  if (!me.data || !org.loaded) return <Loading />;
  const own = me.data.person;
  // The person's own node; an administrator outside the tree starts at its top agency.
  const unit = query.get('don-vi') ?? own?.org_unit ?? org.top;
  if (
    unit === null &&
    !path.startsWith('/danh-gia-can-bo/cua-toi') &&
    !path.startsWith('/danh-gia-can-bo/khung')
  )
    return <NoOrg />;
  if (path.startsWith('/danh-gia-can-bo/cua-toi')) {
    const id = Number(query.get('nguoi') ?? own?.id);
    if (!id) return <NoPerson />;
    return <PersonPage key={`${id}|${period}`} personId={id} period={period} />;
  }
  if (path.startsWith('/danh-gia-can-bo/danh-muc')) return <CataloguePage key={unit} unit={unit!} />;
  if (path.startsWith('/danh-gia-can-bo/khung')) return <FramePage key={period} period={period} />;
  if (path.startsWith('/danh-gia-can-bo/nhom'))
    return <TeamPage key={`${unit}|${period}`} unit={unit!} period={period} />;
  if (path.startsWith('/danh-gia-can-bo/don-vi')) {
    const to = query.get('den') ?? period;
    return (
      <UnitStaffPage
        key={`${unit}|${to}`}
        unit={unit!}
        from={query.get('tu') ?? previousMonths(to, 5)}
        to={to}
      />
    );
  }
  return <StaffHome me={me.data} unit={unit} top={org.top} period={period} />;
}

function NoOrg() {
  const { t } = useI18n();
  return <p className="alert alert-info">{t('staffNoOrg')}</p>;
}

function NoPerson() {
  const { t } = useI18n();
  return <p className="alert alert-info">{t('staffNoPerson')}</p>;
}

function StaffHome({
  me,
  unit,
  top,
  period,
}: {
  me: Me;
  unit: string | null;
  top: string | null;
  period: string;
}) {
  const { t } = useI18n();
  const frames = useStaffRead<Frames>('/staff/frames');
  return (
    <>
      <h1 className="page-title">{t('staffTitle')}</h1>
      <p className="lead">{t('staffIntro')}</p>
      {!me.person && !me.admin && <NoPerson />}
      <ul className="plain-list">
        {me.person && (
          <li>
            <Link to={staffPath('cua-toi', { ky: period })}>{t('staffMine')}</Link>
          </li>
        )}
        {unit && (
          <li>
            <Link to={staffPath('nhom', { 'don-vi': unit, ky: period })}>{t('staffTeam')}</Link>
          </li>
        )}
        {unit && (me.head || me.admin) && (
          <li>
            <Link to={staffPath('don-vi', { 'don-vi': (me.admin && top) || unit, den: period })}>
              {t('staffUnit')}
            </Link>
          </li>
        )}
        {unit && (
          <li>
            <Link to={staffPath('danh-muc', { 'don-vi': unit })}>{t('staffCatTitle')}</Link>
          </li>
        )}
        <li>
          <Link to={staffPath('khung', { ky: period })}>{t('staffFrameTitle')}</Link>
        </li>
      </ul>
      {frames.data ? (
        frames.data.frames.map((f) => (
          <section className="card" key={f.id}>
            <h2>{f.name}</h2>
            <p>
              {f.components.map((c) => `${c.name}: ${c.max}`).join(' · ')} ·{' '}
              {f.bands.map((b) => `${b.name} ≥ ${b.min}`).join('; ')}
            </p>
            {f.unverified.length > 0 && (
              <details>
                <summary>{t('staffUnverified')}</summary>
                <ul>
                  {f.unverified.map((u) => (
                    <li key={u}>{u}</li>
                  ))}
                </ul>
              </details>
            )}
          </section>
        ))
      ) : (
        <Loading />
      )}
    </>
  );
}
