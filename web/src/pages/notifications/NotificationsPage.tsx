import { type FormEvent, useEffect, useState } from 'react';
import type { ApiError } from '../../api/client.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, navigate } from '../../router.tsx';
import { UnitPicker } from '../../selection/UnitPicker.tsx';
import { ErrorBox, Loading, Notice } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/TextField.tsx';
import {
  type Notice as NoticeItem,
  useMarkRead,
  useNoticeSettings,
  useNotices,
  useSaveEmail,
  useSubscribe,
  useSubscriptions,
  useUnsubscribe,
} from './api.ts';

function NoticeRow({ n, onRead }: { n: NoticeItem; onRead(id: number): void }) {
  const { t } = useI18n();
  const unread = n.read_at === null;
  const open = (e: React.MouseEvent) => {
    if (!n.link) return;
    e.preventDefault();
    if (unread) onRead(n.id);
    navigate(n.link);
  };
  return (
    <li className={unread ? 'notice-item unread' : 'notice-item'}>
      <div className="notice-head">
        <strong>{n.title}</strong>
        {unread && <span className="notice-new">{t('noticesNew')}</span>}
      </div>
      <p className="notice-body">{n.body}</p>
      <div className="notice-foot">
        <span className="muted">{formatDateTime(n.created_at)}</span>
        {n.link && (
          <Link to={n.link} onClick={open} className="btn btn-small">
            {t('noticesOpen')}
          </Link>
        )}
        {n.report_id !== null && (
          <a
            className="btn btn-small"
            href={`/api/reports/files/${n.report_id}`}
            onClick={() => unread && onRead(n.id)}
          >
            {t('noticesDownload')}
          </a>
        )}
        {unread && (
          <button type="button" className="btn btn-small btn-quiet" onClick={() => onRead(n.id)}>
            {t('noticesMarkRead')}
          </button>
        )}
      </div>
    </li>
  );
}

function EmailSettings() {
  const { t } = useI18n();
  const settings = useNoticeSettings();
  const save = useSaveEmail();
  const [email, setEmail] = useState('');
  useEffect(() => {
    if (settings.data) setEmail(settings.data.email ?? '');
  }, [settings.data]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(email.trim() || null);
  };
  return (
    <section className="card">
      <h2>{t('noticesEmailTitle')}</h2>
      {settings.data && !settings.data.email_available && <Notice>{t('noticesEmailOff')}</Notice>}
      <form onSubmit={submit} className="inline-form">
        <TextField
          id="notice-email"
          type="email"
          label={t('noticesEmailField')}
          value={email}
          onValue={setEmail}
        />
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {t('noticesEmailSave')}
        </button>
      </form>
      <p className="muted">{t('noticesEmailHint')}</p>
      {save.isSuccess && <Notice kind="success">{t('noticesEmailSaved')}</Notice>}
      {save.error && <ErrorBox error={save.error as ApiError} />}
    </section>
  );
}

function Subscriptions() {
  const { t } = useI18n();
  const subs = useSubscriptions();
  const subscribe = useSubscribe();
  const unsubscribe = useUnsubscribe();
  const [unit, setUnit] = useState('');
  const error = (subscribe.error ?? unsubscribe.error) as ApiError | null;
  return (
    <section className="card">
      <h2>{t('reportsTitle')}</h2>
      <p className="muted">{t('reportsIntro')}</p>
      {subs.data && subs.data.subscriptions.length === 0 && <p>{t('reportsNone')}</p>}
      <ul className="plain-list">
        {subs.data?.subscriptions.map((s) => (
          <li key={s.id} className="subscription-row">
            <span>{s.unit_name}</span>
            <button
              type="button"
              className="btn btn-small"
              disabled={unsubscribe.isPending}
              onClick={() => unsubscribe.mutate(s.id)}
            >
              {t('reportsUnsubscribe')}
            </button>
          </li>
        ))}
      </ul>
      <div className="inline-form">
        <UnitPicker label={t('reportsUnit')} value={unit} onValue={setUnit} />
        <button
          type="button"
          className="btn btn-primary"
          disabled={!unit || subscribe.isPending}
          onClick={() => subscribe.mutate(unit, { onSuccess: () => setUnit('') })}
        >
          {t('reportsAdd')}
        </button>
      </div>
      {error && <ErrorBox error={error} />}
    </section>
  );
}

/** The notification centre: notices newest first, mark as read, e-mail address, monthly reports. */
export function NotificationsPage() {
  const { t } = useI18n();
  const notices = useNotices({ enabled: true });
  const markRead = useMarkRead();
  const unread = notices.data?.unread ?? 0;
  return (
    <div className="notices-page">
      <h1 className="page-title">{t('noticesTitle')}</h1>
      <section className="card">
        <div className="card-head">
          <p>{unread > 0 ? t('noticesUnread', { n: unread }) : t('noticesAllRead')}</p>
          {unread > 0 && (
            <button type="button" className="btn btn-small" onClick={() => markRead.mutate(undefined)}>
              {t('noticesMarkAll')}
            </button>
          )}
        </div>
        {notices.isPending && <Loading />}
        {notices.error && <ErrorBox error={notices.error as ApiError} onRetry={() => notices.refetch()} />}
        {notices.data && notices.data.notices.length === 0 && <p>{t('noticesEmpty')}</p>}
        <ul className="notice-list">
          {notices.data?.notices.map((n) => (
            <NoticeRow key={n.id} n={n} onRead={(id) => markRead.mutate([id])} />
          ))}
        </ul>
      </section>
      <EmailSettings />
      <Subscriptions />
    </div>
  );
}
