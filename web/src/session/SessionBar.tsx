import { useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { grantText, roleNames } from '../pages/accounts/grants.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { loginHref, loginPath } from './login-href.ts';
import { useSession } from './session.tsx';

/** In the header: who is logged in (name, roles) with a logout button, or a login link. */
export function SessionBar() {
  const { t } = useI18n();
  const { session, logout } = useSession();
  const { path, query } = useLocation();
  const [busy, setBusy] = useState(false);
  if (!session) return null;
  const user = session.user;
  if (!user) {
    if (session.auth === 'off' || path === loginPath) return null;
    const here = path + (query.toString() ? `?${query}` : '');
    return (
      <Link to={loginHref(here)} className="btn btn-small session-login">
        {t('navLogin')}
      </Link>
    );
  }
  const out = async () => {
    setBusy(true);
    try {
      await logout();
    } finally {
      setBusy(false);
      navigate(loginPath);
    }
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: a labelled group in the header, not a form
    <div className="session-bar" role="group" aria-label={t('sessionUserLabel')}>
      <span className="session-who">
        <span className="session-name">{user.display_name}</span>
        <span className="session-roles" title={user.grants.map((g) => grantText(t, g)).join('\n')}>
          {/* No role yet: the username, as typed at login (data-raw for the journeys' checker). */}
          {roleNames(t, user.grants) || <span data-raw>{user.username}</span>}
        </span>
      </span>
      <button type="button" className="btn btn-small" onClick={out} disabled={busy}>
        {busy ? t('accLoggingOut') : t('accLogout')}
      </button>
    </div>
  );
}
