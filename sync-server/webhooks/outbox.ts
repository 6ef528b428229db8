// The transactional outbox. `emitWebhook` runs inside the transaction of the change it describes
// (an order, a cancellation, a shipment…): the event, its per-resource sequence number and one
// delivery per subscribed endpoint are rows of that transaction (SQL function webhook_emit,
// migration 085), so a rollback sends nothing and a commit is delivered at least once by the
// delivery worker (delivery.ts) of any server process. After the commit, this process's worker
// is woken at once; other processes find the rows on their next poll.
import type { WebhookEventType } from '../../shared/schemas/webhooks.ts';
import type { ChangeBus, Tx } from '../db/db.ts';

export interface OutboundEvent {
  type: WebhookEventType;
  /** What the event is about, e.g. `order:<id>`: each resource has its own sequence. */
  resource: string;
  /** The channel the event belongs to (an order's channel); endpoints of other channels skip it. */
  channel: string | null;
  data: object;
}

const wakers = new WeakMap<ChangeBus, Set<() => void>>();

/** Called by a delivery worker: `fn` runs after each commit that wrote an outbox event. */
export function onWebhookCommitted(bus: ChangeBus, fn: () => void): () => void {
  const set = wakers.get(bus) ?? new Set<() => void>();
  set.add(fn);
  wakers.set(bus, set);
  return () => set.delete(fn);
}

/** Writes one event to the outbox; returns its id, or null when no endpoint subscribes to it. */
export async function emitWebhook(tx: Tx, ev: OutboundEvent, at = new Date()): Promise<string | null> {
  const [row] = await tx.query<{ id: string | null }>('SELECT webhook_emit($1, $2, $3, $4::jsonb, $5) AS id', [ev.type, ev.resource, ev.channel, JSON.stringify(ev.data), at]);
  const id = row?.id ?? null;
  if (id !== null) tx.afterCommit(() => { for (const fn of wakers.get(tx.bus) ?? []) fn(); });
  return id;
}
