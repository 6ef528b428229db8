// Searches by name find a name however its accents and case are typed (migration 120, aisle_fold:
// unaccent and lower on both sides of the LIKE): the back office's products, customers, reorder
// rules and purchase orders, and the stock report's product search. The products' name prefix
// search keeps its index. Both drivers: PGlite loads the unaccent extension (pglite-driver.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productSearch } from '../../sync-server/admin/catalog.ts';
import { explain } from '../support/explain.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const PRODUCTS = ['Éclair au chocolat', 'Crème brûlée', 'Straßenbrot', 'Œufs frais x6', 'eclipse sunglasses', 'Cream cheese'];

describe.each(testDrivers)('searches by name fold accents on $kind', ({ kind, skip }) => {
  let s: TestServer;
  let admin: string;
  let manager: string;
  const ids = new Map<string, string>();
  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: 5 });
    admin = await s.login('admin', 'admin');
    manager = await s.login('manager', 'manager');
    for (const [i, name] of PRODUCTS.entries()) {
      const res = await s.api('/api/admin/products', { token: admin, body: { sku: `ACC-${i}`, name, price: 100 } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids.set(name, (res.body as { id: string }).id);
    }
  });
  afterAll(async () => {
    await s?.close();
  });

  const productNames = async (q: string): Promise<string[]> => {
    const res = await s.api(`/api/admin/products?q=${encodeURIComponent(q)}`, { token: admin });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body as { products: { name: string }[] }).products.map((p) => p.name);
  };

  it.skipIf(skip)('the product list: a name typed without its accents, in any case, or with them', async () => {
    expect(await productNames('eclair')).toEqual(['Éclair au chocolat']);
    expect(await productNames('ECLA')).toEqual(['Éclair au chocolat']);
    expect(await productNames('écl')).toEqual(['Éclair au chocolat', 'eclipse sunglasses']);
    expect(await productNames('creme brulee')).toEqual(['Crème brûlée']);
    expect(await productNames('Crème')).toEqual(['Crème brûlée']);
    expect(await productNames('strassen')).toEqual(['Straßenbrot']);
    expect(await productNames('oeufs')).toEqual(['Œufs frais x6']);
    // Still a prefix search, and LIKE's signs are taken literally.
    expect(await productNames('chocolat')).toEqual([]);
    expect(await productNames('%clair')).toEqual([]);
  });

  it.skipIf(skip)('the products\' name search keeps its index', async () => {
    const { where, params } = productSearch('eclair', false);
    const plan = await s.db.transaction(async (tx) => {
      // The table is small: without this the planner would rightly read it whole.
      await tx.query('SET LOCAL enable_seqscan = off');
      return explain(tx, `SELECT p.id FROM products p WHERE ${where}`, '(COSTS OFF)', params);
    });
    expect(plan).toMatch(/products_folded_name/);
  });

  it.skipIf(skip)('customers, reorder rules, purchase orders and the stock report', async () => {
    await s.db.query('INSERT INTO customers (id, name, email) VALUES ($1, $2, $3), ($4, $5, $6)', ['cust-jose', 'José Álvarez', 'jose@example.com', 'cust-joss', 'Joss Stone', 'joss@example.com']);
    const customers = (await s.api('/api/admin/customers?q=JOSE%20AL', { token: admin })).body as { customers: { name: string }[] };
    expect(customers.customers.map((c) => c.name)).toEqual(['José Álvarez']);

    const eclair = ids.get('Éclair au chocolat') ?? '';
    const rule = await s.api('/api/reorder-rules', { method: 'PUT', token: manager, body: { warehouse: 'WH1', productId: eclair, min: 2, max: 10 } });
    expect(rule.status, JSON.stringify(rule.body)).toBe(200);
    const rules = (await s.api('/api/reorder-rules?q=eclair', { token: manager })).body as { rules: { product: { name: string } }[] };
    expect(rules.rules.map((r) => r.product.name)).toEqual(['Éclair au chocolat']);

    const po = await s.api('/api/purchase-orders', { token: manager, body: { supplier: 'Pâtisserie Lenôtre', warehouse: 'WH1', lines: [{ productId: eclair, qty: 10 }] } });
    expect(po.status, JSON.stringify(po.body)).toBe(201);
    const pos = (await s.api('/api/purchase-orders?q=lenotre', { token: manager })).body as { purchaseOrders: { supplier: string }[] };
    expect(pos.purchaseOrders.map((p) => p.supplier)).toEqual(['Pâtisserie Lenôtre']);

    const stock = (await s.api('/api/reports/stock/product?q=brulee', { token: manager })).body as { matches: { name: string }[] };
    expect(stock.matches.map((m) => m.name)).toEqual(['Crème brûlée']);
  });
});
