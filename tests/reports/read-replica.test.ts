// Issue 18 point 2: with DATABASE_REPLICA_URL, report queries run on a PostgreSQL hot standby
// (streaming replication; `.ci/run` creates it with scripts/pg-standby.sh on port 5433), and the
// reports say how far behind it is. Proved by pausing the standby's replay: a sale committed
// meanwhile is missing from the report (it reads the standby), the lag shows, and once replay
// resumes the report agrees with the primary again.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesReport } from '../../shared/reports/report-types.ts';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../sync-server/http/server.ts';
import { pushInOrder, simCatalog } from '../pos/pos-harness.ts';
import { simulateTill } from '../support/pos-events.ts';
import { databaseUrl } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { waitFor } from '../support/wait.ts';
import { SIM_DAY } from './reports-harness.ts';

const replicaUrl = process.env.DATABASE_REPLICA_URL || undefined;
const period = `from=${SIM_DAY}&to=${SIM_DAY}`;

async function onStandby<T>(sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: replicaUrl });
  await c.connect();
  try {
    return (await c.query(sql)).rows as T[];
  } finally {
    await c.end();
  }
}

describe.skipIf(!databaseUrl || !replicaUrl)('reports from a read replica', () => {
  let s: TestServer;
  let token: string;
  // The same reports served from the primary, to compare with.
  let direct: FastifyInstance;
  let directUrl: string;

  beforeAll(async () => {
    s = await startTestServer('postgres', { products: 20, replicaUrl: replicaUrl as string });
    token = await s.login('manager', 'manager');
    direct = await buildServer({ db: s.db });
    await direct.listen({ port: 0, host: '127.0.0.1' });
    directUrl = `http://127.0.0.1:${(direct.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await onStandby('SELECT pg_wal_replay_resume()').catch(() => undefined);
    await direct?.close();
    await s?.close();
  });

  const sales = async (): Promise<{ report: SalesReport; lag: string | null }> => {
    const res = await s.api(`/api/reports/sales?${period}`, { token });
    expect(res.status).toBe(200);
    return { report: res.body as SalesReport, lag: res.headers.get('x-aisle-replica-lag') };
  };
  const primarySales = async (): Promise<SalesReport> => {
    const res = await fetch(`${directUrl}/api/reports/sales?${period}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.headers.get('x-aisle-replica-lag')).toBeNull();
    return (await res.json()) as SalesReport;
  };

  it('reads the standby, shows its lag, and agrees with the primary once caught up', async () => {
    const till = await s.pairDevice('till', 'STORE1');
    const catalog = await simCatalog(s.db);
    const script = (n: number) => ({ tillId: till.deviceId, siteId: till.siteId, cashierId: 'alice', float: 0, cashDifference: 0, steps: Array.from({ length: n }, (_, i) => ({ kind: 'sale' as const, lines: [{ product: i, qty: 1, discount: 0 }], orderDiscount: 0, tender: 'card' as const })) });
    await pushInOrder(s, till.token, simulateTill(script(3), catalog));
    const caughtUp = async (): Promise<boolean> => JSON.stringify((await sales()).report) === JSON.stringify(await primarySales());
    await waitFor('the standby to catch up', caughtUp, 20_000);
    const status = await s.api('/api/reports/replica', { token });
    expect(status.body).toMatchObject({ replica: true });

    await onStandby('SELECT pg_wal_replay_pause()');
    await pushInOrder(s, till.token, simulateTill(script(2), catalog));
    const primary = await primarySales();
    // The report's fold of the new sales happened on the primary; the paused standby cannot have them yet.
    await waitFor('the WAL to reach the paused standby', async () => ((await s.api('/api/reports/replica', { token })).body as { lagBytes: number }).lagBytes > 0, 20_000);
    const stale = await sales();
    expect(JSON.stringify(stale.report)).not.toBe(JSON.stringify(primary));
    expect(Number(stale.lag)).toBeGreaterThan(0);

    await onStandby('SELECT pg_wal_replay_resume()');
    await waitFor('the standby to catch up after resuming', caughtUp, 20_000);
    // The primary keeps committing in the background (the report folder, the webhook worker), so
    // a caught-up standby can show a fraction of a second of lag at any instant: it reaches 0.
    await waitFor('the replica lag to read 0', async () => Number((await sales()).lag) === 0, 20_000);
  });
});
