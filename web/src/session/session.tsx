import { useQuery } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef } from 'react';
import { type ApiError, onAuthRequired, sendJson, setCsrfToken } from '../api/client.ts';
import { apiQuery, queryClient } from '../api/query.ts';
import type { Schema } from '../api/types.ts';
import { clearOfflineReads } from '../offline/register.ts';
import { navigate } from '../router.tsx';
import { loginHref, loginPath } from './login-href.ts';

/** One role on a unit subtree ('*' = everywhere), as GET /api/session returns it. */
export type SessionGrant = Schema<'RoleGrant'>;
export type SessionUser = NonNullable<SessionInfo['user']>;
/** GET /api/session: who is logged in, the CSRF token, and what the caller may do somewhere. */
export type SessionInfo = Schema<'Session'>;
/** An action the server names in its abilities (src/access). */
export type Ability = keyof SessionInfo['abilities'];

export interface SessionState {
  /** Undefined until the first answer. */
  session: SessionInfo | undefined;
  error: ApiError | undefined;
  /** Reads the session again (after logging in or out, or a 401). */
  refresh(): Promise<SessionInfo | undefined>;
  logout(): Promise<void>;
  /** The caller may do `action` somewhere (per object, read the `abilities` the API returns with it). */
  canSomewhere(action: Ability): boolean;
  /** A login is needed before the app can be used (auth required and nobody logged in). */
  needsLogin: boolean;
}

const SessionContext = createContext<SessionState | null>(null);

/** The key of the caller's own session (not the per-unit abilities asked with parameters). */
const isSessionKey = (key: readonly unknown[]) =>
  key[0] === '/session' && Object.keys((key[1] as object | undefined) ?? {}).length === 0;

export function SessionProvider({ children }: { children: ReactNode }) {
  // The session is the query of GET /api/session without parameters (retried never: an answer,
  // even "nobody", is final until a login, logout or expiry asks again).
  const query = useQuery({
    ...apiQuery<SessionInfo>('/session'),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  const session = query.data;
  const error = query.error ?? undefined;
  const { refetch } = query;
  const refresh = useCallback(async () => {
    const r = await refetch();
    if (r.data) setCsrfToken(r.data.csrf_token);
    return r.data;
  }, [refetch]);
  useEffect(() => {
    if (session) setCsrfToken(session.csrf_token);
  }, [session]);
  // Another person logged in (or out): every other cached answer was theirs, ask again.
  const userId = session === undefined ? undefined : (session.user?.id ?? null);
  const lastUser = useRef(userId);
  useEffect(() => {
    const before = lastUser.current;
    lastUser.current = userId;
    if (before === undefined || userId === undefined || before === userId) return;
    void queryClient.resetQueries({ predicate: (q) => !isSessionKey(q.queryKey) });
  }, [userId]);
  // Who was logged in when the last answer came: a 401 afterwards means the session expired
  // (idle for too long, or ended elsewhere), not that nobody has logged in yet.
  const userRef = useRef<SessionUser | null>(null);
  userRef.current = session?.user ?? null;
  useEffect(() => {
    const toLogin = (expired: boolean) => {
      if (window.location.pathname === loginPath) return;
      navigate(loginHref(window.location.pathname + window.location.search, expired), { replace: true });
    };
    onAuthRequired(() => {
      const expired = userRef.current !== null;
      setCsrfToken(null);
      void refresh();
      toLogin(expired);
    });
    // Coming back to the tab after a while: check the session, say so if it expired meanwhile.
    const check = () => {
      if (document.visibilityState !== 'visible' || userRef.current === null) return;
      void refresh().then((s) => {
        if (s && s.user === null && s.auth === 'required') toLogin(true);
      });
    };
    document.addEventListener('visibilitychange', check);
    return () => {
      onAuthRequired(null);
      document.removeEventListener('visibilitychange', check);
    };
  }, [refresh]);
  const logout = useCallback(async () => {
    try {
      await sendJson('DELETE', '/session');
    } finally {
      setCsrfToken(null);
      await clearOfflineReads();
      await refresh();
    }
  }, [refresh]);
  const value = useMemo<SessionState>(
    () => ({
      session,
      error,
      refresh,
      logout,
      canSomewhere: (action) => session?.abilities[action] === true,
      needsLogin: session !== undefined && session.auth === 'required' && session.user === null,
    }),
    [session, error, refresh, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
