import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { richestFirst, routeOrder, type RouteWarehouse } from './routing.ts';

const wh = (siteId: string, stock: Record<string, number>): RouteWarehouse => ({ siteId, available: new Map(Object.entries(stock)) });
/** A store shipping a channel's order: it may not hold a backorder. */
const store = (siteId: string, stock: Record<string, number>): RouteWarehouse => ({ ...wh(siteId, stock), canWait: false });

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

  it('ships from the first store that has the whole order, and leaves a shortage to wait at a warehouse, never at a store', () => {
    expect(routeOrder([{ key: 'a', productId: 'p', qty: 2 }], [store('S1', { p: 2 }), wh('W1', { p: 9 })], 'backorder'))
      .toEqual([{ siteId: 'S1', key: 'a', reserve: 2, backorder: 0 }]);
    // No site has it all: under backorder the order stays whole at the warehouse serving most.
    expect(routeOrder([{ key: 'a', productId: 'p', qty: 5 }], [store('S1', { p: 4 }), wh('W1', { p: 1 })], 'backorder'))
      .toEqual([{ siteId: 'W1', key: 'a', reserve: 1, backorder: 4 }]);
    // Under split the store ships what it has; the rest waits at the warehouse.
    expect(routeOrder([{ key: 'a', productId: 'p', qty: 5 }], [store('S1', { p: 4 }), wh('W1', { p: 0 })], 'split'))
      .toEqual([{ siteId: 'S1', key: 'a', reserve: 4, backorder: 0 }, { siteId: 'W1', key: 'a', reserve: 0, backorder: 1 }]);
    // Only stores to route to (a channel's own list): the first one holds the shortage.
    expect(routeOrder([{ key: 'a', productId: 'p', qty: 3 }], [store('S1', { p: 1 }), store('S2', { p: 0 })], 'backorder'))
      .toEqual([{ siteId: 'S1', key: 'a', reserve: 1, backorder: 2 }]);
  });

  it('ranks sites stock-richest: whole-order sites first, then by what they hold of the order', () => {
    const lines = [{ key: 'a', productId: 'p', qty: 2 }, { key: 'b', productId: 'q', qty: 1 }];
    const ranked = richestFirst(lines, [wh('W1', { p: 3, q: 1 }), store('S1', { p: 9, q: 4 }), store('S2', { p: 50, q: 0 }), wh('W2', { p: 3, q: 1 })]);
    expect(ranked.map((w) => w.siteId)).toEqual(['S1', 'W1', 'W2', 'S2']);
    expect(routeOrder(lines, ranked, 'backorder').map((p) => p.siteId)).toEqual(['S1', 'S1']);
  });

  it('always accounts for every unit ordered and never reserves more than a warehouse has', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ productId: fc.constantFrom('p', 'q', 'r'), qty: fc.integer({ min: 1, max: 9 }) }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.record({ p: fc.nat(12), q: fc.nat(12), r: fc.nat(12), isStore: fc.boolean() }), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('split' as const, 'backorder' as const),
        fc.boolean(),
        (raw, stocks, policy, richest) => {
          const lines = raw.map((l, i) => ({ ...l, key: `l${i}` }));
          const sites = stocks.map(({ isStore, ...s }, i) => (isStore ? store(`S${i}`, s) : wh(`W${i}`, s)));
          const whs = richest ? richestFirst(lines, sites) : sites;
          const parts = routeOrder(lines, whs, policy);
          // A shortage waits at a site that may hold it whenever there is one.
          if (whs.some((w) => w.canWait !== false)) {
            for (const p of parts) if (p.backorder > 0) expect(whs.find((w) => w.siteId === p.siteId)?.canWait).not.toBe(false);
          }
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
