// The paired device's credentials (server URL, device id, token, site), cached in localStorage:
// they must be readable synchronously at start-up, before the database (named after the device)
// opens. The durable copy is in IndexedDB (durable-credentials.ts): localStorage can lose its last
// seconds of writes when the browser is killed.
export interface DeviceCredentials {
  serverUrl: string;
  deviceId: string;
  token: string;
  role: 'till' | 'scanner';
  siteId: string;
  pairedAt: string;
}

const KEY = 'aisle.device';

export class CredentialsFormatError extends Error {
  readonly code = 'credentials-format';
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsFormatError';
  }
}

export function isDeviceCredentials(value: unknown): value is DeviceCredentials {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['serverUrl', 'deviceId', 'token', 'siteId', 'pairedAt'].every((k) => typeof v[k] === 'string') &&
    (v.role === 'till' || v.role === 'scanner');
}

export function loadCredentials(storage: Storage = localStorage): DeviceCredentials | null {
  const raw = storage.getItem(KEY);
  if (raw === null) return null;
  const parsed: unknown = JSON.parse(raw);
  if (!isDeviceCredentials(parsed)) throw new CredentialsFormatError('stored device credentials are malformed; pair the device again');
  return parsed;
}

export function saveCredentials(creds: DeviceCredentials, storage: Storage = localStorage): void {
  storage.setItem(KEY, JSON.stringify(creds));
}

export function clearCredentials(storage: Storage = localStorage): void {
  storage.removeItem(KEY);
}
