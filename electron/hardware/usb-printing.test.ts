// A USB printer through the whole host: queue, status check over bulk IN, the job over bulk OUT,
// and the device unplugged mid-job — retried, reported, and printed once it is back.
import { describe, expect, it } from 'vitest';
import type { PrintJob } from '../../shared/device-bridge.ts';
import { decodeEscPos, decodedTextLines } from './escpos/escpos-decoder.ts';
import { HardwareHost } from './hardware-host.ts';
import { fakeFinder, FakeWebUsbPrinter } from './transport/testing/fake-webusb-device.ts';

describe('USB printing through the hardware host (fake WebUSB device)', () => {
  it('retries a job whose printer was unplugged mid-job and prints it when plugged back', async () => {
    const dev = new FakeWebUsbPrinter();
    const host = await HardwareHost.create({
      printers: [{ id: 'usb', name: 'USB', url: 'usb://04b8:0e28', columns: 32, drawer: { pin: 2, onMs: 50, offMs: 500 }, status: true }],
      defaultPrinterId: 'usb',
      transportDeps: { usbFinder: fakeFinder([dev]) },
      retryDelaysMs: [30, 30, 30, 30],
    });
    const jobs: PrintJob[] = [];
    host.onPrintJob((j) => jobs.push(j));
    // The status query takes one OUT and one IN transfer; the device vanishes on the job's first chunk.
    dev.unplugAfterTransfers = 2;
    const r = await host.printReceipt({ columns: 32, lines: [{ kind: 'text', text: 'Reçu n° 7 — 3,20 €'.replace('—', '-') }, { kind: 'cut' }] });
    if (!r.ok) throw new Error(r.error.message);
    await expect.poll(() => jobs.some((j) => j.state === 'retrying' && j.error?.code === 'printer-offline')).toBe(true);
    dev.plugged = true;
    dev.unplugAfterTransfers = null;
    dev.received = [];
    await host.idle();
    expect(jobs[jobs.length - 1]).toMatchObject({ jobId: r.value.jobId, state: 'printed' });
    // What reached the printer after it came back: status requests and the whole receipt.
    expect(decodedTextLines(decodeEscPos(Uint8Array.from(dev.received)))).toEqual(['Reçu n° 7 - 3,20 €']);
    await host.close();
  });
});
