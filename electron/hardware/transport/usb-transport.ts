// USB printer transport over usb 3.x's WebUSB-style API: find the printer-class interface, detach
// the kernel usblp driver on Linux (it otherwise owns the interface and claim fails), claim it and
// write the job to its bulk OUT endpoint in chunks. The device stays open and claimed between jobs:
// opening and releasing it around every job is what made "print, then open the drawer" fail (one
// exchange released the interface under the other). Any failed or timed-out transfer drops the
// device, so the next exchange finds it again (a printer unplugged and plugged back in).
// Exchanges must not overlap: the printer driver runs them one at a time (Conversation).
import {
  USB_CLASS_PRINTER,
  type UsbDeviceFinder,
  type UsbDeviceLike,
  type UsbEndpointLike,
  type UsbInterfaceLike,
} from './webusb-types.ts';
import { TransportError, type PrinterTransport } from './transport.ts';

export interface UsbTransportOptions {
  vendorId: number;
  productId: number;
  finder: UsbDeviceFinder;
  /** Defaults to process.platform; detaching the kernel driver only applies on Linux. */
  platform?: NodeJS.Platform;
  chunkSize?: number;
  /** Longest wait for one bulk transfer (default 5000 ms; a status reply: statusTimeoutMs). */
  transferTimeoutMs?: number;
  /** Longest wait for a status reply on bulk IN (default 1000 ms). */
  statusTimeoutMs?: number;
  /** Receives non-fatal notes (e.g. no kernel driver was attached). */
  onNote?: (message: string) => void;
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

interface Claimed {
  device: UsbDeviceLike;
  iface: UsbInterfaceLike;
  out: UsbEndpointLike;
  in?: UsbEndpointLike;
}

export class UsbTransport implements PrinterTransport {
  readonly description: string;
  /** The open, claimed device kept between exchanges; null until first use and after an error. */
  private claimed: Claimed | null = null;

  constructor(private readonly opts: UsbTransportOptions) {
    this.description = `usb:${hex4(opts.vendorId)}:${hex4(opts.productId)}`;
  }

  /** Release the interface and close the device (shutdown). */
  async close(): Promise<void> {
    const c = this.claimed;
    this.claimed = null;
    if (c) await this.release(c);
  }

  async write(bytes: Uint8Array): Promise<void> {
    await this.withDevice(async (c) => {
      const size = this.opts.chunkSize ?? 4096;
      for (let at = 0; at < bytes.length; at += size) {
        const chunk = new Uint8Array(bytes.subarray(at, at + size));
        const r = await this.transfer(() => c.device.transferOut(c.out.endpointNumber, chunk), this.opts.transferTimeoutMs ?? 5000);
        if (r.status !== 'ok' || r.bytesWritten !== chunk.length) {
          throw new TransportError('transport', `${this.description}: transfer ${r.status}, ${String(r.bytesWritten)}/${String(chunk.length)} bytes`);
        }
      }
    });
  }

  async query(request: Uint8Array, replyLength: number): Promise<Uint8Array> {
    return this.withDevice(async (c) => {
      const inEp = c.in;
      if (!inEp) throw new TransportError('transport', `${this.description} has no bulk IN endpoint: status is not available`);
      await this.transfer(() => c.device.transferOut(c.out.endpointNumber, new Uint8Array(request)), this.opts.transferTimeoutMs ?? 5000);
      const out = new Uint8Array(replyLength);
      let got = 0;
      for (let tries = 0; got < replyLength && tries < 10; tries += 1) {
        const r = await this.transfer(() => c.device.transferIn(inEp.endpointNumber, 64), this.opts.statusTimeoutMs ?? 1000);
        if (r.status !== 'ok' || !r.data) continue;
        const chunk = new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength);
        out.set(chunk.subarray(0, replyLength - got), got);
        got += Math.min(chunk.length, replyLength - got);
      }
      if (got < replyLength) throw new TransportError('timeout', `${this.description}: short status reply`);
      return out;
    });
  }

  /** One bulk transfer with a deadline: libusb would otherwise wait forever on a printer that stopped reading. */
  private async transfer<T>(op: () => Promise<T>, timeoutMs: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new TransportError('timeout', `${this.description} did not complete a transfer within ${String(timeoutMs)} ms`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([op(), deadline]);
    } catch (e) {
      if (e instanceof TransportError) throw e;
      throw new TransportError('printer-offline', `${this.description} disappeared during the job: ${(e as Error).message}`, { cause: e });
    } finally {
      clearTimeout(timer);
    }
  }

  private async withDevice<T>(work: (c: Claimed) => Promise<T>): Promise<T> {
    const claimed = this.claimed ?? (await this.open());
    try {
      return await work(claimed);
    } catch (e) {
      // The device is in an unknown state (unplugged, stalled, timed out): start afresh next time.
      this.claimed = null;
      await this.release(claimed);
      throw e;
    }
  }

  private async open(): Promise<Claimed> {
    const device = await this.opts.finder.findDeviceByIds(this.opts.vendorId, this.opts.productId);
    if (!device) throw new TransportError('printer-offline', `${this.description} is not connected`);
    this.claimed = await this.claim(device);
    return this.claimed;
  }

  private async claim(device: UsbDeviceLike): Promise<Claimed> {
    try {
      if (!device.opened) await device.open();
      if (!device.configuration) await device.selectConfiguration(1);
    } catch (e) {
      throw new TransportError('printer-offline', `${this.description} cannot be opened: ${(e as Error).message}`, { cause: e });
    }
    const iface = device.configuration?.interfaces.find((i) => i.alternate.interfaceClass === USB_CLASS_PRINTER);
    if (!iface) throw new TransportError('not-configured', `${this.description} has no printer-class interface`);
    const out = iface.alternate.endpoints.find((e) => e.direction === 'out' && e.type === 'bulk');
    if (!out) throw new TransportError('not-configured', `${this.description} has no bulk OUT endpoint`);
    const inEp = iface.alternate.endpoints.find((e) => e.direction === 'in' && e.type === 'bulk');
    if ((this.opts.platform ?? process.platform) === 'linux' && device.detachKernelDriver) {
      try {
        await device.detachKernelDriver(iface.interfaceNumber);
      } catch (e) {
        // Usually "no driver attached" (usblp blacklisted, or already detached): claiming decides.
        this.opts.onNote?.(`${this.description}: kernel driver not detached: ${(e as Error).message}`);
      }
    }
    try {
      await device.claimInterface(iface.interfaceNumber);
    } catch (e) {
      throw new TransportError('transport', `${this.description}: cannot claim interface ${String(iface.interfaceNumber)}: ${(e as Error).message}`, { cause: e });
    }
    return inEp ? { device, iface, out, in: inEp } : { device, iface, out };
  }

  private async release(c: Claimed): Promise<void> {
    try {
      await c.device.releaseInterface(c.iface.interfaceNumber);
      await c.device.close();
    } catch (e) {
      // An unplugged device cannot be released; the job's own error (if any) is the one reported.
      this.opts.onNote?.(`${this.description}: release failed: ${(e as Error).message}`);
    }
  }
}

/** The real finder: usb 3.x's WebUSB object, loaded only when a USB printer is configured. */
export async function nativeUsbFinder(): Promise<UsbDeviceFinder> {
  const { usb } = await import('usb');
  return {
    // See usb-discovery.ts: the declared type lacks the runtime transferIn/transferOut.
    findDeviceByIds: async (vid, pid) => (await usb.findDeviceByIds(vid, pid)) as unknown as UsbDeviceLike | undefined,
  };
}
