// Turns one untrusted request (channel name + argument array, from IPC or WebSocket) into a call
// on a DeviceBridge implementation. Arguments are checked here, at the boundary; the result is
// always a Result, never a thrown error, so both transports answer every request.
import type { DeviceBridge, DrawerOptions, PrintOptions, Result } from '../../shared/device-bridge.ts';
import { fail } from '../../shared/device-bridge.ts';
import { isInvokeChannel, type InvokeChannelName } from '../../shared/ipc-channels.ts';
import type { Receipt } from '../../shared/receipt/receipt-model.ts';
import { toDeviceError } from '../hardware/device-errors.ts';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optString = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';

function printOptions(v: unknown): PrintOptions | null {
  if (v === undefined || v === null) return {};
  if (!isObj(v)) return null;
  const o: PrintOptions = {};
  if (typeof v.printerId === 'string') o.printerId = v.printerId;
  if (typeof v.copies === 'number') o.copies = v.copies;
  if (typeof v.openDrawer === 'boolean') o.openDrawer = v.openDrawer;
  if (typeof v.reference === 'string') o.reference = v.reference.slice(0, 200);
  return o;
}

function drawerOptions(v: unknown): DrawerOptions | null {
  if (v === undefined || v === null) return {};
  if (!isObj(v)) return null;
  return v.pin === 2 || v.pin === 5 ? { pin: v.pin } : {};
}

export async function dispatchInvoke(bridge: DeviceBridge, channel: string, args: unknown): Promise<Result<unknown>> {
  if (!isInvokeChannel(channel)) return fail('bad-request', `unknown channel ${JSON.stringify(channel)}`);
  if (!Array.isArray(args)) return fail('bad-request', 'args must be an array');
  try {
    return await call(bridge, channel, args);
  } catch (e) {
    return { ok: false, error: toDeviceError(e) };
  }
}

async function call(bridge: DeviceBridge, channel: InvokeChannelName, args: unknown[]): Promise<Result<unknown>> {
  // JSON turns an omitted optional argument into null: treat it as omitted.
  const [a, b] = args.map((v) => (v === null ? undefined : v));
  switch (channel) {
    case 'printer:print-receipt': {
      const opts = printOptions(b);
      if (!opts) return fail('bad-request', 'print options must be an object');
      // The receipt's shape is checked by the implementation (receiptProblem) before encoding.
      return bridge.printReceipt(a as Receipt, opts);
    }
    case 'printer:reprint':
      return typeof a === 'string' ? bridge.reprint(a) : fail('bad-request', 'jobId must be a string');
    case 'printer:list-jobs':
      return bridge.listJobs();
    case 'printer:test-print':
      return optString(a) ? bridge.testPrint(a) : fail('bad-request', 'printerId must be a string');
    case 'printer:status':
      return optString(a) ? bridge.printerStatus(a) : fail('bad-request', 'printerId must be a string');
    case 'drawer:open': {
      const opts = drawerOptions(a);
      return opts ? bridge.openDrawer(opts) : fail('bad-request', 'drawer options must be an object');
    }
    case 'devices:list':
      return bridge.listDevices();
  }
}
