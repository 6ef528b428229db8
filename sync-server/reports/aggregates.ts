// Report aggregates (migration 040): the write side. Applying a batch of till sales queues their
// ids (new rows only, before the feed lock: sync-server/pos/apply-sale.ts), and
// `foldSalesAggregates` folds queued sales' stored projection rows (pos_sales / pos_sale_lines —
// the same numbers the journal was posted from) into sales_daily, product_sales_daily and
// tender_daily in one statement. Folding is off the ingestion path because those are the
// hottest rows of the database (every sale of a store updates the same day/hour row); it runs
// every second in the server and before every report request. The periodic fold takes the queue
// with SKIP LOCKED (it never waits, and concurrent folds never fold a sale twice); the fold before a
// report waits for queue rows another fold holds, so that fold has committed its sums before the
// report reads them (skipping them, a report read while the periodic fold was mid-way missed those
// sales: 5 of 12 orders once in the full suite).
// Days and hours are the site's store time (sites.time_zone), as in reports_rebuild (migration 090).
// The lines a till sale takes into customer deposits (endless aisle) and the return lines that refund
// them (`pos_sale_lines.deposit`) are left out: the order's invoice and credit note count them, as the
// journal does (migration 128); a sale or return made of such lines only is no POS order or return.
// Journal movements (account_daily) are kept with the balances (ledger/journal-store.ts);
// channel invoices (migration 041) by a trigger.
import type { Queryable, Tx } from '../db/db.ts';

export const POS_CHANNEL = 'pos';

/** Queues applied POS sales and returns for folding into the report aggregates. */
export async function queueSalesAggregates(tx: Tx, saleIds: readonly string[]): Promise<void> {
  if (saleIds.length === 0) return;
  await tx.query('INSERT INTO sales_aggregate_queue (sale_id) SELECT unnest($1::text[])', [[...saleIds]]);
}

interface FoldingDb extends Queryable {
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

export interface FoldOptions {
  /** Sales per transaction. */
  chunk?: number;
  /** Wait for queued sales another fold holds (before a report) instead of skipping them (the periodic fold). */
  wait?: boolean;
}

/** Folds every queued sale into the aggregates (in transactions of up to `chunk` sales); returns how many. */
export async function foldSalesAggregates(db: FoldingDb, options: FoldOptions = {}): Promise<number> {
  const chunk = options.chunk ?? 5000;
  const lock = options.wait ? 'FOR UPDATE' : 'FOR UPDATE SKIP LOCKED';
  let total = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      // Waiting, rows the other fold deleted drop out and the LIMIT reads on: fewer than `chunk`
      // still means the queue is empty.
      const taken = await tx.query<{ sale_id: string }>(
        `DELETE FROM sales_aggregate_queue WHERE ctid IN (SELECT ctid FROM sales_aggregate_queue LIMIT $1 ${lock}) RETURNING sale_id`,
        [chunk],
      );
      if (taken.length > 0) await addSalesToAggregates(tx, taken.map((t) => t.sale_id));
      return taken.length;
    });
    total += n;
    if (n < chunk) return total;
  }
}

/** Adds POS sales and returns (already stored in pos_sales / pos_sale_lines / events) to the aggregates. */
async function addSalesToAggregates(tx: Tx, saleIds: readonly string[], channel = POS_CHANNEL): Promise<void> {
  await tx.query(
    `WITH s AS (
       SELECT ps.id, ps.kind, ps.site_id, ps.cashier_id, (ps.created_at AT TIME ZONE st.time_zone)::date AS day,
              extract(hour FROM ps.created_at AT TIME ZONE st.time_zone)::smallint AS hour
       FROM pos_sales ps JOIN sites st ON st.id = ps.site_id WHERE ps.id = ANY($1::text[])),
     l AS (
       SELECT sale_id, count(*) FILTER (WHERE NOT deposit)::int AS n, sum(total) FILTER (WHERE NOT deposit) AS gross,
              sum(tax) FILTER (WHERE NOT deposit) AS tax, sum(cost) FILTER (WHERE NOT deposit) AS cost,
              sum(discount) FILTER (WHERE NOT deposit) AS discount, bool_and(deposit) AS deposit_only
       FROM pos_sale_lines WHERE sale_id = ANY($1::text[]) GROUP BY sale_id),
     daily AS (
       INSERT INTO sales_daily AS d (day, hour, site_id, channel, cashier_id, orders, returns, lines, gross, tax, net, cost, discount, sold_gross, returned_gross)
       SELECT s.day, s.hour, s.site_id, $2, s.cashier_id,
              count(*) FILTER (WHERE s.kind = 'sale' AND l.deposit_only IS NOT TRUE), count(*) FILTER (WHERE s.kind = 'return' AND l.deposit_only IS NOT TRUE),
              coalesce(sum(l.n), 0), coalesce(sum(l.gross), 0), coalesce(sum(l.tax), 0), coalesce(sum(l.gross - l.tax), 0), coalesce(sum(l.cost), 0),
              coalesce(sum(l.discount), 0), coalesce(sum(l.gross) FILTER (WHERE s.kind = 'sale'), 0), coalesce(sum(l.gross) FILTER (WHERE s.kind = 'return'), 0)
       FROM s LEFT JOIN l ON l.sale_id = s.id
       GROUP BY s.day, s.hour, s.site_id, s.cashier_id
       ORDER BY s.day, s.site_id, s.cashier_id, s.hour
       ON CONFLICT (day, site_id, channel, cashier_id, hour) DO UPDATE SET
         orders = d.orders + EXCLUDED.orders, returns = d.returns + EXCLUDED.returns, lines = d.lines + EXCLUDED.lines,
         gross = d.gross + EXCLUDED.gross, tax = d.tax + EXCLUDED.tax, net = d.net + EXCLUDED.net, cost = d.cost + EXCLUDED.cost,
         discount = d.discount + EXCLUDED.discount, sold_gross = d.sold_gross + EXCLUDED.sold_gross,
         returned_gross = d.returned_gross + EXCLUDED.returned_gross),
     products AS (
       INSERT INTO product_sales_daily AS p (day, site_id, channel, product_id, qty_sold, qty_returned, gross, net, tax, cost)
       SELECT s.day, s.site_id, $2, x.product_id,
              coalesce(sum(x.qty) FILTER (WHERE x.qty > 0), 0), coalesce(-sum(x.qty) FILTER (WHERE x.qty < 0), 0),
              sum(x.total), sum(x.total - x.tax), sum(x.tax), sum(x.cost)
       FROM s JOIN pos_sale_lines x ON x.sale_id = s.id AND NOT x.deposit
       GROUP BY s.day, s.site_id, x.product_id
       ORDER BY s.day, s.site_id, x.product_id
       ON CONFLICT (day, site_id, channel, product_id) DO UPDATE SET
         qty_sold = p.qty_sold + EXCLUDED.qty_sold, qty_returned = p.qty_returned + EXCLUDED.qty_returned,
         gross = p.gross + EXCLUDED.gross, net = p.net + EXCLUDED.net, tax = p.tax + EXCLUDED.tax, cost = p.cost + EXCLUDED.cost)
     INSERT INTO tender_daily AS t (day, site_id, channel, method, payments, amount)
     SELECT s.day, s.site_id, $2, pay.method, count(*), sum(pay.amount)
     FROM s JOIN events e ON e.id = s.id CROSS JOIN LATERAL jsonb_to_recordset(e.payload -> 'payments') AS pay(method text, amount bigint)
     GROUP BY s.day, s.site_id, pay.method
     ORDER BY s.day, s.site_id, pay.method
     ON CONFLICT (day, site_id, channel, method) DO UPDATE SET payments = t.payments + EXCLUDED.payments, amount = t.amount + EXCLUDED.amount`,
    [[...saleIds], channel],
  );
}

/** Recomputes every report aggregate from its source tables (backfill, bench seeding). */
export async function rebuildReportAggregates(db: Queryable): Promise<void> {
  await db.query('SELECT reports_rebuild_all()');
}
