// Writes server documents straight into a pulled collection's storage, for the first load of a
// collection (first-load.ts). RxDB's own write path reads every document before writing it (its
// conflict check) and the replication adds its own bookkeeping per page: on 100k products that is
// most of the first sync. On the Dexie storage this writes one IndexedDB bulkPut into the
// collection's own table, in the stored form RxDB's Dexie storage uses (`_deleted` as '0'/'1'
// because IndexedDB cannot index booleans, `_meta.lwt`, `_rev`, `_attachments`), and emits the
// change events RxDB's bulkWrite would: collection observers, RxDB's document and query caches and
// other windows (RxDB's BroadcastChannel) see the documents as if RxDB had written them. Any other
// storage, or a Dexie storage that does not look as expected, goes through the storage instance's
// bulkWrite. Only for server-owned collections, written by their one replication in the leader
// window: a document is stored as the server sent it, whatever the device held.
import type { Dexie, Table } from 'dexie';
import { now, randomToken, type BulkWriteRow, type EventBulk, type RxCollection, type RxDocumentData, type RxStorageChangeEvent, type WithDeleted } from 'rxdb';

type Doc = Record<string, unknown>;
type StoredDoc = RxDocumentData<Doc>;
type ChangeEvent = RxStorageChangeEvent<StoredDoc>;

export const STORED_WRITE_CONTEXT = 'aisle-first-load';

export class StoredWriteError extends Error {
  readonly code = 'stored-write-failed';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoredWriteError';
  }
}

export interface StoredWriter {
  /** Whether the direct Dexie path is used (false: the storage instance's bulkWrite). */
  readonly direct: boolean;
  /** Nothing is stored, not even deleted documents. */
  isEmpty(): Promise<boolean>;
  /**
   * Stores the documents as the server sent them (insert or overwrite). `mayBeStored(id)` false
   * says the document is known to be absent, so the stored version is not read first.
   */
  put(docs: readonly WithDeleted<Doc>[], mayBeStored: (id: string) => boolean): Promise<void>;
}

interface DexieInternals {
  dexieDb: Dexie;
  dexieTable: Table<Doc, string>;
  booleanIndexes: string[];
}

interface DexieTarget extends DexieInternals {
  emit(bulk: EventBulk<ChangeEvent, unknown>): void;
}

function revHeight(rev: unknown): number {
  return typeof rev === 'string' ? Number.parseInt(rev, 10) || 0 : 0;
}

/** The Dexie table and change subject behind a collection, or null when they are not as expected. */
async function dexieTarget(collection: RxCollection<Doc>): Promise<DexieTarget | null> {
  const instance = collection.storageInstance as unknown as { internals?: unknown; originalStorageInstance?: { changes$?: { next?: unknown } } };
  const changes$ = instance.originalStorageInstance?.changes$;
  const schema = collection.schema.jsonSchema;
  if (collection.database.storage.name !== 'dexie' || !(instance.internals instanceof Promise) || typeof changes$?.next !== 'function') return null;
  if (schema.keyCompression || schema.attachments) return null;
  const internals = (await instance.internals) as Partial<DexieInternals> | null;
  if (!internals?.dexieDb || !internals.dexieTable || !Array.isArray(internals.booleanIndexes)) return null;
  // Nested boolean indexes are stored differently; none of Aisle's schemas has one.
  if (internals.booleanIndexes.some((path) => path.includes('.') || path.startsWith('|'))) return null;
  const subject = changes$ as { next(bulk: EventBulk<ChangeEvent, unknown>): void };
  return {
    dexieDb: internals.dexieDb,
    dexieTable: internals.dexieTable,
    booleanIndexes: internals.booleanIndexes,
    emit: (bulk) => subject.next(bulk),
  };
}

/** The change event RxDB's bulkWrite emits for this write (none for a deleted document that was not stored). */
function changeEvent(id: string, doc: StoredDoc, previous: StoredDoc | undefined): ChangeEvent | null {
  if (doc._deleted) return previous ? { documentId: id, operation: 'DELETE', documentData: doc, previousDocumentData: previous } : null;
  if (!previous || previous._deleted) return { documentId: id, operation: 'INSERT', documentData: doc, previousDocumentData: undefined };
  return { documentId: id, operation: 'UPDATE', documentData: doc, previousDocumentData: previous };
}

function directWriter(collection: RxCollection<Doc>, target: DexieTarget): StoredWriter {
  const primary = collection.schema.primaryPath as string;
  const token = collection.database.token;
  const { dexieDb, dexieTable, booleanIndexes } = target;
  const toDexie = (doc: StoredDoc): Doc => {
    const row: Doc = { ...doc };
    for (const path of booleanIndexes) row[path] = doc[path] ? '1' : '0';
    return row;
  };
  const fromDexie = (row: Doc): StoredDoc => {
    const doc: Doc = { ...row };
    for (const path of booleanIndexes) doc[path] = row[path] === '1';
    return doc as StoredDoc;
  };
  return {
    direct: true,
    isEmpty: async () => (await dexieTable.count()) === 0,
    async put(docs, mayBeStored) {
      if (docs.length === 0) return;
      const lwt = now();
      const events: ChangeEvent[] = [];
      let newest: StoredDoc | undefined;
      await collection.database.lockedRun(() =>
        dexieDb.transaction('rw', dexieTable, async () => {
          const lookup = docs.map((d) => String(d[primary])).filter(mayBeStored);
          const stored = new Map<string, StoredDoc>();
          if (lookup.length > 0) {
            for (const row of await dexieTable.bulkGet(lookup)) if (row) stored.set(String(row[primary]), fromDexie(row));
          }
          const rows = docs.map((d) => {
            const id = String(d[primary]);
            const previous = stored.get(id);
            const doc = { ...d, _deleted: d._deleted === true, _meta: { lwt }, _rev: `${revHeight(previous?._rev) + 1}-${token}`, _attachments: {} } as StoredDoc;
            const event = changeEvent(id, doc, previous);
            if (event) events.push(event);
            newest = doc;
            return toDexie(doc);
          });
          await dexieTable.bulkPut(rows);
        }),
      );
      if (events.length > 0 && newest) {
        target.emit({ id: randomToken(10), events, checkpoint: { id: newest[primary], lwt }, context: STORED_WRITE_CONTEXT });
      }
    },
  };
}

/** Through RxDB's storage instance: the same result, with RxDB's read-before-write cost. */
function bulkWriteWriter(collection: RxCollection<Doc>): StoredWriter {
  const primary = collection.schema.primaryPath as string;
  const storage = collection.storageInstance;
  return {
    direct: false,
    isEmpty: async () => false,
    async put(docs) {
      if (docs.length === 0) return;
      const ids = docs.map((d) => String(d[primary]));
      const stored = new Map((await storage.findDocumentsById(ids, true)).map((d) => [String(d[primary]), d]));
      const rows: BulkWriteRow<Doc>[] = docs.map((d) => {
        const previous = stored.get(String(d[primary]));
        // _meta and _rev are set by the storage wrapper for every written row.
        const document = { ...d, _deleted: d._deleted === true, _meta: { lwt: now() }, _rev: '', _attachments: {} } as StoredDoc;
        return previous ? { previous, document } : { document };
      });
      const result = await storage.bulkWrite(rows, STORED_WRITE_CONTEXT);
      if (result.error.length > 0) {
        const [first] = result.error;
        throw new StoredWriteError(`${result.error.length} of ${rows.length} ${collection.name} documents not stored (first: ${first?.documentId} status ${first?.status})`);
      }
    },
  };
}

export async function storedWriter(collection: RxCollection<Doc>): Promise<StoredWriter> {
  const target = await dexieTarget(collection);
  return target ? directWriter(collection, target) : bulkWriteWriter(collection);
}
