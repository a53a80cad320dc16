import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { postJson } from '../../api/client.ts';
import { apiQuery, invalidatePaths } from '../../api/query.ts';
import type { Body, Schema } from '../../api/types.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorBox, Loading } from '../../ui/Feedback.tsx';
import '../portal/portal.css';

/** GET /api/portal/feedback: one item of the moderation queue. */
type QueueItem = Schema<'StaffFeedback'>;

const stateKey = {
  pending: 'portalStaffPending',
  approved: 'portalStaffApproved',
  rejected: 'portalStaffRejected',
} as const;

function Item({ item, onDone }: { item: QueueItem; onDone(id: number): void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [answer, setAnswer] = useState(item.answer ?? '');
  const moderate = useMutation({
    mutationFn: (body: Body<'/portal/feedback/{id}/moderation'>) =>
      postJson(`/portal/feedback/${item.id}/moderation`, body),
    onSuccess: () => {
      onDone(item.id);
      return invalidatePaths('/portal/feedback', '/public');
    },
  });
  const error = moderate.error;
  const act = (action: 'approve' | 'reject' | 'answer') => moderate.mutate({ action, reason, answer });
  const p = `fb-${item.id}`;
  return (
    <li className="card">
      <article aria-labelledby={`${p}-h`}>
        <h2 id={`${p}-h`} className="small">
          #{item.id} — {item.unit_name ?? item.unit_code} —{' '}
          {t('portalFeedbackOn', { no: item.criterion_no, name: item.criterion_name ?? '' })} —{' '}
          {t(stateKey[item.state])}
        </h2>
        <p className="small muted">
          {item.author_name}
          {item.phone && ` — ${t('portalStaffPhone')}: ${item.phone}`} — {formatDateTime(item.created_at)}
        </p>
        <p>{item.content}</p>
        {item.reject_reason && (
          <p className="small">
            {t('portalStaffRejectReason')}: {item.reject_reason}
          </p>
        )}
        {item.abilities.moderate && (
          <div className="portal-form">
            {item.state === 'pending' && (
              <button type="button" className="btn" onClick={() => act('approve')}>
                {t('portalStaffApprove')}
              </button>
            )}
            {item.state !== 'rejected' && (
              <div className="field">
                <label className="field-label" htmlFor={`${p}-answer`}>
                  {t('portalStaffAnswerText')}
                </label>
                <textarea
                  id={`${p}-answer`}
                  rows={3}
                  value={answer}
                  onChange={(e) => setAnswer(e.target.value)}
                />
                <button type="button" className="btn btn-primary" onClick={() => act('answer')}>
                  {t('portalStaffAnswer')}
                </button>
              </div>
            )}
            {item.state === 'pending' && (
              <div className="field">
                <label className="field-label" htmlFor={`${p}-reason`}>
                  {t('portalStaffRejectReason')}
                </label>
                <input id={`${p}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} />
                <button type="button" className="btn btn-danger" onClick={() => act('reject')}>
                  {t('portalStaffReject')}
                </button>
              </div>
            )}
          </div>
        )}
        {error && <ErrorBox error={error} />}
      </article>
    </li>
  );
}

/** /kiem-duyet-y-kien: residents' feedback to approve, reject or answer (feedback.moderate). */
export function ModerationPage() {
  const { t } = useI18n();
  const [state, setState] = useState<'' | 'pending' | 'approved' | 'rejected'>('pending');
  const [done, setDone] = useState<number | null>(null);
  const queue = useQuery(
    apiQuery<{ feedback: QueueItem[] }>('/portal/feedback', { state: state || undefined }),
  );
  return (
    <>
      <h1 className="page-title">{t('portalStaffModeration')}</h1>
      <p className="lead">{t('portalStaffModerationLead')}</p>
      <div className="field staff-filter">
        <label className="field-label" htmlFor="mod-state">
          {t('portalStaffFilter')}
        </label>
        <select id="mod-state" value={state} onChange={(e) => setState(e.target.value as typeof state)}>
          <option value="pending">{t('portalStaffPending')}</option>
          <option value="approved">{t('portalStaffApproved')}</option>
          <option value="rejected">{t('portalStaffRejected')}</option>
          <option value="">{t('portalStaffAll')}</option>
        </select>
      </div>
      {done !== null && (
        <p className="alert alert-success" role="status">
          {t('portalStaffDone', { id: done })}
        </p>
      )}
      {queue.isLoading && !queue.data && <Loading />}
      {queue.error && <ErrorBox error={queue.error} onRetry={queue.refetch} />}
      {queue.data && queue.data.feedback.length === 0 && <p>{t('portalStaffModerationNone')}</p>}
      {queue.data && queue.data.feedback.length > 0 && (
        <ul className="moderation-list">
          {queue.data.feedback.map((f) => (
            <Item key={f.id} item={f} onDone={setDone} />
          ))}
        </ul>
      )}
    </>
  );
}
