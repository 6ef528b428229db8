// Handing over a click-and-collect order at the till (docs/till.md "Pickups"). The hand-over is a
// sale that carries `pickup` (what each order line handed over), pushed and applied once like any
// sale. Paid online: the sale has no lines (total 0) and is committed and printed at once. Paid at
// pickup: the order's lines go into the cart at the order's prices (never re-priced, never edited),
// each with its share of what the order's promotions and coupons took off the line (the same split
// as the order's invoices, shared/pricing/discount-share.ts, so the hand-overs of a line add up to
// what the order costs), and the cashier takes payment on the usual pay screen; the sale then charges them.
import { newEventId } from '../../shared/ids.ts';
import { discountShare } from '../../shared/pricing/discount-share.ts';
import type { Customer, Product, SalePickup } from '../../shared/schemas/index.ts';
import { useCatalogStore } from '../catalog/catalog-store.ts';
import { useConfigStore } from '../config/config-store.ts';
import { useLoginStore } from '../login/login-store.ts';
import type { CartLine } from './cart-math.ts';
import { useCartStore } from './cart-store.ts';
import { commitAndPrint, type PaidSale, usePayStore } from './pay-store.ts';
import type { HandoverChoice, PickupOrder } from './pickup-queue.ts';
import { taxRulesFor } from './scan-apply.ts';
import { useSessionStore } from './session-store.ts';
import { tillRuntime } from './till-runtime.ts';
import { useTillUiStore } from './till-ui-store.ts';

export class HandoverError extends Error {
  constructor(
    readonly code: 'no-session' | 'sale-in-progress' | 'unknown-product',
    message: string,
  ) {
    super(message);
    this.name = 'HandoverError';
  }
}

function product(productId: string): Product | undefined {
  return useCatalogStore.getState().index?.byId(productId);
}

export function productName(productId: string): string {
  return product(productId)?.name ?? 'Unknown item';
}

function pickupOf(order: PickupOrder, choices: readonly HandoverChoice[]): SalePickup {
  return {
    orderId: order.orderId,
    orderRef: order.orderRef,
    lines: choices.map(({ line, qty }) => ({ orderLineId: line.orderLineId, productId: line.productId, name: productName(line.productId), qty })),
  };
}

async function orderCustomer(order: PickupOrder): Promise<Customer | null> {
  if (!order.customerId) return null;
  return (await tillRuntime().db.customers.findOne(order.customerId).exec())?.toMutableJSON() ?? null;
}

/** An order paid online: the hand-over is committed (one durable write) and its receipt printed. */
export async function handOverPaidOrder(order: PickupOrder, choices: readonly HandoverChoice[]): Promise<PaidSale> {
  const cashier = useLoginStore.getState().cashier;
  const sessionId = useSessionStore.getState().sessionId;
  if (!cashier || !sessionId) throw new HandoverError('no-session', 'Open a session before handing over an order');
  const { credentials } = tillRuntime();
  const config = useConfigStore.getState().config;
  const paid = await commitAndPrint({
    id: newEventId(),
    kind: 'sale',
    tillId: credentials.deviceId,
    siteId: credentials.siteId,
    sessionId,
    cashierId: cashier.id,
    createdAt: new Date().toISOString(),
    currency: order.currency ?? config.site?.currency ?? 'EUR',
    ...(order.customerId ? { customerId: order.customerId } : {}),
    pickup: pickupOf(order, choices),
    lines: [],
    payments: [],
    total: 0,
  }, config, cashier.displayName);
  return paid;
}

/**
 * The cart lines that charge the chosen quantities at the order's prices, less their share of the
 * line's discount: the units handed over before (the server's and this till's own, not yet counted)
 * took theirs, as the server's check counts them (sync-server/pos/pickup-handover.ts).
 */
export function pickupCartLines(order: PickupOrder, choices: readonly HandoverChoice[]): CartLine[] {
  return choices.map(({ line, qty }): CartLine => {
    const p = product(line.productId);
    if (!p) throw new HandoverError('unknown-product', `An item of order ${order.orderRef} is not in this till's catalog yet: wait for the catalog to load`);
    const discount = discountShare({ qty: line.qty, discount: line.discount ?? 0 }, line.handedOver, qty);
    // No catalog price or category: the cart's pricing leaves the order's price alone.
    return {
      lineId: newEventId(), productId: p.id, sku: p.sku, name: p.name, qty, unitPrice: line.unitPrice, listPrice: line.unitPrice,
      priceIncludesTax: p.priceIncludesTax, taxes: taxRulesFor(p), discount, unit: p.unit, fixed: true, orderLineId: line.orderLineId,
    };
  });
}

/** An order paid at pickup: its chosen lines at the order's prices become the sale to pay on the pay screen. */
export async function payForOrder(order: PickupOrder, choices: readonly HandoverChoice[]): Promise<void> {
  const cart = useCartStore.getState();
  if (cart.lines.length > 0 || usePayStore.getState().payments.length > 0) {
    throw new HandoverError('sale-in-progress', 'Finish or void the sale in progress first: an order paid at pickup is paid on its own');
  }
  const lines = pickupCartLines(order, choices);
  cart.startPickupSale(pickupOf(order, choices), lines, await orderCustomer(order));
  useTillUiStore.getState().go('pay');
}
