import { afterEach, describe, expect, it } from 'vitest';
import type { PrintJob, PrinterStatus, ScanEvent } from '../../shared/device-bridge.ts';
import type { Receipt } from '../../shared/receipt/receipt-model.ts';
import { VirtualPrinter } from '../virtual/virtual-printer.ts';
import { VirtualScanner } from '../virtual/virtual-scanner.ts';
import type { PrinterSettings } from '../settings/settings-schema.ts';
import { decodedTextLines } from './escpos/escpos-decoder.ts';
import { HardwareHost } from './hardware-host.ts';

const receipt: Receipt = {
  columns: 42,
  lines: [
    { kind: 'text', text: 'Boulangerie Léa', align: 'center', bold: true },
    { kind: 'text', text: 'Pain au chocolat                   1,20 €' },
    { kind: 'qr', data: 'AISLE:R:T1-000001' },
    { kind: 'cut' },
  ],
};

function printerAt(port: number, extra: Partial<PrinterSettings> = {}): PrinterSettings {
  return { id: 'front', name: 'Front till', url: `tcp://127.0.0.1:${String(port)}`, columns: 42, drawer: { pin: 2, onMs: 50, offMs: 500 }, status: true, ...extra };
}

describe('hardware host (printer over TCP to the virtual printer)', () => {
  let printer: VirtualPrinter;
  let host: HardwareHost | null = null;
  afterEach(async () => {
    await host?.close();
    await printer.stop();
    host = null;
  });

  async function setup(retryDelaysMs = [20, 20, 20], printWaitLimitMs?: number): Promise<{ host: HardwareHost; jobs: PrintJob[] }> {
    printer = await new VirtualPrinter({ columns: 42 }).start();
    const h = await HardwareHost.create({ printers: [printerAt(printer.port)], defaultPrinterId: 'front', retryDelaysMs, ...(printWaitLimitMs !== undefined ? { printWaitLimitMs } : {}) });
    host = h;
    const jobs: PrintJob[] = [];
    h.onPrintJob((j) => jobs.push(j));
    return { host: h, jobs };
  }

  it('queues a receipt, returns at once with a job id, and the printer gets it', async () => {
    const { host: h } = await setup();
    const r = await h.printReceipt(receipt, { reference: 'sale-1' });
    expect(r).toMatchObject({ ok: true, value: { state: 'queued', reference: 'sale-1' } });
    await h.idle();
    const [job] = await printer.waitForPrinted(1);
    expect(decodedTextLines(job?.ops ?? [])).toContain('Pain au chocolat                   1,20 €');
  });

  it('retries and reports a printer that disappears mid-job, then prints it', async () => {
    const { host: h, jobs } = await setup();
    printer.dropConnections(1, 30);
    const r = await h.printReceipt(receipt);
    if (!r.ok) throw new Error(r.error.message);
    await h.idle();
    const mine = jobs.filter((j) => j.jobId === r.value.jobId);
    expect(mine.map((j) => j.state)).toEqual(['queued', 'printing', 'retrying', 'printing', 'printed']);
    expect(mine[2]?.error?.code).toBe('printer-offline');
    // The cut-off fragment arrived too; the complete job is the one that printed after it.
    await printer.waitForPrinted(2);
    const complete = printer.jobs().filter((j) => j.decodeError === undefined && j.ops.some((o) => o.op === 'qr'));
    expect(complete).toHaveLength(1);
  });

  it('holds jobs while the paper is out and prints once paper is loaded', async () => {
    const { host: h, jobs } = await setup([30, 30, 30, 30, 30, 30]);
    printer.setFault('paper-out');
    const r = await h.printReceipt(receipt);
    if (!r.ok) throw new Error(r.error.message);
    await expect.poll(() => jobs.some((j) => j.state === 'retrying' && j.error?.code === 'paper-out')).toBe(true);
    printer.setFault('none');
    await h.idle();
    expect(jobs[jobs.length - 1]).toMatchObject({ jobId: r.value.jobId, state: 'printed' });
    expect(await printer.waitForPrinted(1)).toHaveLength(1);
  });

  it('waits for an offline printer past the last retry, fails the job after the wait limit, keeps the sale-side call unblocked, and reprints on demand', async () => {
    const { host: h, jobs } = await setup([10, 10], 300);
    printer.setFault('offline');
    const statuses: PrinterStatus[] = [];
    h.onPrinterStatus((s) => statuses.push(s));
    const started = Date.now();
    const r = await h.printReceipt(receipt);
    if (!r.ok) throw new Error(r.error.message);
    await h.idle();
    expect(jobs[jobs.length - 1]).toMatchObject({ state: 'failed', error: { code: 'printer-offline' } });
    // Two retries would have ended it after ≈ 20 ms: it waited for the printer instead, to the limit.
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(jobs[jobs.length - 1]?.attempts).toBeGreaterThan(3);
    await expect.poll(() => statuses.some((s) => !s.online)).toBe(true);
    printer.setFault('none');
    const again = await h.reprint(r.value.jobId);
    expect(again).toMatchObject({ ok: true, value: { reprintOf: r.value.jobId } });
    await h.idle();
    expect(await printer.waitForPrinted(1)).toHaveLength(1);
  });

  it('a receipt sent while the printer is out of paper prints once paper is loaded, however many retries that takes', async () => {
    const { host: h, jobs } = await setup([10, 10]);
    printer.setFault('paper-out');
    const r = await h.printReceipt(receipt);
    if (!r.ok) throw new Error(r.error.message);
    await expect.poll(() => jobs.filter((j) => j.jobId === r.value.jobId && j.state === 'retrying').length, { timeout: 5000 }).toBeGreaterThan(5);
    expect(printer.printedJobs()).toHaveLength(0);
    printer.setFault('none');
    await h.idle();
    expect(jobs[jobs.length - 1]).toMatchObject({ jobId: r.value.jobId, state: 'printed' });
    expect(await printer.waitForPrinted(1)).toHaveLength(1);
  });

  it('opens the drawer with a well-formed kick on the configured pin', async () => {
    const { host: h } = await setup();
    expect(await h.openDrawer({ pin: 5 })).toEqual({ ok: true, value: undefined });
    await expect.poll(() => printer.jobs().length).toBe(1);
    expect(printer.jobs()[0]?.ops).toContainEqual({ op: 'drawer-kick', pin: 5, onMs: 50, offMs: 500 });
  });

  it('kicks the drawer after a cash receipt and prints copies', async () => {
    const { host: h } = await setup();
    await h.printReceipt(receipt, { openDrawer: true, copies: 2 });
    await h.idle();
    const ops = (await printer.waitForPrinted(1))[0]?.ops ?? [];
    expect(ops.filter((o) => o.op === 'qr')).toHaveLength(2);
    expect(ops.filter((o) => o.op === 'drawer-kick')).toEqual([{ op: 'drawer-kick', pin: 2, onMs: 50, offMs: 500 }]);
    expect(ops[ops.length - 1]).toMatchObject({ op: 'status-request' });
  });

  it('test print decodes with € and accents', async () => {
    const { host: h } = await setup();
    await h.testPrint();
    await h.idle();
    const lines = decodedTextLines((await printer.waitForPrinted(1))[0]?.ops ?? []);
    expect(lines).toContain('Euro: 1,00 € 12,50 €');
    expect(lines.join('\n')).not.toContain('\uFFFD');
  });

  it('refuses malformed receipts and unknown printers with clear errors', async () => {
    const { host: h } = await setup();
    expect(await h.printReceipt({ columns: 40, lines: [] } as unknown as Receipt)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await h.printReceipt({ ...receipt, columns: 48 })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await h.printReceipt(receipt, { printerId: 'back' })).toMatchObject({ ok: false, error: { code: 'not-configured' } });
    expect(await h.reprint('nope')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    // A nonsense copy count prints one copy rather than an empty job.
    await h.printReceipt(receipt, { copies: Number.NaN });
    await h.idle();
    expect(((await printer.waitForPrinted(1))[0]?.ops ?? []).filter((o) => o.op === 'qr')).toHaveLength(1);
  });

  it('lists printers, drawers and scanners, and delivers virtual scans', async () => {
    printer = await new VirtualPrinter().start();
    const scanner = new VirtualScanner();
    const h = await HardwareHost.create({ printers: [printerAt(printer.port)], defaultPrinterId: null, scanSources: [scanner] });
    host = h;
    const devices = await h.listDevices();
    expect(devices.ok && devices.value.map((d) => `${d.kind}:${d.transport}`)).toEqual(['printer:tcp', 'drawer:tcp', 'scanner:virtual']);
    const scans: ScanEvent[] = [];
    const off = h.onScan((e) => scans.push(e));
    scanner.scan('4006381333931');
    off();
    scanner.scan('ignored');
    expect(scans).toEqual([{ raw: '4006381333931', source: 'virtual', at: expect.any(Number) as number, deviceId: 'virtual-scanner' }]);
  });
});
