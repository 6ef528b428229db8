// Issue 18: several server processes on one PostgreSQL. Three real `aisle serve` processes (and a
// `serve --workers 3` cluster) share one database: a change committed through one process reaches
// an RxDB client streaming from another (LISTEN/NOTIFY), pushes of the same events spread over all
// three apply exactly once, and an order's idempotency key answers the same order on any process;
// a cluster's workers hand their channel orders to one worker's batcher (over a socket of the
// host), and an order whose intake is killed (SIGKILL) is written once by the worker that received it.
import { Agent, get, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusMessage, Db } from '../../sync-server/db/db.ts';
import { openPostgres } from '../../sync-server/db/pg-driver.ts';
import { createPairingCode, type PairedDevice } from '../../sync-server/devices/pairing.ts';
import { seedDemo } from '../../sync-server/seed/demo-seed.ts';
import type { Sale } from '../../shared/schemas/index.ts';
import { simCatalog } from '../pos/pos-harness.ts';
import { simulateTill } from '../support/pos-events.ts';
import { createSyncClient, type SyncClient } from '../support/rxdb-client.ts';
import { freePort, freePorts, type ServerProcess, spawnServe } from '../support/server-process.ts';
import { createTestDb, databaseUrl, type TestDb } from '../support/test-db.ts';
import { waitFor } from '../support/wait.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import { HANDOVER_TIMEOUT_MS } from '../../sync-server/warehouse/order-handover.ts';
import { makeProduct, reservationViolations } from '../warehouse/wh-harness.ts';

/** A real server process on this database, killed as a group when the suite ends. */
function startServe(dbUrl: string, port: number, extra: string[] = []): Promise<ServerProcess> {
  return spawnServe({ env: { DATABASE_URL: dbUrl }, port, args: extra, waitHealthy: false });
}

async function health(url: string): Promise<{ pid: number } | null> {
  try {
    const res = await fetch(`${url}/api/health`);
    return res.ok ? ((await res.json()) as { pid: number }) : null;
  } catch {
    // Not listening yet.
    return null;
  }
}

/** Health over `agent`; `false`: a new TCP connection each time (fetch keeps one alive, and a cluster balances connections). */
function healthOver(url: string, agent: Agent | false): Promise<{ pid: number } | null> {
  return new Promise((resolve) => {
    const req = get(`${url}/api/health`, { agent }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve(res.statusCode === 200 ? (JSON.parse(text) as { pid: number }) : null));
    });
    req.on('error', () => resolve(null));
  });
}

const freshConnectionHealth = (url: string): Promise<{ pid: number } | null> => healthOver(url, false);

/** POSTs an order over `agent` (a kept-alive connection reaches the same worker again). */
function postOver(url: string, agent: Agent, key: string, idemKey: string, body: unknown): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(`${url}/api/orders`, {
      method: 'POST',
      agent,
      headers: { authorization: `Bearer ${key}`, 'idempotency-key': idemKey, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : null }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function call(url: string, path: string, init: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url + path, { method: init.body === undefined ? 'GET' : 'POST', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

async function pair(db: Db, url: string, role: 'till' | 'scanner', site: string): Promise<PairedDevice> {
  const { code } = await createPairingCode(db, role, site);
  const res = await call(url, '/api/devices/pair', { body: { code, name: `${role} ${site}` } });
  if (res.status !== 200) throw new Error(`pairing failed: ${res.status}`);
  return res.body as PairedDevice;
}

describe.skipIf(!databaseUrl)('several server processes on one PostgreSQL', () => {
  let t: TestDb;
  const procs: ServerProcess[] = [];
  let a: string;
  let b: string;
  let c: string;

  beforeAll(async () => {
    t = await createTestDb('postgres');
    await seedDemo(t.db, { products: 30 });
    const dbUrl = t.url as string;
    // Three different ports, taken together (one at a time, a later one could repeat an earlier one
    // that no server listened on yet: two URLs of one process).
    for (const port of await freePorts(3)) procs.push(await startServe(dbUrl, port));
    [a, b, c] = procs.map((p) => p.url) as [string, string, string];
    await waitFor('three servers up', async () => {
      const gone = procs.find((p) => p.child.exitCode !== null);
      if (gone) throw new Error(`a server exited (${String(gone.child.exitCode)}): ${gone.stderr()}`);
      return (await Promise.all(procs.map((p) => health(p.url)))).every((h) => h !== null);
    }, 120_000);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill()));
    await t?.close();
  });

  it('are separate processes', async () => {
    const pids = await Promise.all([a, b, c].map(async (u) => (await health(u))?.pid));
    expect(new Set(pids).size).toBe(3);
  });

  it('streams a change committed through process B to an RxDB client of process A', async () => {
    const scanner = await pair(t.db, a, 'scanner', 'WH1');
    let client: SyncClient | undefined;
    try {
      const stockClient = await createSyncClient({ url: a, token: scanner.token, collections: ['stock'] });
      client = stockClient;
      await stockClient.inSync();
      const [product] = await t.db.query<{ id: string }>(
        `SELECT q.product_id AS id FROM quants q JOIN locations l ON l.id = q.location_id JOIN sites s ON s.id = l.site_id
         JOIN products p ON p.id = q.product_id
         WHERE s.code = 'WH1' AND q.on_hand >= 5 AND q.reserved = 0 AND p.tracking = 'none' ORDER BY q.product_id LIMIT 1`,
      );
      if (!product) throw new Error('no stocked product in WH1');
      const reservedOnClient = async (): Promise<number> => {
        const docs = await stockClient.collection('stock').find().exec();
        return docs.map((d) => d.toJSON() as { productId: string; reserved: number }).filter((d) => d.productId === product.id).reduce((n, d) => n + d.reserved, 0);
      };
      expect(await reservedOnClient()).toBe(0);
      // The client pulls only when its stream says so: without a hint from process A it would never see B's order.
      const manager = (await call(b, '/api/auth/login', { body: { username: 'manager', password: 'manager' } })).body as { token: string };
      const order = await call(b, '/api/orders', {
        token: manager.token,
        headers: { 'idempotency-key': 'cross-process-1' },
        body: { channel: 'web', externalRef: 'XP-1', warehouse: 'WH1', lines: [{ productId: product.id, qty: 2 }] },
      });
      expect(order.status).toBeLessThan(300);
      await waitFor('the reservation made through B on A’s client', async () => (await reservedOnClient()) === 2, 20_000);
    } finally {
      await client?.close();
    }
  });

  it('applies the same sales pushed to all three processes at once exactly once', async () => {
    const till = await pair(t.db, a, 'till', 'STORE1');
    const catalog = await simCatalog(t.db);
    const events = simulateTill(
      { tillId: till.deviceId, siteId: till.siteId, cashierId: 'alice', float: 0, cashDifference: 0, steps: Array.from({ length: 12 }, (_, i) => ({ kind: 'sale' as const, lines: [{ product: i % 5, qty: 1, discount: 0 }], orderDiscount: 0, tender: 'card' as const })) },
      catalog,
    );
    const sessions = events.filter((e) => e.collection === 'sessions').map((e) => ({ newDocumentState: e.doc }));
    expect((await call(a, '/api/sync/sessions/push', { token: till.token, body: sessions })).status).toBe(200);
    const sales = events.filter((e) => e.collection === 'sales').map((e) => e.doc as Sale);
    const rows = sales.map((doc) => ({ newDocumentState: doc }));
    const results = await Promise.all([a, b, c, a, b, c].map((u) => call(u, '/api/sync/sales/push', { token: till.token, body: rows })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const [applied] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM pos_sales WHERE till_id = $1', [till.deviceId]);
    const [stored] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE id = ANY($1::text[])', [sales.map((s) => s.id)]);
    const [moves] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM stock_moves WHERE event_id = ANY($1::text[])', [sales.map((s) => s.id)]);
    expect(applied?.n).toBe(12);
    expect(stored?.n).toBe(12);
    // One line per sale: one stock move each, not one per process that received the push.
    expect(moves?.n).toBe(12);
  });

  it('answers an idempotency key used on A with the same order on C', async () => {
    const manager = (await call(a, '/api/auth/login', { body: { username: 'manager', password: 'manager' } })).body as { token: string };
    const [product] = await t.db.query<{ id: string }>("SELECT id FROM products WHERE tracking = 'none' ORDER BY sku OFFSET 7 LIMIT 1");
    const body = { channel: 'web', externalRef: 'XP-2', lines: [{ productId: product?.id, qty: 1 }] };
    const first = await call(a, '/api/orders', { token: manager.token, headers: { 'idempotency-key': 'cross-process-2' }, body });
    const again = await call(c, '/api/orders', { token: manager.token, headers: { 'idempotency-key': 'cross-process-2' }, body });
    expect(first.status).toBeLessThan(300);
    expect((again.body as { id: string }).id).toBe((first.body as { id: string }).id);
    const [orders] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM orders WHERE external_ref = 'XP-2'");
    expect(orders?.n).toBe(1);
  });
});

describe.skipIf(!databaseUrl)('aisle serve --workers', () => {
  let t: TestDb;
  let cluster: ServerProcess | undefined;
  beforeAll(async () => {
    t = await createTestDb('postgres');
    await seedDemo(t.db, { products: 5 });
  });
  afterAll(async () => {
    await cluster?.kill();
    await t?.close();
  });

  it('serves one port from three processes', async () => {
    const started = await startServe(t.url as string, await freePort(), ['--workers', '3']);
    cluster = started;
    const pids = new Set<number>();
    await waitFor('three workers answering', async () => {
      const h = await freshConnectionHealth(started.url);
      if (h) pids.add(h.pid);
      return pids.size === 3;
    }, 120_000);
    expect(pids.size).toBe(3);
  }, 150_000);

  it('hands every worker\'s channel orders to one worker\'s batcher; killed with an order, the sender writes it once itself', async () => {
    if (!cluster) throw new Error('the cluster did not start');
    const url = cluster.url;
    const { key } = await createChannelKey(t.db, 'web', 'hand-over');
    const product = await makeProduct(t.db, [{ site: 'WH1', qty: 10 }]);
    const intakePid = async (): Promise<number> => {
      let pid = 0;
      await waitFor('a worker named the order intake', async () => {
        const h = (await freshConnectionHealth(url)) as { pid: number; orderIntake?: boolean } | null;
        if (h?.orderIntake) pid = h.pid;
        return pid !== 0;
      }, 60_000);
      return pid;
    };
    const intake = await intakePid();
    // A connection to another worker: its orders go to the intake.
    let agent = new Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 0; ; i++) {
      const h = await healthOver(url, agent);
      if (h && h.pid !== intake) break;
      agent.destroy();
      if (i > 50) throw new Error('every connection reached the intake');
      agent = new Agent({ keepAlive: true, maxSockets: 1 });
    }
    // A refusal crosses as it is: the same key with another body is a 409 on any worker.
    const reused = await postOver(url, agent, key, 'handover-0', { channel: 'web', externalRef: 'HO-0', lines: [{ productId: product, qty: 1 }] });
    expect(reused.status).toBe(201);
    const refused = await postOver(url, agent, key, 'handover-0', { channel: 'web', externalRef: 'HO-0', lines: [{ productId: product, qty: 2 }] });
    expect(refused).toMatchObject({ status: 409, body: { error: 'idempotency_key_reused' } });
    process.kill(intake, 'SIGSTOP');
    let settled = false;
    const posted = postOver(url, agent, key, 'handover-1', { channel: 'web', externalRef: 'HO-1', lines: [{ productId: product, qty: 3 }] }).finally(() => {
      settled = true;
    });
    // The intake is stopped: the order waits for it (a worker that kept it would have answered).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(settled).toBe(false);
    const killedAt = Date.now();
    process.kill(intake, 'SIGKILL');
    const res = await posted;
    agent.destroy();
    expect(res.status).toBe(201);
    // Its connection to the intake closed with the kill: not after giving up on it.
    expect(Date.now() - killedAt).toBeLessThan(HANDOVER_TIMEOUT_MS);
    const [orders] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM orders WHERE external_ref = 'HO-1'");
    expect(orders?.n).toBe(1);
    // Another worker is the intake now; concurrent orders on fresh connections spread over the
    // workers, each written once, never more reserved than on hand.
    expect(await intakePid()).not.toBe(intake);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      postOver(url, new Agent({ keepAlive: false }), key, `handover-c-${i}`, { channel: 'web', externalRef: `HO-C-${i}`, lines: [{ productId: product, qty: 1 }] })));
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 12 }, () => 201));
    const [written] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM orders WHERE external_ref LIKE 'HO-C-%'");
    expect(written?.n).toBe(12);
    const [stock] = await t.db.query<{ reserved: number }>('SELECT sum(reserved)::int AS reserved FROM quants WHERE product_id = $1', [product]);
    expect(stock?.reserved).toBe(10);
    expect(await reservationViolations(t.db)).toEqual([]);
  }, 150_000);
});

describe.skipIf(!databaseUrl)('the LISTEN connection', () => {
  it('tells the streams RESYNC after it was lost and is back, and relays again', async () => {
    const t = await createTestDb('postgres');
    const other: Db = await openPostgres(t.url as string, 2);
    try {
      const seen: BusMessage[] = [];
      const unsubscribe = t.db.bus.subscribe((m) => seen.push(m));
      other.bus.emit({ collection: 'products', scope: 'all', seq: 41 });
      await waitFor('a hint from the other process', async () => seen.some((m) => m !== 'RESYNC' && m.seq === 41));
      // Kill our listening connection from the server side, as a network cut or a restart would.
      await other.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN aisle_feed' AND pid <> pg_backend_pid()`);
      await waitFor('RESYNC after reconnecting', async () => seen.includes('RESYNC'), 20_000);
      other.bus.emit({ collection: 'products', scope: 'all', seq: 42 });
      await waitFor('hints again after reconnecting', async () => seen.some((m) => m !== 'RESYNC' && m.seq === 42), 20_000);
      unsubscribe();
    } finally {
      await other.close();
      await t.close();
    }
  });
});
