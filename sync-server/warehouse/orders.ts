// Channel order intake (POST /api/orders) and cancellation. One transaction per order: the
// feed lock first (the order publishes pickings and stock, and device pushes lock the feed
// first too, so both lock in the same order), then the quants of the ordered products, FOR
// UPDATE in key order. Idempotency: the response is stored under (caller, Idempotency-Key)
// with a hash of the body; the same key and body return it again, another body is a 409.
import canonicalize from 'canonicalize';
import { v7 as uuidv7 } from 'uuid';
import type { Db, Tx } from '../db/db.ts';
import { sha256Hex } from '../security/secrets.ts';
import { round4, WarehouseError } from './errors.ts';
import { available } from './fefo.ts';
import { loadPolicy } from './policy.ts';
import { allocatePicking, createPicking } from './pickings.ts';
import { lockQuants } from './reservation.ts';
import { routeOrder } from './routing.ts';
import { listWarehouses, routeSteps, stepEnds, warehouseByCode, warehouseLocations, type Warehouse } from './sites.ts';
import { orderView, type OrderView } from './order-view.ts';
import { cancelOrderWork } from './cancel.ts';
import { publishTouched, WorkContext } from './work-context.ts';
import { fillWaiting } from './pickings.ts';

export interface OrderCustomer {
  id?: string;
  name?: string;
  email?: string;
  phone?: string;
}

export interface OrderRequest {
  channel: string;
  externalRef: string;
  customer?: string | OrderCustomer;
  warehouse?: string;
  currency?: string;
  lines: { productId: string; qty: number }[];
}

/** Who posts: a channel key (bound to one channel) or a manager/admin session. */
export interface Principal {
  id: string;
  channel?: string;
}

export interface OrderResult {
  status: number;
  body: OrderView;
  replayed: boolean;
}

export async function submitOrder(db: Db, principal: Principal, idemKey: string, req: OrderRequest, now = new Date()): Promise<OrderResult> {
  if (!idemKey || idemKey.length > 200) throw new WarehouseError('bad_request', 'an Idempotency-Key header of 1 to 200 characters is required');
  if (principal.channel !== undefined && principal.channel !== req.channel) throw new WarehouseError('channel_mismatch', `this key posts orders for channel ${principal.channel}, not ${req.channel}`);
  const hash = sha256Hex(canonicalize(req) ?? '');
  return db.transaction(async (tx) => {
    await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
    const [prior] = await tx.query<{ request_hash: string; status_code: number; response: OrderView }>(
      'SELECT request_hash, status_code, response FROM order_requests WHERE principal = $1 AND idem_key = $2',
      [principal.id, idemKey],
    );
    if (prior) {
      if (prior.request_hash !== hash) throw new WarehouseError('idempotency_key_reused', 'this Idempotency-Key was used with another request body');
      return { status: prior.status_code, body: prior.response, replayed: true };
    }
    const dup = await tx.query<{ id: string }>('SELECT id FROM orders WHERE channel = $1 AND external_ref = $2', [req.channel, req.externalRef]);
    if (dup[0]) throw new WarehouseError('duplicate_external_ref', `order ${req.externalRef} of channel ${req.channel} exists already (${dup[0].id}) under another Idempotency-Key`);
    const orderId = await createOrder(tx, req, now);
    const body = await orderView(tx, orderId);
    await tx.query('INSERT INTO order_requests (principal, idem_key, request_hash, status_code, response) VALUES ($1, $2, $3, 201, $4::jsonb)', [
      principal.id, idemKey, hash, JSON.stringify(body),
    ]);
    return { status: 201, body, replayed: false };
  });
}

async function createOrder(tx: Tx, req: OrderRequest, now: Date): Promise<string> {
  if (req.lines.length === 0) throw new WarehouseError('bad_request', 'an order needs at least one line');
  for (const l of req.lines) if (!(l.qty > 0) || round4(l.qty) !== l.qty) throw new WarehouseError('bad_request', `qty of ${l.productId} must be > 0 with at most 4 decimals`);
  const productIds = [...new Set(req.lines.map((l) => l.productId))];
  const products = new Map(
    (await tx.query<{ id: string; price: number; price_includes_tax: boolean }>('SELECT id, price, price_includes_tax FROM products WHERE id = ANY($1::text[]) AND active', [productIds])).map((p) => [p.id, p]),
  );
  const missing = productIds.filter((p) => !products.has(p));
  if (missing.length > 0) throw new WarehouseError('unknown_product', `unknown or inactive products: ${missing.join(', ')}`);
  const customer = typeof req.customer === 'string' ? { id: req.customer } : req.customer;
  let customerId: string | null = null;
  if (customer?.id) {
    const found = await tx.query('SELECT 1 FROM customers WHERE id = $1', [customer.id]);
    if (found.length > 0) customerId = customer.id;
  }
  const warehouses = req.warehouse ? [await warehouseByCode(tx, req.warehouse)] : await listWarehouses(tx);
  if (warehouses.length === 0) throw new WarehouseError('unknown_warehouse', 'no warehouse to route the order to');

  const orderId = uuidv7();
  await tx.query('INSERT INTO orders (id, channel, external_ref, customer_id, customer, currency, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)', [
    orderId, req.channel, req.externalRef, customerId, customer ? JSON.stringify(customer) : null, req.currency ?? 'EUR', now,
  ]);
  const lines = req.lines.map((l, i) => ({ key: uuidv7(), productId: l.productId, qty: l.qty, position: i + 1 }));
  for (const l of lines) {
    const p = products.get(l.productId);
    if (!p) continue;
    await tx.query('INSERT INTO order_lines (id, order_id, position, product_id, qty, unit_price, price_includes_tax) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      l.key, orderId, l.position, l.productId, l.qty, Number(p.price), p.price_includes_tax,
    ]);
  }

  const ctx = new WorkContext(tx, now);
  const quants = await lockQuants(tx, warehouses.map((w) => w.siteId), productIds);
  const stock = warehouses.map((w) => {
    const avail = new Map<string, number>();
    for (const q of quants) {
      if (q.siteId !== w.siteId || !q.locationName.startsWith(`${w.code}/Stock`) || (q.expiry !== undefined && q.expiry < ctx.today)) continue;
      avail.set(q.productId, round4((avail.get(q.productId) ?? 0) + available(q)));
    }
    return { siteId: w.siteId, available: avail };
  });
  const parts = routeOrder(lines, stock, (await loadPolicy(tx)).shortagePolicy);
  for (const w of warehouses) {
    const mine = parts.filter((p) => p.siteId === w.siteId && p.reserve + p.backorder > 0);
    if (mine.length > 0) await deliverFrom(ctx, w, orderId, mine.map((p) => ({ key: p.key, qty: round4(p.reserve + p.backorder), productId: lines.find((l) => l.key === p.key)?.productId ?? '' })));
  }
  await publishTouched(ctx);
  return orderId;
}

/** The first step of the warehouse's route, reserved FEFO; what is not in stock waits in a backorder. */
async function deliverFrom(ctx: WorkContext, w: Warehouse, orderId: string, lines: { key: string; productId: string; qty: number }[]): Promise<void> {
  const first = routeSteps(w.steps)[0] ?? 'ship';
  const ends = stepEnds(first, w.steps, await warehouseLocations(ctx.tx, w.siteId));
  const id = await createPicking(ctx, { kind: 'delivery', step: first, siteId: w.siteId, state: 'waiting', routeSteps: w.steps, orderId },
    lines.map((l) => ({ productId: l.productId, qty: l.qty, fromLocationId: ends.from, toLocationId: ends.to, orderLineId: l.key })));
  await allocatePicking(ctx, id);
}

/** Cancels an open order: releases every reservation, cancels its open pickings, puts picked goods back. */
export async function cancelOrder(db: Db, orderId: string, now = new Date()): Promise<OrderView> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
    const [order] = await tx.query<{ state: string }>('SELECT state FROM orders WHERE id = $1 FOR UPDATE', [orderId]);
    if (!order) throw new WarehouseError('unknown_order', `no order ${orderId}`);
    if (order.state === 'cancelled') return orderView(tx, orderId);
    if (order.state !== 'open') throw new WarehouseError('order_closed', `order ${orderId} is ${order.state}`);
    const ctx = new WorkContext(tx, now);
    await cancelOrderWork(ctx, orderId);
    await fillWaiting(ctx);
    await publishTouched(ctx);
    return orderView(tx, orderId);
  });
}
