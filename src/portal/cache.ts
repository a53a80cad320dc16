/**
 * Published public answers (GET /api/public/units…), kept in memory: they change only when
 * figures, results, publication settings, decisions or approved feedback change, and every such
 * change is an audit event that bumps `publicVersion()` once committed, here or on another
 * server instance (src/audit/changes.ts). The version is part of the key, so a change makes
 * every older answer unreachable at once; entries also expire after a while. Concurrent misses
 * of one answer compute it once, and at most a few answers are computed at a time, so that a
 * crowd on the public pages leaves the database to the officials.
 */
import type { MiddlewareHandler } from 'hono';
import { publicVersion } from '../audit/changes.ts';
import { today } from '../http/openapi.ts';

interface Answer {
  body: string;
  contentType: string;
  at: number;
}

export interface PublicCacheOptions {
  /** How long an answer may be served (a safety net: changes invalidate it at once). */
  ttlMs?: number;
  maxEntries?: number;
  /** How many different answers may be computed at the same time. */
  concurrency?: number;
}

/** Caches the 200 answers of the GET routes it is mounted on, keyed by public version, day and URL. */
export function publicAnswerCache(opts: PublicCacheOptions = {}): MiddlewareHandler {
  const ttlMs = opts.ttlMs ?? 60_000;
  const maxEntries = opts.maxEntries ?? 5_000;
  const entries = new Map<string, Answer>();
  const inflight = new Map<string, Promise<Answer | null>>();
  let running = 0;
  const queue: Array<() => void> = [];
  const acquire = async (): Promise<void> => {
    if (running >= (opts.concurrency ?? 2)) await new Promise<void>((r) => queue.push(r));
    running++;
  };
  const release = () => {
    running--;
    queue.shift()?.();
  };

  return async (c, next) => {
    if (c.req.method !== 'GET') return next();
    const url = new URL(c.req.url);
    const key = `${publicVersion()}|${today()}|${url.pathname}${url.search}`;
    const send = (a: Answer, how: string) => {
      c.header('X-Cache', how);
      return c.body(a.body, 200, { 'Content-Type': a.contentType });
    };
    const hit = entries.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return send(hit, 'hit');
    const pending = inflight.get(key);
    if (pending) {
      const shared = await pending;
      if (shared) return send(shared, 'shared');
      return next();
    }
    let done!: (a: Answer | null) => void;
    inflight.set(
      key,
      new Promise<Answer | null>((r) => {
        done = r;
      }),
    );
    let answer: Answer | null = null;
    await acquire();
    try {
      await next();
      if (c.res.status === 200) {
        answer = {
          body: await c.res.clone().text(),
          contentType: c.res.headers.get('content-type') ?? 'application/json',
          at: Date.now(),
        };
        if (entries.size >= maxEntries) entries.clear();
        entries.set(key, answer);
        c.header('X-Cache', 'miss');
      }
    } finally {
      release();
      inflight.delete(key);
      done(answer);
    }
  };
}
