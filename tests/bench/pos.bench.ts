// POS ingestion bench (issues 5, 18): 20 simulated tills push 500 five-line sales each over HTTP
// into PostgreSQL, concurrently, with full server-side application (validation, recompute, chain
// checks, stock moves, journal, session totals, acks), against a real `aisle serve` process — the
// server a store runs, with its own pool and push concurrency, not the bench's process: in the
// bench's own process the tills' client work (JSON bodies of 100 sales, HTTP) took the server's
// one thread (it ran at 100 % of a core, 2026-12-05, docs/server.md). Right before and right after
// the timed pushes (the server's processes stopped meanwhile), in the same database: the raw insert
// of the same rows, one transaction per sale over 20 connections (raw-sale-insert.ts) — the figure
// to beat, taken over both passes, as the reservation bench does. Both sides are warmed up first,
// untimed: the raw insert on the sales over again, the server on pushes of tills of their own
// (its JIT, its pool's connections, PostgreSQL's caches).
// Needs DATABASE_URL (PostgreSQL). AISLE_BENCH_TILLS / AISLE_BENCH_SALES / AISLE_BENCH_PUSH_BATCH /
// AISLE_BENCH_POS_WARMUP (warm-up sales per till, default 100) override.
import { performance } from 'node:perf_hooks';
import type { Sale } from '../../shared/schemas/index.ts';
import type { Db } from '../../sync-server/db/db.ts';
import { createPairingCode, redeemPairingCode } from '../../sync-server/devices/pairing.ts';
import { postReceipt } from '../../sync-server/ledger/stock-valuation.ts';
import { siteLocations } from '../../sync-server/pos/site-locations.ts';
import { seedDemo } from '../../sync-server/seed/demo-seed.ts';
import { applyMoves } from '../../sync-server/stock/moves.ts';
import { addUser } from '../../sync-server/users/users.ts';
import { simCatalog } from '../pos/pos-harness.ts';
import { type SimProduct, simulateTill } from '../support/pos-events.ts';
import { spawnServe, type ServerProcess } from '../support/server-process.ts';
import { createTestDb, databaseUrl } from '../support/test-db.ts';
import { asPercent, withCpuBusy } from './cpu-busy.ts';
import { keepAliveAgent, postJson } from './keep-alive-post.ts';
import { p95 } from './percentile.ts';
import { fiveLineSales, overPasses, RawSaleInsert } from './raw-sale-insert.ts';
import type { BenchRow } from './registry.ts';

export const name = 'pos';

const TILLS = Number(process.env.AISLE_BENCH_TILLS || 20);
const SALES = Number(process.env.AISLE_BENCH_SALES || 500);
const BATCH = Number(process.env.AISLE_BENCH_PUSH_BATCH || 100);
const WARMUP = Number(process.env.AISLE_BENCH_POS_WARMUP ?? 100);

interface Till {
  token: string;
  sales: Sale[];
}

/** Every till pushes its sales in batches of BATCH, the tills concurrently, each over its own kept-alive connection. */
async function pushAll(url: string, tills: readonly Till[]): Promise<{ perSecond: number; p95: number; requests: number }> {
  const latencies: number[] = [];
  const agent = keepAliveAgent(tills.length);
  const t0 = performance.now();
  try {
    await Promise.all(
      tills.map(async (till) => {
        for (let i = 0; i < till.sales.length; i += BATCH) {
          const body = till.sales.slice(i, i + BATCH).map((doc) => ({ newDocumentState: doc }));
          const t = performance.now();
          const res = await postJson<unknown>(agent, `${url}/api/sync/sales/push`, { authorization: `Bearer ${till.token}` }, body);
          if (res.status !== 200) throw new Error(`push failed: ${res.status} ${JSON.stringify(res.body)}`);
          latencies.push(performance.now() - t);
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  const seconds = (performance.now() - t0) / 1000;
  const total = tills.reduce((a, t) => a + t.sales.length, 0);
  return { perSecond: total / seconds, p95: p95(latencies), requests: latencies.length };
}

/**
 * The store receives enough of every product the tills will sell (a supplier receipt, booked at
 * cost), so that the bench measures normal trading: every check still runs, but no sale drives
 * stock below zero and raises a negative-stock exception.
 */
async function receiveStock(db: Db, siteId: string, productIds: readonly string[], qty: number): Promise<void> {
  await db.transaction(async (tx) => {
    const { stock } = await siteLocations(tx, siteId);
    const [supplier] = await tx.query<{ id: string }>(`SELECT id FROM locations WHERE site_id = $1 AND usage = 'supplier'`, [siteId]);
    if (!supplier) throw new Error('bench store has no supplier location');
    const at = new Date().toISOString();
    await applyMoves(tx, productIds.map((productId) => ({ productId, qty, fromLocationId: supplier.id, toLocationId: stock, reason: 'receipt' as const, eventId: 'bench-receipt' })));
    await postReceipt(tx, 'bench-receipt', siteId, at, productIds.map((productId) => ({ productId, qty })));
  });
}

/**
 * `count` tills of STORE1, each paired (a real device token) and worked by its own cashier of the
 * store, a real user, as in a shop — sales name the cashier's user id (a name that is not a user
 * raises unknown_cashier on every sale, and the bench then measures the exceptions path) — with
 * `sales` five-line sales each.
 */
async function makeTills(db: Db, tag: string, count: number, sales: number, siteId: string, catalog: readonly SimProduct[]): Promise<Till[]> {
  const steps = fiveLineSales(sales, catalog.length);
  const tills: Till[] = [];
  for (let i = 0; i < count; i++) {
    const { code } = await createPairingCode(db, 'till', 'STORE1');
    const device = await redeemPairingCode(db, code, `bench ${tag} till ${i}`);
    const cashier = await addUser(db, { username: `bench-${tag}-cashier-${i}`, password: 'bench-cashier', role: 'cashier', pin: '1234', sites: ['STORE1'] });
    const events = simulateTill({ tillId: device.deviceId, siteId, cashierId: cashier.id, float: 10000, cashDifference: 0, steps }, catalog);
    tills.push({ token: device.token, sales: events.filter((e) => e.collection === 'sales').map((e) => e.doc as Sale) });
  }
  return tills;
}

export async function run(): Promise<BenchRow[]> {
  if (!databaseUrl) return [{ metric: 'skipped', value: 0, unit: '-', note: 'set DATABASE_URL to a PostgreSQL server to run the POS ingestion bench' }];
  const t = await createTestDb('postgres', { poolSize: 4 });
  let raw: RawSaleInsert | undefined;
  let server: ServerProcess | undefined;
  try {
    await seedDemo(t.db, { products: 2000 });
    const catalog = await simCatalog(t.db, 2000);
    const [store] = await t.db.query<{ id: string }>(`SELECT id FROM sites WHERE code = 'STORE1'`);
    if (!store) throw new Error('no STORE1');
    const tills = await makeTills(t.db, 'timed', TILLS, SALES, store.id, catalog);
    const warmTills = WARMUP > 0 ? await makeTills(t.db, 'warm', TILLS, WARMUP, store.id, catalog) : [];
    const all = tills.flatMap((till) => till.sales);
    await receiveStock(t.db, store.id, catalog.map((p) => p.id), (SALES + WARMUP) * TILLS * 3);

    raw = await RawSaleInsert.open(t.url as string, TILLS);
    await raw.warmUp(all, all.length);
    const serve = await spawnServe({ env: { DATABASE_URL: t.url }, healthTimeoutMs: 180_000 });
    server = serve;
    if (warmTills.length > 0) await pushAll(serve.url, warmTills);

    // The server's processes are stopped while the raw insert runs beside them (measureBeside).
    const rawPasses = [await raw.measureBeside(serve, all)];
    const { result: pushed, busy } = await withCpuBusy(() => pushAll(serve.url, tills));
    rawPasses.push(await raw.measureBeside(serve, all));
    const rawAll = overPasses(rawPasses, all.length);

    const expected = all.length + warmTills.reduce((s, till) => s + till.sales.length, 0);
    const [check] = await t.db.query<{ sales: number; entries: number; problems: number }>(
      `SELECT (SELECT count(*)::int FROM pos_sales) AS sales, (SELECT count(*)::int FROM journal_entries WHERE kind = 'sale') AS entries,
              (SELECT count(*)::int FROM event_problems) AS problems`,
    );
    if (check?.sales !== expected || check.entries !== expected) throw new Error(`expected ${expected} sales applied once, got ${JSON.stringify(check)}`);
    // Normal trading raises no exception: a bench whose sales are flagged measures the wrong path
    // (every sale raised unknown_cashier unnoticed for weeks). Fail loudly, naming what was raised.
    if (check.problems !== 0) {
      const codes = await t.db.query<{ code: string; n: number }>('SELECT code, count(*)::int AS n FROM event_problems GROUP BY code ORDER BY n DESC');
      throw new Error(`expected no exceptions from the bench's normal trading, got ${check.problems}: ${codes.map((c) => `${c.code} × ${c.n}`).join(', ')}`);
    }
    return [
      { metric: `raw insert, 1 tx per sale, ${TILLS} connections (before and after the pushes)`, value: rawAll.perSecond, unit: 'sales/s', note: `before ${rawPasses[0]?.rate.perSecond.toFixed(0)}, after ${rawPasses[1]?.rate.perSecond.toFixed(0)} sales/s; p95 ${rawAll.p95.toFixed(1)} ms per sale (the slower pass); CPU ${asPercent(rawAll.busy)} busy` },
      { metric: `HTTP push to aisle serve, full application, ${TILLS} tills × ${SALES} sales`, value: pushed.perSecond, unit: 'sales/s', note: `ratio to raw ${(pushed.perSecond / rawAll.perSecond).toFixed(2)}× (target ≥ 1×); CPU ${asPercent(busy)} busy; after ${WARMUP} untimed sales per till of ${warmTills.length} other tills` },
      { metric: `push request p95 (${BATCH} sales per request)`, value: pushed.p95, unit: 'ms', note: `${pushed.requests} requests` },
      { metric: 'sales applied exactly once', value: check.sales, unit: 'sales', note: `${check.entries} journal entries (warm-up included), ${check.problems} exceptions raised` },
    ];
  } finally {
    await server?.kill();
    await raw?.close();
    await t.close();
  }
}
