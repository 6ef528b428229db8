// The device bridge contract: one suite every implementation that reaches real drivers must pass
// (Electron IPC through the preload, the WebSocket hardware service through the browser client).
// Each run gets a fresh virtual printer and scanner behind a HardwareHost.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceBridge, PrintJob, PrinterStatus, ScanEvent } from '../../../shared/device-bridge.ts';
import type { Receipt } from '../../../shared/receipt/receipt-model.ts';
import { decodedTextLines } from '../../hardware/escpos/escpos-decoder.ts';
import { HardwareHost } from '../../hardware/hardware-host.ts';
import { VirtualPrinter } from '../../virtual/virtual-printer.ts';
import { VirtualScanner } from '../../virtual/virtual-scanner.ts';

export interface ContractRig {
  bridge: DeviceBridge;
  teardown(): Promise<void>;
}

/** Wraps a host into the implementation under test (IPC or WebSocket). */
export type MakeBridge = (host: HardwareHost) => Promise<ContractRig>;

const receipt: Receipt = {
  columns: 48,
  lines: [
    { kind: 'text', text: 'Café de Flore', align: 'center', bold: true },
    { kind: 'text', text: `${'Croque-monsieur'.padEnd(40)}  9,50 €` },
    { kind: 'qr', data: 'AISLE:R:T1:T1-000007:0190f3a2-7c1d' },
    { kind: 'cut' },
  ],
};

const until = async (check: () => boolean, ms = 3000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

export function deviceBridgeContract(name: string, make: MakeBridge): void {
  describe(`device bridge contract: ${name}`, () => {
    let printer: VirtualPrinter;
    let scanner: VirtualScanner;
    let host: HardwareHost;
    let rig: ContractRig;
    let bridge: DeviceBridge;

    beforeEach(async () => {
      printer = await new VirtualPrinter({ columns: 48 }).start();
      scanner = new VirtualScanner();
      host = await HardwareHost.create({
        printers: [{ id: 'front', name: 'Front', url: printer.url, columns: 48, drawer: { pin: 2, onMs: 60, offMs: 240 }, status: true }],
        defaultPrinterId: 'front',
        scanSources: [scanner],
        retryDelaysMs: [20, 20],
        // A printer that is not ready is waited for (10 minutes by default): short here.
        printWaitLimitMs: 200,
      });
      rig = await make(host);
      bridge = rig.bridge;
    });
    afterEach(async () => {
      await rig.teardown();
      await host.close();
      await printer.stop();
    });

    it('queues a receipt, reports the job through to printed, and the printer gets the text', async () => {
      const jobs: PrintJob[] = [];
      const off = bridge.onPrintJob((j) => jobs.push(j));
      await new Promise((r) => setTimeout(r, 20)); // let a lazy transport subscribe
      const r = await bridge.printReceipt(receipt, { reference: 'T1-000007' });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value).toMatchObject({ printerId: 'front', reference: 'T1-000007' });
      await until(() => jobs.some((j) => j.jobId === r.value.jobId && j.state === 'printed'));
      off();
      const [job] = await printer.waitForPrinted(1);
      expect(decodedTextLines(job?.ops ?? [])).toContain(`${'Croque-monsieur'.padEnd(40)}  9,50 €`);
      const list = await bridge.listJobs();
      expect(list.ok && list.value[0]?.jobId).toBe(r.value.jobId);
    });

    it('reprints a job as a new job that points at the original', async () => {
      const r = await bridge.printReceipt(receipt);
      if (!r.ok) throw new Error(r.error.message);
      const again = await bridge.reprint(r.value.jobId);
      expect(again).toMatchObject({ ok: true, value: { reprintOf: r.value.jobId } });
      expect(await printer.waitForPrinted(2)).toHaveLength(2);
      expect(await bridge.reprint('no-such-job')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    });

    it('opens the drawer with the configured kick', async () => {
      expect(await bridge.openDrawer()).toEqual({ ok: true, value: undefined });
      await until(() => printer.jobs().length === 1);
      expect(printer.jobs()[0]?.ops).toContainEqual({ op: 'drawer-kick', pin: 2, onMs: 60, offMs: 240 });
    });

    it('reports printer status, including paper out, and announces the change', async () => {
      const statuses: PrinterStatus[] = [];
      const off = bridge.onPrinterStatus((s) => statuses.push(s));
      await new Promise((r) => setTimeout(r, 20));
      expect(await bridge.printerStatus()).toMatchObject({ ok: true, value: { printerId: 'front', online: true, paper: 'ok' } });
      printer.setFault('paper-out');
      expect(await bridge.printerStatus('front')).toMatchObject({ ok: true, value: { online: false, paper: 'out' } });
      await until(() => statuses.some((s) => s.paper === 'out'));
      off();
    });

    it('lists the devices', async () => {
      const r = await bridge.listDevices();
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.find((d) => d.kind === 'printer')).toMatchObject({ id: 'front', transport: 'tcp', columns: 48 });
      expect(r.value.some((d) => d.kind === 'scanner' && d.transport === 'virtual')).toBe(true);
    });

    it('delivers scans as ScanEvents until unsubscribed', async () => {
      const scans: ScanEvent[] = [];
      const off = bridge.onScan((e) => scans.push(e));
      await new Promise((r) => setTimeout(r, 50));
      scanner.scan(']E04006381333931');
      await until(() => scans.length === 1);
      expect(scans[0]).toMatchObject({ raw: ']E04006381333931', source: 'virtual', deviceId: 'virtual-scanner' });
      off();
      scanner.scan('ignored');
      await new Promise((r) => setTimeout(r, 50));
      expect(scans).toHaveLength(1);
    });

    it('answers bad input with a bad-request result, never a rejection', async () => {
      expect(await bridge.printReceipt({ columns: 48, lines: [{ kind: 'text', text: 'x'.repeat(49) }] })).toMatchObject({
        ok: false,
        error: { code: 'bad-request' },
      });
      expect(await bridge.printReceipt(receipt, { printerId: 'back-office' })).toMatchObject({ ok: false, error: { code: 'not-configured' } });
    });

    it('reports a failed print (printer offline past the wait limit) as a failed job, without blocking the call', async () => {
      printer.setFault('offline');
      const jobs: PrintJob[] = [];
      const off = bridge.onPrintJob((j) => jobs.push(j));
      await new Promise((r) => setTimeout(r, 20));
      const started = Date.now();
      const r = await bridge.printReceipt(receipt);
      expect(Date.now() - started).toBeLessThan(1000);
      if (!r.ok) throw new Error(r.error.message);
      await until(() => jobs.some((j) => j.jobId === r.value.jobId && j.state === 'failed'));
      expect(jobs.find((j) => j.state === 'failed')?.error?.code).toBe('printer-offline');
      off();
    });
  });
}
