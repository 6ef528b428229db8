// The durable copy of the device credentials, in IndexedDB. localStorage (device-credentials.ts)
// stays the synchronous cache read at start-up, but Chromium writes localStorage to disk lazily
// (commits are delayed and rate-limited): a till killed a few seconds after pairing — power cut,
// SIGKILL — came back asking to be paired again while its unsent sales sat in IndexedDB under its
// device id. An IndexedDB transaction is on disk when it completes (and we ask for strict
// durability), so pairing is only reported done once this copy is written, and a start-up that
// finds no cached credentials restores them from here.
import { type DeviceCredentials, isDeviceCredentials } from './device-credentials.ts';

const DB_NAME = 'aisle-device';
const STORE = 'credentials';
const KEY = 'device';

function openStore(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('could not open the device credentials store'));
  });
}

async function inTransaction<T>(factory: IDBFactory, mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openStore(factory);
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode, { durability: 'strict' });
      const req = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? new Error('device credentials transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('device credentials transaction aborted'));
    });
  } finally {
    db.close();
  }
}

/** Writes the credentials and resolves once the write is committed. */
export async function persistCredentials(creds: DeviceCredentials, factory: IDBFactory = indexedDB): Promise<void> {
  await inTransaction(factory, 'readwrite', (store) => store.put(creds, KEY));
}

/** The committed credentials, or null (none, or unreadable — the device then pairs again). */
export async function readPersistedCredentials(factory: IDBFactory = indexedDB): Promise<DeviceCredentials | null> {
  const value: unknown = await inTransaction(factory, 'readonly', (store) => store.get(KEY));
  return isDeviceCredentials(value) ? value : null;
}

export async function erasePersistedCredentials(factory: IDBFactory = indexedDB): Promise<void> {
  await inTransaction(factory, 'readwrite', (store) => store.delete(KEY));
}
