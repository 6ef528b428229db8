import { describe, expect, it } from 'vitest';
import { createBackoff } from './backoff.ts';

describe('replication backoff', () => {
  it('doubles the wait on each failure up to the cap, with jitter inside [half, full], and resets on success', () => {
    const b = createBackoff(1000, 8000, () => 1);
    expect([b.fail(), b.fail(), b.fail(), b.fail()]).toEqual([2000, 4000, 8000, 8000]);
    expect(b.succeed()).toBe(1000);
    const low = createBackoff(1000, 8000, () => 0);
    expect(low.fail()).toBe(1000);
  });
});
