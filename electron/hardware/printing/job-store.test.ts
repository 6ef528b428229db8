import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Receipt } from '../../../shared/receipt/receipt-model.ts';
import { VirtualPrinter } from '../../virtual/virtual-printer.ts';
import { HardwareHost } from '../hardware-host.ts';
import { FileJobStore } from './job-store.ts';

const receipt: Receipt = { columns: 42, lines: [{ kind: 'text', text: 'Total 5,00 €' }, { kind: 'cut' }] };

describe('print jobs across a restart', () => {
  let dir = '';
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps printed and failed jobs, turns unfinished ones into failed "interrupted" jobs, and they can be reprinted', async () => {
    dir = await mkdtemp(join(tmpdir(), 'aisle-jobs-'));
    const printer = await new VirtualPrinter().start();
    const printers = [{ id: 'p', name: 'P', url: printer.url, columns: 42 as const, drawer: { pin: 2 as const, onMs: 50, offMs: 500 }, status: true }];
    const store = new FileJobStore(join(dir, 'print-jobs.json'));
    try {
      const first = await HardwareHost.create({ printers, defaultPrinterId: 'p', jobStore: store, retryDelaysMs: [60_000] });
      const printed = await first.printReceipt(receipt, { reference: 'A' });
      await first.idle();
      await printer.waitForPrinted(1);
      printer.setFault('offline');
      const stuck = await first.printReceipt(receipt, { reference: 'B' });
      if (!printed.ok || !stuck.ok) throw new Error('not queued');
      // "B" is now waiting a minute before its retry: the app stops here.
      await expect.poll(async () => (await store.load()).find((j) => j.job.jobId === stuck.value.jobId)?.job.state).toBe('retrying');
      await first.close();

      printer.setFault('none');
      const second = await HardwareHost.create({ printers, defaultPrinterId: 'p', jobStore: store });
      const jobs = await second.listJobs();
      if (!jobs.ok) throw new Error(jobs.error.message);
      expect(jobs.value.map((j) => [j.reference, j.state])).toEqual([
        ['B', 'failed'],
        ['A', 'printed'],
      ]);
      expect(jobs.value[0]?.error?.message).toMatch(/interrupted/);
      expect(await second.reprint(stuck.value.jobId)).toMatchObject({ ok: true, value: { reprintOf: stuck.value.jobId, reference: 'B' } });
      await second.idle();
      expect(await printer.waitForPrinted(2)).toHaveLength(2);
      await second.close();
    } finally {
      await printer.stop();
    }
  });
});
