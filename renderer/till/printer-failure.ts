// Why the printer did not print (or open the drawer), in the cashier's words. The bridge's
// DeviceError carries the driver's own text ("connect ECONNREFUSED 10.0.0.7:9100", "write EPIPE"),
// which means nothing at the counter: it goes to the console for support, and the code decides
// what the cashier reads. Used by the receipt's outcome, the till documents and the printer banner.
import type { DeviceError, DeviceErrorCode } from '../../shared/device-bridge.ts';

const WORDS: Record<DeviceErrorCode, string> = {
  'paper-out': 'the printer is out of paper: load a new roll',
  'cover-open': 'the printer cover is open: close it',
  'printer-offline': 'the printer does not answer: check its power and cable',
  timeout: 'the printer did not answer in time: check it is on',
  transport: 'the till lost its connection to the printer: check the cable',
  'not-configured': 'no printer is set up for this till',
  'not-found': 'the printer no longer has that document',
  unavailable: 'the hardware service is not running',
  unauthorized: 'the hardware service refused this till',
  'bad-request': 'the printer could not take this document',
  internal: 'the printer reported an error',
};

/** The reason in plain words, nothing else: for a screen that shows a failure already logged. */
export function printerWords(error: DeviceError): string {
  return WORDS[error.code] ?? WORDS.internal;
}

/** The reason in plain words where a failure happens; the driver's text is logged. */
export function printerFailure(error: DeviceError): string {
  console.warn(`printer: ${error.code}: ${error.message}`);
  return printerWords(error);
}
