// Which channel orders one page of the back office's list holds (GET /api/admin/orders: newest
// first, by channel, state and words), and how many orders match — exactly up to ORDER_COUNT_CAP,
// "more than that" beyond (docs/admin.md "Searches by a part of a text"). Counting every match took
// seconds at a million orders for a word as common as a first name, and so did sorting them all
// for the newest fifty. Each step reads at most what it needs, from an index:
// 1. The matches, at most ORDER_COUNT_CAP + 1 of them in no particular order (the trigram branches
//    of order-search.ts stop once they have that many; without words, the first rows of the
//    orders). At most the cap: they are all the matches, counted, and the page is sorted from them.
// 2. More than the cap, without words: the newest orders of the state (or all), read in the order
//    of migration 125's indexes, which stop after the page.
// 3. More than the cap, with words: a common word matches often among the newest orders, so the
//    newest orders are read in the index's order and each one tested (orderMatches) until the page
//    is full — at most WALK_FACTOR times the rows the page needs (WALK_MAX at most). A word that
//    matches fewer (less than 1 order in 100) is sorted from all its matches instead, which are
//    few enough then to cost less than reading on.
import type { AdminOrderQuery } from '../../shared/admin-api/channel-orders.ts';
import type { Queryable, SqlParam } from '../db/db.ts';
import { searchPattern } from '../db/prefix-pattern.ts';
import { orderMatches, orderSearchRows } from './order-search.ts';

/** Matches counted at most: above it the list says "1,000+". */
export const ORDER_COUNT_CAP = 1000;
/** A common word's walk reads at most this many times the rows its page needs (1 order in 100 matching)… */
const WALK_FACTOR = 100;
/** …and never more than this many orders (a deep page of a rarer word is sorted from its matches). */
const WALK_MAX = 20_000;

export interface OrderPageOptions {
  /** Just that order (what a cancel answers), whatever the filters. */
  onlyId?: string;
  /** Tests: a smaller cap than ORDER_COUNT_CAP. */
  countCap?: number;
  /** Tests: how many of the newest orders a common word's walk reads (default from WALK_FACTOR and WALK_MAX). */
  walkRows?: number;
}

export interface OrderPageIds {
  /** The page's orders, newest first. */
  ids: string[];
  /** How many orders match: exact, or the cap when more do (`totalExact` false). */
  total: number;
  totalExact: boolean;
  /** Whether an order follows the page. */
  hasMore: boolean;
  /** How the page was found (the steps above): from the counted matches, the newest orders, a walk testing them, or all the matches sorted. */
  way: 'counted' | 'newest' | 'walked' | 'sorted';
}

/** Numbered parameters, each given once and named in the SQL as often as needed. */
class Params {
  readonly values: SqlParam[] = [];
  add(value: SqlParam, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}

/** The filters' condition on the orders aliased `x`, with their parameters in `params`. Absent filters are left out (no `$n IS NULL OR …`, which no index serves). */
function filterSql(query: AdminOrderQuery, onlyId: string | undefined, params: Params): (x: string) => string {
  const parts: ((x: string) => string)[] = [];
  if (query.channel !== undefined) {
    const p = params.add(query.channel, 'text');
    parts.push((x) => `${x}.channel = ${p}`);
  }
  if (query.state !== undefined) {
    const p = params.add(query.state, 'text');
    parts.push((x) => `${x}.state = ${p}`);
  }
  if (onlyId !== undefined) {
    const p = params.add(onlyId, 'text');
    parts.push((x) => `${x}.id = ${p}`);
  }
  return (x) => (parts.length === 0 ? 'true' : parts.map((f) => f(x)).join(' AND '));
}

const NEWEST = (x: string): string => `ORDER BY ${x}.created_at DESC, ${x}.id DESC`;

export async function orderPageIds(q: Queryable, query: AdminOrderQuery, options: OrderPageOptions = {}): Promise<OrderPageIds> {
  const cap = options.countCap ?? ORDER_COUNT_CAP;
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 50;
  const words = (query.q ?? '').trim();
  const params = new Params();
  const where = filterSql(query, options.onlyId, params);
  const pattern = words ? params.add(searchPattern(words), 'text') : null;
  const page = `OFFSET ${params.add(offset, 'int')} LIMIT ${params.add(limit + 1, 'int')}`;
  const answer = (way: OrderPageIds['way'], ids: string[]): OrderPageIds => ({ ids: ids.slice(0, limit), total: cap, totalExact: false, hasMore: ids.length > limit, way });

  const matches = pattern ? orderSearchRows({ pattern }, 'x.id, x.created_at', where('x')) : `SELECT x.id, x.created_at FROM orders x WHERE ${where('x')}`;
  const [found = { matches: 0, ids: [] }] = await q.query<{ matches: number; ids: string[] }>(
    `WITH m AS MATERIALIZED (${matches} LIMIT ${cap + 1})
     SELECT (SELECT count(*) FROM m)::int AS matches, ARRAY(SELECT m.id FROM m ${NEWEST('m')} ${page}) AS ids`,
    params.values,
  );
  if (found.matches <= cap) return { ...answer('counted', found.ids), total: found.matches, totalExact: true };

  const ids = async (sql: string): Promise<string[]> => (await q.query<{ id: string }>(sql, params.values)).map((r) => r.id);
  if (!pattern) return answer('newest', await ids(`SELECT x.id FROM orders x WHERE ${where('x')} ${NEWEST('x')} ${page}`));

  const walk = options.walkRows ?? Math.min(WALK_FACTOR * (offset + limit + 1), WALK_MAX);
  const walked = await ids(
    `SELECT o.id FROM (SELECT x.id, x.created_at, x.external_ref, x.customer_id, x.customer FROM orders x WHERE ${where('x')} ${NEWEST('x')} LIMIT ${walk}) o
     WHERE ${orderMatches('o', pattern)} ${NEWEST('o')} ${page}`,
  );
  // A full page and one more: the newest orders held them, so no older match comes before them.
  if (walked.length > limit) return answer('walked', walked);
  return answer('sorted', await ids(`SELECT m.id FROM (${matches}) m ${NEWEST('m')} ${page}`));
}
