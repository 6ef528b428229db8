// The print queue: every receipt becomes a job that is retried with backoff until it prints or
// runs out of attempts, then stays visible as failed so the cashier can reprint. A printer that
// reports it is not ready (paper out, cover open, offline) is waited for, up to a limit, without
// spending attempts. Jobs for one printer go out in order, one at a time. The sale never waits on
// it: enqueue returns at once.
import type { DeviceError, PrintJob } from '../../../shared/device-bridge.ts';

export type SendJob = (printerId: string, bytes: Uint8Array) => Promise<void>;

export interface PrintQueueOptions {
  send: SendJob;
  /** Wait before attempt 2, 3, …; the job fails after the last. */
  retryDelaysMs?: readonly number[];
  /** Finished jobs kept for listing and reprint. */
  historySize?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  newId?: () => string;
  /** Errors that retrying cannot fix. */
  isPermanent?: (error: DeviceError) => boolean;
  /**
   * The printer is not ready and says so (paper out, cover open, not answering): a job waits for
   * it, retrying at the backoff's pace, without spending its attempts — the till tells the cashier
   * "receipts wait and print when it is fixed", and a roll change takes longer than the backoff.
   */
  isWaiting?: (error: DeviceError) => boolean;
  /** How long a job waits for a printer that is not ready before it ends failed (default 10 minutes). */
  waitLimitMs?: number;
  toDeviceError: (e: unknown) => DeviceError;
}

interface Entry {
  job: PrintJob;
  bytes: Uint8Array;
  /** Sent after `bytes` on the first attempt only (the drawer kick: see enqueue). */
  firstAttemptSuffix?: Uint8Array;
}

export const DEFAULT_RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000] as const;

const defaultPermanent = (e: DeviceError): boolean => e.code === 'bad-request' || e.code === 'not-configured';

const defaultWaiting = (e: DeviceError): boolean => e.code === 'paper-out' || e.code === 'cover-open' || e.code === 'printer-offline';

/**
 * Ten minutes: long enough for a roll change or a printer switched back on, short enough that a
 * pile of receipts for customers long gone does not print when the printer comes back an hour
 * later (those end failed, listed for the cashier to print again if still wanted).
 */
export const DEFAULT_WAIT_LIMIT_MS = 10 * 60_000;

export class PrintQueue {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, string[]>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly listeners = new Set<(job: PrintJob) => void>();
  private counter = 0;

  constructor(private readonly opts: PrintQueueOptions) {}

  /**
   * Queue a job. `firstAttemptSuffix` (a drawer kick) goes out with the first attempt only: a
   * retry minutes later, or a reprint, must never pop the cash drawer open unattended.
   */
  enqueue(
    printerId: string,
    bytes: Uint8Array,
    meta: { reference?: string; reprintOf?: string; firstAttemptSuffix?: Uint8Array } = {},
  ): PrintJob {
    const at = this.now();
    const job: PrintJob = { jobId: this.newId(), printerId, state: 'queued', attempts: 0, createdAt: at, updatedAt: at };
    if (meta.reference !== undefined) job.reference = meta.reference;
    if (meta.reprintOf !== undefined) job.reprintOf = meta.reprintOf;
    const entry: Entry = { job, bytes };
    if (meta.firstAttemptSuffix) entry.firstAttemptSuffix = meta.firstAttemptSuffix;
    this.entries.set(job.jobId, entry);
    const list = this.pending.get(printerId) ?? [];
    list.push(job.jobId);
    this.pending.set(printerId, list);
    this.emit(job);
    this.trim();
    this.kick(printerId);
    return { ...job };
  }

  /** A new job with the same bytes; `null` if the job is unknown (or fell out of the history). */
  reprint(jobId: string): PrintJob | null {
    const entry = this.entries.get(jobId);
    if (!entry) return null;
    const meta: { reference?: string; reprintOf: string } = { reprintOf: entry.job.reprintOf ?? jobId };
    if (entry.job.reference !== undefined) meta.reference = entry.job.reference;
    return this.enqueue(entry.job.printerId, entry.bytes, meta);
  }

  get(jobId: string): PrintJob | null {
    const e = this.entries.get(jobId);
    return e ? { ...e.job } : null;
  }

  bytesOf(jobId: string): Uint8Array | null {
    return this.entries.get(jobId)?.bytes ?? null;
  }

  /** Newest first. */
  list(): PrintJob[] {
    return [...this.entries.values()].map((e) => ({ ...e.job })).reverse();
  }

  onUpdate(listener: (job: PrintJob) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Put back jobs from a previous run (history only: they are not sent again). */
  restore(jobs: readonly { job: PrintJob; bytes: Uint8Array }[]): void {
    for (const { job, bytes } of jobs) this.entries.set(job.jobId, { job: { ...job }, bytes });
    this.trim();
  }

  /** Every job with its bytes, oldest first (for a JobStore). */
  snapshot(): { job: PrintJob; bytes: Uint8Array }[] {
    return [...this.entries.values()].map((e) => ({ job: { ...e.job }, bytes: e.bytes }));
  }

  /** Resolves when no printer has work left (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  private kick(printerId: string): void {
    if (this.running.has(printerId)) return;
    const worker = this.drain(printerId).finally(() => this.running.delete(printerId));
    this.running.set(printerId, worker);
  }

  private async drain(printerId: string): Promise<void> {
    const queue = this.pending.get(printerId) ?? [];
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const entry = this.entries.get(id);
      if (entry) await this.run(entry);
    }
  }

  private async run(entry: Entry): Promise<void> {
    const delays = this.opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    const permanent = this.opts.isPermanent ?? defaultPermanent;
    const waiting = this.opts.isWaiting ?? defaultWaiting;
    // Attempts that failed for a reason waiting does not fix: they end the job after the last delay.
    let failures = 0;
    // Attempts in a row that found the printer not ready, and since when.
    let waits = 0;
    let waitingSince: number | null = null;
    for (;;) {
      this.update(entry, { state: 'printing', attempts: entry.job.attempts + 1 });
      const suffix = entry.job.attempts === 1 ? entry.firstAttemptSuffix : undefined;
      const bytes = suffix ? concat(entry.bytes, suffix) : entry.bytes;
      try {
        await this.opts.send(entry.job.printerId, bytes);
        this.update(entry, { state: 'printed', error: undefined });
        return;
      } catch (e) {
        const error = this.opts.toDeviceError(e);
        let delay: number | undefined;
        if (permanent(error)) delay = undefined;
        else if (waiting(error)) {
          waitingSince ??= this.now();
          const waited = this.now() - waitingSince;
          // The backoff's pace, then its longest step, until the wait limit.
          delay = waited < (this.opts.waitLimitMs ?? DEFAULT_WAIT_LIMIT_MS) ? delays[Math.min(waits, delays.length - 1)] : undefined;
          waits += 1;
        } else {
          waitingSince = null;
          waits = 0;
          delay = delays[failures];
          failures += 1;
        }
        if (delay === undefined) {
          this.update(entry, { state: 'failed', error });
          return;
        }
        this.update(entry, { state: 'retrying', error });
        await (this.opts.sleep ?? sleep)(delay);
      }
    }
  }

  private update(entry: Entry, patch: Partial<PrintJob>): void {
    const next: PrintJob = { ...entry.job, ...patch, updatedAt: this.now() };
    if (next.error === undefined) delete next.error;
    entry.job = next;
    this.emit(next);
  }

  private emit(job: PrintJob): void {
    for (const l of this.listeners) l({ ...job });
  }

  private trim(): void {
    const max = this.opts.historySize ?? 200;
    for (const [id, e] of this.entries) {
      if (this.entries.size <= max) break;
      if (e.job.state === 'printed' || e.job.state === 'failed') this.entries.delete(id);
    }
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  private newId(): string {
    if (this.opts.newId) return this.opts.newId();
    this.counter += 1;
    return `job-${this.now().toString(36)}-${this.counter.toString(36)}`;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
