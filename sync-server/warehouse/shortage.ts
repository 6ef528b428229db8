// Stock that turns out missing. Before a quant's on-hand drops (a count, a pick from another
// place than planned, a late move), reservations beyond what will remain are released, newest
// first. The displaced units of an order are re-planned as a waiting delivery from the stock
// root (FEFO may find them elsewhere); a click-and-collect order's transfer that shrinks is routed
// again from another site (pickup-reroute.ts). Each displacement becomes a 'stock_missing' problem:
// never silent.
import { round4 } from './errors.ts';
import { createPicking, setState } from './pickings.ts';
import { releaseReservation, reservationsOnQuant } from './reservation.ts';
import { type DeliverySteps, routeSteps, stepEnds, warehouseLocations } from './sites.ts';
import type { WorkContext } from './work-context.ts';
import { replanWarehouse } from './channel-routing.ts';
import { siteLocations } from '../pos/site-locations.ts';
import { pickupOrderOfShipment } from './pickup-transfer.ts';
import { reroutePickupOrder, rerouteText } from './pickup-reroute.ts';

interface ReplanSite {
  siteId: string;
  code: string;
  steps: DeliverySteps;
  first: 'pick' | 'pack' | 'ship';
  from: string;
  to: string;
}

/**
 * Where displaced order units wait: a store's units of a shipped (not collected) order go to the
 * channel's first warehouse, which receives stock; everything else waits where it was, a store
 * shipping from its shelves in one step (no dispatch areas made there).
 */
async function replanSite(ctx: WorkContext, orderId: string | undefined, siteId: string, steps: DeliverySteps): Promise<ReplanSite> {
  const wh = orderId ? await replanWarehouse(ctx.tx, orderId, siteId) : null;
  const [site] = await ctx.tx.query<{ code: string; kind: string }>('SELECT code, kind FROM sites WHERE id = $1', [wh?.siteId ?? siteId]);
  if (!wh && site?.kind === 'store') {
    const store = await siteLocations(ctx.tx, siteId);
    return { siteId, code: site.code, steps: 1, first: 'ship', from: store.stock, to: store.customer };
  }
  const at = wh ?? { siteId, steps };
  const first = routeSteps(at.steps)[0] ?? 'ship';
  return { siteId: at.siteId, code: site?.code ?? '', steps: at.steps, first, ...stepEnds(first, at.steps, await warehouseLocations(ctx.tx, at.siteId)) };
}

export interface QuantDecrease {
  productId: string;
  locationId: string;
  lot: string;
  qty: number;
}

/**
 * Makes sure reserved ≤ on-hand still holds after `d` leaves the quant.
 *
 * `cause`: 'missing' — the units are not there (a count); 'taken' — a station took units reserved
 * for other work (it picked elsewhere than planned); 'sold' — a till sold units a click-and-collect
 * order held in the store (a real sale is never refused). All re-plan the displaced order units.
 */
export async function makeRoom(ctx: WorkContext, d: QuantDecrease, cause: 'missing' | 'taken' | 'sold' = 'missing'): Promise<void> {
  const { tx } = ctx;
  const [q] = await tx.query<{ on_hand: number; reserved: number; site_id: string }>(
    `SELECT q.on_hand, q.reserved, l.site_id FROM quants q JOIN locations l ON l.id = q.location_id
     WHERE q.product_id = $1 AND q.location_id = $2 AND q.lot = $3 FOR UPDATE OF q`,
    [d.productId, d.locationId, d.lot],
  );
  if (!q) return;
  let excess = round4(Number(q.reserved) - Math.max(0, round4(Number(q.on_hand) - d.qty)));
  if (excess <= 0) return;
  for (const r of await reservationsOnQuant(tx, d.productId, d.locationId, d.lot)) {
    if (excess <= 0) break;
    const take = await releaseReservation(ctx, r.picking_line_id, excess);
    excess = round4(excess - take);
    const [line] = await tx.query<{ picking_id: string; kind: string; route_steps: number; reference: string; to_location_id: string; state: string }>(
      `UPDATE picking_lines l SET qty = l.qty - $2 FROM pickings p WHERE l.id = $1 AND p.id = l.picking_id
       RETURNING l.picking_id, p.kind, p.route_steps, p.reference, l.to_location_id, p.state`,
      [r.picking_line_id, take],
    );
    if (!line) continue;
    ctx.pickings.add(line.picking_id);
    const left = await tx.query('SELECT 1 FROM picking_lines WHERE picking_id = $1 AND qty > 0 LIMIT 1', [line.picking_id]);
    if (left.length === 0 && line.state !== 'done') await setState(ctx, line.picking_id, 'cancelled');
    let replan = '';
    if (line.kind === 'delivery' && r.order_line_id) {
      const [ol] = await tx.query<{ order_id: string }>('SELECT order_id FROM order_lines WHERE id = $1', [r.order_line_id]);
      const at = await replanSite(ctx, ol?.order_id, q.site_id, line.route_steps as DeliverySteps);
      await createPicking(ctx, { kind: 'delivery', step: at.first, siteId: at.siteId, state: 'waiting', routeSteps: at.steps, ...(ol ? { orderId: ol.order_id } : {}), backorderOf: line.picking_id }, [
        { productId: d.productId, qty: take, fromLocationId: at.from, toLocationId: at.to, orderLineId: r.order_line_id },
      ]);
      ctx.free(at.siteId, d.productId);
      replan = at.siteId === q.site_id ? '; re-planned as a waiting delivery' : `; re-planned as a waiting delivery from ${at.code}`;
      // A pickup order waiting at its own store again: what it lacks comes by transfer, as at intake.
      if (ol && at.siteId === q.site_id) replan += rerouteText(await reroutePickupOrder(ctx, ol.order_id, null));
    } else if (line.kind === 'delivery' && !r.order_line_id) {
      // A transfer's line shrank: if it travelled for a pickup order, what the order lost is sent from elsewhere.
      const orderId = await pickupOrderOfShipment(ctx, line.picking_id);
      if (orderId) replan = rerouteText(await reroutePickupOrder(ctx, orderId, q.site_id));
    }
    const [product] = await tx.query<{ name: string }>('SELECT name FROM products WHERE id = $1', [d.productId]);
    const what = `${take} × ${product?.name ?? d.productId}${d.lot ? ` lot ${d.lot}` : ''} reserved for ${line.reference}`;
    ctx.problems.push(cause === 'missing'
      ? { code: 'stock_missing', message: `${what} are not at the location${replan}`, severity: 'warning' }
      : cause === 'sold'
        ? { code: 'reservation_sold', message: `${what} were sold at the till${replan}`, severity: 'warning' }
        : { code: 'reservation_taken', message: `${what} were taken by this picking instead of the planned ones${replan}`, severity: 'info' });
  }
}
