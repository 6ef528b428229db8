// A click-and-collect order that lacks units again after intake (docs/channels.md
// "Click-and-collect", issue 16 point 1): a source store's till sold the units the transfer held
// (shortage.ts makeRoom shrinks its line), a count at the source found fewer, or the source's
// station shipped short without a backorder (validate-moves.ts), or the store received it short
// without a backorder (lost in transit, purchase.ts); or a till at the pickup store itself sold
// units the order held there (shortage.ts). In that same transaction the
// units the order now lacks — waiting at the store and covered by no transfer still on its way —
// are routed again as at intake (pickup-transfer.ts): the channel's routing sites, never the
// pickup store nor the site that ran short, stores only above the safety buffer, reserved FEFO
// under one key-ordered lock of those sites' quants, and sent by a new store transfer linked to the
// order. What no site has stays backordered at the store and the channel hears `order.backordered`.
import { round4 } from './errors.ts';
import { lockQuants } from './reservation.ts';
import { orderTransfers } from './order-transfers.ts';
import { orderView } from './order-view.ts';
import { pickupSources, routePickupShortage, touchOrderPickings } from './pickup-transfer.ts';
import type { RouteLine } from './routing.ts';
import type { WorkContext } from './work-context.ts';
import { emitOrderEvent } from '../webhooks/order-events.ts';

/** What re-routing did, for the problem message of the event that caused it. */
export interface Reroute {
  orderRef: string;
  /** New transfers' references with their source's code. */
  sent: { reference: string; from: string }[];
  /** Units that no site could send (backordered at the store). */
  backordered: number;
}

/**
 * Routes again what the pickup order `orderId` waits for at its store and no open transfer covers,
 * from the channel's sites except `shortSiteId` (the source that ran short). Returns null when the
 * order lacks nothing uncovered.
 */
export async function reroutePickupOrder(ctx: WorkContext, orderId: string, shortSiteId: string | null): Promise<Reroute | null> {
  const { tx } = ctx;
  const [order] = await tx.query<{ channel: string; external_ref: string; pickup_site_id: string }>(
    // A till's customer order (channel pos) stays at the store the cashier chose (docs/channels.md section 9).
    `SELECT channel, external_ref, pickup_site_id FROM orders WHERE id = $1 AND state = 'open' AND fulfillment = 'pickup' AND pickup_site_id IS NOT NULL AND channel <> 'pos'`,
    [orderId],
  );
  if (!order) return null;
  // The store's documents of the order say what is on its way (picking-docs.ts): it changes now.
  await touchOrderPickings(ctx, orderId);
  const waiting = await tx.query<{ order_line_id: string; product_id: string; qty: number }>(
    `SELECT pl.order_line_id, pl.product_id, sum(pl.qty) AS qty FROM picking_lines pl JOIN pickings p ON p.id = pl.picking_id JOIN order_lines ol ON ol.id = pl.order_line_id
     WHERE p.order_id = $1 AND p.site_id = $2 AND p.state = 'waiting' AND NOT pl.reserved AND pl.qty > 0
     GROUP BY pl.order_line_id, pl.product_id, ol.position ORDER BY ol.position`,
    [orderId, order.pickup_site_id],
  );
  if (waiting.length === 0) return null;
  // Units still on their way serve the waiting lines in order (as the order view counts them).
  const way = new Map((await orderTransfers(tx, [orderId])).get(orderId)?.onTheWay ?? []);
  const short: RouteLine[] = [];
  for (const w of waiting) {
    const covered = Math.min(Number(w.qty), way.get(w.product_id) ?? 0);
    way.set(w.product_id, round4((way.get(w.product_id) ?? 0) - covered));
    const missing = round4(Number(w.qty) - covered);
    if (missing > 0) short.push({ key: w.order_line_id, productId: w.product_id, qty: missing });
  }
  if (short.length === 0) return null;
  const all = await pickupSources(tx, order.channel, order.pickup_site_id);
  const sources = all ? { ...all, sources: all.sources.filter((s) => s.siteId !== shortSiteId) } : null;
  const before = new Set((await tx.query<{ shipment_id: string }>('SELECT shipment_id FROM pickup_transfers WHERE order_id = $1', [orderId])).map((r) => r.shipment_id));
  let coming = new Map<string, number>();
  if (sources && sources.sources.length > 0) {
    const quants = await lockQuants(tx, sources.sources.map((s) => s.siteId), short.map((l) => l.productId));
    coming = await routePickupShortage(ctx, orderId, sources, short, quants);
  }
  const sent = await tx.query<{ shipment_id: string; reference: string; code: string }>(
    `SELECT t.shipment_id, p.reference, s.code FROM pickup_transfers t JOIN pickings p ON p.id = t.shipment_id JOIN sites s ON s.id = p.site_id
     WHERE t.order_id = $1 ORDER BY p.reference`,
    [orderId],
  );
  const backordered = round4(short.reduce((n, l) => n + l.qty - (coming.get(l.key) ?? 0), 0));
  if (backordered > 0) await emitOrderEvent(tx, 'order.backordered', await orderView(tx, orderId), {}, ctx.now);
  return {
    orderRef: order.external_ref,
    sent: sent.filter((r) => !before.has(r.shipment_id)).map((r) => ({ reference: r.reference, from: r.code })),
    backordered,
  };
}

/** The words a problem message adds about a re-routing ("; WEB-1 re-routed: WH2/OUT/000031 from WH2"). */
export function rerouteText(r: Reroute | null): string {
  if (!r) return '';
  const parts = [
    ...(r.sent.length > 0 ? [`sent again by ${r.sent.map((s) => `${s.reference} from ${s.from}`).join(', ')}`] : []),
    ...(r.backordered > 0 ? [`${r.backordered} backordered at the store (no other site has them)`] : []),
  ];
  return `; pickup order ${r.orderRef}: ${parts.join('; ')}`;
}
