import { describe, expect, it } from 'vitest';
import { rateLimiter } from '../src/http/rate-limit.ts';

describe('rate limiter', () => {
  it('allows `limit` requests per key in the window, then refuses until the oldest one leaves it', () => {
    const l = rateLimiter({ limit: 3, windowMs: 60_000 });
    const t0 = 1_000_000;
    expect([l.take('a', t0), l.take('a', t0 + 10), l.take('a', t0 + 20)]).toEqual([true, true, true]);
    expect(l.take('a', t0 + 30)).toBe(false);
    expect(l.retryAfter('a', t0 + 30)).toBe(60);
    expect(l.take('b', t0 + 30)).toBe(true);
    expect(l.take('a', t0 + 60_001)).toBe(true);
    expect(l.take('a', t0 + 60_002)).toBe(false);
    l.reset();
    expect(l.take('a', t0 + 60_003)).toBe(true);
  });
});
