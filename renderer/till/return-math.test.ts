import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Sale } from '../../shared/schemas/index.ts';
import { buildReturnLines, ReturnError, returnable } from './return-math.ts';

const sale: Sale = {
  id: 's1', kind: 'sale', tillId: 't', siteId: 'x', sessionId: 'ss', cashierId: 'c', seq: 1, receiptNo: 'R-1',
  createdAt: '2026-01-01T00:00:00Z', currency: 'EUR', prevHash: '0'.repeat(64), hash: '1'.repeat(64), total: 1980,
  lines: [
    { lineId: 'l1', productId: 'p1', qty: 2, unitPrice: 500, discount: 100, total: 900, taxes: [{ taxId: 'vat', rate: 20, amount: 150 }] },
    { lineId: 'l2', productId: 'p2', qty: 1, unitPrice: 1080, discount: 0, total: 1080, taxes: [{ taxId: 'vat', rate: 20, amount: 180 }] },
  ],
  payments: [{ paymentId: 'p', method: 'cash', amount: 1980 }],
};

describe('returns', () => {
  it('refunds the returned share of the line at the price paid, linked to the original line', () => {
    const { lines, total } = buildReturnLines(sale, [], [{ lineId: 'l1', qty: 1, restock: true }], () => true);
    expect(lines[0]).toMatchObject({ qty: -1, unitPrice: 500, discount: -50, total: -450, returnOf: { saleId: 's1', lineId: 'l1' }, restock: true });
    expect(total).toBe(-450);
  });

  it('never returns more than sold minus already returned', () => {
    const first = buildReturnLines(sale, [], [{ lineId: 'l1', qty: 2, restock: false }], () => true);
    const prior = { ...sale, id: 'r1', kind: 'return' as const, lines: first.lines };
    expect(returnable(sale, [prior]).get('l1')).toBe(0);
    expect(() => buildReturnLines(sale, [prior], [{ lineId: 'l1', qty: 1, restock: true }], () => true)).toThrow(ReturnError);
  });

  it('tells the cashier to choose a quantity when no line has one', () => {
    const none = () => buildReturnLines(sale, [], [{ lineId: 'l1', qty: 0, restock: true }, { lineId: 'l2', qty: 0, restock: true }], () => true);
    expect(none).toThrow(new ReturnError('nothing-selected', 'Choose the quantity to return on at least one line'));
  });

  it('returns a lot-tracked or serial-numbered line with its lot and serial, so it goes back where it came from', () => {
    const tracked: Sale = { ...sale, lines: sale.lines.map((l, i) => (i === 0 ? { ...l, lot: 'L123' } : { ...l, serial: 'SN-9' })) };
    const { lines } = buildReturnLines(tracked, [], [{ lineId: 'l1', qty: 1, restock: true }, { lineId: 'l2', qty: 1, restock: true }], () => true);
    expect(lines.map((l) => [l.lot, l.serial])).toEqual([['L123', undefined], [undefined, 'SN-9']]);
  });
});

/** A sale of one discounted line (tax included in the price) and the line's net: what was paid for it. */
const oneLineSale = (qty: number, unitPrice: number, discount: number): { sale: Sale; net: number } => {
  const net = qty * unitPrice - discount;
  return { sale: { ...sale, id: 's2', total: net, lines: [{ lineId: 'l1', productId: 'p1', qty, unitPrice, discount, total: net, taxes: [] }], payments: [{ paymentId: 'p', method: 'card', amount: net }] }, net };
};

/** Returns `parts` of line l1 one after another, each knowing the returns before it; the refund of each. */
const returnInParts = (original: Sale, parts: readonly number[]): { total: number; discount: number }[] => {
  const prior: Sale[] = [];
  return parts.map((qty, i) => {
    const { lines, total } = buildReturnLines(original, prior, [{ lineId: 'l1', qty, restock: true }], () => true);
    prior.push({ ...original, id: `r${i}`, kind: 'return', returnOfSaleId: original.id, total, lines, payments: [] });
    return { total: -total, discount: -(lines[0]?.discount ?? 0) };
  });
};

describe('returns of a discounted line in parts', () => {
  it('refunds a line of 3 with 1.00 off, returned one at a time, exactly what was paid for it', () => {
    // Each unit's own rounded third (0.33) would refund 3 × 4.67 = 14.01 of the 14.00 paid.
    const { sale: original, net } = oneLineSale(3, 500, 100);
    const refunds = returnInParts(original, [1, 1, 1]);
    expect(refunds.map((r) => r.discount)).toEqual([33, 34, 33]);
    expect(refunds.map((r) => r.total)).toEqual([467, 466, 467]);
    expect(refunds.reduce((a, r) => a + r.total, 0)).toBe(net);
  });

  it('gives two selections of the same line in one return consecutive shares', () => {
    const { sale: original } = oneLineSale(3, 500, 100);
    const { lines } = buildReturnLines(original, [], [{ lineId: 'l1', qty: 1, restock: true }, { lineId: 'l1', qty: 1, restock: false }], () => true);
    expect(lines.map((l) => l.discount)).toEqual([-33, -34]);
  });

  it('refunds any sequence of partial returns of a line to exactly its net amount, never more along the way', () => {
    const returned = fc.integer({ min: 1, max: 30 }).chain((qty) =>
      fc.record({
        qty: fc.constant(qty),
        unitPrice: fc.integer({ min: 1, max: 10_000 }),
        discountPermille: fc.integer({ min: 0, max: 1000 }),
        cuts: fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, qty - 1) }), { maxLength: qty - 1 }).map((c) => c.filter((x) => x < qty).sort((a, b) => a - b)),
      }));
    fc.assert(
      fc.property(returned, ({ qty, unitPrice, discountPermille, cuts }) => {
        const discount = Math.floor((qty * unitPrice * discountPermille) / 1000);
        const { sale: original, net } = oneLineSale(qty, unitPrice, discount);
        const bounds = [0, ...cuts, qty];
        const parts = bounds.slice(1).map((b, i) => b - (bounds[i] ?? 0));
        let refunded = 0;
        let discounted = 0;
        for (const r of returnInParts(original, parts)) {
          refunded += r.total;
          discounted += r.discount;
          expect(r.total).toBeGreaterThanOrEqual(0);
          expect(refunded).toBeLessThanOrEqual(net);
          expect(discounted).toBeLessThanOrEqual(discount);
        }
        expect(refunded).toBe(net);
        expect(discounted).toBe(discount);
      }),
    );
  });
});
