import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { apiQuery } from '../../api/query.ts';
import type { Res, Schema } from '../../api/types.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useLoginRequired } from '../../session/require-login.ts';
import { useSession } from '../../session/session.tsx';
import { Empty, ErrorBox, Loading, Notice } from '../../ui/Feedback.tsx';
import { GrantForm } from './GrantForm.tsx';
import { grantText, roleNames } from './grants.ts';
import { useUnitNames } from './unit-names.ts';
import { type UserWrite, useUserWrite } from './write.ts';
import './accounts.css';

/** GET /api/users: an account as administrators see it. */
export type Account = Schema<'User'>;

const isLocked = (a: Account) => a.locked_until !== null && new Date(a.locked_until) > new Date();

/** /quan-tri/tai-khoan: accounts, their state and roles; create, reset, disable, unlock, grant, revoke. */
export function AccountsPage() {
  const { t } = useI18n();
  const { session, canSomewhere, needsLogin } = useSession();
  useLoginRequired();
  if (!session || needsLogin) return <Loading />;
  if (!canSomewhere('user.manage'))
    return (
      <div className="card">
        <h1 className="page-title">{t('accountsTitle')}</h1>
        <p>{t('forbiddenPage')}</p>
      </div>
    );
  return <Accounts />;
}

function Accounts() {
  const { t } = useI18n();
  const users = useQuery(apiQuery<{ users: Account[] }>('/users'));
  const [message, setMessage] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const names = useUnitNames(users.data?.users.flatMap((u) => u.grants.map((g) => g.unit_code)) ?? []);
  // The write itself refreshed the list and the audit log (useUserWrite).
  const done = (text: string) => setMessage(text);
  return (
    <div className="accounts-page">
      <h1 className="page-title">{t('accountsTitle')}</h1>
      <p className="lead">{t('accountsIntro')}</p>
      <div aria-live="polite">{message && <Notice kind="success">{message}</Notice>}</div>
      <CreateAccount
        onCreated={(a) => {
          done(t('accCreated', { username: a.username }));
          setOpen(a.id);
        }}
      />
      <section className="card" aria-labelledby="accounts-list">
        <h2 id="accounts-list">{t('navAccounts')}</h2>
        {users.error && <ErrorBox error={users.error} onRetry={users.refetch} />}
        {!users.error && !users.data && <Loading />}
        {users.data?.users.length === 0 && <Empty />}
        {users.data && users.data.users.length > 0 && (
          <>
            <p className="muted small">{t('accountsCount', { n: users.data.users.length })}</p>
            <div className="table-wrap">
              <table className="accounts stack-on-phone">
                <thead>
                  <tr>
                    <th scope="col">{t('accColAccount')}</th>
                    <th scope="col">{t('accColState')}</th>
                    <th scope="col">{t('accColRoles')}</th>
                    <th scope="col">{t('accColActions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {users.data.users.map((a) => (
                    <AccountRow
                      key={a.id}
                      account={a}
                      names={names}
                      open={open === a.id}
                      onToggle={() => {
                        setOpen(open === a.id ? null : a.id);
                        setMessage(null);
                      }}
                      onDone={done}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </div>
  );
}

function StateTag({ account }: { account: Account }) {
  const { t } = useI18n();
  if (!account.active) return <span className="tag tag-removed">{t('stateDisabled')}</span>;
  if (isLocked(account))
    return (
      <span className="tag tag-warn">{t('stateLocked', { time: formatDateTime(account.locked_until) })}</span>
    );
  return <span className="tag tag-added">{t('stateActive')}</span>;
}

function AccountRow({
  account: a,
  names,
  open,
  onToggle,
  onDone,
}: {
  account: Account;
  names: Map<string, string>;
  open: boolean;
  onToggle(): void;
  onDone(message: string): void;
}) {
  const { t } = useI18n();
  const panelId = `account-${a.id}`;
  return (
    <>
      <tr id={`row-${a.username}`}>
        <th scope="row">
          <span className="block">{a.display_name}</span>
          {/* The username as typed at login (may hold dots): shown as is, not as words. */}
          <code className="small" data-raw>
            {a.username}
          </code>
        </th>
        <td data-label={t('accColState')}>
          <StateTag account={a} />
        </td>
        <td data-label={t('accColRoles')}>
          {a.grants.length === 0 ? (
            <span className="muted">{t('noGrants')}</span>
          ) : (
            <ul className="grant-list">
              {a.grants.map((g) => (
                <li key={g.id}>{grantText(t, g, names.get(g.unit_code))}</li>
              ))}
            </ul>
          )}
        </td>
        <td className="account-actions">
          <button
            type="button"
            className="btn btn-small"
            aria-expanded={open}
            aria-controls={panelId}
            onClick={onToggle}
          >
            {open ? t('accClosePanel') : t('accManage', { username: a.username })}
          </button>
        </td>
      </tr>
      {open && (
        <tr className="row-panel">
          <td colSpan={4} id={panelId}>
            <AccountPanel account={a} names={names} onDone={onDone} />
          </td>
        </tr>
      )}
    </>
  );
}

/** What an administrator does with one account. */
function AccountPanel({
  account: a,
  names,
  onDone,
}: {
  account: Account;
  names: Map<string, string>;
  onDone(message: string): void;
}) {
  const { t } = useI18n();
  const write = useUserWrite();
  const busy = write.isPending;
  const error = write.error;
  const [confirming, setConfirming] = useState(false);
  const [password, setPassword] = useState('');

  const act = (request: UserWrite, message: string, then?: () => void) =>
    write.mutate(request, {
      onSuccess: () => {
        onDone(message);
        then?.();
      },
      onSettled: () => setConfirming(false),
    });
  const resetPassword = (e: FormEvent) => {
    e.preventDefault();
    act(
      { path: `/users/${a.id}/password`, body: { password } },
      t('passwordSet', { username: a.username }),
      () => setPassword(''),
    );
  };

  return (
    <div className="account-panel">
      {error && <ErrorBox error={error} />}
      <div className="panel-grid">
        <section aria-labelledby={`grants-${a.id}`}>
          <h3 id={`grants-${a.id}`}>{t('accColRoles')}</h3>
          {a.grants.length === 0 && <p className="muted">{t('noGrants')}</p>}
          <ul className="grant-list">
            {a.grants.map((g) => {
              const text = grantText(t, g, names.get(g.unit_code));
              return (
                <li key={g.id} className="grant-item">
                  <span>{text}</span>
                  <button
                    type="button"
                    className="btn btn-small btn-quiet"
                    disabled={busy}
                    aria-label={t('revokeLabel', { grant: text, username: a.username })}
                    onClick={() =>
                      act(
                        { method: 'DELETE', path: `/users/${a.id}/grants/${g.id}` },
                        t('revokedDone', { username: a.username }),
                      )
                    }
                  >
                    {t('accRevoke')}
                  </button>
                </li>
              );
            })}
          </ul>
          <GrantForm
            userId={a.id}
            onGranted={(g) => onDone(t('grantedDone', { role: roleNames(t, [g]), username: a.username }))}
          />
        </section>
        <section aria-labelledby={`state-${a.id}`}>
          <h3 id={`state-${a.id}`}>{t('accColState')}</h3>
          <p>
            <StateTag account={a} />
          </p>
          <div className="actions">
            {isLocked(a) && a.active && (
              <button
                type="button"
                className="btn"
                disabled={busy}
                onClick={() =>
                  act(
                    { path: `/users/${a.id}/unlock`, body: {} },
                    t('unlockedDone', { username: a.username }),
                  )
                }
              >
                {t('accUnlock')}
              </button>
            )}
            {a.active ? (
              <button
                type="button"
                className="btn btn-danger"
                disabled={busy}
                onClick={() => setConfirming(true)}
              >
                {t('accDisable')}
              </button>
            ) : (
              <button
                type="button"
                className="btn"
                disabled={busy}
                onClick={() =>
                  act(
                    { path: `/users/${a.id}/activate`, body: {} },
                    t('enabledDone', { username: a.username }),
                  )
                }
              >
                {t('accEnable')}
              </button>
            )}
          </div>
          {confirming && (
            <div className="alert alert-warning" role="alertdialog" aria-labelledby={`confirm-${a.id}`}>
              <p id={`confirm-${a.id}`}>{t('confirmDisable', { username: a.username })}</p>
              <div className="actions">
                <button
                  type="button"
                  className="btn btn-danger"
                  onClick={() =>
                    act(
                      { path: `/users/${a.id}/deactivate`, body: {} },
                      t('disabledDone', { username: a.username }),
                    )
                  }
                >
                  {t('accConfirmYes')}
                </button>
                <button type="button" className="btn" onClick={() => setConfirming(false)}>
                  {t('cancel')}
                </button>
              </div>
            </div>
          )}
          <form className="password-form" onSubmit={resetPassword}>
            <h3>{t('accResetPassword')}</h3>
            <label className="field">
              <span className="field-label">{t('accNewPassword')}</span>
              <input
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
              <span className="field-help">{t('accPasswordHelp')}</span>
            </label>
            <button type="submit" className="btn" disabled={busy || password.length === 0}>
              {t('accResetPassword')}
            </button>
          </form>
        </section>
      </div>
    </div>
  );
}

function CreateAccount({ onCreated }: { onCreated(a: Account): void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const create = useUserWrite<Res<'/users', 'post'>>();
  const busy = create.isPending;
  const error = create.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { path: '/users', body: { username, display_name: displayName, password: password || undefined } },
      {
        onSuccess: (r) => {
          setUsername('');
          setDisplayName('');
          setPassword('');
          onCreated(r.user);
        },
      },
    );
  };
  return (
    <section className="card" aria-labelledby="create-account">
      <h2 id="create-account">{t('createAccount')}</h2>
      <form className="controls" onSubmit={submit}>
        <label className="field">
          <span className="field-label">{t('accUsername')}</span>
          <input
            name="new-username"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label className="field field-wide">
          <span className="field-label">{t('accDisplayName')}</span>
          <input
            name="display-name"
            required
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('accInitialPassword')}</span>
          <input
            name="new-password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <span className="field-help">{t('accPasswordHelp')}</span>
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('accCreating') : t('accCreate')}
        </button>
      </form>
      <div aria-live="polite">{error && <ErrorBox error={error} />}</div>
    </section>
  );
}
