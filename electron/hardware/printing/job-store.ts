// Print jobs kept on disk, so a restart does not make a failed or interrupted receipt disappear
// from the cashier's list: jobs that were still queued or printing come back as failed
// ("interrupted"), ready to reprint — never resent on their own, which could print twice.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PrintJob } from '../../../shared/device-bridge.ts';

export interface StoredJob {
  job: PrintJob;
  bytes: Uint8Array;
}

export interface JobStore {
  load(): Promise<StoredJob[]>;
  save(jobs: readonly StoredJob[]): Promise<void>;
}

interface FileJob {
  job: PrintJob;
  bytes: string;
}

export class JobFileError extends Error {
  readonly code = 'job-file';
  constructor(message: string) {
    super(message);
    this.name = 'JobFileError';
  }
}

/** Jobs from a previous run: anything not finished becomes failed/interrupted. */
export function settleInterrupted(jobs: StoredJob[], now: number): StoredJob[] {
  return jobs.map(({ job, bytes }) => {
    if (job.state === 'printed' || job.state === 'failed') return { job, bytes };
    return {
      job: { ...job, state: 'failed', updatedAt: now, error: { code: 'unavailable', message: 'interrupted: the app stopped before this receipt printed' } },
      bytes,
    };
  });
}

export class FileJobStore implements JobStore {
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  async load(): Promise<StoredJob[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const parsed = JSON.parse(text) as unknown;
    if (!Array.isArray(parsed)) throw new JobFileError(`${this.file} is not a list of jobs`);
    return (parsed as FileJob[]).map((j) => ({ job: j.job, bytes: new Uint8Array(Buffer.from(j.bytes, 'base64')) }));
  }

  /** Writes are serialised and atomic (temporary file renamed over the old one). */
  save(jobs: readonly StoredJob[]): Promise<void> {
    const body = JSON.stringify(jobs.map((j): FileJob => ({ job: j.job, bytes: Buffer.from(j.bytes).toString('base64') })));
    this.writing = this.writing.then(async () => {
      await mkdir(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.tmp`;
      await writeFile(tmp, body, { mode: 0o600 });
      await rename(tmp, this.file);
    });
    return this.writing;
  }
}
