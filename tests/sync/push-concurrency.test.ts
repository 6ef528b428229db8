// The push route applies at most `pushConcurrency` batches at once (routes/sync.ts) and queues
// the rest, so that the batch holding the change-feed lock is not starved of CPU. PostgreSQL only:
// PGlite runs one transaction at a time whatever the route does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sale } from '../../shared/schemas/index.ts';
import { defaultRegistry, type EventRegistry } from '../../sync-server/events/registry.ts';
import { simCatalog } from '../pos/pos-harness.ts';
import { simulateTill } from '../support/pos-events.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const postgres = testDrivers.find((d) => d.kind === 'postgres');
const skip = !postgres || postgres.skip;
const LIMIT = 2;
const TILLS = 6;

describe('push concurrency', () => {
  let server: TestServer;
  let inFlight = 0;
  let maxInFlight = 0;

  beforeAll(async () => {
    if (skip) return;
    // The real sales handlers, timed: each batch holds its slot a little while so that pushes overlap.
    const sales = defaultRegistry.sales;
    const handleBatch = sales.handleBatch;
    if (!handleBatch) throw new Error('sales have a batch handler');
    const registry: EventRegistry = {
      ...defaultRegistry,
      sales: {
        ...sales,
        handleBatch: async (tx, events, ctx) => {
          maxInFlight = Math.max(maxInFlight, ++inFlight);
          try {
            await new Promise((r) => setTimeout(r, 150));
            return await handleBatch(tx, events, ctx);
          } finally {
            inFlight--;
          }
        },
      },
    };
    server = await startTestServer('postgres', { products: 20, poolSize: 12, server: { registry, pushConcurrency: LIMIT } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it.skipIf(skip)(`applies at most ${LIMIT} batches at once and every batch of the others after`, async () => {
    const siteId = await server.siteId('STORE1');
    const catalog = await simCatalog(server.db);
    const pushes = [];
    for (let i = 0; i < TILLS; i++) {
      const till = await server.pairDevice('till', 'STORE1', `till ${i}`);
      const docs = simulateTill(
        { tillId: till.deviceId, siteId, cashierId: 'alice', float: 0, cashDifference: 0, steps: Array.from({ length: 3 }, () => ({ kind: 'sale' as const, lines: [{ product: i, qty: 1, discount: 0 }], orderDiscount: 0, tender: 'card' })) },
        catalog,
      ).filter((e) => e.collection === 'sales').map((e) => e.doc as Sale);
      pushes.push({ token: till.token, docs });
    }
    const results = await Promise.all(pushes.map((p) => server.api('/api/sync/sales/push', { token: p.token, body: p.docs.map((d) => ({ newDocumentState: d })) })));
    expect(results.map((r) => r.status)).toEqual(pushes.map(() => 200));
    expect(maxInFlight).toBe(LIMIT);
    const [row] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM pos_sales');
    expect(row?.n).toBe(TILLS * 3);
  });
});
