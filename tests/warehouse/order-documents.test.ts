// An order's invoices and credit notes where a shop and the back office look at it (docs/channels.md
// "Follow orders", docs/admin.md "Orders"): GET /api/orders/:id and GET /api/admin/orders list the
// documents filed under the order — an order invoiced on order shows its INV right after intake, then
// the CN crediting it once part of it is cancelled; an order invoiced on delivery shows none until its
// shipment leaves, then that shipment's invoice. The intake's 201 answer stays as it was (no
// documents: it is built on the benchmarked hot path). On PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminOrderPage } from '../../shared/admin-api/channel-orders.ts';
import type { OrderDocument } from '../../shared/channel-api/order-documents.ts';
import type { PairedDevice } from '../../sync-server/devices/pairing.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import type { OrderDetailView } from '../../sync-server/warehouse/order-documents.ts';
import type { OrderView } from '../../sync-server/warehouse/order-view.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { ackOf, idemPost, makeProduct, pickAll, pickingDocs, pickingEvent, pushEvents , standardLineTotal } from './wh-harness.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const lineTotal = standardLineTotal;

describe.each(testDrivers)('an order\'s invoices and credit notes on $kind', ({ kind, skip }) => {
  let s: TestServer;
  let admin: string;
  let shop: string;
  let web: string;
  let station: PairedDevice;
  let n = 0;

  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: 5, server: { orderInvoices: { intervalMs: false } } });
    admin = await s.login('admin', 'admin');
    expect((await s.api('/api/admin/channels', { token: admin, body: { code: 'shop', name: 'Prepaid shop' } })).status).toBe(201);
    expect((await s.api('/api/admin/channels/shop', { method: 'PATCH', token: admin, body: { invoicePolicy: 'order' } })).status).toBe(200);
    shop = (await createChannelKey(s.db, 'shop', 'storefront')).key;
    web = (await createChannelKey(s.db, 'web', 'delivery shop')).key;
    station = await s.pairDevice('scanner', 'WH1', 'Station');
    expect((await s.api('/api/warehouses/WH1/route', { method: 'PUT', token: admin, body: { steps: 1 } })).status).toBe(200);
  });
  afterAll(async () => {
    await s?.close();
  });

  const place = async (key: string, channel: string, lines: { productId: string; qty: number }[]): Promise<OrderView> => {
    n += 1;
    const res = await idemPost(s, key, `docs-${kind}-${n}`, { channel, externalRef: `DOCS-${kind.toUpperCase()}-${n}`, lines });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // The intake answers without documents: nothing is read for them on its hot path.
    expect(res.body).not.toHaveProperty('documents');
    return res.body as OrderView;
  };
  const read = async (key: string, orderId: string): Promise<OrderDetailView> => {
    const res = await s.api(`/api/orders/${orderId}`, { token: key });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as OrderDetailView;
  };
  const stored = async (orderId: string): Promise<{ number: string; kind: string; total: string; currency: string; issued_at: Date | string }[]> =>
    s.db.query('SELECT number, kind, total, currency::text AS currency, issued_at FROM invoices WHERE order_id = $1 ORDER BY issued_at, kind DESC', [orderId]);
  /** The back office's view of the order (GET /api/admin/orders, found by its reference). */
  const inBackOffice = async (ref: string): Promise<OrderDocument[] | undefined> => {
    const res = await s.api(`/api/admin/orders?q=${encodeURIComponent(ref)}`, { token: admin });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body as AdminOrderPage).orders.find((o) => o.reference === ref)?.documents;
  };
  const ship = async (orderId: string, fraction: number, backorder: boolean): Promise<void> => {
    const doc = (await pickingDocs(s.db, orderId)).filter((d) => d.step === 'ship' && (d.state === 'ready' || d.state === 'in_progress')).at(-1);
    if (!doc) throw new Error(`no open shipment for ${orderId}`);
    const v = pickingEvent(station, 'validate', doc.id, { lines: pickAll(doc, fraction), backorder });
    await pushEvents(s, station, [pickingEvent(station, 'claim', doc.id), v]);
    expect((await ackOf(s.db, v.id))?.status).toBe('applied');
  };

  it.skipIf(skip)('an order invoiced on order shows its invoice right after intake, then the credit note of what was cancelled, crediting it', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 10 }], { price: 1250, cost: 500 });
    const o = await place(shop, 'shop', [{ productId: p, qty: 3 }]);
    await expect.poll(async () => (await read(shop, o.orderId)).documents.length, { timeout: 15_000 }).toBe(1);
    const invoiced = await read(shop, o.orderId);
    const [row] = await stored(o.orderId);
    expect(invoiced.documents).toEqual([
      { number: row?.number, kind: 'invoice', total: lineTotal(1250, 3), currency: 'EUR', issuedAt: new Date(row?.issued_at ?? 0).toISOString(), creditOf: null },
    ]);
    expect(invoiced.documents[0]?.number).toMatch(/^INV-\d{6}$/);
    // Extended, not changed: the order's own fields are there as before.
    expect(invoiced).toMatchObject({ orderId: o.orderId, channel: 'shop', state: 'open', lines: [{ qty: 3, reserved: 3 }] });

    // One unit leaves, the other two are cancelled with the shipment (no backorder): credited.
    await ship(o.orderId, 1 / 3, false);
    const after = await read(shop, o.orderId);
    const inv = invoiced.documents[0];
    expect(after.documents.map((d) => d.kind)).toEqual(['invoice', 'credit_note']);
    expect(after.documents[0]).toEqual(inv);
    const cn = after.documents[1];
    expect(cn).toMatchObject({ kind: 'credit_note', currency: 'EUR', creditOf: inv?.number, total: lineTotal(1250, 3) - lineTotal(1250, 1) });
    expect(cn?.number).toMatch(/^CN-\d{6}$/);
    expect(cn?.issuedAt).toMatch(ISO);
    expect(Date.parse(cn?.issuedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(inv?.issuedAt ?? ''));
    // Stored negative, shown as what it gives back: invoice less credit note is what the unit kept cost.
    const rows = await stored(o.orderId);
    expect(rows.map((r) => [r.number, Number(r.total)])).toEqual([[inv?.number, lineTotal(1250, 3)], [cn?.number, -(cn?.total ?? 0)]]);
    expect((inv?.total ?? 0) - (cn?.total ?? 0)).toBe(lineTotal(1250, 1));
    // The back office lists the same documents.
    expect(await inBackOffice(o.externalRef)).toEqual(after.documents);
  });

  it.skipIf(skip)('an order invoiced on delivery shows none before its shipment, and the shipment\'s invoice after', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 10 }], { price: 990, cost: 300 });
    const o = await place(web, 'web', [{ productId: p, qty: 2 }]);
    // An on-order order placed after it is invoiced by the same kick: by then the web order would have been too.
    const later = await place(shop, 'shop', [{ productId: p, qty: 1 }]);
    await expect.poll(async () => (await read(shop, later.orderId)).documents.length, { timeout: 15_000 }).toBe(1);
    expect((await read(web, o.orderId)).documents).toEqual([]);
    expect(await inBackOffice(o.externalRef)).toEqual([]);

    await ship(o.orderId, 1, true);
    const shipped = await read(web, o.orderId);
    const [row] = await stored(o.orderId);
    expect(shipped.documents).toEqual([
      { number: row?.number, kind: 'invoice', total: lineTotal(990, 2), currency: 'EUR', issuedAt: new Date(row?.issued_at ?? 0).toISOString(), creditOf: null },
    ]);
    expect(shipped).toMatchObject({ state: 'done', lines: [{ delivered: 2 }] });
    expect(await inBackOffice(o.externalRef)).toEqual(shipped.documents);
    // Another channel's key still cannot read it, documents or not.
    expect((await s.api(`/api/orders/${o.orderId}`, { token: shop })).status).toBe(404);
  });
});
