// Reservation bench (issues 6, 18): 20 concurrent channel clients post orders over HTTP for a small
// set of hot lot-tracked products, against real `aisle serve` processes on one PostgreSQL — 1, 2
// and 4 of them (`serve --workers N`; AISLE_BENCH_PROCESSES=1,2,4). Every order reserves FEFO under
// the row locks of its quants only (no feed counter lock: docs/warehouse.md). Right before and
// right after each of those runs (the server's processes stopped meanwhile), in the same database:
// the raw insert of the same number of 5-line sales, one transaction per sale over as many
// connections (raw-sale-insert.ts) — the rate order intake must reach, taken over both passes, so
// that the machine's speed drifting between minutes (by up to a third under load:
// docs/warehouse.md, 2026-12-05) weighs on both sides alike. Reports
// orders/s, the ratio to raw, latency, then asserts zero oversell: no quant with reserved >
// on-hand, Σ reserved per product ≤ its stock, Σ reservations = quants.reserved, and reserved +
// backordered = ordered for every line. Fails loudly otherwise.
// The clients post over node:http with kept-alive connections (keep-alive-post.ts), not the global
// fetch, whose own CPU on this shared machine was taken from the server being measured.
// Both sides are warmed up first, untimed, to their steady state (AISLE_BENCH_WARMUP per client,
// default 200): the raw insert on as many sales per connection (then emptied), the server on orders
// for products of their own (its JIT, its pool's connections, PostgreSQL's caches) — as many per
// process as one process alone gets, since V8 optimizes a function only after thousands of calls
// and each process of a cluster sees its share of the connections. With 20 per client, workers of
// four ran most of the timed part in V8's baseline tier and its optimizing compiler was still busy
// (docs/warehouse.md, 2026-12-05 "warm-up — steady state on both sides"). Stock grows with the
// number of orders (perShelf), so the warm-up and any AISLE_BENCH_CLIENTS / AISLE_BENCH_ORDERS
// keep the default run's mix of reserved and backordered units.
// Needs DATABASE_URL. AISLE_BENCH_CLIENTS / AISLE_BENCH_ORDERS (per client) / AISLE_BENCH_HOT override.
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Sale } from '../../shared/schemas/index.ts';
import type { Db } from '../../sync-server/db/db.ts';
import { seedDemo } from '../../sync-server/seed/demo-seed.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import type { OrderView } from '../../sync-server/warehouse/order-view.ts';
import { simCatalog } from '../pos/pos-harness.ts';
import { simulateTill } from '../support/pos-events.ts';
import { spawnServe } from '../support/server-process.ts';
import { createTestDb, databaseUrl } from '../support/test-db.ts';
import { makeProduct, reservationViolations } from '../warehouse/wh-harness.ts';
import { fiveLineSales, overPasses, type RawPass, RawSaleInsert } from './raw-sale-insert.ts';
import { asPercent, withCpuBusy, withCpuByKind } from './cpu-busy.ts';
import { p50, p95 } from './percentile.ts';
import type { BenchRow } from './registry.ts';
import { keepAliveAgent, postJson } from './keep-alive-post.ts';
import { growingSeqRows, SERVER_APP, serverConnectionsGone } from './seq-reads.ts';

export const name = 'reservation';

const CLIENTS = Number(process.env.AISLE_BENCH_CLIENTS || 20);
const ORDERS = Number(process.env.AISLE_BENCH_ORDERS || 100);
const HOT = Number(process.env.AISLE_BENCH_HOT || 5);
const WARMUP = Number(process.env.AISLE_BENCH_WARMUP ?? 200);
/** The servers' LOG_LEVEL: warn (no request log) unless AISLE_BENCH_LOG_LEVEL=info measures with the request log on, as `aisle serve` runs by default. */
const LOG_LEVEL = process.env.AISLE_BENCH_LOG_LEVEL || 'warn';
const PROCESSES = (process.env.AISLE_BENCH_PROCESSES || '1,2,4').split(',').map(Number).filter((n) => n >= 1);
/**
 * Units per shelf of each hot product (three shelves) for a load of `perClient` orders from each
 * client: the stock grows with the orders, so the warm-up, a longer run (AISLE_BENCH_ORDERS) or
 * more clients (AISLE_BENCH_CLIENTS) keep the default run's mix — about a fifth of the units
 * ordered are in stock, the rest backordered (100 per shelf for 20 clients × 100 orders).
 */
const perShelf = (perClient: number): number => Math.max(1, Math.round((CLIENTS * perClient) / 20));
const STOCK_PER_PRODUCT = 3 * perShelf(ORDERS);
const P95_TARGET_MS = 250;


export class OversellError extends Error {
  readonly code = 'OVERSELL';
  constructor(message: string) {
    super(message);
    this.name = 'OversellError';
  }
}


async function hotProducts(db: Db, perClient: number): Promise<string[]> {
  const products: string[] = [];
  const qty = perShelf(perClient);
  for (let i = 0; i < HOT; i++) {
    // Stock spread over three shelves and two lots per product, so FEFO has choices to make.
    products.push(await makeProduct(db, [
      { site: 'WH1', qty, location: 'WH1/Stock/A-01-01', lot: 'L1', expiry: '2098-01-01' },
      { site: 'WH1', qty, location: 'WH1/Stock/A-02-01', lot: 'L2', expiry: '2097-01-01' },
      { site: 'WH1', qty, location: 'WH1/Stock/B-01-01', lot: 'L3', expiry: '2099-01-01' },
    ], { tracking: 'lot' }));
  }
  return products;
}

interface OrderRun {
  perSecond: number;
  p50: number;
  p95: number;
  ordered: number;
  reserved: number;
  /** Orders per writing transaction: the run's orders over the distinct transactions (xmin) that inserted them. */
  perTransaction: number;
}

/**
 * The server's processes are counted one by one (kind `server <pid> <parent pid>`); this puts their
 * sum in their place as `server`.
 */
function withServerTotal(byKind: Map<string, number>): Map<string, number> {
  const out = new Map([...byKind].filter(([k]) => !k.startsWith('server ')));
  out.set('server', [...byKind].filter(([k]) => k.startsWith('server ')).reduce((s, [, v]) => s + v, 0));
  return out;
}

/** Each server process's CPU per order, the primary (the parent of the others) named: where a cluster's CPU goes. */
function serverProcesses(byKind: Map<string, number>, perOrder: (seconds: number) => number): string {
  const procs = [...byKind].filter(([k]) => k.startsWith('server ')).map(([k, v]) => {
    const [, pid, ppid] = k.split(' ');
    return { pid, ppid, ms: perOrder(v) };
  });
  const children = (pid: string | undefined): number => procs.filter((p) => p.ppid === pid).length;
  return procs
    .filter((p) => p.ms >= 0.005)
    .sort((a, b) => b.ms - a.ms)
    .map((p) => `${p.ms.toFixed(2)}${children(p.pid) > 1 ? ' (primary)' : ''}`)
    .join(', ') + ' ms';
}

/** CLIENTS clients × `orders` orders of 1–3 lines over the hot products, posted to `url`; asserts zero oversell. */
async function orderLoad(db: Db, url: string, key: string, products: readonly string[], tag: string, orders = ORDERS): Promise<OrderRun> {
  const latencies: number[] = [];
  let ordered = 0;
  let seed = 7;
  const rand = (n: number): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed % n;
  };
  const agent = keepAliveAgent(CLIENTS);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      for (let i = 0; i < orders; i++) {
        const lineCount = 1 + rand(3);
        const chosen = [...new Set(Array.from({ length: lineCount }, () => products[rand(products.length)] ?? ''))];
        const lines = chosen.map((productId) => ({ productId, qty: 1 + rand(3) }));
        ordered += lines.reduce((s, l) => s + l.qty, 0);
        const t = performance.now();
        const res = await postJson<OrderView>(agent, `${url}/api/orders`, { authorization: `Bearer ${key}`, 'idempotency-key': `${tag}-${c}-${i}` }, { channel: 'web', externalRef: `${tag}-${c}-${i}`, lines });
        const { body } = res;
        latencies.push(performance.now() - t);
        if (res.status !== 201) throw new Error(`order failed: ${res.status} ${JSON.stringify(body)}`);
        if (body.lines.some((l) => l.reserved + l.backordered !== l.qty)) throw new OversellError(`order ${body.orderId}: reserved + backordered ≠ ordered`);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  const violations = await reservationViolations(db);
  const perProduct = await db.query<{ product_id: string; on_hand: number; reserved: number }>(
    'SELECT product_id, sum(on_hand) AS on_hand, sum(reserved) AS reserved FROM quants WHERE product_id = ANY($1::text[]) GROUP BY product_id',
    [[...products]],
  );
  // The transactions that wrote the run's orders (a batch's orders share its xmin; nothing updates them during the run).
  // Looked up by key (channel, external_ref), so as not to count as a whole-table read.
  const refs = Array.from({ length: CLIENTS }, (_, c) => Array.from({ length: orders }, (_, i) => `${tag}-${c}-${i}`)).flat();
  const [tx] = await db.query<{ n: number }>(`SELECT count(DISTINCT xmin::text)::int AS n FROM orders WHERE channel = 'web' AND external_ref = ANY($1::text[])`, [refs]);
  const oversold = perProduct.reduce((s, p) => s + Math.max(0, p.reserved - p.on_hand), 0);
  if (violations.length > 0 || oversold > 0) throw new OversellError(`oversell: ${oversold} units, ${violations.length} quants break reserved ≤ on-hand`);
  return { perSecond: (CLIENTS * orders) / seconds, p50: p50(latencies), p95: p95(latencies), ordered, reserved: perProduct.reduce((s, p) => s + p.reserved, 0), perTransaction: (CLIENTS * orders) / Math.max(1, tx?.n ?? 0) };
}

/** As many 5-line sales as there are orders, for the raw insert beside each run. */
async function rawSales(db: Db): Promise<Sale[]> {
  const catalog = await simCatalog(db, 2000);
  const [store] = await db.query<{ id: string }>(`SELECT id FROM sites WHERE code = 'STORE1'`);
  const steps = fiveLineSales(ORDERS, catalog.length);
  return Array.from({ length: CLIENTS }, (_, t) =>
    simulateTill({ tillId: `bench-till-${t}`, siteId: store?.id ?? '', cashierId: 'alice', float: 10000, cashDifference: 0, steps }, catalog)
      .filter((e) => e.collection === 'sales').map((e) => e.doc as Sale)).flat().slice(0, CLIENTS * ORDERS);
}

export async function run(): Promise<BenchRow[]> {
  if (!databaseUrl) return [{ metric: 'skipped', value: 0, unit: '-', note: 'set DATABASE_URL to a PostgreSQL server to run the reservation bench' }];
  const t = await createTestDb('postgres', { poolSize: 4 });
  const rows: BenchRow[] = [];
  let rawOpened: RawSaleInsert | undefined;
  try {
    await seedDemo(t.db, { products: 2000 });
    const dbUrl = t.url as string;
    const { key } = await createChannelKey(t.db, 'web', 'bench');
    const sales = await rawSales(t.db);
    rows.push({ metric: 'orders per run', value: CLIENTS * ORDERS, unit: 'orders', note: `${CLIENTS} HTTP clients × ${ORDERS} (after ${WARMUP} untimed per server process), 1–3 lines over ${HOT} hot lot-tracked products (${HOT * STOCK_PER_PRODUCT} units), PostgreSQL` });
    // Each run has two targets (ratio to raw, p95); every one missed is counted and named.
    const missed: string[] = [];
    const rawInsert = await RawSaleInsert.open(dbUrl, CLIENTS);
    rawOpened = rawInsert;
    await rawInsert.warmUp(sales, CLIENTS * WARMUP);
    for (const [run, n] of PROCESSES.entries()) {
      // The server's processes are stopped while the raw insert runs beside them (measureBeside).
      const rawPasses: RawPass[] = [];
      // Each server process warms up on as many orders as one process alone: the cluster hands
      // every process its share of the connections, and V8 optimizes a function only after
      // thousands of calls (docs/warehouse.md, 2026-12-05 "warm-up — steady state on both
      // sides").
      const serverWarmup = WARMUP * n;
      const warm = serverWarmup > 0 ? await hotProducts(t.db, serverWarmup) : [];
      const products = await hotProducts(t.db, ORDERS);
      // Before the server connects: every earlier connection of the run has written its statistics.
      const seqBefore = await growingSeqRows(t.db);
      const server = await spawnServe({ env: { DATABASE_URL: dbUrl, PGAPPNAME: SERVER_APP, LOG_LEVEL }, args: n > 1 ? ['--workers', String(n)] : [], healthTimeoutMs: 180_000 });
      let r: OrderRun;
      let busy = 0;
      let cpuByKind = new Map<string, number>();
      try {
        // Every worker up (a cluster answers health as soon as the first one listens).
        await new Promise((resolve) => setTimeout(resolve, n > 1 ? 3000 * n : 0));
        // The run's place in the list names its orders' keys: a process count may be listed twice
        // (AISLE_BENCH_PROCESSES=4,4,4 grows the tables run after run: docs/warehouse.md).
        if (serverWarmup > 0) await orderLoad(t.db, server.url, key, warm, `warm${n}-${run}`, serverWarmup);
        rawPasses.push(await rawInsert.measureBeside(server, sales));
        // CPU per order by kind of process: steadier than orders/s on a shared machine, and what
        // limits once the cores are busy (docs/warehouse.md, "CPU per order measured").
        const serverGroup = server.child.pid;
        ({ result: { result: r, busy }, seconds: cpuByKind } = await withCpuByKind(
          () => withCpuBusy(() => orderLoad(t.db, server.url, key, products, `w${n}-${run}`)),
          (p, pid) => (p.pgrp === serverGroup ? `server ${pid} ${p.ppid}` : p.comm === 'postgres' ? 'PostgreSQL' : pid === process.pid ? 'clients' : null),
        ));
        rawPasses.push(await rawInsert.measureBeside(server, sales));
      } finally {
        await server.kill();
      }
      await serverConnectionsGone(t.db);
      const seqRows = (await growingSeqRows(t.db)) - seqBefore;
      const raw = overPasses(rawPasses, sales.length);
      const ratio = r.perSecond / raw.perSecond;
      const perOrder = (seconds: number): number => (seconds * 1000) / (CLIENTS * ORDERS);
      const kinds = withServerTotal(cpuByKind);
      if (ratio < 1) missed.push(`${n} process${n > 1 ? 'es' : ''}: ${ratio.toFixed(2)}× raw (target ≥ 1×)`);
      if (r.p95 > P95_TARGET_MS) missed.push(`${n} process${n > 1 ? 'es' : ''}: p95 ${r.p95.toFixed(0)} ms (target ≤ ${P95_TARGET_MS} ms)`);
      rows.push(
        { metric: `raw insert, 1 tx per sale (before and after ${n} process run)`, value: raw.perSecond, unit: 'sales/s', note: `before ${rawPasses[0]?.rate.perSecond.toFixed(0)}, after ${rawPasses[1]?.rate.perSecond.toFixed(0)} sales/s; ${CLIENTS} connections, p95 ${raw.p95.toFixed(1)} ms (the slower pass); CPU ${asPercent(raw.busy)} busy (${cpus().length} cores)` },
        { metric: `orders, ${n} server process${n > 1 ? 'es' : ''}`, value: r.perSecond, unit: 'orders/s', note: `ratio to raw ${ratio.toFixed(2)}× (target ≥ 1×); CPU ${asPercent(busy)} busy` },
        { metric: `  CPU per order, ${n} process${n > 1 ? 'es' : ''}`, value: perOrder([...kinds.values()].reduce((a, b) => a + b, 0)), unit: 'ms CPU', note: ['server', 'PostgreSQL', 'clients'].map((k) => `${k} ${perOrder(kinds.get(k) ?? 0).toFixed(2)}`).join(', ') + ' ms (Linux /proc; PostgreSQL counts every backend on the machine)' },
        ...(n > 1 ? [{ metric: `  server CPU per order by process, ${n} processes`, value: perOrder(kinds.get('server') ?? 0), unit: 'ms CPU', note: serverProcesses(cpuByKind, perOrder) }] : []),
        { metric: `  orders per transaction, ${n} process${n > 1 ? 'es' : ''}`, value: r.perTransaction, unit: 'orders', note: 'the batch size: the run\'s orders over the transactions that wrote them (distinct xmin)' },
        { metric: `  latency p50 / p95, ${n} process${n > 1 ? 'es' : ''}`, value: r.p95, unit: 'ms p95', note: `p50 ${r.p50.toFixed(0)} ms (target p95 ≤ ${P95_TARGET_MS} ms)` },
        { metric: `  rows read whole-table, ${n} process${n > 1 ? 'es' : ''}`, value: seqRows / (CLIENTS * (ORDERS + serverWarmup)), unit: 'rows/order', note: 'sequential scans of orders, order lines, requests, pickings, picking lines, feed documents (pg_stat_user_tables, warm-up included): ~0 when every lookup is by key' },
        { metric: `  units reserved / ordered, ${n} process${n > 1 ? 'es' : ''}`, value: r.reserved, unit: 'units', note: `of ${r.ordered} ordered, ${HOT * STOCK_PER_PRODUCT} in stock; 0 oversold (asserted)` },
      );
    }
    rows.push(
      { metric: 'oversold', value: 0, unit: 'units', note: 'asserted after every run (reserved ≤ on-hand per quant and product)' },
      { metric: 'load average (1 min)', value: loadavg()[0] ?? 0, unit: '-', note: 'machine load at the end' },
    );
    rows.push({ metric: 'targets missed', value: missed.length, unit: 'targets', note: missed.length > 0 ? missed.join('; ') : `none of ${PROCESSES.length * 2}` });
    return rows;
  } finally {
    await rawOpened?.close();
    await t.close();
  }
}
