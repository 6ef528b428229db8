import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import type { WithDeleted } from 'rxdb';
import { afterEach, describe, expect, it } from 'vitest';
import type { Customer } from '../../shared/schemas/index.ts';
import { openTillDatabase, type TillDatabase } from '../db/database.ts';
import { storedWriter } from '../db/stored-write.ts';
import { searchLocalCustomers, useCustomerStore, watchCustomers } from './customer-store.ts';

const customer = (id: string, name: string, extra: Partial<Customer> = {}): Customer => ({ id, name, business: false, updatedAt: '2026-01-01T00:00:00.000Z', ...extra });

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});

async function till(): Promise<TillDatabase> {
  const db = await openTillDatabase(`customer-store-${Date.now()}-${Math.random().toString(36).slice(2)}`, { indexedDB, keyRange: IDBKeyRange });
  cleanup.push(() => db.remove());
  return db;
}

function watch(db: TillDatabase, options: Parameters<typeof watchCustomers>[1] = {}): void {
  const stop = watchCustomers(db, options);
  cleanup.push(async () => stop());
}

const names = async (query: string): Promise<string[]> => (await searchLocalCustomers(query, 'FR')).map((c) => c.name);

/** Resolves when the store has seen a change after `version`. */
async function changedSince(version: number): Promise<void> {
  await expect.poll(() => useCustomerStore.getState().version).toBeGreaterThan(version);
}

describe('till customer store', () => {
  it('reads the stored customers at the first search, and finds one inserted, changed or deleted afterwards without reading them again', async () => {
    const db = await till();
    await db.customers.bulkInsert([customer('c1', 'Ada Lovelace', { phone: '+33 6 12 34 56 78' }), customer('c2', 'Grace Hopper')]);
    watch(db);
    expect(useCustomerStore.getState().index).toBeNull();
    expect(await names('12 34 56')).toEqual(['Ada Lovelace']);
    const read = useCustomerStore.getState().index;
    expect(read?.size).toBe(2);

    let version = useCustomerStore.getState().version;
    await db.customers.insert(customer('c3', 'Ada Byron'));
    await changedSince(version);
    expect(await names('ada')).toEqual(['Ada Lovelace', 'Ada Byron']);

    version = useCustomerStore.getState().version;
    await (await db.customers.findOne('c1').exec())?.incrementalPatch({ name: 'Augusta King' });
    await changedSince(version);
    expect(await names('ada')).toEqual(['Ada Byron']);
    expect(await names('augusta')).toEqual(['Augusta King']);

    version = useCustomerStore.getState().version;
    await (await db.customers.findOne('c2').exec())?.remove();
    await changedSince(version);
    expect(await names('grace')).toEqual([]);
    // Kept up to date in place, never read from storage again.
    expect(useCustomerStore.getState().index).toBe(read);
  });

  it('follows the replication’s writes: a page of new customers, and a customer merged away on the server arriving deleted', async () => {
    const db = await till();
    watch(db, { loadAfter: Promise.resolve() });
    await expect.poll(() => useCustomerStore.getState().index).not.toBeNull();
    const writer = await storedWriter(db.customers as unknown as Parameters<typeof storedWriter>[0]);
    let version = useCustomerStore.getState().version;
    const page: WithDeleted<Record<string, unknown>>[] = Array.from({ length: 300 }, (_, i) => ({ ...customer(`c${String(i).padStart(3, '0')}`, `Customer ${i}`), _deleted: false }));
    page.push({ ...customer('keep', 'Ada Lovelace', { email: 'ada@example.com' }), _deleted: false }, { ...customer('dup', 'Ada L.', { email: 'ada.l@example.com' }), _deleted: false });
    await writer.put(page, () => false);
    await changedSince(version);
    expect(useCustomerStore.getState().index?.size).toBe(302);
    expect(await names('ada')).toEqual(['Ada L.', 'Ada Lovelace']);

    version = useCustomerStore.getState().version;
    await writer.put([{ ...customer('dup', 'Ada L.', { email: 'ada.l@example.com' }), _deleted: true }], () => true);
    await changedSince(version);
    expect(await names('ada')).toEqual(['Ada Lovelace']);
    expect(useCustomerStore.getState().index?.size).toBe(301);
  });

  it('keeps the changes made while it reads the stored customers', async () => {
    const db = await till();
    await db.customers.bulkInsert(Array.from({ length: 500 }, (_, i) => customer(`c${String(i).padStart(3, '0')}`, `Customer ${i}`)));
    // The read is held until the changes are written (and announced) behind its back.
    const storage = db.customers.storageInstance;
    const query = storage.query.bind(storage);
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    storage.query = async (q) => {
      const result = await query(q);
      await held;
      return result;
    };
    watch(db);
    const first = searchLocalCustomers('customer 49', 'FR');
    await db.customers.insert(customer('new', 'Ada Lovelace'));
    await (await db.customers.findOne('c000').exec())?.remove();
    release();
    expect((await first).length).toBeGreaterThan(0);
    await expect.poll(() => names('ada')).toEqual(['Ada Lovelace']);
    expect(useCustomerStore.getState().index?.byId('c000')).toBeUndefined();
    expect(useCustomerStore.getState().index?.size).toBe(500);
  });
});
