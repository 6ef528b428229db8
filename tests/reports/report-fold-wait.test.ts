// The server folds queued till sales into the report aggregates every second, and again before
// every report. A report asked while the periodic fold has taken sales but not yet committed their
// sums must wait for it: skipping those sales (as the periodic fold rightly does) showed a report
// without them (5 of 12 orders once in the full suite). PostgreSQL only: PGlite runs one
// transaction at a time, so a report cannot start while a fold is open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Overview } from '../../shared/reports/report-types.ts';
import type { Tx } from '../../sync-server/db/db.ts';
import { foldSalesAggregates } from '../../sync-server/reports/aggregates.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { waitFor } from '../support/wait.ts';
import { seedTillActivity, SIM_DAY } from './reports-harness.ts';

const postgres = testDrivers.find((d) => d.kind === 'postgres');
const skip = !postgres || postgres.skip;

describe('a report asked while the periodic fold is open', () => {
  let server: TestServer;

  beforeAll(async () => {
    if (skip) return;
    // No periodic fold of the server's own: this test plays it, held open.
    server = await startTestServer('postgres', { products: 40, server: { aggregateFoldMs: 3_600_000, webhooks: false } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it.skipIf(skip)('waits for that fold and counts every sale it held', async () => {
    await seedTillActivity(server);
    const queued = (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sales_aggregate_queue'))[0]?.n ?? 0;
    expect(queued).toBeGreaterThan(0);

    let took = false;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const periodic = foldSalesAggregates({
      query: (sql, params) => server.db.query(sql, params),
      transaction: <T>(fn: (tx: Tx) => Promise<T>) =>
        server.db.transaction(async (tx) => {
          const n = await fn(tx);
          took = true;
          await held;
          return n;
        }),
    });
    await waitFor('the periodic fold to take the queue', async () => took);

    const token = await server.login('manager', 'manager');
    let answered = false;
    const report = server.api(`/api/reports/overview?from=${SIM_DAY}&to=${SIM_DAY}`, { token }).then((res) => {
      answered = true;
      return res;
    });
    // The report waits while the fold holds the sales …
    await new Promise((resolve) => setTimeout(resolve, 500));
    const waited = !answered;
    // … and, once it commits, shows all of them: 5 sales per till.
    release();
    expect(waited).toBe(true);
    expect(await periodic).toBe(queued);
    const res = await report;
    expect(res.status).toBe(200);
    expect((res.body as Overview).period.orders).toBe(10);
  });
});
