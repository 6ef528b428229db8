// Sync benches: cold pull of the catalog into a fresh RxDB client (Dexie on fake-indexeddb) next
// to a raw SQL read of the same rows in the same run, and event push throughput.
// PGlite unless DATABASE_URL is set. AISLE_BENCH_PRODUCTS overrides the 100k catalog size.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pullPage } from '../../sync-server/feed/pull.ts';
import { countDoc } from '../support/events.ts';
import { createSyncClient } from '../support/rxdb-client.ts';
import { databaseUrl } from '../support/test-db.ts';
import { startTestServer } from '../support/test-server.ts';
import type { BenchRow } from './registry.ts';

export const name = 'sync';

const PRODUCTS = Number(process.env.AISLE_BENCH_PRODUCTS || 100_000);
const PULL_BATCH = Number(process.env.AISLE_BENCH_PULL_BATCH || 10_000);
const PUSH_EVENTS = Number(process.env.AISLE_BENCH_PUSH_EVENTS || 2000);
const PUSH_BATCH = 100;

/** CPU seconds of this process since `from` (server and client both run here): load-independent. */
function cpuSince(from: NodeJS.CpuUsage): string {
  const u = process.cpuUsage(from);
  return `${((u.user + u.system) / 1e6).toFixed(1)} s CPU`;
}

export async function run(): Promise<BenchRow[]> {
  const kind = databaseUrl ? 'postgres' : 'pglite';
  const rows: BenchRow[] = [];
  let t = performance.now();
  let cpu = process.cpuUsage();
  const s = await startTestServer(kind, { products: PRODUCTS, poolSize: 4 });
  rows.push({ metric: 'load average (1 min) at start, 2 cores shared', value: loadavg()[0] ?? 0, unit: '' });
  rows.push({ metric: `seed ${PRODUCTS} products (${kind})`, value: (performance.now() - t) / 1000, unit: 's', note: `includes database creation + migrations; ${cpuSince(cpu)}` });
  try {
    const till = await s.pairDevice('till', 'STORE1');

    // Raw read: the same rows, one SQL query, parsed by the driver.
    t = performance.now();
    const raw = await s.db.query<{ doc: object }>(`SELECT doc FROM replicated_docs WHERE collection = 'products' ORDER BY change_seq`);
    const rawMs = performance.now() - t;
    rows.push({ metric: 'raw SQL read of the product docs', value: rawMs / 1000, unit: 's', note: `${raw.length} rows` });

    // Server-side pull cost: every page the way the pull route builds it (SQL + JSON text).
    t = performance.now();
    let seq = 0;
    for (;;) {
      const body = await pullPage(s.db, 'products', ['all', `site:${till.siteId}`, `device:${till.deviceId}`], { seq }, PULL_BATCH);
      const next = Number(/"checkpoint":\{"seq":(\d+)\}/.exec(body.slice(-40))?.[1] ?? seq);
      if (next === seq) break;
      seq = next;
    }
    const pageMs = performance.now() - t;
    rows.push({ metric: 'server pull pages (SQL + JSON), all products', value: pageMs / 1000, unit: 's', note: `ratio to raw read ${(pageMs / rawMs).toFixed(2)}× (target ≤ 3×)` });

    // Cold pull over HTTP into a fresh RxDB client; fetch time is the server's share.
    let fetchMs = 0;
    const timedFetch = async (url: string, init: RequestInit): Promise<Response> => {
      const f0 = performance.now();
      const res = await fetch(url, init);
      const text = await res.text();
      fetchMs += performance.now() - f0;
      return new Response(text, { status: res.status, headers: res.headers });
    };
    t = performance.now();
    cpu = process.cpuUsage();
    const client = await createSyncClient({ url: s.url, token: till.token, collections: ['products'], fetch: timedFetch, stream: false, pullBatchSize: PULL_BATCH });
    await client.inSync();
    const pullS = (performance.now() - t) / 1000;
    const count = await client.collection('products').count().exec();
    await client.close();
    rows.push({ metric: `cold pull into RxDB/Dexie (fake-indexeddb), ${count} products`, value: pullS, unit: 's', note: `target ≤ 20 s; ${cpuSince(cpu)} (client + server)` });
    rows.push({ metric: 'cold pull rate', value: count / pullS, unit: 'docs/s' });
    rows.push({ metric: 'HTTP pull requests (server + transfer)', value: fetchMs / 1000, unit: 's', note: `ratio to raw read ${(fetchMs / rawMs).toFixed(2)}×` });

    // Push throughput: count events, batches of PUSH_BATCH, one request at a time.
    const scanner = await s.pairDevice('scanner', 'WH1');
    const [shelf] = await s.db.query<{ id: string }>(`SELECT l.id FROM locations l JOIN sites s ON s.id = l.site_id WHERE s.code = 'WH1' AND l.usage = 'internal' ORDER BY l.full_name DESC LIMIT 1`);
    const products = await s.db.query<{ id: string }>(`SELECT id FROM products WHERE tracking = 'none' ORDER BY sku LIMIT $1`, [PUSH_EVENTS]);
    const events = products.map((p, i) => countDoc(scanner, shelf?.id ?? '', [{ productId: p.id, counted: i % 7 }]));
    t = performance.now();
    cpu = process.cpuUsage();
    for (let i = 0; i < events.length; i += PUSH_BATCH) {
      const res = await s.api('/api/sync/counts/push', { token: scanner.token, body: events.slice(i, i + PUSH_BATCH).map((e) => ({ newDocumentState: e })) });
      if (res.status !== 200) throw new Error(`push failed: ${res.status}`);
    }
    const pushS = (performance.now() - t) / 1000;
    rows.push({ metric: `push ${events.length} count events (batches of ${PUSH_BATCH})`, value: events.length / pushS, unit: 'events/s', note: `${pushS.toFixed(2)} s, ${cpuSince(cpu)}; each with stock moves, quant, ledger, feed, ack` });
  } finally {
    await s.close();
  }
  return rows;
}
