// The running till's handles (database, credentials, device bridge), set once at start-up so
// actions in the stores can reach them without threading them through every component.
import type { DeviceBridge } from '../../shared/device-bridge.ts';
import type { TillDatabase } from '../db/database.ts';
import type { DeviceCredentials } from '../pairing/device-credentials.ts';

export interface TillRuntime {
  db: TillDatabase;
  credentials: DeviceCredentials;
  bridge: DeviceBridge;
}

export class TillNotStartedError extends Error {
  readonly code = 'till-not-started';
  constructor() {
    super('the till runtime is not started yet');
    this.name = 'TillNotStartedError';
  }
}

let current: TillRuntime | null = null;

export function setTillRuntime(runtime: TillRuntime | null): void {
  current = runtime;
}

export function tillRuntime(): TillRuntime {
  if (!current) throw new TillNotStartedError();
  return current;
}

/** Receipt number prefix of this till: short and stable (from the device id). */
export function tillPrefix(deviceId: string): string {
  return deviceId.replace(/[^A-Za-z0-9]/g, '').slice(-6).toUpperCase();
}
