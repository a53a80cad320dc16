import { join } from 'node:path';
import type { Db } from '../../src/db/database.ts';
import type { AuthMode } from '../../src/http/auth.ts';
import { startServer } from '../../src/server.ts';
import { fixtures, openTestDb, seedFixtures } from './db.ts';

export interface ApiResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked by the tests' expectations
  body: any;
  headers: Headers;
}

/** A real HTTP server on a free port of 127.0.0.1, over a fresh test database. */
export interface TestApi {
  db: Db;
  url: string;
  get(path: string): Promise<ApiResponse>;
  post(path: string, body?: unknown): Promise<ApiResponse>;
  /** Any method with a JSON body (PUT, PATCH, DELETE). */
  send(method: string, path: string, body?: unknown): Promise<ApiResponse>;
  upload(
    path: string,
    fields: Record<string, string | { name: string; content: string | Buffer }>,
  ): Promise<ApiResponse>;
  close(): Promise<void>;
}

async function read(res: Response): Promise<ApiResponse> {
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
  return { status: res.status, body, headers: res.headers };
}

/** Opens a test database, seeds the fixtures (unless `seed` is false) and starts the server on it. */
export async function startTestApi(
  target: { name: 'pglite' | 'postgres' },
  opts: { prefix: string; seed?: boolean; webDir?: string; auth?: AuthMode; dataDir?: string },
): Promise<TestApi> {
  const db = await openTestDb(target, opts.prefix, opts.dataDir);
  if (opts.seed !== false) await seedFixtures(db);
  const server = await startServer(db, {
    port: 0,
    host: '127.0.0.1',
    webDir: opts.webDir ?? join(fixtures, 'no-web-build'),
    // The API tests written before logins send X-User; tests of sessions pass 'required'.
    auth: opts.auth ?? 'off',
  });
  const url = server.url;
  const send = async (method: string, path: string, body?: unknown) =>
    read(
      await fetch(url + path, {
        method,
        headers:
          body === undefined
            ? { 'x-user': 'tester' }
            : { 'content-type': 'application/json', 'x-user': 'tester' },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
  return {
    db,
    url,
    get: async (path) => read(await fetch(url + path)),
    post: async (path, body) => send('POST', path, body),
    send: async (method, path, body) => send(method, path, body),
    upload: async (path, fields) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields))
        if (typeof v === 'string') form.append(k, v);
        else form.append(k, new Blob([v.content]), v.name);
      return read(await fetch(url + path, { method: 'POST', body: form, headers: { 'x-user': 'tester' } }));
    },
    close: async () => {
      await server.close();
      await db.close();
    },
  };
}
