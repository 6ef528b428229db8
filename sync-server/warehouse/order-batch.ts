// Group commit of channel orders (issue 18 point 3). Orders that arrive while earlier ones are
// being written wait in a per-process queue and go together into one transaction: replays,
// duplicates, products, reorder rules and the pricing rules' version are read in one statement and
// master data (the pricing rules too, when they changed: order-pricing.ts) once per batch,
// the quants of all their products are locked once in key order (so batches of any process queue
// on them and never deadlock one another), each order is planned in memory on them in arrival
// order, and the rows of all the batch's orders — with their idempotency rows and intake webhooks —
// are written by one set-based statement (intake-writes.ts); the new pickings' documents, stock
// hints, reorder rules, and the feed position sent with COMMIT are paid once for the whole batch.
// Inside the quant lock: the locking read, that statement, the pickings' documents, COMMIT.
// Nobody hears about an order before its batch committed.
// Each order stays all-or-nothing without a savepoint per order: an order refused before it wrote
// anything (a replay, another body under its key, a duplicate external reference, bad master data)
// gets its answer and the batch goes on without it; any error while writing — a concurrent
// duplicate of a key or external reference from another process (the unique indexes), a deadlock,
// a failing row — rolls the whole batch back, and every order of it is then submitted again on its
// own (submitAlone, the one-order transaction), where a duplicate becomes a replay or a 409 exactly
// as without batching, and a failing order fails alone.
import type { Db, SqlParam, Tx } from '../db/db.ts';
import { pgErrorCode } from '../db/db.ts';
import { resolveOrderCustomer } from '../customers/order-customer.ts';
import { intakeEventTypes } from '../webhooks/order-events.ts';
import { wakeAfterCommit } from '../webhooks/outbox.ts';
import { WarehouseError } from './errors.ts';
import { createOrderLocked, orderSites, type PreparedOrder, prepareOrder, type ProductRow } from './order-intake.ts';
import type { OrderView } from './order-view.ts';
import type { OrderResult, Principal } from './orders.ts';
import type { OrderRequest } from '../../shared/channel-api/order-request.ts';
import { lockQuants } from './reservation.ts';
import { checkOrderCoupons, claimCouponUses, loadOrderPricing, orderToPrice, PRICING_VERSION_SQL, priceOrder } from './order-pricing.ts';
import { flushIntakeWrites, intakeWrites } from './intake-writes.ts';
import { runReorderRules } from './reorder.ts';
import { publishTouched, WorkContext } from './work-context.ts';
import { hintAfterCommit, siteScope } from '../feed/publish.ts';

export interface QueuedOrder {
  principal: Principal;
  idemKey: string;
  req: OrderRequest;
  /** sha256 of the canonical request body (idempotency). */
  hash: string;
  now: Date;
}

/** What a batch made of one order: its answer, its error, or 'alone' (submit it again on its own). */
export type BatchOutcome = { result: OrderResult } | { error: unknown } | 'alone';

/**
 * At most this many orders per transaction: a batch holds its quant locks until it commits, so a
 * bigger one makes every order in it wait longer (latency) for little more throughput.
 */
export const MAX_BATCH = 32;
/**
 * Batches of one process in flight at once. One: orders mostly fight for the same hot quants, so a
 * second batch would only wait on the first one's locks, while the orders that arrive meanwhile
 * make the next batch bigger. Measured again after the lock window shrank to four round trips
 * (docs/warehouse.md, 09:16–09:22 UTC): two in flight was slower with 2 and 4 processes (smaller
 * batches queueing on the same quants), and starting the second only once the first holds its
 * quants was no better than one.
 */
const IN_FLIGHT = 1;

/** Errors of one order that its own transaction settles (orders.ts retries them there). */
export function settledAlone(err: unknown): boolean {
  if (err instanceof WarehouseError) return err.code === 'route_areas_missing';
  const code = pgErrorCode(err);
  return code === '23505' || code === '40P01';
}

type Alone = (order: QueuedOrder) => Promise<OrderResult>;

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
    // A microtask, not a timer: orders submitted in the same turn (Promise.all) share a batch, and
    // a lone order waits for nothing. Under load the queue fills while a batch runs.
    queueMicrotask(() => {
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
    let outcomes: BatchOutcome[];
    try {
      outcomes = await this.db.transaction((tx) => applyOrders(tx, batch.map((w) => w.order)));
    } catch {
      // The batch failed as a whole (its quant lock, publishing or COMMIT): every order on its own.
      outcomes = batch.map(() => 'alone');
    }
    batch.forEach((w, i) => {
      const o = outcomes[i] ?? 'alone';
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
 * Master data reads of the batch's orders, each asked once: plain SELECTs (no row locks) with the
 * same text and parameters return the rows read first. prepareOrder only reads.
 */
function cachedReads(tx: Tx): Tx {
  const cache = new Map<string, Promise<object[]>>();
  const query = async <R extends object>(sql: string, params: readonly SqlParam[] = []): Promise<R[]> => {
    if (!/^\s*select\b/i.test(sql) || /\bfor\s+(update|share|no key update|key share)\b/i.test(sql)) return tx.query<R>(sql, params);
    const key = `${sql}\u0000${JSON.stringify(params)}`;
    let rows = cache.get(key);
    if (!rows) {
      rows = tx.query<R>(sql, params);
      cache.set(key, rows);
    }
    return ((await rows) as R[]).map((r) => ({ ...r }));
  };
  return { bus: tx.bus, afterCommit: (f) => tx.afterCommit(f), beforeCommit: (f) => tx.beforeCommit(f), atCommit: (sql, onRows) => tx.atCommit(sql, onRows), copyFrom: (t, c, csv) => tx.copyFrom(t, c, csv), query };
}

interface StoredRequest {
  principal: string;
  idem_key: string;
  request_hash: string;
  status_code: number;
  response: OrderView;
}

interface Ready {
  index: number;
  order: QueuedOrder;
  prepared: PreparedOrder;
}

/** Writes the orders of one batch in `tx`; returns each order's outcome, in order. */
export async function applyOrders(tx: Tx, orders: readonly QueuedOrder[]): Promise<BatchOutcome[]> {
  const outcomes: BatchOutcome[] = orders.map(() => 'alone');
  // Replays, duplicate external references, the ordered products and which of them have reorder
  // rules: one read for the whole batch.
  const [seen] = await tx.query<{ stored: StoredRequest[] | null; dups: { channel: string; external_ref: string; id: string }[] | null; products: ProductRow[] | null; ruled: string[] | null; pricing: string }>(
    `SELECT
       (SELECT jsonb_agg(jsonb_build_object('principal', r.principal, 'idem_key', r.idem_key, 'request_hash', r.request_hash, 'status_code', r.status_code, 'response', r.response))
        FROM order_requests r JOIN unnest($1::text[], $2::text[]) AS k(principal, idem_key) ON r.principal = k.principal AND r.idem_key = k.idem_key) AS stored,
       (SELECT jsonb_agg(jsonb_build_object('channel', o.channel, 'external_ref', o.external_ref, 'id', o.id))
        FROM orders o JOIN unnest($3::text[], $4::text[]) AS k(channel, external_ref) ON o.channel = k.channel AND o.external_ref = k.external_ref) AS dups,
       (SELECT jsonb_agg(jsonb_build_object('id', p.id, 'price', p.price, 'price_includes_tax', p.price_includes_tax, 'unit', p.unit, 'name', p.name, 'cost', p.cost, 'category', p.category))
        FROM products p WHERE p.id = ANY($5::text[]) AND p.active) AS products,
       (SELECT array_agg(DISTINCT r.product_id) FROM reorder_rules r WHERE r.product_id = ANY($5::text[])) AS ruled,
       ${PRICING_VERSION_SQL} AS pricing`,
    [
      orders.map((o) => o.principal.id), orders.map((o) => o.idemKey), orders.map((o) => o.req.channel), orders.map((o) => o.req.externalRef),
      [...new Set(orders.flatMap((o) => o.req.lines.map((l) => l.productId)))],
    ],
  );
  const storedBy = new Map((seen?.stored ?? []).map((s) => [`${s.principal}\u0000${s.idem_key}`, s]));
  const keys = new Set<string>();
  const refs = new Set<string>();
  const fresh: { index: number; order: QueuedOrder }[] = [];
  orders.forEach((o, index) => {
    const key = `${o.principal.id}\u0000${o.idemKey}`;
    const prior = storedBy.get(key);
    if (prior) {
      outcomes[index] = prior.request_hash === o.hash
        ? { result: { status: prior.status_code, body: prior.response, replayed: true } }
        : { error: new WarehouseError('idempotency_key_reused', 'this Idempotency-Key was used with another request body') };
      return;
    }
    // The same key or external reference twice in one batch: the later one goes alone after the
    // batch committed, and replays or gets its 409 then.
    const ref = `${o.req.channel}\u0000${o.req.externalRef}`;
    if (keys.has(key) || refs.has(ref)) return;
    keys.add(key);
    refs.add(ref);
    fresh.push({ index, order: o });
  });
  if (fresh.length === 0) return outcomes;

  const dupBy = new Map((seen?.dups ?? []).map((d) => [`${d.channel}\u0000${d.external_ref}`, d.id]));
  const products = new Map((seen?.products ?? []).map((p) => [p.id, { ...p, price: Number(p.price), cost: Number(p.cost) }]));
  const ruled = new Set(seen?.ruled ?? []);
  const reads = cachedReads(tx);
  // The pricing rules, once for the batch (null: nothing to price, orders keep catalog prices).
  const pricing = await loadOrderPricing(reads, fresh.map((f) => f.order.req), seen?.pricing);
  const taken = new Map<string, number>();
  const ready: Ready[] = [];
  for (const { index, order } of fresh) {
    const { req } = order;
    const dup = dupBy.get(`${req.channel}\u0000${req.externalRef}`);
    if (dup) {
      outcomes[index] = { error: new WarehouseError('duplicate_external_ref', `order ${req.externalRef} of channel ${req.channel} exists already (${dup}) under another Idempotency-Key`) };
      continue;
    }
    try {
      const prepared = await prepareOrder(reads, req, { products });
      // A coupon that does not apply or is spent refuses the order before anything is written.
      if (pricing) checkOrderCoupons(pricing, orderToPrice(prepared, order.now), taken);
      ready.push({ index, order, prepared });
    } catch (err) {
      outcomes[index] = settledAlone(err) ? 'alone' : { error: err };
    }
  }
  if (ready.length === 0) return outcomes;

  // Every quant the batch may reserve, locked once in key order (product, location, lot).
  const sites = [...new Set(ready.flatMap((r) => orderSites(r.prepared)))];
  const locked = await lockQuants(tx, sites, [...new Set(ready.flatMap((r) => [...r.prepared.prices.keys()]))]);
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
  // The batch's rows, its idempotency rows and intake webhooks: one statement whatever its size.
  const stored = await flushIntakeWrites(tx, writes, written.map((w) => ({
    principal: w.order.principal.id, idemKey: w.order.idemKey, requestHash: w.order.hash, body: w.body, events: intakeEventTypes(w.body), at: w.order.now,
  })));
  if (stored) wakeAfterCommit(tx);
  for (const w of written) outcomes[w.index] = { result: { status: 201, body: w.body, replayed: false } };
  const writtenIdx = new Set(written.map((w) => w.index));
  // Products without a reorder rule (read with the batch) have nothing to propose.
  const reorder = new Set(ready.flatMap((r) => (writtenIdx.has(r.index) ? [...r.prepared.prices.keys()].filter((p) => ruled.has(p)) : [])));
  // Once for the batch: the stock hints (the locked quants name their sites: no query), the new
  // pickings' documents, the reorder rules.
  const siteOf = new Map(locked.map((q) => [q.locationId, q.siteId]));
  const known = [...batchCtx.quants].filter((k) => siteOf.has(k.split('|')[1] ?? ''));
  hintAfterCommit(tx, 'stock', known.map((k) => siteScope(siteOf.get(k.split('|')[1] ?? '') ?? '')));
  for (const k of known) batchCtx.quants.delete(k);
  await publishTouched(batchCtx, { gate: false });
  if (reorder.size > 0) await runReorderRules(tx, [...reorder]);
  return outcomes;
}
