import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { createRxDatabase, type RxChangeEventBulk, type RxCollection, type WithDeleted } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { productSchema, type Product } from '../../shared/schemas/index.ts';
import { openTillDatabase } from './database.ts';
import { storedWriter, STORED_WRITE_CONTEXT } from './stored-write.ts';

type Doc = Record<string, unknown>;

function product(i: number, changes: Partial<WithDeleted<Product>> = {}): WithDeleted<Doc> {
  const doc: WithDeleted<Product> = {
    id: `p-${String(i).padStart(4, '0')}`, sku: `SKU-${i}`, name: `Product ${i}`, barcodes: [`0${String(4000000000000 + i)}`],
    price: 100 + i, priceIncludesTax: true, cost: 50, taxIds: ['vat'], category: 'misc', unit: 'unit', tracking: 'none',
    active: true, updatedAt: '2026-01-01T00:00:00.000Z', _deleted: false, ...changes,
  };
  return { ...doc };
}

const opened: { remove(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.remove();
});

async function dexieProducts(): Promise<RxCollection<Doc>> {
  const db = await openTillDatabase(`stored-write-${Date.now()}-${Math.random().toString(36).slice(2)}`, { indexedDB, keyRange: IDBKeyRange });
  opened.push(db);
  return db.products as unknown as RxCollection<Doc>;
}

async function memoryProducts(): Promise<RxCollection<Doc>> {
  const db = await createRxDatabase({ name: `stored-write-mem-${Date.now()}`, storage: getRxStorageMemory(), multiInstance: false });
  opened.push(db);
  await db.addCollections({ products: { schema: productSchema } });
  return db.products as RxCollection<Doc>;
}

describe.each([
  { storage: 'Dexie (direct IndexedDB write)', open: dexieProducts, direct: true },
  { storage: 'memory (storage bulkWrite)', open: memoryProducts, direct: false },
])('writing server documents straight into storage on $storage', ({ open, direct }) => {
  it('stores documents RxDB reads back, by id and through its indexes, and announces them as RxDB would', async () => {
    const products = await open();
    const bulks: RxChangeEventBulk<unknown>[] = [];
    const sub = products.eventBulks$.subscribe((b) => bulks.push(b));
    const writer = await storedWriter(products);
    expect(writer.direct).toBe(direct);
    if (direct) expect(await writer.isEmpty()).toBe(true);

    await writer.put(Array.from({ length: 30 }, (_, i) => product(i)), () => false);
    expect(await products.count().exec()).toBe(30);
    expect((await products.findOne('p-0007').exec())?.toJSON()).toMatchObject({ sku: 'SKU-7', price: 107 });
    // The schema's sku index ([_deleted+sku+id] on Dexie) must hold the directly written rows.
    expect((await products.find({ selector: { sku: 'SKU-12' } }).exec()).map((d) => d.primary)).toEqual(['p-0012']);
    expect(await writer.isEmpty()).toBe(false);
    const inserts = bulks.flatMap((b) => b.events);
    expect(inserts).toHaveLength(30);
    expect(inserts.every((e) => e.operation === 'INSERT')).toBe(true);

    // Overwrite one, delete another: UPDATE and DELETE with the previous state, like RxDB's bulkWrite.
    bulks.length = 0;
    await writer.put([product(3, { price: 999 }), product(4, { _deleted: true })], () => true);
    const events = bulks.flatMap((b) => b.events);
    expect(events.map((e) => [e.documentId, e.operation])).toEqual([['p-0003', 'UPDATE'], ['p-0004', 'DELETE']]);
    expect((events[0]?.previousDocumentData as { price?: number } | undefined)?.price).toBe(103);
    expect(bulks.every((b) => b.context === (direct ? STORED_WRITE_CONTEXT : b.context))).toBe(true);
    const updated = await products.findOne('p-0003').exec();
    expect(updated?.toJSON()).toMatchObject({ price: 999 });
    expect(updated?.revision.startsWith('2-')).toBe(true);
    expect(await products.findOne('p-0004').exec()).toBeNull();
    expect(await products.count().exec()).toBe(29);
    expect(await products.find({ selector: { sku: 'SKU-4' } }).exec()).toHaveLength(0);

    // An RxDB write on top of a directly written document passes RxDB's revision check.
    await updated?.incrementalPatch({ price: 1000 });
    expect((await products.findOne('p-0003').exec())?.toJSON()).toMatchObject({ price: 1000 });
    sub.unsubscribe();
  });
});
