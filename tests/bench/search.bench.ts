// `npm run bench -- search` (migration 124): the back office's searches by a part of a text on
// PostgreSQL filled set-based with 300,000 channel orders (one line each) of 150,000 customers.
// In one run, on one database, ratios rather than absolute times (this machine is shared):
// - the orders search for a rare word (one customer's name) as it runs now, on its trigram indexes;
//   the same statement with the indexes dropped (in a transaction rolled back); and the statement
//   the search sent before (an OR across the joined tables, which no index serves);
// - a reference fragment, and the customers page by a part of an e-mail;
// - the back office's orders list (orders-list.ts): every order and the Open ones newest first, common
//   words, a deep page — now (matches counted up to 1,000, pages read from migration 125's indexes),
//   without those indexes, and the statement it sent before (every match counted and sorted);
// - the plan of the orders search (EXPLAIN ANALYZE), which must read the trigram indexes;
// - what the indexes cost the order intake: orders posted to the real intake over HTTP (a new
//   customer each) without, with, with and without them (ABBA), so the machine's drift weighs on both;
//   and, less at the mercy of a loaded machine, what they add to a set-based insert of 20,000
//   orders and their new customers (rolled back) — the upkeep per order, beside the time an order takes;
// - how long building them takes on these tables (the migration's cost on a server with orders), and
//   migration 125's two indexes: their build, and their upkeep per order.
// Needs DATABASE_URL. AISLE_BENCH_ORDERS (default 300,000), AISLE_BENCH_INTAKE (orders per
// intake pass, default 500) override.
import { performance } from 'node:perf_hooks';
import type { Db, Queryable, SqlParam } from '../../sync-server/db/db.ts';
import { listCustomers } from '../../sync-server/customers/customer-admin.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import { listAdminOrders } from '../../sync-server/warehouse/order-admin-list.ts';
import { databaseUrl } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { makeProduct } from '../warehouse/wh-harness.ts';
import { keepAliveAgent, postJson } from './keep-alive-post.ts';
import { dropListIndexes, LIST_INDEXES, orderListRows } from './orders-list.ts';
import { p50, p95 } from './percentile.ts';
import type { BenchRow } from './registry.ts';
import { rolledBack } from './rolled-back.ts';

export const name = 'search';

const ORDERS = Number(process.env.AISLE_BENCH_ORDERS || 300_000);
const CUSTOMERS = Math.ceil(ORDERS / 2);
const INTAKE = Number(process.env.AISLE_BENCH_INTAKE || 500);
const INTAKE_CLIENTS = 8;

const FIRST = ['Marie', 'Jean', 'Pierre', 'Sophie', 'Zoë', 'José', 'Anna', 'Lukas', 'Chloé', 'Mateo', 'Léa', 'Noah', 'Emma', 'Hugo', 'Inès', 'Louis', 'Camille', 'Jonas', 'Sarah', 'Théo'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Müller', 'Schmidt', 'García', 'Rossi', 'Kowalski', 'Novak', 'Jansen', 'Costa', 'Moreau', 'Fournier', 'Girard', 'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Nielsen', 'Andersson', 'Silva', 'Fischer', 'Weber'];
const sqlArray = (words: readonly string[]): string => `ARRAY[${words.map((w) => `'${w}'`).join(', ')}]`;

/** The trigram indexes the intake writes (migration 124); the audit log's is not on its path. */
const INTAKE_INDEXES = {
  orders_ref_trigrams: 'CREATE INDEX orders_ref_trigrams ON orders USING gin (aisle_fold(external_ref) gin_trgm_ops)',
  orders_guest_trigrams: `CREATE INDEX orders_guest_trigrams ON orders USING gin (aisle_fold(coalesce(customer ->> 'name', '')) gin_trgm_ops, lower(coalesce(customer ->> 'email', '')) gin_trgm_ops)
    WHERE customer_id IS NULL AND customer IS NOT NULL`,
  customers_trigrams: `CREATE INDEX customers_trigrams ON customers USING gin (aisle_fold(name) gin_trgm_ops, email_key gin_trgm_ops, regexp_replace(coalesce(phone, ''), '\\D', '', 'g') gin_trgm_ops)
    WHERE merged_into IS NULL`,
};
const dropIndexes = `DROP INDEX ${Object.keys(INTAKE_INDEXES).join(', ')}`;

/** The orders search as it was before migration 124: one OR across orders and the joined customer. */
const FORMER_SEARCH = `SELECT count(*) OVER ()::int AS matches, o.id, o.created_at
  FROM orders o LEFT JOIN channels ch ON ch.code = o.channel LEFT JOIN customers c ON c.id = o.customer_id
  WHERE aisle_fold(o.external_ref) LIKE '%' || aisle_fold($1) || '%'
     OR aisle_fold(coalesce(c.name, o.customer->>'name', '')) LIKE '%' || aisle_fold($1) || '%'
     OR lower(coalesce(c.email, o.customer->>'email', '')) LIKE '%' || lower($1) || '%'
  ORDER BY o.created_at DESC, o.id DESC LIMIT 50`;

async function fill(db: Db): Promise<void> {
  await db.query(dropIndexes);
  await db.transaction(async (tx) => {
    // Set-based, without the per-row triggers (the feed's numbering is given here).
    await tx.query('SET LOCAL session_replication_role = replica');
    await tx.query(
      `INSERT INTO customers (id, name, email, phone, phone_key, created_at, updated_at)
       SELECT 'bc-' || n, f || ' ' || l, replace(aisle_fold(f) || '.' || aisle_fold(l), ' ', '') || n || '@' || (ARRAY['example.com', 'mail.example', 'shop.example.org'])[1 + n % 3],
              CASE WHEN n % 3 = 0 THEN '+33 6 ' || lpad((n::bigint * 7919 % 100000000)::text, 8, '0') END,
              CASE WHEN n % 3 = 0 THEN '+336' || lpad((n::bigint * 7919 % 100000000)::text, 8, '0') END, now() - (n % 365) * interval '1 day', now()
       FROM generate_series(1, $1::int) n, LATERAL (SELECT (${sqlArray(FIRST)})[1 + n % ${FIRST.length}] AS f, (${sqlArray(LAST)})[1 + (n / ${FIRST.length}) % ${LAST.length}] AS l) w`,
      [CUSTOMERS],
    );
    await tx.query(`INSERT INTO customers (id, name, email) VALUES ('bc-odegard', 'Quentin Ødegård', 'q.odegard@fjord.example')`);
    // Every 50th order names nobody on file (an order from before customers were linked).
    await tx.query(
      `INSERT INTO orders (id, channel, external_ref, customer_id, customer, currency, state, created_at, updated_at, change_seq)
       SELECT 'bo-' || n, CASE WHEN n % 5 = 0 THEN 'marketplace' ELSE 'web' END,
              CASE WHEN n % 5 = 0 THEN 'MKT-' || upper(substr(md5(n::text), 1, 10)) ELSE 'WEB-' || lpad(n::text, 7, '0') END,
              CASE WHEN n % 50 = 0 THEN NULL WHEN n IN (1001, 150001, 299001) THEN 'bc-odegard' ELSE c.id END,
              jsonb_build_object('name', c.name, 'email', c.email), 'EUR',
              CASE WHEN n % 20 = 0 THEN 'cancelled' WHEN n % 4 = 0 THEN 'open' ELSE 'done' END,
              now() - (($2::int - n) * interval '100 seconds'), now(), nextval('feed_seq')
       FROM generate_series(1, $2::int) n JOIN customers c ON c.id = 'bc-' || (1 + (n::bigint * 7919) % $1::int)`,
      [CUSTOMERS, ORDERS],
    );
    await tx.query(
      `INSERT INTO order_lines (id, order_id, position, product_id, qty, unit_price, price_includes_tax, delivered)
       SELECT 'bl-' || o.n, 'bo-' || o.n, 1, p.id, 1 + o.n % 3, p.price, true, CASE WHEN o.n % 4 = 0 OR o.n % 20 = 0 THEN 0 ELSE 1 + o.n % 3 END
       FROM generate_series(1, $1::int) AS o(n)
       JOIN (SELECT id, price, row_number() OVER (ORDER BY sku) - 1 AS k FROM products) p ON p.k = o.n % (SELECT count(*) FROM products)`,
      [ORDERS],
    );
  });
}

/** Builds indexes (their CREATE statements); the seconds it took. */
async function buildIndexes(db: Db, statements: readonly string[]): Promise<number> {
  const t = performance.now();
  for (const sql of statements) await db.query(sql);
  return (performance.now() - t) / 1000;
}

/** The first statement `fn` sends (the search itself), with its parameters. */
async function firstStatement(q: Queryable, fn: (q: Queryable) => Promise<unknown>): Promise<{ sql: string; params: readonly SqlParam[] }> {
  let first: { sql: string; params: readonly SqlParam[] } | undefined;
  await fn({
    query: <T extends object>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> => {
      first ??= { sql, params };
      return q.query<T>(sql, params);
    },
  });
  if (!first) throw new Error('the search sent no statement');
  return first;
}

async function timings(q: Queryable, sql: string, params: readonly SqlParam[], runs: number): Promise<number[]> {
  await q.query(sql, params);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await q.query(sql, params);
    ms.push(performance.now() - t);
  }
  return ms;
}

/** `fn` in a transaction where the trigram indexes are dropped, rolled back after. */
async function withoutIndexes<T>(db: Db, fn: (q: Queryable) => Promise<T>): Promise<T> {
  return rolledBack(db, async (tx) => {
    await tx.query(dropIndexes);
    return fn(tx);
  });
}

const UPKEEP_ROWS = 20_000;

/** Milliseconds to insert UPKEEP_ROWS orders, each with a new customer, in a transaction rolled back; `drop`: the indexes to do without. */
async function upkeep(db: Db, drop: string | null): Promise<number> {
  return rolledBack(db, async (tx) => {
    if (drop) await tx.query(drop);
    const t = performance.now();
    await tx.query(`INSERT INTO customers (id, name, email) SELECT 'uc-' || n, 'Buyer Nº ' || n, 'buyer' || n || '@upkeep.example' FROM generate_series(1, $1::int) n`, [UPKEEP_ROWS]);
    await tx.query(
      // Each a millisecond after the last, as orders come (the list's indexes sort by it).
      `INSERT INTO orders (id, channel, external_ref, customer_id, customer, created_at)
       SELECT 'uo-' || n, 'web', 'UP-' || lpad(n::text, 7, '0'), 'uc-' || n, jsonb_build_object('name', 'Buyer Nº ' || n, 'email', 'buyer' || n || '@upkeep.example'),
              now() + n * interval '1 millisecond'
       FROM generate_series(1, $1::int) n`,
      [UPKEEP_ROWS],
    );
    return performance.now() - t;
  });
}

/** Orders per second through the real intake (HTTP, batching, reservation, a new customer each). */
async function intakePass(s: TestServer, key: string, products: readonly string[], pass: string, count = INTAKE): Promise<number> {
  const agent = keepAliveAgent(INTAKE_CLIENTS);
  let next = 0;
  const t = performance.now();
  await Promise.all(Array.from({ length: INTAKE_CLIENTS }, async () => {
    for (let i = next++; i < count; i = next++) {
      const body = {
        channel: 'web', externalRef: `IN-${pass}-${i}`, customer: { name: `Buyer ${pass} ${i}`, email: `buyer-${pass}-${i}@intake.example` },
        lines: [{ productId: products[i % products.length], qty: 1 }, { productId: products[(i + 1) % products.length], qty: 1 }],
      };
      const res = await postJson<unknown>(agent, `${s.url}/api/orders`, { authorization: `Bearer ${key}`, 'idempotency-key': `${pass}-${i}` }, body);
      if (res.status !== 201) throw new Error(`intake refused an order: ${res.status} ${JSON.stringify(res.body)}`);
    }
  }));
  agent.destroy();
  return count / ((performance.now() - t) / 1000);
}

const ms = (v: number): number => Math.round(v * 10) / 10;

export async function run(): Promise<BenchRow[]> {
  if (!databaseUrl) {
    const note = 'skipped: set DATABASE_URL=postgres://… (the search bench runs on PostgreSQL only)';
    console.log(`search bench ${note}`);
    return [{ metric: 'search bench', value: 0, unit: '', note }];
  }
  const rows: BenchRow[] = [];
  const s = await startTestServer('postgres', { products: 200 });
  try {
    const db = s.db;
    // Migration 125's indexes, built after the fill as the migration builds them on a server with orders.
    const listIndexes = (await db.query<{ indexdef: string }>('SELECT indexdef FROM pg_indexes WHERE indexname = ANY($1::text[]) ORDER BY indexname', [LIST_INDEXES])).map((r) => r.indexdef);
    if (listIndexes.length !== LIST_INDEXES.length) throw new Error(`migration 125's indexes are not all there: ${listIndexes.join('; ')}`);
    await db.query(dropListIndexes);
    const t = performance.now();
    await fill(db);
    await db.query('ANALYZE');
    rows.push({ metric: 'fill (set-based)', value: (performance.now() - t) / 1000, unit: 's', note: `${ORDERS} orders with a line each, ${CUSTOMERS} customers` });
    const listBuild = await buildIndexes(db, listIndexes);
    await db.query('ANALYZE orders');
    rows.push({ metric: 'build the orders list\'s indexes (migration 125)', value: listBuild, unit: 's', note: `${LIST_INDEXES.join(', ')} on ${ORDERS} orders` });

    const key = (await createChannelKey(db, 'web', 'bench')).key;
    const products = await Promise.all(Array.from({ length: 20 }, () => makeProduct(db, [{ site: 'WH1', qty: 1_000_000 }], { price: 990 })));
    // Warm-up, untimed: the intake's JIT, pool and caches.
    await intakePass(s, key, products, 'warm', 200);
    const without1 = await intakePass(s, key, products, 'n1');
    const build = await buildIndexes(db, Object.values(INTAKE_INDEXES));
    rows.push({ metric: 'build the intake\'s trigram indexes', value: build, unit: 's', note: `orders ×2 and customers, on ${ORDERS} orders / ${CUSTOMERS} customers (the migration's cost on such a server)` });
    await db.query('ANALYZE orders, customers');
    const with1 = await intakePass(s, key, products, 'w1');

    // The searches, for a rare word (one customer: three orders).
    const rare = await firstStatement(db, (q) => listAdminOrders(q, { q: 'odegard', limit: 50 }));
    const now = await timings(db, rare.sql, rare.params, 25);
    const dropped = await withoutIndexes(db, (q) => timings(q, rare.sql, rare.params, 3));
    const former = await timings(db, FORMER_SEARCH, ['odegard'], 3);
    rows.push({ metric: 'orders search "odegard": trigram indexes, p50', value: ms(p50(now)), unit: 'ms', note: `p95 ${ms(p95(now))} ms, 25 runs` });
    rows.push({ metric: 'same statement, indexes dropped, p50', value: ms(p50(dropped)), unit: 'ms', note: `p95 ${ms(p95(dropped))} ms, 3 runs; ${(p50(dropped) / p50(now)).toFixed(0)}× the indexed p50` });
    rows.push({ metric: 'the former OR statement, p50', value: ms(p50(former)), unit: 'ms', note: `p95 ${ms(p95(former))} ms, 3 runs; ${(p50(former) / p50(now)).toFixed(0)}× the indexed p50` });

    // A reference fragment: 16 matches, counted and sorted in that one statement. Common words: orders-list.ts.
    const fragment = await firstStatement(db, (q) => listAdminOrders(q, { q: '23456', limit: 50 }));
    const fragmentNow = await timings(db, fragment.sql, fragment.params, 10);
    const [{ matches } = { matches: 0 }] = await db.query<{ matches: number }>(fragment.sql, fragment.params);
    const fragmentWas = await timings(db, FORMER_SEARCH, ['23456'], 1);
    rows.push({ metric: 'orders search "23456" (a reference fragment), p50', value: ms(p50(fragmentNow)), unit: 'ms', note: `p95 ${ms(p95(fragmentNow))} ms, ${matches} matches; the former OR statement ${ms(p50(fragmentWas))} ms (1 run)` });
    const cust = await firstStatement(db, (q) => listCustomers(q, { q: 'fjord.ex' }));
    const custNow = await timings(db, cust.sql, cust.params, 25);
    const custDropped = await withoutIndexes(db, (q) => timings(q, cust.sql, cust.params, 3));
    rows.push({ metric: 'customers page "fjord.ex" (e-mail part), p50', value: ms(p50(custNow)), unit: 'ms', note: `p95 ${ms(p95(custNow))} ms; indexes dropped ${ms(p50(custDropped))} ms (p50 of 3)` });
    rows.push(...(await orderListRows(db)));

    const plan = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${rare.sql}`, rare.params)).map((r) => r['QUERY PLAN']).join('\n');
    console.log(`orders search "odegard", EXPLAIN ANALYZE:\n${plan}`);
    const used = ['orders_ref_trigrams', 'customers_trigrams', 'orders_guest_trigrams'].filter((i) => plan.includes(i));
    if (used.length < 3 || /Seq Scan on (orders|customers)/.test(plan)) throw new Error('the orders search does not read its trigram indexes');
    rows.push({ metric: 'plan of the orders search reads', value: used.length, unit: 'indexes', note: `${used.join(', ')}; no sequential scan` });

    const up = { with: [] as number[], without: [] as number[], withoutList: [] as number[] };
    for (let i = 0; i < 3; i++) {
      up.with.push(await upkeep(db, null));
      up.without.push(await upkeep(db, dropIndexes));
      up.withoutList.push(await upkeep(db, dropListIndexes));
    }
    const perOrder = (list: number[]): number => (1000 * Math.min(...list)) / UPKEEP_ROWS;
    const extra = perOrder(up.with) - perOrder(up.without);
    rows.push({
      metric: 'index upkeep per order (set-based insert, order + new customer)', value: Math.round(extra), unit: 'µs',
      note: `${perOrder(up.with).toFixed(0)} µs with, ${perOrder(up.without).toFixed(0)} µs without (best of 3, ${UPKEEP_ROWS} rows); the intake took 1/rate = ${(1000 / with1).toFixed(1)} ms per order (first pass with them)`,
    });
    rows.push({
      metric: 'the orders list\'s indexes\' upkeep per order (same insert)', value: Math.round(perOrder(up.with) - perOrder(up.withoutList)), unit: 'µs',
      note: `${perOrder(up.withoutList).toFixed(0)} µs without ${LIST_INDEXES.join(' and ')} (best of 3)`,
    });

    // The intake again, with and then without (ABBA), so that drift weighs on both sides.
    const with2 = await intakePass(s, key, products, 'w2');
    await db.query(dropIndexes);
    const without2 = await intakePass(s, key, products, 'n2');
    const withRate = (with1 + with2) / 2;
    const withoutRate = (without1 + without2) / 2;
    rows.push({ metric: 'order intake with the trigram indexes', value: ms(withRate), unit: 'orders/s', note: `passes ${ms(with1)}, ${ms(with2)}; ${INTAKE} orders each, ${INTAKE_CLIENTS} clients, a new customer per order` });
    rows.push({ metric: 'order intake without them', value: ms(withoutRate), unit: 'orders/s', note: `passes ${ms(without1)}, ${ms(without2)}; with/without ${(withRate / withoutRate).toFixed(2)}×` });
    return rows;
  } finally {
    await s.close();
  }
}
