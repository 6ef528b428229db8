// When a failed webhook delivery is tried again. The schedule is the Standard Webhooks
// specification's example (immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after each
// failure: eight attempts over about 28 hours); a receiver's Retry-After (seconds or an HTTP date)
// replaces the scheduled delay, within bounds, because it knows when it can take the load again.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Delay before attempt n+2 after attempt n+1 failed. */
export const RETRY_DELAYS_MS: readonly number[] = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];

/** Attempts in all, the first included. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** Retry-After is honoured between these bounds (a receiver cannot stall an event for a week). */
export const RETRY_AFTER_MIN_MS = SECOND;
export const RETRY_AFTER_MAX_MS = 24 * HOUR;

/** Parses a Retry-After header: delta-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * SECOND;
  const at = Date.parse(value);
  if (Number.isNaN(at) || !/[a-z]/i.test(value)) return undefined;
  return Math.max(0, at - now.getTime());
}

export type NextStep = { kind: 'retry'; delayMs: number } | { kind: 'give_up' };

/**
 * What follows failed attempt number `attempts` (1-based): another try after a delay, or giving up
 * once the schedule is exhausted.
 */
export function nextAttempt(attempts: number, retryAfterMs?: number): NextStep {
  if (attempts >= MAX_ATTEMPTS) return { kind: 'give_up' };
  const scheduled = RETRY_DELAYS_MS[Math.max(0, attempts - 1)] ?? RETRY_DELAYS_MS[RETRY_DELAYS_MS.length - 1] ?? HOUR;
  if (retryAfterMs === undefined) return { kind: 'retry', delayMs: scheduled };
  return { kind: 'retry', delayMs: Math.min(RETRY_AFTER_MAX_MS, Math.max(RETRY_AFTER_MIN_MS, retryAfterMs)) };
}
