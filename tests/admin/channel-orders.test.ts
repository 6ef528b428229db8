// The back office's channel orders (GET /api/admin/orders, POST /api/admin/orders/:id/cancel), on
// PGlite and PostgreSQL: newest first, by channel and state, found by words of the reference or the
// customer's name (accents and case aside) or e-mail; lines by product name with what is reserved,
// delivered and cancelled; a manager cancels what was not delivered, the audit log says who, a
// delivered order is refused with a sentence, and people without the right get nothing. Matches
// are counted up to 1,000: beyond, the answer says "more than 1,000" and pages on all the same —
// whichever way the page was found (sorted from the matches, or read from the newest orders).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/admin-api/audit-devices.ts';
import type { AdminOrderCancel, AdminOrderPage } from '../../shared/admin-api/channel-orders.ts';
import type { ApiError } from '../../shared/admin-api/errors.ts';
import type { PairedDevice } from '../../sync-server/devices/pairing.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import { listAdminOrders } from '../../sync-server/warehouse/order-admin-list.ts';
import { ORDER_COUNT_CAP, orderPageIds, type OrderPageIds, type OrderPageOptions } from '../../sync-server/warehouse/order-admin-page.ts';
import type { OrderView } from '../../sync-server/warehouse/order-view.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { ackOf, idemPost, makeProduct, pickingDocs, pickingEvent, pushEvents } from '../warehouse/wh-harness.ts';

describe.each(testDrivers)('the back office\'s channel orders on $kind', ({ kind, skip }) => {
  let s: TestServer;
  let admin: string;
  let manager: string;
  let web: string;
  let market: string;
  let station: PairedDevice;
  let tea: string;
  let mug: string;
  let n = 0;

  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: 5 });
    admin = await s.login('admin', 'admin');
    manager = await s.login('manager', 'manager');
    web = (await createChannelKey(s.db, 'web', 'shop')).key;
    market = (await createChannelKey(s.db, 'marketplace', 'market')).key;
    station = await s.pairDevice('scanner', 'WH1', 'Station');
    tea = await makeProduct(s.db, [{ site: 'WH1', qty: 50 }], { price: 450 });
    mug = await makeProduct(s.db, [{ site: 'WH1', qty: 50 }], { price: 1290 });
    await s.db.query(`UPDATE products SET name = 'Sencha green tea' WHERE id = $1`, [tea]);
    await s.db.query(`UPDATE products SET name = 'Stoneware mug' WHERE id = $1`, [mug]);
  }, 240_000);
  afterAll(async () => {
    await s?.close();
  });

  const place = async (key: string, ref: string, customer: Record<string, string>, lines: { productId: string; qty: number }[]): Promise<OrderView> => {
    n += 1;
    const res = await idemPost(s, key, `${kind}-ao-${n}`, { channel: key === market ? 'marketplace' : 'web', externalRef: ref, customer, lines });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as OrderView;
  };
  const list = async (params: string, token = manager): Promise<AdminOrderPage> => {
    const res = await s.api(`/api/admin/orders${params}`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as AdminOrderPage;
  };
  const refs = (page: AdminOrderPage): string[] => page.orders.map((o) => o.reference);

  it.skipIf(skip)('lists orders newest first with names, totals and progress; filters by channel and state; finds them by reference, name or e-mail', async () => {
    const first = await place(web, 'WEB-2001', { name: 'Zoë Lefèvre', email: 'zoe@example.com' }, [{ productId: tea, qty: 3 }, { productId: mug, qty: 1 }]);
    await place(market, 'MKT-77', { name: 'Bruno Costa', email: 'bruno@example.org' }, [{ productId: mug, qty: 2 }]);
    await place(web, 'WEB-2002', { name: 'Anna Kowalska', email: 'anna@example.com' }, [{ productId: tea, qty: 1 }]);

    const all = await list('?limit=200');
    expect(refs(all).slice(0, 3)).toEqual(['WEB-2002', 'MKT-77', 'WEB-2001']);
    const order = all.orders.find((o) => o.id === first.orderId);
    expect(order).toMatchObject({
      reference: 'WEB-2001', channel: 'web', state: 'open', customer: { name: 'Zoë Lefèvre' }, pickupSite: null, currency: 'EUR',
      total: 3 * 450 + 1290, couponCodes: [],
    });
    expect(order?.lines.map((l) => [l.product.name, l.qty, l.reserved, l.delivered, l.cancelled])).toEqual([['Sencha green tea', 3, 3, 0, 0], ['Stoneware mug', 1, 1, 0, 0]]);
    // Each line names the order line a return announced in the back office refers to.
    expect(order?.lines.map((l) => l.orderLineId)).toEqual(first.lines.map((l) => l.lineId));
    expect(order?.pickings).toEqual([expect.objectContaining({ warehouse: 'WH1', state: 'ready' })]);

    expect(refs(await list('?channel=marketplace'))).toEqual(['MKT-77']);
    const found = await list('?q=web-200&limit=200');
    expect(refs(found)).toEqual(['WEB-2002', 'WEB-2001']);
    // Below the cap the count is exact, and Next follows it.
    expect([found.total, found.totalExact, found.hasMore]).toEqual([2, true, false]);
    const first1 = await list('?q=web-200&limit=1');
    expect([refs(first1), first1.total, first1.totalExact, first1.hasMore]).toEqual([['WEB-2002'], 2, true, true]);
    expect(refs(await list('?q=ZOE%20lefevre'))).toEqual(['WEB-2001']);
    expect(refs(await list('?q=example.org'))).toEqual(['MKT-77']);
    expect((await list('?q=nobody-at-all')).total).toBe(0);
    // % and _ are letters here, not wildcards.
    expect((await list('?q=%25')).total).toBe(0);
    const bad = await s.api('/api/admin/orders?state=lost', { token: manager });
    expect(bad.status).toBe(400);
  });

  it.skipIf(skip)('a manager cancels what was not delivered; the audit log says who; a delivered order is refused with a sentence', async () => {
    const o = await place(web, 'WEB-3001', { name: 'Lena Fischer', email: 'lena@example.com' }, [{ productId: tea, qty: 2 }, { productId: mug, qty: 2 }]);
    // One mug shipped, the rest backordered: then the customer calls to cancel the rest.
    const doc = (await pickingDocs(s.db, o.orderId)).find((d) => d.state === 'ready');
    if (!doc) throw new Error('no ready picking');
    // The station's work list says whose order it is (pickings schema v6).
    expect(doc.partner).toEqual({ role: 'customer', name: 'Lena Fischer', reference: 'WEB-3001' });
    const v = pickingEvent(station, 'validate', doc.id, { lines: doc.lines.map((l) => ({ lineId: l.lineId, productId: l.productId, qty: l.productId === mug ? 1 : 0, fromLocationId: l.fromLocationId })), backorder: true });
    await pushEvents(s, station, [pickingEvent(station, 'claim', doc.id), v]);
    expect(await ackOf(s.db, v.id)).toMatchObject({ status: 'applied' });
    const before = (await list('?q=WEB-3001')).orders[0];
    expect(before?.lines.map((l) => [l.product.name, l.delivered])).toEqual([['Sencha green tea', 0], ['Stoneware mug', 1]]);

    const res = await s.api(`/api/admin/orders/${o.orderId}/cancel`, { token: manager, body: {} });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { order: after, releasedUnits, couponsReleased } = res.body as AdminOrderCancel;
    expect([releasedUnits, couponsReleased]).toEqual([3, []]);
    expect(after.state).toBe('cancelled');
    expect(after.lines.map((l) => [l.product.name, l.delivered, l.cancelled, l.reserved])).toEqual([['Sencha green tea', 0, 2, 0], ['Stoneware mug', 1, 1, 0]]);
    const [reserved] = await s.db.query<{ n: string }>(
      `SELECT coalesce(sum(r.qty), 0)::text AS n FROM reservations r JOIN picking_lines pl ON pl.id = r.picking_line_id JOIN pickings p ON p.id = pl.picking_id WHERE p.order_id = $1`,
      [o.orderId],
    );
    expect(Number(reserved?.n)).toBe(0);
    const audit = (await s.api('/api/admin/audit?entity=order&limit=1', { token: admin })).body as AuditPage;
    expect(audit.entries[0]).toMatchObject({ actor: 'manager', entityId: o.orderId, summary: 'cancelled web order WEB-3001 of Lena Fischer: 3 units not delivered' });
    // Again: the same answer, nothing more in the log.
    const again = await s.api(`/api/admin/orders/${o.orderId}/cancel`, { token: manager, body: {} });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ order: { state: 'cancelled' }, releasedUnits: 0, couponsReleased: [] });
    expect(((await s.api('/api/admin/audit?entity=order', { token: admin })).body as AuditPage).entries).toHaveLength(1);
    expect(refs(await list('?state=cancelled'))).toContain('WEB-3001');
    expect(refs(await list('?state=open'))).not.toContain('WEB-3001');

    // Delivered in full: nothing to cancel.
    const done = await place(web, 'WEB-3002', { name: 'Lena Fischer', email: 'lena@example.com' }, [{ productId: tea, qty: 1 }]);
    const d2 = (await pickingDocs(s.db, done.orderId)).find((d) => d.state === 'ready');
    if (!d2) throw new Error('no ready picking');
    const v2 = pickingEvent(station, 'validate', d2.id, { lines: d2.lines.map((l) => ({ lineId: l.lineId, productId: l.productId, qty: l.qty, fromLocationId: l.fromLocationId })) });
    await pushEvents(s, station, [pickingEvent(station, 'claim', d2.id), v2]);
    expect(await ackOf(s.db, v2.id)).toMatchObject({ status: 'applied' });
    const refused = await s.api(`/api/admin/orders/${done.orderId}/cancel`, { token: manager, body: {} });
    expect(refused.status).toBe(409);
    expect((refused.body as ApiError).message).toBe('order WEB-3002 was delivered in full: there is nothing left to cancel (a return is made at a till)');
    expect((await s.api('/api/admin/orders/no-such-order/cancel', { token: manager, body: {} })).status).toBe(404);

    // Two people press Cancel at once: both see it cancelled, one released the unit, the log has it once.
    const twice = await place(web, 'WEB-3003', { name: 'Lena Fischer', email: 'lena@example.com' }, [{ productId: tea, qty: 1 }]);
    const both = await Promise.all([manager, admin].map((token) => s.api(`/api/admin/orders/${twice.orderId}/cancel`, { token, body: {} })));
    expect(both.map((r) => [r.status, (r.body as AdminOrderCancel).order.state])).toEqual([[200, 'cancelled'], [200, 'cancelled']]);
    expect(both.map((r) => (r.body as AdminOrderCancel).releasedUnits).sort()).toEqual([0, 1]);
    const entries = ((await s.api('/api/admin/audit?entity=order&limit=50', { token: admin })).body as AuditPage).entries.filter((e) => e.entityId === twice.orderId);
    expect(entries).toHaveLength(1);
  });

  it.skipIf(skip)('is for managers and admins only', async () => {
    expect((await s.api('/api/admin/orders')).status).toBe(401);
    // A till's device token is not a manager's session.
    const till = (await s.pairDevice('till', 'STORE1', 'Till')).token;
    expect((await s.api('/api/admin/orders', { token: till })).status).toBe(401);
    const o = await place(web, 'WEB-4001', { name: 'Kim Lee', email: 'kim@example.com' }, [{ productId: tea, qty: 1 }]);
    expect((await s.api(`/api/admin/orders/${o.orderId}/cancel`, { token: till, body: {} })).status).toBe(401);
    expect((await list(`?q=WEB-4001`, admin)).orders[0]?.state).toBe('open');
  });
  /**
   * 1,100 older orders BULK-0001 (newest) … BULK-1100: a third of Maren Bulk's (found by the
   * reference and by the name: counted once), a third of Oskar Holm's, a third naming nobody on
   * file (Maren, a guest); every other one delivered.
   */
  const addBulkOrders = async (): Promise<void> => {
    await s.db.query(`INSERT INTO customers (id, name, email) VALUES ('c-bulk-a', 'Maren Bulk', 'maren@bulk.example'), ('c-bulk-b', 'Oskar Holm', 'oskar@holm.example')`);
    await s.db.query(
      `INSERT INTO orders (id, channel, external_ref, customer_id, customer, state, created_at)
       SELECT 'o-bulk-' || n, 'web', 'BULK-' || lpad(n::text, 4, '0'), CASE n % 3 WHEN 0 THEN 'c-bulk-a' WHEN 1 THEN 'c-bulk-b' END,
              CASE WHEN n % 3 = 2 THEN '{"name": "Maren Guest", "email": "maren@guest.example"}'::jsonb END,
              CASE WHEN n % 2 = 0 THEN 'done' ELSE 'open' END, now() - interval '1 day' - n * interval '1 minute'
       FROM generate_series(1, 1100) n`,
    );
    await s.db.query('ANALYZE orders');
  };
  const bulk = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `BULK-${String(from + i).padStart(4, '0')}`);

  it.skipIf(skip)('counts matches up to 1,000: beyond, says "more than 1,000" and still pages to the last order', async () => {
    expect(ORDER_COUNT_CAP).toBe(1000);
    await addBulkOrders();
    const many = await list('?q=bulk');
    expect([many.total, many.totalExact, many.hasMore]).toEqual([1000, false, true]);
    expect(refs(many)).toEqual(bulk(1, 50));
    // Past the cap, Next still leads on, to the last order and no further.
    const past = await list('?q=bulk&offset=1000');
    expect([refs(past), past.total, past.totalExact, past.hasMore]).toEqual([bulk(1001, 1050), 1000, false, true]);
    const last = await list('?q=bulk&offset=1050&limit=100');
    expect([refs(last), last.hasMore]).toEqual([bulk(1051, 1100), false]);
    expect((await list('?q=bulk&offset=1100')).orders).toEqual([]);
    // Every order, newest first: the ones placed through the intake, then the bulk ones.
    const all = await list('?limit=200');
    const placed = refs(all).findIndex((r) => r.startsWith('BULK-'));
    expect([all.total, all.totalExact, all.hasMore, placed > 0]).toEqual([1000, false, true, true]);
    expect(refs(all).slice(placed)).toEqual(bulk(1, 200 - placed));
    // Counted in full, an order found by its reference and by its customer's name is one order.
    expect((await listAdminOrders(s.db, { q: 'bulk' }, { countCap: 100_000 })).total).toBe(1100);

    // Below the cap: exact — the customer on file and the guest, by name; one state.
    const maren = await list('?q=maren&offset=700&limit=50');
    expect([maren.total, maren.totalExact, maren.hasMore, maren.orders.length]).toEqual([733, true, false, 33]);
    const open = await list('?q=bulk&state=open&limit=200');
    expect([open.total, open.totalExact, open.hasMore, refs(open).slice(0, 2)]).toEqual([550, true, true, ['BULK-0001', 'BULK-0003']]);
  });

  it.skipIf(skip)('finds the same page whether it sorts all the matches, reads the newest orders or sorts what it read after them', async () => {
    const ways: [OrderPageIds['way'][], OrderPageOptions][] = [
      // Counted in full: the page is sorted from every match.
      [['counted'], { countCap: 100_000 }],
      // Capped at 10: a common word's page is read from the newest orders (none: the newest orders)…
      [['walked', 'newest'], { countCap: 10 }],
      // …or, when a walk of one order did not fill it, sorted from every match.
      [['sorted', 'newest'], { countCap: 10, walkRows: 1 }],
    ];
    const queries = [{ q: 'bulk' }, { q: 'maren' }, { q: 'holm', state: 'done' as const }, { q: 'bu' }, { q: 'example' }, {}, { state: 'open' as const }, { channel: 'web', q: 'ma' }];
    for (const query of queries) {
      for (const offset of [0, 49, 360, 1080]) {
        const pages = await Promise.all(ways.map(([, options]) => orderPageIds(s.db, { ...query, offset, limit: 50 }, options)));
        const said = `${JSON.stringify(query)} from ${offset}`;
        if (offset === 0) pages.forEach((p, i) => expect(ways[i]?.[0], said).toContain(p.way));
        const [counted, ...others] = pages.map((p) => ({ ids: p.ids, hasMore: p.hasMore }));
        for (const other of others) expect(other, said).toEqual(counted);
      }
    }
  });
});
