// One mapping from thrown errors to the bridge's DeviceError, used wherever a hardware call's
// failure crosses into a Result. Our error classes carry a DeviceErrorCode as `code`.
import type { DeviceError, DeviceErrorCode } from '../../shared/device-bridge.ts';

const CODES: ReadonlySet<string> = new Set<DeviceErrorCode>([
  'printer-offline',
  'paper-out',
  'cover-open',
  'timeout',
  'not-configured',
  'not-found',
  'bad-request',
  'unauthorized',
  'unavailable',
  'transport',
  'internal',
]);

const isCode = (c: unknown): c is DeviceErrorCode => typeof c === 'string' && CODES.has(c);

export function toDeviceError(e: unknown): DeviceError {
  if (e instanceof Error) {
    const code = (e as Error & { code?: unknown }).code;
    return { code: isCode(code) ? code : 'internal', message: e.message };
  }
  return { code: 'internal', message: String(e) };
}

/** A printer that answered its status but cannot print now. */
export class PrinterNotReadyError extends Error {
  constructor(
    readonly code: DeviceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PrinterNotReadyError';
  }
}
