import type { InputIssue } from './types.ts';

/**
 * An error answered by the API (`{"error": {code, message, details}}`) or a network failure.
 * `write`: the request was meant to change something (not a GET): a refused save, not data
 * that could not be loaded.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: InputIssue[] = [],
    readonly write = false,
  ) {
    super(message);
  }
}

export type Query = Record<string, string | number | undefined | null>;

/** `/api/...` with the defined query parameters appended. */
export function apiUrl(path: string, query: Query = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return `/api${path}${s ? `?${s}` : ''}`;
}

async function readResponse<T>(res: Response, write: boolean): Promise<T> {
  const text = await res.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string; details?: InputIssue[] } } | null)?.error;
    if (res.status === 401 && e?.code === 'AUTH_REQUIRED') authRequiredHandler?.();
    throw new ApiError(
      res.status,
      e?.code ?? `HTTP_${res.status}`,
      e?.message ?? statusMessage(res.status),
      Array.isArray(e?.details) ? e.details : [],
      write,
    );
  }
  if (body === null) throw new ApiError(res.status, 'BAD_RESPONSE', statusMessage(0), [], write);
  return body as T;
}

/**
 * What to tell the reader when the answer is not the API's own error (a proxy in front of the
 * server, a body cut short): in words by status, never the proxy's English status text; 0 for an
 * answer that is not the API's JSON.
 */
function statusMessage(status: number): string {
  const [vi, en] =
    status === 413
      ? ['Tệp hoặc nội dung gửi lên quá lớn.', 'The file or request is too large.']
      : status === 429
        ? ['Có quá nhiều yêu cầu; hãy thử lại sau ít phút.', 'Too many requests; try again in a few minutes.']
        : status === 502 || status === 503 || status === 504
          ? [
              'Máy chủ tạm thời không trả lời; hãy thử lại sau.',
              'The server is not answering for now; try again later.',
            ]
          : status === 0
            ? [
                'Máy chủ trả lời không đúng định dạng; hãy thử lại.',
                'The server answered in an unexpected form; try again.',
              ]
            : [
                `Máy chủ không thực hiện được yêu cầu (mã ${status}).`,
                `The server could not do this (status ${status}).`,
              ];
  return requestLang === 'en' ? en : vi;
}

// Called when the server answers 401 AUTH_REQUIRED (no session, or it expired): the session
// provider sends the user to the login page, keeping the page to come back to.
let authRequiredHandler: (() => void) | null = null;

/** Registers what to do when any API call answers 401 AUTH_REQUIRED (null to stop). */
export function onAuthRequired(fn: (() => void) | null): void {
  authRequiredHandler = fn;
}

// The reader's language, sent as X-Lang so the server answers error messages in it.
let requestLang: 'vi' | 'en' = 'vi';

/** Sets the language of the server's messages (the i18n provider calls it on every switch). */
export function setRequestLang(lang: 'vi' | 'en'): void {
  requestLang = lang;
}

// The session's CSRF token (GET /api/session gives it); sent in X-CSRF-Token on every
// state-changing request. Null until known; refreshed once when the server refuses a write.
let csrfToken: string | null = null;

/** Remembers the CSRF token of the session just read or opened (null after logging out). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

async function refreshCsrfToken(): Promise<void> {
  try {
    const res = await fetch('/api/session', { headers: { accept: 'application/json' } });
    if (res.ok) csrfToken = ((await res.json()) as { csrf_token?: string | null }).csrf_token ?? null;
  } catch {
    // the write that needed it reports the failure
  }
}

async function fetchOnce(url: string, init: RequestInit): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = {
    accept: 'application/json',
    'x-lang': requestLang,
    ...(init.headers as Record<string, string> | undefined),
  };
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  try {
    return await fetch(url, { ...init, headers });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', (err as Error).message, [], method !== 'GET' && method !== 'HEAD');
  }
}

async function send<T>(url: string, init: RequestInit): Promise<T> {
  let res = await fetchOnce(url, init);
  const method = (init.method ?? 'GET').toUpperCase();
  if (res.status === 403 && method !== 'GET' && !(init.body instanceof ReadableStream)) {
    // A token from before logging in (or none yet): read the session's token and try once more.
    const body = await res.clone().text();
    if (body.includes('CSRF_REJECTED')) {
      await refreshCsrfToken();
      res = await fetchOnce(url, init);
    }
  }
  return readResponse<T>(res, method !== 'GET');
}

export function getJson<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  return send<T>(apiUrl(path, query), { signal });
}

export function postJson<T>(path: string, body: unknown): Promise<T> {
  return sendJson<T>('POST', path, body);
}

/** PUT/PATCH/DELETE/POST with a JSON body (or none). */
export function sendJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  return send<T>(apiUrl(path), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export function postForm<T>(path: string, form: FormData): Promise<T> {
  return send<T>(apiUrl(path), { method: 'POST', body: form });
}
