// `npm run bench -- pglite-bursts` (issue 14 point 6): repeated bursts of single-till sales pushed
// to one PGlite server (5-line card sales, 100 per push, a new till per burst), sales/s per burst and
// the process's memory — to see whether throughput falls as the database grows.
// AISLE_BENCH_BURSTS (default 3) × AISLE_BENCH_BURST_SALES (default 10,000).
import { simCatalog } from '../pos/pos-harness.ts';
import { simulateTill } from '../support/pos-events.ts';
import { startTestServer } from '../support/test-server.ts';
import type { BenchRow } from './registry.ts';

export const name = 'pglite-bursts';

export async function run(): Promise<BenchRow[]> {
  const bursts = Number(process.env.AISLE_BENCH_BURSTS || 3);
  const perBurst = Number(process.env.AISLE_BENCH_BURST_SALES || 10_000);
  const server = await startTestServer('pglite', { products: 200 });
  const rows: BenchRow[] = [];
  try {
    const site = await server.siteId('STORE1');
    const alice = await server.userId('alice');
    const catalog = await simCatalog(server.db, 12);
    const post = async (token: string, collection: string, docs: object[]): Promise<void> => {
      const res = await fetch(`${server.url}/api/sync/${collection}/push`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(docs.map((d) => ({ newDocumentState: d }))) });
      if (res.status !== 200) throw new Error(`push ${res.status} ${await res.text()}`);
    };
    for (let b = 0; b < bursts; b += 1) {
      const till = await server.pairDevice('till', 'STORE1');
      const steps = Array.from({ length: perBurst }, (_, i) => ({ kind: 'sale' as const, lines: Array.from({ length: 5 }, (_, k) => ({ product: (i + k) % 12, qty: 1, discount: 0 })), orderDiscount: 0, tender: 'card' as const }));
      const events = simulateTill({ tillId: till.deviceId, siteId: site, cashierId: alice, float: 0, cashDifference: 0, steps }, catalog);
      await post(till.token, 'sessions', events.filter((e) => e.collection === 'sessions' && e.doc.kind === 'open').map((e) => e.doc));
      const sales = events.filter((e) => e.collection === 'sales').map((e) => e.doc);
      const t = performance.now();
      for (let i = 0; i < sales.length; i += 100) await post(till.token, 'sales', sales.slice(i, i + 100));
      const secs = (performance.now() - t) / 1000;
      const mem = process.memoryUsage();
      rows.push({ metric: `burst ${b + 1}: ${perBurst} sales pushed`, value: Math.round(perBurst / secs), unit: 'sales/s', note: `rss ${Math.round(mem.rss / 2 ** 20)} MiB, heap ${Math.round(mem.heapUsed / 2 ** 20)} MiB after the burst` });
    }
  } finally {
    await server.close();
  }
  return rows;
}
