// A click-and-collect order becomes ready for pickup when everything of it is held in its store:
// at intake (order-intake.ts), or later when the store's stock grows and its waiting units are
// reserved (fillWaiting). Then its collection period starts (`pickup_ready_at`, which the release
// of uncollected orders counts from: pickup-expiry.ts) and the channel is told
// (`order.ready_for_pickup`, in the same transaction).
import { emitOrderEvent } from '../webhooks/order-events.ts';
import { orderView } from './order-view.ts';
import type { WorkContext } from './work-context.ts';

/** Marks the pickup orders among `orderIds` that nothing waits for any more as ready. */
export async function markPickupsReady(ctx: WorkContext, orderIds: readonly string[]): Promise<void> {
  if (orderIds.length === 0) return;
  const ready = await ctx.tx.query<{ id: string }>(
    `UPDATE orders o SET pickup_ready_at = $2
     WHERE o.id = ANY($1::text[]) AND o.fulfillment = 'pickup' AND o.state = 'open' AND o.pickup_ready_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM pickings p WHERE p.order_id = o.id AND p.state = 'waiting')
     RETURNING o.id`,
    [[...new Set(orderIds)], ctx.now],
  );
  for (const { id } of ready) {
    const pickings = await ctx.tx.query<{ id: string }>(`SELECT id FROM pickings WHERE order_id = $1 AND state <> 'waiting'`, [id]);
    for (const p of pickings) ctx.pickings.add(p.id);
    await emitOrderEvent(ctx.tx, 'order.ready_for_pickup', await orderView(ctx.tx, id), {}, ctx.now);
  }
}
