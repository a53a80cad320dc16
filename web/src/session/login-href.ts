import { href } from '../router.tsx';
import { paths } from '../routes.ts';

/** The login page (Đăng nhập). */
export const loginPath = paths.login;

/** Only paths of this site come back after logging in (never another site: no open redirect). */
export function safeReturnPath(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next === loginPath || next.startsWith(`${loginPath}?`)) return '/';
  return next;
}

/** The login page, returning to `next` afterwards; `expired` says the session ran out. */
export function loginHref(next?: string, expired = false): string {
  const back = safeReturnPath(next);
  return href(loginPath, { next: back === '/' ? undefined : back, expired: expired ? '1' : undefined });
}
