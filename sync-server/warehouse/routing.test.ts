import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { routeOrder, type RouteWarehouse } from './routing.ts';

const wh = (siteId: string, stock: Record<string, number>): RouteWarehouse => ({ siteId, available: new Map(Object.entries(stock)) });

describe('order routing', () => {
  it('sends the whole order to the first warehouse that can serve all of it', () => {
    const parts = routeOrder([{ key: 'a', productId: 'p', qty: 3 }, { key: 'b', productId: 'q', qty: 2 }], [wh('W1', { p: 5 }), wh('W2', { p: 3, q: 2 })], 'split');
    expect(parts).toEqual([{ siteId: 'W2', key: 'a', reserve: 3, backorder: 0 }, { siteId: 'W2', key: 'b', reserve: 2, backorder: 0 }]);
  });

  it('splits across warehouses under the split policy and backorders the rest at the first one used', () => {
    const parts = routeOrder([{ key: 'a', productId: 'p', qty: 10 }], [wh('W1', { p: 4 }), wh('W2', { p: 3 })], 'split');
    expect(parts).toEqual([{ siteId: 'W1', key: 'a', reserve: 4, backorder: 3 }, { siteId: 'W2', key: 'a', reserve: 3, backorder: 0 }]);
  });

  it('keeps the order in the warehouse serving most of it under the backorder policy', () => {
    const parts = routeOrder([{ key: 'a', productId: 'p', qty: 10 }], [wh('W1', { p: 4 }), wh('W2', { p: 6 })], 'backorder');
    expect(parts).toEqual([{ siteId: 'W2', key: 'a', reserve: 6, backorder: 4 }]);
  });

  it('always accounts for every unit ordered and never reserves more than a warehouse has', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ productId: fc.constantFrom('p', 'q', 'r'), qty: fc.integer({ min: 1, max: 9 }) }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.record({ p: fc.nat(12), q: fc.nat(12), r: fc.nat(12) }), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('split' as const, 'backorder' as const),
        (raw, stocks, policy) => {
          const lines = raw.map((l, i) => ({ ...l, key: `l${i}` }));
          const whs = stocks.map((s, i) => wh(`W${i}`, s));
          const parts = routeOrder(lines, whs, policy);
          for (const l of lines) {
            const mine = parts.filter((p) => p.key === l.key);
            expect(mine.reduce((s, p) => s + p.reserve + p.backorder, 0)).toBe(l.qty);
          }
          for (const w of whs) {
            for (const product of ['p', 'q', 'r']) {
              const used = parts.filter((p) => p.siteId === w.siteId && lines.find((l) => l.key === p.key)?.productId === product).reduce((s, p) => s + p.reserve, 0);
              expect(used).toBeLessThanOrEqual(w.available.get(product) ?? 0);
            }
          }
        },
      ),
    );
  });
});
