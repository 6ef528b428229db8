// A web or marketplace order returned at the till (docs/till.md "Returns of web and marketplace
// orders"): looking the order up online, the refund tenders the cashier may choose, and the return
// document. The lines come from the shared function the server's checks agree with
// (shared/channel-api/order-returns.ts).
import { buildOrderReturnLines, ORDER_REFUND_METHOD, returnableQty, type OrderReturnSelection, type ReturnableOrder, type ReturnableOrderList } from '../../shared/channel-api/order-returns.ts';
import { newEventId } from '../../shared/ids.ts';
import { amountDue } from '../../shared/money/index.ts';
import type { Payment } from '../../shared/schemas/index.ts';
import { STORE_CREDIT_METHOD } from '../../shared/stored-value/sale-value.ts';
import type { ConfigSnapshot } from '../config/config-snapshot.ts';
import { joinUrl, requestJson, ServerApiError } from '../db/server-api.ts';
import type { SaleDraft } from './sale-commit.ts';

export class OrderLookupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OrderLookupError';
  }
}

/**
 * The delivered orders matching a scanned packing slip, an order reference or a customer. Online
 * only: what was delivered and already returned (at other stores, by the channel) is the server's.
 */
export async function findOrdersToReturn(conn: { serverUrl: string; token: string }, text: string): Promise<ReturnableOrder[]> {
  const q = text.trim();
  if (q.length < 2) throw new OrderLookupError('Scan the packing slip, or type the order reference or the customer’s name');
  try {
    const res = await requestJson<ReturnableOrderList>(joinUrl(conn.serverUrl, `/api/till/order-returns?q=${encodeURIComponent(q)}`), { token: conn.token, timeoutMs: 10_000 });
    return res.orders;
  } catch (err) {
    if (err instanceof ServerApiError && err.code === 'offline') {
      throw new OrderLookupError('The till is offline and cannot look orders up: the server knows what was delivered and already returned. An order already shown here can still be returned; the server checks it when the till is back online.');
    }
    if (err instanceof ServerApiError) throw new OrderLookupError(`The server could not look the order up (${err.status ?? err.code}): try again`);
    throw err;
  }
}

export interface RefundChoice {
  method: string;
  label: string;
  /** Money out of the drawer for an order paid elsewhere: a supervisor approves it. */
  needsApproval: boolean;
}

/** Refund to the original tender where possible (the order's own payment), else store credit or cash with a supervisor. */
export function refundChoices(order: ReturnableOrder, config: Pick<ConfigSnapshot, 'tenders' | 'valueTenders'>): RefundChoice[] {
  const out: RefundChoice[] = [];
  if (order.paidOnline) out.push({ method: ORDER_REFUND_METHOD, label: `To the ${order.channel} payment`, needsApproval: false });
  // Paid at a store's till on pickup: its non-cash tenders are the original ones.
  else for (const t of config.tenders) if (!t.isCash) out.push({ method: t.method, label: t.label, needsApproval: false });
  const credit = config.valueTenders.find((t) => t.method === STORE_CREDIT_METHOD);
  if (credit && order.customerId) out.push({ method: credit.method, label: `${credit.label} for ${order.customerName ?? 'the customer'}`, needsApproval: false });
  for (const t of config.tenders) if (t.isCash) out.push({ method: t.method, label: `${t.label} (supervisor)`, needsApproval: true });
  return out;
}

export interface OrderReturnInput {
  order: ReturnableOrder;
  selections: readonly OrderReturnSelection[];
  method: string;
  approvedBy?: string;
  till: { tillId: string; siteId: string; sessionId: string; cashierId: string };
  isCash: (method: string) => boolean;
  cashRounding?: number;
}

type RefundTender = Pick<OrderReturnInput, 'method' | 'isCash' | 'cashRounding'>;

/** The refund payment of a return totalling `total` (negative): a cash refund is rounded like a cash sale (the drawer has no coins below the step). */
const refundPaid = (total: number, tender: RefundTender): number => (tender.isCash(tender.method) ? amountDue(total, [], tender.isCash, tender.cashRounding).cashDue : total);

/**
 * What the customer gets back for the chosen quantities (positive; 0 while none is valid): the
 * payment the return document will make — the order's prices less the units' share of its
 * discounts, a cash refund rounded — so the Refund button and the supervisor's question say it.
 * A quantity above what is returnable is left out here; the document refuses it.
 */
export function refundAmount(order: ReturnableOrder, selections: readonly OrderReturnSelection[], tender: RefundTender): number {
  const valid = selections.filter((s) => {
    const line = order.lines.find((l) => l.orderLineId === s.orderLineId);
    return line !== undefined && s.qty > 0 && s.qty <= returnableQty(line);
  });
  return valid.length === 0 ? 0 : -refundPaid(buildOrderReturnLines(order, valid).total, tender);
}

/** The return document (before the till seals it): negative lines at the order's prices, one refund. */
export function orderReturnDraft(input: OrderReturnInput, rounding: (total: number, payments: readonly Payment[]) => { rounding?: number }): SaleDraft {
  const { order } = input;
  const { lines, total } = buildOrderReturnLines(order, input.selections);
  const amount = refundPaid(total, input);
  const payment: Payment = { paymentId: newEventId(), method: input.method, amount, ...(input.approvedBy ? { approvedBy: input.approvedBy } : {}) };
  return {
    id: newEventId(),
    kind: 'return',
    ...input.till,
    createdAt: new Date().toISOString(),
    currency: order.currency,
    ...(order.customerId ? { customerId: order.customerId } : {}),
    returnOfOrder: { orderId: order.orderId, orderRef: order.orderRef, channel: order.channel },
    lines,
    payments: [payment],
    ...rounding(total, [payment]),
    total,
  };
}
