// Issue 12 point 6: the demo data has weighed products with price- and weight-embedded scale
// barcodes. Seeds, takes the product documents a till receives, and resolves one demo price label
// and one weight label with the till's own scan resolution: right product, quantity and price.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../shared/schemas/index.ts';
import { buildCatalogIndex, type CatalogIndex } from '../../renderer/catalog/catalog-index.ts';
import { resolveScan } from '../../renderer/till/scan-resolve.ts';
import { DEMO_WEIGHED, demoScaleBarcodes } from '../../sync-server/seed/demo-weighed.ts';
import { seedDemo } from '../../sync-server/seed/demo-seed.ts';
import { createTestDb, testDrivers, type TestDb } from '../support/test-db.ts';

describe.each(testDrivers)('weighed demo products on $kind', ({ kind, skip }) => {
  let t: TestDb;
  let index: CatalogIndex;
  let products: Product[];

  beforeAll(async () => {
    if (skip) return;
    t = await createTestDb(kind);
    await seedDemo(t.db, { products: 300 });
    const rows = await t.db.query<{ doc: Product }>(`SELECT doc FROM replicated_docs WHERE collection = 'products' AND NOT deleted`);
    products = rows.map((r) => r.doc);
    index = buildCatalogIndex(products);
  });
  afterAll(async () => {
    await t?.close();
  });

  it.skipIf(skip)('sells by the kg, with a price label and a weight label the till resolves', async () => {
    const weighed = products.filter((p) => DEMO_WEIGHED.some((d) => d.name === p.name));
    expect(weighed.map((p) => [p.name, p.unit, p.price]).sort()).toEqual(DEMO_WEIGHED.map((d) => [d.name, 'kg', d.pricePerKg]).sort());

    const [apples, cheese] = DEMO_WEIGHED;
    if (!apples || !cheese) throw new Error('fewer than two weighed demo products');
    // 750 g of apples at 3.20/kg: a price label of 2.40, read as 0.750 kg at the catalog's 3.20/kg.
    const applesLabel = demoScaleBarcodes(apples, 750);
    expect(applesLabel.price).toMatch(/^200000100240\d$/);
    const byPrice = resolveScan(applesLabel.price, index);
    expect(byPrice).toMatchObject({ kind: 'add', product: { name: 'Loose Apples', unit: 'kg', price: 320 }, qty: 0.75 });
    expect(byPrice).not.toHaveProperty('unitPrice');
    // 412 g of cheese: a weight label; the price is the product's per kg.
    const cheeseLabel = demoScaleBarcodes(cheese, 412);
    expect(cheeseLabel.weight).toMatch(/^210000200412\d$/);
    expect(resolveScan(cheeseLabel.weight, index)).toMatchObject({ kind: 'add', product: { name: 'Comté Cheese', unit: 'kg', price: 2490 }, qty: 0.412 });
    expect(resolveScan(cheeseLabel.weight, index)).not.toHaveProperty('unitPrice');
  });

  it.skipIf(skip)('keeps the regular EAN-13 of the weighed products and of everything else', async () => {
    const [row] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM product_barcodes WHERE barcode LIKE '0400%'`);
    expect(row?.n).toBe(300);
    const [scale] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM product_barcodes WHERE barcode LIKE '020%' OR barcode LIKE '021%'`);
    expect(scale?.n).toBe(2 * DEMO_WEIGHED.length);
  });
});
