import { formatPeriod } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { navigate } from '../../router.tsx';
import { Breadcrumbs } from '../../ui/Breadcrumbs.tsx';
import { ErrorBox, Loading } from '../../ui/Feedback.tsx';
import { asApiError, bandName, type Distribution, type TeamPeriod, useOrg, useStaffRead } from './api.ts';
import { MonthField, staffPath } from './common.tsx';

// Patterns as well as colours, so the bands never differ by colour alone (each bar is also labelled).
const fills = ['#1b5e20', '#4caf50', '#f9a825', '#c62828'];

/** A unit's band distribution by month (a chart, with a flag when nearly all are in the top bands) and its ranking. */
export function UnitStaffPage({ unit, from, to }: { unit: string; from: string; to: string }) {
  const { t, lang } = useI18n();
  const org = useOrg();
  const dist = useStaffRead<Distribution>(
    `/staff/units/${encodeURIComponent(unit)}/distribution?from=${from}&to=${to}`,
  );
  const team = useStaffRead<TeamPeriod>(`/staff/units/${encodeURIComponent(unit)}/evaluations/${to}`);
  if (dist.error) return <ErrorBox error={asApiError(dist.error)} onRetry={() => void dist.refetch()} />;
  if (team.error) return <ErrorBox error={asApiError(team.error)} onRetry={() => void team.refetch()} />;
  if (!dist.data || !team.data) return <Loading />;
  const { frame, rows } = team.data;
  const ranked = rows.filter((r) => r.total !== null).sort((a, b) => b.total! - a.total!);
  return (
    <>
      <Breadcrumbs items={[{ label: t('navStaff'), to: '/danh-gia-can-bo' }, { label: t('staffUnit') }]} />
      <h1 className="page-title">
        {t('staffUnit')} — {org.nameOf(unit)}
      </h1>
      <div className="controls">
        <MonthField
          id="from"
          label={t('staffFrom')}
          value={from}
          onChange={(m) => navigate(staffPath('don-vi', { 'don-vi': unit, tu: m, den: to }))}
        />
        <MonthField
          id="to"
          label={t('staffTo')}
          value={to}
          onChange={(m) => navigate(staffPath('don-vi', { 'don-vi': unit, tu: from, den: m }))}
        />
      </div>
      <section className="card" aria-labelledby="dist-title">
        <h2 id="dist-title">{t('staffDistribution')}</h2>
        <ul className="legend legend-list">
          {frame.bands.map((b, i) => (
            <li key={b.code}>
              <svg width="14" height="14" aria-hidden="true">
                <rect width="14" height="14" fill={fills[i]} />
              </svg>{' '}
              {b.name}
            </li>
          ))}
        </ul>
        {dist.data.periods.length === 0 && <p className="muted">{t('staffNone')}</p>}
        {dist.data.periods.map((p) => (
          <div key={p.period} className="block" data-testid={`dist-${p.period}`}>
            <p>
              <strong>{formatPeriod(p.period, lang)}</strong> · {p.total} {t('staffPeople')}
            </p>
            <svg
              viewBox="0 0 100 8"
              width="100%"
              height="28"
              role="img"
              aria-label={frame.bands.map((b) => `${b.name}: ${p.counts[b.code] ?? 0}`).join('; ')}
            >
              {(() => {
                let x = 0;
                return frame.bands.map((b, i) => {
                  const w = p.total ? ((p.counts[b.code] ?? 0) / p.total) * 100 : 0;
                  const rect = <rect key={b.code} x={x} y={0} width={w} height={8} fill={fills[i]} />;
                  x += w;
                  return rect;
                });
              })()}
            </svg>
            <p className="small">
              {frame.bands.map((b) => `${b.name}: ${p.counts[b.code] ?? 0}`).join(' · ')}
            </p>
            {p.flagged && (
              <p className="alert alert-warning" role="note">
                ⚠ {t('staffFlagged', { p: p.top_share, w: dist.data!.warning_pct })}
              </p>
            )}
          </div>
        ))}
      </section>
      <section className="card" aria-labelledby="rank-title">
        <h2 id="rank-title">{t('staffRanking', { p: formatPeriod(to, lang) })}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('staffAssignee')}</th>
                <th scope="col">{t('staffOrgUnit')}</th>
                <th scope="col">{t('staffTotal')}</th>
                <th scope="col">{t('staffBandFinal')}</th>
              </tr>
            </thead>
            <tbody>
              {ranked.map((r, i) => (
                <tr key={r.person.id}>
                  <td>{i + 1}</td>
                  <td>{r.person.full_name}</td>
                  <td>{r.person.org_unit_name}</td>
                  <td>{r.total!.toLocaleString('vi-VN')}</td>
                  <td>{bandName(frame, r.band)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
