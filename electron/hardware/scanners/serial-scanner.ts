// Serial scanners through serialport: one configured port each, a read ends at CR or LF. When the
// port goes away (USB-serial unplugged) the source keeps retrying to open it (hot-plug).
import type { DeviceInfo } from '../../../shared/device-bridge.ts';
import type { ScanSource } from './scan-source.ts';

export interface SerialHandle {
  on(event: 'data', cb: (data: Buffer) => void): unknown;
  on(event: 'close' | 'error', cb: (err?: Error | null) => void): unknown;
  close(): Promise<void>;
}

export interface SerialApi {
  open(path: string, baudRate: number): Promise<SerialHandle>;
}

export class SerialScannerSource implements ScanSource {
  readonly kind = 'serial' as const;
  private handle: SerialHandle | null = null;
  private buffer = '';
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private emit: ((raw: string, deviceId: string) => void) | null = null;

  constructor(
    private readonly api: SerialApi,
    private readonly port: { path: string; baudRate: number },
    private readonly opts: { retryMs?: number; onError?: (message: string) => void } = {},
  ) {}

  get id(): string {
    return `serial:${this.port.path}`;
  }

  async start(emit: (raw: string, deviceId: string) => void): Promise<void> {
    this.emit = emit;
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const h = this.handle;
    this.handle = null;
    if (h) await h.close();
  }

  devices(): DeviceInfo[] {
    return [{ id: this.id, kind: 'scanner', transport: 'serial', name: `Serial scanner ${this.port.path}`, connected: this.handle !== null }];
  }

  /** Bytes in, complete reads out (CR, LF or CRLF terminated). */
  feed(chunk: string): void {
    this.buffer += chunk;
    const parts = this.buffer.split(/\r\n|\r|\n/);
    this.buffer = parts.pop() ?? '';
    for (const p of parts) if (p.length > 0) this.emit?.(p, this.id);
  }

  private async connect(): Promise<void> {
    try {
      const h = await this.api.open(this.port.path, this.port.baudRate);
      this.handle = h;
      h.on('data', (d) => {
        this.feed(d.toString('latin1'));
      });
      h.on('close', () => {
        this.lost(h, 'port closed');
      });
      h.on('error', (err) => {
        this.lost(h, err?.message ?? 'port error');
      });
    } catch (e) {
      this.opts.onError?.(`${this.id}: ${(e as Error).message}`);
      this.scheduleRetry();
    }
  }

  private lost(h: SerialHandle, why: string): void {
    if (this.handle !== h) return;
    this.handle = null;
    this.buffer = '';
    if (this.stopped) return;
    this.opts.onError?.(`${this.id}: ${why}; retrying`);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    this.retry = setTimeout(() => {
      void this.connect();
    }, this.opts.retryMs ?? 2000);
    this.retry.unref();
  }
}

/** What the adapter needs from a serialport port (SerialPort, or SerialPortMock in tests). */
export interface SerialPortLike {
  open(cb: (err: Error | null) => void): void;
  on(event: 'data' | 'close' | 'error', cb: ((data: Buffer) => void) | ((err?: Error | null) => void)): unknown;
  close(cb: (err: Error | null) => void): void;
}

export type MakeSerialPort = (opts: { path: string; baudRate: number; autoOpen: false }) => SerialPortLike;

/** serialport behind SerialApi, loaded only when a serial scanner is configured. */
export async function nativeSerialApi(makePort?: MakeSerialPort): Promise<SerialApi> {
  const make: MakeSerialPort = makePort ?? (await import('serialport').then(({ SerialPort }) => (o: { path: string; baudRate: number; autoOpen: false }) => new SerialPort(o)));
  return {
    open: (path, baudRate) =>
      new Promise((resolve, reject) => {
        const port = make({ path, baudRate, autoOpen: false });
        port.open((err) => {
          if (err) {
            reject(err);
            return;
          }
          const handle: SerialHandle = {
            on(event: 'data' | 'close' | 'error', cb: ((data: Buffer) => void) | ((err?: Error | null) => void)) {
              return port.on(event, cb);
            },
            close: () =>
              new Promise<void>((res, rej) => {
                port.close((e) => (e ? rej(e) : res()));
              }),
          };
          resolve(handle);
        });
      }),
  };
}
