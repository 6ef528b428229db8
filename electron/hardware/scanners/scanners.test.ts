import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { HidPosAssembler, parseHidPosReport } from './hid-pos-report.ts';
import { HidScannerSource, type HidApi, type HidDeviceDescriptor, type HidHandle } from './hid-scanners.ts';
import { SerialPortMock } from 'serialport';
import { nativeSerialApi, SerialScannerSource, type SerialApi, type SerialHandle } from './serial-scanner.ts';
import { ScannerHub } from './scan-source.ts';
import type { ScanEvent } from '../../../shared/device-bridge.ts';

/** One HID POS input report: id 2, length, AIM id, data, padding, continuation flag. */
function report(aim: string, data: string, more = false, size = 64): Uint8Array {
  const r = new Uint8Array(size);
  r[0] = 0x02;
  r[1] = data.length;
  r.set([...aim].map((c) => c.charCodeAt(0)), 2);
  r.set([...data].map((c) => c.charCodeAt(0)), 5);
  r[size - 1] = more ? 1 : 0;
  return r;
}

class FakeHidHandle extends EventEmitter implements HidHandle {
  closed = false;
  close(): void {
    this.closed = true;
  }
}

class FakeHid implements HidApi {
  list: HidDeviceDescriptor[] = [];
  handles = new Map<string, FakeHidHandle>();
  async devices(): Promise<HidDeviceDescriptor[]> {
    return this.list;
  }
  async open(path: string): Promise<HidHandle> {
    const h = new FakeHidHandle();
    this.handles.set(path, h);
    return h;
  }
}

describe('HID POS scanners', () => {
  it('decodes a report with its AIM symbology identifier', () => {
    expect(parseHidPosReport(report(']E0', '4006381333931'))).toEqual({ aim: ']E0', data: '4006381333931', more: false });
    expect(parseHidPosReport(Uint8Array.of(0x01, 0, 0, 0, 0, 0))).toBeNull();
  });

  it('joins a long code split over several reports', () => {
    const a = new HidPosAssembler();
    const code = `01095011010209171719050810ABC\x1d21${'9'.repeat(40)}`;
    expect(a.push(report(']C1', code.slice(0, 56), true))).toBeNull();
    expect(a.push(report(']C1', code.slice(56)))).toBe(`]C1${code}`);
  });

  it('opens scanners on usage page 0x8C only, picks up hot-plugged ones and forgets unplugged ones', async () => {
    const hid = new FakeHid();
    hid.list = [
      { path: '/dev/hidraw1', vendorId: 0x05e0, productId: 0x1200, product: 'Symbol DS2208', usagePage: 0x8c },
      { path: '/dev/hidraw2', vendorId: 0x046d, productId: 0xc31c, product: 'Keyboard', usagePage: 0x01 },
    ];
    const src = new HidScannerSource(hid, { pollMs: 60_000 });
    const hub = new ScannerHub(() => 42);
    const scans: ScanEvent[] = [];
    hub.onScan((e) => scans.push(e));
    await hub.add(src);
    expect(src.devices().map((d) => d.name)).toEqual(['Symbol DS2208']);
    hid.handles.get('/dev/hidraw1')?.emit('data', Buffer.from(report(']E0', '4006381333931')));
    expect(scans).toEqual([{ raw: ']E04006381333931', source: 'hid', at: 42, deviceId: 'hid:/dev/hidraw1' }]);

    hid.list = [...hid.list, { path: '/dev/hidraw3', vendorId: 0x0c2e, productId: 0x0b61, product: 'Honeywell 1950g', usagePage: 0x8c }];
    await src.refresh();
    expect(src.devices()).toHaveLength(2);
    hid.list = hid.list.filter((d) => d.path !== '/dev/hidraw1');
    await src.refresh();
    expect(hid.handles.get('/dev/hidraw1')?.closed).toBe(true);
    expect(src.devices().map((d) => d.id)).toEqual(['hid:/dev/hidraw3']);
    await hub.stop();
  });
});

class FakeSerialHandle extends EventEmitter implements SerialHandle {
  async close(): Promise<void> {
    this.emit('close');
  }
}

describe('serial scanners', () => {
  it('splits reads on CR/LF, reconnects after the port disappears', async () => {
    const opened: FakeSerialHandle[] = [];
    let available = true;
    const api: SerialApi = {
      open: async () => {
        if (!available) throw new Error('ENOENT: /dev/ttyACM0');
        const h = new FakeSerialHandle();
        opened.push(h);
        return h;
      },
    };
    const errors: string[] = [];
    const src = new SerialScannerSource(api, { path: '/dev/ttyACM0', baudRate: 9600 }, { retryMs: 10, onError: (m) => errors.push(m) });
    const got: string[] = [];
    await src.start((raw) => got.push(raw));
    opened[0]?.emit('data', Buffer.from('40063813'));
    opened[0]?.emit('data', Buffer.from('33931\r\n5901234123457\r'));
    expect(got).toEqual(['4006381333931', '5901234123457']);

    available = false;
    opened[0]?.emit('close');
    expect(src.devices()[0]?.connected).toBe(false);
    await new Promise((r) => setTimeout(r, 30));
    available = true;
    await expect.poll(() => opened.length).toBe(2);
    opened[1]?.emit('data', Buffer.from('123\n'));
    expect(got).toEqual(['4006381333931', '5901234123457', '123']);
    expect(errors.some((e) => e.includes('retrying'))).toBe(true);
    await src.stop();
  });
});

describe('serial scanners through serialport (its mock binding)', () => {
  it('reads scans from a port opened by the real adapter', async () => {
    SerialPortMock.binding.createPort('/dev/ttyACM7', { echo: false, record: true });
    let port: SerialPortMock | null = null;
    const api = await nativeSerialApi((o) => (port = new SerialPortMock(o)));
    const src = new SerialScannerSource(api, { path: '/dev/ttyACM7', baudRate: 9600 });
    const got: string[] = [];
    await src.start((raw) => got.push(raw));
    expect(src.devices()[0]?.connected).toBe(true);
    const open = port as SerialPortMock | null;
    open?.port?.emitData(']E05901234123457\r\n');
    await expect.poll(() => got).toEqual([']E05901234123457']);
    await src.stop();
    SerialPortMock.binding.reset();
  });

  it('a port that does not exist is retried, not fatal', async () => {
    const api = await nativeSerialApi((o) => new SerialPortMock(o));
    const errors: string[] = [];
    const src = new SerialScannerSource(api, { path: '/dev/nope', baudRate: 9600 }, { retryMs: 5, onError: (m) => errors.push(m) });
    await src.start(() => {});
    expect(src.devices()[0]?.connected).toBe(false);
    expect(errors[0]).toMatch(/nope/);
    await src.stop();
  });
});
