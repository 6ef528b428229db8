// Channel availability: per warehouse, on-hand − reserved − the channel's safety buffer (never
// below 0), and the total over warehouses. Read without locks: it is advice for a shop front;
// the reservation at order time is what never oversells.
import type { Queryable } from '../db/db.ts';
import { round4 } from './errors.ts';
import { channelBuffer } from './policy.ts';

export interface WarehouseAvailability {
  code: string;
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
  const rows = await q.query<{ code: string; on_hand: number; reserved: number }>(
    `SELECT s.code, coalesce(sum(qu.on_hand), 0) AS on_hand, coalesce(sum(qu.reserved), 0) AS reserved
     FROM sites s
       LEFT JOIN locations l ON l.site_id = s.id AND l.usage = 'internal'
       LEFT JOIN quants qu ON qu.location_id = l.id AND qu.product_id = $1
     WHERE s.kind = 'warehouse' GROUP BY s.code ORDER BY s.code`,
    [productId],
  );
  const warehouses = rows.map((r) => {
    const onHand = Number(r.on_hand);
    const reserved = Number(r.reserved);
    return { code: r.code, onHand, reserved, available: Math.max(0, round4(onHand - reserved - buffer)) };
  });
  return { productId, channel, buffer, available: round4(warehouses.reduce((s, w) => s + w.available, 0)), warehouses };
}
