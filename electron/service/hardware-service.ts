// The local hardware service for tills running in a browser: the same HardwareHost as Electron,
// behind a WebSocket on 127.0.0.1 only. A connection must come from an allowed Origin (the till's
// page) and offer the per-install token as a sub-protocol; anything else is refused during the
// handshake (403 for the origin, 401 for the token), before any message is read.
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DeviceBridge } from '../../shared/device-bridge.ts';
import { fail } from '../../shared/device-bridge.ts';
import {
  EventChannel,
  HARDWARE_SERVICE_PROTOCOL,
  HARDWARE_TOKEN_PROTOCOL_PREFIX,
  type EventChannelName,
  type EventMap,
} from '../../shared/ipc-channels.ts';
import { dispatchInvoke } from '../bridge/invoke-dispatch.ts';
import { tokensEqual } from './service-token.ts';

export interface HardwareServiceOptions {
  bridge: DeviceBridge;
  token: string;
  /** Exact origins ("http://127.0.0.1:8787") allowed to connect. */
  allowedOrigins: readonly string[];
  /** 0 = any free port. */
  port?: number;
  log?: (message: string) => void;
}

const HOST = '127.0.0.1';

export class HardwareService {
  private wss: WebSocketServer | null = null;
  port = 0;

  constructor(private readonly opts: HardwareServiceOptions) {}

  get url(): string {
    return `ws://${HOST}:${String(this.port)}/`;
  }

  async start(): Promise<this> {
    const wss = new WebSocketServer({
      host: HOST,
      port: this.opts.port ?? 0,
      maxPayload: 1024 * 1024,
      verifyClient: (info: { origin: string; req: IncomingMessage }, cb: (ok: boolean, code?: number, message?: string) => void) => {
        const refusal = this.refusal(info.origin, info.req);
        if (refusal) {
          this.opts.log?.(`hardware service: refused ${info.origin || '(no origin)'}: ${refusal.message}`);
          cb(false, refusal.status, refusal.message);
        } else cb(true);
      },
      handleProtocols: (protocols) => (protocols.has(HARDWARE_SERVICE_PROTOCOL) ? HARDWARE_SERVICE_PROTOCOL : false),
    });
    this.wss = wss;
    wss.on('connection', (ws) => {
      this.serve(ws);
    });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    this.port = (wss.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const wss = this.wss;
    this.wss = null;
    if (!wss) return;
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((resolve) => {
      wss.close(() => {
        resolve();
      });
    });
  }

  private refusal(origin: string, req: IncomingMessage): { status: number; message: string } | null {
    if (!origin || !this.opts.allowedOrigins.includes(origin)) return { status: 403, message: 'origin not allowed' };
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!offered.includes(HARDWARE_SERVICE_PROTOCOL)) return { status: 400, message: `expected sub-protocol ${HARDWARE_SERVICE_PROTOCOL}` };
    const token = offered.find((p) => p.startsWith(HARDWARE_TOKEN_PROTOCOL_PREFIX))?.slice(HARDWARE_TOKEN_PROTOCOL_PREFIX.length);
    if (!token || !tokensEqual(this.opts.token, token)) return { status: 401, message: 'bad or missing token' };
    return null;
  }

  private serve(ws: WebSocket): void {
    const { bridge } = this.opts;
    const send = (msg: unknown): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    };
    const event = <C extends EventChannelName>(channel: C) => (payload: EventMap[C]) => {
      send({ type: 'event', channel, payload });
    };
    const unsubscribe = [
      bridge.onScan(event(EventChannel.scan)),
      bridge.onPrinterStatus(event(EventChannel.printerStatus)),
      bridge.onPrintJob(event(EventChannel.printJob)),
    ];
    ws.on('close', () => {
      for (const u of unsubscribe) u();
    });
    ws.on('message', (data, isBinary) => {
      void this.answer(isBinary ? null : data.toString(), send);
    });
  }

  private async answer(text: string | null, send: (msg: unknown) => void): Promise<void> {
    let msg: unknown;
    try {
      msg = text === null ? null : JSON.parse(text);
    } catch (e) {
      this.opts.log?.(`hardware service: unparseable message: ${(e as Error).message}`);
      return;
    }
    if (typeof msg !== 'object' || msg === null || (msg as { type?: unknown }).type !== 'request') return;
    const { id, channel, args } = msg as { id?: unknown; channel?: unknown; args?: unknown };
    if (typeof id !== 'number') return;
    const result =
      typeof channel === 'string' ? await dispatchInvoke(this.opts.bridge, channel, args) : fail('bad-request', 'channel must be a string');
    send({ type: 'response', id, channel, result });
  }
}

export function startHardwareService(opts: HardwareServiceOptions): Promise<HardwareService> {
  return new HardwareService(opts).start();
}
