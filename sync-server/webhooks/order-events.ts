// Order events for channels, written to the outbox in the order's own transaction. The payload
// is the order as GET /api/orders/:id shows it at that moment (plus what the event adds, e.g.
// the shipment), so a receiver rarely needs to call back.
import type { WebhookEventType } from '../../shared/schemas/webhooks.ts';
import type { Tx } from '../db/db.ts';
import type { OrderView } from '../warehouse/order-view.ts';
import { emitWebhook, emitWebhooks } from './outbox.ts';

export async function emitOrderEvent(tx: Tx, type: WebhookEventType, order: OrderView, extra: object = {}, at = new Date()): Promise<void> {
  await emitWebhook(tx, { type, resource: `order:${order.orderId}`, channel: order.channel, data: { ...extra, order } }, at);
}

/** order.created, then order.reserved and/or order.backordered as the intake's outcome says, and order.ready_for_pickup. */
export async function emitOrderIntake(tx: Tx, order: OrderView, at = new Date()): Promise<void> {
  // One statement for all of them: intake is the hot path (npm run bench -- webhooks).
  await emitWebhooks(tx, intakeEventTypes(order), { resource: `order:${order.orderId}`, channel: order.channel, data: { order } }, at);
}

/** The webhook events of an order's intake, in order. */
export function intakeEventTypes(order: OrderView): WebhookEventType[] {
  const types: WebhookEventType[] = ['order.created'];
  // Units reserved at another site and on their way to the pickup store are reserved for the order too.
  if (order.lines.some((l) => l.reserved > 0 || (l.inTransit ?? 0) > 0)) types.push('order.reserved');
  if (order.lines.some((l) => l.backordered > 0)) types.push('order.backordered');
  // Click-and-collect: everything is held in the store, so the customer can come.
  if (order.fulfillment?.type === 'pickup' && order.lines.every((l) => l.reserved === l.qty)) types.push('order.ready_for_pickup');
  return types;
}
