// Issue 16 point 4 at the till, in Chromium: a web order shipped from the warehouse (validated by a
// scanner station, invoiced on delivery) is brought back to the store. The cashier opens Return →
// Web or marketplace order, scans the packing slip's code, cannot take back more than was delivered,
// returns one of two (one back on the shelf) with a refund to the web payment, and the till prints the
// refund. The server applies it once: the credit note names the original invoice, the unit is back
// in the store's stock, return.received is in the outbox. Offline, the till says the lookup needs the
// server. Screenshots at 1024×768 in the temp directory `aisle-till-order-returns`.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { orderView } from '../../sync-server/warehouse/order-view.ts';
import { submitOrder } from '../../sync-server/warehouse/orders.ts';
import { ackOf, pickAll, pickingDocs, pickingEvent, pushEvents, siteStock, type Device } from '../warehouse/wh-harness.ts';
import type { TillPage } from './pages/till-page.ts';
import { openShift, productIdOf, startTillE2e, stopTillE2e, type E2eProduct, type TillE2eServer } from './till-harness.ts';

const SHOTS = join(tmpdir(), 'aisle-till-order-returns');

describe('till: a web order returned at the store', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let page: Page;
  let till: TillPage;
  let products: E2eProduct[];

  beforeAll(async () => {
    ({ env, browser, page, till, products } = await startTillE2e({ products: 1 }));
    mkdirSync(SHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await stopTillE2e(env, browser);
  });

  const productId = (ean: string): Promise<string> => productIdOf(env, ean);
  const storeOnHand = async (id: string): Promise<number> => (await siteStock(env.server.db, id, 'STORE1')).onHand;

  it('finds the order by its packing slip, refunds one item to the web payment with a credit note against the invoice', async () => {
    const [beans] = products as [E2eProduct];
    const beansId = await productId(beans.ean);
    const admin = await env.server.login('admin', 'admin');
    expect((await env.server.api('/api/admin/webhooks/endpoints', { token: admin, body: { url: 'http://127.0.0.1:9/hooks', channel: 'web', eventTypes: ['return.received'] } })).status).toBe(201);

    // The web shop's order, shipped from the warehouse: delivered and invoiced.
    const placed = await submitOrder(env.server.db, { id: 'e2e-shop', channel: 'web' }, 'web-5001', {
      channel: 'web', externalRef: 'WEB-5001', customer: { name: 'Ada Lovelace', email: 'ada@example.com' }, lines: [{ productId: beansId, qty: 2 }],
    });
    const order = placed.body;
    const station = (await env.server.pairDevice('scanner', 'WH1')) as Device;
    const [slip] = (await pickingDocs(env.server.db, order.orderId)).filter((d) => d.state === 'ready');
    if (!slip) throw new Error('no picking to ship');
    const validate = pickingEvent(station, 'validate', slip.id, { lines: pickAll(slip) });
    await pushEvents(env.server, station, [pickingEvent(station, 'claim', slip.id), validate]);
    expect((await ackOf(env.server.db, validate.id))?.status).toBe('applied');
    expect((await orderView(env.server.db, order.orderId)).state).toBe('done');
    const slipCode = (await orderView(env.server.db, order.orderId)).pickings[0]?.reference ?? '';
    const before = await storeOnHand(beansId);

    await openShift(till, env);
    const tillId = await till.deviceId();
    await page.getByRole('button', { name: 'Return' }).click();
    await page.getByRole('button', { name: 'Web or marketplace order' }).click();
    await page.getByRole('heading', { name: 'Web order return' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'order-return-find-1024x768.png') });

    // The packing slip's code, scanned into the field.
    await page.getByLabel('Packing slip, order reference or customer').fill(slipCode);
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    const opened = page.getByRole('region', { name: 'Order WEB-5001' });
    await opened.waitFor({ timeout: 15_000 });
    expect(await opened.textContent()).toContain('Ada Lovelace · web · paid online');
    const row = opened.getByRole('row', { name: new RegExp(beans.name) });
    // The item's name alone, its price in its own right-aligned column, with the currency.
    const cells = row.getByRole('cell');
    expect((await cells.allTextContents()).slice(0, 5)).toEqual([beans.name, formatMoneyWithSymbol(beans.price, 'EUR'), '2', '0', '2']);
    expect(await cells.nth(1).evaluate((el) => getComputedStyle(el).textAlign)).toBe('right');
    // All of its columns inside the order's panel at 1024×768, the Damaged box included.
    const overflow = await opened.evaluate((section) => (section.querySelector('table')?.getBoundingClientRect().right ?? Infinity) - section.getBoundingClientRect().right);
    expect(overflow).toBeLessThanOrEqual(0);

    // Never more than delivered minus returned.
    await page.getByLabel(`Return quantity ${beans.name}`).fill('3');
    await page.getByRole('button', { name: /^Refund/ }).click();
    expect(await till.alertText()).toBe(`Only 2 of ${beans.name} can be returned (2 delivered, 0 already returned)`);
    await page.getByLabel(`Return quantity ${beans.name}`).fill('0');
    await opened.getByRole('button', { name: `One more ${beans.name}` }).click();
    expect(await page.getByRole('radio', { name: 'To the web payment' }).isChecked()).toBe(true);
    const refund = formatMoneyWithSymbol(beans.price, 'EUR');
    await expect.poll(() => page.getByRole('button', { name: /^Refund/ }).textContent()).toBe(`Refund ${refund}`);
    await page.screenshot({ path: join(SHOTS, 'order-return-lines-1024x768.png') });
    await page.getByRole('button', { name: /^Refund/ }).click();

    const receiptNo = await till.expectPaid();
    const receipt = (await page.getByLabel('Receipt').textContent()) ?? '';
    expect(receipt).toMatch(/Order returned\s+WEB-5001/);
    expect(receipt).toContain('Refund to order payment');
    expect(receipt).toContain(beans.name);
    await page.screenshot({ path: join(SHOTS, 'order-return-refunded-1024x768.png') });
    await till.newSale();

    // The server: applied once, credit note against the original invoice, stock back, channel told.
    await expect.poll(async () => (await orderView(env.server.db, order.orderId)).lines[0]?.returned, { timeout: 60_000 }).toBe(1);
    const [sale] = (await env.serverSales(tillId)).filter((s) => s.returnOfOrder);
    expect(sale).toMatchObject({ kind: 'return', receiptNo, total: -beans.price, returnOfOrder: { orderId: order.orderId, orderRef: 'WEB-5001' } });
    expect(sale?.payments.map((p) => [p.method, p.amount])).toEqual([['order_refund', -beans.price]]);
    expect((await ackOf(env.server.db, sale?.id ?? ''))).toMatchObject({ status: 'applied', problems: [] });
    const docs = await env.server.db.query<{ id: string; kind: string; number: string; total: string; credit_of: string | null }>(
      'SELECT id, kind, number, total, credit_of FROM invoices WHERE order_id = $1 ORDER BY kind DESC', [order.orderId],
    );
    expect(docs.map((d) => [d.kind, Number(d.total)])).toEqual([['invoice', 2 * beans.price], ['credit_note', -beans.price]]);
    expect(docs[1]?.credit_of).toBe(docs[0]?.id);
    expect(await storeOnHand(beansId)).toBe(before + 1);
    const told = await env.server.db.query<{ body: string }>(`SELECT body FROM webhook_events WHERE resource = $1 AND type = 'return.received'`, [`order:${order.orderId}`]);
    expect(told).toHaveLength(1);
    expect(JSON.parse(told[0]?.body ?? '{}')).toMatchObject({ data: { return: { receiptNo, creditNote: { number: docs[1]?.number, creditOf: docs[0]?.number }, refund: { toOrderPayment: beans.price } } } });

    // The same order again: one left to return. Offline, the till says why it cannot look it up.
    await page.getByRole('button', { name: 'Return' }).click();
    await page.getByRole('button', { name: 'Web or marketplace order' }).click();
    await page.getByLabel('Packing slip, order reference or customer').fill('web-5001');
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await expect.poll(async () => opened.getByRole('row', { name: new RegExp(beans.name) }).getByRole('cell').allTextContents(), { timeout: 15_000 })
      .toEqual(expect.arrayContaining(['2', '1']));
    await env.stopHttp();
    await expect.poll(() => page.getByLabel('Connection').textContent(), { timeout: 20_000 }).toBe('Offline');
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await expect.poll(() => till.alertText(), { timeout: 15_000 }).toMatch(/^The till is offline and cannot look orders up/);
    await page.screenshot({ path: join(SHOTS, 'order-return-offline-1024x768.png') });
    await env.startHttp();
  }, 300_000);
});
