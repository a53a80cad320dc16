import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, postJson, setCsrfToken } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, navigate, useLocation } from '../../router.tsx';
import { safeReturnPath } from '../../session/login-href.ts';
import { type SessionInfo, useSession } from '../../session/session.tsx';
import { ErrorBox, Notice } from '../../ui/Feedback.tsx';
import '../accounts/accounts.css';

// The server's limits (src/accounts/sessions.ts), repeated in the messages people read.
const LOCK_AFTER = 5;
const LOCK_MINUTES = 15;
const IDLE_MINUTES = 30;

/** /dang-nhap: username and password; back to the page the person came from (?next=). */
export function LoginPage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const { session, refresh } = useSession();
  const next = safeReturnPath(query.get('next'));
  // Go back to the page asked for once the new session is the one every part of the app sees
  // (navigating before that lets a page of the old, anonymous session send us here again).
  const [loggedIn, setLoggedIn] = useState(false);
  useEffect(() => {
    if (loggedIn && session?.user) navigate(next, { replace: true });
  }, [loggedIn, session, next]);
  const expired = query.get('expired') === '1';
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string } | { api: ApiError } | null>(null);
  const userInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    userInput.current?.focus();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError({ text: t('loginMissing') });
      (username.trim() ? passwordInput : userInput).current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const s = await postJson<SessionInfo>('/session', { username, password });
      setCsrfToken(s.csrf_token);
      await refresh();
      setLoggedIn(true);
    } catch (err) {
      const api = err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err));
      if (api.code === 'LOGIN_FAILED')
        setError({ text: t('loginFailed', { n: LOCK_AFTER, minutes: LOCK_MINUTES }) });
      else if (api.code === 'LOGIN_RATE_LIMITED')
        setError({ text: t('loginRateLimited', { minutes: LOCK_MINUTES }) });
      else setError({ api });
      setPassword('');
      passwordInput.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const user = session?.user;
  return (
    <div className="login-page">
      <section className="card login-card" aria-labelledby="login-title">
        <h1 id="login-title" className="page-title">
          {t('loginTitle')}
        </h1>
        {expired && !user && (
          <Notice kind="warning">
            <p>{t('sessionExpired', { minutes: IDLE_MINUTES })}</p>
          </Notice>
        )}
        {!expired && next !== '/' && !user && (
          <Notice kind="info">
            <p>{t('loginNeeded')}</p>
          </Notice>
        )}
        {user ? (
          <>
            <p>{t('alreadyLoggedIn', { name: user.display_name })}</p>
            <p>
              <Link to={next} className="btn btn-primary">
                {t('accContinueTo')}
              </Link>
            </p>
          </>
        ) : (
          <form className="login-form" onSubmit={submit} noValidate>
            <p className="muted">{t('loginIntro')}</p>
            <label className="field">
              <span className="field-label">{t('accUsername')}</span>
              <input
                ref={userInput}
                name="username"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                aria-invalid={error !== null && !username.trim()}
              />
            </label>
            <label className="field">
              <span className="field-label">{t('accPassword')}</span>
              <input
                ref={passwordInput}
                name="password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                aria-invalid={error !== null && !password}
              />
            </label>
            <div aria-live="assertive">
              {error && 'text' in error && (
                <div className="alert alert-error" role="alert">
                  <p>{error.text}</p>
                </div>
              )}
              {error && 'api' in error && <ErrorBox error={error.api} />}
            </div>
            <button type="submit" className="btn btn-primary login-submit" disabled={busy}>
              {busy ? t('loggingIn') : t('loginSubmit')}
            </button>
          </form>
        )}
        {session?.auth === 'off' && <p className="muted small">{t('authOff')}</p>}
      </section>
    </div>
  );
}
