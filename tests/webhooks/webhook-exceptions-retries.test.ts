// Outbound webhooks, the cases an audit found untested (issue 16), on PGlite and PostgreSQL:
// a till sale the server flags (event_problems) is announced as a signed `exception.opened`
// (checked with the independent `standardwebhooks` package) and a rolled-back problem announces
// nothing; a delivery that keeps failing is tried on the whole retry schedule
// (shared/webhooks/retry-schedule.ts), then ends `failed` — run in seconds with the worker's clock.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sealSale } from '../../shared/chain/index.ts';
import type { Sale } from '../../shared/schemas/index.ts';
import type { WebhookDelivery, WebhookEndpointWithSecret } from '../../shared/schemas/webhooks.ts';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS } from '../../shared/webhooks/retry-schedule.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import { simulateTill } from '../support/pos-events.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { waitFor } from '../support/wait.ts';
import { push, simCatalog } from '../pos/pos-harness.ts';
import { idemPost, makeProduct } from '../warehouse/wh-harness.ts';
import { type Receiver, subscribeReceiver, verifiesWith } from './receiver.ts';

interface ExceptionData { exceptionId: number | string; eventId: string; code: string; message: string; severity: string }

describe.each(testDrivers)('webhooks for exceptions and exhausted retries on $kind', ({ kind, skip }) => {
  let server: TestServer;
  let receiver: Receiver;
  let admin: string;
  let endpoint: WebhookEndpointWithSecret;
  // The delivery worker's clock: a test moves it on instead of waiting hours between attempts.
  let ahead = 0;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(kind, { products: 20, server: { webhooks: { pollMs: 100, availabilityMs: 0, now: () => new Date(Date.now() + ahead) } } });
    admin = await server.login('admin', 'admin');
  }, 240_000);
  afterAll(async () => {
    await server?.close();
  });
  afterEach(async () => {
    if (skip) return;
    await receiver.close();
    await server.db.query('DELETE FROM webhook_endpoints');
  });

  async function subscribe(eventTypes: string[], channel?: string): Promise<void> {
    ({ receiver, endpoint } = await subscribeReceiver(server, admin, eventTypes, channel));
  }
  async function log(): Promise<WebhookDelivery[]> {
    const res = await server.api(`/api/admin/webhooks/endpoints/${endpoint.id}/deliveries`, { token: admin });
    expect(res.status).toBe(200);
    return res.body as WebhookDelivery[];
  }

  it.skipIf(skip)('announces a problem found in a pushed till sale as a signed exception.opened, and nothing for a problem that rolled back', async () => {
    await subscribe(['exception.opened']);
    const till = await server.pairDevice('till', 'STORE1');
    const catalog = await simCatalog(server.db);
    const events = simulateTill({ tillId: till.deviceId, siteId: await server.siteId('STORE1'), cashierId: await server.userId('alice'), float: 0, cashDifference: 0, steps: [
      { kind: 'sale', lines: [{ product: 0, qty: 1, discount: 0 }], orderDiscount: 0, tender: 'card' },
    ] }, catalog);
    const sale = events.find((e) => e.collection === 'sales')?.doc as Sale;
    // A product the server does not know: the sale is applied and flagged unknown_product.
    const { seq: _s, prevHash: _p, hash: _h, ...unsigned } = { ...sale, lines: sale.lines.map((l) => ({ ...l, productId: 'no-such-product' })) };
    const flagged = sealSale(unsigned, null);
    await push(server, till.token, 'sales', [flagged]);

    const problems = await server.db.query<{ id: string; code: string }>('SELECT id::text AS id, code FROM event_problems WHERE event_id = $1', [flagged.id]);
    expect(problems.map((p) => p.code)).toContain('unknown_product');
    await waitFor('an exception.opened per problem', async () => receiver.received.length >= problems.length);
    const got = receiver.received.filter((r) => (r.payload.data as unknown as ExceptionData).code === 'unknown_product');
    expect(got).toHaveLength(1);
    const [r] = got;
    if (!r) return;
    expect(r.verified).toBe(true);
    expect(verifiesWith(endpoint.secret, r)).toBe(true);
    expect(verifiesWith('whsec_' + Buffer.from('some other secret, not ours').toString('base64'), r)).toBe(false);
    const unknown = problems.find((p) => p.code === 'unknown_product');
    expect(r.payload).toMatchObject({ type: 'exception.opened', resource: `exception:${unknown?.id ?? ''}`, sequence: 1 });
    expect(r.payload.data).toMatchObject({ eventId: flagged.id, code: 'unknown_product', severity: expect.any(String) as unknown });
    await waitFor('the log shows them delivered', async () => (await log()).every((d) => d.state === 'succeeded' && d.type === 'exception.opened'));

    // A problem written in a transaction that rolls back leaves no event and sends nothing.
    await expect(server.db.transaction(async (tx) => {
      await tx.query(`INSERT INTO event_problems (event_id, code, message, severity) VALUES ($1, 'rolled_back_check', 'never committed', 'warning')`, [flagged.id]);
      throw new Error('the change failed');
    })).rejects.toThrow('the change failed');
    const [{ n }] = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_events WHERE body LIKE '%rolled_back_check%'`) as [{ n: number }];
    expect(n).toBe(0);
    // A problem committed afterwards still arrives: the worker was running all along.
    const before = receiver.received.length;
    await server.db.transaction(async (tx) => {
      await tx.query(`INSERT INTO event_problems (event_id, code, message, severity) VALUES ($1, 'committed_check', 'committed', 'warning')`, [flagged.id]);
    });
    await waitFor('the committed problem', async () => receiver.received.length > before);
    expect(receiver.received.map((x) => (x.payload.data as unknown as ExceptionData).code)).not.toContain('rolled_back_check');
    expect(receiver.received.at(-1)?.payload.data).toMatchObject({ code: 'committed_check' });
  });

  it.skipIf(skip)('a delivery that keeps failing is tried on every step of the schedule, same webhook-id, then ends failed', async () => {
    await subscribe(['order.created'], 'web');
    receiver.respond = () => ({ status: 500 });
    const channelKey = (await createChannelKey(server.db, 'web', 'Web shop')).key;
    const productId = await makeProduct(server.db, [{ site: 'WH1', qty: 5 }]);
    expect((await idemPost(server, channelKey, 'k-always-500', { channel: 'web', externalRef: 'W-500', lines: [{ productId, qty: 1 }] })).status).toBe(201);

    await waitFor('the first attempt', async () => (await log())[0]?.log.length === 1);
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt += 1) {
      const [d] = await log();
      expect(d?.state).toBe('pending');
      expect(d?.lastStatus).toBe(500);
      // The next try is due after the schedule's delay for this failure, not before.
      const delay = RETRY_DELAYS_MS[attempt - 1] ?? 0;
      const due = Date.parse(d?.nextAttemptAt ?? '') - (Date.now() + ahead);
      expect(due).toBeGreaterThan(delay - 5_000);
      expect(due).toBeLessThanOrEqual(delay);
      ahead += delay + 1000;
      await waitFor(`attempt ${attempt + 1}`, async () => (await log())[0]?.log.length === attempt + 1);
    }
    await waitFor('the delivery failed', async () => (await log())[0]?.state === 'failed');
    const [failed] = await log();
    expect(failed).toMatchObject({ state: 'failed', attempts: MAX_ATTEMPTS, nextAttemptAt: null, lastStatus: 500, deliveredAt: null });
    expect(failed?.log.map((a) => a.status)).toEqual(Array.from({ length: MAX_ATTEMPTS }, () => 500));
    expect(receiver.received).toHaveLength(MAX_ATTEMPTS);
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(1);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    // Nothing more, however long we wait.
    ahead += 48 * 3600_000;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(receiver.received).toHaveLength(MAX_ATTEMPTS);
    expect((await log())[0]?.log).toHaveLength(MAX_ATTEMPTS);
  }, 60_000);
});
