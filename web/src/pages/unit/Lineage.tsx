import type { Unit, UnitDetail } from '../../api/types.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { unitHref } from '../../routes.ts';

/** The unit's intervals, what it was formed from and what it became, with dates and links. */
export function Lineage({
  detail,
  framework,
  period,
}: {
  detail: UnitDetail;
  framework: string;
  period: string;
}) {
  const { t } = useI18n();
  const { predecessors, successors, history } = detail;
  if (predecessors.length === 0 && successors.length === 0 && history.length <= 1) return null;
  return (
    <section className="card lineage" aria-labelledby="lineage-title">
      <h2 id="lineage-title">{t('lineage')}</h2>
      {predecessors.length > 0 && (
        <UnitLinks title={t('predecessors')} units={predecessors} framework={framework} period={period} />
      )}
      {successors.length > 0 && (
        <UnitLinks title={t('successors')} units={successors} framework={framework} period={period} />
      )}
      {history.length > 1 && (
        <>
          <h3>{t('historyIntervals', { code: detail.unit.code })}</h3>
          <ul className="plain-list">
            {history.map((u) => (
              <li key={`${u.valid_from ?? ''}-${u.valid_to ?? ''}`}>
                {u.name} — <Validity unit={u} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function UnitLinks({
  title,
  units,
  framework,
  period,
}: {
  title: string;
  units: Unit[];
  framework: string;
  period: string;
}) {
  const { kind } = useI18n();
  return (
    <>
      <h3>{title}</h3>
      <ul className="plain-list">
        {units.map((u) => (
          <li key={`${u.code}-${u.valid_from ?? ''}`}>
            <Link to={unitHref(u.code, { framework, period: periodFor(u, period) })}>{u.name}</Link>{' '}
            <span className="muted">
              ({kind(u.kind)} · {u.code} · <Validity unit={u} />)
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** A period in which the linked unit exists: the current one if it fits, else its first or last year. */
function periodFor(u: Unit, period: string): string {
  const y = Number(period.slice(0, 4));
  const from = u.valid_from ? Number(u.valid_from.slice(0, 4)) : -Infinity;
  const to = u.valid_to ? Number(u.valid_to.slice(0, 4)) : Infinity;
  // A yearly evaluation uses the tree of 31 December: the unit must exist then.
  const endsInYear = u.valid_to && !u.valid_to.endsWith('12-31');
  const last = endsInYear ? to - 1 : to;
  if (y >= from && y <= last) return period;
  if (y < from) return String(from);
  return String(last);
}

export function Validity({ unit }: { unit: Unit }) {
  const { t } = useI18n();
  if (!unit.valid_from && !unit.valid_to) return <>{t('validAlways')}</>;
  const parts = [
    unit.valid_from ? t('validFrom', { date: formatDate(unit.valid_from) }) : null,
    unit.valid_to ? t('validTo', { date: formatDate(unit.valid_to) }) : null,
  ].filter(Boolean);
  return <>{parts.join(' ')}</>;
}
