// Lists of names in the back office come in the order people read them (migration 119, collation
// aisle_names): accents and case second to the letters, numbers as numbers. The test databases
// use the C collation, which orders by code point — "Éclair" after "Zucchini", "M10" before "M8".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

// In the order a reader expects them.
const NAMES = ['apple pie', 'Apple Tart', 'Éclair au chocolat', 'éclair vanille', 'Eel, smoked', 'Screw M8', 'Screw M10', 'Size 9 boots', 'Size 10 boots', 'Yaourt nature', 'Zèbre gummies', 'Zucchini'];

describe.each(testDrivers)('names in reading order on $kind', ({ kind, skip }) => {
  let s: TestServer;
  let admin: string;
  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: 5 });
    admin = await s.login('admin', 'admin');
  });
  afterAll(async () => {
    await s?.close();
  });

  it.skipIf(skip)('the product list, whatever order they were made in', async () => {
    for (const [i, name] of [...NAMES].reverse().entries()) {
      const res = await s.api('/api/admin/products', { token: admin, body: { sku: `ORD-${i}`, name, price: 1 } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const page = (await s.api('/api/admin/products?q=ord-', { token: admin })).body as { products: { name: string }[] };
    expect(page.products.map((p) => p.name)).toEqual(NAMES);
    // Paged, the order holds across pages.
    const first = (await s.api('/api/admin/products?q=ord-&limit=5', { token: admin })).body as { products: { name: string }[] };
    const rest = (await s.api('/api/admin/products?q=ord-&limit=20&offset=5', { token: admin })).body as { products: { name: string }[] };
    expect([...first.products, ...rest.products].map((p) => p.name)).toEqual(NAMES);
  });

  it.skipIf(skip)('customers and customer groups', async () => {
    for (const [i, name] of [...NAMES].reverse().entries()) {
      await s.db.query('INSERT INTO customers (id, name, email) VALUES ($1, $2, $3)', [`cust-order-${i}`, name, `order-${i}@example.com`]);
      const res = await s.api('/api/admin/customer-groups', { token: admin, body: { name: `${name} club` } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const page = (await s.api('/api/admin/customers?q=order-&limit=50', { token: admin })).body as { customers: { name: string }[] };
    expect(page.customers.map((c) => c.name)).toEqual(NAMES);
    const { groups } = (await s.api('/api/admin/customer-groups', { token: admin })).body as { groups: { name: string }[] };
    const names = groups.map((g) => g.name).filter((n) => n.endsWith(' club'));
    expect(names).toEqual(NAMES.map((n) => `${n} club`));
  });
});
