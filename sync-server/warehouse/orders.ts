// Channel order intake (POST /api/orders) and cancellation. Orders that arrive together are written
// in one transaction (order-batch.ts, group commit); an order the batch leaves to itself runs in
// its own (submitAlone). Either way: reads of master data first, then the only locks an order
// takes: its customer's contact keys (order-customer.ts) and the quants of the ordered products,
// FOR UPDATE in key order (order-intake.ts). Orders do not take the feed counter lock (issue 18
// point 3): their feed rows are numbered at commit (feed/publish.ts numberAtCommit, migration 095),
// so orders for different products run at once and orders for the same products queue on those
// quants only. A concurrent order with the same key or external reference is found by the unique
// indexes (the later insert waits for the earlier commit, fails, and the order is tried again: then
// it replays or is a 409); a deadlock with a device push that locked the same quants in another
// order is tried again too.
// Idempotency: the response is stored under (caller, Idempotency-Key) with a hash of the body; the
// same key and body return it again, another body is a 409.
import type { Db, Tx } from '../db/db.ts';
import { sha256Hex } from '../security/secrets.ts';
import { canonicalJson } from '../events/canonical-json.ts';
import { cancelOrderWork, type CancelOutcome } from './cancel.ts';
import { WarehouseError } from './errors.ts';
import { orderBatcher } from './order-batch.ts';
import { kickOrderInvoice } from './order-invoice-sweep.ts';
import { handOverOrder } from './order-handover.ts';
import { type QueuedOrder, settledAlone } from './order-batch-outcome.ts';
import { createOrderLocked, prepareOrder } from './order-intake.ts';
import { checkOrderCoupons, claimCouponUses, loadOrderPricing, orderToPrice, priceOrder } from './order-pricing.ts';
import { orderView, type OrderView } from './order-view.ts';
import { fillWaiting } from './pickings.ts';
import { ensureRouteAreas } from './sites.ts';
import { keyStillActive } from './channel-keys.ts';
import { publishTouched, WorkContext } from './work-context.ts';
import { emitOrderEvent, emitOrderIntake } from '../webhooks/order-events.ts';
import { resolveOrderCustomer } from '../customers/order-customer.ts';

export type { OrderRequest } from '../../shared/channel-api/order-request.ts';
import type { OrderRequest } from '../../shared/channel-api/order-request.ts';

/** Who posts: a channel key (bound to one channel) or a manager/admin session. */
export interface Principal {
  id: string;
  channel?: string;
  /**
   * A channel key's id, when the key was found in the process's memory (rememberedChannelKey):
   * the transaction that writes the order checks that it is still active.
   */
  checkKey?: string;
}

export interface OrderResult {
  status: number;
  body: OrderView;
  replayed: boolean;
}

/** Tries of one order when a concurrent one raced it (unique_violation) or PostgreSQL chose it as a deadlock victim. */
const ATTEMPTS = 4;

/**
 * Takes an order: checked here, then written with the orders that arrive together in one
 * transaction (order-batch.ts, group commit); the answer comes once that transaction committed.
 */
export async function submitOrder(db: Db, principal: Principal, idemKey: string, req: OrderRequest, now = new Date()): Promise<OrderResult> {
  checkOrder(principal, idemKey, req);
  const hash = sha256Hex(canonicalJson(req));
  // In a `serve --workers N` host, to the one batcher of the host (order-handover.ts).
  return handOverOrder({ principal, idemKey, req, hash, now }, (o) => batchOrder(db, o));
}

/**
 * `order` (checked) to this process's batcher. Once its batch committed, a new order goes to the
 * process's invoicing kick (order-invoice-sweep.ts), which returns at once: an order of a channel that
 * invoices on order is invoiced in a transaction of its own, never in the batch's.
 */
export async function batchOrder(db: Db, order: QueuedOrder): Promise<OrderResult> {
  const result = await orderBatcher(db, (o) => submitAlone(db, o)).submit(order);
  if (!result.replayed) kickOrderInvoice(db, result.body);
  return result;
}

function checkOrder(principal: Principal, idemKey: string, req: OrderRequest): void {
  if (!idemKey || idemKey.length > 200) throw new WarehouseError('bad_request', 'an Idempotency-Key header of 1 to 200 characters is required');
  if (principal.channel !== undefined && principal.channel !== req.channel) throw new WarehouseError('channel_mismatch', `this key posts orders for channel ${principal.channel}, not ${req.channel}`);
}

/** One order in its own transaction, tried again after a race or a deadlock (what a batch leaves to it). */
export async function submitAlone(db: Db, order: QueuedOrder): Promise<OrderResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await submitOnce(db, order);
    } catch (err) {
      // First order after a route got longer: make the areas in their own transaction, then retry.
      const areas = err instanceof WarehouseError && err.code === 'route_areas_missing';
      if (attempt >= ATTEMPTS || !settledAlone(err)) throw err;
      if (areas) await ensureRouteAreas(db);
    }
  }
}

async function submitOnce(db: Db, { principal, idemKey, req, hash, now }: QueuedOrder): Promise<OrderResult> {
  return db.transaction(async (tx) => {
    if (principal.checkKey !== undefined) await keyStillActive(tx, principal.checkKey);
    // Replays, duplicates and master data (reads only).
    const replay = await storedResponse(tx, principal, idemKey, hash);
    if (replay) return replay;
    const prepared = await prepareOrder(tx, req);
    const pricing = await loadOrderPricing(tx, [req]);
    if (pricing) checkOrderCoupons(pricing, orderToPrice(prepared, now), new Map());
    const dup = await tx.query<{ id: string }>('SELECT id FROM orders WHERE channel = $1 AND external_ref = $2', [req.channel, req.externalRef]);
    if (dup[0]) throw new WarehouseError('duplicate_external_ref', `order ${req.externalRef} of channel ${req.channel} exists already (${dup[0].id}) under another Idempotency-Key`);
    // Alone, the coupons are locked before the quants (createOrderLocked locks them): a deadlock
    // with a till push (quants, then coupons) is tried again like any other.
    const [spent] = pricing ? await claimCouponUses(tx, [{ req }]) : [];
    if (spent) throw spent;
    const customer = await resolveOrderCustomer(tx, prepared.customer, prepared.country);
    prepared.customerId = customer?.id ?? null;
    if (pricing) prepared.pricing = priceOrder(pricing, orderToPrice(prepared, now), customer?.groupId ?? null);
    const body = await createOrderLocked(tx, prepared, now);
    await emitOrderIntake(tx, body, now);
    await tx.query('INSERT INTO order_requests (principal, idem_key, request_hash, status_code, response) VALUES ($1, $2, $3, 201, $4::jsonb)', [
      principal.id, idemKey, hash, JSON.stringify(body),
    ]);
    return { status: 201, body, replayed: false };
  });
}

async function storedResponse(tx: Tx, principal: Principal, idemKey: string, hash: string): Promise<OrderResult | null> {
  const [prior] = await tx.query<{ request_hash: string; status_code: number; response: OrderView }>(
    'SELECT request_hash, status_code, response FROM order_requests WHERE principal = $1 AND idem_key = $2',
    [principal.id, idemKey],
  );
  if (!prior) return null;
  if (prior.request_hash !== hash) throw new WarehouseError('idempotency_key_reused', 'this Idempotency-Key was used with another request body');
  return { status: prior.status_code, body: prior.response, replayed: true };
}

/**
 * Cancels an open order: releases every reservation, cancels its open pickings, puts picked goods back.
 * `cancelled` runs in the same transaction only when this call cancelled it (not when it already
 * was), with what it released: what the back office records with it (its audit entry) is written
 * exactly once.
 */
export async function cancelOrder(
  db: Db, orderId: string, now = new Date(), cancelled?: (tx: Tx, view: OrderView, outcome: CancelOutcome) => Promise<void>,
): Promise<OrderView> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
    const [order] = await tx.query<{ state: string }>('SELECT state FROM orders WHERE id = $1 FOR UPDATE', [orderId]);
    if (!order) throw new WarehouseError('unknown_order', `no order ${orderId}`);
    if (order.state === 'cancelled') return orderView(tx, orderId);
    if (order.state !== 'open') throw new WarehouseError('order_closed', `order ${orderId} is ${order.state}`);
    const ctx = new WorkContext(tx, now);
    const outcome = await cancelOrderWork(ctx, orderId);
    await fillWaiting(ctx);
    await publishTouched(ctx);
    const view = await orderView(tx, orderId);
    // On order: the credit note of what was cancelled, for the channel to refund the customer.
    await emitOrderEvent(tx, 'order.cancelled', view, outcome.creditNote ? { creditNote: outcome.creditNote } : {}, now);
    await cancelled?.(tx, view, outcome);
    return view;
  });
}
