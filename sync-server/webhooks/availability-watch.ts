// stock.available_changed, debounced: instead of an event per stock move (a till selling the same
// product ten times a minute), the watcher wakes every few seconds, reads which products' quants
// changed since its cursor (the quants' feed numbers, assigned under the feed lock so a cursor
// never skips a row committed late), recomputes each subscribed channel's availability
// (warehouse/availability.ts) and emits an event only where the number differs from the last one
// announced. Cursor, "last announced" and outbox rows are written in one transaction; the cursor
// row is locked SKIP LOCKED, so with several server processes one watcher runs at a time.
import type { Db } from '../db/db.ts';
import { availability } from '../warehouse/availability.ts';
import { emitWebhook } from './outbox.ts';

const TYPE = 'stock.available_changed';

/** Returns how many events were written (0 when another process holds the watcher). */
export async function watchAvailability(db: Db, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const [cursor] = await tx.query<{ change_seq: number }>('SELECT change_seq FROM webhook_stock_cursor FOR UPDATE SKIP LOCKED');
    if (!cursor) return 0;
    const from = Number(cursor.change_seq);
    const [top] = await tx.query<{ seq: number | null }>('SELECT max(change_seq) AS seq FROM quants WHERE change_seq > $1', [from]);
    const to = top?.seq === null || top?.seq === undefined ? from : Number(top.seq);
    if (to === from) return 0;
    await tx.query('UPDATE webhook_stock_cursor SET change_seq = $1', [to]);
    const subs = await tx.query<{ channel: string | null }>(`SELECT DISTINCT channel FROM webhook_endpoints WHERE enabled AND $1 = ANY (event_types)`, [TYPE]);
    if (subs.length === 0) return 0;
    // An endpoint without a channel hears every channel that has a key, a buffer or an endpoint.
    const channels = new Set(subs.flatMap((s) => (s.channel ? [s.channel] : [])));
    if (subs.some((s) => s.channel === null)) {
      const known = await tx.query<{ channel: string }>(
        `SELECT channel FROM channel_api_keys WHERE revoked_at IS NULL UNION SELECT channel FROM channel_buffers
         UNION SELECT channel FROM webhook_endpoints WHERE channel IS NOT NULL`,
      );
      for (const k of known) channels.add(k.channel);
    }
    const products = await tx.query<{ product_id: string }>('SELECT DISTINCT product_id FROM quants WHERE change_seq > $1 AND change_seq <= $2 ORDER BY product_id', [from, to]);
    let written = 0;
    for (const channel of [...channels].sort()) {
      for (const { product_id: productId } of products) {
        const a = await availability(tx, productId, channel);
        const [prev] = await tx.query<{ available: number }>('SELECT available FROM webhook_availability_sent WHERE channel = $1 AND product_id = $2', [channel, productId]);
        if (prev && Number(prev.available) === a.available) continue;
        await tx.query(
          `INSERT INTO webhook_availability_sent (channel, product_id, available, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (channel, product_id) DO UPDATE SET available = EXCLUDED.available, updated_at = EXCLUDED.updated_at`,
          [channel, productId, a.available, now],
        );
        await emitWebhook(tx, { type: TYPE, resource: `availability:${channel}:${productId}`, channel, data: a }, now);
        written += 1;
      }
    }
    return written;
  });
}
