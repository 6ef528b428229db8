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

/** Wakes this process's delivery workers after `tx` commits (it stored an outbox event). */
export function wakeAfterCommit(tx: Tx): void {
  tx.afterCommit(() => { for (const fn of wakers.get(tx.bus) ?? []) fn(); });
}

/** Writes one event to the outbox; returns its id, or null when no endpoint subscribes to it. */
export async function emitWebhook(tx: Tx, ev: OutboundEvent, at = new Date()): Promise<string | null> {
  const [id] = await emitWebhooks(tx, [ev.type], ev, at);
  return id ?? null;
}

/**
 * Several events about one resource with one body (e.g. order.created and order.reserved at intake),
 * in one statement: sequences follow the order of `types`. Returns the ids written (null: not subscribed).
 */
export async function emitWebhooks(tx: Tx, types: readonly WebhookEventType[], ev: Omit<OutboundEvent, 'type'>, at = new Date()): Promise<(string | null)[]> {
  if (types.length === 0) return [];
  const rows = await tx.query<{ id: string | null }>(
    'SELECT webhook_emit(x.t, $2, $3, $4::jsonb, $5) AS id FROM unnest($1::text[]) WITH ORDINALITY AS x(t, n) ORDER BY x.n',
    [[...types], ev.resource, ev.channel, JSON.stringify(ev.data), at],
  );
  const ids = rows.map((r) => r.id ?? null);
  if (ids.some((id) => id !== null)) wakeAfterCommit(tx);
  return ids;
}

