// Returns by post (docs/channels.md "Returns by post"): a channel — or a manager for the customer
// who calls — announces delivered goods coming back; Aisle opens a ready receipt at the warehouse
// that takes the parcel in (the order's last shipping warehouse unless named), from the customer
// into stock, or into the warehouse's scrap location for goods announced damaged. Its reference
// (WH1/IN/000123) is the return's number to print on the parcel. Receiving it is
// return-receipt.ts; what is still expected can be cancelled. An announcement may never exceed what
// was delivered less what came back and what open returns already expect, so two returns cannot
// both claim the same unit. Answers are idempotent per caller and Idempotency-Key.
import { v7 as uuidv7 } from 'uuid';
import { announceableQty, type ReturnRequestBody, type ReturnRequestState, type ReturnRequestView } from '../../shared/channel-api/return-requests.ts';
import type { Db, Queryable, Tx } from '../db/db.ts';
import { canonicalJson } from '../events/canonical-json.ts';
import { sha256Hex } from '../security/secrets.ts';
import { emitOrderEvent } from '../webhooks/order-events.ts';
import { WarehouseError, round4 } from './errors.ts';
import { orderView } from './order-view.ts';
import { createPicking, setState } from './pickings.ts';
import type { Principal } from './orders.ts';
import { settleReturnState } from './return-receipt.ts';
import { listWarehouses, warehouseByCode, warehouseLocations } from './sites.ts';
import { publishTouched, WorkContext } from './work-context.ts';

/** What a caller's answer carries: 201 for a new return, 200 for the same key and body again. */
export interface ReturnRequestResult {
  status: 200 | 201;
  body: ReturnRequestView;
  replayed: boolean;
}

/** Runs in the change's transaction with the return as it now stands (the back office's audit entry). */
export type ReturnRecorded = (tx: Tx, view: ReturnRequestView) => Promise<void>;

interface OrderRow {
  id: string;
  channel: string;
  external_ref: string;
  pay_at_pickup: boolean;
  deposit: string;
}

const qtyText = (n: number): string => n.toLocaleString('en', { maximumFractionDigits: 4 });

/** The order as `principal` may see it: a channel key reads its own channel's orders only. */
async function lockOrder(tx: Tx, principal: Principal, orderId: string): Promise<OrderRow> {
  const [order] = await tx.query<OrderRow>('SELECT id, channel, external_ref, pay_at_pickup, deposit FROM orders WHERE id = $1 FOR UPDATE', [orderId]);
  if (!order || (principal.channel !== undefined && principal.channel !== order.channel)) throw new WarehouseError('unknown_order', `no order ${orderId}`);
  return order;
}

/** The warehouse that takes the parcel in: the one named, else the one that shipped the order last, else the first in routing order. */
async function receivingSite(tx: Tx, orderId: string, code: string | undefined): Promise<string> {
  if (code !== undefined) return (await warehouseByCode(tx, code)).siteId;
  const [shipped] = await tx.query<{ site_id: string }>(
    `SELECT p.site_id FROM pickings p JOIN sites s ON s.id = p.site_id
     WHERE p.order_id = $1 AND p.kind = 'delivery' AND p.state = 'done' AND s.kind = 'warehouse' ORDER BY p.done_at DESC NULLS LAST, p.id DESC LIMIT 1`,
    [orderId],
  );
  if (shipped) return shipped.site_id;
  const first = (await listWarehouses(tx))[0];
  if (!first) throw new WarehouseError('unknown_warehouse', 'there is no warehouse to take the return in');
  return first.siteId;
}

/** Announces a return (POST /api/orders/:id/returns). The feed lock orders it with receipts and order changes. */
export async function requestReturn(db: Db, principal: Principal, idemKey: string, orderId: string, body: ReturnRequestBody, now = new Date(), recorded?: ReturnRecorded): Promise<ReturnRequestResult> {
  if (!idemKey || idemKey.length > 200) throw new WarehouseError('bad_request', 'an Idempotency-Key header of 1 to 200 characters is required');
  const hash = sha256Hex(canonicalJson({ orderId, ...body }));
  return db.transaction(async (tx) => {
    await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
    const [prior] = await tx.query<{ id: string; request_hash: string }>('SELECT id, request_hash FROM return_requests WHERE requested_by = $1 AND request_key = $2', [principal.id, idemKey]);
    if (prior) {
      if (prior.request_hash !== hash) throw new WarehouseError('idempotency_key_reused', 'this Idempotency-Key was used with another return');
      return { status: 200, body: await returnView(tx, prior.id), replayed: true };
    }
    const order = await lockOrder(tx, principal, orderId);
    if (order.pay_at_pickup || Number(order.deposit) > 0) {
      throw new WarehouseError('paid_at_store', `order ${order.external_ref} was paid at a store's till: the customer returns it at a store, which refunds it there`);
    }
    const seen = new Set<string>();
    for (const l of body.lines) {
      if (seen.has(l.orderLineId)) throw new WarehouseError('bad_request', `order line ${l.orderLineId} is listed twice; give its whole quantity once`);
      seen.add(l.orderLineId);
    }
    const rows = await tx.query<{ id: string; product_id: string; name: string; unit: string; delivered: string; returned: string; expected: string }>(
      `SELECT ol.id, ol.product_id, p.name, p.unit, ol.delivered, ol.returned,
         coalesce((SELECT sum(greatest(rl.qty - rl.received, 0)) FROM return_request_lines rl JOIN return_requests r ON r.id = rl.request_id
                   WHERE rl.order_line_id = ol.id AND r.state IN ('expected', 'partly_received')), 0) AS expected
       FROM order_lines ol JOIN products p ON p.id = ol.product_id WHERE ol.order_id = $1 ORDER BY ol.position FOR UPDATE OF ol`,
      [orderId],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const l of body.lines) {
      const row = byId.get(l.orderLineId);
      if (!row) throw new WarehouseError('unknown_order_line', `order ${order.external_ref} has no line ${l.orderLineId}`);
      if (row.unit === 'unit' && !Number.isInteger(l.qty)) throw new WarehouseError('fractional_quantity', `${row.name} comes back by the unit: qty must be a whole number, got ${l.qty}`);
      const line = { delivered: Number(row.delivered), returned: Number(row.returned), expected: Number(row.expected) };
      const may = announceableQty(line);
      if (l.qty > may) {
        const parts = [`${qtyText(line.delivered)} delivered`];
        if (line.returned > 0) parts.push(`${qtyText(line.returned)} already returned`);
        if (line.expected > 0) parts.push(`${qtyText(line.expected)} already expected back`);
        throw new WarehouseError('over_return', `${qtyText(l.qty)} × ${row.name} cannot be announced for order ${order.external_ref}: ${parts.join(', ')} — ${may > 0 ? `at most ${qtyText(may)} more` : 'nothing more'} can come back`);
      }
    }
    const siteId = await receivingSite(tx, orderId, body.warehouse);
    const locs = await warehouseLocations(tx, siteId);
    const damaged = body.lines.some((l) => l.restock === false);
    const [scrap] = damaged ? await tx.query<{ id: string }>(`SELECT id FROM locations WHERE site_id = $1 AND usage = 'scrap' ORDER BY full_name LIMIT 1`, [siteId]) : [];
    if (damaged && !scrap) throw new WarehouseError('unknown_location', `${locs.code} has no scrap location for goods announced damaged; add one or announce them to restock`);
    const id = uuidv7();
    await tx.query(
      `INSERT INTO return_requests (id, order_id, site_id, requested_by, request_key, request_hash, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, orderId, siteId, principal.id, idemKey, hash, body.reason?.trim() || null, now],
    );
    await tx.query(
      `INSERT INTO return_request_lines (request_id, order_line_id, qty, restock) SELECT $1, x.id, x.qty, x.restock FROM unnest($2::text[], $3::numeric[], $4::boolean[]) AS x(id, qty, restock)`,
      [id, body.lines.map((l) => l.orderLineId), body.lines.map((l) => round4(l.qty)), body.lines.map((l) => String(l.restock !== false))],
    );
    const ctx = new WorkContext(tx, now);
    await createPicking(ctx, { kind: 'receipt', step: 'receive', siteId, state: 'ready', returnRequestId: id }, body.lines.map((l) => ({
      productId: byId.get(l.orderLineId)?.product_id ?? '', qty: round4(l.qty), fromLocationId: locs.customerId, toLocationId: l.restock === false ? (scrap?.id ?? locs.stockId) : locs.stockId, returnOrderLineId: l.orderLineId,
    })));
    await publishTouched(ctx);
    const view = await returnView(tx, id);
    await emitOrderEvent(tx, 'return.requested', await orderView(tx, orderId), { return: view }, now);
    await recorded?.(tx, view);
    return { status: 201, body: view, replayed: false };
  });
}

/** Cancels what a return still expects (its open receipts). Closed returns and a receipt a station is working are refused. */
export async function cancelReturn(db: Db, principal: Principal, orderId: string, returnId: string, now = new Date(), recorded?: ReturnRecorded): Promise<ReturnRequestView> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
    await lockOrder(tx, principal, orderId);
    const [r] = await tx.query<{ state: ReturnRequestState }>('SELECT state FROM return_requests WHERE id = $1 AND order_id = $2 FOR UPDATE', [returnId, orderId]);
    if (!r) throw new WarehouseError('unknown_return', `order ${orderId} has no return ${returnId}`);
    const open = await tx.query<{ id: string; reference: string; state: string }>(
      `SELECT id, reference, state FROM pickings WHERE return_request_id = $1 AND state IN ('ready', 'in_progress', 'waiting') ORDER BY id FOR UPDATE`, [returnId],
    );
    if (open.length === 0) throw new WarehouseError('return_closed', `this return was already ${r.state === 'cancelled' ? 'cancelled' : 'received'}: there is nothing left to cancel`);
    const busy = open.find((p) => p.state === 'in_progress');
    if (busy) throw new WarehouseError('picking_busy', `${busy.reference} is being received by a scanner station; let it finish there`);
    const ctx = new WorkContext(tx, now);
    for (const p of open) await setState(ctx, p.id, 'cancelled');
    await settleReturnState(ctx, returnId);
    await publishTouched(ctx);
    const view = await returnView(tx, returnId);
    await emitOrderEvent(tx, 'return.cancelled', await orderView(tx, orderId), { return: view }, now);
    await recorded?.(tx, view);
    return view;
  });
}

/** An order's returns, newest first (GET /api/orders/:id/returns). */
export async function listReturns(db: Db, principal: Principal, orderId: string): Promise<ReturnRequestView[]> {
  return db.transaction(async (tx) => {
    const [order] = await tx.query<{ channel: string }>('SELECT channel FROM orders WHERE id = $1', [orderId]);
    if (!order || (principal.channel !== undefined && principal.channel !== order.channel)) throw new WarehouseError('unknown_order', `no order ${orderId}`);
    return returnViews(tx, { orderId });
  });
}

export async function returnView(q: Queryable, id: string): Promise<ReturnRequestView> {
  const [view] = await returnViews(q, { id });
  if (!view) throw new WarehouseError('unknown_return', `no return ${id}`);
  return view;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

async function returnViews(q: Queryable, by: { id: string } | { orderId: string }): Promise<ReturnRequestView[]> {
  const heads = await q.query<{
    id: string; order_id: string; external_ref: string; channel: string; currency: string; code: string; name: string; state: ReturnRequestState;
    reason: string | null; requested_by: string; created_at: Date | string; closed_at: Date | string | null;
  }>(
    `SELECT r.id, r.order_id, o.external_ref, o.channel, o.currency, s.code, s.name, r.state, r.reason, r.requested_by, r.created_at, r.closed_at
     FROM return_requests r JOIN orders o ON o.id = r.order_id JOIN sites s ON s.id = r.site_id
     WHERE ${'id' in by ? 'r.id = $1' : 'r.order_id = $1'} ORDER BY r.created_at DESC, r.id DESC`,
    ['id' in by ? by.id : by.orderId],
  );
  if (heads.length === 0) return [];
  const ids = heads.map((h) => h.id);
  const lines = await q.query<{ request_id: string; order_line_id: string; product_id: string; name: string; sku: string; qty: string; received: string; restock: boolean }>(
    `SELECT rl.request_id, rl.order_line_id, ol.product_id, p.name, p.sku, rl.qty, rl.received, rl.restock
     FROM return_request_lines rl JOIN order_lines ol ON ol.id = rl.order_line_id JOIN products p ON p.id = ol.product_id
     WHERE rl.request_id = ANY($1::text[]) ORDER BY ol.position`,
    [ids],
  );
  const receipts = await q.query<{ id: string; reference: string; state: string; return_request_id: string }>(
    'SELECT id, reference, state, return_request_id FROM pickings WHERE return_request_id = ANY($1::text[]) ORDER BY created_at, id', [ids],
  );
  const credits = await q.query<{ request_id: string; credit_note: string; refund_to_order: string; credit_of: string | null }>(
    `SELECT r.request_id, r.credit_note, r.refund_to_order, inv.number AS credit_of
     FROM order_returns r LEFT JOIN invoices cn ON cn.number = r.credit_note AND cn.kind = 'credit_note' LEFT JOIN invoices inv ON inv.id = cn.credit_of
     WHERE r.request_id = ANY($1::text[]) ORDER BY r.returned_at, r.event_id`,
    [ids],
  );
  return heads.map((h) => {
    const mine = credits.filter((c) => c.request_id === h.id);
    return {
      returnId: h.id, orderId: h.order_id, orderRef: h.external_ref, channel: h.channel, currency: h.currency.trim(),
      warehouse: { code: h.code, name: h.name }, state: h.state, reason: h.reason, requestedBy: h.requested_by,
      createdAt: iso(h.created_at) ?? '', closedAt: iso(h.closed_at),
      receipts: receipts.filter((p) => p.return_request_id === h.id).map((p) => ({ pickingId: p.id, reference: p.reference, state: p.state })),
      lines: lines.filter((l) => l.request_id === h.id).map((l) => ({
        orderLineId: l.order_line_id, productId: l.product_id, name: l.name, sku: l.sku, qty: Number(l.qty), received: Number(l.received), restock: l.restock,
      })),
      creditNotes: mine.map((c) => ({ number: c.credit_note, total: Number(c.refund_to_order), creditOf: c.credit_of })),
      refundToOrderPayment: mine.reduce((a, c) => a + Number(c.refund_to_order), 0),
    };
  });
}
