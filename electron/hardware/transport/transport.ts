// What a printer connection must offer the drivers: send a job, ask a real-time status question.
// TCP and USB implement it; tests use fakes at the socket / WebUSB level, not here.
import type { DeviceErrorCode } from '../../../shared/device-bridge.ts';

export interface PrinterTransport {
  /** Shown to people: "tcp://192.168.1.40:9100", "usb:04b8:0e28". */
  readonly description: string;
  /** Deliver a whole job. Rejects with TransportError if the printer is unreachable or vanishes mid-job. */
  write(bytes: Uint8Array): Promise<void>;
  /** Send real-time requests (DLE EOT n…) and read exactly `replyLength` reply bytes. */
  query(request: Uint8Array, replyLength: number): Promise<Uint8Array>;
  /** Let go of the device (USB keeps it claimed between jobs). */
  close?(): Promise<void>;
}

export type TransportErrorCode = Extract<DeviceErrorCode, 'printer-offline' | 'timeout' | 'transport' | 'not-configured'>;

export class TransportError extends Error {
  constructor(
    readonly code: TransportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportError';
  }
}
