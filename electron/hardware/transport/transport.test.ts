import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeReceipt } from '../escpos/receipt-encoder.ts';
import { decodedTextLines } from '../escpos/escpos-decoder.ts';
import { queryPrinterCondition } from '../status/printer-status.ts';
import { VirtualPrinter } from '../../virtual/virtual-printer.ts';
import { parseTcpUrl, TcpTransport } from './tcp-transport.ts';
import { TransportError } from './transport.ts';
import { UsbTransport } from './usb-transport.ts';
import { fakeFinder, FakeWebUsbPrinter } from './testing/fake-webusb-device.ts';

const receipt = encodeReceipt({ columns: 42, lines: [{ kind: 'text', text: 'Total 9,99 €' }, { kind: 'cut' }] });

describe('tcp transport', () => {
  let printer: VirtualPrinter | null = null;
  afterEach(async () => {
    await printer?.stop();
    printer = null;
  });

  it('parses printer addresses', () => {
    expect(parseTcpUrl('tcp://192.168.1.40')).toEqual({ host: '192.168.1.40', port: 9100 });
    expect(parseTcpUrl('tcp://printer.local:9101/')).toEqual({ host: 'printer.local', port: 9101 });
    expect(() => parseTcpUrl('http://x')).toThrow(TransportError);
  });

  it('delivers a job, confirmed by the status byte, to a fake network printer', async () => {
    printer = await new VirtualPrinter().start();
    await new TcpTransport({ host: '127.0.0.1', port: printer.port }).write(receipt);
    await expect.poll(() => printer?.jobs().length).toBe(1);
    const job = printer.jobs()[0];
    expect(job?.printed).toBe(true);
    expect(decodedTextLines(job?.ops ?? [])).toEqual(['Total 9,99 €']);
  });

  it('reads DLE EOT status: paper near end, paper out, cover open, offline', async () => {
    printer = await new VirtualPrinter().start();
    const t = new TcpTransport({ host: '127.0.0.1', port: printer.port });
    expect(await queryPrinterCondition(t)).toMatchObject({ online: true, paper: 'ok', coverOpen: false });
    printer.setFault('paper-near-end');
    expect(await queryPrinterCondition(t)).toMatchObject({ online: true, paper: 'near-end' });
    printer.setFault('paper-out');
    expect(await queryPrinterCondition(t)).toMatchObject({ online: false, paper: 'out', error: { code: 'paper-out' } });
    printer.setFault('cover-open');
    expect(await queryPrinterCondition(t)).toMatchObject({ online: false, coverOpen: true, error: { code: 'cover-open' } });
    printer.setFault('offline');
    expect(await queryPrinterCondition(t)).toMatchObject({ online: false, error: { code: 'printer-offline' } });
    expect(printer.jobs()).toHaveLength(0);
  });

  it('reports a printer that vanishes mid-job as offline instead of succeeding', async () => {
    printer = await new VirtualPrinter().start();
    printer.dropConnections(1, 10);
    const t = new TcpTransport({ host: '127.0.0.1', port: printer.port, ioTimeoutMs: 2000 });
    await expect(t.write(receipt)).rejects.toMatchObject({ name: 'TransportError', code: 'printer-offline' });
  });

  it('reports a closed port as offline', async () => {
    const server: Server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    await expect(new TcpTransport({ host: '127.0.0.1', port }).write(receipt)).rejects.toMatchObject({ code: 'printer-offline' });
  });

  it('times out on a printer that accepts but never answers', async () => {
    printer = await new VirtualPrinter().start();
    printer.setSilent(true);
    const t = new TcpTransport({ host: '127.0.0.1', port: printer.port, ioTimeoutMs: 200 });
    await expect(t.write(receipt)).rejects.toMatchObject({ code: 'timeout' });
  });
});

describe('usb transport (fake WebUSB device)', () => {
  it('detaches the kernel driver on Linux, claims the printer-class interface and writes to bulk OUT', async () => {
    const dev = new FakeWebUsbPrinter();
    const t = new UsbTransport({ vendorId: 0x04b8, productId: 0x0e28, finder: fakeFinder([dev]), platform: 'linux', chunkSize: 64 });
    await t.write(receipt);
    expect(Uint8Array.from(dev.received)).toEqual(receipt);
    expect(dev.calls.slice(0, 4)).toEqual(['open', 'select-configuration 1', 'detach 1', 'claim 1']);
    // Kept claimed between jobs; released when the transport is closed.
    expect(dev.calls).not.toContain('release 1');
    await t.close();
    expect(dev.calls.slice(-2)).toEqual(['release 1', 'close']);
  });

  it('does not detach on Windows and macOS (no kernel driver concept there)', async () => {
    const dev = new FakeWebUsbPrinter();
    dev.kernelDriverAttached = false;
    await new UsbTransport({ vendorId: 0x04b8, productId: 0x0e28, finder: fakeFinder([dev]), platform: 'win32' }).write(receipt);
    expect(dev.calls).not.toContain('detach 1');
  });

  it('keeps the device open between jobs, and a new session works once the kernel driver is already detached', async () => {
    const dev = new FakeWebUsbPrinter();
    const notes: string[] = [];
    const t = new UsbTransport({ vendorId: 0x04b8, productId: 0x0e28, finder: fakeFinder([dev]), platform: 'linux', onNote: (n) => notes.push(n) });
    await t.write(receipt);
    await t.write(receipt);
    expect(dev.received).toHaveLength(receipt.length * 2);
    expect(dev.opens).toBe(1);
    await t.close();
    const again = new UsbTransport({ vendorId: 0x04b8, productId: 0x0e28, finder: fakeFinder([dev]), platform: 'linux', onNote: (n) => notes.push(n) });
    await again.write(receipt);
    expect(dev.received).toHaveLength(receipt.length * 3);
    expect(notes.join()).toContain('kernel driver not detached');
  });

  it('gives up on a transfer that never completes, and opens the device afresh for the next job', async () => {
    const dev = new FakeWebUsbPrinter();
    const t = new UsbTransport({ vendorId: 0x04b8, productId: 0x0e28, finder: fakeFinder([dev]), platform: 'linux', transferTimeoutMs: 50 });
    await t.write(receipt);
    dev.hang = true;
    await expect(t.write(receipt)).rejects.toMatchObject({ code: 'timeout' });
    dev.hang = false;
    await t.write(receipt);
    expect(dev.opens).toBe(2);
    expect(dev.received).toHaveLength(receipt.length * 2);
  });

  it('reads status over bulk IN', async () => {
    const dev = new FakeWebUsbPrinter();
    dev.statusReply = [0x1a, 0x32, 0x7e];
    const t = new UsbTransport({ vendorId: 0x04b8, productId: 0x0e28, finder: fakeFinder([dev]), platform: 'linux' });
    expect(await queryPrinterCondition(t)).toMatchObject({ online: false, paper: 'out' });
  });

  it('reports a device unplugged mid-job as offline', async () => {
    const dev = new FakeWebUsbPrinter();
    dev.unplugAfterTransfers = 1;
    const t = new UsbTransport({ vendorId: 0x04b8, productId: 0x0e28, finder: fakeFinder([dev]), platform: 'linux', chunkSize: 16 });
    await expect(t.write(receipt)).rejects.toMatchObject({ code: 'printer-offline' });
    await expect(t.write(receipt)).rejects.toThrow(/not connected/);
  });
});
