// The back office's Channel orders list on the search bench's orders (`npm run bench -- search`;
// order-admin-page.ts, migration 125): which orders a page holds and how many match, for the first
// page of every order and of the Open ones (the page's default), a common word ("mar": the Maries
// and Martins), two characters ("mk": the marketplace references), a common word's 20th page, and
// a fragment of older orders' references ("web-001": the newest orders hold too few of them, so the
// page is sorted from all the matches — the slow way). Each one now, the same with migration 125's
// indexes dropped (in a transaction rolled back), and the statement the list sent before: every
// match counted (count(*) OVER ()) and sorted for the page, without those indexes, as it ran.
import type { AdminOrderQuery } from '../../shared/admin-api/channel-orders.ts';
import type { Db } from '../../sync-server/db/db.ts';
import { searchPattern } from '../../sync-server/db/prefix-pattern.ts';
import { listAdminOrders } from '../../sync-server/warehouse/order-admin-list.ts';
import { orderPageIds } from '../../sync-server/warehouse/order-admin-page.ts';
import { orderSearchIds } from '../../sync-server/warehouse/order-search.ts';
import { p50, p95, timings } from './percentile.ts';
import type { BenchRow } from './registry.ts';
import { rolledBack } from './rolled-back.ts';

/** Migration 125's indexes. */
export const LIST_INDEXES = ['orders_newest', 'orders_state_newest'];
export const dropListIndexes = `DROP INDEX ${LIST_INDEXES.join(', ')}`;

/** The list's statement before the cap (as order-admin-list.ts sent it, less the page's totals). */
function formerStatement(query: AdminOrderQuery): { sql: string; params: (string | number | null)[] } {
  const words = (query.q ?? '').trim();
  return {
    sql: `SELECT count(*) OVER ()::int AS matches, o.id, coalesce(ch.name, o.channel) AS channel_name,
            coalesce(c.name, o.customer->>'name') AS customer_name, o.currency::text AS currency, o.created_at
     FROM orders o LEFT JOIN channels ch ON ch.code = o.channel LEFT JOIN customers c ON c.id = o.customer_id
     WHERE ($1::text IS NULL OR o.channel = $1) AND ($2::text IS NULL OR o.state = $2) AND ($6::text IS NULL OR o.id = $6)
       AND ${words ? `o.id IN (${orderSearchIds({ pattern: '$3::text' })})` : '$3::text IS NULL'}
     ORDER BY o.created_at DESC, o.id DESC OFFSET $4 LIMIT $5`,
    params: [query.channel ?? null, query.state ?? null, words ? searchPattern(words) : null, query.offset ?? 0, query.limit ?? 50, null],
  };
}


const ms = (v: number): number => Math.round(v * 10) / 10;

const CASES: [string, AdminOrderQuery][] = [
  ['every order, newest first', { limit: 50 }],
  ['Open orders (the page\'s default)', { state: 'open', limit: 50 }],
  ['a common word "mar"', { q: 'mar', limit: 50 }],
  ['two characters "mk"', { q: 'mk', limit: 50 }],
  ['"mar", 20th page', { q: 'mar', offset: 950, limit: 50 }],
  ['older references "web-001"', { q: 'web-001', limit: 50 }],
];

/** The rows of the list's figures; `runs` timings of each way now (3 of the slower ones). */
export async function orderListRows(db: Db, runs = 15): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const [label, query] of CASES) {
    const page = await orderPageIds(db, query);
    const now = await timings(() => orderPageIds(db, query), runs);
    const call = await timings(() => listAdminOrders(db, query), 5);
    const unindexed = await rolledBack(db, async (tx) => {
      await tx.query(dropListIndexes);
      return timings(() => orderPageIds(tx, query), 3);
    });
    const former = formerStatement(query);
    const [{ matches } = { matches: 0 }] = await db.query<{ matches: number }>(former.sql, former.params);
    const before = await rolledBack(db, async (tx) => {
      await tx.query(dropListIndexes);
      return timings(() => tx.query(former.sql, former.params), 3);
    });
    const counted = page.totalExact ? `${page.total} matches` : `1,000+ matches (${matches.toLocaleString('en')} in all)`;
    rows.push({
      metric: `orders list, ${label}: which orders and how many, p50`, value: ms(p50(now)), unit: 'ms',
      note: `p95 ${ms(p95(now))} ms, ${runs} runs; ${counted}, page ${page.way}; whole call (with the page's lines and work) ${ms(p50(call))} ms; `
        + `migration 125's indexes dropped ${ms(p50(unindexed))} ms; the former statement ${ms(p50(before))} ms (${(p50(before) / p50(now)).toFixed(1)}×; p50 of 3)`,
    });
  }
  return rows;
}
