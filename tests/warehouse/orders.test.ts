// Issue 6: channel order intake over HTTP — idempotency, routing and shortage policies, FEFO,
// availability with channel buffers, cancellation, channel keys — on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import type { OrderView } from '../../sync-server/warehouse/order-view.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { addWarehouse, idemPost, makeProduct, reservationViolations } from './wh-harness.ts';

describe.each(testDrivers)('channel orders on $kind', ({ kind, skip }) => {
  let s: TestServer;
  let manager: string;
  let channelKey: string;

  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: 20 });
    manager = await s.login('manager', 'manager');
    channelKey = (await createChannelKey(s.db, 'web', 'test shop')).key;
    await addWarehouse(s.db, 'WH2');
  });
  afterAll(async () => {
    await s?.close();
  });

  it.skipIf(skip)('reserves stock and creates a ready delivery; the same key and body return the same order', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 5 }]);
    const body = { channel: 'web', externalRef: 'W-1', lines: [{ productId: p, qty: 3 }] };
    const first = await idemPost(s, channelKey, 'k-1', body);
    expect(first.status).toBe(201);
    const order = first.body as OrderView;
    expect(order.lines[0]).toMatchObject({ qty: 3, reserved: 3, backordered: 0 });
    expect(order.pickings).toEqual([expect.objectContaining({ warehouse: 'WH1', kind: 'delivery', step: 'ship', state: 'ready' })]);
    const again = await idemPost(s, channelKey, 'k-1', body);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(order);
    expect(await s.db.query('SELECT 1 FROM orders WHERE external_ref = $1', ['W-1'])).toHaveLength(1);
    const conflict = await idemPost(s, channelKey, 'k-1', { ...body, lines: [{ productId: p, qty: 4 }] });
    expect(conflict.status).toBe(409);
    expect((conflict.body as { error: string }).error).toBe('idempotency_key_reused');
    const dupRef = await idemPost(s, channelKey, 'k-2', body);
    expect(dupRef.status).toBe(409);
  });

  it.skipIf(skip)('refuses a missing key, a key of another channel, and callers without a token', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 5 }]);
    const body = { channel: 'web', externalRef: 'W-2', lines: [{ productId: p, qty: 1 }] };
    expect((await s.api('/api/orders', { token: channelKey, body })).status).toBe(400);
    expect((await idemPost(s, channelKey, 'x', { ...body, channel: 'marketplace' })).status).toBe(403);
    expect((await s.api('/api/orders', { body, headers: { 'idempotency-key': 'y' } })).status).toBe(401);
    expect((await idemPost(s, manager, 'k-m', { ...body, channel: 'phone' })).status).toBe(201);
  });

  it.skipIf(skip)('answers a malformed order or availability query with a sentence, never framework text', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 5 }]);
    const zero = await idemPost(s, channelKey, 'k-bad', { channel: 'web', externalRef: 'W-bad', lines: [{ productId: p, qty: 0 }] });
    expect(zero.status).toBe(400);
    expect(zero.body).toMatchObject({ error: 'invalid_request', message: expect.not.stringMatching(/FST_|body\/lines/) });
    const noProduct = await s.api('/api/availability?channel=web', { token: channelKey });
    expect(noProduct.status).toBe(400);
    expect((noProduct.body as { message: string }).message).toMatch(/product/i);
    expect((await s.api(`/api/availability?productId=${p}`, { token: manager })).body).toMatchObject({ error: 'bad_request', message: expect.stringMatching(/channel is required/) });
  });

  it.skipIf(skip)('routes to the first warehouse that can serve the whole order', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 2 }, { site: 'WH2', qty: 6 }]);
    const res = await idemPost(s, channelKey, 'k-route', { channel: 'web', externalRef: 'W-3', lines: [{ productId: p, qty: 5 }] });
    const order = res.body as OrderView;
    expect(order.pickings.map((x) => [x.warehouse, x.state])).toEqual([['WH2', 'ready']]);
  });

  it.skipIf(skip)('backorder policy: reserves what the best warehouse has and backorders the rest there', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 2 }, { site: 'WH2', qty: 3 }]);
    const res = await idemPost(s, channelKey, 'k-bo', { channel: 'web', externalRef: 'W-4', lines: [{ productId: p, qty: 5 }] });
    const order = res.body as OrderView;
    expect(order.lines[0]).toMatchObject({ reserved: 3, backordered: 2 });
    expect(order.pickings.map((x) => [x.warehouse, x.state])).toEqual([['WH2', 'ready'], ['WH2', 'waiting']]);
  });

  it.skipIf(skip)('split policy: takes from every warehouse in priority order', async () => {
    expect((await s.api('/api/warehouse-policy', { method: 'PUT', token: await s.login('admin', 'admin'), body: { shortagePolicy: 'split' } })).status).toBe(200);
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 2 }, { site: 'WH2', qty: 3 }]);
    const res = await idemPost(s, channelKey, 'k-split', { channel: 'web', externalRef: 'W-5', lines: [{ productId: p, qty: 6 }] });
    const order = res.body as OrderView;
    expect(order.lines[0]).toMatchObject({ reserved: 5, backordered: 1 });
    expect(order.pickings.map((x) => [x.warehouse, x.state]).sort()).toEqual([['WH1', 'ready'], ['WH1', 'waiting'], ['WH2', 'ready']]);
    await s.api('/api/warehouse-policy', { method: 'PUT', token: await s.login('admin', 'admin'), body: { shortagePolicy: 'backorder' } });
  });

  it.skipIf(skip)('reserves lots first-expiring-first and skips expired lots', async () => {
    const p = await makeProduct(s.db, [
      { site: 'WH1', qty: 4, lot: 'LATE', expiry: '2099-06-01', location: 'WH1/Stock/A-01-01' },
      { site: 'WH1', qty: 2, lot: 'SOON', expiry: '2098-01-01', location: 'WH1/Stock/A-02-01' },
      { site: 'WH1', qty: 9, lot: 'GONE', expiry: '2001-01-01', location: 'WH1/Stock/A-03-01' },
    ], { tracking: 'lot' });
    await idemPost(s, channelKey, 'k-fefo', { channel: 'web', externalRef: 'W-6', lines: [{ productId: p, qty: 3 }] });
    const rows = await s.db.query<{ lot: string; qty: number }>('SELECT lot, qty FROM reservations WHERE product_id = $1 ORDER BY lot', [p]);
    expect(rows).toEqual([{ lot: 'LATE', qty: 1 }, { lot: 'SOON', qty: 2 }]);
  });

  it.skipIf(skip)('availability is on-hand − reserved − the channel buffer, per warehouse and in total', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 10 }, { site: 'WH2', qty: 4 }]);
    await idemPost(s, channelKey, 'k-av', { channel: 'web', externalRef: 'W-7', lines: [{ productId: p, qty: 3 }] });
    const admin = await s.login('admin', 'admin');
    expect((await s.api('/api/channels/web/buffer', { method: 'PUT', token: admin, body: { qty: 2 } })).status).toBe(200);
    const res = await s.api(`/api/availability?productId=${p}&channel=web`, { token: channelKey });
    expect(res.body).toMatchObject({ available: 7, warehouses: [{ code: 'WH1', onHand: 10, reserved: 3, available: 5 }, { code: 'WH2', onHand: 4, reserved: 0, available: 2 }] });
    const phone = await s.api(`/api/availability?productId=${p}&channel=phone`, { token: manager });
    expect((phone.body as { available: number }).available).toBe(11);
    await s.api('/api/channels/web/buffer', { method: 'PUT', token: admin, body: { qty: 0 } });
  });

  it.skipIf(skip)('cancellation releases every reservation and serves the next waiting order', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 4 }]);
    const a = (await idemPost(s, channelKey, 'k-c1', { channel: 'web', externalRef: 'W-8', lines: [{ productId: p, qty: 4 }] })).body as OrderView;
    const b = (await idemPost(s, channelKey, 'k-c2', { channel: 'web', externalRef: 'W-9', lines: [{ productId: p, qty: 3 }] })).body as OrderView;
    expect(b.lines[0]).toMatchObject({ reserved: 0, backordered: 3 });
    const cancelled = await s.api(`/api/orders/${a.orderId}/cancel`, { token: channelKey, body: {} });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', lines: [{ reserved: 0, cancelled: 4 }] });
    const after = (await s.api(`/api/orders/${b.orderId}`, { token: channelKey })).body as OrderView;
    expect(after.lines[0]).toMatchObject({ reserved: 3, backordered: 0 });
    expect(await reservationViolations(s.db)).toEqual([]);
  });
});
