// How busy the whole machine's CPUs were over a stretch of a bench (os.cpus() times, every core):
// the reservation bench shows it beside each run, since on a small machine the server processes,
// PostgreSQL and the bench's own clients share the same cores (docs/warehouse.md).
import { cpus } from 'node:os';

function totals(): { busy: number; all: number } {
  let busy = 0;
  let all = 0;
  for (const c of cpus()) {
    const { user, nice, sys, idle, irq } = c.times;
    busy += user + nice + sys + irq;
    all += user + nice + sys + idle + irq;
  }
  return { busy, all };
}

/** Runs `fn` and returns its result with the share (0–1) of all cores' time that was busy meanwhile. */
export async function withCpuBusy<T>(fn: () => Promise<T>): Promise<{ result: T; busy: number }> {
  const before = totals();
  const result = await fn();
  const after = totals();
  const all = after.all - before.all;
  return { result, busy: all > 0 ? (after.busy - before.busy) / all : 0 };
}
