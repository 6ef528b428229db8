// DLE EOT replies → PrinterStatus. Each reply byte has bits 1 and 4 set and bits 0 and 7 clear;
// anything else is not a status byte (the device is not an ESC/POS printer, or the stream is
// out of step), which we report instead of guessing.
import type { PrinterStatus } from '../../../shared/device-bridge.ts';
import { concatBytes, statusRequest } from '../escpos/escpos-commands.ts';
import { TransportError, type PrinterTransport } from '../transport/transport.ts';

export class StatusReplyError extends Error {
  readonly code = 'transport';
  constructor(message: string) {
    super(message);
    this.name = 'StatusReplyError';
  }
}

const isStatusByte = (b: number): boolean => (b & 0x93) === 0x12;

export type PrinterCondition = Omit<PrinterStatus, 'printerId' | 'checkedAt'>;

/** Interpret the replies to DLE EOT 1 (printer), 2 (offline cause) and 4 (paper roll sensor). */
export function parseStatusReplies(printer: number, offlineCause: number, paperSensor: number): PrinterCondition {
  for (const b of [printer, offlineCause, paperSensor]) {
    if (!isStatusByte(b)) throw new StatusReplyError(`not a DLE EOT status byte: 0x${b.toString(16)}`);
  }
  const paperOut = (paperSensor & 0x60) !== 0 || (offlineCause & 0x20) !== 0;
  const nearEnd = (paperSensor & 0x0c) !== 0;
  const coverOpen = (offlineCause & 0x04) !== 0;
  const offline = (printer & 0x08) !== 0;
  const condition: PrinterCondition = {
    online: !offline,
    paper: paperOut ? 'out' : nearEnd ? 'near-end' : 'ok',
    coverOpen,
    // Pin 3 of the drawer connector: "high" means open on most drawers.
    drawerOpen: (printer & 0x04) !== 0,
  };
  if (offline) {
    const why = coverOpen ? 'cover-open' : paperOut ? 'paper-out' : 'printer-offline';
    condition.error = { code: why, message: `printer is offline (${why.replace('-', ' ')})` };
  }
  return condition;
}

/** Ask the three DLE EOT questions in one exchange. */
export async function queryPrinterCondition(transport: PrinterTransport): Promise<PrinterCondition> {
  const reply = await transport.query(concatBytes([statusRequest(1), statusRequest(2), statusRequest(4)]), 3);
  const [a, b, c] = reply;
  if (a === undefined || b === undefined || c === undefined) {
    throw new TransportError('transport', `short status reply from ${transport.description}`);
  }
  return parseStatusReplies(a, b, c);
}
