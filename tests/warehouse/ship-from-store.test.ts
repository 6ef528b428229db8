// Issue 16 point 2, ship from store, on PGlite and PostgreSQL: a channel's routing policy (set
// through the admin API) sends delivery orders to stores — store-first falls back to the
// warehouse when the store lacks the goods above the channel's buffer, stock-richest takes the
// site holding most, nearest follows the channel's list; the store's picking reaches the store's
// scanner station (paired to the store), is validated by a picking event, ships the order with
// order.reserved / order.shipped in the outbox; a till sale at the store never leaves more reserved
// than on hand, and the web order's displaced units are re-planned at the warehouse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../shared/admin-api/channels.ts';
import type { Picking } from '../../shared/schemas/picking.ts';
import { addUser } from '../../sync-server/users/users.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import type { OrderView } from '../../sync-server/warehouse/order-view.ts';
import { pushInOrder } from '../pos/pos-harness.ts';
import { simulateTill } from '../support/pos-events.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { ackOf, addWarehouse, type Device, idemPost, makeProduct, outboxTypes, pickAll, pickingEvent, pushEvents, reservationViolations } from './wh-harness.ts';

describe.each(testDrivers)('ship from store on $kind', ({ kind, skip }) => {
  let s: TestServer;
  let admin: string;
  const keys = new Map<string, string>();
  let n = 0;

  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: 20 });
    admin = await s.login('admin', 'admin');
    await addWarehouse(s.db, 'WH2');
    for (const [code, routing, routingSites] of [
      ['shop', 'store-first', undefined],
      ['rich', 'stock-richest', undefined],
      ['near', 'nearest', ['WH2', 'STORE1']],
    ] as const) {
      const res = await s.api('/api/admin/channels', { token: admin, body: { code, name: `Channel ${code}`, routing, ...(routingSites ? { routingSites } : {}) } });
      expect(res.status).toBe(201);
      keys.set(code, (await createChannelKey(s.db, code, 'connector')).key);
    }
    // An endpoint on the shop channel keeps its order events in the outbox (not delivered here).
    const endpoint = await s.api('/api/admin/webhooks/endpoints', { token: admin, body: { url: 'http://127.0.0.1:9/hooks', channel: 'shop', eventTypes: ['order.created', 'order.reserved', 'order.shipped', 'order.backordered'] } });
    expect(endpoint.status).toBe(201);
  }, 240_000);
  afterAll(async () => {
    await s?.close();
  });

  async function order(channel: string, productId: string, qty: number): Promise<OrderView> {
    n += 1;
    const res = await idemPost(s, keys.get(channel) ?? '', `sfs-${n}`, { channel, externalRef: `SFS-${n}`, lines: [{ productId, qty }] });
    expect(res.status).toBe(201);
    return res.body as OrderView;
  }

  const reservedAt = async (productId: string, site: string): Promise<number> => Number((await s.db.query<{ r: string }>(
    `SELECT coalesce(sum(q.reserved), 0) AS r FROM quants q JOIN locations l ON l.id = q.location_id JOIN sites si ON si.id = l.site_id WHERE q.product_id = $1 AND si.code = $2`,
    [productId, site],
  ))[0]?.r);
  const onHandAt = async (productId: string, site: string): Promise<number> => Number((await s.db.query<{ n: string }>(
    `SELECT coalesce(sum(q.on_hand), 0) AS n FROM quants q JOIN locations l ON l.id = q.location_id JOIN sites si ON si.id = l.site_id
     WHERE q.product_id = $1 AND si.code = $2 AND l.usage = 'internal'`,
    [productId, site],
  ))[0]?.n);
  const outbox = (orderId: string): Promise<string[]> => outboxTypes(s.db, orderId);
  const pull = async (token: string): Promise<Picking[]> => {
    const res = await s.api('/api/sync/pickings/pull?limit=1000', { token });
    expect(res.status).toBe(200);
    return (res.body as { documents: Picking[] }).documents;
  };
  const setBuffer = async (channel: string, buffer: number): Promise<void> => {
    expect((await s.api(`/api/admin/channels/${channel}`, { method: 'PATCH', token: admin, body: { buffer } })).status).toBe(200);
  };

  it.skipIf(skip)('store-first ships from the store that has the order; the store’s scanner station gets the picking, the warehouse’s does not', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 20 }, { site: 'STORE1', qty: 5 }]);
    const o = await order('shop', p, 3);
    expect(o.lines[0]).toMatchObject({ reserved: 3, backordered: 0 });
    expect(o.pickings).toEqual([expect.objectContaining({ warehouse: 'STORE1', kind: 'delivery', step: 'ship', state: 'ready', reference: expect.stringMatching(/^STORE1\/OUT\//) as unknown })]);
    expect(await reservedAt(p, 'STORE1')).toBe(3);
    expect(await reservedAt(p, 'WH1')).toBe(0);
    expect(await outbox(o.orderId)).toEqual(['order.created', 'order.reserved']);

    const station = await s.pairDevice('scanner', 'STORE1', 'Store handheld');
    const work = (await pull(station.token)).filter((d) => d.orderId === o.orderId);
    expect(work).toEqual([expect.objectContaining({ kind: 'delivery', step: 'ship', state: 'ready' })]);
    expect(work[0]?.pickup).toBeUndefined();
    expect(work[0]?.lines.map((l) => [l.productId, l.qty])).toEqual([[p, 3]]);
    const whStation = await s.pairDevice('scanner', 'WH1');
    expect((await pull(whStation.token)).some((d) => d.orderId === o.orderId)).toBe(false);
  });

  it.skipIf(skip)('store-first falls back to the warehouse when the store lacks the order above the channel’s buffer', async () => {
    const short = await makeProduct(s.db, [{ site: 'WH1', qty: 20 }, { site: 'STORE1', qty: 2 }]);
    const a = await order('shop', short, 3);
    expect(a.pickings.map((x) => [x.warehouse, x.state])).toEqual([['WH1', 'ready']]);
    expect(await reservedAt(short, 'STORE1')).toBe(0);

    // 4 on the shelf, 2 kept for the tills: the store can give 2, the order wants 3.
    await setBuffer('shop', 2);
    try {
      const buffered = await makeProduct(s.db, [{ site: 'WH1', qty: 20 }, { site: 'STORE1', qty: 4 }]);
      expect((await order('shop', buffered, 3)).pickings.map((x) => x.warehouse)).toEqual(['WH1']);
      expect((await order('shop', buffered, 2)).pickings.map((x) => x.warehouse)).toEqual(['STORE1']);
      // Availability for a channel that ships from store counts the store's shelf, less the buffer.
      const av = await s.api(`/api/availability?productId=${buffered}`, { token: keys.get('shop') ?? '' });
      expect(av.body).toMatchObject({ buffer: 2, warehouses: expect.arrayContaining([{ code: 'STORE1', kind: 'store', onHand: 4, reserved: 2, available: 0 }]) as unknown });
    } finally {
      await setBuffer('shop', 0);
    }

    // Nobody has it all: the shortage waits at a warehouse, never on a store's shelf.
    const scarce = await makeProduct(s.db, [{ site: 'STORE1', qty: 2 }]);
    const c = await order('shop', scarce, 5);
    expect(c.lines[0]).toMatchObject({ reserved: 0, backordered: 5 });
    expect(c.pickings.map((x) => [x.warehouse, x.state])).toEqual([['WH1', 'waiting']]);
  });

  it.skipIf(skip)('stock-richest picks the site with most available; nearest follows the channel’s list only', async () => {
    const storeRich = await makeProduct(s.db, [{ site: 'WH1', qty: 4 }, { site: 'STORE1', qty: 9 }]);
    expect((await order('rich', storeRich, 2)).pickings.map((x) => x.warehouse)).toEqual(['STORE1']);
    const whRich = await makeProduct(s.db, [{ site: 'WH1', qty: 12 }, { site: 'STORE1', qty: 9 }]);
    expect((await order('rich', whRich, 2)).pickings.map((x) => x.warehouse)).toEqual(['WH1']);
    // Left: storeRich WH1 4 / STORE1 7, whRich WH1 10 / STORE1 9. Only the warehouse can serve all 10.
    expect((await order('rich', storeRich, 5)).pickings.map((x) => x.warehouse)).toEqual(['STORE1']);
    expect((await order('rich', whRich, 10)).pickings.map((x) => x.warehouse)).toEqual(['WH1']);

    // nearest = [WH2, STORE1]: WH2 first, then the store; WH1 is not on the channel's list.
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 50 }, { site: 'WH2', qty: 1 }, { site: 'STORE1', qty: 6 }]);
    expect((await order('near', p, 1)).pickings.map((x) => x.warehouse)).toEqual(['WH2']);
    expect((await order('near', p, 2)).pickings.map((x) => x.warehouse)).toEqual(['STORE1']);
    expect(await reservedAt(p, 'WH1')).toBe(0);
    const refused = await s.api('/api/admin/channels/near', { method: 'PATCH', token: admin, body: { routingSites: [] } });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'routing_sites_required' });
    const unknown = await s.api('/api/admin/channels/near', { method: 'PATCH', token: admin, body: { routingSites: ['NOPE'] } });
    expect(unknown.body).toMatchObject({ error: 'unknown_site' });
    const listed = await s.api('/api/admin/channels', { token: admin });
    const near = (listed.body as { channels: Channel[] }).channels.find((c) => c.code === 'near');
    expect(near).toMatchObject({ routing: 'nearest', routingSites: [{ code: 'WH2', kind: 'warehouse' }, { code: 'STORE1', name: 'Demo Store', kind: 'store' }] });
  });

  it.skipIf(skip)('the store’s picking is validated by a picking event from its scanner station and the order ships', async () => {
    const p = await makeProduct(s.db, [{ site: 'STORE1', qty: 5 }], { price: 1500 });
    const o = await order('shop', p, 2);
    const station = await s.pairDevice('scanner', 'STORE1') as Device;
    const [doc] = (await pull(station.token)).filter((d) => d.orderId === o.orderId);
    if (!doc) throw new Error('the store station has no picking for the order');
    const validate = pickingEvent(station, 'validate', doc.id, { lines: pickAll({ ...doc, lines: doc.lines.map((l) => ({ ...l, lot: l.lot ?? '' })) }) });
    await pushEvents(s, station, [pickingEvent(station, 'claim', doc.id), validate]);
    expect((await ackOf(s.db, validate.id))?.status).toBe('applied');
    const now = (await s.api(`/api/orders/${o.orderId}`, { token: keys.get('shop') ?? '' })).body as OrderView;
    expect(now).toMatchObject({ state: 'done', lines: [{ qty: 2, delivered: 2, reserved: 0 }] });
    expect(await onHandAt(p, 'STORE1')).toBe(3);
    expect(await reservedAt(p, 'STORE1')).toBe(0);
    const [invoice] = await s.db.query<{ total: number }>('SELECT total FROM invoices WHERE order_id = $1', [o.orderId]);
    expect(Number(invoice?.total)).toBe(3000);
    expect(await outbox(o.orderId)).toEqual(['order.created', 'order.reserved', 'order.shipped']);
  });

  it.skipIf(skip)('a till sale at the store cannot oversell what the store reserved: reserved stays ≤ on hand and the order is re-planned at the warehouse', async () => {
    const p = await makeProduct(s.db, [{ site: 'STORE1', qty: 3 }, { site: 'WH1', qty: 1 }], { price: 1200 });
    const o = await order('shop', p, 2);
    expect(o.pickings.map((x) => x.warehouse)).toEqual(['STORE1']);
    const till = await s.pairDevice('till', 'STORE1');
    const catalog = [{ id: p, price: 1200, priceIncludesTax: true, taxes: [{ taxId: 'tax-standard', rate: 20 }] }];
    // The tills sell all three units the shelf holds, two of them held for the web order.
    const events = simulateTill({ tillId: till.deviceId, siteId: await s.siteId('STORE1'), cashierId: 'alice', float: 0, cashDifference: 0, steps: [
      { kind: 'sale', lines: [{ product: 0, qty: 3, discount: 0 }], orderDiscount: 0, tender: 'card' },
    ] }, catalog);
    await pushInOrder(s, till.token, events);
    const sale = events.find((e) => e.collection === 'sales');
    const ack = await ackOf(s.db, sale?.doc.id ?? '');
    expect(ack?.problems.find((x) => x.code === 'reservation_sold')?.message).toMatch(/2 × Warehouse test \d+ reserved for STORE1\/OUT\/\d+ were sold at the till; re-planned as a waiting delivery from WH1/);
    expect(await onHandAt(p, 'STORE1')).toBe(0);
    expect(await reservedAt(p, 'STORE1')).toBe(0);
    expect(await reservationViolations(s.db)).toEqual([]);
    // The warehouse had one: reserved there at once, the other waits there.
    expect(await reservedAt(p, 'WH1')).toBe(1);
    const now = (await s.api(`/api/orders/${o.orderId}`, { token: keys.get('shop') ?? '' })).body as OrderView;
    expect(now.lines[0]).toMatchObject({ reserved: 1, backordered: 1 });
    expect(now.pickings.map((x) => [x.warehouse, x.state])).toEqual([['STORE1', 'cancelled'], ['WH1', 'ready'], ['WH1', 'waiting']]);
    // The store's station no longer lists the picking as work.
    const station = await s.pairDevice('scanner', 'STORE1');
    expect((await pull(station.token)).filter((d) => d.orderId === o.orderId).map((d) => d.state)).toEqual(['cancelled']);
  });

  it.skipIf(skip)('a picker who works at the store can log in on its station: their PIN hash reaches the store', async () => {
    await addUser(s.db, { username: 'pia', password: 'pia-pw', role: 'picker', pin: '8642', sites: ['STORE1'] });
    const station = await s.pairDevice('scanner', 'STORE1');
    const config = await s.api('/api/sync/config/pull?limit=10000', { token: station.token });
    const holders = (config.body as { documents: { kind: string; data: { username?: string; pinHash?: string } }[] }).documents
      .filter((d) => d.kind === 'user' && d.data.pinHash).map((d) => d.data.username).sort();
    expect(holders).toEqual(['alice', 'pia', 'sam']);
    const site = (config.body as { documents: { kind: string; data: { code?: string; stations?: { name: string }[] } }[] }).documents.find((d) => d.kind === 'site');
    expect(site?.data.stations?.map((x) => x.name)).toContain('scanner STORE1');
  });
});
