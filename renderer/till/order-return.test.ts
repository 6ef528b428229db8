import { describe, expect, it } from 'vitest';
import type { ReturnableOrder } from '../../shared/channel-api/order-returns.ts';
import { orderReturnDraft, refundAmount, refundChoices } from './order-return.ts';

const base: ReturnableOrder = {
  orderId: 'o1', orderRef: 'WEB-1', channel: 'web', currency: 'EUR', customerId: 'c1', customerName: 'Ada', paidOnline: true, createdAt: '2026-12-01T10:00:00.000Z',
  lines: [{ orderLineId: 'l1', productId: 'p1', name: 'Beans', sku: 'B', ordered: 2, delivered: 2, returned: 0, unitPrice: 1003, discount: 0, priceIncludesTax: true, taxes: [] }],
};
const config = {
  tenders: [{ method: 'cash', label: 'Cash', isCash: true }, { method: 'card', label: 'Card', isCash: false }],
  valueTenders: [{ method: 'store_credit', label: 'Store credit', isCash: false }],
};

describe('refunding a channel order at the till', () => {
  it('offers the order’s own payment first, then store credit for its customer, then cash with a supervisor', () => {
    expect(refundChoices(base, config)).toEqual([
      { method: 'order_refund', label: 'To the web payment', needsApproval: false },
      { method: 'store_credit', label: 'Store credit for Ada', needsApproval: false },
      { method: 'cash', label: 'Cash (supervisor)', needsApproval: true },
    ]);
  });

  it('paid at a store: its non-cash tenders; no store credit without a customer', () => {
    expect(refundChoices({ ...base, paidOnline: false, customerId: null }, config).map((c) => c.method)).toEqual(['card', 'cash']);
  });

  it('makes a return document naming the order, with the approver on a cash refund rounded to the store’s step', () => {
    const draft = orderReturnDraft(
      { order: base, selections: [{ orderLineId: 'l1', qty: 1, restock: true }], method: 'cash', approvedBy: 'sam', till: { tillId: 't', siteId: 's', sessionId: 'x', cashierId: 'a' }, isCash: (m) => m === 'cash', cashRounding: 5 },
      () => ({ rounding: -2 }),
    );
    expect(draft).toMatchObject({ kind: 'return', customerId: 'c1', returnOfOrder: { orderId: 'o1', orderRef: 'WEB-1', channel: 'web' }, total: -1003, rounding: -2 });
    expect(draft.payments).toEqual([expect.objectContaining({ method: 'cash', amount: -1005, approvedBy: 'sam' })]);
  });

  it('says the refund the document pays: less the units\' share of the order\'s discount, a cash refund rounded, a quantity beyond what is returnable left out', () => {
    const discounted: ReturnableOrder = { ...base, lines: [{ ...(base.lines[0] as ReturnableOrder['lines'][number]), unitPrice: 1000, discount: 300 }] };
    const one = [{ orderLineId: 'l1', qty: 1, restock: true }];
    const tender = { method: 'order_refund', isCash: (m: string) => m === 'cash' };
    // 1 of 2 units at 10.00 with 3.00 off the line: 8.50 back, not 10.00.
    expect(refundAmount(discounted, one, tender)).toBe(850);
    const draft = orderReturnDraft({ order: discounted, selections: one, till: { tillId: 't', siteId: 's', sessionId: 'x', cashierId: 'a' }, ...tender }, () => ({}));
    expect(-(draft.payments[0]?.amount ?? 0)).toBe(refundAmount(discounted, one, tender));
    expect(refundAmount(base, one, { method: 'cash', isCash: (m) => m === 'cash', cashRounding: 5 })).toBe(1005);
    expect(refundAmount(base, [{ orderLineId: 'l1', qty: 3, restock: true }], tender)).toBe(0);
    expect(refundAmount(base, [{ orderLineId: 'l1', qty: 0, restock: true }], tender)).toBe(0);
  });
});
