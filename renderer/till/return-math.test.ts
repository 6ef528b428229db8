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

  it('returns a lot-tracked or serial-numbered line with its lot and serial, so it goes back where it came from', () => {
    const tracked: Sale = { ...sale, lines: sale.lines.map((l, i) => (i === 0 ? { ...l, lot: 'L123' } : { ...l, serial: 'SN-9' })) };
    const { lines } = buildReturnLines(tracked, [], [{ lineId: 'l1', qty: 1, restock: true }, { lineId: 'l2', qty: 1, restock: true }], () => true);
    expect(lines.map((l) => [l.lot, l.serial])).toEqual([['L123', undefined], [undefined, 'SN-9']]);
  });
});
