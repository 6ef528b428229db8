// HID POS scanners through node-hid: every device on usage page 0x8C is opened, read and, when it
// disappears, forgotten; a poll of the device list finds scanners plugged in later (hot-plug).
import type { DeviceInfo } from '../../../shared/device-bridge.ts';
import { HID_POS_USAGE_PAGE, HidPosAssembler } from './hid-pos-report.ts';
import type { ScanSource } from './scan-source.ts';

export interface HidDeviceDescriptor {
  path?: string | undefined;
  vendorId: number;
  productId: number;
  product?: string | undefined;
  usagePage?: number | undefined;
}

export interface HidHandle {
  on(event: 'data', cb: (data: Buffer) => void): unknown;
  on(event: 'error', cb: (err: Error) => void): unknown;
  close(): Promise<void> | void;
}

export interface HidApi {
  devices(): Promise<HidDeviceDescriptor[]>;
  open(path: string): Promise<HidHandle>;
}

interface Open {
  info: HidDeviceDescriptor & { path: string };
  handle: HidHandle;
}

export class HidScannerSource implements ScanSource {
  readonly kind = 'hid' as const;
  private readonly open = new Map<string, Open>();
  private timer: NodeJS.Timeout | null = null;
  private emit: ((raw: string, deviceId: string) => void) | null = null;

  constructor(
    private readonly api: HidApi,
    private readonly opts: { pollMs?: number; onError?: (message: string) => void } = {},
  ) {}

  async start(emit: (raw: string, deviceId: string) => void): Promise<void> {
    this.emit = emit;
    await this.refresh();
    this.timer = setInterval(() => {
      this.refresh().catch((e: unknown) => this.opts.onError?.(`HID scan of devices failed: ${(e as Error).message}`));
    }, this.opts.pollMs ?? 2000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const o of this.open.values()) await o.handle.close();
    this.open.clear();
  }

  devices(): DeviceInfo[] {
    return [...this.open.values()].map((o) => ({
      id: deviceId(o.info.path),
      kind: 'scanner',
      transport: 'hid',
      name: o.info.product ?? `HID scanner ${hex(o.info.vendorId)}:${hex(o.info.productId)}`,
      connected: true,
    }));
  }

  /** Open new POS scanners, forget ones that are gone. */
  async refresh(): Promise<void> {
    const found = (await this.api.devices()).filter(
      (d): d is HidDeviceDescriptor & { path: string } => d.usagePage === HID_POS_USAGE_PAGE && typeof d.path === 'string',
    );
    const paths = new Set(found.map((d) => d.path));
    for (const [path, o] of this.open) {
      if (!paths.has(path)) {
        this.open.delete(path);
        await o.handle.close();
      }
    }
    for (const info of found) {
      if (this.open.has(info.path)) continue;
      const handle = await this.api.open(info.path);
      const assembler = new HidPosAssembler();
      const id = deviceId(info.path);
      handle.on('data', (data) => {
        try {
          const raw = assembler.push(new Uint8Array(data));
          if (raw !== null) this.emit?.(raw, id);
        } catch (e) {
          this.opts.onError?.(`${id}: ${(e as Error).message}`);
        }
      });
      handle.on('error', (err) => {
        // Unplugged: drop it now; the next poll opens it again if it comes back.
        this.open.delete(info.path);
        this.opts.onError?.(`${id}: ${err.message}`);
      });
      this.open.set(info.path, { info, handle });
    }
  }
}

const hex = (n: number): string => n.toString(16).padStart(4, '0');
const deviceId = (path: string): string => `hid:${path}`;

/** node-hid behind HidApi, loaded only when HID scanning is enabled. */
export async function nativeHidApi(): Promise<HidApi> {
  const HID = await import('node-hid');
  return {
    devices: () => HID.devicesAsync(),
    open: (path) => HID.HIDAsync.open(path),
  };
}
