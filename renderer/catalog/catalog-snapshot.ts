// A snapshot of the built catalog index in its own IndexedDB database: one structured-clone read
// at start-up instead of reading 100k product documents and re-sorting every search key, so a
// till with a big catalog is ready in about a second. It is only a cache: `lwt` (the newest
// RxDB write time it contains) tells whether the products collection changed since.
import type { CatalogIndexData } from './catalog-index.ts';

export interface CatalogSnapshot {
  /** Newest `_meta.lwt` of the product documents the snapshot was built from. */
  lwt: number;
  lastId: string;
  data: CatalogIndexData;
}

export class CatalogSnapshotError extends Error {
  readonly code = 'catalog-snapshot';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CatalogSnapshotError';
  }
}

const STORE = 'snapshot';
const KEY = 'catalog';

function open(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new CatalogSnapshotError(`cannot open ${name}`, { cause: request.error }));
  });
}

function run<T>(db: IDBDatabase, mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = work(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(new CatalogSnapshotError('catalog snapshot transaction failed', { cause: tx.error }));
  });
}

export async function loadSnapshot(name: string): Promise<CatalogSnapshot | null> {
  const db = await open(name);
  try {
    const value = await run<CatalogSnapshot | undefined>(db, 'readonly', (s) => s.get(KEY) as IDBRequest<CatalogSnapshot | undefined>);
    return value ?? null;
  } finally {
    db.close();
  }
}

export async function saveSnapshot(name: string, snapshot: CatalogSnapshot): Promise<void> {
  const db = await open(name);
  try {
    await run(db, 'readwrite', (s) => s.put(snapshot, KEY));
  } finally {
    db.close();
  }
}
