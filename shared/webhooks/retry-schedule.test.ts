import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, nextAttempt, parseRetryAfter, RETRY_AFTER_MAX_MS, RETRY_AFTER_MIN_MS, RETRY_DELAYS_MS } from './retry-schedule.ts';

describe('webhook retry schedule', () => {
  it('follows the Standard Webhooks example: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then gives up', () => {
    const delays: number[] = [];
    for (let attempt = 1; ; attempt += 1) {
      const step = nextAttempt(attempt);
      if (step.kind === 'give_up') break;
      delays.push(step.delayMs / 1000);
    }
    expect(delays).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
    expect(MAX_ATTEMPTS).toBe(8);
  });

  it('never retries sooner than a minimum nor later than a day, whatever the receiver asks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_ATTEMPTS - 1 }), fc.option(fc.integer({ min: 0, max: 10 * 86_400_000 }), { nil: undefined }), (attempt, retryAfter) => {
        const step = nextAttempt(attempt, retryAfter);
        expect(step.kind).toBe('retry');
        if (step.kind !== 'retry') return;
        if (retryAfter === undefined) expect(step.delayMs).toBe(RETRY_DELAYS_MS[attempt - 1]);
        else expect(step.delayMs).toBe(Math.min(RETRY_AFTER_MAX_MS, Math.max(RETRY_AFTER_MIN_MS, retryAfter)));
      }),
    );
  });

  it('gives up after the last attempt even when the receiver asks for a retry', () => {
    fc.assert(fc.property(fc.integer({ min: MAX_ATTEMPTS, max: 100 }), fc.nat(), (attempt, ra) => {
      expect(nextAttempt(attempt, ra).kind).toBe('give_up');
    }));
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2026-12-02T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 02 Dec 2026 10:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Wed, 02 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
