// One configured printer: its transport (from the settings URL), its paper width and drawer
// wiring, and the status check that keeps a job from going to a printer with no paper. Every
// exchange — job, drawer kick, status — goes through the printer's one Conversation.
import type { PrinterStatus } from '../../../shared/device-bridge.ts';
import type { PrinterSettings } from '../../settings/settings-schema.ts';
import { PrinterNotReadyError, toDeviceError } from '../device-errors.ts';
import { encodeDrawerKick } from '../escpos/receipt-encoder.ts';
import { Conversation } from './conversation.ts';
import { queryPrinterCondition } from '../status/printer-status.ts';
import { parseTcpUrl, TcpTransport } from '../transport/tcp-transport.ts';
import { TransportError, type PrinterTransport } from '../transport/transport.ts';
import { nativeUsbFinder, UsbTransport } from '../transport/usb-transport.ts';
import type { UsbDeviceFinder } from '../transport/webusb-types.ts';

export interface TransportDeps {
  usbFinder?: UsbDeviceFinder;
  onNote?: (message: string) => void;
}

/** The lazily loaded native finder, so machines with no USB printer never load usb's binary. */
const lazyNativeFinder: UsbDeviceFinder = {
  findDeviceByIds: async (vid, pid) => (await nativeUsbFinder()).findDeviceByIds(vid, pid),
};

export function transportFor(settings: PrinterSettings, deps: TransportDeps = {}): PrinterTransport {
  if (settings.url.toLowerCase().startsWith('tcp://')) {
    return new TcpTransport({ ...parseTcpUrl(settings.url), confirmWithStatus: settings.status });
  }
  const usb = /^usb:\/\/([0-9a-f]{4}):([0-9a-f]{4})$/i.exec(settings.url);
  if (usb?.[1] && usb[2]) {
    const opts = { vendorId: parseInt(usb[1], 16), productId: parseInt(usb[2], 16), finder: deps.usbFinder ?? lazyNativeFinder };
    return new UsbTransport(deps.onNote ? { ...opts, onNote: deps.onNote } : opts);
  }
  throw new TransportError('not-configured', `unsupported printer address: ${settings.url}`);
}

export class PrinterDriver {
  private readonly conversation = new Conversation();

  constructor(
    readonly settings: PrinterSettings,
    readonly transport: PrinterTransport,
  ) {}

  get id(): string {
    return this.settings.id;
  }

  /** Send a job; with status enabled, refuse (retryably) while the printer reports a fault. */
  send(bytes: Uint8Array): Promise<void> {
    return this.conversation.run(async () => {
      await this.assertReady();
      await this.transport.write(bytes);
    });
  }

  /**
   * Kick the drawer. It waits for the exchange in progress (a receipt being sent), never for the
   * queue of receipts behind it. A printer that reports a fault does not execute the kick (it is
   * offline), so the kick is refused with that fault rather than reported as sent.
   */
  kickDrawer(pin?: 2 | 5): Promise<void> {
    const wiring = this.settings.drawer;
    return this.conversation.run(async () => {
      await this.assertReady();
      await this.transport.write(encodeDrawerKick({ ...wiring, pin: pin ?? wiring.pin }));
    });
  }

  /** Never throws: an unreachable printer is a status too. */
  status(): Promise<PrinterStatus> {
    return this.conversation.run(() => this.readStatus());
  }

  /** Release the device (USB: the claimed interface) after the exchanges in progress. */
  close(): Promise<void> {
    return this.conversation.run(async () => {
      await this.transport.close?.();
    });
  }

  private async assertReady(): Promise<void> {
    if (!this.settings.status) return;
    const s = await this.readStatus();
    if (!s.online || s.paper === 'out') {
      throw new PrinterNotReadyError(s.error?.code ?? 'printer-offline', s.error?.message ?? `${this.settings.name} is not ready`);
    }
  }

  private async readStatus(): Promise<PrinterStatus> {
    const checkedAt = Date.now();
    if (!this.settings.status) {
      return { printerId: this.id, online: true, paper: 'ok', coverOpen: false, checkedAt };
    }
    try {
      return { printerId: this.id, ...(await queryPrinterCondition(this.transport)), checkedAt };
    } catch (e) {
      const error = toDeviceError(e);
      return { printerId: this.id, online: false, paper: 'ok', coverOpen: false, error, checkedAt };
    }
  }
}
