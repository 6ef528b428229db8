// A virtual scanner: a scan source that reads whatever a test or the operator injects, delivered
// exactly like a hardware read (`source: 'virtual'`).
import type { DeviceInfo } from '../../shared/device-bridge.ts';
import type { ScanSource } from '../hardware/scanners/scan-source.ts';

export class VirtualScanner implements ScanSource {
  readonly kind = 'virtual' as const;
  private emit: ((raw: string, deviceId: string) => void) | null = null;

  constructor(readonly id = 'virtual-scanner') {}

  async start(emit: (raw: string, deviceId: string) => void): Promise<void> {
    this.emit = emit;
  }

  async stop(): Promise<void> {
    this.emit = null;
  }

  devices(): DeviceInfo[] {
    return [{ id: this.id, kind: 'scanner', transport: 'virtual', name: 'Virtual scanner', connected: this.emit !== null }];
  }

  /** Inject a read, e.g. an EAN-13 "4006381333931" or a GS1 "]C1010950...". Returns false when not started. */
  scan(raw: string): boolean {
    if (!this.emit) return false;
    this.emit(raw, this.id);
    return true;
  }
}
