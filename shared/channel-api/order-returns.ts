// A channel order (web, marketplace) returned at a till (issue 16 point 4, docs/channels.md
// "Returns at a store"). The till looks the order up online (GET /api/till/order-returns?q=), the
// cashier chooses lines and quantities, and the return is a till sale of kind 'return' carrying
// `returnOfOrder` whose lines name their order line (`orderLineId`). Declared once: the lookup's
// schema, what may still be returned (till and server), and the return's lines (till; the server
// recomputes them with shared/tax like every line).
import { Type, type Static } from 'typebox';
import { newEventId } from '../ids.ts';
import { discountShare } from '../pricing/discount-share.ts';
import type { SaleLine } from '../schemas/sale.ts';
import { computeOrder } from '../tax/index.ts';

/** The tender of a refund to the order's own payment (the channel executes it: `return.received`). */
export const ORDER_REFUND_METHOD = 'order_refund';

export const OrderReturnQuery = Type.Object(
  {
    /** A packing slip's code (picking reference), the order's reference or id (also a URL ending with it), or part of the customer's name, e-mail or phone. */
    q: Type.String({ minLength: 2, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type OrderReturnQuery = Static<typeof OrderReturnQuery>;

const LineTax = Type.Object({ taxId: Type.String(), rate: Type.Number(), compound: Type.Boolean() }, { additionalProperties: false });

export const ReturnableOrderLine = Type.Object(
  {
    orderLineId: Type.String(),
    productId: Type.String(),
    name: Type.String(),
    sku: Type.String(),
    ordered: Type.Number(),
    delivered: Type.Number(),
    returned: Type.Number(),
    /** Order price, minor units. */
    unitPrice: Type.Integer(),
    /** What the order's promotions and coupons took off the whole line (qty × unitPrice), minor units. */
    discount: Type.Integer({ minimum: 0 }),
    priceIncludesTax: Type.Boolean(),
    taxes: Type.Array(LineTax),
  },
  { additionalProperties: false },
);
export type ReturnableOrderLine = Static<typeof ReturnableOrderLine>;

export const ReturnableOrder = Type.Object(
  {
    orderId: Type.String(),
    orderRef: Type.String(),
    channel: Type.String(),
    currency: Type.String(),
    customerId: Type.Union([Type.String(), Type.Null()]),
    customerName: Type.Union([Type.String(), Type.Null()]),
    /** The channel took the payment (false: paid at a store's till on pickup). */
    paidOnline: Type.Boolean(),
    createdAt: Type.String(),
    lines: Type.Array(ReturnableOrderLine),
  },
  { additionalProperties: false },
);
export type ReturnableOrder = Static<typeof ReturnableOrder>;

export const ReturnableOrderList = Type.Object({ orders: Type.Array(ReturnableOrder) }, { additionalProperties: false });
export type ReturnableOrderList = Static<typeof ReturnableOrderList>;

/** What may still come back of an order line: delivered minus already returned (never below 0). */
export function returnableQty(line: { delivered: number; returned: number }): number {
  return Math.max(0, Math.round((line.delivered - line.returned) * 10_000) / 10_000);
}

export interface OrderReturnSelection {
  orderLineId: string;
  qty: number;
  /** Back on the store's shelf (true) or damaged: to the store's scrap location (false). */
  restock: boolean;
}

export class OrderReturnError extends Error {
  constructor(readonly code: 'too-many' | 'nothing-selected' | 'unknown-line', message: string) {
    super(message);
    this.name = 'OrderReturnError';
  }
}

/**
 * The return's lines: negative quantities at the order's price less the returned units' share of
 * the line's discount (shared/pricing/discount-share.ts; the units returned before took theirs, so
 * the returns of a line never refund more than its invoices charged and, all of it back, exactly
 * that), taxes by shared/tax, each naming its order line. Never more than returnable (delivered −
 * returned) per line. The server checks the same amounts (sync-server/pos/order-return.ts).
 */
export function buildOrderReturnLines(order: ReturnableOrder, selections: readonly OrderReturnSelection[]): { lines: SaleLine[]; total: number } {
  const chosen = selections.filter((s) => s.qty > 0);
  if (chosen.length === 0) throw new OrderReturnError('nothing-selected', 'Choose at least one item and how many come back');
  const picked = chosen.map((sel) => {
    const line = order.lines.find((l) => l.orderLineId === sel.orderLineId);
    if (!line) throw new OrderReturnError('unknown-line', `That item is not on order ${order.orderRef}`);
    const left = returnableQty(line);
    if (sel.qty > left + 1e-9) throw new OrderReturnError('too-many', `Only ${left} of ${line.name} can be returned (${line.delivered} delivered, ${line.returned} already returned)`);
    return { line, sel };
  });
  const before = new Map<string, number>();
  const discounts = picked.map(({ line, sel }) => {
    const returned = before.get(line.orderLineId) ?? line.returned;
    before.set(line.orderLineId, returned + sel.qty);
    return discountShare({ qty: line.ordered, discount: line.discount }, returned, sel.qty);
  });
  const amounts = computeOrder({
    lines: picked.map(({ line, sel }, i) => ({ qty: -sel.qty, unitPrice: line.unitPrice, discount: -(discounts[i] ?? 0), priceIncludesTax: line.priceIncludesTax, taxes: line.taxes })),
  });
  const lines = picked.map(({ line, sel }, i): SaleLine => {
    const computed = amounts.lines[i];
    if (!computed) throw new RangeError(`no amounts for return line ${i}`);
    return {
      lineId: newEventId(),
      productId: line.productId,
      sku: line.sku,
      name: line.name,
      qty: -sel.qty,
      unitPrice: line.unitPrice,
      ...computed.amounts,
      orderLineId: line.orderLineId,
      restock: sel.restock,
    };
  });
  return { lines, total: amounts.total };
}
