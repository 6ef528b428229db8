import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Product } from '../../shared/schemas/index.ts';
import { buildCatalogIndex } from '../catalog/catalog-index.ts';
import { quickKeyTabs, validGroups } from './quick-keys.ts';

function product(i: number, category: string): Product {
  return {
    id: `p${i}`, sku: `SKU-${i}`, name: `Product ${String(i).padStart(3, '0')}`, barcodes: [], price: 100, priceIncludesTax: true, cost: 50,
    taxIds: [], category, unit: 'unit', tracking: 'none', active: true, updatedAt: '2026-01-01T00:00:00Z',
  };
}

describe('quick keys', () => {
  const products = [...Array.from({ length: 30 }, (_, i) => product(i, 'Grocery')), ...Array.from({ length: 5 }, (_, i) => product(100 + i, 'Drinks'))];
  const index = buildCatalogIndex(products);

  it('defaults to one tab per category, the biggest first, each in name order', () => {
    const tabs = quickKeyTabs(index, [], 24);
    expect(tabs.map((t) => t.label)).toEqual(['Grocery', 'Drinks']);
    expect(tabs[0]?.products).toHaveLength(24);
    expect(tabs[0]?.products[0]?.name).toBe('Product 000');
  });

  it('orders names as people read them: numbers as numbers, accents beside their letter', () => {
    const named = ['Apples #205', 'Apples #5', 'Zucchini', 'Éclair', 'apples #40', 'Apples #1005'].map((name, i) => ({ ...product(200 + i, 'Fresh'), name }));
    const [tab] = quickKeyTabs(buildCatalogIndex(named), [], 24);
    expect(tab?.products.map((p) => p.name)).toEqual(['Apples #5', 'apples #40', 'Apples #205', 'Apples #1005', 'Éclair', 'Zucchini']);
  });

  it('follows the site configuration: its labels, pinned SKUs first, then the category', () => {
    const tabs = quickKeyTabs(index, validGroups([{ label: 'Favourites', skus: ['SKU-103', 'SKU-7', 'nope'] }, { label: 'Drinks', category: 'Drinks', skus: ['SKU-104'] }, { nonsense: true }]));
    expect(tabs.map((t) => t.label)).toEqual(['Favourites', 'Drinks']);
    expect(tabs[0]?.products.map((p) => p.sku)).toEqual(['SKU-103', 'SKU-7']);
    expect(tabs[1]?.products.map((p) => p.sku)).toEqual(['SKU-104', 'SKU-100', 'SKU-101', 'SKU-102', 'SKU-103']);
  });

  it('never shows more keys than the limit, nor a product twice in a tab, nor one of another category', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('A', 'B', 'C'), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 30 }), (cats, limit) => {
        const idx = buildCatalogIndex(cats.map((c, i) => product(i, c)));
        for (const tab of quickKeyTabs(idx, [], limit)) {
          expect(tab.products.length).toBeLessThanOrEqual(limit);
          expect(new Set(tab.products.map((p) => p.id)).size).toBe(tab.products.length);
          expect(tab.products.every((p) => p.category === tab.label)).toBe(true);
        }
      }),
    );
  });
});
