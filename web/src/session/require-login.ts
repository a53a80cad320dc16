import { useEffect } from 'react';
import { navigate } from '../router.tsx';
import { loginHref } from './login-href.ts';
import { useSession } from './session.tsx';

/** Pages only for logged-in people: without a session (auth required) go to the login page and come back. */
export function useLoginRequired(): void {
  const { needsLogin } = useSession();
  useEffect(() => {
    if (needsLogin) navigate(loginHref(window.location.pathname + window.location.search), { replace: true });
  }, [needsLogin]);
}
