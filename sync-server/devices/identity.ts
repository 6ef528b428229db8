// The identity of an authenticated device, as the server knows it (never as the device claims).
import type { DeviceRole } from './pairing.ts';

export interface DeviceIdentity {
  deviceId: string;
  role: DeviceRole;
  siteId: string;
  name: string;
}
