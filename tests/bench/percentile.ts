// Percentiles of a bench's samples (latencies, rates), and the timing of repeated calls, written
// once for every bench.
import { performance } from 'node:perf_hooks';

/** Nearest rank: the smallest sample with at least a share `p` (0–1) of them at or below it; NaN for no samples. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))] ?? NaN;
}

export const p50 = (values: readonly number[]): number => percentile(values, 0.5);
export const p95 = (values: readonly number[]): number => percentile(values, 0.95);

/** Milliseconds of `runs` calls of `fn`, after one untimed call (its plans and caches warm). */
export async function timings(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return ms;
}
