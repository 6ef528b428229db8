// The transfers that bring a click-and-collect order's goods to its store (pickup-transfer.ts), as
// GET /api/orders/:id shows them: each transfer with its state, and per product the units still on
// their way (to ship, or shipped and not received yet) — what makes the order "in transit to the store".
import type { Queryable } from '../db/db.ts';
import { round4 } from './errors.ts';

/** What GET /api/orders/:id shows of a transfer that brings a pickup order's goods to its store. */
export interface OrderTransferView {
  reference: string;
  /** The sending site's code. */
  from: string;
  /** to_ship: not sent yet; in_transit: sent, not received; arrived: received at the store; cancelled. */
  state: 'to_ship' | 'in_transit' | 'arrived' | 'cancelled';
  /** When the source shipped it (ISO instant); absent while it is to ship or when cancelled. */
  sentAt?: string;
  /** What the transfer carries (units still on their way while not arrived). */
  lines: { productId: string; qty: number }[];
}

export interface OrderTransfers {
  transfers: OrderTransferView[];
  /** product → units sent or to be sent and not received yet. */
  onTheWay: Map<string, number>;
}

/** The transfers of the pickup orders among `orderIds` (with their backorders), by order. */
export async function orderTransfers(q: Queryable, orderIds: readonly string[]): Promise<Map<string, OrderTransfers>> {
  const rows = await q.query<{ order_id: string; id: string; reference: string; source: string; state: string; sent_at: string | null; product_id: string; qty: number; open_arrival: number; arrivals: number }>(
    `WITH RECURSIVE sh (order_id, id) AS (
       SELECT t.order_id, t.shipment_id FROM pickup_transfers t WHERE t.order_id = ANY($1::text[])
       UNION ALL SELECT sh.order_id, p.id FROM pickings p JOIN sh ON p.backorder_of = sh.id WHERE p.kind = 'delivery')
     SELECT sh.order_id, p.id, p.reference, s.code AS source, p.state, CASE WHEN p.state = 'done' THEN iso_utc(p.done_at) END AS sent_at, l.product_id, l.qty,
       coalesce((SELECT sum(rl.qty - rl.done_qty) FROM pickings r JOIN picking_lines rl ON rl.picking_id = r.id
                 WHERE r.previous_step = p.id AND r.state IN ('ready', 'in_progress') AND rl.product_id = l.product_id), 0) AS open_arrival,
       (SELECT count(*) FROM pickings r WHERE r.previous_step = p.id AND r.state IN ('ready', 'in_progress')) AS arrivals
     FROM sh JOIN pickings p ON p.id = sh.id JOIN sites s ON s.id = p.site_id JOIN picking_lines l ON l.picking_id = p.id
     WHERE l.qty > 0 ORDER BY p.created_at, p.reference, l.position`,
    [[...orderIds]],
  );
  const out = new Map<string, OrderTransfers>();
  for (const r of rows) {
    const o = out.get(r.order_id) ?? { transfers: [], onTheWay: new Map<string, number>() };
    out.set(r.order_id, o);
    let t = o.transfers.find((x) => x.reference === r.reference);
    const state: OrderTransferView['state'] = r.state === 'cancelled' ? 'cancelled'
      : r.state !== 'done' ? 'to_ship' : Number(r.arrivals) > 0 ? 'in_transit' : 'arrived';
    if (!t) {
      t = { reference: r.reference, from: r.source, state, ...(r.sent_at ? { sentAt: r.sent_at } : {}), lines: [] };
      o.transfers.push(t);
    }
    const qty = Number(r.qty);
    const existing = t.lines.find((l) => l.productId === r.product_id);
    if (existing) existing.qty = round4(existing.qty + qty);
    else t.lines.push({ productId: r.product_id, qty });
    // A shipment's product appears once per line; its arrival is counted once per product.
    const way = state === 'to_ship' ? qty : 0;
    if (way > 0) o.onTheWay.set(r.product_id, round4((o.onTheWay.get(r.product_id) ?? 0) + way));
  }
  // Sent and not yet received: the open arrivals' remaining units, once per shipment and product.
  const seen = new Set<string>();
  for (const r of rows) {
    const key = `${r.id}|${r.product_id}`;
    if (r.state !== 'done' || seen.has(key)) continue;
    seen.add(key);
    const left = Number(r.open_arrival);
    const o = out.get(r.order_id);
    if (o && left > 0) o.onTheWay.set(r.product_id, round4((o.onTheWay.get(r.product_id) ?? 0) + left));
  }
  return out;
}
