import { useEffect } from 'react';
import './offline.css';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';
import { paths } from '../routes.ts';
import { useSession } from '../session/session.tsx';
import { setOutboxUser } from './outbox.ts';
import { useOutbox } from './useOutbox.ts';

export const outboxPath = paths.outbox;

/**
 * The header's connection line, always visible when it says something: "Đang ngoại tuyến — 3 mục
 * chờ gửi", "Đang gửi…", items needing a decision; nothing when online with an empty queue.
 * Also tells the queue whose items to send.
 */
export function OfflineStatus() {
  const { t } = useI18n();
  const { session } = useSession();
  const { online, sending, items } = useOutbox();
  const username = session?.user?.username ?? (session?.auth === 'off' ? '-' : null);
  useEffect(() => setOutboxUser(username), [username]);
  const mine = items.filter((i) => username === null || i.username === username);
  const pending = mine.filter((i) => i.status === 'pending').length;
  const attention = mine.length - pending;
  if (online && !sending && mine.length === 0) return null;
  const words = sending
    ? t('fieldSending')
    : !online
      ? pending > 0
        ? t('fieldOfflineCount', { n: pending })
        : t('fieldOffline')
      : pending > 0
        ? t('fieldPendingCount', { n: pending })
        : '';
  return (
    <div className={online ? 'offline-status' : 'offline-status is-offline'} role="status">
      <div className="offline-status-inner">
        {words && <span>{words}</span>}
        {attention > 0 && (
          <span className="offline-attention">{t('fieldConflictCount', { n: attention })}</span>
        )}
        {mine.length > 0 && <Link to={outboxPath}>{t('fieldOpenOutbox')}</Link>}
      </div>
    </div>
  );
}
