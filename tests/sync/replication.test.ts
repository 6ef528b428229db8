// End to end through a real RxDB client (Dexie on fake-indexeddb, replicateRxCollection) against
// the real server over HTTP and SSE, on PGlite and PostgreSQL.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PairedDevice } from '../../sync-server/devices/pairing.ts';
import { countDoc } from '../support/events.ts';
import { createSyncClient, type FetchFn, type SyncClient } from '../support/rxdb-client.ts';
import { setPrice } from '../support/catalog-changes.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { waitFor } from '../support/wait.ts';

const PRODUCTS = 300;
const SYNCED = ['products', 'config', 'stock', 'acks', 'counts'] as const;


describe.each(testDrivers)('RxDB replication against the real server on $kind', ({ kind, skip }) => {
  let s: TestServer;
  let scanner: PairedDevice;
  let shelf: string;
  let products: { id: string; tracking: string }[];
  const clients: SyncClient[] = [];
  const client = async (device: PairedDevice, extra: { fetch?: FetchFn; name?: string } = {}): Promise<SyncClient> => {
    const c = await createSyncClient({ url: s.url, token: device.token, collections: [...SYNCED], ...extra });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: PRODUCTS, server: { heartbeatMs: 300 } });
    scanner = await s.pairDevice('scanner', 'WH1');
    const [row] = await s.db.query<{ id: string }>(`SELECT l.id FROM locations l JOIN sites s ON s.id = l.site_id WHERE s.code = 'WH1' AND l.usage = 'internal' ORDER BY l.full_name DESC LIMIT 1`);
    shelf = row?.id ?? '';
    products = await s.db.query<{ id: string; tracking: string }>(`SELECT id, tracking FROM products WHERE tracking = 'none' ORDER BY sku LIMIT 40`);
  });
  // RxDB open core allows 13 open collections per process: each test closes its clients.
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
  });
  afterAll(async () => {
    await s?.close();
  });

  it.skipIf(skip)('pulls the whole catalog, its site’s stock and its config on first sync', async () => {
    const c = await client(scanner);
    await c.inSync();
    expect(await c.collection('products').count().exec()).toBe(PRODUCTS);
    const stock = (await c.collection('stock').find().exec()).map((d) => d.toJSON() as { siteId: string });
    expect(stock.length).toBeGreaterThan(0);
    expect(stock.every((d) => d.siteId === scanner.siteId)).toBe(true);
    const device = await c.collection('config').findOne(scanner.deviceId).exec();
    expect(device?.toJSON()).toMatchObject({ kind: 'device', data: { role: 'scanner', siteId: scanner.siteId } });
  });

  it.skipIf(skip)('receives a live change through the SSE stream', async () => {
    const c = await client(scanner);
    await c.inSync();
    const target = products[0]?.id ?? '';
    await setPrice(s, target, 123_456);
    await waitFor('the new price on the client', async () => {
      const doc = await c.collection('products').findOne(target).exec();
      return (doc?.toJSON() as { price?: number } | undefined)?.price === 123_456;
    });
  });

  it.skipIf(skip)('applies retried and duplicated pushes exactly once', async () => {
    // The first push of every batch reaches the server but its answer is "lost": RxDB retries.
    const answered = new Set<string>();
    const lossy: FetchFn = async (url, init) => {
      const res = await fetch(url, init);
      if (url.endsWith('/push') && typeof init.body === 'string' && !answered.has(init.body)) {
        answered.add(init.body);
        throw new TypeError('network dropped the response');
      }
      return res;
    };
    const a = await client(scanner, { fetch: lossy });
    const b = await client(scanner); // a second window of the same device, holding the same events
    await a.inSync();
    const counts = products.slice(1, 21).map((p, i) => countDoc(scanner, shelf, [{ productId: p.id, counted: 100 + i }]));
    await a.collection('counts').bulkInsert(counts);
    await b.collection('counts').bulkInsert(counts);
    await waitFor('acks for every count on the client', async () => (await a.rawDocs('acks', counts.map((d) => d.id))).length === counts.length);
    await a.inSync();
    await b.inSync();
    const ids = counts.map((d) => d.id);
    const [stored] = await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE id = ANY($1::text[])', [ids]);
    expect(stored?.n).toBe(counts.length);
    const moves = await s.db.query<{ event_id: string; n: number }>('SELECT event_id, count(*)::int AS n FROM stock_moves WHERE event_id = ANY($1::text[]) GROUP BY event_id', [ids]);
    expect(moves.every((m) => m.n === 1)).toBe(true);
    for (const [i, p] of products.slice(1, 21).entries()) {
      const [q] = await s.db.query<{ on_hand: number }>(`SELECT on_hand FROM quants WHERE product_id = $1 AND location_id = $2 AND lot = ''`, [p.id, shelf]);
      expect(q?.on_hand).toBe(100 + i);
    }
    const acks = (await a.rawDocs<{ status: string }>('acks', ids)).map((d) => d.status);
    expect(acks).toHaveLength(ids.length);
    expect(acks.every((st) => st === 'applied')).toBe(true);
    expect(answered.size).toBeGreaterThan(0);
  });

  it.skipIf(skip)('catches up after being offline: pushes what it did, pulls what changed', async () => {
    let online = true;
    const flaky: FetchFn = async (url, init) => {
      if (!online) throw new TypeError('offline');
      return fetch(url, init);
    };
    const c = await client(scanner, { fetch: flaky });
    await c.inSync();
    online = false;
    const target = products[30]?.id ?? '';
    const offlineCount = countDoc(scanner, shelf, [{ productId: products[31]?.id ?? '', counted: 42 }]);
    await c.collection('counts').insert(offlineCount);
    await setPrice(s, target, 777);
    await new Promise((r) => setTimeout(r, 400));
    expect(await s.db.query('SELECT 1 FROM events WHERE id = $1', [offlineCount.id])).toHaveLength(0);
    online = true;
    await waitFor('the offline count on the server', async () => (await s.db.query('SELECT 1 FROM events WHERE id = $1', [offlineCount.id])).length === 1);
    for (const r of c.replications.values()) r.reSync();
    await waitFor('the price changed while offline', async () => ((await c.collection('products').findOne(target).exec())?.toJSON() as { price?: number } | undefined)?.price === 777);
    await waitFor('the ack of the offline count', async () => (await c.rawDocs('acks', [offlineCount.id])).length === 1);
  });

  it.skipIf(skip)('locks a revoked device out: no more pulls, pushes or stream', async () => {
    const doomed = await s.pairDevice('scanner', 'WH1', 'doomed scanner');
    const c = await client(doomed);
    await c.inSync();
    const errors: unknown[] = [];
    for (const r of c.replications.values()) r.error$.subscribe((e) => errors.push(e));
    await s.revoke(doomed.deviceId);
    const target = products[35]?.id ?? '';
    await setPrice(s, target, 4242);
    const count = countDoc(doomed, shelf, [{ productId: target, counted: 1 }]);
    await c.collection('counts').insert(count);
    for (const r of c.replications.values()) r.reSync();
    await waitFor('replication errors', async () => errors.length > 0);
    await new Promise((r) => setTimeout(r, 500));
    expect(((await c.collection('products').findOne(target).exec())?.toJSON() as { price?: number } | undefined)?.price).not.toBe(4242);
    expect(await s.db.query('SELECT 1 FROM events WHERE id = $1', [count.id])).toHaveLength(0);
    expect((await s.api('/api/sync/stream', { token: doomed.token })).status).toBe(401);
  });
});
