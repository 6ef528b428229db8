// The durable copy of the device credentials, in IndexedDB. localStorage (device-credentials.ts)
// stays the synchronous cache read at start-up, but Chromium writes localStorage to disk lazily
// (commits are delayed and rate-limited): a till killed a few seconds after pairing — power cut,
// SIGKILL — came back asking to be paired again while its unsent sales sat in IndexedDB under its
// device id. An IndexedDB transaction is on disk when it completes (and we ask for strict
// durability), so pairing is only reported done once this copy is written, and a start-up that
// finds no cached credentials restores them from here.
import { idbRecords } from '../db/idb-records.ts';
import { type DeviceCredentials, isDeviceCredentials } from './device-credentials.ts';

const KEY = 'device';
const store = (factory: IDBFactory) => idbRecords<DeviceCredentials>('aisle-device', 'credentials', factory);

/** Writes the credentials and resolves once the write is committed. */
export async function persistCredentials(creds: DeviceCredentials, factory: IDBFactory = indexedDB): Promise<void> {
  await store(factory).put(KEY, creds);
}

/** The committed credentials, or null (none, or unreadable — the device then pairs again). */
export async function readPersistedCredentials(factory: IDBFactory = indexedDB): Promise<DeviceCredentials | null> {
  const value = await store(factory).get(KEY);
  return isDeviceCredentials(value) ? value : null;
}

export async function erasePersistedCredentials(factory: IDBFactory = indexedDB): Promise<void> {
  await store(factory).delete(KEY);
}
