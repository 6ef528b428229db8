// Reservation bench (issue 6): 20 concurrent channel clients post orders over HTTP for a small
// set of hot products on PostgreSQL; every order reserves FEFO under quant row locks (after the
// feed lock, like device pushes). Reports orders/s and latency, then asserts zero oversell:
// no quant with reserved > on-hand, Σ reserved per product ≤ its stock, Σ reservations =
// quants.reserved, and reserved + backordered = ordered for every line. Fails loudly otherwise.
// Needs DATABASE_URL. AISLE_BENCH_CLIENTS / AISLE_BENCH_ORDERS (per client) / AISLE_BENCH_HOT override.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Db } from '../../sync-server/db/db.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import type { OrderView } from '../../sync-server/warehouse/order-view.ts';
import { submitOrder } from '../../sync-server/warehouse/orders.ts';
import { databaseUrl } from '../support/test-db.ts';
import { startTestServer } from '../support/test-server.ts';
import { idemPost, makeProduct, reservationViolations } from '../warehouse/wh-harness.ts';
import type { BenchRow } from './registry.ts';

export const name = 'reservation';

const CLIENTS = Number(process.env.AISLE_BENCH_CLIENTS || 20);
const ORDERS = Number(process.env.AISLE_BENCH_ORDERS || 100);
const HOT = Number(process.env.AISLE_BENCH_HOT || 5);
const STOCK_PER_PRODUCT = 300;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

export class OversellError extends Error {
  readonly code = 'OVERSELL';
  constructor(message: string) {
    super(message);
    this.name = 'OversellError';
  }
}

async function hotProducts(db: Db): Promise<string[]> {
  const products: string[] = [];
  for (let i = 0; i < HOT; i++) {
    // Stock spread over three shelves and two lots per product, so FEFO has choices to make.
    products.push(await makeProduct(db, [
      { site: 'WH1', qty: STOCK_PER_PRODUCT / 3, location: 'WH1/Stock/A-01-01', lot: 'L1', expiry: '2098-01-01' },
      { site: 'WH1', qty: STOCK_PER_PRODUCT / 3, location: 'WH1/Stock/A-02-01', lot: 'L2', expiry: '2097-01-01' },
      { site: 'WH1', qty: STOCK_PER_PRODUCT / 3, location: 'WH1/Stock/B-01-01', lot: 'L3', expiry: '2099-01-01' },
    ], { tracking: 'lot' }));
  }
  return products;
}

/** The same load without HTTP (submitOrder straight on the pool): what the database side costs. */
async function direct(db: Db): Promise<{ perSecond: number; p95: number }> {
  const products = await hotProducts(db);
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      for (let i = 0; i < ORDERS; i++) {
        const productId = products[(c + i) % products.length] ?? '';
        const t = performance.now();
        await submitOrder(db, { id: 'bench-direct', channel: 'web' }, `d-${c}-${i}`, { channel: 'web', externalRef: `D-${c}-${i}`, lines: [{ productId, qty: 1 + ((c * i) % 3) }] });
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { perSecond: (CLIENTS * ORDERS) / ((performance.now() - t0) / 1000), p95: percentile(latencies, 0.95) };
}

export async function run(): Promise<BenchRow[]> {
  if (!databaseUrl) return [{ metric: 'skipped', value: 0, unit: '-', note: 'set DATABASE_URL to a PostgreSQL server to run the reservation bench' }];
  const server = await startTestServer('postgres', { products: 2000, poolSize: CLIENTS + 2 });
  try {
    const products = await hotProducts(server.db);
    const { key } = await createChannelKey(server.db, 'web', 'bench');
    const latencies: number[] = [];
    let ordered = 0;
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return seed % n;
    };
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let i = 0; i < ORDERS; i++) {
          const lineCount = 1 + rand(3);
          const chosen = [...new Set(Array.from({ length: lineCount }, () => products[rand(products.length)] ?? ''))];
          const lines = chosen.map((productId) => ({ productId, qty: 1 + rand(3) }));
          ordered += lines.reduce((s, l) => s + l.qty, 0);
          const t = performance.now();
          const res = await idemPost(server, key, `b-${c}-${i}`, { channel: 'web', externalRef: `B-${c}-${i}`, lines });
          latencies.push(performance.now() - t);
          if (res.status !== 201) throw new Error(`order failed: ${res.status} ${JSON.stringify(res.body)}`);
          const view = res.body as OrderView;
          if (view.lines.some((l) => l.reserved + l.backordered !== l.qty)) throw new OversellError(`order ${view.orderId}: reserved + backordered ≠ ordered`);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const violations = await reservationViolations(server.db);
    const perProduct = await server.db.query<{ product_id: string; on_hand: number; reserved: number }>(
      'SELECT product_id, sum(on_hand) AS on_hand, sum(reserved) AS reserved FROM quants WHERE product_id = ANY($1::text[]) GROUP BY product_id',
      [products],
    );
    const oversold = perProduct.reduce((s, p) => s + Math.max(0, p.reserved - p.on_hand), 0);
    if (violations.length > 0 || oversold > 0) throw new OversellError(`oversell: ${oversold} units, ${violations.length} quants break reserved ≤ on-hand`);
    const reserved = perProduct.reduce((s, p) => s + p.reserved, 0);
    const total = CLIENTS * ORDERS;
    const raw = await direct(server.db);
    const after = await reservationViolations(server.db);
    if (after.length > 0) throw new OversellError(`oversell in the direct run: ${after.length} quants break reserved ≤ on-hand`);
    return [
      { metric: 'orders', value: total, unit: 'orders', note: `${CLIENTS} clients × ${ORDERS}, ${HOT} hot lot-tracked products, HTTP, PostgreSQL` },
      { metric: 'throughput', value: total / seconds, unit: 'orders/s' },
      { metric: 'latency p50', value: percentile(latencies, 0.5), unit: 'ms' },
      { metric: 'latency p95', value: percentile(latencies, 0.95), unit: 'ms' },
      { metric: 'units ordered', value: ordered, unit: 'units' },
      { metric: 'units reserved', value: reserved, unit: 'units', note: `stock ${HOT * STOCK_PER_PRODUCT}` },
      { metric: 'units backordered', value: ordered - reserved, unit: 'units' },
      { metric: 'oversold', value: oversold + violations.length, unit: 'units', note: 'asserted 0 (reserved ≤ on-hand per quant and product)' },
      { metric: 'direct throughput', value: raw.perSecond, unit: 'orders/s', note: 'same load, submitOrder without HTTP (1 line per order)' },
      { metric: 'direct latency p95', value: raw.p95, unit: 'ms' },
      { metric: 'load average (1 min)', value: loadavg()[0] ?? 0, unit: '-', note: 'machine load while measuring' },
    ];
  } finally {
    await server.close();
  }
}
