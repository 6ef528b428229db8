// A fake WebUSB printer for tests: a printer-class interface with bulk OUT and IN endpoints,
// a kernel driver that must be detached before claiming (as usblp behaves on Linux), status
// replies, and an "unplug" switch that makes the next transfer fail like a vanished device.
import type { UsbConfigurationLike, UsbDeviceFinder, UsbDeviceLike, UsbInResult, UsbOutResult } from '../webusb-types.ts';

export class FakeUsbError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'FakeUsbError';
  }
}

export class FakeWebUsbPrinter implements UsbDeviceLike {
  readonly productName = 'Fake TM-T20';
  opened = false;
  kernelDriverAttached = true;
  claimed = new Set<number>();
  /** Bytes received on the bulk OUT endpoint, across jobs. */
  received: number[] = [];
  calls: string[] = [];
  /** Transfers left before the device "disappears" (null = never). */
  unplugAfterTransfers: number | null = null;
  plugged = true;
  statusReply: number[] = [0x12, 0x12, 0x12];
  /** Each transfer takes this long (real USB is not instant: lets parallel callers interleave). */
  transferLatencyMs = 0;
  /** A transfer that never completes (a printer that stopped reading), until cleared. */
  hang = false;
  private replyQueue: number[] = [];
  configuration: UsbConfigurationLike | null = null;

  constructor(
    readonly vendorId = 0x04b8,
    readonly productId = 0x0e28,
  ) {}

  private readonly config: UsbConfigurationLike = {
    configurationValue: 1,
    interfaces: [
      { interfaceNumber: 0, alternate: { interfaceClass: 0xff, endpoints: [] } },
      {
        interfaceNumber: 1,
        alternate: {
          interfaceClass: 7,
          endpoints: [
            { endpointNumber: 2, direction: 'out', type: 'bulk', packetSize: 64 },
            { endpointNumber: 1, direction: 'in', type: 'bulk', packetSize: 64 },
          ],
        },
      },
    ],
  };

  async open(): Promise<void> {
    this.calls.push('open');
    this.assertPlugged();
    this.opened = true;
  }
  async close(): Promise<void> {
    this.calls.push('close');
    this.opened = false;
    this.claimed.clear();
  }
  async selectConfiguration(value: number): Promise<void> {
    this.calls.push(`select-configuration ${String(value)}`);
    this.configuration = this.config;
  }
  async detachKernelDriver(n: number): Promise<void> {
    this.calls.push(`detach ${String(n)}`);
    if (!this.kernelDriverAttached) throw new FakeUsbError('LIBUSB_ERROR_NOT_FOUND', 'no kernel driver attached');
    this.kernelDriverAttached = false;
  }
  async claimInterface(n: number): Promise<void> {
    this.calls.push(`claim ${String(n)}`);
    if (!this.opened) throw new FakeUsbError('LIBUSB_ERROR_IO', 'device not open');
    if (this.kernelDriverAttached) throw new FakeUsbError('LIBUSB_ERROR_BUSY', 'interface busy: kernel driver attached');
    this.claimed.add(n);
  }
  async releaseInterface(n: number): Promise<void> {
    this.calls.push(`release ${String(n)}`);
    this.assertPlugged();
    this.claimed.delete(n);
  }
  /** How many times the device was opened (the transport keeps it open between jobs). */
  get opens(): number {
    return this.calls.filter((c) => c === 'open').length;
  }

  async transferOut(ep: number, data: Uint8Array<ArrayBuffer>): Promise<UsbOutResult> {
    await this.latency();
    this.tick();
    if (ep !== 2 || !this.claimed.has(1)) throw new FakeUsbError('LIBUSB_ERROR_PIPE', `endpoint ${String(ep)} not claimed`);
    this.received.push(...data);
    for (let i = 0; i + 2 < data.length; i += 1) {
      if (data[i] === 0x10 && data[i + 1] === 0x04) {
        const n = data[i + 2] ?? 1;
        this.replyQueue.push(this.statusReply[n === 4 ? 2 : n - 1] ?? 0x12);
      }
    }
    return { status: 'ok', bytesWritten: data.length };
  }
  async transferIn(ep: number, length: number): Promise<UsbInResult> {
    await this.latency();
    this.tick();
    if (ep !== 1 || !this.claimed.has(1)) throw new FakeUsbError('LIBUSB_ERROR_PIPE', `endpoint ${String(ep)} not claimed`);
    const bytes = this.replyQueue.splice(0, length);
    return { status: 'ok', data: new DataView(Uint8Array.from(bytes).buffer) };
  }

  private async latency(): Promise<void> {
    if (this.hang) await new Promise(() => undefined);
    if (this.transferLatencyMs > 0) await new Promise((r) => setTimeout(r, this.transferLatencyMs));
  }

  private tick(): void {
    this.assertPlugged();
    if (this.unplugAfterTransfers !== null) {
      if (this.unplugAfterTransfers === 0) {
        this.plugged = false;
        this.assertPlugged();
      }
      this.unplugAfterTransfers -= 1;
    }
  }
  private assertPlugged(): void {
    if (!this.plugged) throw new FakeUsbError('LIBUSB_ERROR_NO_DEVICE', 'No such device (it may have been disconnected)');
  }
}

/** A finder over a set of fake devices; unplugged devices are not found. */
export function fakeFinder(devices: FakeWebUsbPrinter[]): UsbDeviceFinder {
  return {
    findDeviceByIds: async (vid, pid) => devices.find((d) => d.plugged && d.vendorId === vid && d.productId === pid),
  };
}
