// Click-and-collect routed by a transfer (issue 16 point 1, docs/channels.md "Click-and-collect").
// A pickup order is reserved in its store; what the store lacks is looked for at the sites the
// channel's routing policy names (warehouses by priority for `warehouse-first`; other stores only
// above the channel's safety buffer, which their tills keep), reserved there FEFO under the same
// quant locks as the order (order-intake.ts locks the store and these sites in one key-ordered
// statement: no oversell, no lock-order deadlock), and shipped to the store by a store transfer
// (transfers.ts: a one-step shipment into the source's transit location, arriving as a receipt at
// the store). The store's own picking keeps the missing units waiting, unreserved, as before; when
// the transfer's goods are received at the store, that order's waiting units are served first
// (before any older waiting order could take them), so the order becomes ready for pickup and the
// channel hears `order.ready_for_pickup` (pickup-ready.ts) in the receiving transaction. What no
// site has waits at the store as a backorder, as before.
import type { Queryable } from '../db/db.ts';
import { round4 } from './errors.ts';
import { available, planFefo } from '../../shared/stock/fefo.ts';
import { routingCandidates } from './channel-routing.ts';
import { channelBuffer } from './policy.ts';
import { allocatePicking, createPicking, type NewLine } from './pickings.ts';
import { markPickupsReady } from './pickup-ready.ts';
import type { LockedQuant } from './reservation.ts';
import { richestFirst, routeOrder, type RouteLine, type RouteWarehouse } from './routing.ts';
import type { WorkContext } from './work-context.ts';

/** A site that may send a pickup store what it lacks. */
export interface PickupSource {
  siteId: string;
  code: string;
  /** Goods are taken from here and below (FEFO). */
  stockId: string;
  /** Where the goods travel (the source's transit location). */
  transitId: string;
  /** Units per product left on a store's shelf for its tills. */
  buffer: number;
}

export interface PickupSources {
  sources: PickupSource[];
  richest: boolean;
  /** The pickup store's Stock, where the transfers arrive. */
  arrivalId: string;
}

/** The sites, in the channel's routing order, that may send `storeId` what it lacks (master data only: runs before any lock). */
export async function pickupSources(q: Queryable, channel: string, storeId: string): Promise<PickupSources | null> {
  const [arrival] = await q.query<{ id: string }>(`SELECT l.id FROM locations l JOIN sites s ON s.id = l.site_id WHERE s.id = $1 AND l.full_name = s.code || '/Stock'`, [storeId]);
  if (!arrival) return null;
  const { policy, sites } = await routingCandidates(q, channel);
  const others = sites.filter((s) => s.siteId !== storeId);
  if (others.length === 0) return null;
  const rows = await q.query<{ id: string; stock: string | null; transit: string | null }>(
    `SELECT s.id,
       (SELECT l.id FROM locations l WHERE l.site_id = s.id AND l.full_name = s.code || '/Stock') AS stock,
       (SELECT l.id FROM locations l WHERE l.site_id = s.id AND l.usage = 'transit' ORDER BY l.full_name LIMIT 1) AS transit
     FROM sites s WHERE s.id = ANY($1::text[])`,
    [others.map((s) => s.siteId)],
  );
  const buffer = others.some((s) => s.kind === 'store') ? await channelBuffer(q, channel) : 0;
  const sources = others.flatMap((s): PickupSource[] => {
    const r = rows.find((x) => x.id === s.siteId);
    // A site without a Stock or a transit location cannot send a transfer (transfers.ts says the same).
    return r?.stock && r.transit ? [{ siteId: s.siteId, code: s.code, stockId: r.stock, transitId: r.transit, buffer: s.kind === 'store' ? buffer : 0 }] : [];
  });
  return sources.length > 0 ? { sources, richest: policy === 'stock-richest', arrivalId: arrival.id } : null;
}

const fresh = (s: PickupSource, q: LockedQuant, today: string): boolean =>
  q.siteId === s.siteId && (q.locationId === s.stockId || q.locationName.startsWith(`${s.code}/Stock/`)) && (q.expiry === undefined || q.expiry >= today);

/**
 * Reserves at the sources what the store lacks (`short`: order line → units) and makes one ready
 * transfer per source to the store, linked to the order. `quants` are the locked quants of the
 * order's products at the sources; reserving updates them. Returns the units on their way per line.
 */
export async function routePickupShortage(
  ctx: WorkContext, orderId: string, from: PickupSources, short: readonly RouteLine[], quants: LockedQuant[],
): Promise<Map<string, number>> {
  const stock: RouteWarehouse[] = from.sources.map((s) => {
    const avail = new Map<string, number>();
    for (const q of quants) if (fresh(s, q, ctx.today)) avail.set(q.productId, round4((avail.get(q.productId) ?? 0) + available(q)));
    if (s.buffer > 0) for (const [p, n] of avail) avail.set(p, Math.max(0, round4(n - s.buffer)));
    return { siteId: s.siteId, available: avail };
  });
  // One source for the whole shortage when one has it (one parcel), else each line from the sources in order.
  const parts = routeOrder(short, from.richest ? richestFirst(short, stock) : stock, 'split').filter((p) => p.reserve > 0);
  const coming = new Map<string, number>();
  for (const s of from.sources) {
    const lines: NewLine[] = [];
    for (const part of parts.filter((p) => p.siteId === s.siteId)) {
      const line = short.find((l) => l.key === part.key);
      if (!line) continue;
      for (const a of planFefo(quants.filter((q) => q.productId === line.productId && fresh(s, q, ctx.today)), part.reserve, ctx.today)) {
        a.quant.reserved = round4(a.quant.reserved + a.qty);
        lines.push({ productId: line.productId, qty: a.qty, fromLocationId: a.quant.locationId, toLocationId: s.transitId, lot: a.quant.lot, expiry: a.quant.expiry ?? null, reserve: true });
        coming.set(line.key, round4((coming.get(line.key) ?? 0) + a.qty));
      }
    }
    if (lines.length === 0) continue;
    // Accepted already (reserved, on the source's stations' work list): the order asked for it.
    const shipment = await createPicking(ctx, { kind: 'delivery', step: 'ship', siteId: s.siteId, state: 'ready', arrivalLocationId: from.arrivalId }, lines);
    await ctx.tx.query('INSERT INTO pickup_transfers (shipment_id, order_id, created_at) VALUES ($1, $2, $3)', [shipment, orderId, ctx.now]);
  }
  return coming;
}

/**
 * A transfer's goods were received at a store: if they travelled for a pickup order, that order's
 * waiting units there are reserved first (the goods are its), and it becomes ready when nothing
 * else waits. The transfer's later shipments (backorders of a short shipment) keep the link.
 */
export async function servePickupArrival(ctx: WorkContext, shipmentId: string, storeId: string): Promise<void> {
  const orderId = await pickupOrderOfShipment(ctx, shipmentId, storeId);
  if (!orderId) return;
  const waiting = await ctx.tx.query<{ id: string }>(
    `SELECT id FROM pickings WHERE order_id = $1 AND site_id = $2 AND state = 'waiting' ORDER BY created_at, id`,
    [orderId, storeId],
  );
  for (const w of waiting) await allocatePicking(ctx, w.id);
  await markPickupsReady(ctx, [orderId]);
  await touchOrderPickings(ctx, orderId);
}

/** Republishes an order's pickings: their documents carry its transfers (picking-docs.ts), which changed. */
export async function touchOrderPickings(ctx: WorkContext, orderId: string): Promise<void> {
  for (const p of await ctx.tx.query<{ id: string }>(`SELECT id FROM pickings WHERE order_id = $1 AND state NOT IN ('done', 'cancelled')`, [orderId])) ctx.pickings.add(p.id);
}

/** The open pickup order (at `storeId` when given) a transfer shipment, or one of its backorders, travels for. */
export async function pickupOrderOfShipment(ctx: WorkContext, shipmentId: string, storeId?: string): Promise<string | null> {
  const [link] = await ctx.tx.query<{ order_id: string }>(
    `WITH RECURSIVE up (id, backorder_of) AS (
       SELECT id, backorder_of FROM pickings WHERE id = $1
       UNION ALL SELECT p.id, p.backorder_of FROM pickings p JOIN up ON p.id = up.backorder_of)
     SELECT t.order_id FROM pickup_transfers t JOIN up ON up.id = t.shipment_id JOIN orders o ON o.id = t.order_id
     WHERE o.state = 'open' AND o.fulfillment = 'pickup' AND ($2::text IS NULL OR o.pickup_site_id = $2) LIMIT 1`,
    [shipmentId, storeId ?? null],
  );
  return link?.order_id ?? null;
}
