import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { ApiError, getJson, onAuthRequired, sendJson, setCsrfToken } from '../api/client.ts';
import { clearOfflineReads } from '../offline/register.ts';
import { navigate } from '../router.tsx';
import { loginHref, loginPath } from './login-href.ts';

/** One role on a unit subtree ('*' = everywhere), as GET /api/session returns it. */
export interface SessionGrant {
  id: number;
  role: string;
  unit_code: string;
  framework_id: string | null;
  criteria: string[] | null;
}

export interface SessionUser {
  id: number;
  username: string;
  display_name: string;
  grants: SessionGrant[];
}

/** GET /api/session: who is logged in, the CSRF token, and what the caller may do somewhere. */
export interface SessionInfo {
  auth: 'off' | 'required';
  user: SessionUser | null;
  csrf_token: string | null;
  expires_at: string | null;
  abilities: Record<string, boolean>;
  /** An administrator of every unit (may upload and publish frameworks); true when auth is off. */
  system_admin: boolean;
}

export interface SessionState {
  /** Undefined until the first answer. */
  session: SessionInfo | undefined;
  error: ApiError | undefined;
  /** Reads the session again (after logging in or out, or a 401). */
  refresh(): Promise<SessionInfo | undefined>;
  logout(): Promise<void>;
  /** The caller may do `action` somewhere (per object, read the `abilities` the API returns with it). */
  canSomewhere(action: string): boolean;
  /** A login is needed before the app can be used (auth required and nobody logged in). */
  needsLogin: boolean;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionInfo | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const refresh = useCallback(async () => {
    try {
      const s = await getJson<SessionInfo>('/session');
      setCsrfToken(s.csrf_token);
      setSession(s);
      setError(undefined);
      return s;
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
      return undefined;
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
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
