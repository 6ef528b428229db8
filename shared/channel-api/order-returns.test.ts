import { describe, expect, it } from 'vitest';
import { buildOrderReturnLines, OrderReturnError, returnableQty, type ReturnableOrder } from './order-returns.ts';

const order: ReturnableOrder = {
  orderId: 'o1', orderRef: 'WEB-1', channel: 'web', currency: 'EUR', customerId: 'c1', customerName: 'Ada', paidOnline: true, createdAt: '2026-12-01T10:00:00.000Z',
  lines: [
    { orderLineId: 'l1', productId: 'p1', name: 'Beans', sku: 'B', ordered: 3, delivered: 3, returned: 1, unitPrice: 1200, discount: 0, priceIncludesTax: true, taxes: [{ taxId: 'vat20', rate: 20, compound: false }] },
    { orderLineId: 'l2', productId: 'p2', name: 'Mug', sku: 'M', ordered: 2, delivered: 1, returned: 0, unitPrice: 999, discount: 0, priceIncludesTax: true, taxes: [{ taxId: 'vat20', rate: 20, compound: false }] },
  ],
};

describe('returning a channel order', () => {
  it('may return delivered minus already returned, never below zero', () => {
    expect(returnableQty({ delivered: 3, returned: 1 })).toBe(2);
    expect(returnableQty({ delivered: 1, returned: 2 })).toBe(0);
    expect(returnableQty({ delivered: 0.75, returned: 0.25 })).toBe(0.5);
  });

  it('makes negative lines at the order prices that name their order line, with taxes and restock', () => {
    const { lines, total } = buildOrderReturnLines(order, [{ orderLineId: 'l1', qty: 2, restock: true }, { orderLineId: 'l2', qty: 1, restock: false }, { orderLineId: 'l2', qty: 0, restock: true }]);
    expect(lines.map((l) => [l.orderLineId, l.qty, l.unitPrice, l.total, l.restock])).toEqual([['l1', -2, 1200, -2400, true], ['l2', -1, 999, -999, false]]);
    expect(lines[0]?.taxes).toEqual([{ taxId: 'vat20', rate: 20, amount: -400 }]);
    expect(total).toBe(-3399);
  });

  it('refunds the returned units’ share of the line’s promotions: partial returns add up to what the line cost, never more', () => {
    // 3 × 5.00 on a buy-2-get-1: 10.00 paid. Back one by one, then the last two.
    const line = { orderLineId: 'l3', productId: 'p3', name: 'Biscuits', sku: 'S', ordered: 3, delivered: 3, returned: 0, unitPrice: 500, discount: 500, priceIncludesTax: true, taxes: [{ taxId: 'vat20', rate: 20, compound: false }] };
    const first = buildOrderReturnLines({ ...order, lines: [line] }, [{ orderLineId: 'l3', qty: 1, restock: true }]);
    expect(first.lines[0]).toMatchObject({ qty: -1, unitPrice: 500, discount: -167, total: -333 });
    const rest = buildOrderReturnLines({ ...order, lines: [{ ...line, returned: 1 }] }, [{ orderLineId: 'l3', qty: 2, restock: true }]);
    expect(rest.lines[0]).toMatchObject({ qty: -2, discount: -333, total: -667 });
    expect(first.total + rest.total).toBe(-1000);
    // The same line chosen twice in one return: the second part follows the first.
    const twice = buildOrderReturnLines({ ...order, lines: [line] }, [{ orderLineId: 'l3', qty: 1, restock: true }, { orderLineId: 'l3', qty: 2, restock: false }]);
    expect(twice.lines.map((l) => l.discount)).toEqual([-167, -333]);
    expect(twice.total).toBe(-1000);
  });

  it('refuses more than may come back, nothing chosen, or a line of another order', () => {
    expect(() => buildOrderReturnLines(order, [{ orderLineId: 'l1', qty: 3, restock: true }])).toThrow('Only 2 of Beans can be returned (3 delivered, 1 already returned)');
    expect(() => buildOrderReturnLines(order, [{ orderLineId: 'l2', qty: 2, restock: true }])).toThrow(OrderReturnError);
    expect(() => buildOrderReturnLines(order, [{ orderLineId: 'l1', qty: 0, restock: true }])).toThrow('Choose at least one item');
    expect(() => buildOrderReturnLines(order, [{ orderLineId: 'x', qty: 1, restock: true }])).toThrow('not on order WEB-1');
  });
});
