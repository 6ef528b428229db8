// Exponential backoff for replication retries: RxDB re-reads `retryTime` before every retry,
// so doubling it on failure and resetting it on success gives backoff without forking RxDB.
export interface Backoff {
  readonly current: number;
  fail(): number;
  succeed(): number;
}

export function createBackoff(initialMs = 1_000, maxMs = 30_000, random: () => number = Math.random): Backoff {
  let current = initialMs;
  return {
    get current() {
      return current;
    },
    fail() {
      // Full jitter on top of doubling keeps many tills from retrying in lockstep after an outage.
      current = Math.min(maxMs, current * 2);
      return Math.round(current / 2 + (random() * current) / 2);
    },
    succeed() {
      current = initialMs;
      return current;
    },
  };
}
