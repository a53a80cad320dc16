/**
 * Rate limits for public endpoints (public reads, survey answers, feedback, CAPTCHA): a fixed
 * number of requests per key (usually the client's address) in a window. On PGlite (one
 * process) the counts are in memory (sliding window); on PostgreSQL they are rows of
 * `rate_limit_hits` (fixed windows), shared by every server instance on the database. Login
 * attempts are limited separately, from the audit trail (src/accounts/sessions.ts).
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { clientAddress } from './auth.ts';

export interface RateLimiter {
  /** Counts one request for `key`; false when the key is over its limit. */
  take(key: string, now?: number): boolean | Promise<boolean>;
  /** Seconds until `key` may send again (0 when it may now). */
  retryAfter(key: string, now?: number): number | Promise<number>;
  reset(): void | Promise<void>;
}

export interface RateLimitOptions {
  limit: number;
  windowMs: number;
}

/**
 * The limiter for one kind of request: in memory on PGlite, in the database on PostgreSQL (so
 * that several instances count together). `scope` names it in the table.
 */
export function sharedRateLimiter(db: Db, scope: string, opts: RateLimitOptions): RateLimiter {
  return db.kind === 'postgres' ? databaseRateLimiter(db, scope, opts) : rateLimiter(opts);
}

/** Fixed windows counted in `rate_limit_hits`: one upsert per request; old windows swept now and then. */
export function databaseRateLimiter(db: Db, scope: string, opts: RateLimitOptions): RateLimiter {
  let sweptAt = 0;
  const windowOf = (now: number) => Math.floor(now / opts.windowMs) * opts.windowMs;
  return {
    async take(key, now = Date.now()) {
      if (now - sweptAt > 60_000) {
        sweptAt = now;
        await db.query('DELETE FROM rate_limit_hits WHERE scope = $1 AND window_start < $2', [
          scope,
          new Date(windowOf(now)),
        ]);
      }
      const [row] = await db.query<{ hits: number }>(
        `INSERT INTO rate_limit_hits (scope, key, window_start, hits) VALUES ($1, $2, $3, 1)
         ON CONFLICT (scope, key, window_start) DO UPDATE SET hits = rate_limit_hits.hits + 1
         RETURNING hits`,
        [scope, key, new Date(windowOf(now))],
      );
      return row!.hits <= opts.limit;
    },
    retryAfter(_key, now = Date.now()) {
      return Math.max(1, Math.ceil((windowOf(now) + opts.windowMs - now) / 1000));
    },
    async reset() {
      await db.query('DELETE FROM rate_limit_hits WHERE scope = $1', [scope]);
    },
  };
}

/** At most `limit` requests per key within `windowMs`, in this process's memory. */
export function rateLimiter(opts: RateLimitOptions): RateLimiter & {
  take(key: string, now?: number): boolean;
  retryAfter(key: string, now?: number): number;
} {
  const hits = new Map<string, number[]>();
  let sweptAt = 0;
  const recent = (key: string, now: number) => {
    const list = (hits.get(key) ?? []).filter((t) => t > now - opts.windowMs);
    if (list.length === 0) hits.delete(key);
    else hits.set(key, list);
    return list;
  };
  const sweep = (now: number) => {
    if (now - sweptAt < opts.windowMs) return;
    sweptAt = now;
    for (const key of [...hits.keys()]) recent(key, now);
  };
  return {
    take(key, now = Date.now()) {
      sweep(now);
      const list = recent(key, now);
      if (list.length >= opts.limit) return false;
      list.push(now);
      hits.set(key, list);
      return true;
    },
    retryAfter(key, now = Date.now()) {
      const list = recent(key, now);
      if (list.length < opts.limit) return 0;
      return Math.max(1, Math.ceil((list[0]! + opts.windowMs - now) / 1000));
    },
    reset() {
      hits.clear();
    },
  };
}

/**
 * Middleware refusing requests over the limit with 429 RATE_LIMITED (and Retry-After). The key
 * is the client's address unless `keyOf` says otherwise.
 */
export function rateLimit(
  limiter: RateLimiter,
  keyOf: (c: Context) => string = (c) => clientAddress(c) ?? 'unknown',
): MiddlewareHandler {
  return async (c, next) => {
    const key = keyOf(c);
    if (!(await limiter.take(key))) {
      c.header('Retry-After', String(await limiter.retryAfter(key)));
      throw new AppError('RATE_LIMITED', 'Quá nhiều yêu cầu từ địa chỉ này, vui lòng thử lại sau ít phút');
    }
    await next();
  };
}
