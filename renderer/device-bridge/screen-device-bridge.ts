// DeviceBridge with no hardware at all: "prints" a receipt by rendering it as text (the shared
// renderReceiptText, the same rows the paper would have) and keeps the jobs in memory so the till
// can show them on screen. Used when neither Electron nor the hardware service is there, and in
// demos. Scans can be injected (virtual scanner); there is no drawer.
import type {
  DeviceBridge,
  DeviceInfo,
  PrintJob,
  PrintOptions,
  PrinterStatus,
  Result,
  ScanEvent,
} from '../../shared/device-bridge.ts';
import { fail, ok } from '../../shared/device-bridge.ts';
import type { Receipt } from '../../shared/receipt/receipt-model.ts';
import { renderReceiptText } from '../../shared/receipt/receipt-text.ts';
import { Listeners } from './listeners.ts';

export const SCREEN_PRINTER_ID = 'screen';

export interface ScreenJob {
  job: PrintJob;
  receipt: Receipt;
  /** The receipt as the paper would read, one row per line. */
  text: string;
}

export interface ScreenDeviceBridge extends DeviceBridge {
  /** Printed receipts, newest first (the till shows them in a "receipt" panel). */
  screenJobs(): readonly ScreenJob[];
  /** Deliver a scan as if a scanner read it. */
  injectScan(raw: string): void;
}

export function createScreenDeviceBridge(options: { historySize?: number; now?: () => number } = {}): ScreenDeviceBridge {
  const now = options.now ?? Date.now;
  const max = options.historySize ?? 50;
  const jobs: ScreenJob[] = [];
  const scans = new Listeners<ScanEvent>();
  const statuses = new Listeners<PrinterStatus>();
  const jobEvents = new Listeners<PrintJob>();
  let counter = 0;

  function print(receipt: Receipt, opts: PrintOptions, reprintOf?: string): Result<PrintJob> {
    if (opts.printerId !== undefined && opts.printerId !== SCREEN_PRINTER_ID) return fail('not-configured', `no printer "${opts.printerId}"`);
    counter += 1;
    const at = now();
    const job: PrintJob = { jobId: `screen-${String(at)}-${String(counter)}`, printerId: SCREEN_PRINTER_ID, state: 'printed', attempts: 1, createdAt: at, updatedAt: at };
    if (opts.reference !== undefined) job.reference = opts.reference;
    if (reprintOf !== undefined) job.reprintOf = reprintOf;
    const copies = Number.isFinite(opts.copies) ? Math.max(1, Math.min(5, Math.floor(opts.copies ?? 1))) : 1;
    const text = Array.from({ length: copies }, () => renderReceiptText(receipt)).join('\n\n');
    jobs.unshift({ job, receipt, text });
    jobs.length = Math.min(jobs.length, max);
    jobEvents.emit({ ...job });
    return ok({ ...job });
  }

  return {
    printReceipt: async (receipt, opts = {}) => print(receipt, opts),
    reprint: async (jobId) => {
      const found = jobs.find((j) => j.job.jobId === jobId);
      if (!found) return fail('not-found', `no print job ${jobId}`);
      const opts: PrintOptions = found.job.reference !== undefined ? { reference: found.job.reference } : {};
      return print(found.receipt, opts, found.job.reprintOf ?? jobId);
    },
    listJobs: async () => ok(jobs.map((j) => ({ ...j.job }))),
    testPrint: async () =>
      print({ columns: 42, lines: [{ kind: 'text', text: 'AISLE TEST PRINT (screen)', align: 'center', bold: true }, { kind: 'text', text: 'Euro: 1,00 €  àéèçüöñ' }, { kind: 'qr', data: 'AISLE:TEST' }, { kind: 'cut' }] }, { reference: 'test print' }),
    // No hardware, no drawer: saying "opened" would be a lie. `not-configured` is shown as a quiet
    // "open it with its key", not as a hardware error on every cash sale.
    openDrawer: async () => fail('not-configured', 'no cash drawer is connected to this till'),
    printerStatus: async (printerId) => {
      if (printerId !== undefined && printerId !== SCREEN_PRINTER_ID) return fail('not-configured', `no printer "${printerId}"`);
      return ok({ printerId: SCREEN_PRINTER_ID, online: true, paper: 'ok', coverOpen: false, checkedAt: now() });
    },
    listDevices: async (): Promise<Result<DeviceInfo[]>> =>
      ok([
        { id: SCREEN_PRINTER_ID, kind: 'printer', transport: 'screen', name: 'On-screen receipts', connected: true, columns: 42 },
        { id: 'virtual-scanner', kind: 'scanner', transport: 'virtual', name: 'Virtual scanner', connected: true },
      ]),
    onScan: (l) => scans.add(l),
    onPrinterStatus: (l) => statuses.add(l),
    onPrintJob: (l) => jobEvents.add(l),
    screenJobs: () => jobs,
    injectScan: (raw) => {
      scans.emit({ raw, source: 'virtual', at: now(), deviceId: 'virtual-scanner' });
    },
  };
}
