// Outbound webhooks (issue 16 points 7-8), in process, on PGlite and PostgreSQL: the outbox is
// written in the change's transaction, deliveries are signed per Standard Webhooks (checked with
// the independent `standardwebhooks` package), retried with the same webhook-id, Retry-After and
// 410 honoured, logged per endpoint and replayable.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookDelivery, WebhookEndpointWithSecret } from '../../shared/schemas/webhooks.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import { emitWebhook } from '../../sync-server/webhooks/outbox.ts';
import { watchAvailability } from '../../sync-server/webhooks/availability-watch.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { waitFor } from '../support/wait.ts';
import { idemPost, makeProduct } from '../warehouse/wh-harness.ts';
import { type Receiver, subscribeReceiver, verifiesWith } from './receiver.ts';

describe.each(testDrivers)('outbound webhooks on $kind', ({ kind, skip }) => {
  let server: TestServer;
  let receiver: Receiver;
  let admin: string;
  let channelKey: string;
  let endpoint: WebhookEndpointWithSecret;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(kind, { products: 20, server: { webhooks: { pollMs: 100, availabilityMs: 0 } } });
    admin = await server.login('admin', 'admin');
    channelKey = (await createChannelKey(server.db, 'web', 'Web shop')).key;
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
    expect(endpoint.secret).toMatch(/^whsec_/);
  }

  async function order(productId: string, ref: string, qty = 1): Promise<{ orderId: string }> {
    const res = await idemPost(server, channelKey, `k-${ref}`, { channel: 'web', externalRef: ref, lines: [{ productId, qty }] });
    expect(res.status).toBe(201);
    return res.body as { orderId: string };
  }

  async function log(): Promise<WebhookDelivery[]> {
    const res = await server.api(`/api/admin/webhooks/endpoints/${endpoint.id}/deliveries`, { token: admin });
    expect(res.status).toBe(200);
    return res.body as WebhookDelivery[];
  }

  it.skipIf(skip)('delivers a committed order as signed order.created and order.reserved events with per-order sequences', async () => {
    await subscribe(['order.created', 'order.reserved', 'order.backordered']);
    const productId = await makeProduct(server.db, [{ site: 'WH1', qty: 1 }]);
    const { orderId } = await order(productId, 'W-1', 3);
    await waitFor('three events', async () => receiver.verified().length >= 3);
    const got = receiver.verified();
    expect(got.every((r) => r.verified)).toBe(true);
    expect(got.map((r) => r.payload.type).sort()).toEqual(['order.backordered', 'order.created', 'order.reserved']);
    expect(new Set(got.map((r) => r.id)).size).toBe(3);
    expect(got.every((r) => r.payload.resource === `order:${orderId}`)).toBe(true);
    expect(got.map((r) => r.payload.sequence).sort()).toEqual([1, 2, 3]);
    const created = got.find((r) => r.payload.type === 'order.created');
    expect((created?.payload.data.order as { orderId: string }).orderId).toBe(orderId);
    await waitFor('log shows success', async () => (await log()).every((d) => d.state === 'succeeded'));
  });

  it.skipIf(skip)('sends nothing for a change that rolled back', async () => {
    await subscribe(['order.created', 'order.cancelled']);
    await expect(server.db.transaction(async (tx) => {
      await emitWebhook(tx, { type: 'order.created', resource: 'order:rolled-back', channel: 'web', data: { orderId: 'rolled-back' } });
      throw new Error('the change failed');
    })).rejects.toThrow('the change failed');
    // An order refused after its checks (unknown product) writes nothing either.
    const refused = await idemPost(server, channelKey, 'k-refused', { channel: 'web', externalRef: 'W-refused', lines: [{ productId: 'no-such-product', qty: 1 }] });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    // A committed event afterwards proves the worker was running all along.
    const productId = await makeProduct(server.db, [{ site: 'WH1', qty: 5 }]);
    await order(productId, 'W-after');
    await waitFor('the committed event', async () => receiver.verified().length >= 1);
    expect(receiver.received.map((r) => r.payload.resource)).not.toContain('order:rolled-back');
    expect(receiver.received.every((r) => r.payload.type === 'order.created')).toBe(true);
    const [{ n }] = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_events WHERE resource = 'order:rolled-back'`) as [{ n: number }];
    expect(n).toBe(0);
  });

  it.skipIf(skip)('retries a failed delivery with the same webhook-id, honouring Retry-After, and logs every attempt', async () => {
    await subscribe(['order.created']);
    receiver.respond = (_r, n) => (n === 1 ? { status: 503, headers: { 'retry-after': '1' } } : { status: 200 });
    const productId = await makeProduct(server.db, [{ site: 'WH1', qty: 5 }]);
    await order(productId, 'W-retry');
    await waitFor('the retry', async () => receiver.received.length >= 2, 20_000);
    const [first, second] = receiver.received;
    expect(first?.id).toBeDefined();
    expect(second?.id).toBe(first?.id);
    expect(second?.body).toBe(first?.body);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    // Retry-After: 1 → not before a second later (the schedule alone would wait 5 s).
    expect(Number(second?.timestamp) - Number(first?.timestamp)).toBeGreaterThanOrEqual(1);
    await waitFor('success logged', async () => (await log())[0]?.state === 'succeeded');
    const [d] = await log();
    expect(d?.log.map((a) => a.status)).toEqual([503, 200]);
    expect(d?.attempts).toBe(2);
  });

  it.skipIf(skip)('disables an endpoint that answers 410 Gone, and replays a delivery with its original id', async () => {
    await subscribe(['order.created']);
    receiver.respond = () => ({ status: 410 });
    const productId = await makeProduct(server.db, [{ site: 'WH1', qty: 5 }]);
    await order(productId, 'W-gone');
    await waitFor('the 410', async () => (await log())[0]?.state === 'failed');
    const ep = await server.api(`/api/admin/webhooks/endpoints/${endpoint.id}`, { token: admin });
    expect(ep.body).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('410') as unknown });
    await order(productId, 'W-while-disabled');
    // Re-enabled and replayed: the same event id arrives again.
    receiver.respond = () => ({ status: 200 });
    expect((await server.api(`/api/admin/webhooks/endpoints/${endpoint.id}`, { method: 'PATCH', token: admin, body: { enabled: true } })).status).toBe(200);
    const [failed] = await log();
    const replay = await server.api(`/api/admin/webhooks/endpoints/${endpoint.id}/deliveries/${failed?.id ?? ''}/replay`, { method: 'POST', token: admin });
    expect(replay.status).toBe(200);
    await waitFor('the replay', async () => receiver.received.length >= 2);
    expect(receiver.received[1]?.id).toBe(receiver.received[0]?.id);
    expect(receiver.received[1]?.verified).toBe(true);
    // An endpoint or delivery that does not exist is a 404 with its own code, not a server error.
    const missing = await server.api('/api/admin/webhooks/endpoints/no-such-endpoint', { token: admin });
    expect(missing).toMatchObject({ status: 404, body: { error: 'unknown_endpoint' } });
    const noDelivery = await server.api(`/api/admin/webhooks/endpoints/${endpoint.id}/deliveries/999999999/replay`, { method: 'POST', token: admin });
    expect(noDelivery).toMatchObject({ status: 404, body: { error: 'unknown_delivery' } });
  });

  it.skipIf(skip)('signs with both secrets during a rotation, so receivers holding either one verify', async () => {
    await subscribe(['order.cancelled']);
    const old = endpoint.secret;
    const rotated = await server.api(`/api/admin/webhooks/endpoints/${endpoint.id}/rotate-secret`, { method: 'POST', token: admin, body: {} });
    expect(rotated.status).toBe(200);
    const fresh = (rotated.body as WebhookEndpointWithSecret).secret;
    expect(fresh).not.toBe(old);
    const productId = await makeProduct(server.db, [{ site: 'WH1', qty: 5 }]);
    const { orderId } = await order(productId, 'W-rotate');
    const cancel = await server.api(`/api/orders/${orderId}/cancel`, { method: 'POST', token: channelKey });
    expect(cancel.status).toBe(200);
    await waitFor('the cancellation', async () => receiver.received.length >= 1);
    const [r] = receiver.received;
    expect(r?.payload.type).toBe('order.cancelled');
    expect(r?.signature.split(' ')).toHaveLength(2);
    if (!r) return;
    expect(verifiesWith(old, r)).toBe(true);
    expect(verifiesWith(fresh, r)).toBe(true);
    expect(verifiesWith('whsec_' + Buffer.from('not the secret at all, really').toString('base64'), r)).toBe(false);
  });

  it.skipIf(skip)('announces availability per channel, debounced: many moves, one event with the last number', async () => {
    await subscribe(['stock.available_changed'], 'web');
    const productId = await makeProduct(server.db, [{ site: 'WH1', qty: 10 }]);
    await watchAvailability(server.db);
    await waitFor('the first announcement', async () => receiver.verified().some((r) => r.payload.resource === `availability:web:${productId}`));
    for (let i = 0; i < 3; i += 1) await order(productId, `W-avail-${i}`, 2);
    await watchAvailability(server.db);
    await watchAvailability(server.db);
    await waitFor('the second announcement', async () => receiver.verified().filter((r) => r.payload.resource === `availability:web:${productId}`).length >= 2);
    const mine = receiver.verified().filter((r) => r.payload.resource === `availability:web:${productId}`);
    expect(mine.map((r) => (r.payload.data as { available: number }).available)).toEqual([10, 4]);
    expect(mine.map((r) => r.payload.sequence)).toEqual([1, 2]);
  });
});
