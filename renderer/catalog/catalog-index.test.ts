import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Product } from '../../shared/schemas/index.ts';
import { buildCatalogIndex, withChangedProducts } from './catalog-index.ts';

function product(id: number, name: string, barcode: string, sku = `SKU-${id}`): Product {
  return {
    id: `p${id}`, sku, name, barcodes: [barcode], price: 100 + id, priceIncludesTax: true, cost: 50,
    taxIds: [], category: 'c', unit: 'unit', tracking: 'none', active: true, updatedAt: '2026-01-01T00:00:00Z',
  };
}

describe('catalog index', () => {
  const products = [
    product(1, 'Organic Whole Milk 1L', '04006381333931'),
    product(2, 'Crème fraîche 200g', '05901234123457'),
    product(3, 'Milk chocolate bar', '00012345678905', 'CHOC-1'),
  ];
  const index = buildCatalogIndex(products);

  it('finds a product by its GTIN-14 barcode', () => {
    expect(index.byBarcode('04006381333931')?.id).toBe('p1');
    expect(index.byBarcode('00000000000000')).toBeUndefined();
  });

  it('searches as you type by name prefix, several words, accents, SKU and printed barcode', () => {
    expect(index.search('mil').map((p) => p.id).sort()).toEqual(['p1', 'p3']);
    expect(index.search('milk choc').map((p) => p.id)).toEqual(['p3']);
    expect(index.search('creme').map((p) => p.id)).toEqual(['p2']);
    expect(index.search('choc-1').map((p) => p.id)).toEqual(['p3']);
    // SKUs suggest as they are typed, separator included, like names.
    expect(index.search('SKU-').map((p) => p.id).sort()).toEqual(['p1', 'p2']);
    expect(index.search('sku-2').map((p) => p.id)).toEqual(['p2']);
    expect(index.search('CHOC-').map((p) => p.id)).toEqual(['p3']);
    expect(index.search('4006381').map((p) => p.id)).toEqual(['p1']);
    expect(index.search('zzz')).toEqual([]);
  });

  it('lists what it finds in reading order, numbers as numbers', () => {
    const apples = buildCatalogIndex([201, 1, 1005, 21].map((n, i) => product(10 + i, `Classic Apples #${n}`, `0400000000${String(i).padStart(4, '0')}`)));
    expect(apples.search('classic apples').map((p) => p.name)).toEqual(['Classic Apples #1', 'Classic Apples #21', 'Classic Apples #201', 'Classic Apples #1005']);
  });

  it('finds the letters without a base letter as the server folds them (ß as ss, Œ as oe, Ø as o)', () => {
    const more = buildCatalogIndex([product(4, 'Straßenbrot', '04000000000011'), product(5, 'Œufs frais x6', '04000000000028'), product(6, 'Smørrebrød', '04000000000035')]);
    expect(more.search('strassen').map((p) => p.id)).toEqual(['p4']);
    expect(more.search('STRAẞEN').map((p) => p.id)).toEqual(['p4']);
    expect(more.search('oeufs').map((p) => p.id)).toEqual(['p5']);
    expect(more.search('Œuf').map((p) => p.id)).toEqual(['p5']);
    expect(more.search('smorre').map((p) => p.id)).toEqual(['p6']);
  });

  it('returns only products whose words start with every query term', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-c]{1,4}( [a-c]{1,4}){0,2}$/), { minLength: 1, maxLength: 30 }), fc.stringMatching(/^[a-c]{1,2}$/), (names, q) => {
        const idx = buildCatalogIndex(names.map((n, i) => product(i, n, String(i).padStart(14, '0'))));
        const expected = names.map((n, i) => ({ n, i })).filter(({ n }) => n.split(' ').some((w) => w.startsWith(q))).map(({ i }) => `p${i}`).sort();
        expect(idx.search(q, 1000).map((p) => p.id).sort()).toEqual(expected);
      }),
    );
  });

  it('lays a price change over the index at once: scans, searches and the grid see it', () => {
    const cheaper = { ...products[0], price: 42 } as Product;
    const patched = withChangedProducts(index, [cheaper]);
    expect(patched?.byBarcode('04006381333931')?.price).toBe(42);
    expect(patched?.byId('p1')?.price).toBe(42);
    expect(patched?.bySku('sku-1')?.price).toBe(42);
    expect(patched?.search('organic').map((p) => p.price)).toEqual([42]);
    expect(patched?.data.products.find((p) => p.id === 'p1')?.price).toBe(42);
    expect(patched?.byBarcode('05901234123457')?.price).toBe(102);
    expect(index.byId('p1')?.price).toBe(101);
  });

  it('leaves to a rebuild what changes the index: a new, renamed, re-barcoded or archived product', () => {
    const p1 = products[0] as Product;
    for (const changed of [product(9, 'New', '00000000000017'), { ...p1, name: 'Renamed' }, { ...p1, barcodes: ['00000000000024'] }, { ...p1, active: false }]) {
      expect(withChangedProducts(index, [changed])).toBeNull();
    }
  });
});
