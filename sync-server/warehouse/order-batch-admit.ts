// What a batch of channel orders (order-batch.ts) does before it writes: one read of the orders'
// replays, duplicate external references, products and reorder rules (readSeen), which of them
// are new (admit), and each new order prepared — routed, checked, its coupons counted — in memory
// (prepareAll). Used for the orders a batch starts with and again for the orders that arrived
// since it began, before its quant lock and under it (late orders, order-batch.ts).
import { type SqlParam, type Tx, withQuery } from '../db/db.ts';
import { WarehouseError } from './errors.ts';
import { type PreparedOrder, prepareOrder, type ProductRow } from './order-intake.ts';
import type { OrderView } from './order-view.ts';
import { checkOrderCoupons, type OrderPricingRules, orderToPrice, PRICING_VERSION_SQL } from './order-pricing.ts';
import { type BatchOutcome, type QueuedOrder, settledAlone } from './order-batch-outcome.ts';
import { forgetRevokedKey } from './channel-keys.ts';
import { isPlainSelect, MASTER_DATA_VERSION_SQL, type ReadStore, readOnce, storeFor } from './master-data-cache.ts';

interface StoredRequest {
  principal: string;
  idem_key: string;
  request_hash: string;
  status_code: number;
  response: OrderView;
}

interface Dup {
  channel: string;
  external_ref: string;
  id: string;
}

export interface Seen {
  stored: StoredRequest[] | null;
  dups: Dup[] | null;
  products: ProductRow[] | null;
  ruled: string[] | null;
  /** PRICING_VERSION_SQL, read with the rest. */
  pricing: string;
  /** Which of the orders' remembered channel keys (Principal.checkKey) are still active. */
  keys: string[] | null;
  /** MASTER_DATA_VERSION_SQL, read with the rest: the version of the master data the batch prepares with. */
  master: string | null;
}

/**
 * Replays, duplicate external references, the ordered products and which of them have reorder
 * rules: one read (readSeen). `order_requests` and `orders` grow with every order: each key is
 * looked up on its own (a scalar subquery per key: an index probe, never a hash of the table)
 * through their unique indexes — the only ones a lookup by key can use, at any size of the tables
 * (migration 116) — so the statement is prepared once per connection and planned generically
 * like the batch's others, not planned anew at every call (docs/warehouse.md "Plans that do not
 * grow with the tables").
 */
export const SEEN_SQL = `SELECT
  (SELECT jsonb_agg((SELECT jsonb_build_object('principal', r.principal, 'idem_key', r.idem_key, 'request_hash', r.request_hash, 'status_code', r.status_code, 'response', r.response)
                FROM order_requests r WHERE r.principal = k.principal AND r.idem_key = k.idem_key))
   FROM unnest($1::text[], $2::text[]) AS k(principal, idem_key)) AS stored,
  (SELECT jsonb_agg((SELECT jsonb_build_object('channel', o.channel, 'external_ref', o.external_ref, 'id', o.id)
                FROM orders o WHERE o.channel = k.channel AND o.external_ref = k.external_ref))
   FROM unnest($3::text[], $4::text[]) AS k(channel, external_ref)) AS dups,
  (SELECT jsonb_agg(jsonb_build_object('id', p.id, 'price', p.price, 'price_includes_tax', p.price_includes_tax, 'unit', p.unit, 'name', p.name, 'cost', p.cost, 'category', p.category))
   FROM products p WHERE p.id = ANY($5::text[]) AND p.active) AS products,
  (SELECT array_agg(DISTINCT r.product_id) FROM reorder_rules r WHERE r.product_id = ANY($5::text[])) AS ruled,
  (SELECT array_agg(k.id) FROM channel_api_keys k WHERE k.id = ANY($6::text[]) AND k.revoked_at IS NULL) AS keys,
  ${PRICING_VERSION_SQL} AS pricing,
  ${MASTER_DATA_VERSION_SQL} AS master`;

/** Reads SEEN_SQL for `orders`. */
export async function readSeen(tx: Tx, orders: readonly QueuedOrder[]): Promise<Seen | undefined> {
  const [row] = await tx.query<Omit<Seen, 'stored' | 'dups'> & { stored: (StoredRequest | null)[] | null; dups: (Dup | null)[] | null }>(
    SEEN_SQL,
    [
      orders.map((o) => o.principal.id), orders.map((o) => o.idemKey), orders.map((o) => o.req.channel), orders.map((o) => o.req.externalRef),
      [...new Set(orders.flatMap((o) => o.req.lines.map((l) => l.productId)))],
      [...new Set(orders.flatMap((o) => o.principal.checkKey ?? []))],
    ],
  );
  // One entry per key asked, null where nothing was found.
  return row && { ...row, stored: row.stored?.filter((r) => r !== null) ?? null, dups: row.dups?.filter((d) => d !== null) ?? null };
}

/** What the batch knows of its orders so far: its keys and references, products, reorder rules, duplicates. */
export class BatchKnowledge {
  readonly keys = new Set<string>();
  readonly refs = new Set<string>();
  readonly products = new Map<string, ProductRow>();
  readonly ruled = new Set<string>();
  readonly dups = new Map<string, string>();

  learn(seen: Seen | undefined): void {
    for (const p of seen?.products ?? []) this.products.set(p.id, { ...p, price: Number(p.price), cost: Number(p.cost) });
    for (const r of seen?.ruled ?? []) this.ruled.add(r);
    for (const d of seen?.dups ?? []) this.dups.set(`${d.channel}\u0000${d.external_ref}`, d.id);
  }
}

export interface Fresh {
  /** The order's place in the batch's outcomes. */
  index: number;
  order: QueuedOrder;
}

/**
 * The orders (each at `outcomes[index]`) that are new: one whose channel key was revoked since this
 * process read it is refused; a replay gets its stored answer, a key reused
 * with another body its refusal; the same key or external reference twice in one batch leaves the
 * later one out (its outcome stays as it is: it goes after the batch committed, and replays or
 * gets its 409 then).
 */
export function admit(orders: readonly Fresh[], seen: Seen | undefined, known: BatchKnowledge, outcomes: BatchOutcome[]): Fresh[] {
  known.learn(seen);
  const storedBy = new Map((seen?.stored ?? []).map((s) => [`${s.principal}\u0000${s.idem_key}`, s]));
  const fresh: Fresh[] = [];
  const activeKeys = new Set(seen?.keys ?? []);
  for (const { index, order: o } of orders) {
    if (o.principal.checkKey !== undefined && !activeKeys.has(o.principal.checkKey)) {
      outcomes[index] = { error: forgetRevokedKey(o.principal.checkKey) };
      continue;
    }
    const key = `${o.principal.id}\u0000${o.idemKey}`;
    const prior = storedBy.get(key);
    if (prior) {
      outcomes[index] = prior.request_hash === o.hash
        ? { result: { status: prior.status_code, body: prior.response, replayed: true } }
        : { error: new WarehouseError('idempotency_key_reused', 'this Idempotency-Key was used with another request body') };
      continue;
    }
    const ref = `${o.req.channel}\u0000${o.req.externalRef}`;
    if (known.keys.has(key) || known.refs.has(ref)) continue;
    known.keys.add(key);
    known.refs.add(ref);
    fresh.push({ index, order: o });
  }
  return fresh;
}

export interface Ready extends Fresh {
  prepared: PreparedOrder;
}

/**
 * Each new order prepared in memory (`reads`: the batch's cached master-data reads); one refused
 * before anything is written — a duplicate external reference, bad master data, a coupon that does
 * not apply or is spent (counted in `taken` across the batch) — gets its answer here.
 */
export async function prepareAll(reads: Tx, fresh: readonly Fresh[], known: BatchKnowledge, pricing: OrderPricingRules | null, taken: Map<string, number>, outcomes: BatchOutcome[]): Promise<Ready[]> {
  const ready: Ready[] = [];
  for (const { index, order } of fresh) {
    const { req } = order;
    const dup = known.dups.get(`${req.channel}\u0000${req.externalRef}`);
    if (dup) {
      outcomes[index] = { error: new WarehouseError('duplicate_external_ref', `order ${req.externalRef} of channel ${req.channel} exists already (${dup}) under another Idempotency-Key`) };
      continue;
    }
    try {
      const prepared = await prepareOrder(reads, req, { products: known.products });
      if (pricing) checkOrderCoupons(pricing, orderToPrice(prepared, order.now), taken);
      ready.push({ index, order, prepared });
    } catch (err) {
      outcomes[index] = settledAlone(err) ? 'alone' : { error: err };
    }
  }
  return ready;
}

/**
 * Master data reads of the batch's orders, each asked once: plain SELECTs (no row locks) with the
 * same text and parameters return the rows read first. Those that read only master data are kept
 * for the process's later batches while the master data stays at `version` (master-data-cache.ts).
 * prepareOrder only reads.
 */
export function cachedReads(tx: Tx, version: string | null = null): Tx {
  const batch: ReadStore = new Map();
  const query = async <R extends object>(sql: string, params: readonly SqlParam[] = []): Promise<R[]> => {
    if (!isPlainSelect(sql)) return tx.query<R>(sql, params);
    const rows = await readOnce(storeFor(sql, version, batch), sql, params, () => tx.query<R>(sql, params));
    return rows.map((r) => ({ ...r }));
  };
  return withQuery(tx, query);
}
