// Issue 16 point 9, channels that poll or cancel: GET /api/orders pages through a channel's
// changed orders with a cursor (each once, in order), a channel never sees or cancels another
// channel's order, and cancelling releases every reserved unit and is idempotent — on PGlite and
// PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import type { OrderPage } from '../../sync-server/warehouse/order-list.ts';
import type { OrderView } from '../../sync-server/warehouse/order-view.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { idemPost, makeProduct, reservationViolations } from './wh-harness.ts';

describe.each(testDrivers)('polling and cancelling channel orders on $kind', ({ kind, skip }) => {
  let s: TestServer;
  let shop: string;
  let web: string;
  let product: string;
  let n = 0;

  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: 20 });
    shop = (await createChannelKey(s.db, 'shop', 'poller')).key;
    web = (await createChannelKey(s.db, 'web', 'web shop')).key;
    product = await makeProduct(s.db, [{ site: 'WH1', qty: 100 }]);
  });
  afterAll(async () => {
    await s?.close();
  });

  async function order(key: string, channel: string, qty = 1): Promise<OrderView> {
    n += 1;
    const res = await idemPost(s, key, `poll-${n}`, { channel, externalRef: `P-${n}`, lines: [{ productId: product, qty }] });
    expect(res.status).toBe(201);
    return res.body as OrderView;
  }

  const list = async (key: string, query: string): Promise<OrderPage> => {
    const res = await s.api(`/api/orders?${query}`, { token: key });
    expect(res.status).toBe(200);
    return res.body as OrderPage;
  };

  it.skipIf(skip)('pages through a channel’s orders with since and a cursor, each once and in order, then only what changed', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      made.push((await order(shop, 'shop')).orderId);
      if (i === 2) await order(web, 'web');
    }
    const seen: string[] = [];
    let page = await list(shop, `since=${encodeURIComponent(since)}&limit=2`);
    seen.push(...page.orders.map((o) => o.orderId));
    let pages = 1;
    while (page.more) {
      page = await list(shop, `cursor=${page.cursor}&limit=2`);
      seen.push(...page.orders.map((o) => o.orderId));
      pages += 1;
    }
    expect(seen).toEqual(made);
    expect(pages).toBe(3);
    expect(page.orders.every((o) => o.channel === 'shop' && o.state === 'open')).toBe(true);

    // Polling from the last cursor: nothing new, then exactly the order that changed.
    const idle = await list(shop, `cursor=${page.cursor}`);
    expect(idle).toEqual({ orders: [], cursor: page.cursor, more: false });
    expect((await s.api(`/api/orders/${made[1]}/cancel`, { token: shop, body: {} })).status).toBe(200);
    const changed = await list(shop, `cursor=${page.cursor}`);
    expect(changed.orders.map((o) => [o.orderId, o.state])).toEqual([[made[1], 'cancelled']]);
    // A manager reads every channel, or one.
    const manager = await s.login('manager', 'manager');
    const all = await list(manager, `since=${encodeURIComponent(since)}&limit=200`);
    expect(new Set(all.orders.map((o) => o.channel))).toEqual(new Set(['shop', 'web']));
  });

  it.skipIf(skip)('a channel key gets 404 for another channel’s order, cannot cancel it, and cannot list another channel', async () => {
    const theirs = await order(shop, 'shop');
    expect((await s.api(`/api/orders/${theirs.orderId}`, { token: web })).status).toBe(404);
    expect((await s.api(`/api/orders/${theirs.orderId}/cancel`, { token: web, body: {} })).status).toBe(404);
    expect(((await s.api(`/api/orders/${theirs.orderId}`, { token: shop })).body as OrderView).state).toBe('open');
    expect((await s.api('/api/orders?channel=shop', { token: web })).status).toBe(403);
    expect((await list(web, 'limit=200')).orders.some((o) => o.orderId === theirs.orderId)).toBe(false);
    expect((await s.api('/api/orders/no-such-order', { token: shop })).status).toBe(404);
  });

  it.skipIf(skip)('an admin session (no channel of its own) filtered with channel= gets that channel’s orders only, each once', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const webOrders = [(await order(web, 'web')).orderId, (await order(web, 'web')).orderId];
    const shopOrder = (await order(shop, 'shop')).orderId;
    const admin = await s.login('admin', 'admin');
    const seen: OrderView[] = [];
    let page = await list(admin, `channel=web&since=${encodeURIComponent(since)}&limit=1`);
    seen.push(...page.orders);
    while (page.more) {
      page = await list(admin, `channel=web&cursor=${page.cursor}&limit=1`);
      seen.push(...page.orders);
    }
    // Orders of earlier tests may fall in the window too: what matters is that none is another channel's.
    expect(seen.map((o) => o.orderId)).toEqual(expect.arrayContaining(webOrders));
    expect(seen.map((o) => o.orderId)).not.toContain(shopOrder);
    expect(seen.every((o) => o.channel === 'web')).toBe(true);
    expect(new Set(seen.map((o) => o.orderId)).size).toBe(seen.length);
    // The same walk without the filter does see the other channel's order: the filter is what left it out.
    const all = await list(admin, `since=${encodeURIComponent(since)}&limit=200`);
    expect(all.orders.map((o) => o.orderId)).toEqual(expect.arrayContaining([...webOrders, shopOrder]));
    const shopOnly = await list(admin, `channel=shop&since=${encodeURIComponent(since)}&limit=200`);
    expect(shopOnly.orders.map((o) => o.orderId)).toContain(shopOrder);
    expect(shopOnly.orders.every((o) => o.channel === 'shop')).toBe(true);
  });

  it.skipIf(skip)('cancelling releases the reserved units and is idempotent', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 5 }]);
    const reserved = async (): Promise<number> => Number((await s.db.query<{ r: string }>('SELECT coalesce(sum(reserved), 0) AS r FROM quants WHERE product_id = $1', [p]))[0]?.r);
    const available = async (): Promise<number> => ((await s.api(`/api/availability?productId=${p}&channel=shop`, { token: shop })).body as { available: number }).available;
    n += 1;
    const made = (await idemPost(s, shop, `poll-${n}`, { channel: 'shop', externalRef: `P-${n}`, lines: [{ productId: p, qty: 3 }] })).body as OrderView;
    expect(made.lines[0]).toMatchObject({ reserved: 3 });
    expect(await reserved()).toBe(3);
    expect(await available()).toBe(2);

    const first = await s.api(`/api/orders/${made.orderId}/cancel`, { token: shop, body: {} });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ state: 'cancelled', lines: [{ reserved: 0, cancelled: 3 }] });
    expect(await reserved()).toBe(0);
    expect(await available()).toBe(5);
    const cursor = (await list(shop, 'limit=200')).cursor;

    const again = await s.api(`/api/orders/${made.orderId}/cancel`, { token: shop, body: {} });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await reserved()).toBe(0);
    expect(await reservationViolations(s.db)).toEqual([]);
    // The repeated cancel changed nothing, so a poller is not told again.
    expect((await list(shop, `cursor=${cursor}`)).orders).toEqual([]);
  });
});
