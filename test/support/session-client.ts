import { sessionCookie } from '../../src/http/auth.ts';

/** The password test users are created with unless a test says otherwise. */
export const testPassword = 'mật khẩu thử nghiệm 01';

export interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked by the expectations
  body: any;
  headers: Headers;
}

/** A browser-like client: keeps the session cookie, sends the CSRF token unless told not to. */
export function sessionClient(base: string) {
  let cookie = '';
  let csrf = '';
  const send = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> => {
    const h: Record<string, string> = { ...headers };
    if (cookie) h.cookie = cookie;
    const isForm = body instanceof FormData;
    if (body !== undefined && !isForm) h['content-type'] = 'application/json';
    const res = await fetch(base + path, {
      method,
      headers: h,
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
    const set = res.headers.get('set-cookie');
    if (set?.startsWith(`${sessionCookie}=`))
      cookie = set.split(';')[0]!.endsWith('=') ? '' : set.split(';')[0]!;
    const type = res.headers.get('content-type') ?? '';
    const out = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
    return { status: res.status, body: out, headers: res.headers };
  };
  return {
    get: (path: string, headers: Record<string, string> = {}) => send('GET', path, undefined, headers),
    /** A state-changing request with the session's CSRF token (as the web UI sends it); FormData is sent as multipart. */
    write: (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      send(method, path, body, { 'x-csrf-token': csrf, ...headers }),
    /** The same without the CSRF token. */
    forged: (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      send(method, path, body, headers),
    async login(username: string, pw = testPassword, headers: Record<string, string> = {}) {
      const r = await send('POST', '/api/session', { username, password: pw }, headers);
      if (r.status === 200) csrf = r.body.csrf_token;
      return r;
    },
    get cookie() {
      return cookie;
    },
  };
}

export type SessionClient = ReturnType<typeof sessionClient>;
