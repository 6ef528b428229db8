// At-least-once across a crash (issue 16 point 8): real server processes are spawned, the one
// sending is SIGKILLed (its whole process group) while the receiver holds the requests open,
// i.e. after the orders committed and before any delivery was acknowledged. A restarted server
// (on PostgreSQL: two processes sharing the database) delivers every event, with the ids the
// receiver saw before the kill, each verified with the `standardwebhooks` package.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../sync-server/db/db.ts';
import { migrate } from '../../sync-server/db/migrate.ts';
import { openPglite } from '../../sync-server/db/pglite-driver.ts';
import { seedDemo } from '../../sync-server/seed/demo-seed.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import { createEndpoint } from '../../sync-server/webhooks/endpoints.ts';
import { type ServerProcess, spawnServe } from '../support/server-process.ts';
import { createTestDb, testDrivers, type TestDb } from '../support/test-db.ts';
import { waitFor } from '../support/wait.ts';
import { makeProduct } from '../warehouse/wh-harness.ts';
import { type Receiver, startReceiver } from './receiver.ts';


function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  return spawnServe({ env: { AISLE_WEBHOOK_POLL_MS: '100', AISLE_WEBHOOK_LEASE_MS: '10000', ...env } });
}

async function postOrder(url: string, key: string, productId: string, ref: string): Promise<void> {
  const res = await fetch(`${url}/api/orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'idempotency-key': ref, 'content-type': 'application/json' },
    body: JSON.stringify({ channel: 'web', externalRef: ref, lines: [{ productId, qty: 1 }] }),
  });
  expect(res.status).toBe(201);
}

/** Seeds a database with a channel key, a product in stock and an endpoint at the receiver. */
async function prepare(db: Db, receiver: Receiver): Promise<{ key: string; productId: string }> {
  await migrate(db);
  await seedDemo(db, { products: 10 });
  const key = (await createChannelKey(db, 'web', 'Web shop')).key;
  const productId = await makeProduct(db, [{ site: 'WH1', qty: 100 }]);
  const ep = await createEndpoint(db, { url: receiver.url, eventTypes: ['order.created', 'order.reserved'] });
  receiver.secrets = [ep.secret];
  return { key, productId };
}

describe.each(testDrivers)('webhook delivery across a SIGKILL on $kind', ({ kind, skip }) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn();
  });

  it.skipIf(skip)('delivers every committed event at least once, same ids, after the sending server was killed mid-delivery', async () => {
    const receiver = await startReceiver();
    cleanup.push(() => receiver.close());
    let env: Record<string, string>;
    let pgTest: TestDb | null = null;
    let setup: { key: string; productId: string };
    if (kind === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'aisle-wh-crash-'));
      cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
      const db = await openPglite(join(dir, 'pglite'));
      setup = await prepare(db, receiver);
      await db.close();
      env = { AISLE_DATA_DIR: dir, DATABASE_URL: '' };
    } else {
      pgTest = await createTestDb('postgres', { migrate: false });
      const t = pgTest;
      cleanup.push(() => t.close());
      setup = await prepare(t.db, receiver);
      env = { DATABASE_URL: t.url ?? '' };
    }

    // Every request hangs: nothing is ever acknowledged by the first server.
    receiver.respond = () => 'hang';
    const first = await spawnServer(env);
    cleanup.push(() => first.kill());
    // At once, so that the kill comes well within the first attempts' timeout (lease − 1 s).
    await Promise.all([0, 1, 2].map((i) => postOrder(first.url, setup.key, setup.productId, `crash-${i}`)));
    await waitFor('a delivery in flight', async () => receiver.received.length >= 1, 20_000);
    await first.kill();
    const seenBeforeKill = new Set(receiver.received.map((r) => r.id));
    expect(receiver.received.every((r) => r.verified)).toBe(true);

    receiver.respond = () => ({ status: 200 });
    const acked = (): Map<string, number> => {
      const m = new Map<string, number>();
      for (const r of receiver.received.slice(before)) m.set(r.id, (m.get(r.id) ?? 0) + 1);
      return m;
    };
    const before = receiver.received.length;
    // PGlite is one process per data directory; PostgreSQL gets two processes on one database.
    const restarted = [await spawnServer(env)];
    if (kind === 'postgres') restarted.push(await spawnServer(env));
    for (const s of restarted) cleanup.push(() => s.kill());
    // While they run, more orders through the second process (or the only one).
    for (let i = 3; i < 5; i += 1) await postOrder(restarted[restarted.length - 1]?.url ?? '', setup.key, setup.productId, `crash-${i}`);

    // 5 orders × (order.created + order.reserved) = 10 distinct events.
    await waitFor('every event delivered', async () => acked().size >= 10, 60_000);
    const after = receiver.received.slice(before);
    expect(after.every((r) => r.verified)).toBe(true);
    for (const id of seenBeforeKill) expect(acked().has(id)).toBe(true);
    const refs = new Set(after.map((r) => (r.payload.data.order as { externalRef: string }).externalRef));
    expect([...refs].sort()).toEqual(['crash-0', 'crash-1', 'crash-2', 'crash-3', 'crash-4']);
    // Claims are exclusive (SKIP LOCKED + lease): no event went out twice after the restart.
    expect([...acked().values()].every((n) => n === 1)).toBe(true);
    if (pgTest) {
      await waitFor('all deliveries recorded', async () => {
        const [row] = await pgTest.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE state <> 'succeeded'`);
        return row?.n === 0;
      });
    }
  }, 300_000);
});
