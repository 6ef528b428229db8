import { describe, expect, it } from 'vitest';
import { HardwareHost } from '../hardware-host.ts';
import { discoverUsbPrinters } from './usb-discovery.ts';
import { FakeWebUsbPrinter } from './testing/fake-webusb-device.ts';
import type { UsbDeviceLike } from './webusb-types.ts';

describe('USB printer discovery', () => {
  const printer = new FakeWebUsbPrinter(0x04b8, 0x0e28);
  void printer.selectConfiguration(1);
  const keyboard: UsbDeviceLike = new FakeWebUsbPrinter(0x046d, 0xc31c);
  (keyboard as FakeWebUsbPrinter).configuration = { configurationValue: 1, interfaces: [{ interfaceNumber: 0, alternate: { interfaceClass: 3, endpoints: [] } }] };

  it('lists plugged-in devices with a printer-class interface as usb:// printers', async () => {
    expect(await discoverUsbPrinters({ getDevices: async () => [printer, keyboard] })).toEqual([
      { id: 'usb://04b8:0e28', kind: 'printer', transport: 'usb', name: 'Fake TM-T20 (usb://04b8:0e28)', connected: true },
    ]);
  });

  it('the host lists discovered printers that are not configured, and survives discovery failing', async () => {
    const logs: string[] = [];
    const host = await HardwareHost.create({
      printers: [{ id: 'front', name: 'Front', url: 'usb://04b8:0e28', columns: 42, drawer: { pin: 2, onMs: 50, offMs: 500 }, status: false }],
      defaultPrinterId: 'front',
      transportFactory: () => ({ description: 'x', write: async () => {}, query: async () => new Uint8Array() }),
      discover: async () => [
        { id: 'usb://04b8:0e28', kind: 'printer', transport: 'usb', name: 'configured one', connected: true },
        { id: 'usb://0519:0003', kind: 'printer', transport: 'usb', name: 'Star TSP100', connected: true },
      ],
    });
    const r = await host.listDevices();
    expect(r.ok && r.value.map((d) => d.id)).toEqual(['front', 'front:drawer', 'usb://0519:0003']);
    const failing = await HardwareHost.create({ printers: [], defaultPrinterId: null, discover: async () => Promise.reject(new Error('LIBUSB_ERROR_ACCESS')), log: (m) => logs.push(m) });
    expect(await failing.listDevices()).toEqual({ ok: true, value: [] });
    expect(logs[0]).toContain('LIBUSB_ERROR_ACCESS');
  });
});
