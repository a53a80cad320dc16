/**
 * In-memory rate limits for public endpoints (survey answers, feedback, CAPTCHA): a fixed
 * number of requests per key (usually the client's address) in a sliding window. One server
 * instance keeps its own counts; behind several instances each counts alone (say so where
 * it matters). Login attempts are limited separately, in the database (src/accounts/sessions.ts).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';
import { clientAddress } from './auth.ts';

export interface RateLimiter {
  /** Counts one request for `key`; false when the key is over its limit (the request is not counted). */
  take(key: string, now?: number): boolean;
  /** Seconds until `key` may send again (0 when it may now). */
  retryAfter(key: string, now?: number): number;
  reset(): void;
}

/** At most `limit` requests per key within `windowMs`. */
export function rateLimiter(opts: { limit: number; windowMs: number }): RateLimiter {
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
    if (!limiter.take(key)) {
      c.header('Retry-After', String(limiter.retryAfter(key)));
      throw new AppError(
        'RATE_LIMITED',
        text(
          'Quá nhiều yêu cầu từ địa chỉ này, vui lòng thử lại sau ít phút',
          'too many requests, try again later',
        ),
      );
    }
    await next();
  };
}
