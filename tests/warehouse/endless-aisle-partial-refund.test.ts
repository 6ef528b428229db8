// Till refunds of endless-aisle orders in part and after delivery (docs/warehouse.md "Invoicing
// policy", docs/channels.md "Endless aisle"), on PGlite and PostgreSQL:
// - a refund of part of an order not delivered yet cancels only the refunded units (their
//   reservation released, the rest of the order open, its deposit still in 2400): on delivery no
//   credit note (nothing was invoiced), on order one credit note of those units against the invoice;
// - a refund of delivered (and invoiced) units is a return of goods: revenue and tax reversed once,
//   by one credit note against the order's invoice, the tender out, 2400 untouched, the goods back in
//   the store;
// with the journal, the documents, the reports and reconcile agreeing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Sale, SaleLine, SessionEvent } from '../../shared/schemas/index.ts';
import type { SalesTotals } from '../../shared/reports/report-types.ts';
import { reconcile } from '../../sync-server/ledger/reconcile.ts';
import { push } from '../pos/pos-harness.ts';
import { receiptChain, taxedLine } from './till-sale-builder.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { ackOf, type Device, makeProduct, pickAll, pickingDocs, pickingEvent, pushEvents, siteStock } from './wh-harness.ts';

const TAXES = [{ taxId: 'tax-standard', rate: 20 }];
const ADDRESS = 'Ada Lovelace\n12 Rue de la Paix\n75002 Paris';
const ACCOUNTS = ['1020', '1100', '1300', '2200', '2400', '4000', '5000'] as const;

interface Doc {
  id: string;
  kind: string;
  sale_id: string | null;
  order_id: string | null;
  total: string;
  credit_of: string | null;
}

describe.each(testDrivers)('till refunds of endless-aisle orders in part and after delivery, on $kind', ({ kind, skip }) => {
  let s: TestServer;
  let admin: string;
  let till: { deviceId: string; siteId: string; token: string };
  let station: Device;
  let cashierId: string;
  const sessionId = uuidv7();

  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: 10 });
    admin = await s.login('admin', 'admin');
    const endpoint = await s.api('/api/admin/webhooks/endpoints', {
      token: admin, body: { url: 'http://127.0.0.1:9/hooks', channel: 'pos', eventTypes: ['return.received', 'order.lines_cancelled', 'order.cancelled'] },
    });
    expect(endpoint.status).toBe(201);
    till = await s.pairDevice('till', 'STORE1');
    station = (await s.pairDevice('scanner', 'WH1')) as Device;
    cashierId = await s.userId('alice');
    const open: SessionEvent = { id: uuidv7(), kind: 'open', tillId: till.deviceId, siteId: till.siteId, sessionId, cashierId, createdAt: new Date().toISOString(), amount: 0 };
    await push(s, till.token, 'sessions', [open]);
  });

  afterAll(async () => {
    await s?.close();
  });

  const line = (productId: string, qty: number, unitPrice: number): SaleLine => taxedLine(productId, qty, unitPrice, TAXES);

  const seal = receiptChain();

  const base = (): Pick<Sale, 'tillId' | 'siteId' | 'sessionId' | 'cashierId' | 'createdAt' | 'currency'> => ({
    tillId: till.deviceId, siteId: till.siteId, sessionId, cashierId, createdAt: new Date().toISOString(), currency: 'EUR',
  });

  /** A sale of `qty` units at 30.00 ordered from WH1, paid by card; its order's id. */
  async function orderAtTill(qty: number): Promise<{ sold: Sale; ordered: SaleLine; orderId: string; product: string }> {
    const product = await makeProduct(s.db, [{ site: 'WH1', qty: 5 }], { price: 3000, cost: 1000 });
    const ordered = line(product, qty, 3000);
    const sold = seal({
      ...base(), id: uuidv7(), kind: 'sale', customerOrder: { fulfillment: { type: 'delivery', site: 'WH1', address: ADDRESS }, lines: [{ lineId: ordered.lineId }] },
      lines: [ordered], payments: [{ paymentId: uuidv7(), method: 'card', amount: ordered.total }], total: ordered.total,
    });
    await push(s, till.token, 'sales', [sold]);
    expect(await ackOf(s.db, sold.id)).toMatchObject({ status: 'applied', problems: [] });
    const orderId = (await s.db.query<{ order_id: string }>('SELECT order_id FROM till_customer_orders WHERE sale_id = $1', [sold.id]))[0]?.order_id ?? '';
    return { sold, ordered, orderId, product };
  }

  /** A return of `qty` units of the ordered line, back to the card. */
  async function refund(sold: Sale, ordered: SaleLine, qty: number): Promise<Sale> {
    const one = line(ordered.productId, qty, ordered.unitPrice);
    const returned: SaleLine = {
      ...one, qty: -qty, total: -one.total, taxes: one.taxes.map((t) => ({ ...t, amount: -t.amount })), returnOf: { saleId: sold.id, lineId: ordered.lineId }, restock: true,
    };
    const back = seal({ ...base(), id: uuidv7(), kind: 'return', returnOfSaleId: sold.id, lines: [returned], payments: [{ paymentId: uuidv7(), method: 'card', amount: -one.total }], total: -one.total });
    await push(s, till.token, 'sales', [back]);
    return back;
  }

  async function ship(orderId: string): Promise<string> {
    const [doc] = (await pickingDocs(s.db, orderId)).filter((d) => d.state === 'ready');
    if (!doc) throw new Error('no ready picking');
    const validate = pickingEvent(station, 'validate', doc.id, { lines: pickAll(doc) });
    await pushEvents(s, station, [pickingEvent(station, 'claim', doc.id), validate]);
    expect((await ackOf(s.db, validate.id))?.status).toBe('applied');
    return validate.id;
  }

  /** The returns of the order its channel is told of: `order_returns` and `return.received`. */
  const toldReturns = async (orderId: string): Promise<{ rows: { event_id: string; lines: unknown; credit_note: string; refund_to_order: number }[]; events: { return: { eventId: string; lines: unknown; creditNote: unknown; refund: unknown } }[] }> => ({
    rows: await s.db.query('SELECT event_id, lines, credit_note, refund_to_order::int AS refund_to_order FROM order_returns WHERE order_id = $1 ORDER BY created_at', [orderId]),
    events: (await s.db.query<{ body: string }>(`SELECT body FROM webhook_events WHERE resource = $1 AND type = 'return.received' ORDER BY sequence`, [`order:${orderId}`]))
      .map((r) => (JSON.parse(r.body) as { data: { return: { eventId: string; lines: unknown; creditNote: unknown; refund: unknown } } }).data),
  });
  /** What the channel was told of units cancelled while the rest of the order goes on (`order.lines_cancelled`). */
  const toldCancelled = async (orderId: string): Promise<unknown[]> =>
    (await s.db.query<{ body: string }>(`SELECT body FROM webhook_events WHERE resource = $1 AND type = 'order.lines_cancelled' ORDER BY sequence`, [`order:${orderId}`]))
      .map((r) => (JSON.parse(r.body) as { data: unknown }).data);
  const orderLineId = async (orderId: string): Promise<string> => (await s.db.query<{ id: string }>('SELECT id FROM order_lines WHERE order_id = $1', [orderId]))[0]?.id ?? '';
  const balances = async (): Promise<Record<string, number>> => {
    const rows = await s.db.query<{ code: string; b: string }>(
      'SELECT account_code AS code, coalesce(sum(debit - credit), 0) AS b FROM journal_lines WHERE account_code = ANY($1::text[]) GROUP BY account_code', [[...ACCOUNTS]],
    );
    return Object.fromEntries(ACCOUNTS.map((a) => [a, Number(rows.find((r) => r.code === a)?.b ?? 0)]));
  };
  const delta = (after: Record<string, number>, before: Record<string, number>): Record<string, number> =>
    Object.fromEntries(ACCOUNTS.map((a) => [a, (after[a] ?? 0) - (before[a] ?? 0)]));
  const totals = async (): Promise<SalesTotals> => {
    const res = await s.api('/api/reports/overview', { token: admin });
    expect(res.status).toBe(200);
    return (res.body as { period: SalesTotals }).period;
  };
  const figures = (end: SalesTotals, start: SalesTotals): Record<string, number> => ({
    revenue: end.revenue - start.revenue, tax: end.tax - start.tax, orders: end.orders - start.orders, returns: end.returns - start.returns,
  });
  const lastEntry = async (): Promise<number> => Number((await s.db.query<{ id: string | null }>('SELECT max(id) AS id FROM journal_entries'))[0]?.id ?? 0);
  /** The journal lines of the entries made after `after`, as [entry kind, account, debit − credit]. */
  const linesSince = async (after: number): Promise<[string, string, number][]> =>
    (await s.db.query<{ kind: string; account_code: string; amount: string }>(
      `SELECT e.kind, l.account_code, l.debit - l.credit AS amount FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
       WHERE e.id > $1 ORDER BY e.id, l.id`, [after],
    )).map((r) => [r.kind, r.account_code, Number(r.amount)]);
  const documents = async (orderId: string, saleIds: string[]): Promise<Doc[]> =>
    s.db.query<Doc>(`SELECT id, kind, sale_id, order_id, total, credit_of FROM invoices WHERE order_id = $1 OR sale_id = ANY($2::text[]) ORDER BY number`, [orderId, saleIds]);
  const orderLine = async (orderId: string): Promise<{ state: string; cancelled: number; delivered: number; returned: number; credited: number }> => {
    const [r] = await s.db.query<{ state: string; cancelled: string; delivered: string; returned: string; credited: string }>(
      'SELECT o.state, l.cancelled, l.delivered, l.returned, l.credited FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.id = $1', [orderId],
    );
    return { state: r?.state ?? '', cancelled: Number(r?.cancelled), delivered: Number(r?.delivered), returned: Number(r?.returned), credited: Number(r?.credited) };
  };

  it.skipIf(skip)('a till offline pushes the order and its refund together: the order is cancelled and nothing ships, the deposit comes back once', async () => {
    expect((await s.api('/api/admin/channels/pos', { method: 'PATCH', token: admin, body: { invoicePolicy: 'delivery' } })).status).toBe(200);
    const start = { balances: await balances(), totals: await totals() };
    const product = await makeProduct(s.db, [{ site: 'WH1', qty: 5 }], { price: 3000, cost: 1000 });
    const ordered = line(product, 2, 3000);
    const sold = seal({
      ...base(), id: uuidv7(), kind: 'sale', customerOrder: { fulfillment: { type: 'delivery', site: 'WH1', address: ADDRESS }, lines: [{ lineId: ordered.lineId }] },
      lines: [ordered], payments: [{ paymentId: uuidv7(), method: 'card', amount: ordered.total }], total: ordered.total,
    });
    const returned: SaleLine = {
      ...ordered, lineId: uuidv7(), qty: -2, total: -ordered.total, taxes: ordered.taxes.map((t) => ({ ...t, amount: -t.amount })), returnOf: { saleId: sold.id, lineId: ordered.lineId }, restock: true,
    };
    const back = seal({ ...base(), id: uuidv7(), kind: 'return', returnOfSaleId: sold.id, lines: [returned], payments: [{ paymentId: uuidv7(), method: 'card', amount: -ordered.total }], total: -ordered.total });
    // One push, as a till that was offline sends them.
    await push(s, till.token, 'sales', [sold, back]);
    expect(await ackOf(s.db, sold.id)).toMatchObject({ status: 'applied', problems: [] });
    expect(await ackOf(s.db, back.id)).toMatchObject({ status: 'applied', problems: [] });
    const orderId = (await s.db.query<{ order_id: string }>('SELECT order_id FROM till_customer_orders WHERE sale_id = $1', [sold.id]))[0]?.order_id ?? '';
    expect(await orderLine(orderId)).toEqual({ state: 'cancelled', cancelled: 2, delivered: 0, returned: 0, credited: 0 });
    // The whole order cancelled: order.cancelled, not order.lines_cancelled.
    expect(await toldCancelled(orderId)).toEqual([]);
    expect(await s.db.query(`SELECT 1 FROM webhook_events WHERE resource = $1 AND type = 'order.cancelled'`, [`order:${orderId}`])).toHaveLength(1);
    expect(await siteStock(s.db, product, 'WH1')).toEqual({ onHand: 5, reserved: 0 });
    expect((await pickingDocs(s.db, orderId)).filter((d) => d.state !== 'cancelled')).toEqual([]);
    // Nothing was invoiced: no credit note; the deposit taken and given back, the store's stock untouched.
    expect(await documents(orderId, [sold.id, back.id])).toEqual([]);
    expect(delta(await balances(), start.balances)).toEqual({ '1020': 0, '1100': 0, '1300': 0, '2200': 0, '2400': 0, '4000': 0, '5000': 0 });
    expect(figures(await totals(), start.totals)).toEqual({ revenue: 0, tax: 0, orders: 0, returns: 0 });
    expect((await reconcile(s.db)).ok).toBe(true);
  });

  it.skipIf(skip)('invoiced on delivery: a refund of part cancels those units only, with no credit note; the rest ships and is paid from what is left of the deposit; its refund is a return against the invoice', async () => {
    const start = { balances: await balances(), totals: await totals() };
    const { sold, ordered, orderId, product } = await orderAtTill(2);
    const one = line(product, 1, 3000);
    const tax1 = one.taxes[0]?.amount ?? 0;
    const net1 = one.total - tax1;
    expect(await siteStock(s.db, product, 'WH1')).toEqual({ onHand: 5, reserved: 2 });

    // (1) One of the two units refunded before anything shipped.
    const afterSale = await lastEntry();
    const back = await refund(sold, ordered, 1);
    expect(await ackOf(s.db, back.id)).toMatchObject({ status: 'applied', problems: [] });
    expect(await orderLine(orderId)).toEqual({ state: 'open', cancelled: 1, delivered: 0, returned: 0, credited: 0 });
    expect(await siteStock(s.db, product, 'WH1')).toEqual({ onHand: 5, reserved: 1 });
    expect((await pickingDocs(s.db, orderId)).filter((d) => d.state === 'ready').map((d) => d.lines.map((l) => l.qty))).toEqual([[1]]);
    // Nothing was invoiced: no credit note, not even the till's. Nothing came back: no return.
    expect(await documents(orderId, [sold.id, back.id])).toEqual([]);
    expect(await toldReturns(orderId)).toEqual({ rows: [], events: [] });
    // The channel is told which unit was cancelled, the rest of the order still open; no credit note.
    expect(await toldCancelled(orderId)).toEqual([{
      reason: 'refunded', cancelled: { eventId: back.id, lines: [{ orderLineId: await orderLineId(orderId), productId: product, qty: 1 }] },
      order: expect.objectContaining({ orderId, state: 'open' }),
    }]);
    expect(await linesSince(afterSale)).toEqual([['return', '1020', -one.total], ['return', '2400', one.total]]);
    // The unit kept is still paid in deposits.
    expect(delta(await balances(), start.balances)).toEqual({ '1020': one.total, '1100': 0, '1300': 0, '2200': 0, '2400': -one.total, '4000': 0, '5000': 0 });
    expect(figures(await totals(), start.totals)).toEqual({ revenue: 0, tax: 0, orders: 0, returns: 0 });
    expect((await reconcile(s.db)).ok).toBe(true);

    // The rest ships: invoiced for one unit, settled from what is left of the deposit.
    await ship(orderId);
    const shipped = await documents(orderId, []);
    expect(shipped.map((d) => [d.kind, Number(d.total)])).toEqual([['invoice', one.total]]);
    expect(delta(await balances(), start.balances)).toEqual({ '1020': one.total, '1100': 0, '1300': -1000, '2200': -tax1, '2400': 0, '4000': -net1, '5000': 1000 });
    expect(figures(await totals(), start.totals)).toEqual({ revenue: net1, tax: tax1, orders: 1, returns: 0 });

    // (2) The delivered unit brought back to the store: a return against the invoice.
    const afterShip = await lastEntry();
    const store = await siteStock(s.db, product, 'STORE1');
    const again = await refund(sold, ordered, 1);
    expect(await ackOf(s.db, again.id)).toMatchObject({ status: 'applied', problems: [] });
    expect(await orderLine(orderId)).toEqual({ state: 'done', cancelled: 1, delivered: 1, returned: 1, credited: 0 });
    const credits = (await documents(orderId, [again.id])).filter((d) => d.kind === 'credit_note');
    expect(credits.map((d) => [d.order_id, d.sale_id, d.credit_of, Number(d.total)])).toEqual([[orderId, again.id, shipped[0]?.id, -one.total]]);
    // The channel is told, as of a web order returned at a store: refunded at the store, nothing to pay back on the order.
    const lineId = (await s.db.query<{ id: string }>('SELECT id FROM order_lines WHERE order_id = $1', [orderId]))[0]?.id;
    const returnedLines = [{ orderLineId: lineId, productId: product, qty: 1, restock: true }];
    const creditNumber = (await s.db.query<{ number: string }>('SELECT number FROM invoices WHERE id = $1', [credits[0]?.id ?? '']))[0]?.number;
    const invoiceNumber = (await s.db.query<{ number: string }>('SELECT number FROM invoices WHERE id = $1', [shipped[0]?.id ?? '']))[0]?.number;
    expect(await toldReturns(orderId)).toEqual({
      rows: [{ event_id: again.id, lines: returnedLines, credit_note: creditNumber, refund_to_order: 0 }],
      events: [expect.objectContaining({ return: expect.objectContaining({
        eventId: again.id, lines: returnedLines, creditNote: { number: creditNumber, total: one.total, creditOf: invoiceNumber },
        refund: { toOrderPayment: 0, atStore: [{ method: 'card', amount: one.total }] },
      }), order: expect.objectContaining({ orderId, state: 'done' }) })],
    });
    expect((await linesSince(afterShip)).sort()).toEqual([
      ['return', '2200', tax1], ['return', '4000', net1], ['return', '1020', -one.total], ['return', '1300', 1000], ['return', '5000', -1000],
    ].sort() as [string, string, number][]);
    expect(delta(await balances(), start.balances)).toEqual({ '1020': 0, '1100': 0, '1300': 0, '2200': 0, '2400': 0, '4000': 0, '5000': 0 });
    expect(await siteStock(s.db, product, 'STORE1')).toEqual({ onHand: store.onHand + 1, reserved: store.reserved });
    const end = await totals();
    expect(figures(end, start.totals)).toEqual({ revenue: 0, tax: 0, orders: 1, returns: 1 });
    await s.db.query('SELECT reports_rebuild_all()');
    expect(await totals()).toEqual(end);
    expect((await reconcile(s.db)).ok).toBe(true);
  });

  it.skipIf(skip)('invoiced on order: a refund of part credits those units against the invoice, the rest stays open; its refund after delivery is a return against the same invoice', async () => {
    expect((await s.api('/api/admin/channels/pos', { method: 'PATCH', token: admin, body: { invoicePolicy: 'order' } })).status).toBe(200);
    const start = { balances: await balances(), totals: await totals() };
    const { sold, ordered, orderId, product } = await orderAtTill(2);
    const one = line(product, 1, 3000);
    const tax1 = one.taxes[0]?.amount ?? 0;
    const net1 = one.total - tax1;
    const invoiceId = `invoice:order:${orderId}`;
    expect((await documents(orderId, [])).map((d) => [d.id, Number(d.total)])).toEqual([[invoiceId, ordered.total]]);

    // (1) One of the two units refunded before anything shipped: one credit note of that unit.
    const afterSale = await lastEntry();
    const back = await refund(sold, ordered, 1);
    expect(await ackOf(s.db, back.id)).toMatchObject({ status: 'applied', problems: [] });
    expect(await orderLine(orderId)).toEqual({ state: 'open', cancelled: 1, delivered: 0, returned: 0, credited: 1 });
    expect(await siteStock(s.db, product, 'WH1')).toEqual({ onHand: 5, reserved: 1 });
    const credits = (await documents(orderId, [back.id])).filter((d) => d.kind === 'credit_note');
    expect(credits.map((d) => [d.sale_id, d.credit_of, Number(d.total)])).toEqual([[back.id, invoiceId, -one.total]]);
    // The channel is told which unit was cancelled, with the credit note of it.
    const [creditNumber, invoiceNumber] = await Promise.all([credits[0]?.id ?? '', invoiceId].map(async (id) => (await s.db.query<{ number: string }>('SELECT number FROM invoices WHERE id = $1', [id]))[0]?.number));
    expect(await toldCancelled(orderId)).toEqual([{
      reason: 'refunded', cancelled: { eventId: back.id, lines: [{ orderLineId: await orderLineId(orderId), productId: product, qty: 1 }] },
      creditNote: { number: creditNumber, total: one.total, creditOf: invoiceNumber },
      order: expect.objectContaining({ orderId, state: 'open' }),
    }]);
    expect(await linesSince(afterSale)).toEqual([
      ['return', '1020', -one.total], ['return', '2400', one.total],
      ['invoice', '1100', -one.total], ['invoice', '2200', tax1], ['invoice', '4000', net1], ['invoice', '2400', -one.total], ['invoice', '1100', one.total],
    ]);
    expect(delta(await balances(), start.balances)).toEqual({ '1020': one.total, '1100': 0, '1300': 0, '2200': -tax1, '2400': 0, '4000': -net1, '5000': 0 });
    // The unit refunded is a return of the order (its credit note), as a till's refund is.
    expect(figures(await totals(), start.totals)).toEqual({ revenue: net1, tax: tax1, orders: 1, returns: 1 });
    expect((await reconcile(s.db)).ok).toBe(true);

    // The rest ships (its cost only), then comes back to the store: a return against the invoice.
    await ship(orderId);
    const afterShip = await lastEntry();
    const again = await refund(sold, ordered, 1);
    expect(await ackOf(s.db, again.id)).toMatchObject({ status: 'applied', problems: [] });
    expect(await orderLine(orderId)).toEqual({ state: 'done', cancelled: 1, delivered: 1, returned: 1, credited: 1 });
    const returned = (await documents(orderId, [again.id])).filter((d) => d.sale_id === again.id);
    expect(returned.map((d) => [d.kind, d.order_id, d.credit_of, Number(d.total)])).toEqual([['credit_note', orderId, invoiceId, -one.total]]);
    expect((await linesSince(afterShip)).sort()).toEqual([
      ['return', '2200', tax1], ['return', '4000', net1], ['return', '1020', -one.total], ['return', '1300', 1000], ['return', '5000', -1000],
    ].sort() as [string, string, number][]);
    expect(delta(await balances(), start.balances)).toEqual({ '1020': 0, '1100': 0, '1300': 0, '2200': 0, '2400': 0, '4000': 0, '5000': 0 });
    const end = await totals();
    // Two returns: the unit refunded before shipping (its credit note) and the unit brought back (the till's return).
    expect(figures(end, start.totals)).toEqual({ revenue: 0, tax: 0, orders: 1, returns: 2 });
    await s.db.query('SELECT reports_rebuild_all()');
    expect(await totals()).toEqual(end);
    expect((await reconcile(s.db)).ok).toBe(true);
  });
});
