// Order events for channels, written to the outbox in the order's own transaction. The payload
// is the order as GET /api/orders/:id shows it at that moment (plus what the event adds, e.g.
// the shipment), so a receiver rarely needs to call back.
import type { WebhookEventType } from '../../shared/schemas/webhooks.ts';
import type { Tx } from '../db/db.ts';
import type { OrderView } from '../warehouse/order-view.ts';
import { emitWebhook } from './outbox.ts';

export async function emitOrderEvent(tx: Tx, type: WebhookEventType, order: OrderView, extra: object = {}, at = new Date()): Promise<void> {
  await emitWebhook(tx, { type, resource: `order:${order.orderId}`, channel: order.channel, data: { ...extra, order } }, at);
}

/** order.created, then order.reserved and/or order.backordered as the intake's outcome says, and order.ready_for_pickup. */
export async function emitOrderIntake(tx: Tx, order: OrderView, at = new Date()): Promise<void> {
  await emitOrderEvent(tx, 'order.created', order, {}, at);
  if (order.lines.some((l) => l.reserved > 0)) await emitOrderEvent(tx, 'order.reserved', order, {}, at);
  if (order.lines.some((l) => l.backordered > 0)) await emitOrderEvent(tx, 'order.backordered', order, {}, at);
  // Click-and-collect: everything is held in the store, so the customer can come.
  if (order.fulfillment?.type === 'pickup' && order.lines.every((l) => l.reserved === l.qty)) await emitOrderEvent(tx, 'order.ready_for_pickup', order, {}, at);
}
