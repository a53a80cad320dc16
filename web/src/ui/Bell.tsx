import { useI18n } from '../i18n/i18n.tsx';
import { useNotices } from '../pages/notifications/api.ts';
import { Link, useLocation } from '../router.tsx';
import { paths } from '../routes.ts';
import { useSession } from '../session/session.tsx';

/** The notification bell in the header: unread count, links to the notification centre. */
export function Bell() {
  const { t, num } = useI18n();
  const { session } = useSession();
  const { path } = useLocation();
  const loggedIn = Boolean(session?.user);
  const { data } = useNotices({ enabled: loggedIn, poll: true, limit: 1 });
  if (!loggedIn) return null;
  const unread = data?.unread ?? 0;
  return (
    <Link
      to={paths.notifications}
      className={path.startsWith(paths.notifications) ? 'bell active' : 'bell'}
      aria-label={unread > 0 ? t('noticesBell', { n: unread }) : t('noticesBellNone')}
      title={unread > 0 ? t('noticesBell', { n: unread }) : t('noticesBellNone')}
    >
      <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
        />
      </svg>
      {unread > 0 && <span className="bell-count">{unread > 99 ? '99+' : num(unread, 0)}</span>}
    </Link>
  );
}
