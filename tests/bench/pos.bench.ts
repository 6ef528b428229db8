// POS ingestion bench (issue 5): 20 simulated tills push 500 five-line sales each over HTTP into
// PostgreSQL, concurrently, with full server-side application (validation, recompute, chain
// checks, stock moves, journal, session totals, acks). Beside it, in the same run: a raw insert
// of the same rows, one transaction per sale over 20 connections — the figure to beat.
// Needs DATABASE_URL (PostgreSQL). AISLE_BENCH_TILLS / AISLE_BENCH_SALES / AISLE_BENCH_PUSH_BATCH override.
import { performance } from 'node:perf_hooks';
import type { Sale } from '../../shared/schemas/index.ts';
import { postReceipt } from '../../sync-server/ledger/stock-valuation.ts';
import { siteLocations } from '../../sync-server/pos/site-locations.ts';
import { applyMoves } from '../../sync-server/stock/moves.ts';
import { addUser } from '../../sync-server/users/users.ts';
import { simCatalog } from '../pos/pos-harness.ts';
import { simulateTill, type TillStep } from '../support/pos-events.ts';
import { databaseUrl } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { rawSaleInsert } from './raw-sale-insert.ts';
import type { BenchRow } from './registry.ts';

export const name = 'pos';

const TILLS = Number(process.env.AISLE_BENCH_TILLS || 20);
const SALES = Number(process.env.AISLE_BENCH_SALES || 500);
const BATCH = Number(process.env.AISLE_BENCH_PUSH_BATCH || 100);

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
}

async function pushAll(server: TestServer, tills: { token: string; sales: Sale[] }[]): Promise<{ perSecond: number; p95: number; requests: number }> {
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    tills.map(async (till) => {
      for (let i = 0; i < till.sales.length; i += BATCH) {
        const body = till.sales.slice(i, i + BATCH).map((doc) => ({ newDocumentState: doc }));
        const t = performance.now();
        const res = await server.api('/api/sync/sales/push', { token: till.token, body });
        if (res.status !== 200) throw new Error(`push failed: ${res.status} ${JSON.stringify(res.body)}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const total = tills.reduce((a, t) => a + t.sales.length, 0);
  return { perSecond: total / seconds, p95: p95(latencies), requests: latencies.length };
}

/**
 * The store receives enough of every product the tills will sell (a supplier receipt, booked at
 * cost), so that the bench measures normal trading: every check still runs, but no sale drives
 * stock below zero and raises a negative-stock exception.
 */
async function receiveStock(server: TestServer, siteId: string, productIds: readonly string[], qty: number): Promise<void> {
  await server.db.transaction(async (tx) => {
    const { stock } = await siteLocations(tx, siteId);
    const [supplier] = await tx.query<{ id: string }>(`SELECT id FROM locations WHERE site_id = $1 AND usage = 'supplier'`, [siteId]);
    if (!supplier) throw new Error('bench store has no supplier location');
    const at = new Date().toISOString();
    await applyMoves(tx, productIds.map((productId) => ({ productId, qty, fromLocationId: supplier.id, toLocationId: stock, reason: 'receipt' as const, eventId: 'bench-receipt' })));
    await postReceipt(tx, 'bench-receipt', siteId, at, productIds.map((productId) => ({ productId, qty })));
  });
}

export async function run(): Promise<BenchRow[]> {
  if (!databaseUrl) return [{ metric: 'skipped', value: 0, unit: '-', note: 'set DATABASE_URL to a PostgreSQL server to run the POS ingestion bench' }];
  const server = await startTestServer('postgres', { products: 2000, poolSize: TILLS });
  try {
    const catalog = await simCatalog(server.db, 2000);
    const siteId = await server.siteId('STORE1');
    const steps: TillStep[] = Array.from({ length: SALES }, (_, i) => ({
      kind: 'sale',
      lines: Array.from({ length: 5 }, (_, k) => ({ product: (i * 5 + k) % catalog.length, qty: 1 + (k % 3), discount: 0 })),
      orderDiscount: 0,
      tender: i % 3 === 0 ? 'card' : 'cash',
    }));
    const tills = [];
    for (let i = 0; i < TILLS; i++) {
      const device = await server.pairDevice('till', 'STORE1', `bench till ${i}`);
      // Each till is worked by its own cashier of the store, a real user, as in a shop: sales name
      // the cashier's user id (a name that is not a user raises unknown_cashier on every sale, and
      // the bench then measures the exceptions path instead of normal trading).
      const cashier = await addUser(server.db, { username: `bench-cashier-${i}`, password: 'bench-cashier', role: 'cashier', pin: '1234', sites: ['STORE1'] });
      const events = simulateTill({ tillId: device.deviceId, siteId, cashierId: cashier.id, float: 10000, cashDifference: 0, steps }, catalog);
      tills.push({ token: device.token, sales: events.filter((e) => e.collection === 'sales').map((e) => e.doc as Sale) });
    }
    const all = tills.flatMap((t) => t.sales);
    await receiveStock(server, siteId, catalog.map((p) => p.id), SALES * TILLS * 3);
    const raw = await rawSaleInsert(databaseUrl, all, TILLS);
    const pushed = await pushAll(server, tills);
    const [check] = await server.db.query<{ sales: number; entries: number; problems: number }>(
      `SELECT (SELECT count(*)::int FROM pos_sales) AS sales, (SELECT count(*)::int FROM journal_entries WHERE kind = 'sale') AS entries,
              (SELECT count(*)::int FROM event_problems) AS problems`,
    );
    if (check?.sales !== all.length || check.entries !== all.length) throw new Error(`expected ${all.length} sales applied once, got ${JSON.stringify(check)}`);
    // Normal trading raises no exception: a bench whose sales are flagged measures the wrong path
    // (every sale raised unknown_cashier unnoticed for weeks). Fail loudly, naming what was raised.
    if (check.problems !== 0) {
      const codes = await server.db.query<{ code: string; n: number }>('SELECT code, count(*)::int AS n FROM event_problems GROUP BY code ORDER BY n DESC');
      throw new Error(`expected no exceptions from the bench's normal trading, got ${check.problems}: ${codes.map((c) => `${c.code} × ${c.n}`).join(', ')}`);
    }
    return [
      { metric: `raw insert, 1 tx per sale, ${TILLS} connections`, value: raw.perSecond, unit: 'sales/s', note: `p95 ${raw.p95.toFixed(1)} ms per sale` },
      { metric: `HTTP push, full application, ${TILLS} tills × ${SALES} sales`, value: pushed.perSecond, unit: 'sales/s', note: `ratio to raw ${(pushed.perSecond / raw.perSecond).toFixed(2)}× (target ≥ 1×)` },
      { metric: `push request p95 (${BATCH} sales per request)`, value: pushed.p95, unit: 'ms', note: `${pushed.requests} requests` },
      { metric: 'sales applied exactly once', value: check.sales, unit: 'sales', note: `${check.entries} journal entries, ${check.problems} exceptions raised` },
    ];
  } finally {
    await server.close();
  }
}
