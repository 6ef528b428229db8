// Scanner sources and the hub that turns every source's reads into the one ScanEvent the
// renderer sees, whether the scan came from a HID POS scanner, a serial scanner or a test.
import type { DeviceInfo, ScanEvent, ScanSource as ScanSourceKind } from '../../../shared/device-bridge.ts';

export interface ScanSource {
  readonly kind: Exclude<ScanSourceKind, 'wedge'>;
  /** Start delivering reads; `emit` gets the data and the id of the device that read it. */
  start(emit: (raw: string, deviceId: string) => void): Promise<void>;
  stop(): Promise<void>;
  /** Devices this source currently sees (hot-plug changes this list). */
  devices(): DeviceInfo[];
}

export class ScannerHub {
  private readonly listeners = new Set<(e: ScanEvent) => void>();
  private readonly sources: ScanSource[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  async add(source: ScanSource): Promise<void> {
    this.sources.push(source);
    await source.start((raw, deviceId) => {
      const event: ScanEvent = { raw, source: source.kind, at: this.now(), deviceId };
      for (const l of this.listeners) l(event);
    });
  }

  onScan(listener: (e: ScanEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  devices(): DeviceInfo[] {
    return this.sources.flatMap((s) => s.devices());
  }

  async stop(): Promise<void> {
    await Promise.all(this.sources.map((s) => s.stop()));
  }
}
