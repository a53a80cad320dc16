import { useQuery } from '@tanstack/react-query';
import { getJson } from '../api/client.ts';
import type { StoredValue } from '../api/types.ts';
import { formatDateTime, formatPeriod } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { flush, type OutboxItem, type QueuedValue, removeItem, requeue } from './outbox.ts';
import { useOutbox } from './useOutbox.ts';

/** The figure now on the server, beside the one kept on the device: the person keeps one. */
function ValueConflict({ item }: { item: QueuedValue }) {
  const { t } = useI18n();
  const params = { unit: item.unitCode, period: item.period };
  const current = useQuery({
    queryKey: ['/values', params],
    queryFn: ({ signal }) => getJson<{ values: StoredValue[] }>('/values', params, signal),
  });
  const measure = item.indicator.includes(':') ? null : item.indicator;
  const server = current.data?.values.find((v) =>
    measure ? v.measure === measure : v.indicator_codes.includes(item.label),
  );
  const shown = (v: StoredValue) => (v.na ? t('notApplicableValue') : String(v.value ?? '—'));
  return (
    <div className="outbox-conflict">
      <p>
        <strong>{t('fieldConflictTitle')}</strong>
      </p>
      {server && (
        <p>
          {t('fieldConflictServer', {
            value: shown(server),
            who: server.actor ?? '—',
            time: formatDateTime(server.changed_at),
          })}
        </p>
      )}
      <p>{t('fieldConflictMine', { value: item.value, time: formatDateTime(item.createdAt) })}</p>
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary btn-small"
          disabled={!server}
          onClick={() => server && void requeue({ ...item, basedOn: server.changed_at })}
        >
          {t('fieldKeepMine')}
        </button>
        <button type="button" className="btn btn-small" onClick={() => void removeItem(item.id!)}>
          {t('fieldKeepServer')}
        </button>
      </div>
    </div>
  );
}

function describe(item: OutboxItem, t: ReturnType<typeof useI18n>['t'], lang: 'vi' | 'en'): string {
  if (item.kind === 'value')
    return t('fieldQueuedValue', {
      indicator: item.label,
      unit: item.unitCode,
      period: formatPeriod(item.period, lang),
      value: item.value,
    });
  if (item.kind === 'photo')
    return t('fieldQueuedPhoto', {
      file: item.fileName,
      dossier: item.dossierId,
      indicator: item.indicatorCodes.join(', '),
    });
  return t('fieldQueuedRuling', { indicator: item.indicatorCode, dossier: item.dossierId });
}

/** /cho-gui: what waits on this device, conflicts to decide, refusals to correct or drop. */
export function OutboxPage() {
  const { t, lang } = useI18n();
  const { items, online, sending } = useOutbox();
  const states = {
    pending: 'fieldStatePending',
    conflict: 'fieldStateConflict',
    failed: 'fieldStateFailed',
  } as const;
  return (
    <div className="card">
      <h1 className="page-title">{t('fieldOutboxTitle')}</h1>
      <p className="muted">{t('fieldOutboxIntro')}</p>
      {items.length === 0 ? (
        <p>{t('fieldOutboxEmpty')}</p>
      ) : (
        <ul className="outbox-list">
          {items.map((item) => (
            <li key={item.id} className={`outbox-item outbox-${item.status}`}>
              <p>
                <span className={item.status === 'pending' ? 'tag' : 'tag tag-warn'}>
                  {t(states[item.status])}
                </span>{' '}
                {describe(item, t, lang)}
              </p>
              <p className="muted small">{t('fieldEnteredAt', { time: formatDateTime(item.createdAt) })}</p>
              {item.kind === 'value' && item.status === 'conflict' && <ValueConflict item={item} />}
              {item.status === 'failed' && (
                <>
                  <p className="error-text">{item.error?.message}</p>
                  <div className="actions">
                    <button type="button" className="btn btn-small" onClick={() => void requeue(item)}>
                      {t('fieldRetry')}
                    </button>
                    <button type="button" className="btn btn-small" onClick={() => void removeItem(item.id!)}>
                      {t('fieldDiscard')}
                    </button>
                  </div>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {online && items.some((i) => i.status === 'pending') && (
        <button type="button" className="btn" disabled={sending} onClick={() => void flush()}>
          {sending ? t('fieldSending') : t('fieldSendNow')}
        </button>
      )}
    </div>
  );
}
