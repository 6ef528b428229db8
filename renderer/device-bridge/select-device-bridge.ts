// Picks this window's DeviceBridge, in order: the Electron preload's `window.aisleDevices`; the
// local hardware service, when this browser was given its address and token (once, in the URL
// fragment `#aisle-hw=<ws url>&aisle-hw-token=<token>`, then kept in localStorage); otherwise
// the screen bridge, which shows receipts on screen. The till never needs to know which.
import type { DeviceBridge, ScanEvent } from '../../shared/device-bridge.ts';
import { DEVICE_BRIDGE_GLOBAL } from '../../shared/ipc-channels.ts';
import { attachKeyboardWedge, type WedgeOptions } from './keyboard-wedge.ts';
import { Listeners } from './listeners.ts';
import { createScreenDeviceBridge } from './screen-device-bridge.ts';
import { createWsDeviceBridge } from './ws-device-bridge.ts';

export const HARDWARE_SERVICE_STORAGE_KEY = 'aisle.hardwareService';

export type BridgeKind = 'electron' | 'hardware-service' | 'screen';

export interface HardwareServiceAddress {
  url: string;
  token: string;
}

export interface SelectEnv {
  global: Record<string, unknown>;
  location: { hash: string; pathname: string; search: string };
  history?: { replaceState(data: unknown, unused: string, url: string): void };
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
}

const isBridge = (v: unknown): v is DeviceBridge =>
  typeof v === 'object' && v !== null && typeof (v as { printReceipt?: unknown }).printReceipt === 'function';

/** Read the service address from the URL fragment (and forget the fragment), else from storage. */
export function hardwareServiceAddress(env: SelectEnv): HardwareServiceAddress | null {
  const params = new URLSearchParams(env.location.hash.replace(/^#/, ''));
  const url = params.get('aisle-hw');
  const token = params.get('aisle-hw-token');
  if (url && token && /^wss?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/?$/.test(url)) {
    env.storage?.setItem(HARDWARE_SERVICE_STORAGE_KEY, JSON.stringify({ url, token }));
    // The token should not linger in the address bar or in history.
    env.history?.replaceState(null, '', env.location.pathname + env.location.search);
    return { url, token };
  }
  const stored = env.storage?.getItem(HARDWARE_SERVICE_STORAGE_KEY);
  if (!stored) return null;
  const parsed = JSON.parse(stored) as Partial<HardwareServiceAddress>;
  return typeof parsed.url === 'string' && typeof parsed.token === 'string' ? { url: parsed.url, token: parsed.token } : null;
}

export function selectDeviceBridge(env: SelectEnv): { bridge: DeviceBridge; kind: BridgeKind } {
  const exposed = env.global[DEVICE_BRIDGE_GLOBAL];
  if (isBridge(exposed)) return { bridge: exposed, kind: 'electron' };
  const address = hardwareServiceAddress(env);
  if (address) return { bridge: createWsDeviceBridge(address), kind: 'hardware-service' };
  return { bridge: createScreenDeviceBridge(), kind: 'screen' };
}

/** The bridge, with keyboard-wedge scans merged into its onScan (one stream of ScanEvents). */
export function withKeyboardWedge(
  bridge: DeviceBridge,
  target: Pick<Window, 'addEventListener' | 'removeEventListener'>,
  opts?: WedgeOptions,
): DeviceBridge & { detach(): void } {
  const wedge = new Listeners<ScanEvent>();
  const detach = attachKeyboardWedge(target, (e) => {
    wedge.emit(e);
  }, opts);
  return {
    ...bridge,
    onScan: (listener) => {
      const a = bridge.onScan(listener);
      const b = wedge.add(listener);
      return () => {
        a();
        b();
      };
    },
    detach,
  };
}

/**
 * For the app: the bridge for this browser window. Keyboard-wedge scans are merged into onScan
 * unless `wedge: false` (a screen that reads the wedge itself, e.g. through a focused scan field).
 */
export function deviceBridgeForWindow(opts: { wedge?: boolean | WedgeOptions } = {}): { bridge: DeviceBridge; kind: BridgeKind } {
  const env: SelectEnv = { global: window as unknown as Record<string, unknown>, location: window.location, history: window.history, storage: window.localStorage };
  const { bridge, kind } = selectDeviceBridge(env);
  if (opts.wedge === false) return { bridge, kind };
  return { bridge: withKeyboardWedge(bridge, window, typeof opts.wedge === 'object' ? opts.wedge : undefined), kind };
}
