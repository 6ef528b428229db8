// The POS catalog a push checks sales against is kept per process while pos_catalog_version
// (migration 132) is unchanged: every change of what is kept must be seen by the next push, and a
// product's cost — never kept — is always the current one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../sync-server/db/db.ts';
import { loadPosCatalog } from '../../sync-server/pos/catalog-lookup.ts';
import { createTestDb, testDrivers, type TestDb } from '../support/test-db.ts';

async function seed(db: Db, name: string): Promise<void> {
  await db.query(`INSERT INTO sites (id, code, name, kind, cash_rounding) VALUES ('s1', 'S1', 'Store', 'store', 5)`);
  await db.query(`INSERT INTO taxes (id, name, rate) VALUES ('vat', 'VAT', 20), ('eco', 'Eco', 1)`);
  await db.query(`INSERT INTO tenders (id, method, label, is_cash) VALUES ('t-cash', 'cash', 'Cash', true), ('t-card', 'card', 'Card', false)`);
  await db.query(`INSERT INTO products (id, sku, name, price, cost, category) VALUES ('p1', 'SKU1', $1, 1000, 500, 'Food')`, [name]);
  await db.query(`INSERT INTO product_taxes (product_id, tax_id) VALUES ('p1', 'vat')`);
}

const version = async (db: Db): Promise<string> => ((await db.query<{ v: string }>('SELECT v FROM pos_catalog_version'))[0] as { v: string }).v;
const load = (db: Db) => loadPosCatalog(db, ['p1', 'p2'], ['s1']);

describe.each(testDrivers)('the POS catalog kept per process on $kind', ({ kind, skip }) => {
  let a: TestDb | undefined;
  let b: TestDb | undefined;
  beforeAll(async () => {
    if (skip) return;
    a = await createTestDb(kind, { poolSize: 2 });
    b = await createTestDb(kind, { poolSize: 2 });
    await seed(a.db, 'Apples');
    await seed(b.db, 'Pears');
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it.skipIf(skip)('reads each change of what it keeps, and always the current cost', async () => {
    const db = (a as TestDb).db;
    let c = await load(db);
    expect(c.products.get('p1')).toMatchObject({ name: 'Apples', price: 1000, cost: 500, category: 'Food', taxIds: ['vat'] });
    expect(c.products.has('p2')).toBe(false);
    expect(c.cashTenders).toEqual(new Set(['cash']));
    expect(c.cashRounding.get('s1')).toBe(5);

    // A receipt changes the cost only: the version stays, the cost is read anyway.
    const before = await version(db);
    await db.query('UPDATE products SET cost = 700, updated_at = now() WHERE id = $1', ['p1']);
    expect(await version(db)).toBe(before);
    expect((await load(db)).products.get('p1')?.cost).toBe(700);

    await db.query('UPDATE products SET price = 1200 WHERE id = $1', ['p1']);
    expect(await version(db)).not.toBe(before);
    expect((await load(db)).products.get('p1')?.price).toBe(1200);

    await db.query(`INSERT INTO product_taxes (product_id, tax_id, position) VALUES ('p1', 'eco', 1)`);
    expect((await load(db)).products.get('p1')?.taxIds).toEqual(['vat', 'eco']);

    await db.query(`UPDATE taxes SET rate = 10 WHERE id = 'vat'`);
    c = await load(db);
    expect(c.taxes.get('vat')?.rates.map((r) => r.value)).toContain(10);

    await db.query(`UPDATE tenders SET is_cash = true WHERE id = 't-card'`);
    expect((await load(db)).cashTenders).toEqual(new Set(['cash', 'card']));

    // A product that did not exist is read once it does (absence is never kept).
    await db.query(`INSERT INTO products (id, sku, name, price, cost) VALUES ('p2', 'SKU2', 'Plums', 300, 100)`);
    expect((await load(db)).products.get('p2')).toMatchObject({ name: 'Plums', price: 300, cost: 100 });

    // Sites are read every time (their rounding is not kept).
    await db.query(`UPDATE sites SET cash_rounding = 10 WHERE id = 's1'`);
    expect((await load(db)).cashRounding.get('s1')).toBe(10);
  });

  it.skipIf(skip)('keeps each database apart in one process', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await load((a as TestDb).db)).products.get('p1')?.name).toBe('Apples');
      expect((await load((b as TestDb).db)).products.get('p1')?.name).toBe('Pears');
    }
  });
});
