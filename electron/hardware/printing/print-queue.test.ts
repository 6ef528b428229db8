import { describe, expect, it } from 'vitest';
import type { PrintJob } from '../../../shared/device-bridge.ts';
import { PrinterNotReadyError, toDeviceError } from '../device-errors.ts';
import { TransportError } from '../transport/transport.ts';
import { PrintQueue } from './print-queue.ts';

const bytes = (n: number): Uint8Array => Uint8Array.of(n);

function queueWith(send: (printerId: string, b: Uint8Array) => Promise<void>, retryDelaysMs = [0, 0, 0]): { q: PrintQueue; events: PrintJob[] } {
  const q = new PrintQueue({ send, toDeviceError, retryDelaysMs, sleep: async () => {} });
  const events: PrintJob[] = [];
  q.onUpdate((j) => events.push(j));
  return { q, events };
}

describe('print queue', () => {
  it('prints jobs for one printer in order, one at a time', async () => {
    const sent: number[] = [];
    let inFlight = 0;
    const { q } = queueWith(async (_p, b) => {
      inFlight += 1;
      expect(inFlight).toBe(1);
      await new Promise((r) => setTimeout(r, 2));
      sent.push(b[0] ?? -1);
      inFlight -= 1;
    });
    for (let i = 0; i < 5; i += 1) q.enqueue('p1', bytes(i));
    await q.idle();
    expect(sent).toEqual([0, 1, 2, 3, 4]);
    expect(q.list().every((j) => j.state === 'printed')).toBe(true);
  });

  it('retries a failing job with backoff and reports each failed attempt', async () => {
    let calls = 0;
    const { q, events } = queueWith(async () => {
      calls += 1;
      if (calls < 3) throw new TransportError('printer-offline', 'gone');
    });
    const job = q.enqueue('p1', bytes(1));
    await q.idle();
    expect(events.filter((e) => e.jobId === job.jobId).map((e) => e.state)).toEqual([
      'queued',
      'printing',
      'retrying',
      'printing',
      'retrying',
      'printing',
      'printed',
    ]);
    expect(q.get(job.jobId)).toMatchObject({ state: 'printed', attempts: 3 });
    expect(q.get(job.jobId)?.error).toBeUndefined();
  });

  it('fails after the last retry, keeps the job, and reprints it as a new job', async () => {
    let up = false;
    const { q } = queueWith(async () => {
      if (!up) throw new TransportError('transport', 'write EPIPE');
    }, [0, 0]);
    const job = q.enqueue('p1', bytes(7), { reference: 'R-7' });
    await q.idle();
    expect(q.get(job.jobId)).toMatchObject({ state: 'failed', attempts: 3, error: { code: 'transport' } });
    up = true;
    const again = q.reprint(job.jobId);
    await q.idle();
    expect(again).toMatchObject({ reprintOf: job.jobId, reference: 'R-7' });
    expect(q.get(again?.jobId ?? '')).toMatchObject({ state: 'printed' });
    expect(q.bytesOf(again?.jobId ?? '')).toEqual(bytes(7));
    expect(q.reprint('nope')).toBeNull();
  });

  it('waits out a printer that is not ready past the last retry — a roll change, a closed cover, a printer switched back on — and prints then', async () => {
    for (const code of ['paper-out', 'cover-open', 'printer-offline'] as const) {
      let calls = 0;
      const { q } = queueWith(async () => {
        calls += 1;
        if (calls <= 12) throw code === 'printer-offline' ? new TransportError(code, 'connect ECONNREFUSED') : new PrinterNotReadyError(code, 'not ready');
      }, [0, 0]);
      const job = q.enqueue('p1', bytes(1));
      await q.idle();
      expect(q.get(job.jobId), code).toMatchObject({ state: 'printed', attempts: 13 });
    }
  });

  it("waits at the backoff's pace, then its longest step, and ends failed after the wait limit with the printer's reason", async () => {
    let t = 0;
    const slept: number[] = [];
    const q = new PrintQueue({
      send: async () => {
        throw new PrinterNotReadyError('paper-out', 'paper end');
      },
      toDeviceError,
      retryDelaysMs: [500, 1000, 2000],
      waitLimitMs: 10_000,
      now: () => t,
      sleep: async (ms) => {
        slept.push(ms);
        t += ms;
      },
    });
    const job = q.enqueue('p1', bytes(1));
    await q.idle();
    // 0, 0.5, 1.5, 3.5, 5.5, 7.5, 9.5 s into the wait: below 10 s, so it waits again; at 11.5 s it gives up.
    expect(slept).toEqual([500, 1000, 2000, 2000, 2000, 2000, 2000]);
    expect(q.get(job.jobId)).toMatchObject({ state: 'failed', attempts: 8, error: { code: 'paper-out' } });
  });

  it('a failure that waiting does not fix after a wait still ends the job after the last retry', async () => {
    let calls = 0;
    const { q } = queueWith(async () => {
      calls += 1;
      throw calls % 2 === 1 ? new PrinterNotReadyError('cover-open', 'cover') : new TransportError('timeout', 'no answer');
    }, [0, 0]);
    const job = q.enqueue('p1', bytes(1));
    await q.idle();
    // Attempts 2 and 4 timed out (two retries spent), attempt 6 timed out once more: failed.
    expect(q.get(job.jobId)).toMatchObject({ state: 'failed', attempts: 6, error: { code: 'timeout' } });
  });

  it('does not retry errors that retrying cannot fix', async () => {
    let calls = 0;
    const { q } = queueWith(async () => {
      calls += 1;
      throw new TransportError('not-configured', 'no such printer');
    });
    q.enqueue('p1', bytes(1));
    await q.idle();
    expect(calls).toBe(1);
  });

  it('a stuck printer does not hold up another printer', async () => {
    const done: string[] = [];
    let release: () => void = () => {};
    const { q } = queueWith(async (p) => {
      if (p === 'slow') await new Promise<void>((r) => (release = r));
      done.push(p);
    });
    q.enqueue('slow', bytes(1));
    q.enqueue('fast', bytes(2));
    await expect.poll(() => done).toEqual(['fast']);
    release();
    await q.idle();
    expect(done).toEqual(['fast', 'slow']);
  });

  it('sends the drawer kick with the first attempt only, never with a retry or a reprint', async () => {
    const sent: number[][] = [];
    let calls = 0;
    const { q } = queueWith(async (_p, b) => {
      calls += 1;
      sent.push([...b]);
      if (calls === 1) throw new TransportError('printer-offline', 'dropped');
    });
    const job = q.enqueue('p1', bytes(1), { firstAttemptSuffix: Uint8Array.of(0x1b, 0x70, 0, 25, 250) });
    await q.idle();
    q.reprint(job.jobId);
    await q.idle();
    expect(sent).toEqual([[1, 0x1b, 0x70, 0, 25, 250], [1], [1]]);
  });
});
