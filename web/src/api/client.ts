import type { InputIssue } from './types.ts';

/** An error answered by the API (`{"error": {code, message, details}}`) or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: InputIssue[] = [],
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | undefined | null>;

/** `/api/...` with the defined query parameters appended. */
export function apiUrl(path: string, query: Query = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return `/api${path}${s ? `?${s}` : ''}`;
}

async function readResponse<T>(res: Response): Promise<T> {
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
    throw new ApiError(
      res.status,
      e?.code ?? `HTTP_${res.status}`,
      e?.message ?? (res.statusText || `HTTP ${res.status}`),
      Array.isArray(e?.details) ? e.details : [],
    );
  }
  if (body === null) throw new ApiError(res.status, 'BAD_RESPONSE', 'Phản hồi không phải JSON / not JSON');
  return body as T;
}

async function send<T>(url: string, init: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { accept: 'application/json', ...init.headers } });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', (err as Error).message);
  }
  return readResponse<T>(res);
}

export function getJson<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  return send<T>(apiUrl(path, query), { signal });
}

export function postJson<T>(path: string, body: unknown): Promise<T> {
  return send<T>(apiUrl(path), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export function postForm<T>(path: string, form: FormData): Promise<T> {
  return send<T>(apiUrl(path), { method: 'POST', body: form });
}
