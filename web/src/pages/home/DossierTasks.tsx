import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { useNextActorText } from '../dossiers/NextActor.tsx';
import { StateBadge } from '../dossiers/StateBadge.tsx';
import { dossierHref, unitLabel } from '../dossiers/types.ts';
import type { DossierTask } from './types.ts';

/**
 * A list of dossiers to act on: unit, framework and round, state, since when, the deadline, and
 * who acts next in words when it is not the reader ("Chờ Sở Giao thông vận tải … thẩm định").
 */
export function DossierTasks({ tasks, empty }: { tasks: DossierTask[]; empty: string }) {
  const { t } = useI18n();
  const nextText = useNextActorText();
  if (tasks.length === 0) return <p className="home-empty">{empty}</p>;
  return (
    <ul className="home-list">
      {tasks.map((d) => (
        <li key={d.id} className={d.overdue ? 'home-item home-item-overdue' : 'home-item'}>
          <p className="home-item-title">
            <Link to={dossierHref(d.id)}>
              {t('homeOpenDossier', { id: d.id })} · {unitLabel(d.unit_code, d.unit_name)}
            </Link>
          </p>
          <p className="muted small">
            {d.framework_name} · {t('year', { year: d.round })}
          </p>
          <p className="home-item-meta">
            <StateBadge state={d.state} />{' '}
            <span className="muted small">{t('homeSince', { date: formatDate(d.since) })}</span>
            {d.deadline && (
              <span className={d.overdue ? 'home-deadline home-overdue' : 'home-deadline'}>
                {t('homeDeadline', { date: formatDate(d.deadline) })}
                {d.overdue && ` — ${t('homeOverdue')}`}
              </span>
            )}
          </p>
          {d.my_criteria && d.my_criteria.length > 0 && (
            <p className="home-you">{t('homeRulingsCriteria', { list: d.my_criteria.join(', ') })}</p>
          )}
          {d.mine ? (
            <p className="home-you">
              <span aria-hidden="true">➜ </span>
              {t('homeYouAct')}
              {d.deadline ? ` (${t('homeDeadline', { date: formatDate(d.deadline) })})` : ''}
            </p>
          ) : (
            <p className="home-next">{nextText(d.next, d.unit_name ?? d.unit_code)}</p>
          )}
        </li>
      ))}
    </ul>
  );
}
