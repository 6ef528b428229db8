// The hardware side of the device bridge: printers (encoder, queue, transports, status), the
// drawer and the scanners behind one object that implements DeviceBridge itself. The Electron
// IPC handlers and the WebSocket hardware service are thin adapters over it, so both run the
// same driver code.
import type {
  DeviceBridge,
  DeviceInfo,
  DrawerOptions,
  PrintJob,
  PrintOptions,
  PrinterStatus,
  Result,
  ScanEvent,
  Unsubscribe,
} from '../../shared/device-bridge.ts';
import { fail, ok } from '../../shared/device-bridge.ts';
import type { Receipt } from '../../shared/receipt/receipt-model.ts';
import type { AisleSettings, PrinterSettings } from '../settings/settings-schema.ts';
import { toDeviceError } from './device-errors.ts';
import { concatBytes } from './escpos/escpos-commands.ts';
import { encodeDrawerKick, encodeReceipt } from './escpos/receipt-encoder.ts';
import { settleInterrupted, type JobStore } from './printing/job-store.ts';
import { PrintQueue } from './printing/print-queue.ts';
import { PrinterDriver, transportFor, type TransportDeps } from './printing/printer-driver.ts';
import { testReceipt } from './printing/test-receipt.ts';
import { receiptProblem } from './receipt-validation.ts';
import { ScannerHub, type ScanSource } from './scanners/scan-source.ts';
import type { PrinterTransport } from './transport/transport.ts';
import { discoverUsbPrinters, nativeUsbLister } from './transport/usb-discovery.ts';

export interface HardwareHostOptions {
  printers: PrinterSettings[];
  defaultPrinterId: string | null;
  /** Build each printer's transport; defaults to the real TCP/USB transports. */
  transportFactory?: (p: PrinterSettings) => PrinterTransport;
  transportDeps?: TransportDeps;
  scanSources?: ScanSource[];
  retryDelaysMs?: readonly number[];
  /** How long a receipt waits for a printer that is not ready before it ends failed (print-queue.ts; default 10 minutes). */
  printWaitLimitMs?: number;
  /** Poll printer status every N ms and announce changes (0 = never, the default). */
  statusPollMs?: number;
  /** Keeps jobs across restarts (Electron: print-jobs.json in the user-data directory). */
  jobStore?: JobStore;
  /** Devices plugged in but not configured (USB printers), listed for the settings page. */
  discover?: () => Promise<DeviceInfo[]>;
  log?: (message: string) => void;
}

export function hostOptionsFromSettings(s: AisleSettings): HardwareHostOptions {
  return {
    printers: s.printers,
    defaultPrinterId: s.defaultPrinterId,
    statusPollMs: 3000,
    discover: async () => discoverUsbPrinters(await nativeUsbLister()),
  };
}

export class HardwareHost implements DeviceBridge {
  private readonly drivers = new Map<string, PrinterDriver>();
  private readonly queue: PrintQueue;
  private readonly scanners = new ScannerHub();
  private readonly statusListeners = new Set<(s: PrinterStatus) => void>();
  private readonly lastStatus = new Map<string, PrinterStatus>();
  private poll: NodeJS.Timeout | null = null;
  /** The latest write of the print jobs to the job store; close() waits for it. */
  private saved: Promise<void> = Promise.resolve();

  private constructor(private readonly opts: HardwareHostOptions) {
    for (const p of opts.printers) {
      const transport = opts.transportFactory ? opts.transportFactory(p) : transportFor(p, opts.transportDeps);
      this.drivers.set(p.id, new PrinterDriver(p, transport));
    }
    this.queue = new PrintQueue({
      send: (printerId, bytes) => this.send(printerId, bytes),
      toDeviceError,
      newId: () => crypto.randomUUID(),
      ...(opts.retryDelaysMs ? { retryDelaysMs: opts.retryDelaysMs } : {}),
      ...(opts.printWaitLimitMs !== undefined ? { waitLimitMs: opts.printWaitLimitMs } : {}),
    });
    this.queue.onUpdate((job) => {
      if (job.state === 'failed' || job.state === 'retrying') {
        opts.log?.(`print job ${job.jobId} ${job.state}: ${job.error?.message ?? ''}`);
        void this.printerStatus(job.printerId);
      }
    });
  }

  static async create(opts: HardwareHostOptions): Promise<HardwareHost> {
    const host = new HardwareHost(opts);
    const store = opts.jobStore;
    if (store) {
      host.queue.restore(settleInterrupted(await store.load(), Date.now()));
      await store.save(host.queue.snapshot());
      host.queue.onUpdate(() => {
        host.saved = store.save(host.queue.snapshot()).catch((e: unknown) => {
          opts.log?.(`could not save print jobs: ${(e as Error).message}`);
        });
      });
    }
    for (const s of opts.scanSources ?? []) await host.scanners.add(s);
    if (opts.statusPollMs) {
      host.poll = setInterval(() => {
        for (const id of host.drivers.keys()) void host.printerStatus(id);
      }, opts.statusPollMs);
      host.poll.unref();
    }
    return host;
  }

  async close(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    await this.scanners.stop();
    for (const d of this.drivers.values()) {
      await d.close().catch((e: unknown) => this.opts.log?.(`closing ${d.settings.name}: ${(e as Error).message}`));
    }
    // A job that finished just before close is still being written to disk: let it land.
    await this.saved;
  }

  /** Resolves when every queued job has printed or failed (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** The bytes of a job (the screen bridge and tests show them). */
  jobBytes(jobId: string): Uint8Array | null {
    return this.queue.bytesOf(jobId);
  }

  async printReceipt(receipt: Receipt, opts: PrintOptions = {}): Promise<Result<PrintJob>> {
    const problem = receiptProblem(receipt);
    if (problem) return fail('bad-request', problem);
    const driver = this.driver(opts.printerId);
    if (!driver.ok) return driver;
    const printer = driver.value.settings;
    if (receipt.columns > printer.columns) {
      return fail('bad-request', `receipt is ${String(receipt.columns)} columns wide, ${printer.name} prints ${String(printer.columns)}`);
    }
    const copies = Number.isFinite(opts.copies) ? Math.min(Math.max(1, Math.floor(opts.copies ?? 1)), 5) : 1;
    try {
      const one = encodeReceipt(receipt);
      const meta: { reference?: string; firstAttemptSuffix?: Uint8Array } = {};
      if (opts.reference !== undefined) meta.reference = String(opts.reference);
      if (opts.openDrawer) meta.firstAttemptSuffix = encodeDrawerKick(printer.drawer);
      return ok(this.queue.enqueue(printer.id, concatBytes(Array.from({ length: copies }, () => one)), meta));
    } catch (e) {
      return { ok: false, error: toDeviceError(e) };
    }
  }

  async reprint(jobId: string): Promise<Result<PrintJob>> {
    if (typeof jobId !== 'string') return fail('bad-request', 'jobId must be a string');
    const job = this.queue.reprint(jobId);
    return job ? ok(job) : fail('not-found', `no print job ${jobId}`);
  }

  async listJobs(): Promise<Result<PrintJob[]>> {
    return ok(this.queue.list());
  }

  async testPrint(printerId?: string): Promise<Result<PrintJob>> {
    const driver = this.driver(printerId);
    if (!driver.ok) return driver;
    const p = driver.value.settings;
    return this.printReceipt(testReceipt(p.columns, p.name, new Date()), { printerId: p.id, reference: 'test print' });
  }

  async openDrawer(opts: DrawerOptions = {}): Promise<Result<void>> {
    const driver = this.driver(undefined);
    if (!driver.ok) return driver;
    const pin = opts.pin === 2 || opts.pin === 5 ? opts.pin : undefined;
    try {
      // Not queued behind receipts: it only waits for the exchange in progress with the printer.
      await driver.value.kickDrawer(pin);
      return ok(undefined);
    } catch (e) {
      return { ok: false, error: toDeviceError(e) };
    }
  }

  async printerStatus(printerId?: string): Promise<Result<PrinterStatus>> {
    const driver = this.driver(printerId);
    if (!driver.ok) return driver;
    const status = await driver.value.status();
    const before = this.lastStatus.get(status.printerId);
    this.lastStatus.set(status.printerId, status);
    if (!before || statusKey(before) !== statusKey(status)) for (const l of this.statusListeners) l(status);
    return ok(status);
  }

  async listDevices(): Promise<Result<DeviceInfo[]>> {
    const printers = [...this.drivers.values()].flatMap((d): DeviceInfo[] => {
      const s = d.settings;
      const transport = s.url.startsWith('usb:') ? 'usb' : 'tcp';
      const connected = this.lastStatus.get(s.id)?.online ?? true;
      return [
        { id: s.id, kind: 'printer', transport, name: `${s.name} (${d.transport.description})`, connected, columns: s.columns },
        { id: `${s.id}:drawer`, kind: 'drawer', transport, name: `Cash drawer on ${s.name} (pin ${String(s.drawer.pin)})`, connected },
      ];
    });
    return ok([...printers, ...(await this.discovered(printers)), ...this.scanners.devices()]);
  }

  onScan(listener: (event: ScanEvent) => void): Unsubscribe {
    return this.scanners.onScan(listener);
  }

  onPrinterStatus(listener: (status: PrinterStatus) => void): Unsubscribe {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onPrintJob(listener: (job: PrintJob) => void): Unsubscribe {
    return this.queue.onUpdate(listener);
  }

  /** Plugged-in devices that are not configured yet; discovery failing only shortens the list. */
  private async discovered(configured: DeviceInfo[]): Promise<DeviceInfo[]> {
    if (!this.opts.discover) return [];
    const urls = new Set([...this.drivers.values()].map((d) => d.settings.url.toLowerCase()));
    try {
      const found = await this.opts.discover();
      return found.filter((d) => !urls.has(d.id.toLowerCase()) && !configured.some((c) => c.id === d.id));
    } catch (e) {
      this.opts.log?.(`device discovery failed: ${(e as Error).message}`);
      return [];
    }
  }

  private driver(printerId: string | undefined): Result<PrinterDriver> {
    const id = printerId ?? this.opts.defaultPrinterId ?? this.opts.printers[0]?.id;
    if (id === undefined) return fail('not-configured', 'no printer is configured on this device');
    const d = this.drivers.get(id);
    return d ? ok(d) : fail('not-configured', `no printer "${id}"`);
  }

  private async send(printerId: string, bytes: Uint8Array): Promise<void> {
    const d = this.drivers.get(printerId);
    if (!d) throw new Error(`printer ${printerId} was removed`);
    await d.send(bytes);
  }
}

const statusKey = (s: PrinterStatus): string => `${String(s.online)}|${s.paper}|${String(s.coverOpen)}|${s.error?.code ?? ''}`;
