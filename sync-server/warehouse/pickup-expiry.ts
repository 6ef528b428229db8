// Releasing click-and-collect orders nobody collects (docs/channels.md "Click-and-collect"): an
// open pickup order whose collection period — its store's `pickup_hold_days` (default 7) counted
// from `pickup_ready_at` — is over is cancelled with the reason `not_collected`: what it still holds
// is released in the store (available again at once), its pickings are cancelled (so they leave the
// tills' pickup queue on their next pull), what was already handed over stays delivered, and the
// channel gets `order.cancelled` with `reason: "not_collected"` in the same transaction.
// Each server process runs it every `intervalMs`; the clock is injected so tests can move time.
// Several processes may run it at once: each order is re-checked under the feed lock and its row
// lock, so it is released once.
import type { Db } from '../db/db.ts';
import { emitOrderEvent } from '../webhooks/order-events.ts';
import { cancelOrderWork } from './cancel.ts';
import { orderView } from './order-view.ts';
import { fillWaiting } from './pickings.ts';
import { publishTouched, WorkContext } from './work-context.ts';

export const NOT_COLLECTED = 'not_collected';

const DUE = `o.fulfillment = 'pickup' AND o.state = 'open' AND o.pickup_ready_at IS NOT NULL
  AND o.pickup_ready_at + make_interval(days => s.pickup_hold_days) <= $1`;

/** Releases every pickup order whose collection period is over at `now`; returns their ids. */
export async function releaseUncollectedPickups(db: Db, now: Date, limit = 100): Promise<string[]> {
  const due = await db.query<{ id: string }>(
    `SELECT o.id FROM orders o JOIN sites s ON s.id = o.pickup_site_id WHERE ${DUE} ORDER BY o.pickup_ready_at, o.id LIMIT $2`,
    [now, limit],
  );
  const released: string[] = [];
  // One transaction per order: a release never waits for a whole batch, nor blocks the tills' pushes long.
  for (const { id } of due) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
      const [still] = await tx.query<{ id: string }>(`SELECT o.id FROM orders o JOIN sites s ON s.id = o.pickup_site_id WHERE o.id = $2 AND ${DUE} FOR UPDATE OF o`, [now, id]);
      if (!still) return false;
      const ctx = new WorkContext(tx, now);
      const { creditNote } = await cancelOrderWork(ctx, id);
      await tx.query('UPDATE orders SET cancel_reason = $2 WHERE id = $1', [id, NOT_COLLECTED]);
      await fillWaiting(ctx);
      await publishTouched(ctx);
      await emitOrderEvent(tx, 'order.cancelled', await orderView(tx, id), { reason: NOT_COLLECTED, ...(creditNote ? { creditNote } : {}) }, now);
      return true;
    });
    if (done) released.push(id);
  }
  return released;
}
