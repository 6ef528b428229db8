// Group commit of channel orders (issue 18 point 3). Orders that arrive while earlier ones are
// being written wait in a per-process queue and go together into one transaction: replays,
// duplicates, products, reorder rules and the pricing rules' version are read in one statement and
// master data (the pricing rules too, when they changed: order-pricing.ts) once per batch,
// the quants of all their products are locked once in key order (so batches of any process queue
// on them and never deadlock one another), each order is planned in memory on them in arrival
// order, and the rows of all the batch's orders — with their idempotency rows and intake webhooks —
// are written by one set-based statement (intake-writes.ts); the new pickings' documents, stock
// hints, reorder rules, and the feed position sent with COMMIT are paid once for the whole batch.
// Inside the quant lock two round trips: the locking read, then that statement and the pickings'
// documents sent without waiting (Tx.send, a pipelined connection) with the feed position and COMMIT.
// Late orders: those that arrive while a batch reads and prepares its own join it before it locks
// (their quants are locked with the rest); those that arrive while it waits for its quant locks
// join it once it holds them, when what they would reserve is locked already — the others wait
// for the next batch. Each join costs one read for all its orders. Under contention a batch waits
// most of its time for locks other processes' batches hold (docs/warehouse.md), and the clients of
// a process otherwise split into two batches that take turns; a priced batch (pricelists,
// promotions or coupons) takes no late orders, since coupons are counted before the lock.
// Nobody hears about an order before its batch committed.
// Each order stays all-or-nothing without a savepoint per order: an order refused before it wrote
// anything (a replay, another body under its key, a duplicate external reference, bad master data)
// gets its answer and the batch goes on without it; any error while writing — a concurrent
// duplicate of a key or external reference from another process (the unique indexes), a deadlock,
// a failing row — rolls the whole batch back, and every order of it is then submitted again on its
// own (submitAlone, the one-order transaction), where a duplicate becomes a replay or a 409 exactly
// as without batching, and a failing order fails alone.
import type { Db, Tx } from '../db/db.ts';
import { resolveOrderCustomer } from '../customers/order-customer.ts';
import { intakeEventTypes } from '../webhooks/order-events.ts';
import { wakeAfterCommit } from '../webhooks/outbox.ts';
import { createOrderLocked, orderSites } from './order-intake.ts';
import type { OrderView } from './order-view.ts';
import type { OrderResult } from './orders.ts';
import { lockQuants } from './reservation.ts';
import { claimCouponUses, loadOrderPricing, orderCouponCodes, orderToPrice, priceOrder, pricesNothing } from './order-pricing.ts';
import { intakeWrites, sendIntakeWrites } from './intake-writes.ts';
import { runReorderRules } from './reorder.ts';
import { publishTouched, WorkContext } from './work-context.ts';
import { hintAfterCommit, siteScope } from '../feed/publish.ts';
import type { BatchOutcome, QueuedOrder } from './order-batch-outcome.ts';
import { admit, BatchKnowledge, cachedReads, prepareAll, readSeen, type Ready } from './order-batch-admit.ts';

/**
 * At most this many orders per transaction: a batch holds its quant locks until it commits, so a
 * bigger one makes every order in it wait longer (latency) for little more throughput.
 */
export const MAX_BATCH = 32;
/**
 * Batches of one process in flight at once. One: orders mostly fight for the same hot quants, so a
 * second batch would only wait on the first one's locks, while the orders that arrive meanwhile
 * make the next batch bigger (or join this one: late orders). Measured again after the lock window
 * shrank to four round trips (docs/warehouse.md, 09:16–09:22 UTC): two in flight was slower with 2
 * and 4 processes (smaller batches queueing on the same quants), and starting the second only once
 * the first holds its quants was no better than one.
 */
const IN_FLIGHT = 1;

type Alone = (order: QueuedOrder) => Promise<OrderResult>;

/** Takes up to `max` orders off the queue: those that arrived since the batch began. */
export type LateOrders = (max: number) => QueuedOrder[];

interface Waiting {
  order: QueuedOrder;
  resolve(result: OrderResult): void;
  reject(err: unknown): void;
}

/** The per-process queue of one database's orders. */
export class OrderBatcher {
  readonly #queue: Waiting[] = [];
  #running = 0;
  #scheduled = false;
  /**
   * The batches' transactions: when orders wait at a batch's COMMIT, the COMMIT opens the next
   * batch's transaction (one round trip less per batch under load, where BEGIN took 3.4 ms of a
   * 25 ms batch: docs/warehouse.md).
   */
  readonly #chain = { more: (): boolean => this.#queue.length > 0 };

  constructor(readonly db: Db, readonly alone: Alone) {}

  submit(order: QueuedOrder): Promise<OrderResult> {
    return new Promise<OrderResult>((resolve, reject) => {
      this.#queue.push({ order, resolve, reject });
      this.#kick();
    });
  }

  #kick(): void {
    if (this.#scheduled || this.#running >= IN_FLIGHT || this.#queue.length === 0) return;
    this.#scheduled = true;
    // setImmediate, not a timer: the batch starts once the event loop has run every I/O callback
    // that was ready — the orders of all the requests that arrived together, not only the first of
    // them, whose companions would otherwise join late, each join one more read (with four
    // processes 2.0 reads of the batch's orders per batch, 1.55 this way; docs/warehouse.md) — and
    // a lone order waits for nothing else. Under load the queue fills while a batch runs.
    setImmediate(() => {
      this.#scheduled = false;
      while (this.#running < IN_FLIGHT && this.#queue.length > 0) {
        const batch = this.#queue.splice(0, MAX_BATCH);
        this.#running++;
        void this.#run(batch).finally(() => {
          this.#running--;
          this.#kick();
        });
      }
    });
  }

  async #run(batch: Waiting[]): Promise<void> {
    // The batch's orders, then the late ones it took off the queue, in the order of its outcomes.
    const taken = [...batch];
    const late: LateOrders = (max) => {
      const more = this.#queue.splice(0, max);
      taken.push(...more);
      return more.map((w) => w.order);
    };
    let outcomes: BatchOutcome[];
    try {
      // Generic plans: the batch's statements look rows up by key, and custom plans made
      // PostgreSQL plan each of them anew every batch (≈ 28 % of its CPU with four processes).
      outcomes = await this.db.transaction((tx) => applyOrders(tx, batch.map((w) => w.order), late), { genericPlans: true, chain: this.#chain, pipeline: true });
    } catch {
      // The batch failed as a whole (its quant lock, its write, publishing or COMMIT): every order on its own.
      outcomes = taken.map(() => 'alone');
    }
    // Late orders it did not take go back to the front of the queue, in their order.
    this.#queue.unshift(...taken.filter((_, i) => outcomes[i] === 'requeue'));
    taken.forEach((w, i) => {
      const o = outcomes[i] ?? 'alone';
      if (o === 'requeue') return;
      if (o === 'alone') this.alone(w.order).then(w.resolve, w.reject);
      else if ('result' in o) w.resolve(o.result);
      else w.reject(o.error);
    });
  }
}

const batchers = new WeakMap<Db, OrderBatcher>();

export function orderBatcher(db: Db, alone: Alone): OrderBatcher {
  let b = batchers.get(db);
  if (!b) {
    b = new OrderBatcher(db, alone);
    batchers.set(db, b);
  }
  return b;
}

/**
 * Writes the orders of one batch in `tx`; returns each order's outcome, in order, followed by those
 * of the late orders it took (`late`), if any.
 */
export async function applyOrders(tx: Tx, orders: readonly QueuedOrder[], late?: LateOrders): Promise<BatchOutcome[]> {
  const outcomes: BatchOutcome[] = orders.map(() => 'alone');
  const known = new BatchKnowledge();
  const seen = await readSeen(tx, orders);
  const fresh = admit(orders.map((order, index) => ({ index, order })), seen, known, outcomes);
  if (fresh.length === 0) return outcomes;

  const reads = cachedReads(tx, seen?.master ?? null);
  // The pricing rules, once for the batch (null: nothing to price, orders keep catalog prices).
  const pricing = await loadOrderPricing(reads, fresh.map((f) => f.order.req), seen?.pricing);
  const taken = new Map<string, number>();
  const ready = await prepareAll(reads, fresh, known, pricing, taken, outcomes);
  if (ready.length === 0) return outcomes;
  if (late && !pricing) ready.push(...(await joinLate(tx, late, MAX_BATCH - ready.length, null, known, reads, outcomes)));

  // Every quant the batch may reserve, locked once in key order (product, location, lot).
  const sites = [...new Set(ready.flatMap((r) => orderSites(r.prepared)))];
  const productIds = [...new Set(ready.flatMap((r) => [...r.prepared.prices.keys()]))];
  const locked = await lockQuants(tx, sites, productIds);
  // Priced batches take no late orders (their coupons are counted and claimed before the lock).
  if (late && !pricing) ready.push(...(await joinLate(tx, late, MAX_BATCH - ready.length, { sites, productIds }, known, reads, outcomes)));
  // The batch's coupons, locked after the quants (as a till push does) and counted again: an order
  // whose code was spent meanwhile is refused here, before anything is written.
  const claims = pricing ? await claimCouponUses(tx, ready.map((r) => r.order)) : [];
  const batchCtx = new WorkContext(tx, orders[0]?.now);
  const writes = intakeWrites();
  const written: { index: number; order: QueuedOrder; body: OrderView }[] = [];
  for (const [k, { index, order, prepared }] of ready.entries()) {
    const spent = claims[k];
    if (spent) {
      outcomes[index] = { error: spent };
      continue;
    }
    const mySites = new Set(orderSites(prepared));
    const quants = locked.filter((q) => mySites.has(q.siteId) && prepared.prices.has(q.productId));
    // From here on an error fails the batch (its orders are then submitted on their own): a
    // customer is matched or made in SQL right away, and a pickup routed by a transfer writes its
    // rows at once.
    const customer = await resolveOrderCustomer(tx, prepared.customer, prepared.country);
    prepared.customerId = customer?.id ?? null;
    // Priced in memory with the customer's group (a coupon refused only now fails the batch: its orders go alone).
    if (pricing) prepared.pricing = priceOrder(pricing, orderToPrice(prepared, order.now), customer?.groupId ?? null);
    const ctx = new WorkContext(tx, order.now);
    // Planned in memory on the batch's quants (which it updates for the orders after it).
    const body = await createOrderLocked(tx, prepared, order.now, { ctx, quants, writes });
    for (const q of ctx.quants) batchCtx.quants.add(q);
    for (const p of ctx.pickings) batchCtx.pickings.add(p);
    written.push({ index, order, body });
  }
  if (written.length === 0) return outcomes;
  // The batch's rows, its idempotency rows and intake webhooks: one statement whatever its size,
  // sent without waiting for its answer — it goes with the pickings' documents and COMMIT (a
  // failure fails the batch there, and its orders go alone).
  sendIntakeWrites(tx, writes, written.map((w) => ({
    principal: w.order.principal.id, idemKey: w.order.idemKey, requestHash: w.order.hash, body: w.body, events: intakeEventTypes(w.body), at: w.order.now,
  })), () => wakeAfterCommit(tx));
  for (const w of written) outcomes[w.index] = { result: { status: 201, body: w.body, replayed: false } };
  const writtenIdx = new Set(written.map((w) => w.index));
  // Products without a reorder rule (read with the batch) have nothing to propose.
  const reorder = new Set(ready.flatMap((r) => (writtenIdx.has(r.index) ? [...r.prepared.prices.keys()].filter((p) => known.ruled.has(p)) : [])));
  // Once for the batch: the stock hints (the locked quants name their sites: no query), the new
  // pickings' documents, the reorder rules.
  const siteOf = new Map(locked.map((q) => [q.locationId, q.siteId]));
  const hinted = [...batchCtx.quants].filter((k) => siteOf.has(k.split('|')[1] ?? ''));
  hintAfterCommit(tx, 'stock', hinted.map((k) => siteScope(siteOf.get(k.split('|')[1] ?? '') ?? '')));
  for (const k of hinted) batchCtx.quants.delete(k);
  await publishTouched(batchCtx, { gate: false, send: true });
  if (reorder.size > 0) await runReorderRules(tx, [...reorder]);
  return outcomes;
}

/**
 * The late orders (up to `room`) that join the batch: each one that is new and has nothing to
 * price, read (replays, products: one statement for them all) and prepared as the batch's own
 * were — before the lock (`locked` null) all of them, under it only those whose sites and products
 * are all among what `locked` names. The others get 'requeue' (the next batch takes them), or
 * their answer when it is already known (a replay, a refusal).
 */
async function joinLate(tx: Tx, late: LateOrders, room: number, locked: { sites: string[]; productIds: string[] } | null, known: BatchKnowledge, reads: Tx, outcomes: BatchOutcome[]): Promise<Ready[]> {
  if (room <= 0) return [];
  const more = late(room);
  if (more.length === 0) return [];
  const first = outcomes.length;
  outcomes.push(...more.map((): BatchOutcome => 'requeue'));
  // An order with a coupon is counted and claimed before the quant lock: it waits for the next batch.
  const plain = more.flatMap((order, i) => (orderCouponCodes(order.req).length === 0 ? [{ order, i }] : []));
  if (plain.length === 0) return [];
  const seen = await readSeen(tx, plain.map((p) => p.order));
  // Rules became active since the batch began: its late orders would need pricing.
  if (!seen || !pricesNothing(plain.map((p) => p.order.req), seen.pricing)) return [];
  const fresh = admit(plain.map(({ order, i }) => ({ index: first + i, order })), seen, known, outcomes);
  const ready = await prepareAll(reads, fresh, known, null, new Map(), outcomes);
  if (!locked) return ready;
  const sites = new Set(locked.sites);
  const products = new Set(locked.productIds);
  return ready.filter((r) => orderSites(r.prepared).every((s) => sites.has(s)) && [...r.prepared.prices.keys()].every((p) => products.has(p)));
}
