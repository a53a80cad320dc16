/**
 * Sessions over HTTP: the session cookie, CSRF protection of state-changing requests, and the
 * Actor of each request. TIEUCHI_AUTH=required makes every API call except the public ones
 * need a session (the default); TIEUCHI_AUTH=off lets anonymous requests act as the system under
 * the X-User name, as before accounts existed (old API tests, trying things out locally).
 */
import { timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { type Actor, systemActorNamed } from '../access/index.ts';
import { ABSOLUTE_HOURS, readSession, type Session } from '../accounts/sessions.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';
import { actorOf } from './openapi.ts';

export type AuthMode = 'off' | 'required';

declare module 'hono' {
  interface ContextVariableMap {
    /** Who acts in this request (the system under the X-User name when auth is off and nobody logged in). */
    actor: Actor | null;
    session: Session | null;
    /** The raw session token (to log out). */
    sessionToken: string | null;
    authMode: AuthMode;
  }
}

export const sessionCookie = 'tieuchi_session';

/**
 * Reads TIEUCHI_AUTH once at start-up: `required` unless set to `off`; anything else stops the
 * server with a clear message.
 */
export function authModeFromEnv(env: NodeJS.ProcessEnv = process.env): AuthMode {
  const v = (env.TIEUCHI_AUTH || 'required').trim().toLowerCase();
  if (v === 'off' || v === 'required') return v;
  throw new Error(`TIEUCHI_AUTH phải là "off" hoặc "required" (đang là "${env.TIEUCHI_AUTH}")`);
}

const trustProxy = ['1', 'true', 'yes'].includes((process.env.TIEUCHI_TRUST_PROXY ?? '').toLowerCase());

/** The client's address: the socket's, or the first X-Forwarded-For entry behind a trusted proxy. */
export function clientAddress(c: Context): string | null {
  if (trustProxy) {
    const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (fwd) return fwd;
  }
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}

function isHttps(c: Context): boolean {
  return c.req.url.startsWith('https:') || (trustProxy && c.req.header('x-forwarded-proto') === 'https');
}

/**
 * TIEUCHI_PUBLIC_URL (e.g. https://tieuchi.hanoi.gov.vn): the one origin browsers reach the
 * server at. When set, requests naming another Host are refused and state-changing requests
 * must come from exactly this origin (scheme, host and port).
 */
export function publicOriginFromEnv(env: NodeJS.ProcessEnv = process.env): URL | null {
  const raw = env.TIEUCHI_PUBLIC_URL?.trim();
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {}
  throw new Error(`TIEUCHI_PUBLIC_URL phải là một địa chỉ http(s)://… (đang là "${raw}")`);
}

const publicOrigin = publicOriginFromEnv();

/** The Host the request names (X-Forwarded-Host behind a trusted proxy). */
function requestHost(c: Context): string | undefined {
  return (trustProxy && c.req.header('x-forwarded-host')) || c.req.header('host');
}

/** The origin this request was sent to: the configured public URL, else scheme and Host of the request. */
function expectedOrigin(c: Context): string {
  if (publicOrigin) return publicOrigin.origin;
  return `${isHttps(c) ? 'https' : 'http'}://${requestHost(c)}`;
}

/**
 * With TIEUCHI_PUBLIC_URL set, refuses requests whose Host is another name (DNS rebinding, a
 * forged Host in links the server builds); the health check answers whatever the Host.
 */
export function hostCheck(origin: URL | null = publicOrigin): MiddlewareHandler {
  return async (c, next) => {
    if (origin && c.req.path !== '/api/health' && requestHost(c)?.toLowerCase() !== origin.host)
      throw new AppError(
        'WRONG_HOST',
        `Máy chủ chỉ nhận yêu cầu gửi tới ${origin.host} (yêu cầu gửi tới "${requestHost(c) ?? ''}")`,
      );
    await next();
  };
}

/** Sets the session cookie: http-only, SameSite=Lax, Secure behind https, for the absolute session life. */
export function setSessionCookie(c: Context, token: string): void {
  setCookie(c, sessionCookie, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c),
    path: '/',
    maxAge: ABSOLUTE_HOURS * 3600,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, sessionCookie, { path: '/', secure: isHttps(c) });
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
/** API paths that need no session even when auth is required. */
const publicPaths = new Set(['/api/health', '/api/session', '/api/openapi.json', '/api/docs']);
/**
 * Everything under /api/public/ is for citizens without an account (the public portal, survey
 * answers, feedback): no session needed, and those routes must only ever return what is published.
 */
export const publicPrefix = '/api/public/';
const isPublicPath = (path: string) => publicPaths.has(path) || path.startsWith(publicPrefix);

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A browser request sent from another site (Origin or Sec-Fetch-Site says so). */
function crossSite(c: Context): boolean {
  if (c.req.header('sec-fetch-site') === 'cross-site') return true;
  const origin = c.req.header('origin');
  if (!origin) return false;
  // Scheme, host and port: http://this-host is another site for a server reached over https.
  try {
    return new URL(origin).origin !== expectedOrigin(c);
  } catch {
    return true;
  }
}

const csrfRejected = () =>
  new AppError(
    'CSRF_REJECTED',
    text(
      'Yêu cầu bị từ chối: thiếu hoặc sai mã chống giả mạo (X-CSRF-Token), hoặc gửi từ trang khác',
      'missing or wrong X-CSRF-Token, or sent from another site',
    ),
  );

/**
 * Sets `actor` and `session` on every API request. State-changing requests of a logged-in
 * browser must come from this site and carry the session's CSRF token in X-CSRF-Token (the
 * token is in GET /api/session); logging in must come from this site.
 */
export function authMiddleware(db: Db, mode: AuthMode): MiddlewareHandler {
  return async (c, next) => {
    c.set('authMode', mode);
    const token = getCookie(c, sessionCookie) ?? null;
    const session = token ? await readSession(db, { token }) : null;
    if (token && !session) clearSessionCookie(c);
    c.set('session', session);
    c.set('sessionToken', session ? token : null);
    const unsafe = !safeMethods.has(c.req.method);
    const isLogin = c.req.path === '/api/session' && c.req.method === 'POST';
    if (unsafe && (session || isLogin) && crossSite(c)) throw csrfRejected();
    if (unsafe && session && !isLogin && !sameText(c.req.header('x-csrf-token') ?? '', session.csrfToken))
      throw csrfRejected();
    if (mode === 'required') c.set('actor', session?.actor ?? null);
    else c.set('actor', systemActorNamed(session?.user.username ?? actorOf(c)));
    if (mode === 'required' && !session && !isPublicPath(c.req.path)) throw authRequired();
    await next();
  };
}

const authRequired = () =>
  new AppError(
    'AUTH_REQUIRED',
    text('Cần đăng nhập (chưa đăng nhập hoặc phiên đã hết hạn)', 'log in first (no session, or it expired)'),
  );

/** The Actor of the request (set by authMiddleware). */
export function requestActor(c: Context): Actor {
  const actor = c.get('actor');
  if (!actor) throw authRequired();
  return actor;
}

/** The logged-in session; AUTH_REQUIRED (401) without one, whatever TIEUCHI_AUTH says. */
export function requireSession(c: Context): Session {
  const session = c.get('session');
  if (!session) throw authRequired();
  return session;
}
