// Issue 16 point 1, click-and-collect routed by a transfer (server side), on PGlite and PostgreSQL
// over real HTTP: a pickup order whose store lacks the goods reserves them at the warehouse and
// ships them to the store by a store transfer linked to the order; the order shows what is on its
// way and is not ready (nothing the tills can hand over, no order.ready_for_pickup) until the
// store's station receives the transfer — then the goods are the order's (before an older order
// waiting at the store for the same product), the channel is told, and the till hands it over.
// Partial: the store's units are held at once, the rest comes by transfer. Nothing anywhere: the
// order waits at the store as before. Cancelling the order cancels a transfer not yet picked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { sealSale, type ChainHead } from '../../shared/chain/index.ts';
import type { Picking } from '../../shared/schemas/picking.ts';
import type { Sale, SessionEvent } from '../../shared/schemas/index.ts';
import type { PairedDevice } from '../../sync-server/devices/pairing.ts';
import { applyMoves } from '../../sync-server/stock/moves.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import type { OrderView } from '../../sync-server/warehouse/order-view.ts';
import { push } from '../pos/pos-harness.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { ackOf, idemPost, makeProduct, outboxTypes, pickAll, type PickingDoc, pickingEvent, publishedPicking, pushEvents, reservationViolations, siteStock } from './wh-harness.ts';

describe.each(testDrivers)('click-and-collect routed by a transfer on $kind', ({ kind, skip }) => {
  let s: TestServer;
  let web: string;
  let till: PairedDevice;
  let dock: PairedDevice;
  let storeStation: PairedDevice;
  let cashierId: string;
  let head: ChainHead | null = null;
  const sessionId = uuidv7();
  let n = 0;

  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: 3 });
    web = (await createChannelKey(s.db, 'web', 'web shop')).key;
    // An endpoint subscribed to the order events, so the outbox keeps them (not delivered here).
    const admin = await s.login('admin', 'admin');
    const endpoint = await s.api('/api/admin/webhooks/endpoints', {
      token: admin, body: { url: 'http://127.0.0.1:9/hooks', channel: 'web', eventTypes: ['order.created', 'order.reserved', 'order.backordered', 'order.ready_for_pickup', 'order.picked_up', 'order.cancelled'] },
    });
    expect(endpoint.status).toBe(201);
    till = await s.pairDevice('till', 'STORE1');
    dock = await s.pairDevice('scanner', 'WH1', 'Dock');
    storeStation = await s.pairDevice('scanner', 'STORE1', 'Store handheld');
    cashierId = await s.userId('alice');
    const open: SessionEvent = { id: uuidv7(), kind: 'open', tillId: till.deviceId, siteId: till.siteId, sessionId, cashierId, createdAt: new Date().toISOString(), amount: 0 };
    await push(s, till.token, 'sessions', [open]);
  }, 240_000);
  afterAll(async () => {
    await s?.close();
  });

  async function pickup(productId: string, qty: number): Promise<OrderView> {
    n += 1;
    const res = await idemPost(s, web, `pt-${n}`, {
      channel: 'web', externalRef: `PT-${n}`, customer: { name: 'Grace Hopper', email: 'grace@example.com' }, fulfillment: { type: 'pickup', site: 'STORE1' }, lines: [{ productId, qty }],
    });
    expect(res.status).toBe(201);
    return res.body as OrderView;
  }
  const order = async (id: string): Promise<OrderView> => (await s.api(`/api/orders/${id}`, { token: web })).body as OrderView;
  const stockAt = (productId: string, site: string): Promise<{ onHand: number; reserved: number }> => siteStock(s.db, productId, site);
  const outbox = (orderId: string): Promise<string[]> => outboxTypes(s.db, orderId);
  const published = (id: string): Promise<PickingDoc | undefined> => publishedPicking<PickingDoc>(s.db, id);
  /** The transfer shipment made for the order (at its source). */
  const shipmentOf = async (orderId: string): Promise<string> => {
    const [row] = await s.db.query<{ shipment_id: string }>('SELECT shipment_id FROM pickup_transfers WHERE order_id = $1', [orderId]);
    if (!row) throw new Error(`no transfer for ${orderId}`);
    return row.shipment_id;
  };
  /** What the till pulls for the order and may hand over (ready or in progress; its waiting documents, shown "on its way", are in pickup-reroute.test.ts). */
  const tillQueue = async (orderId: string): Promise<Picking[]> => {
    const res = await s.api('/api/sync/pickings/pull?limit=10000', { token: till.token });
    const latest = new Map<string, Picking>();
    for (const d of (res.body as { documents: Picking[] }).documents) latest.set(d.id, d);
    return [...latest.values()].filter((d) => d.orderId === orderId && (d.state === 'ready' || d.state === 'in_progress'));
  };
  /** The source's station ships the transfer as planned; returns its arrival receipt at the store. */
  async function ship(shipmentId: string): Promise<string> {
    const doc = await published(shipmentId);
    expect(doc).toMatchObject({ kind: 'delivery', state: 'ready' });
    const ev = pickingEvent(dock, 'validate', shipmentId, { lines: doc ? pickAll(doc) : [] });
    await pushEvents(s, dock, [ev]);
    expect((await ackOf(s.db, ev.id))?.status).toBe('applied');
    const [arrival] = await s.db.query<{ id: string }>(`SELECT id FROM pickings WHERE previous_step = $1 AND state = 'ready'`, [shipmentId]);
    if (!arrival) throw new Error('no arrival');
    return arrival.id;
  }
  /** The store's station receives everything that was sent, by scanning. */
  async function receive(arrivalId: string): Promise<void> {
    const doc = await published(arrivalId);
    expect(doc).toMatchObject({ kind: 'receipt', state: 'ready' });
    const ev = pickingEvent(storeStation, 'validate', arrivalId, { lines: (doc?.lines ?? []).map((l) => ({ lineId: l.lineId, productId: l.productId, qty: l.qty, fromLocationId: l.fromLocationId })) });
    await pushEvents(s, storeStation, [ev]);
    expect((await ackOf(s.db, ev.id))?.status).toBe('applied');
  }
  async function addStock(productId: string, site: string, qty: number): Promise<void> {
    await s.db.transaction(async (tx) => {
      const [loc] = await tx.query<{ id: string; supplier: string }>(
        `SELECT l.id, (SELECT v.id FROM locations v WHERE v.site_id = l.site_id AND v.usage = 'supplier') AS supplier FROM locations l WHERE l.full_name = $1`, [`${site}/Stock`],
      );
      if (!loc) throw new Error(`no ${site}/Stock`);
      await applyMoves(tx, [{ productId, qty, fromLocationId: loc.supplier, toLocationId: loc.id, reason: 'receipt' }]);
    });
  }
  /** The till's hand-over of a paid-online order (as tests/warehouse/pickup-handover.test.ts). */
  function handover(o: OrderView, qty: number): Sale {
    const line = o.lines[0];
    if (!line) throw new Error('order without lines');
    const seq = (head?.seq ?? 0) + 1;
    const sale = sealSale({
      id: uuidv7(), kind: 'sale', tillId: till.deviceId, siteId: till.siteId, sessionId, cashierId, receiptNo: `T1-${String(seq).padStart(6, '0')}`,
      createdAt: new Date().toISOString(), currency: 'EUR', ...(o.customerId ? { customerId: o.customerId } : {}),
      pickup: { orderId: o.orderId, orderRef: o.externalRef, lines: [{ orderLineId: line.lineId, productId: line.productId, qty }] },
      lines: [], payments: [], total: 0,
    }, head);
    head = { seq: sale.seq, hash: sale.hash };
    return sale;
  }

  let whole: OrderView;
  let product = '';

  it.skipIf(skip)('the store lacks the goods: they are reserved at the warehouse and a transfer to the store is made; the order is not ready', async () => {
    product = await makeProduct(s.db, [{ site: 'WH1', qty: 10 }], { price: 1500 });
    whole = await pickup(product, 3);
    expect(whole.state).toBe('open');
    expect(whole.lines[0]).toMatchObject({ qty: 3, reserved: 0, backordered: 0, inTransit: 3 });
    expect(whole.transfers).toEqual([{ reference: expect.stringMatching(/^WH1\/OUT\/\d+$/) as unknown as string, from: 'WH1', state: 'to_ship', lines: [{ productId: product, qty: 3 }] }]);
    // The order's own work stays at the store, waiting for the goods.
    expect(whole.pickings.map((p) => [p.warehouse, p.state])).toEqual([['STORE1', 'waiting']]);
    expect(await order(whole.orderId)).toEqual({ ...whole, documents: [] }); // GET adds the invoices and credit notes (none before shipping)
    expect(await stockAt(product, 'WH1')).toEqual({ onHand: 10, reserved: 3 });
    expect(await outbox(whole.orderId)).toEqual(['order.created', 'order.reserved']);
    // Nothing for the store's tills to hand over yet; on the warehouse stations' work list.
    expect(await tillQueue(whole.orderId)).toEqual([]);
    const shipment = await published(await shipmentOf(whole.orderId));
    expect(shipment).toMatchObject({ kind: 'delivery', step: 'ship', state: 'ready' });
    expect(shipment?.orderId).toBeUndefined();
    expect(await reservationViolations(s.db)).toEqual([]);
  });

  it.skipIf(skip)('the transfer is shipped and received: the order is ready, the channel is told, and the till hands it over', async () => {
    const arrival = await ship(await shipmentOf(whole.orderId));
    const moving = await order(whole.orderId);
    expect(moving.transfers?.[0]?.state).toBe('in_transit');
    expect(moving.lines[0]).toMatchObject({ reserved: 0, inTransit: 3 });
    expect(await stockAt(product, 'WH1')).toEqual({ onHand: 7, reserved: 0 });
    expect(await tillQueue(whole.orderId)).toEqual([]);

    await receive(arrival);
    const ready = await order(whole.orderId);
    expect(ready.lines[0]).toMatchObject({ qty: 3, reserved: 3, backordered: 0 });
    expect(ready.lines[0]?.inTransit).toBeUndefined();
    expect(ready.transfers?.[0]?.state).toBe('arrived');
    expect(await stockAt(product, 'STORE1')).toEqual({ onHand: 3, reserved: 3 });
    expect(await outbox(whole.orderId)).toEqual(['order.created', 'order.reserved', 'order.ready_for_pickup']);
    const queue = await tillQueue(whole.orderId);
    expect(queue.map((d) => d.lines.map((l) => l.qty))).toEqual([[3]]);
    expect(queue[0]?.pickup?.collectBy).toBeDefined();

    const sale = handover(ready, 3);
    await push(s, till.token, 'sales', [sale]);
    expect(await ackOf(s.db, sale.id)).toMatchObject({ status: 'applied', problems: [] });
    const done = await order(whole.orderId);
    expect(done.state).toBe('done');
    expect(done.lines[0]).toMatchObject({ delivered: 3, reserved: 0 });
    expect(await stockAt(product, 'STORE1')).toEqual({ onHand: 0, reserved: 0 });
    expect((await outbox(whole.orderId)).at(-1)).toBe('order.picked_up');
    expect(await reservationViolations(s.db)).toEqual([]);
  });

  it.skipIf(skip)('partial: the store holds what it has at once, the rest comes by transfer; ready when it arrives', async () => {
    const p = await makeProduct(s.db, [{ site: 'STORE1', qty: 1 }, { site: 'WH1', qty: 5 }]);
    const o = await pickup(p, 3);
    expect(o.lines[0]).toMatchObject({ reserved: 1, backordered: 0, inTransit: 2 });
    expect(o.transfers).toEqual([expect.objectContaining({ from: 'WH1', state: 'to_ship', lines: [{ productId: p, qty: 2 }] })]);
    expect(o.pickings.map((x) => [x.warehouse, x.state])).toEqual([['STORE1', 'ready'], ['STORE1', 'waiting']]);
    expect(await stockAt(p, 'STORE1')).toEqual({ onHand: 1, reserved: 1 });
    expect(await stockAt(p, 'WH1')).toEqual({ onHand: 5, reserved: 2 });
    expect(await outbox(o.orderId)).toEqual(['order.created', 'order.reserved']);
    // The till may hand over what is already in the store, not the rest.
    expect((await tillQueue(o.orderId)).map((d) => d.lines.map((l) => l.qty))).toEqual([[1]]);

    await receive(await ship(await shipmentOf(o.orderId)));
    expect((await order(o.orderId)).lines[0]).toMatchObject({ reserved: 3, backordered: 0 });
    expect(await outbox(o.orderId)).toEqual(['order.created', 'order.reserved', 'order.ready_for_pickup']);
    expect((await tillQueue(o.orderId)).flatMap((d) => d.lines.map((l) => l.qty)).reduce((a, b) => a + b, 0)).toBe(3);
    expect(await reservationViolations(s.db)).toEqual([]);
  });

  it.skipIf(skip)('nothing anywhere: the order waits at the store as before; goods sent later for another order are that order\'s', async () => {
    const p = await makeProduct(s.db, []);
    const first = await pickup(p, 2);
    expect(first.lines[0]).toMatchObject({ reserved: 0, backordered: 2 });
    expect(first.lines[0]?.inTransit).toBeUndefined();
    expect(first.transfers).toBeUndefined();
    expect(first.pickings.map((x) => [x.warehouse, x.state])).toEqual([['STORE1', 'waiting']]);
    expect(await outbox(first.orderId)).toEqual(['order.created', 'order.backordered']);

    // The warehouse gets stock; a later order is routed to it and its goods arrive at the store.
    await addStock(p, 'WH1', 2);
    const second = await pickup(p, 2);
    expect(second.lines[0]).toMatchObject({ reserved: 0, backordered: 0, inTransit: 2 });
    await receive(await ship(await shipmentOf(second.orderId)));
    // The goods travelled for the second order: it is ready, the older one still waits.
    expect((await order(second.orderId)).lines[0]).toMatchObject({ reserved: 2, backordered: 0 });
    expect(await outbox(second.orderId)).toContain('order.ready_for_pickup');
    expect((await order(first.orderId)).lines[0]).toMatchObject({ reserved: 0, backordered: 2 });
    expect(await outbox(first.orderId)).not.toContain('order.ready_for_pickup');
    expect(await reservationViolations(s.db)).toEqual([]);
  });

  it.skipIf(skip)('cancelling the order cancels its transfer not yet picked: the warehouse\'s units are free again', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 4 }]);
    const o = await pickup(p, 4);
    expect(await stockAt(p, 'WH1')).toEqual({ onHand: 4, reserved: 4 });
    const res = await s.api(`/api/orders/${o.orderId}/cancel`, { token: web, body: {} });
    expect(res.status).toBe(200);
    expect((res.body as OrderView).transfers?.[0]?.state).toBe('cancelled');
    expect(await stockAt(p, 'WH1')).toEqual({ onHand: 4, reserved: 0 });
    const [shipment] = await s.db.query<{ state: string }>('SELECT state FROM pickings WHERE id = $1', [await shipmentOf(o.orderId)]);
    expect(shipment?.state).toBe('cancelled');
    expect(await reservationViolations(s.db)).toEqual([]);
  });
});
