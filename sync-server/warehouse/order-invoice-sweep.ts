// Issuing the invoices of orders invoiced on order (order-invoice.ts) outside the order intake. The
// intake's batch (order-batch.ts) is the hot path of issue 18 and writes nothing for it: each server
// process invoices the orders it accepted right after their batch committed (the kick, which does
// not hold up the HTTP answer), and every process sweeps, every 30 s, the orders of on-order
// channels that changed since its last look (their change numbers, taken in commit order: migration
// 095) for one that is due and has no invoice — an order whose process died between its commit and
// its invoice, or whose kick failed. Either way one transaction per group of orders, under the feed
// lock like every writer of the journal; invoiceOrderIfDue issues each invoice once whoever asks.
import type { Db } from '../db/db.ts';
import { lockFeed } from '../feed/publish.ts';
import { DUE_ON_ORDER_SQL, invoiceOrderIfDue, ORDER_INVOICE_PREFIX } from './order-invoice.ts';
import { WorkContext } from './work-context.ts';

/** Orders invoiced per transaction: the feed lock is held for their invoices only. */
const GROUP = 32;
/** How long a process trusts what it read of which channels invoice on order (the sweep covers the rest). */
const POLICY_TTL_MS = 1000;

/**
 * Invoices those of `orderIds` that are due and not invoiced yet, GROUP per transaction; a group
 * that fails is tried order by order, and an order that still fails is left to the next sweep
 * (`onError` is told). Returns the numbers issued.
 */
export async function invoiceOrders(db: Db, orderIds: readonly string[], now: () => Date, onError: (err: unknown, orderId: string) => void): Promise<string[]> {
  const issued: string[] = [];
  const run = (ids: readonly string[]): Promise<string[]> => db.transaction(async (tx) => {
    await lockFeed(tx);
    const ctx = new WorkContext(tx, now());
    const numbers: string[] = [];
    for (const id of ids) {
      const inv = await invoiceOrderIfDue(ctx, id);
      if (inv?.issued) numbers.push(inv.number);
    }
    return numbers;
  });
  for (let i = 0; i < orderIds.length; i += GROUP) {
    const group = orderIds.slice(i, i + GROUP);
    try {
      issued.push(...(await run(group)));
    } catch {
      for (const id of group) {
        try {
          issued.push(...(await run([id])));
        } catch (err) {
          onError(err, id);
        }
      }
    }
  }
  return issued;
}

interface ChannelCursor {
  code: string;
  after_seq: string;
}

interface SweptOrder {
  id: string;
  change_seq: string;
  due: boolean;
}

/**
 * Looks at the orders of every on-order channel numbered after the channel's cursor (`limit` per
 * channel and run) and invoices those due without an invoice; the cursor then moves past what was
 * looked at — never past an order whose invoicing failed, which is tried again next time. Several
 * processes may sweep at once: each invoice is issued once, and the cursor only moves forward.
 * Returns the numbers issued.
 */
export async function sweepOrderInvoices(db: Db, now: () => Date, onError: (err: unknown, orderId: string) => void, limit = 500): Promise<string[]> {
  const channels = await db.query<ChannelCursor>(
    `SELECT c.code, coalesce(s.after_seq, 0) AS after_seq FROM channels c LEFT JOIN order_invoice_sweep s ON s.channel = c.code
     WHERE c.invoice_policy = 'order' ORDER BY c.code`,
  );
  const issued: string[] = [];
  for (const ch of channels) {
    const rows = await db.query<SweptOrder>(
      `SELECT o.id, o.change_seq, (${DUE_ON_ORDER_SQL} AND o.state <> 'cancelled' AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.id = $4 || o.id)) AS due
       FROM orders o JOIN channels c ON c.code = o.channel
       WHERE o.channel = $1 AND o.change_seq IS NOT NULL AND o.change_seq > $2 ORDER BY o.change_seq LIMIT $3`,
      [ch.code, ch.after_seq, limit, ORDER_INVOICE_PREFIX],
    );
    if (rows.length === 0) continue;
    const due = rows.filter((r) => r.due);
    const failed = new Set<string>();
    issued.push(...(await invoiceOrders(db, due.map((r) => r.id), now, (err, id) => {
      failed.add(id);
      onError(err, id);
    })));
    const firstFailed = rows.findIndex((r) => failed.has(r.id));
    const upTo = firstFailed < 0 ? rows[rows.length - 1] : rows[firstFailed - 1];
    if (upTo) {
      await db.query(
        `INSERT INTO order_invoice_sweep (channel, after_seq) VALUES ($1, $2)
         ON CONFLICT (channel) DO UPDATE SET after_seq = greatest(order_invoice_sweep.after_seq, EXCLUDED.after_seq)`,
        [ch.code, upTo.change_seq],
      );
    }
  }
  return issued;
}

/** An order as the intake answered it: what the kick needs to know. */
export interface AcceptedOrder {
  orderId: string;
  channel: string;
  fulfillment?: { payAtPickup?: boolean };
}

/**
 * A process's kick: the orders it accepted, invoiced right after their batch committed, in the
 * background. Orders of channels that invoice on delivery cost a lookup in memory: the process keeps
 * which channels invoice on order for POLICY_TTL_MS (a policy changed in another process is seen
 * within that; what the kick misses meanwhile, the sweep invoices).
 */
export class OrderInvoiceKick {
  #pending: AcceptedOrder[] = [];
  #running: Promise<void> | null = null;
  #stopped = false;
  #onOrder: { channels: Set<string>; readAt: number } | null = null;

  constructor(private readonly db: Db, private readonly now: () => Date, private readonly onError: (err: unknown, orderId: string) => void) {}

  /** Takes an order the intake committed; returns at once. */
  kick(order: AcceptedOrder): void {
    if (this.#stopped || order.fulfillment?.payAtPickup) return;
    this.#pending.push(order);
    if (!this.#running) this.#start();
  }

  #start(): void {
    // setImmediate: the other orders of the batch that just committed are settled in the same tick.
    this.#running = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.#drain()).finally(() => {
      this.#running = null;
      if (this.#pending.length > 0 && !this.#stopped) this.#start();
    });
  }

  /** Forgets which channels invoice on order (this process changed a policy). */
  forgetPolicies(): void {
    this.#onOrder = null;
  }

  /** Stops taking orders and waits for the ones in hand. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#running;
  }

  async #drain(): Promise<void> {
    while (this.#pending.length > 0) {
      const taken = this.#pending.splice(0);
      try {
        const onOrder = await this.#channels();
        const ids = taken.filter((o) => onOrder.has(o.channel)).map((o) => o.orderId);
        if (ids.length > 0) await invoiceOrders(this.db, ids, this.now, this.onError);
      } catch (err) {
        // Not even the policies could be read: the sweep invoices these orders.
        for (const o of taken) this.onError(err, o.orderId);
      }
    }
  }

  async #channels(): Promise<Set<string>> {
    const at = Date.now();
    if (this.#onOrder && at - this.#onOrder.readAt < POLICY_TTL_MS) return this.#onOrder.channels;
    const rows = await this.db.query<{ code: string }>(`SELECT code FROM channels WHERE invoice_policy = 'order'`);
    this.#onOrder = { channels: new Set(rows.map((r) => r.code)), readAt: at };
    return this.#onOrder.channels;
  }
}

const kicks = new WeakMap<Db, OrderInvoiceKick>();

/** Makes `kick` the one that takes the orders committed on `db` in this process (http/server.ts); returns a function that removes it. */
export function registerOrderInvoiceKick(db: Db, kick: OrderInvoiceKick): () => void {
  kicks.set(db, kick);
  return () => {
    if (kicks.get(db) === kick) kicks.delete(db);
  };
}

/** After an order's batch committed (orders.ts): hands it to this process's kick, if it runs one. */
export function kickOrderInvoice(db: Db, order: AcceptedOrder): void {
  kicks.get(db)?.kick(order);
}

/** A policy changed in this process: its kick reads the policies again before the next order. */
export function forgetInvoicePolicies(db: Db): void {
  kicks.get(db)?.forgetPolicies();
}
