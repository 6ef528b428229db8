// A snapshot of the built catalog index in its own IndexedDB database: one read of one JSON
// string at start-up (JSON.parse is far cheaper than structured-clone of 100k objects) instead
// of reading 100k product documents and re-sorting every search key. It is only a cache: `lwt`
// (the newest RxDB write time it contains) tells whether the products collection changed since.
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

interface StoredSnapshot {
  lwt: number;
  lastId: string;
  json: string;
}

interface DataJson {
  products: CatalogIndexData['products'];
  keys: string[];
  owners: number[];
  order: number[];
}

const STORE = 'snapshot';
/** Bumped when the search keys change (v2: SKU words; v3: ß, Œ, Ø… folded as ss, oe, o), so an older snapshot is rebuilt, not used. */
const KEY = 'catalog-v3';
const OLD_KEYS = ['catalog', 'catalog-v2'];

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
    const value = await run<StoredSnapshot | undefined>(db, 'readonly', (s) => s.get(KEY) as IDBRequest<StoredSnapshot | undefined>);
    if (!value || typeof value.json !== 'string') return null;
    const parsed = JSON.parse(value.json) as DataJson;
    return {
      lwt: value.lwt,
      lastId: value.lastId,
      data: { products: parsed.products, keys: parsed.keys, owners: Int32Array.from(parsed.owners), order: Int32Array.from(parsed.order) },
    };
  } finally {
    db.close();
  }
}

export async function saveSnapshot(name: string, snapshot: CatalogSnapshot): Promise<void> {
  const db = await open(name);
  try {
    const { data } = snapshot;
    const json = JSON.stringify({ products: data.products, keys: data.keys, owners: Array.from(data.owners), order: Array.from(data.order) } satisfies DataJson);
    const stored: StoredSnapshot = { lwt: snapshot.lwt, lastId: snapshot.lastId, json };
    await run(db, 'readwrite', (s) => s.put(stored, KEY));
    for (const old of OLD_KEYS) await run(db, 'readwrite', (s) => s.delete(old));
  } finally {
    db.close();
  }
}
