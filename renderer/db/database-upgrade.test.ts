// A till updated to a new schema version opens its existing local database and keeps every
// stored sale and session event as it was (sealed documents never change), instead of failing
// to open with RxDB's schema-mismatch error.
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { createRxDatabase, type RxJsonSchema } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { describe, expect, it } from 'vitest';
import { configEntrySchema, customerSchema, saleSchema, sessionEventSchema } from '../../shared/schemas/index.ts';
import { openTillDatabase } from './database.ts';

/** The schema as a till of the previous version stored it: version 0, without the fields added since. */
function previous<T extends { version: number; properties: Record<string, unknown> }>(schema: T, added: string[]): RxJsonSchema<object> {
  const properties = Object.fromEntries(Object.entries(schema.properties).filter(([k]) => !added.includes(k)));
  return { ...schema, version: 0, properties } as unknown as RxJsonSchema<object>;
}

describe('the till database after an update', () => {
  it('opens a database written by the previous version and keeps its sales and session events', async () => {
    const name = `upgrade-${Date.now()}`;
    const storage = getRxStorageDexie({ indexedDB, IDBKeyRange });
    const old = await createRxDatabase({ name, storage, multiInstance: false });
    await old.addCollections({
      sales: { schema: previous(saleSchema, ['voidedPayments', 'rounding', 'couponCodes']) },
      sessions: { schema: previous(sessionEventSchema, ['approvedBy']) },
      config: { schema: previous(configEntrySchema, []) },
      customers: { schema: previous(customerSchema, ['groupId']) },
    });
    const sale = {
      id: '0193a000-0000-7000-8000-000000000001', kind: 'sale', tillId: 't1', siteId: 's1', sessionId: 'sess1', cashierId: 'u1', seq: 1, receiptNo: 'T1-1',
      createdAt: '2026-12-01T10:00:00.000Z', currency: 'EUR', lines: [], payments: [], total: 0, prevHash: '0'.repeat(64), hash: 'a'.repeat(64),
    };
    const open = { id: '0193a000-0000-7000-8000-000000000002', kind: 'open', tillId: 't1', siteId: 's1', sessionId: 'sess1', cashierId: 'u1', createdAt: '2026-12-01T09:00:00.000Z', amount: 10000 };
    await old.collections.sales?.insert(sale);
    await old.collections.sessions?.insert(open);
    const site = { id: 's1', kind: 'site', data: { code: 'S1', name: 'Store', kind: 'store', currency: 'EUR' }, updatedAt: '2026-12-01T08:00:00.000Z' };
    const customer = { id: 'c1', name: 'Ada', business: false, updatedAt: '2026-12-01T08:00:00.000Z' };
    await old.collections.config?.insert(site);
    await old.collections.customers?.insert(customer);
    await old.close();

    const db = await openTillDatabase(name, { indexedDB, keyRange: IDBKeyRange });
    try {
      const stored = (await db.sales.findOne(sale.id).exec())?.toJSON();
      expect(stored).toMatchObject(sale);
      expect((await db.sessions.findOne(open.id).exec())?.toJSON()).toMatchObject(open);
      expect((await db.config.findOne(site.id).exec())?.toJSON()).toMatchObject(site);
      expect((await db.customers.findOne(customer.id).exec())?.toJSON()).toMatchObject(customer);
    } finally {
      await db.close();
    }
  });
});
