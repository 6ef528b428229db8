// A small durable key/value store in its own IndexedDB database, for the few things that must
// survive a crash but are not replicated documents (the device credentials, the sale in progress).
// Every write uses strict durability: Chromium reports the transaction complete only once it is on
// disk, whereas localStorage is written lazily and loses recent writes when the process is killed.

export interface IdbRecords<T> {
  put(key: string, value: T): Promise<void>;
  get(key: string): Promise<unknown>;
  delete(key: string): Promise<void>;
  /** Every stored record, with its key (values unchecked: the caller validates them). */
  entries(): Promise<{ key: string; value: unknown }[]>;
}

function open(factory: IDBFactory, dbName: string, storeName: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory.open(dbName, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(storeName);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error(`could not open ${dbName}`));
  });
}

export function idbRecords<T>(dbName: string, storeName: string, factory: IDBFactory = indexedDB): IdbRecords<T> {
  async function inTransaction<R>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<R>): Promise<R> {
    const db = await open(factory, dbName, storeName);
    try {
      return await new Promise<R>((resolve, reject) => {
        const tx = db.transaction(storeName, mode, { durability: 'strict' });
        const req = work(tx.objectStore(storeName));
        tx.oncomplete = () => resolve(req.result);
        tx.onerror = () => reject(tx.error ?? new Error(`${dbName} transaction failed`));
        tx.onabort = () => reject(tx.error ?? new Error(`${dbName} transaction aborted`));
      });
    } finally {
      db.close();
    }
  }
  return {
    async put(key, value) {
      await inTransaction('readwrite', (store) => store.put(value, key));
    },
    get: (key) => inTransaction<unknown>('readonly', (store) => store.get(key)),
    async delete(key) {
      await inTransaction('readwrite', (store) => store.delete(key));
    },
    async entries() {
      const [keys, values] = await Promise.all([
        inTransaction('readonly', (store) => store.getAllKeys()),
        inTransaction<unknown[]>('readonly', (store) => store.getAll()),
      ]);
      return keys.map((key, i) => ({ key: String(key), value: values[i] }));
    },
  };
}
