import type { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { paths } from '../../routes.ts';
import { useSession } from '../../session/session.tsx';
import { useSubscribe, useSubscriptions } from './api.ts';

/** "Nhận báo cáo tháng" for the unit on screen (logged-in readers only); once on, links to the centre. */
export function SubscribeButton({ unitCode }: { unitCode: string }) {
  const { t } = useI18n();
  const { session } = useSession();
  const loggedIn = Boolean(session?.user);
  const subs = useSubscriptions(loggedIn);
  const subscribe = useSubscribe();
  if (!loggedIn || !subs.data) return null;
  if (subs.data.subscriptions.some((s) => s.unit_code === unitCode))
    return <Link to={paths.notifications}>{t('reportsSubscribed')}</Link>;
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        disabled={subscribe.isPending}
        onClick={() => subscribe.mutate(unitCode)}
      >
        {t('reportsSubscribe')}
      </button>
      {subscribe.error && (
        <span role="alert" className="notice-error">
          {' '}
          {(subscribe.error as ApiError).message}
        </span>
      )}
    </>
  );
}
