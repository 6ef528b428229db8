// A batch inserts its new rows before it takes the feed lock, the one-event-at-a-time path takes
// the lock first: the same event arriving in both at once can deadlock, and PostgreSQL then
// aborts one transaction. The push that was the victim must be applied again, not fail.
// PostgreSQL only: PGlite runs one transaction at a time and cannot deadlock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sale } from '../../shared/schemas/index.ts';
import type { DeviceIdentity } from '../../sync-server/devices/identity.ts';
import { openPostgres } from '../../sync-server/db/pg-driver.ts';
import type { Db } from '../../sync-server/db/db.ts';
import { applyPush, type PushLogger } from '../../sync-server/events/apply-push.ts';
import { defaultRegistry } from '../../sync-server/events/registry.ts';
import { simulateTill } from '../support/pos-events.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { waitFor } from '../support/wait.ts';
import { simCatalog } from './pos-harness.ts';

const postgres = testDrivers.find((d) => d.kind === 'postgres');
const skip = !postgres || postgres.skip;

describe('a push chosen as deadlock victim', () => {
  let server: TestServer;
  // PostgreSQL looks for a deadlock once, deadlock_timeout after a transaction starts waiting, and
  // the transaction that finds it is the one aborted. The push waits first; its check must come
  // after the other transaction has closed the cycle, however slow a loaded machine is to get
  // there, so the push's connections wait 8 s before they look (the default 1 s was too short once
  // in CI, and the other transaction became the victim).
  let pushDb: Db;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer('postgres', { products: 10, poolSize: 4 });
    const url = new URL(server.dbUrl ?? '');
    url.searchParams.set('options', '-c deadlock_timeout=8s');
    pushDb = await openPostgres(url.toString(), 2, { relay: false });
  });
  afterAll(async () => {
    await pushDb?.close();
    await server?.close();
  });

  it.skipIf(skip)('is applied again and stored once', async () => {
    const paired = await server.pairDevice('till', 'STORE1');
    const device: DeviceIdentity = { deviceId: paired.deviceId, siteId: paired.siteId, role: 'till', name: 'deadlock' };
    const [sale] = simulateTill(
      { tillId: device.deviceId, siteId: device.siteId, cashierId: 'alice', float: 0, cashDifference: 0, steps: [{ kind: 'sale', lines: [{ product: 0, qty: 1, discount: 0 }], orderDiscount: 0, tender: 'card' }] },
      await simCatalog(server.db),
    ).filter((e) => e.collection === 'sales');
    const doc = sale?.doc as Sale;
    const warnings: string[] = [];
    const log: PushLogger = { info: () => undefined, warn: (_o, msg) => warnings.push(msg), error: () => undefined };
    const waiting = async (): Promise<number> =>
      (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`))[0]?.n ?? 0;

    // Another transaction holds the event's id (as a batch does before the feed lock) …
    let pushed: Promise<object[]> | undefined;
    const other = server.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO events (id, collection, device_id, site_id, payload, payload_hash, status) VALUES ($1, 'sales', $2, $3, '{}', $4, 'applied')`,
        [doc.id, device.deviceId, device.siteId, '0'.repeat(64)],
      );
      // … the one-event push takes the feed lock and waits for that id …
      pushed = applyPush(pushDb, defaultRegistry, 'sales', [{ newDocumentState: doc }], device, log);
      await waitFor('the push to wait for the event id', async () => (await waiting()) >= 1);
      // … and the other transaction now wants the feed lock: a cycle. PostgreSQL aborts the push
      // (its check comes first: this transaction looks only after 30 s); this transaction then gets
      // the lock and rolls back.
      await tx.query(`SET LOCAL deadlock_timeout = '30s'`);
      await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
      throw new Error('the other transaction rolls back');
    });
    await expect(other).rejects.toThrow('the other transaction rolls back');
    expect(await pushed).toEqual([]);
    expect(warnings).toContain('push was a deadlock victim; applying it again');
    const stored = await server.db.query<{ payload_hash: string; sales: number; dead: number }>(
      `SELECT e.payload_hash, (SELECT count(*)::int FROM pos_sales WHERE id = e.id) AS sales,
              (SELECT count(*)::int FROM dead_letters WHERE event_id = e.id) AS dead
       FROM events e WHERE e.id = $1`,
      [doc.id],
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]?.payload_hash).not.toBe('0'.repeat(64));
    expect(stored[0]).toMatchObject({ sales: 1, dead: 0 });
  });
});
