// Channel availability: per site that ships the channel's orders (its warehouses, and its stores
// when its routing ships from store — channel-routing.ts), on-hand − reserved − the channel's
// safety buffer (never below 0), and the total. Read without locks: it is advice for a shop
// front; the reservation at order time is what never oversells.
import type { Queryable } from '../db/db.ts';
import { routingCandidates } from './channel-routing.ts';
import { round4 } from './errors.ts';
import { channelBuffer } from './policy.ts';

export interface WarehouseAvailability {
  code: string;
  /** Present for stores only (ship from store); warehouses keep the shape channels know. */
  kind?: 'store';
  onHand: number;
  reserved: number;
  available: number;
}

export interface Availability {
  productId: string;
  channel: string;
  buffer: number;
  available: number;
  warehouses: WarehouseAvailability[];
}

export async function availability(q: Queryable, productId: string, channel: string): Promise<Availability> {
  const buffer = await channelBuffer(q, channel);
  // The sites the channel's routing may ship from: its warehouses, and its stores when it ships from store.
  const { sites } = await routingCandidates(q, channel);
  const rows = await q.query<{ code: string; kind: string; on_hand: number; reserved: number }>(
    `SELECT s.code, s.kind, coalesce(sum(qu.on_hand), 0) AS on_hand, coalesce(sum(qu.reserved), 0) AS reserved
     FROM sites s
       LEFT JOIN locations l ON l.site_id = s.id AND l.usage = 'internal'
       LEFT JOIN quants qu ON qu.location_id = l.id AND qu.product_id = $1
     WHERE s.id = ANY($2::text[]) GROUP BY s.code, s.kind ORDER BY s.kind DESC, s.code`,
    [productId, sites.map((s) => s.siteId)],
  );
  const warehouses = rows.map((r) => {
    const onHand = Number(r.on_hand);
    const reserved = Number(r.reserved);
    return { code: r.code, ...(r.kind === 'store' ? { kind: 'store' as const } : {}), onHand, reserved, available: Math.max(0, round4(onHand - reserved - buffer)) };
  });
  return { productId, channel, buffer, available: round4(warehouses.reduce((s, w) => s + w.available, 0)), warehouses };
}
