// Returns by post (docs/channels.md "Returns by post"): a web order shipped from WH1 is announced as
// coming back (POST /api/orders/:id/returns) — idempotent per key, never more than delivered less
// returned less already expected, a channel sees only its own orders —, a return receipt opens at
// WH1, and receiving it (a scanner station, or the back office in full) moves the goods from the
// customer into stock (or scrap when announced damaged), counts them returned on the order, issues
// the credit note against the order's invoice for what a till would refund for the same units, books
// it (revenue and tax back against the receivable; cost back into inventory when restocked) with no
// drift, records the refund the channel pays back and sends return.received. What did not come
// stays expected on a backorder receipt until it comes or the return is cancelled. On PGlite and
// PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReturnRequestView } from '../../shared/channel-api/return-requests.ts';
import type { PairedDevice } from '../../sync-server/devices/pairing.ts';
import { reconcile } from '../../sync-server/ledger/reconcile.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import type { OrderView } from '../../sync-server/warehouse/order-view.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { ackOf, idemPost, makeProduct, outboxTypes, pickAll, pickingEvent, publishedPicking, pushEvents, type PickingDoc, pickingDocs , standardLineTotal } from './wh-harness.ts';

const lineTotal = standardLineTotal;

describe.each(testDrivers)('returns by post on $kind', ({ kind, skip }) => {
  let s: TestServer;
  let admin: string;
  let web: string;
  let other: string;
  let station: PairedDevice;
  let n = 0;

  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: 5, server: { orderInvoices: { intervalMs: false } } });
    admin = await s.login('admin', 'admin');
    web = (await createChannelKey(s.db, 'web', 'web shop')).key;
    other = (await createChannelKey(s.db, 'marketplace', 'marketplace')).key;
    station = await s.pairDevice('scanner', 'WH1', 'Returns desk');
    expect((await s.api('/api/warehouses/WH1/route', { method: 'PUT', token: admin, body: { steps: 1 } })).status).toBe(200);
    const endpoint = await s.api('/api/admin/webhooks/endpoints', {
      token: admin, body: { url: 'http://127.0.0.1:9/hooks', channel: 'web', eventTypes: ['return.requested', 'return.received', 'return.cancelled'] },
    });
    expect(endpoint.status, JSON.stringify(endpoint.body)).toBe(201);
  });
  afterAll(async () => {
    await s?.close();
  });

  /** A web order of `qty` units shipped in full from WH1 (and so invoiced on delivery). */
  const shipped = async (productId: string, qty: number): Promise<OrderView> => {
    n += 1;
    const res = await idemPost(s, web, `post-${kind}-${n}`, { channel: 'web', externalRef: `POST-${kind.toUpperCase()}-${n}`, customer: { name: `Grace Hopper ${n}` }, lines: [{ productId, qty }] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const order = res.body as OrderView;
    const doc = (await pickingDocs(s.db, order.orderId)).find((d) => d.step === 'ship' && d.state === 'ready');
    if (!doc) throw new Error('no shipment');
    const v = pickingEvent(station, 'validate', doc.id, { lines: pickAll(doc) });
    await pushEvents(s, station, [pickingEvent(station, 'claim', doc.id), v]);
    expect((await ackOf(s.db, v.id))?.status).toBe('applied');
    return order;
  };
  const announce = async (order: OrderView, key: string, lines: { qty: number; restock?: boolean }[], token = web): Promise<{ status: number; body: unknown; headers: Headers }> =>
    s.api(`/api/orders/${order.orderId}/returns`, {
      token, headers: { 'idempotency-key': key },
      body: { lines: lines.map((l) => ({ orderLineId: order.lines[0]?.lineId, qty: l.qty, ...(l.restock === undefined ? {} : { restock: l.restock }) })), reason: 'Too small' },
    });
  const receiptDoc = async (pickingId: string): Promise<PickingDoc> => {
    const doc = await publishedPicking(s.db, pickingId);
    if (!doc) throw new Error(`receipt ${pickingId} is not published`);
    return doc;
  };
  /** The station receives `qty` units of the receipt's one line (claim, then validate). */
  const receive = async (pickingId: string, qty: number, status: 'applied' | 'exception' = 'applied'): Promise<string> => {
    const doc = await receiptDoc(pickingId);
    const line = doc.lines[0];
    if (!line) throw new Error('receipt without lines');
    const v = pickingEvent(station, 'validate', pickingId, { lines: [{ lineId: line.lineId, productId: line.productId, qty, fromLocationId: line.fromLocationId }] });
    await pushEvents(s, station, [pickingEvent(station, 'claim', pickingId), v]);
    expect((await ackOf(s.db, v.id))?.status).toBe(status);
    return v.id;
  };
  const returned = async (orderId: string): Promise<number> =>
    Number((await s.db.query<{ returned: string }>('SELECT returned FROM order_lines WHERE order_id = $1', [orderId]))[0]?.returned);
  const at = async (productId: string, fullName: string): Promise<number> =>
    Number((await s.db.query<{ q: string }>(
      `SELECT coalesce(sum(q.on_hand), 0) AS q FROM quants q JOIN locations l ON l.id = q.location_id WHERE q.product_id = $1 AND l.full_name = $2`, [productId, fullName],
    ))[0]?.q);
  const list = async (orderId: string, token = web): Promise<ReturnRequestView[]> => {
    const res = await s.api(`/api/orders/${orderId}/returns`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body as { returns: ReturnRequestView[] }).returns;
  };
  const noDrift = async (): Promise<void> => {
    const r = await reconcile(s.db);
    expect(r.ok ? 'no drift' : JSON.stringify(r.drift)).toBe('no drift');
  };

  it.skipIf(skip)('a channel announces a return; the station receives it; the order is credited what a till would refund, once', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 10 }], { price: 1250, cost: 500 });
    const order = await shipped(p, 2);
    const stockBefore = await at(p, 'WH1/Stock');

    const res = await announce(order, 'rma-1', [{ qty: 1 }]);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const view = res.body as ReturnRequestView;
    expect(view).toMatchObject({
      orderId: order.orderId, orderRef: order.externalRef, channel: 'web', currency: 'EUR', warehouse: { code: 'WH1' }, state: 'expected', reason: 'Too small',
      lines: [{ orderLineId: order.lines[0]?.lineId, productId: p, qty: 1, received: 0, restock: true }], creditNotes: [], refundToOrderPayment: 0, closedAt: null,
    });
    expect(view.receipts).toEqual([{ pickingId: expect.any(String), reference: expect.stringMatching(/^WH1\/IN\/\d{6}$/), state: 'ready' }]);
    const receiptId = view.receipts[0]?.pickingId ?? '';
    // The station's document says whom it comes from.
    expect(await receiptDoc(receiptId)).toMatchObject({ kind: 'receipt', state: 'ready', partner: { role: 'customer', name: 'Grace Hopper 1', reference: order.externalRef } });

    // The stock lookup lists it as coming in, from the customer.
    const [{ sku } = { sku: '' }] = await s.db.query<{ sku: string }>('SELECT sku FROM products WHERE id = $1', [p]);
    const lookup = await s.api(`/api/reports/stock/product?q=${encodeURIComponent(sku)}&product=${p}`, { token: admin });
    expect(lookup.status, JSON.stringify(lookup.body)).toBe(200);
    expect((lookup.body as { incoming: unknown[] }).incoming).toEqual([
      { kind: 'customer return', reference: view.receipts[0]?.reference, site: 'WH1', from: `Order ${order.externalRef}, Grace Hopper 1`, qty: 1, expected: null },
    ]);

    // The same key and body answer the same return; another body under it is refused.
    const again = await announce(order, 'rma-1', [{ qty: 1 }]);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((again.body as ReturnRequestView).returnId).toBe(view.returnId);
    const reused = await announce(order, 'rma-1', [{ qty: 2 }]);
    expect([reused.status, (reused.body as { error: string }).error]).toEqual([409, 'idempotency_key_reused']);
    // Two delivered, one already expected: two more cannot be announced, and the sentence says why.
    const over = await announce(order, 'rma-2', [{ qty: 2 }]);
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ error: 'over_return' });
    expect((over.body as { message: string }).message).toMatch(/2 delivered, 1 already expected back — at most 1 more can come back/);
    // Half a mug, a line twice, a line of another order: refused with a sentence, nothing opened.
    expect((await announce(order, 'rma-half', [{ qty: 0.5 }])).body).toMatchObject({ error: 'fractional_quantity', message: expect.stringContaining('whole number') });
    expect((await announce(order, 'rma-twice', [{ qty: 1 }, { qty: 1 }])).body).toMatchObject({ error: 'bad_request', message: expect.stringContaining('listed twice') });
    const stranger = await s.api(`/api/orders/${order.orderId}/returns`, { token: web, headers: { 'idempotency-key': 'rma-stranger' }, body: { lines: [{ orderLineId: 'no-such-line', qty: 1 }] } });
    expect([stranger.status, (stranger.body as { error: string }).error]).toEqual([400, 'unknown_order_line']);
    expect(await list(order.orderId)).toHaveLength(1);
    // Another channel's key does not see the order.
    expect((await announce(order, 'rma-3', [{ qty: 1 }], other)).status).toBe(404);
    expect((await s.api(`/api/orders/${order.orderId}/returns`, { token: other })).status).toBe(404);

    await receive(receiptId, 1);
    expect(await returned(order.orderId)).toBe(1);
    expect(await at(p, 'WH1/Stock')).toBe(stockBefore + 1);
    const [after] = await list(order.orderId);
    const [invoice] = await s.db.query<{ number: string }>(`SELECT number FROM invoices WHERE order_id = $1 AND kind = 'invoice'`, [order.orderId]);
    expect(after).toMatchObject({ state: 'received', lines: [{ qty: 1, received: 1 }], refundToOrderPayment: lineTotal(1250, 1) });
    expect(after?.creditNotes).toEqual([{ number: expect.stringMatching(/^CN-\d{6}$/), total: lineTotal(1250, 1), creditOf: invoice?.number }]);
    expect(after?.closedAt).not.toBeNull();
    const [cn] = await s.db.query<{ total: string; credit_of: string | null; customer_id: string | null }>(`SELECT total, credit_of, customer_id FROM invoices WHERE order_id = $1 AND kind = 'credit_note'`, [order.orderId]);
    expect(Number(cn?.total)).toBe(-lineTotal(1250, 1));
    expect(cn?.customer_id).toBe(order.customerId ?? null);
    // The order's detail lists it like any credit note; the channel is told, in order.
    expect(await outboxTypes(s.db, order.orderId)).toEqual(expect.arrayContaining(['return.requested', 'return.received']));
    const [hook] = await s.db.query<{ body: string | { data: { return: Record<string, unknown> } } }>(
      `SELECT body FROM webhook_events WHERE resource = $1 AND type = 'return.received'`, [`order:${order.orderId}`]);
    const payload = (typeof hook?.body === 'string' ? JSON.parse(hook.body) : hook?.body) as { data: { return: Record<string, unknown> } };
    expect(payload.data.return).toMatchObject({
      returnId: view.returnId, store: 'WH1', receiptNo: view.receipts[0]?.reference, currency: 'EUR',
      lines: [{ orderLineId: order.lines[0]?.lineId, productId: p, qty: 1, restock: true }],
      creditNote: { number: after?.creditNotes[0]?.number, total: lineTotal(1250, 1), creditOf: invoice?.number },
      refund: { toOrderPayment: lineTotal(1250, 1), atStore: [] },
    });
    // Booked: revenue and tax back against the receivable, the unit's cost back into inventory.
    const net = Math.round(lineTotal(1250, 1) / 1.2);
    const booked = await s.db.query<{ kind: string; account: string; debit: string; credit: string }>(
      `SELECT e.kind, l.account_code AS account, sum(l.debit) AS debit, sum(l.credit) AS credit FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
       WHERE e.event_id = (SELECT event_id FROM order_returns WHERE request_id = $1) GROUP BY e.kind, l.account_code ORDER BY e.kind, l.account_code`, [view.returnId]);
    expect(booked.map((b) => [b.kind, b.account, Number(b.debit), Number(b.credit)])).toEqual([
      ['delivery', '1300', 500, 0], ['delivery', '5000', 0, 500],
      ['invoice', '1100', 0, lineTotal(1250, 1)], ['invoice', '2200', lineTotal(1250, 1) - net, 0], ['invoice', '4000', net, 0],
    ]);
    await noDrift();

    // The one unit left can still be announced; the received return no longer counts as expected.
    const second = await announce(order, 'rma-4', [{ qty: 1 }]);
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    const cancelled = await s.api(`/api/orders/${order.orderId}/returns/${(second.body as ReturnRequestView).returnId}/cancel`, { token: web, body: {} });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', receipts: [{ state: 'cancelled' }] });
    const twice = await s.api(`/api/orders/${order.orderId}/returns/${(second.body as ReturnRequestView).returnId}/cancel`, { token: web, body: {} });
    expect([twice.status, (twice.body as { error: string }).error]).toEqual([409, 'return_closed']);
    expect(await outboxTypes(s.db, order.orderId)).toContain('return.cancelled');
    expect((await announce(order, 'rma-5', [{ qty: 1 }])).status).toBe(201);
  });

  it.skipIf(skip)('goods announced damaged are received in full from the back office into scrap, credited, their cost not back in inventory', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 10 }], { price: 990, cost: 400 });
    const order = await shipped(p, 1);
    const stockBefore = await at(p, 'WH1/Stock');
    // A manager announces it for the customer who called: audited in their name.
    const manager = await s.login('manager', 'manager');
    const res = await announce(order, 'call-1', [{ qty: 1, restock: false }], manager);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const view = res.body as ReturnRequestView;
    expect(view.lines[0]?.restock).toBe(false);
    expect(view.requestedBy).toMatch(/^user:/);
    const [audit] = await s.db.query<{ actor: string; action: string; summary: string }>(`SELECT actor, action, summary FROM admin_audit WHERE action = 'order.return_request' AND entity_id = $1`, [order.orderId]);
    expect(audit).toMatchObject({ actor: 'manager', summary: expect.stringContaining(`1 × `) });
    expect(audit?.summary).toContain('(damaged)');

    const received = await s.api(`/api/pickings/${view.receipts[0]?.pickingId}/receive`, { token: admin, body: {} });
    expect(received.status, JSON.stringify(received.body)).toBe(200);
    expect(await at(p, 'WH1/Stock')).toBe(stockBefore);
    expect(await at(p, 'Virtual/Scrap')).toBe(0); // not internal: no quant is kept there
    const [moved] = await s.db.query<{ n: string }>(
      `SELECT sum(m.qty) AS n FROM stock_moves m JOIN locations l ON l.id = m.to_location_id WHERE m.product_id = $1 AND l.usage = 'scrap' AND m.reason = 'return'`, [p]);
    expect(Number(moved?.n)).toBe(1);
    expect(await returned(order.orderId)).toBe(1);
    const [after] = await list(order.orderId, manager);
    expect(after).toMatchObject({ state: 'received', refundToOrderPayment: lineTotal(990, 1) });
    // Only the credit note's entry: nothing moved back into inventory.
    const kinds = await s.db.query<{ kind: string }>(`SELECT e.kind FROM journal_entries e WHERE e.event_id = (SELECT event_id FROM order_returns WHERE request_id = $1) ORDER BY e.kind`, [view.returnId]);
    expect(kinds.map((k) => k.kind)).toEqual(['invoice']);
    await noDrift();
  });

  it.skipIf(skip)('what did not come stays expected on a backorder receipt; cancelling it closes the return as received', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 10 }], { price: 2000, cost: 800 });
    const order = await shipped(p, 3);
    const res = await announce(order, 'part-1', [{ qty: 3 }]);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const view = res.body as ReturnRequestView;
    await receive(view.receipts[0]?.pickingId ?? '', 1);
    const [partly] = await list(order.orderId);
    expect(partly).toMatchObject({ state: 'partly_received', lines: [{ qty: 3, received: 1 }], refundToOrderPayment: lineTotal(2000, 1) });
    expect(partly?.receipts.map((r) => r.state)).toEqual(['done', 'ready']);
    // Still expected: nothing more may be announced for the line.
    expect((await announce(order, 'part-2', [{ qty: 1 }])).status).toBe(409);
    const backorder = partly?.receipts[1]?.pickingId ?? '';
    expect((await receiptDoc(backorder)).lines.map((l) => l.qty)).toEqual([2]);

    const cancelled = await s.api(`/api/orders/${order.orderId}/returns/${view.returnId}/cancel`, { token: web, body: {} });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({ state: 'received', receipts: [{ state: 'done' }, { state: 'cancelled' }], lines: [{ received: 1 }] });
    // The two that never came may be announced again.
    const third = await announce(order, 'part-3', [{ qty: 2 }]);
    expect(third.status).toBe(201);
    const late = third.body as ReturnRequestView;
    // Cancelled by the shop while the station, offline, received the parcel: the goods are there,
    // so they are taken in and credited all the same, with a warning.
    expect((await s.api(`/api/orders/${order.orderId}/returns/${late.returnId}/cancel`, { token: web, body: {} })).status).toBe(200);
    const eventId = await receive(late.receipts[0]?.pickingId ?? '', 2, 'exception');
    const [problem] = await s.db.query<{ code: string }>('SELECT code FROM event_problems WHERE event_id = $1', [eventId]);
    expect(problem?.code).toBe('return_cancelled');
    expect(await returned(order.orderId)).toBe(3);
    expect((await list(order.orderId))[0]).toMatchObject({ returnId: late.returnId, state: 'received', lines: [{ received: 2 }], refundToOrderPayment: lineTotal(2000, 3) - lineTotal(2000, 1) });
    await noDrift();
  });

  it.skipIf(skip)('an order paid at a store\'s till is returned at a store, not by post', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 10 }], { price: 500, cost: 200 });
    const order = await shipped(p, 1);
    await s.db.query('UPDATE orders SET pay_at_pickup = true WHERE id = $1', [order.orderId]);
    const res = await announce(order, 'paid-1', [{ qty: 1 }]);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: 'paid_at_store', message: expect.stringContaining('returns it at a store') });
  });
});
