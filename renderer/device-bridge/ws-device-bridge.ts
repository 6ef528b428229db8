// DeviceBridge for a till running in a plain browser: talks to the local hardware service over
// a WebSocket (127.0.0.1), offering the per-install token as a sub-protocol. Connects lazily,
// reconnects after a drop, and turns every failure into a Result — a missing service is an
// `unavailable` answer the till can show, never an exception in the sale flow.
import type {
  DeviceBridge,
  DeviceInfo,
  DrawerOptions,
  PrintJob,
  PrintOptions,
  PrinterStatus,
  Result,
  ScanEvent,
  Unsubscribe,
} from '../../shared/device-bridge.ts';
import { fail } from '../../shared/device-bridge.ts';
import {
  EventChannel,
  HARDWARE_SERVICE_PROTOCOL,
  HARDWARE_TOKEN_PROTOCOL_PREFIX,
  InvokeChannel,
  type InvokeChannelName,
  type InvokeMap,
  type WsRequest,
  type WsServerMessage,
} from '../../shared/ipc-channels.ts';
import type { Receipt } from '../../shared/receipt/receipt-model.ts';
import { Listeners } from './listeners.ts';

/** The part of the browser WebSocket API used here (the `ws` package's class fits too). */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(): void;
}

export type WebSocketCtor = new (url: string, protocols: string[]) => WebSocketLike;

export interface WsDeviceBridgeOptions {
  url: string;
  token: string;
  WebSocketImpl?: WebSocketCtor;
  requestTimeoutMs?: number;
  /** Delay before reconnecting while someone listens for events (0 = no reconnect). */
  reconnectMs?: number;
}

export interface WsDeviceBridge extends DeviceBridge {
  /** Whether the socket is open right now. */
  connected(): boolean;
  close(): void;
}

const OPEN = 1;

interface Pending {
  resolve: (r: Result<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
}

export function createWsDeviceBridge(opts: WsDeviceBridgeOptions): WsDeviceBridge {
  const Impl = opts.WebSocketImpl ?? (globalThis.WebSocket as unknown as WebSocketCtor);
  const timeoutMs = opts.requestTimeoutMs ?? 15_000;
  const scans = new Listeners<ScanEvent>();
  const statuses = new Listeners<PrinterStatus>();
  const jobs = new Listeners<PrintJob>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let socket: WebSocketLike | null = null;
  let opening: Promise<WebSocketLike | null> | null = null;
  let closed = false;
  let reconnect: ReturnType<typeof setTimeout> | null = null;

  const listening = (): boolean => scans.size + statuses.size + jobs.size > 0;

  function onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let msg: WsServerMessage;
    try {
      msg = JSON.parse(data) as WsServerMessage;
    } catch (e) {
      console.warn('hardware service sent a message that is not JSON', e);
      return;
    }
    if (msg.type === 'response') {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      clearTimeout(p.timer);
      p.resolve(msg.result as Result<unknown>);
    } else if (msg.channel === EventChannel.scan) scans.emit(msg.payload);
    else if (msg.channel === EventChannel.printerStatus) statuses.emit(msg.payload);
    else if (msg.channel === EventChannel.printJob) jobs.emit(msg.payload);
  }

  function connect(): Promise<WebSocketLike | null> {
    if (socket?.readyState === OPEN) return Promise.resolve(socket);
    if (opening) return opening;
    opening = new Promise<WebSocketLike | null>((resolve) => {
      let ws: WebSocketLike;
      try {
        ws = new Impl(opts.url, [HARDWARE_SERVICE_PROTOCOL, HARDWARE_TOKEN_PROTOCOL_PREFIX + opts.token]);
      } catch (e) {
        console.warn('hardware service: cannot open WebSocket', e);
        resolve(null);
        return;
      }
      ws.onopen = () => {
        socket = ws;
        resolve(ws);
      };
      ws.onmessage = (ev) => {
        onMessage(ev.data);
      };
      ws.onerror = () => {
        resolve(null);
      };
      ws.onclose = () => {
        resolve(null);
        if (socket === ws) socket = null;
        for (const [id, p] of pending) {
          clearTimeout(p.timer);
          p.resolve(fail('unavailable', 'connection to the hardware service was lost'));
          pending.delete(id);
        }
        scheduleReconnect();
      };
    }).finally(() => {
      opening = null;
    });
    return opening;
  }

  function scheduleReconnect(): void {
    const delay = opts.reconnectMs ?? 2000;
    if (closed || delay <= 0 || reconnect || !listening()) return;
    reconnect = setTimeout(() => {
      reconnect = null;
      void connect().then((ws) => {
        if (!ws) scheduleReconnect();
      });
    }, delay);
  }

  async function invoke<C extends InvokeChannelName>(channel: C, ...args: InvokeMap[C]['args']): Promise<InvokeMap[C]['result']> {
    if (closed) return fail('unavailable', 'device bridge closed');
    const ws = await connect();
    if (!ws) return fail('unavailable', `hardware service at ${opts.url} is not reachable or refused this page`);
    const id = nextId++;
    const request: WsRequest<C> = { type: 'request', id, channel, args };
    const result = await new Promise<Result<unknown>>((resolve) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve(fail('timeout', `hardware service did not answer ${channel} within ${String(timeoutMs)} ms`));
      }, timeoutMs);
      pending.set(id, { resolve, timer });
      ws.send(JSON.stringify(request));
    });
    return result as InvokeMap[C]['result'];
  }

  function subscribe<T>(set: Listeners<T>, listener: (v: T) => void): Unsubscribe {
    const off = set.add(listener);
    void connect().then((ws) => {
      if (!ws) scheduleReconnect();
    });
    return off;
  }

  const bridge: WsDeviceBridge = {
    printReceipt: (receipt: Receipt, o?: PrintOptions) => invoke(InvokeChannel.printReceipt, receipt, o),
    reprint: (jobId: string) => invoke(InvokeChannel.reprint, jobId),
    listJobs: (): Promise<Result<PrintJob[]>> => invoke(InvokeChannel.listJobs),
    testPrint: (printerId?: string) => invoke(InvokeChannel.testPrint, printerId),
    openDrawer: (o?: DrawerOptions) => invoke(InvokeChannel.openDrawer, o),
    printerStatus: (printerId?: string) => invoke(InvokeChannel.printerStatus, printerId),
    listDevices: (): Promise<Result<DeviceInfo[]>> => invoke(InvokeChannel.listDevices),
    onScan: (l) => subscribe(scans, l),
    onPrinterStatus: (l) => subscribe(statuses, l),
    onPrintJob: (l) => subscribe(jobs, l),
    connected: () => socket?.readyState === OPEN,
    close: () => {
      closed = true;
      if (reconnect) clearTimeout(reconnect);
      socket?.close();
    },
  };
  return bridge;
}
