// Issue 16 point 3, endless aisle (server side): a till sale carrying `customerOrder` becomes a
// channel order of channel `pos` reserved at the site the cashier chose, with its delivery (or its
// pickup at a store), the till's payment held as a customer deposit until the delivery is invoiced;
// a sale that arrives after the stock was sold elsewhere is an exception with no order and no
// oversell, applied once however often it is pushed; its refund takes nothing into the store and
// gives the deposit back — on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { sealSale, type ChainHead } from '../../shared/chain/index.ts';
import type { CustomerOrderFulfillment, Sale, SaleLine, SessionEvent } from '../../shared/schemas/index.ts';
import { computeOrder } from '../../shared/tax/index.ts';
import { reconcile } from '../../sync-server/ledger/reconcile.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import type { OrderView } from '../../sync-server/warehouse/order-view.ts';
import { push } from '../pos/pos-harness.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { ackOf, type Device, idemPost, makeProduct, pickAll, pickingDocs, pickingEvent, pushEvents, reservationViolations, siteStock } from './wh-harness.ts';

const TAXES = [{ taxId: 'tax-standard', rate: 20 }];
const ADDRESS = 'Ada Lovelace\n12 Rue de la Paix\n75002 Paris';

describe.each(testDrivers)('endless aisle at the till on $kind', ({ kind, skip }) => {
  let s: TestServer;
  let web: string;
  let till: { deviceId: string; siteId: string; token: string };
  let cashierId: string;
  let head: ChainHead | null = null;
  const sessionId = uuidv7();

  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: 10 });
    web = (await createChannelKey(s.db, 'web', 'web shop')).key;
    const admin = await s.login('admin', 'admin');
    const endpoint = await s.api('/api/admin/webhooks/endpoints', {
      token: admin, body: { url: 'http://127.0.0.1:9/hooks', channel: 'pos', eventTypes: ['order.created', 'order.cancelled'] },
    });
    expect(endpoint.status).toBe(201);
    till = await s.pairDevice('till', 'STORE1');
    cashierId = await s.userId('alice');
    const open: SessionEvent = { id: uuidv7(), kind: 'open', tillId: till.deviceId, siteId: till.siteId, sessionId, cashierId, createdAt: new Date().toISOString(), amount: 0 };
    await push(s, till.token, 'sessions', [open]);
  });

  afterAll(async () => {
    await s?.close();
  });

  function line(productId: string, qty: number, unitPrice: number): SaleLine {
    const amounts = computeOrder({ lines: [{ qty, unitPrice, priceIncludesTax: true, taxes: TAXES }] }).lines[0]?.amounts;
    if (!amounts) throw new Error('no amounts');
    return { lineId: uuidv7(), productId, qty, unitPrice, ...amounts };
  }

  /** A till sale: `ordered` lines go to the customer order, `carried` ones leave the store's shelf now. */
  function sale(ordered: SaleLine[], fulfillment: CustomerOrderFulfillment, carried: SaleLine[] = []): Sale {
    const lines = [...carried, ...ordered];
    const total = lines.reduce((a, l) => a + l.total, 0);
    const seq = (head?.seq ?? 0) + 1;
    const sealed = sealSale({
      id: uuidv7(), kind: 'sale', tillId: till.deviceId, siteId: till.siteId, sessionId, cashierId, receiptNo: `T1-${String(seq).padStart(6, '0')}`,
      createdAt: new Date().toISOString(), currency: 'EUR', customerOrder: { fulfillment, lines: ordered.map((l) => ({ lineId: l.lineId })) },
      lines, payments: [{ paymentId: uuidv7(), method: 'card', amount: total }], total,
    }, head);
    head = { seq: sealed.seq, hash: sealed.hash };
    return sealed;
  }

  function refund(original: Sale): Sale {
    const seq = (head?.seq ?? 0) + 1;
    const lines = original.lines.map((l): SaleLine => ({
      ...l, lineId: uuidv7(), qty: -l.qty, total: -l.total, taxes: l.taxes.map((t) => ({ ...t, amount: -t.amount })), returnOf: { saleId: original.id, lineId: l.lineId }, restock: true,
    }));
    const total = lines.reduce((a, l) => a + l.total, 0);
    const sealed = sealSale({
      id: uuidv7(), kind: 'return', tillId: till.deviceId, siteId: till.siteId, sessionId, cashierId, receiptNo: `T1-${String(seq).padStart(6, '0')}`,
      createdAt: new Date().toISOString(), currency: 'EUR', returnOfSaleId: original.id, lines, payments: [{ paymentId: uuidv7(), method: 'card', amount: total }], total,
    }, head);
    head = { seq: sealed.seq, hash: sealed.hash };
    return sealed;
  }

  const stockAt = (productId: string, site: string): Promise<{ onHand: number; reserved: number }> => siteStock(s.db, productId, site);
  const tillOrder = async (saleId: string): Promise<{ state: string; order_id: string | null } | undefined> =>
    (await s.db.query<{ state: string; order_id: string | null }>('SELECT state, order_id FROM till_customer_orders WHERE sale_id = $1', [saleId]))[0];
  const order = async (id: string): Promise<OrderView> => {
    const admin = await s.login('admin', 'admin');
    return (await s.api(`/api/orders/${id}`, { token: admin })).body as OrderView;
  };
  const balance = async (account: string): Promise<number> =>
    Number((await s.db.query<{ b: string }>('SELECT coalesce(sum(credit - debit), 0) AS b FROM journal_lines WHERE account_code = $1', [account]))[0]?.b);

  it.skipIf(skip)('a delivery from the warehouse: reserved there, its delivery made, the payment a deposit until the shipment is invoiced', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 3 }], { price: 5000, cost: 2000 });
    const deposits = await balance('2400');
    const revenue = await balance('4000');
    const ordered = line(p, 2, 5000);
    const sold = sale([ordered], { type: 'delivery', site: 'WH1', address: ADDRESS, phone: '06 12 34 56 78' });
    await push(s, till.token, 'sales', [sold]);
    expect(await ackOf(s.db, sold.id)).toMatchObject({ status: 'applied', problems: [] });
    const row = await tillOrder(sold.id);
    expect(row?.state).toBe('ordered');
    const o = await order(row?.order_id ?? '');
    expect(o).toMatchObject({ channel: 'pos', externalRef: `STORE1/${sold.receiptNo}`, state: 'open', lines: [{ productId: p, qty: 2, unitPrice: 5000, reserved: 2, backordered: 0 }] });
    expect(o.pickings).toEqual([expect.objectContaining({ warehouse: 'WH1', kind: 'delivery', state: 'ready' })]);
    expect(await stockAt(p, 'WH1')).toEqual({ onHand: 3, reserved: 2 });
    expect(await stockAt(p, 'STORE1')).toEqual({ onHand: 0, reserved: 0 });
    const [stored] = await s.db.query<{ delivery_address: string; deposit: string }>('SELECT delivery_address, deposit FROM orders WHERE id = $1', [o.orderId]);
    expect(stored?.delivery_address).toBe(`${ADDRESS}\n06 12 34 56 78`);
    expect(Number(stored?.deposit)).toBe(ordered.total);
    // Paid, not sold yet: a customer deposit, no revenue.
    expect(await balance('2400')).toBe(deposits + ordered.total);
    expect(await balance('4000')).toBe(revenue);
    const [told] = await s.db.query<{ n: string }>(`SELECT count(*) AS n FROM webhook_events WHERE resource = $1 AND type = 'order.created'`, [`order:${o.orderId}`]);
    expect(Number(told?.n)).toBe(1);

    // Pushed again (a lost answer): applied once, still one order.
    await push(s, till.token, 'sales', [sold]);
    expect(Number((await s.db.query<{ n: string }>(`SELECT count(*) AS n FROM orders WHERE channel = 'pos' AND external_ref = $1`, [`STORE1/${sold.receiptNo}`]))[0]?.n)).toBe(1);

    // The warehouse ships it: invoiced on delivery, the receivable settled from the deposit.
    const station = (await s.pairDevice('scanner', 'WH1')) as Device;
    const [doc] = (await pickingDocs(s.db, o.orderId)).filter((d) => d.state === 'ready');
    if (!doc) throw new Error('no ready picking');
    const validate = pickingEvent(station, 'validate', doc.id, { lines: pickAll(doc) });
    await pushEvents(s, station, [pickingEvent(station, 'claim', doc.id), validate]);
    expect((await ackOf(s.db, validate.id))?.status).toBe('applied');
    expect((await order(o.orderId)).state).toBe('done');
    expect(await balance('2400')).toBe(deposits);
    expect(await balance('4000') - revenue).toBe(ordered.total - (ordered.taxes[0]?.amount ?? 0));
    const [receivable] = await s.db.query<{ b: string }>(
      `SELECT coalesce(sum(l.debit - l.credit), 0) AS b FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE l.account_code = '1100' AND e.event_id = $1`, [validate.id],
    );
    expect(Number(receivable?.b)).toBe(0);
    expect(await stockAt(p, 'WH1')).toEqual({ onHand: 1, reserved: 0 });
    expect((await reconcile(s.db)).ok).toBe(true);
  });

  it.skipIf(skip)('a pickup at a store and a line carried out at once: the store holds the order in its pickup queue, the carried line leaves the shelf', async () => {
    const p = await makeProduct(s.db, [{ site: 'STORE1', qty: 4 }], { price: 1500 });
    const carried = line(p, 1, 1500);
    const ordered = line(p, 2, 1500);
    const sold = sale([ordered], { type: 'pickup', site: 'STORE1' }, [carried]);
    await push(s, till.token, 'sales', [sold]);
    expect((await ackOf(s.db, sold.id))?.status).toBe('applied');
    const o = await order((await tillOrder(sold.id))?.order_id ?? '');
    expect(o).toMatchObject({ fulfillment: { type: 'pickup', site: 'STORE1' }, lines: [{ qty: 2, reserved: 2 }] });
    expect(await stockAt(p, 'STORE1')).toEqual({ onHand: 3, reserved: 2 });
    const queue = await s.api('/api/sync/pickings/pull?limit=10000', { token: till.token });
    const docs = (queue.body as { documents: { orderId?: string; pickup?: { orderRef: string } }[] }).documents.filter((d) => d.orderId === o.orderId);
    expect(docs.at(-1)?.pickup?.orderRef).toBe(`STORE1/${sold.receiptNo}`);
  });

  it.skipIf(skip)('the stock was sold while the till was offline: an exception, no order, no oversell, applied once when pushed twice; the refund gives the deposit back', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 1 }], { price: 8000 });
    const deposits = await balance('2400');
    const ordered = line(p, 1, 8000);
    // Made on the till while it was offline; meanwhile the web shop orders the last unit.
    const sold = sale([ordered], { type: 'delivery', site: 'WH1', address: ADDRESS });
    const webOrder = await idemPost(s, web, `web-${p}`, { channel: 'web', externalRef: `W-${p}`, lines: [{ productId: p, qty: 1 }] });
    expect(webOrder.status).toBe(201);
    expect(await stockAt(p, 'WH1')).toEqual({ onHand: 1, reserved: 1 });

    await push(s, till.token, 'sales', [sold]);
    await push(s, till.token, 'sales', [sold]);
    const ack = await ackOf(s.db, sold.id);
    expect(ack?.status).toBe('exception');
    expect(ack?.problems).toEqual([expect.objectContaining({ code: 'customer_order_unavailable', severity: 'critical' })]);
    expect(ack?.problems[0]?.message).toMatch(/the customer order \(1 × Warehouse test \d+\) was not placed: Demo Warehouse no longer has the stock \(Warehouse test \d+: 0 left of 1 wanted\) — refund the customer/);
    expect(await tillOrder(sold.id)).toEqual({ state: 'unavailable', order_id: null });
    expect(Number((await s.db.query<{ n: string }>('SELECT count(*) AS n FROM till_customer_orders WHERE sale_id = $1', [sold.id]))[0]?.n)).toBe(1);
    expect(Number((await s.db.query<{ n: string }>(`SELECT count(*) AS n FROM orders WHERE channel = 'pos' AND external_ref = $1`, [`STORE1/${sold.receiptNo}`]))[0]?.n)).toBe(0);
    // The web order keeps its unit; nothing is reserved beyond what is on hand.
    expect(await stockAt(p, 'WH1')).toEqual({ onHand: 1, reserved: 1 });
    expect(await stockAt(p, 'STORE1')).toEqual({ onHand: 0, reserved: 0 });
    expect(await reservationViolations(s.db)).toEqual([]);
    expect(await balance('2400')).toBe(deposits + ordered.total);

    // The refund path: a return of the ordered line, back to the card; nothing enters the store.
    const back = refund(sold);
    await push(s, till.token, 'sales', [back]);
    expect((await ackOf(s.db, back.id))?.status).toBe('applied');
    expect(await stockAt(p, 'STORE1')).toEqual({ onHand: 0, reserved: 0 });
    expect(await balance('2400')).toBe(deposits);
    expect((await reconcile(s.db)).ok).toBe(true);
  });

  it.skipIf(skip)('tills pull what every site has per product, and only what changed since their checkpoint', async () => {
    type Page = { documents: { id: string; sites: { code: string; kind: string; available: number }[] }[]; checkpoint: { seq: number } };
    const pull = async (checkpoint?: { seq: number }, limit = 10_000): Promise<Page> =>
      (await s.api(`/api/sync/availability/pull?limit=${limit}${checkpoint ? `&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}` : ''}`, { token: till.token })).body as Page;
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 6 }, { site: 'STORE1', qty: 2 }]);
    const first = await pull();
    expect(first.documents.find((d) => d.id === p)?.sites).toEqual([
      expect.objectContaining({ code: 'WH1', kind: 'warehouse', available: 6 }), expect.objectContaining({ code: 'STORE1', kind: 'store', available: 2 }),
    ]);
    // Paging by product never skips one: small pages read to the end give the same products.
    let small: Page = { documents: [], checkpoint: { seq: 0 } };
    const ids = new Set<string>();
    do {
      small = await pull(small.checkpoint, 7);
      for (const d of small.documents) ids.add(d.id);
    } while (small.documents.length === 7);
    expect(ids).toEqual(new Set(first.documents.map((d) => d.id)));

    const sold = sale([line(p, 4, 1200)], { type: 'delivery', site: 'WH1', address: ADDRESS });
    await push(s, till.token, 'sales', [sold]);
    const next = await pull(first.checkpoint);
    expect(next.documents.map((d) => d.id)).toEqual([p]);
    expect(next.documents[0]?.sites.find((x) => x.code === 'WH1')?.available).toBe(2);
    expect((await pull(next.checkpoint)).documents).toEqual([]);
  });

  it.skipIf(skip)('refunding a placed order cancels it and releases its reservation', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 2 }], { price: 3000 });
    const sold = sale([line(p, 2, 3000)], { type: 'delivery', site: 'WH1', address: ADDRESS });
    await push(s, till.token, 'sales', [sold]);
    const orderId = (await tillOrder(sold.id))?.order_id ?? '';
    expect(await stockAt(p, 'WH1')).toEqual({ onHand: 2, reserved: 2 });
    const back = refund(sold);
    await push(s, till.token, 'sales', [back]);
    expect((await ackOf(s.db, back.id))?.status).toBe('applied');
    expect((await order(orderId)).state).toBe('cancelled');
    const [told] = await s.db.query<{ body: string }>(`SELECT body FROM webhook_events WHERE resource = $1 AND type = 'order.cancelled'`, [`order:${orderId}`]);
    expect(JSON.parse(told?.body ?? '{}')).toMatchObject({ data: { reason: 'refunded', order: { state: 'cancelled' } } });
    expect(await stockAt(p, 'WH1')).toEqual({ onHand: 2, reserved: 0 });
    expect(await reservationViolations(s.db)).toEqual([]);
  });

  it.skipIf(skip)('the till channel invoicing on order: each order is invoiced with its sale, settled from the deposit at once; its shipment posts the cost; a refund credits the invoice and gives the deposit back', async () => {
    const admin = await s.login('admin', 'admin');
    const policy = (invoicePolicy: string): Promise<{ status: number }> => s.api('/api/admin/channels/pos', { method: 'PATCH', token: admin, body: { invoicePolicy } });
    expect((await policy('order')).status).toBe(200);
    try {
      const p = await makeProduct(s.db, [{ site: 'WH1', qty: 4 }], { price: 3000, cost: 1000 });
      const [deposits, revenue, receivable] = [await balance('2400'), await balance('4000'), await balance('1100')];
      const documents = (orderId: string): Promise<{ id: string; kind: string; total: string; credit_of: string | null }[]> =>
        s.db.query('SELECT id, kind, total, credit_of FROM invoices WHERE order_id = $1 ORDER BY kind DESC, number', [orderId]);

      // Shipped: invoiced in the sale's own transaction, the receivable paid from the deposit at once.
      const shipped = line(p, 1, 3000);
      const first = sale([shipped], { type: 'delivery', site: 'WH1', address: ADDRESS });
      await push(s, till.token, 'sales', [first]);
      const firstOrder = (await tillOrder(first.id))?.order_id ?? '';
      expect((await documents(firstOrder)).map((d) => [d.id, d.kind, Number(d.total)])).toEqual([[`invoice:order:${firstOrder}`, 'invoice', shipped.total]]);
      const net = shipped.total - (shipped.taxes[0]?.amount ?? 0);
      expect([await balance('2400'), await balance('4000'), await balance('1100')]).toEqual([deposits, revenue + net, receivable]);
      const station = (await s.pairDevice('scanner', 'WH1')) as Device;
      const [doc] = (await pickingDocs(s.db, firstOrder)).filter((d) => d.state === 'ready');
      if (!doc) throw new Error('no ready picking');
      const validate = pickingEvent(station, 'validate', doc.id, { lines: pickAll(doc) });
      await pushEvents(s, station, [pickingEvent(station, 'claim', doc.id), validate]);
      expect((await ackOf(s.db, validate.id))?.status).toBe('applied');
      expect((await s.db.query<{ kind: string }>('SELECT kind FROM journal_entries WHERE event_id = $1', [validate.id])).map((e) => e.kind)).toEqual(['delivery']);
      expect((await documents(firstOrder)).length).toBe(1);

      // Refunded before it left: the order is cancelled, its invoice credited, the deposit given back.
      const refunded = line(p, 2, 3000);
      const second = sale([refunded], { type: 'delivery', site: 'WH1', address: ADDRESS });
      await push(s, till.token, 'sales', [second]);
      const secondOrder = (await tillOrder(second.id))?.order_id ?? '';
      await push(s, till.token, 'sales', [refund(second)]);
      expect((await order(secondOrder)).state).toBe('cancelled');
      expect((await documents(secondOrder)).map((d) => [d.kind, Number(d.total), d.credit_of])).toEqual([
        ['invoice', refunded.total, null], ['credit_note', -refunded.total, `invoice:order:${secondOrder}`],
      ]);
      expect([await balance('2400'), await balance('4000'), await balance('1100')]).toEqual([deposits, revenue + net, receivable]);
      expect((await reconcile(s.db)).ok).toBe(true);
    } finally {
      expect((await policy('delivery')).status).toBe(200);
    }
  });
});
