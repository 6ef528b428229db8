// One conversation with a printer at a time: receipts, drawer kicks and status polls fired in
// parallel (the till's own "print, then open the drawer" while the status poll runs) all go
// through, on the first attempt, each exactly once — over USB (fake WebUSB device, kept open and
// claimed between jobs) and over TCP (the virtual printer, which serves one client at a time).
import { afterEach, describe, expect, it } from 'vitest';
import type { PrintJob, Result } from '../../shared/device-bridge.ts';
import type { Receipt } from '../../shared/receipt/receipt-model.ts';
import type { PrinterSettings } from '../settings/settings-schema.ts';
import { VirtualPrinter } from '../virtual/virtual-printer.ts';
import { decodeEscPos, type DecodedOp } from './escpos/escpos-decoder.ts';
import { HardwareHost } from './hardware-host.ts';
import { fakeFinder, FakeWebUsbPrinter } from './transport/testing/fake-webusb-device.ts';

const ROUNDS = 50;
const drawer = { pin: 2 as const, onMs: 50, offMs: 500 };
const receiptNo = (i: number): string => `Receipt T1-${String(i).padStart(6, '0')}`;
const receipt = (i: number): Receipt => ({ columns: 42, lines: [{ kind: 'text', text: receiptNo(i) }, { kind: 'text', text: 'Total 3,20 €' }, { kind: 'cut' }] });

interface Round {
  printed: Result<PrintJob>;
  drawer: Result<void>;
  status: boolean;
}

/** Every round at once: queue a receipt, kick the drawer, ask the status — as the till and its poll do. */
async function hammer(host: HardwareHost): Promise<{ rounds: Round[]; jobs: Map<string, PrintJob[]> }> {
  const jobs = new Map<string, PrintJob[]>();
  host.onPrintJob((j) => jobs.set(j.jobId, [...(jobs.get(j.jobId) ?? []), j]));
  const rounds = await Promise.all(
    Array.from({ length: ROUNDS }, async (_, i): Promise<Round> => {
      const [printed, kicked, status] = await Promise.all([host.printReceipt(receipt(i)), host.openDrawer(), host.printerStatus()]);
      return { printed, drawer: kicked, status: status.ok && status.value.online };
    }),
  );
  await host.idle();
  return { rounds, jobs };
}

function expectEveryJobOnceOnFirstAttempt(rounds: Round[], jobs: Map<string, PrintJob[]>, ops: readonly DecodedOp[]): void {
  for (const r of rounds) {
    expect(r.drawer).toEqual({ ok: true, value: undefined });
    expect(r.status).toBe(true);
    if (!r.printed.ok) throw new Error(r.printed.error.message);
    const states = (jobs.get(r.printed.value.jobId) ?? []).map((j) => j.state);
    expect(states).toEqual(['queued', 'printing', 'printed']);
  }
  const texts = ops.flatMap((op) => (op.op === 'text' ? [op.text] : []));
  for (let i = 0; i < ROUNDS; i += 1) expect(texts.filter((t) => t === receiptNo(i))).toHaveLength(1);
  expect(ops.filter((op) => op.op === 'drawer-kick')).toHaveLength(ROUNDS);
  expect(ops.filter((op) => op.op === 'cut')).toHaveLength(ROUNDS);
}

describe('one conversation with a printer at a time', () => {
  let host: HardwareHost | null = null;
  let printer: VirtualPrinter | null = null;
  afterEach(async () => {
    await host?.close();
    await printer?.stop();
    host = null;
    printer = null;
  });

  it('USB: 50 parallel rounds of print + drawer kick + status print once each, first attempt, on a device opened once', async () => {
    const dev = new FakeWebUsbPrinter();
    dev.transferLatencyMs = 1;
    const usb: PrinterSettings = { id: 'usb', name: 'USB', url: 'usb://04b8:0e28', columns: 42, drawer, status: true };
    host = await HardwareHost.create({ printers: [usb], defaultPrinterId: 'usb', transportDeps: { usbFinder: fakeFinder([dev]) }, retryDelaysMs: [10, 10] });
    const { rounds, jobs } = await hammer(host);
    expectEveryJobOnceOnFirstAttempt(rounds, jobs, decodeEscPos(Uint8Array.from(dev.received)));
    // Kept open and claimed between jobs: one open, one claim, no release.
    expect(dev.opens).toBe(1);
    expect(dev.calls.filter((c) => c.startsWith('claim'))).toHaveLength(1);
    expect(dev.calls).not.toContain('close');
  });

  it('TCP: 50 parallel rounds reach a one-client-at-a-time printer over one connection at a time', async () => {
    printer = await new VirtualPrinter({ columns: 42, busy: 'refuse' }).start();
    const tcp: PrinterSettings = { id: 'front', name: 'Front', url: printer.url, columns: 42, drawer, status: true };
    host = await HardwareHost.create({ printers: [tcp], defaultPrinterId: 'front', retryDelaysMs: [10, 10] });
    const { rounds, jobs } = await hammer(host);
    // A connection is recorded when it closes, a moment after the host saw the job confirmed.
    await expect.poll(() => printer?.jobs().filter((j) => j.ops.some((op) => op.op === 'drawer-kick')).length).toBe(ROUNDS);
    expectEveryJobOnceOnFirstAttempt(rounds, jobs, printer.jobs().flatMap((j) => j.ops));
    expect(printer.connectionStats()).toMatchObject({ whileBusy: 0, refused: 0 });
  });

  it('the virtual printer holds a second client until the first is done, and can refuse it instead', async () => {
    const { Socket } = await import('node:net');
    printer = await new VirtualPrinter().start();
    const port = printer.port;
    const connect = (): Promise<InstanceType<typeof Socket>> =>
      new Promise((resolve) => {
        const s = new Socket();
        s.connect(port, '127.0.0.1', () => resolve(s));
      });
    const first = await connect();
    const second = await connect();
    const replies: number[] = [];
    second.on('data', (d: Buffer) => replies.push(...d));
    second.write(Uint8Array.of(0x10, 0x04, 0x01));
    await expect.poll(() => printer?.connectionStats().whileBusy).toBe(1);
    expect(replies).toEqual([]);
    first.end();
    await expect.poll(() => replies).toEqual([0x12]);
    second.destroy();
  });
});
