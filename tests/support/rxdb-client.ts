// A real RxDB client for integration tests and benches: Dexie storage on fake-indexeddb,
// replicateRxCollection over HTTP against the sync server (PROTOCOL.md), and the SSE stream
// turned into RESYNC signals. It is what a till or scanner does, minus the UI.
import { EventSource } from 'eventsource';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxJsonSchema } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { Subject } from 'rxjs';
import { collections, type CollectionName, schemaMigrations } from '../../shared/schemas/index.ts';

export type FetchFn = (url: string, init: RequestInit) => Promise<Response>;

export interface ClientOptions {
  url: string;
  token: string;
  collections: CollectionName[];
  /** Database name; a new name is a fresh client. */
  name?: string;
  /** Replaces fetch for push/pull (to simulate a flaky network). */
  fetch?: FetchFn;
  /** Listen to the SSE stream (default true). */
  stream?: boolean;
  pullBatchSize?: number;
  pushBatchSize?: number;
  retryTime?: number;
}

export interface SyncClient {
  db: RxDatabase;
  collection(name: CollectionName): RxCollection;
  replications: Map<CollectionName, RxReplicationState<object, { seq: number }>>;
  /**
   * Stored documents by id, read from the storage without making RxDocuments (as the till reads
   * events and acks).
   */
  rawDocs<T = Record<string, unknown>>(name: CollectionName, ids: readonly string[]): Promise<T[]>;
  /** Resolves when every replication is idle (in sync). */
  inSync(): Promise<void>;
  close(): Promise<void>;
}

let counter = 0;

/**
 * RxDB merges every pulled page that is not yet stored into one write. Pages arrive faster than
 * IndexedDB stores them, so a cold pull of 100k documents becomes one 100k-document transaction —
 * quadratic in fake-indexeddb (its request queue) and memory-hungry everywhere. Waiting for the
 * previous full page to be written before fetching the next keeps writes at page size.
 */
class PullBackpressure {
  #pending = 0;
  #wake: (() => void) | undefined;
  readonly #sub: { unsubscribe(): void };
  constructor(collection: RxCollection) {
    this.#sub = collection.eventBulks$.subscribe((bulk) => {
      this.#pending -= bulk.events.length;
      if (this.#pending <= 0) this.#wake?.();
    });
  }
  expect(n: number): void {
    this.#pending += n;
  }
  /** Resolves once the expected writes happened (or after 2 s: identical documents are not rewritten). */
  async ready(): Promise<void> {
    if (this.#pending > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2000);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
    this.#pending = 0;
  }
  close(): void {
    this.#wake?.();
    this.#sub.unsubscribe();
  }
}

export class SyncHttpError extends Error {
  readonly code = 'sync_http';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'SyncHttpError';
    this.status = status;
  }
}

addRxPlugin(RxDBMigrationSchemaPlugin);

export async function createSyncClient(options: ClientOptions): Promise<SyncClient> {
  const name = options.name ?? `client${Date.now()}x${counter++}`;
  const db = await createRxDatabase({ name, storage: getRxStorageDexie({ indexedDB, IDBKeyRange }), multiInstance: false });
  const schemas: Record<string, { schema: RxJsonSchema<object>; migrationStrategies: Record<number, (doc: unknown) => unknown> }> = {};
  for (const c of options.collections) schemas[c] = { schema: collections[c].schema as unknown as RxJsonSchema<object>, migrationStrategies: schemaMigrations[c] };
  await db.addCollections(schemas);

  const doFetch: FetchFn = options.fetch ?? ((url, init) => fetch(url, init));
  const auth = { authorization: `Bearer ${options.token}` };
  const resync = new Map<CollectionName, Subject<'RESYNC'>>();
  const replications = new Map<CollectionName, RxReplicationState<object, { seq: number }>>();
  const closers: (() => void)[] = [];

  for (const c of options.collections) {
    const owner = collections[c].owner;
    const stream = new Subject<'RESYNC'>();
    resync.set(c, stream);
    const backpressure = new PullBackpressure(db.collections[c] as RxCollection);
    closers.push(() => backpressure.close());
    const rep = replicateRxCollection<object, { seq: number }>({
      replicationIdentifier: `aisle-${c}-${options.url}`,
      collection: db.collections[c] as RxCollection<object>,
      live: true,
      retryTime: options.retryTime ?? 200,
      waitForLeadership: false,
      ...(owner === 'server'
        ? {
            pull: {
              batchSize: options.pullBatchSize ?? 1000,
              stream$: stream.asObservable(),
              handler: async (checkpoint, batchSize) => {
                await backpressure.ready();
                const q = checkpoint ? `&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}` : '';
                const res = await doFetch(`${options.url}/api/sync/${c}/pull?limit=${batchSize}${q}`, { headers: auth });
                if (!res.ok) throw new SyncHttpError(res.status, `pull ${c}: HTTP ${res.status}`);
                const page = (await res.json()) as { documents: never[]; checkpoint: { seq: number } };
                // A full page means more follow: let this one be stored before fetching the next.
                if (page.documents.length === batchSize) backpressure.expect(page.documents.length);
                return page;
              },
            },
          }
        : {
            push: {
              batchSize: options.pushBatchSize ?? 100,
              handler: async (rows) => {
                const res = await doFetch(`${options.url}/api/sync/${c}/push`, {
                  method: 'POST',
                  headers: { ...auth, 'content-type': 'application/json' },
                  body: JSON.stringify(rows),
                });
                if (!res.ok) throw new SyncHttpError(res.status, `push ${c}: HTTP ${res.status}`);
                return (await res.json()) as never[];
              },
            },
          }),
    });
    replications.set(c, rep);
  }

  let es: EventSource | undefined;
  if (options.stream !== false) {
    es = new EventSource(`${options.url}/api/sync/stream?token=${encodeURIComponent(options.token)}`);
    es.onmessage = (ev: MessageEvent<string>) => {
      const data = JSON.parse(ev.data) as 'RESYNC' | { collection: CollectionName };
      if (data === 'RESYNC') for (const s of resync.values()) s.next('RESYNC');
      else resync.get(data.collection)?.next('RESYNC');
    };
  }

  return {
    db,
    replications,
    collection: (c) => db.collections[c] as RxCollection,
    async rawDocs<T>(c: CollectionName, ids: readonly string[]): Promise<T[]> {
      const col = db.collections[c] as RxCollection;
      return (await col.storageInstance.findDocumentsById([...ids], false)) as unknown as T[];
    },
    async inSync() {
      await Promise.all([...replications.values()].map((r) => r.awaitInSync()));
    },
    async close() {
      es?.close();
      for (const close of closers) close();
      for (const s of resync.values()) s.complete();
      await Promise.all([...replications.values()].map((r) => r.cancel()));
      await db.remove();
    },
  };
}
