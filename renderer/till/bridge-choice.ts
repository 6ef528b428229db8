// Chooses the device bridge for this window. Until the hardware engineer's screen-only bridge is
// wired in, a minimal in-memory one keeps every receipt (the till shows the text itself) and
// reports a virtual drawer, so selling never depends on hardware being present.
import { fail, ok, type DeviceBridge, type PrintJob } from '../../shared/device-bridge.ts';
import type { Receipt } from '../../shared/receipt/index.ts';

export interface KeptReceipt {
  job: PrintJob;
  receipt: Receipt;
}

export function createInMemoryBridge(): DeviceBridge & { kept: KeptReceipt[] } {
  const kept: KeptReceipt[] = [];
  let drawerOpens = 0;
  const makeJob = (reference: string | undefined, reprintOf?: string): PrintJob => {
    const now = Date.now();
    return { jobId: crypto.randomUUID(), printerId: 'screen', state: 'printed', attempts: 1, createdAt: now, updatedAt: now, ...(reference ? { reference } : {}), ...(reprintOf ? { reprintOf } : {}) };
  };
  return {
    kept,
    async printReceipt(receipt, opts) {
      const job = makeJob(opts?.reference);
      kept.unshift({ job, receipt });
      return ok(job);
    },
    async reprint(jobId) {
      const found = kept.find((k) => k.job.jobId === jobId);
      if (!found) return fail('not-found', `no job ${jobId}`);
      const job = makeJob(found.job.reference, jobId);
      kept.unshift({ job, receipt: found.receipt });
      return ok(job);
    },
    async listJobs() {
      return ok(kept.map((k) => k.job));
    },
    async testPrint() {
      return ok(makeJob('test'));
    },
    async openDrawer() {
      drawerOpens++;
      return ok(undefined);
    },
    async printerStatus() {
      return ok({ printerId: 'screen', online: true, paper: 'ok', coverOpen: false, drawerOpen: drawerOpens > 0, checkedAt: Date.now() });
    },
    async listDevices() {
      return ok([{ id: 'screen', kind: 'printer', transport: 'screen', name: 'Receipt on screen', connected: true, columns: 42 }]);
    },
    onScan: () => () => undefined,
    onPrinterStatus: () => () => undefined,
    onPrintJob: () => () => undefined,
  };
}

export function chooseBridge(): DeviceBridge {
  return createInMemoryBridge();
}
