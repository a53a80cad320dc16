import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../../api/query.ts';
import type { HistoryEntry } from '../../api/types.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Empty, ErrorBox, Loading } from '../../ui/Feedback.tsx';
import { useShowValue } from './showValue.ts';

/** Who changed a figure, when, from what to what (newest first). */
export function ValueHistory({
  unit,
  measure,
  period,
  code,
}: {
  unit: string;
  measure: string;
  period: string;
  code: string;
}) {
  const { t, source } = useI18n();
  const show = useShowValue();
  const q = { unit, measure, period };
  const h = useQuery(apiQuery<{ history: HistoryEntry[] }>('/values/history', q));
  if (h.error) return <ErrorBox error={h.error} onRetry={h.refetch} />;
  if (!h.data) return <Loading />;
  const list = h.data.history;
  if (list.length === 0) return <Empty>{t('historyEmpty')}</Empty>;
  return (
    <div className="table-wrap">
      <table className="history">
        <caption>{t('historyOf', { code })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('historyWhen')}</th>
            <th scope="col">{t('historyWho')}</th>
            <th scope="col">{t('historyChange')}</th>
            <th scope="col">{t('historyNote')}</th>
            <th scope="col">{t('historySource')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((e, i) => {
            const older = list[i + 1];
            return (
              <tr key={`${e.changed_at}|${String(e.value)}`}>
                <td className="nowrap">{formatDateTime(e.changed_at)}</td>
                <td data-raw>{e.actor ?? '—'}</td>
                <td>
                  <span className="old-value">{older ? show(older.value) : '—'}</span>
                  {' → '}
                  <strong>{show(e.value)}</strong>
                </td>
                <td>{e.note ?? ''}</td>
                <td>{e.source ? source(e.source) : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
