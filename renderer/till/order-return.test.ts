import { describe, expect, it } from 'vitest';
import type { ReturnableOrder } from '../../shared/channel-api/order-returns.ts';
import { orderReturnDraft, refundChoices } from './order-return.ts';

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
});
