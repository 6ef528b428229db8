// The device bridge's channel names, defined once: Electron IPC (preload ↔ main) and the
// local hardware service's WebSocket messages use the same names and payload types.
import type {
  DeviceInfo,
  DeviceSettings,
  DrawerOptions,
  RendererHello,
  ShellHello,
  PrintJob,
  PrintOptions,
  PrinterStatus,
  Result,
  ScanEvent,
} from './device-bridge.ts';
import type { Receipt } from './receipt/receipt-model.ts';

/** Request/response channels (`ipcRenderer.invoke` / WebSocket request). */
export const InvokeChannel = {
  printReceipt: 'printer:print-receipt',
  reprint: 'printer:reprint',
  listJobs: 'printer:list-jobs',
  testPrint: 'printer:test-print',
  printerStatus: 'printer:status',
  openDrawer: 'drawer:open',
  listDevices: 'devices:list',
} as const;

/** Events pushed from the hardware side (`webContents.send` / WebSocket event). */
export const EventChannel = {
  scan: 'scanner:scan',
  printerStatus: 'printer:status-changed',
  printJob: 'printer:job-updated',
} as const;

export type InvokeChannelName = (typeof InvokeChannel)[keyof typeof InvokeChannel];
export type EventChannelName = (typeof EventChannel)[keyof typeof EventChannel];

/** Arguments and result of each invoke channel. */
export interface InvokeMap {
  'printer:print-receipt': { args: [receipt: Receipt, opts?: PrintOptions]; result: Result<PrintJob> };
  'printer:reprint': { args: [jobId: string]; result: Result<PrintJob> };
  'printer:list-jobs': { args: []; result: Result<PrintJob[]> };
  'printer:test-print': { args: [printerId?: string]; result: Result<PrintJob> };
  'printer:status': { args: [printerId?: string]; result: Result<PrinterStatus> };
  'drawer:open': { args: [opts?: DrawerOptions]; result: Result<void> };
  'devices:list': { args: []; result: Result<DeviceInfo[]> };
}

/** Payload of each event channel. */
export interface EventMap {
  'scanner:scan': ScanEvent;
  'printer:status-changed': PrinterStatus;
  'printer:job-updated': PrintJob;
}

export const invokeChannelNames: readonly InvokeChannelName[] = Object.values(InvokeChannel);
export const eventChannelNames: readonly EventChannelName[] = Object.values(EventChannel);

export function isInvokeChannel(name: string): name is InvokeChannelName {
  return (invokeChannelNames as readonly string[]).includes(name);
}

// ---- The local hardware service's WebSocket protocol (browser tills) ----

/** Sub-protocol the service speaks; the client offers it with the token. */
export const HARDWARE_SERVICE_PROTOCOL = 'aisle-hw.v1';
/** The per-install token travels as a second offered sub-protocol: `aisle-token.<hex>` (browsers cannot set headers on WebSocket). */
export const HARDWARE_TOKEN_PROTOCOL_PREFIX = 'aisle-token.';

export interface WsRequest<C extends InvokeChannelName = InvokeChannelName> {
  type: 'request';
  id: number;
  channel: C;
  args: InvokeMap[C]['args'];
}

export type WsResponse = { [C in InvokeChannelName]: { type: 'response'; id: number; channel: C; result: InvokeMap[C]['result'] } }[InvokeChannelName];

export type WsEvent = { [C in EventChannelName]: { type: 'event'; channel: C; payload: EventMap[C] } }[EventChannelName];

export type WsServerMessage = WsResponse | WsEvent;

/** Where the Electron preload puts the bridge in the page: `window.aisleDevices`. */
export const DEVICE_BRIDGE_GLOBAL = 'aisleDevices';

/** Settings channels (Electron only), exposed as `window.aisleSettings`. */
export const SettingsChannel = {
  get: 'settings:get',
  save: 'settings:save',
} as const;

export interface SettingsInvokeMap {
  'settings:get': { args: []; result: Result<DeviceSettings> };
  'settings:save': { args: [settings: DeviceSettings]; result: Result<DeviceSettings> };
}

export const SETTINGS_BRIDGE_GLOBAL = 'aisleSettings';

/** Shell channels (Electron only), exposed as `window.aisleShell`: the version handshake. */
export const ShellChannel = {
  hello: 'shell:hello',
} as const;

export interface ShellInvokeMap {
  'shell:hello': { args: [renderer: RendererHello]; result: Result<ShellHello> };
}

export const SHELL_BRIDGE_GLOBAL = 'aisleShell';
