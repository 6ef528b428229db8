// How busy the whole machine's CPUs were over a stretch of a bench (os.cpus() times, every core):
// the reservation bench shows it beside each run, since on a small machine the server processes,
// PostgreSQL and the bench's own clients share the same cores (docs/warehouse.md).
import { readdirSync, readFileSync } from 'node:fs';
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

/** A busy share (0–1) as a whole percentage ("62 %"). */
export const asPercent = (share: number): string => `${Math.round(share * 100)} %`;

/** Runs `fn` and returns its result with the share (0–1) of all cores' time that was busy meanwhile. */
export async function withCpuBusy<T>(fn: () => Promise<T>): Promise<{ result: T; busy: number }> {
  const before = totals();
  const result = await fn();
  const after = totals();
  const all = after.all - before.all;
  return { result, busy: all > 0 ? (after.busy - before.busy) / all : 0 };
}

/** CPU seconds (user + system, all threads) a process has used so far, with its name, parent and process group. */
export interface ProcessCpu {
  seconds: number;
  comm: string;
  ppid: number;
  pgrp: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ: /proc reports CPU time in these on every Linux architecture Node runs on

/** Every process's CPU time so far, read from /proc (Linux); empty elsewhere. */
function processCpu(): Map<number, ProcessCpu> {
  const out = new Map<number, ProcessCpu>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The name is in parentheses and may hold spaces: the fields after it are counted from its end.
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      out.set(Number(pid), {
        seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
        comm: stat.slice(stat.indexOf('(') + 1, close),
        ppid: Number(fields[1]),
        pgrp: Number(fields[2]),
      });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return out;
}

/** CPU seconds spent during `fn` by each kind of process that `kindOf` names (others are left out). */
export async function withCpuByKind<T>(fn: () => Promise<T>, kindOf: (p: ProcessCpu, pid: number) => string | null): Promise<{ result: T; seconds: Map<string, number> }> {
  const before = processCpu();
  const result = await fn();
  const after = processCpu();
  const seconds = new Map<string, number>();
  for (const [pid, p] of after) {
    const kind = kindOf(p, pid);
    if (kind === null) continue;
    const spent = p.seconds - (before.get(pid)?.seconds ?? 0);
    if (spent > 0) seconds.set(kind, (seconds.get(kind) ?? 0) + spent);
  }
  return { result, seconds };
}
