// Issue 6: scanner-station work on the server — pickings published per warehouse, claim
// conflicts, one- and multi-step routes, short picks with backorders, an order cancelled while a
// picker worked offline, stock that turns out missing, receipts, transfers, counts with approval,
// invoicing on delivery and reorder proposals — on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { PurchaseOrderMade } from '../../shared/admin-api/warehouse-purchasing.ts';
import type { PairedDevice } from '../../sync-server/devices/pairing.ts';
import { trialBalance } from '../../sync-server/ledger/ledger-queries.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import type { OrderView } from '../../sync-server/warehouse/order-view.ts';
import { countDoc } from '../support/events.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { ackOf, idemPost, locationId, makeProduct, pickAll, type PickingDoc, pickingDocs, pickingEvent, pushEvents, reservationViolations } from './wh-harness.ts';

describe.each(testDrivers)('scanner-station work on $kind', ({ kind, skip }) => {
  let s: TestServer;
  let key: string;
  let admin: string;
  let a: PairedDevice;
  let b: PairedDevice;
  let ref = 0;

  const order = async (productId: string, qty: number): Promise<OrderView> => {
    ref += 1;
    const res = await idemPost(s, key, `pk-${ref}`, { channel: 'web', externalRef: `P-${ref}`, lines: [{ productId, qty }] });
    if (res.status !== 201) throw new Error(`order failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as OrderView;
  };
  const openDoc = async (orderId: string, step: string): Promise<PickingDoc> => {
    const docs = (await pickingDocs(s.db, orderId)).filter((d) => d.step === step && (d.state === 'ready' || d.state === 'in_progress'));
    const doc = docs.at(-1);
    if (!doc) throw new Error(`no open ${step} picking for ${orderId}`);
    return doc;
  };
  const route = async (steps: number): Promise<void> => {
    expect((await s.api('/api/warehouses/WH1/route', { method: 'PUT', token: admin, body: { steps } })).status).toBe(200);
  };

  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: 20 });
    key = (await createChannelKey(s.db, 'web', 'shop')).key;
    admin = await s.login('admin', 'admin');
    a = await s.pairDevice('scanner', 'WH1', 'Station A');
    b = await s.pairDevice('scanner', 'WH1', 'Station B');
  });
  afterAll(async () => {
    await s?.close();
  });

  it.skipIf(skip)('publishes pickings to the warehouse scope; a second claim loses and is told', async () => {
    await route(1);
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 5 }]);
    const o = await order(p, 2);
    const pulled = await s.api('/api/sync/pickings/pull?limit=1000', { token: a.token });
    const doc = (pulled.body as { documents: PickingDoc[] }).documents.find((d) => d.orderId === o.orderId);
    expect(doc).toMatchObject({ kind: 'delivery', step: 'ship', state: 'ready', lines: [expect.objectContaining({ productId: p, qty: 2 })] });
    const claimA = pickingEvent(a, 'claim', doc?.id ?? '');
    const claimB = pickingEvent(b, 'claim', doc?.id ?? '');
    await pushEvents(s, a, [claimA]);
    await pushEvents(s, b, [claimB]);
    expect(await ackOf(s.db, claimA.id)).toMatchObject({ status: 'applied' });
    expect(await ackOf(s.db, claimB.id)).toMatchObject({ status: 'exception', problems: [expect.objectContaining({ code: 'picking_claimed' })] });
    expect((await openDoc(o.orderId, 'ship')).claimedBy).toBe(a.deviceId);
    const rel = pickingEvent(b, 'release', doc?.id ?? '');
    await pushEvents(s, b, [rel]);
    expect((await ackOf(s.db, rel.id))?.problems.map((x) => x.code)).toEqual(['not_claimed']);
  });

  it.skipIf(skip)('three-step route: pick → pack → ship moves the reservation along, then invoices and posts the journal', async () => {
    await route(3);
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 6 }], { price: 1200, cost: 700 });
    const o = await order(p, 4);
    for (const step of ['pick', 'pack', 'ship']) {
      const doc = await openDoc(o.orderId, step);
      const v = pickingEvent(a, 'validate', doc.id, { lines: pickAll(doc), backorder: true });
      await pushEvents(s, a, [pickingEvent(a, 'claim', doc.id), v]);
      expect(await ackOf(s.db, v.id)).toMatchObject({ status: 'applied', problems: [] });
      expect(await reservationViolations(s.db)).toEqual([]);
    }
    const view = (await s.api(`/api/orders/${o.orderId}`, { token: key })).body as OrderView;
    expect(view).toMatchObject({ state: 'done', lines: [{ delivered: 4, reserved: 0 }] });
    const held = await s.db.query<{ full_name: string; on_hand: number; reserved: number }>(
      `SELECT l.full_name, q.on_hand, q.reserved FROM quants q JOIN locations l ON l.id = q.location_id WHERE q.product_id = $1 ORDER BY l.full_name`, [p]);
    expect(held).toEqual([{ full_name: 'WH1/Output', on_hand: 0, reserved: 0 }, { full_name: 'WH1/Pack', on_hand: 0, reserved: 0 }, { full_name: 'WH1/Stock', on_hand: 2, reserved: 0 }]);
    const [inv] = await s.db.query<{ number: string; total: number; tax_lines: { tax: number } }>('SELECT number, total, tax_lines FROM invoices WHERE order_id = $1', [o.orderId]);
    expect(inv?.number).toMatch(/^INV-\d{6}$/);
    expect(inv?.total).toBe(4800);
    expect(inv?.tax_lines.tax).toBe(800);
    const kinds = await s.db.query<{ kind: string }>(`SELECT e.kind FROM journal_entries e WHERE e.memo LIKE '%' || $1 || '%' ORDER BY e.id`, [inv?.number ?? '?']);
    expect(kinds.map((k) => k.kind)).toEqual(['invoice', 'delivery']);
    const tb = await trialBalance(s.db);
    expect(tb.totals.debit).toBe(tb.totals.credit);
    await route(1);
  });

  it.skipIf(skip)('a short pick keeps the rest reserved in a backorder, or cancels it when asked', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 10 }]);
    const o = await order(p, 4);
    const doc = await openDoc(o.orderId, 'ship');
    const v = pickingEvent(a, 'validate', doc.id, { lines: pickAll(doc, 0.5), backorder: true });
    await pushEvents(s, a, [v]);
    const bo = await openDoc(o.orderId, 'ship');
    expect(bo.id).not.toBe(doc.id);
    expect(bo.lines.map((l) => l.qty)).toEqual([2]);
    const v2 = pickingEvent(a, 'validate', bo.id, { lines: pickAll(bo, 0.5), backorder: false });
    await pushEvents(s, a, [v2]);
    const view = (await s.api(`/api/orders/${o.orderId}`, { token: key })).body as OrderView;
    expect(view).toMatchObject({ state: 'done', lines: [{ delivered: 3, cancelled: 1, reserved: 0 }] });
    expect(await reservationViolations(s.db)).toEqual([]);
  });

  it.skipIf(skip)('an order cancelled while the picker worked offline: the late validation is an exception and the goods go back', async () => {
    await route(2);
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 5 }]);
    const o = await order(p, 3);
    const doc = await openDoc(o.orderId, 'pick');
    await pushEvents(s, a, [pickingEvent(a, 'claim', doc.id)]);
    expect((await s.api(`/api/orders/${o.orderId}/cancel`, { token: key, body: {} })).status).toBe(200);
    const late = pickingEvent(a, 'validate', doc.id, { lines: pickAll(doc), backorder: true });
    await pushEvents(s, a, [late]);
    const ack = await ackOf(s.db, late.id);
    expect(ack?.status).toBe('exception');
    expect(ack?.problems.map((x) => x.code)).toEqual(['order_cancelled']);
    const [putAway] = await s.db.query<{ state: string; kind: string }>(
      `SELECT p.state, p.kind FROM pickings p JOIN picking_lines l ON l.picking_id = p.id WHERE l.product_id = $1 AND p.kind = 'transfer'`, [p]);
    expect(putAway).toEqual({ state: 'ready', kind: 'transfer' });
    const [output] = await s.db.query<{ on_hand: number; reserved: number }>(
      `SELECT q.on_hand, q.reserved FROM quants q JOIN locations l ON l.id = q.location_id WHERE q.product_id = $1 AND l.full_name = 'WH1/Output'`, [p]);
    expect(output).toEqual({ on_hand: 3, reserved: 3 });
    expect(await reservationViolations(s.db)).toEqual([]);
    await route(1);
  });

  it.skipIf(skip)('cancelling after the pick sends the picked goods back to stock; a ship validated after the cancel is critical', async () => {
    await route(2);
    onTestFinished(() => route(1));
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 5 }]);
    const o = await order(p, 2);
    const pick = await openDoc(o.orderId, 'pick');
    await pushEvents(s, a, [pickingEvent(a, 'validate', pick.id, { lines: pickAll(pick) })]);
    const ship = await openDoc(o.orderId, 'ship');
    expect((await s.api(`/api/orders/${o.orderId}/cancel`, { token: key, body: {} })).status).toBe(200);
    const back = await s.db.query<{ from_name: string; to_name: string; qty: number; reserved: boolean; state: string }>(
      `SELECT f.full_name AS from_name, t.full_name AS to_name, l.qty, l.reserved, pk.state FROM pickings pk JOIN picking_lines l ON l.picking_id = pk.id
       JOIN locations f ON f.id = l.from_location_id JOIN locations t ON t.id = l.to_location_id WHERE pk.kind = 'transfer' AND l.product_id = $1`, [p]);
    expect(back).toEqual([{ from_name: 'WH1/Output', to_name: 'WH1/Stock', qty: 2, reserved: true, state: 'ready' }]);
    // The goods left after all: the put-away transfer finds them missing, and the station is told.
    const late = pickingEvent(b, 'validate', ship.id, { lines: pickAll(ship) });
    await pushEvents(s, b, [late]);
    const ack = await ackOf(s.db, late.id);
    expect(ack?.status).toBe('exception');
    expect(ack?.problems.map((x) => [x.code, x.severity])).toEqual([['stock_missing', 'warning'], ['order_cancelled', 'critical']]);
    const [transfer] = await s.db.query<{ state: string }>(`SELECT pk.state FROM pickings pk JOIN picking_lines l ON l.picking_id = pk.id WHERE pk.kind = 'transfer' AND l.product_id = $1`, [p]);
    expect(transfer?.state).toBe('cancelled');
    expect(await reservationViolations(s.db)).toEqual([]);
  });

  it.skipIf(skip)('a validation of work another station already validated is refused as an exception, not applied twice', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 5 }]);
    const o = await order(p, 2);
    const doc = await openDoc(o.orderId, 'ship');
    const first = pickingEvent(a, 'validate', doc.id, { lines: pickAll(doc) });
    const second = pickingEvent(b, 'validate', doc.id, { lines: pickAll(doc) });
    await pushEvents(s, a, [first]);
    await pushEvents(s, b, [second]);
    expect((await ackOf(s.db, second.id))?.problems.map((x) => x.code)).toEqual(['picking_already_validated']);
    expect(await s.db.query('SELECT 1 FROM stock_moves WHERE event_id = $1', [second.id])).toHaveLength(0);
    // The winner's own claim, pushed after its validation (pushes may arrive out of order), is no news.
    const lateClaim = pickingEvent(a, 'claim', doc.id);
    await pushEvents(s, a, [lateClaim]);
    expect(await ackOf(s.db, lateClaim.id)).toMatchObject({ status: 'applied', problems: [] });
    const loserClaim = pickingEvent(b, 'claim', doc.id);
    await pushEvents(s, b, [loserClaim]);
    expect((await ackOf(s.db, loserClaim.id))?.problems.map((x) => x.code)).toEqual(['picking_closed']);
  });

  it.skipIf(skip)('stock that a count finds missing releases its reservations as an exception and re-plans the order', async () => {
    const shelf = await locationId(s.db, 'WH1/Stock/A-01-01');
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 5, location: 'WH1/Stock/A-01-01' }, { site: 'WH1', qty: 1, location: 'WH1/Stock/A-01-02' }]);
    const o = await order(p, 5);
    const count = countDoc(a, shelf, [{ productId: p, counted: 2 }]);
    const res = await s.api('/api/sync/counts/push', { token: a.token, body: [{ newDocumentState: count }] });
    expect(res.status).toBe(200);
    const ack = await ackOf(s.db, count.id);
    expect(ack?.status).toBe('exception');
    expect(ack?.problems.map((x) => x.code)).toContain('stock_missing');
    const view = (await s.api(`/api/orders/${o.orderId}`, { token: key })).body as OrderView;
    expect(view.lines[0]).toMatchObject({ reserved: 3, backordered: 2 });
    expect(await reservationViolations(s.db)).toEqual([]);
  });

  it.skipIf(skip)('a pick from another shelf than planned takes over that shelf\'s reservation and re-plans the other order on the freed units', async () => {
    const shelfA = await locationId(s.db, 'WH1/Stock/A-04-01');
    const shelfB = await locationId(s.db, 'WH1/Stock/A-04-02');
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 2, location: 'WH1/Stock/A-04-01' }, { site: 'WH1', qty: 2, location: 'WH1/Stock/A-04-02' }]);
    const first = await order(p, 2);
    const second = await order(p, 2);
    const doc = await openDoc(first.orderId, 'ship');
    expect(doc.lines.map((l) => l.fromLocationId)).toEqual([shelfA]);
    const v = pickingEvent(a, 'validate', doc.id, { lines: [{ lineId: doc.lines[0]?.lineId ?? '', productId: p, qty: 2, fromLocationId: shelfB }] });
    await pushEvents(s, a, [v]);
    expect((await ackOf(s.db, v.id))?.problems.map((x) => x.code)).toEqual(['reservation_taken']);
    const held = await s.db.query<{ location_id: string; qty: number }>('SELECT location_id, qty FROM reservations WHERE order_line_id = $1', [second.lines[0]?.lineId ?? '']);
    expect(held).toEqual([{ location_id: shelfA, qty: 2 }]);
    const quants = await s.db.query<{ location_id: string; on_hand: number; reserved: number }>('SELECT location_id, on_hand, reserved FROM quants WHERE product_id = $1 ORDER BY location_id', [p]);
    expect(quants).toEqual([{ location_id: shelfA, on_hand: 2, reserved: 2 }, { location_id: shelfB, on_hand: 0, reserved: 0 }].sort((x, y) => (x.location_id < y.location_id ? -1 : 1)));
    expect(await reservationViolations(s.db)).toEqual([]);
  });

  it.skipIf(skip)('a purchase order makes a receipt; receiving it with a lot fills the orders waiting for stock', async () => {
    const p = await makeProduct(s.db, [], { tracking: 'lot' });
    const o = await order(p, 3);
    expect(o.lines[0]).toMatchObject({ reserved: 0, backordered: 3 });
    const manager = await s.login('manager', 'manager');
    const po = await s.api('/api/purchase-orders', { token: manager, body: { supplier: 'Acme', warehouse: 'WH1', lines: [{ productId: p, qty: 10 }] } });
    expect(po.status).toBe(201);
    const { receiptId, purchaseOrderId, reference } = po.body as PurchaseOrderMade;
    // The audit names the site (its name, not its code).
    const [audited] = await s.db.query<{ summary: string }>(`SELECT summary FROM admin_audit WHERE action = 'purchase-order.create' AND entity_id = $1`, [purchaseOrderId]);
    expect(audited?.summary).toBe(`${reference}: 1 line from Acme for Demo Warehouse`);
    const [receipt] = (await pickingDocs(s.db)).filter((d) => d.id === receiptId);
    expect(receipt).toMatchObject({ kind: 'receipt', step: 'receive', state: 'ready' });
    const line = receipt?.lines[0];
    const v = pickingEvent(a, 'validate', receiptId, { lines: [{ lineId: line?.lineId ?? '', productId: p, qty: 8, fromLocationId: line?.fromLocationId ?? '', lot: 'L-77', expiry: '2099-01-01' }], backorder: true });
    await pushEvents(s, a, [v]);
    expect(await ackOf(s.db, v.id)).toMatchObject({ status: 'applied' });
    const view = (await s.api(`/api/orders/${o.orderId}`, { token: key })).body as OrderView;
    expect(view.lines[0]).toMatchObject({ reserved: 3, backordered: 0 });
    const [bo] = await s.db.query<{ qty: number }>(`SELECT l.qty FROM pickings p JOIN picking_lines l ON l.picking_id = p.id WHERE p.backorder_of = $1`, [receiptId]);
    expect(bo?.qty).toBe(2);
    const [lot] = await s.db.query<{ lot: string }>('SELECT lot FROM reservations WHERE order_line_id = $1', [o.lines[0]?.lineId ?? '']);
    expect(lot?.lot).toBe('L-77');
  });

  it.skipIf(skip)('a count above the value threshold waits for a manager, and is applied when approved', async () => {
    expect((await s.api('/api/warehouse-policy', { method: 'PUT', token: admin, body: { countApprovalThreshold: 1000 } })).status).toBe(200);
    const shelf = await locationId(s.db, 'WH1/Stock/B-01-01');
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 10, location: 'WH1/Stock/B-01-01' }], { cost: 700 });
    const count = countDoc(a, shelf, [{ productId: p, counted: 7 }]);
    await s.api('/api/sync/counts/push', { token: a.token, body: [{ newDocumentState: count }] });
    expect((await ackOf(s.db, count.id))?.problems.map((x) => x.code)).toEqual(['count_pending_approval']);
    const manager = await s.login('manager', 'manager');
    const pending = (await s.api('/api/count-approvals', { token: manager })).body as { id: string; value: number }[];
    const mine = pending.find((x) => x.value === 2100);
    expect(mine).toBeDefined();
    expect((await s.api(`/api/count-approvals/${mine?.id}/approve`, { token: manager, body: {} })).status).toBe(200);
    const [q] = await s.db.query<{ on_hand: number }>('SELECT on_hand FROM quants WHERE product_id = $1', [p]);
    expect(q?.on_hand).toBe(7);
    expect(await ackOf(s.db, count.id)).toMatchObject({ status: 'applied', problems: [] });
    await s.api('/api/warehouse-policy', { method: 'PUT', token: admin, body: { countApprovalThreshold: 1000000 } });
  });

  it.skipIf(skip)('transfers move reserved goods between locations; count tasks adjust what was counted', async () => {
    const from = await locationId(s.db, 'WH1/Stock/A-05-01');
    const to = await locationId(s.db, 'WH1/Stock/B-05-01');
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 6, location: 'WH1/Stock/A-05-01' }]);
    const manager = await s.login('manager', 'manager');
    const t = await s.api('/api/transfers', { token: manager, body: { warehouse: 'WH1', lines: [{ productId: p, qty: 4, fromLocationId: from, toLocationId: to }] } });
    expect(t.status).toBe(201);
    const id = (t.body as { pickingId: string }).pickingId;
    const [doc] = (await pickingDocs(s.db)).filter((d) => d.id === id);
    await pushEvents(s, a, [pickingEvent(a, 'validate', id, { lines: doc ? pickAll(doc) : [] })]);
    const task = await s.api('/api/count-tasks', { token: manager, body: { warehouse: 'WH1', locationId: to } });
    const taskId = (task.body as { pickingId: string }).pickingId;
    const [cdoc] = (await pickingDocs(s.db)).filter((d) => d.id === taskId);
    const line = cdoc?.lines.find((l) => l.productId === p);
    expect(line?.qty).toBe(4);
    await pushEvents(s, a, [pickingEvent(a, 'validate', taskId, { lines: [{ lineId: line?.lineId ?? '', productId: p, qty: 3, fromLocationId: to }] })]);
    const rows = await s.db.query<{ location_id: string; on_hand: number }>('SELECT location_id, on_hand FROM quants WHERE product_id = $1 ORDER BY on_hand', [p]);
    expect(rows).toEqual([{ location_id: from, on_hand: 2 }, { location_id: to, on_hand: 3 }]);
  });

  it.skipIf(skip)('reorder rules propose a purchase when on-hand − reserved + incoming falls below the minimum', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 6 }]);
    const manager = await s.login('manager', 'manager');
    expect((await s.api('/api/reorder-rules', { method: 'PUT', token: manager, body: { productId: p, warehouse: 'WH1', min: 5, max: 20 } })).status).toBe(200);
    await order(p, 3);
    await s.api('/api/reorder/run', { token: manager, body: {} });
    const proposals = (await s.api('/api/purchase-proposals', { token: manager })).body as { productId: string; qty: number; forecast: number }[];
    const proposal = proposals.find((x) => x.productId === p) as { id: string; qty: number; forecast: number } | undefined;
    expect(proposal).toMatchObject({ qty: 17, forecast: 3 });
    const po = await s.api(`/api/purchase-proposals/${proposal?.id ?? ''}/order`, { token: manager, body: { supplier: 'Acme' } });
    expect(po.status).toBe(201);
    await s.api('/api/reorder/run', { token: manager, body: {} });
    const after = (await s.api('/api/purchase-proposals', { token: manager })).body as { productId: string }[];
    expect(after.find((x) => x.productId === p)).toBeUndefined();
  });
});
