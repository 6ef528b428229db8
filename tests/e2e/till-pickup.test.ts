// Issue 16 point 1 at the till, in Chromium: a web click-and-collect order placed while the till is
// offline reaches its pickup queue when the till reconnects; the customer's QR code (the order
// reference) scanned on the sale screen opens it; the cashier hands over part of it and takes the
// payment at the till — offline — and once the server is back it applies the hand-over once: the
// order is partly delivered, the rest stays reserved and in the queue. Screenshots of the pickup
// screens at 1024×768 in the temp directory `aisle-till-pickups`.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { formatMoney, formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { orderView } from '../../sync-server/warehouse/order-view.ts';
import { submitOrder } from '../../sync-server/warehouse/orders.ts';
import type { TillPage } from './pages/till-page.ts';
import { openShift, productIdOf, startTillE2e, stopTillE2e, type E2eProduct, type TillE2eServer } from './till-harness.ts';

const SHOTS = join(tmpdir(), 'aisle-till-pickups');

describe('till pickups', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let page: Page;
  let till: TillPage;
  let products: E2eProduct[];

  beforeAll(async () => {
    ({ env, browser, page, till, products } = await startTillE2e({ products: 2 }));
    mkdirSync(SHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await stopTillE2e(env, browser);
  });

  const connection = (): Promise<string | null> => page.getByLabel('Connection').textContent();
  const productId = (ean: string): Promise<string> => productIdOf(env, ean);

  it('a web pickup order placed while the till was offline appears on it, is handed over partially and paid at the till', async () => {
    const [beans, mug] = products as [E2eProduct, E2eProduct];
    await openShift(till, env);
    const tillId = await page.evaluate(() => (JSON.parse(localStorage.getItem('aisle.device') ?? '{}') as { deviceId: string }).deviceId);
    expect(await till.pickupsWaiting()).toBe(0);

    // The web shop's buy-2-get-1 on the beans: the order's 3 beans cost 2 × the price.
    const admin = await env.server.login('admin', 'admin');
    const promo = await env.server.api('/api/admin/promotions', {
      token: admin,
      body: { name: 'Web three for two', trigger: 'automatic', siteIds: [], channels: ['web'], priority: 1, exclusive: false, reward: { kind: 'buy_x_get_y', buyQty: 2, getQty: 1, target: { productIds: [await productId(beans.ean)] }, free: { kind: 'cheapest' } } },
    });
    expect(promo.status, JSON.stringify(promo.body)).toBe(201);

    // The till is offline when the web shop takes the order (to pay in the store).
    await env.stopHttp();
    await expect.poll(connection, { timeout: 20_000 }).toBe('Offline');
    const placed = await submitOrder(env.server.db, { id: 'e2e-shop', channel: 'web' }, 'web-4711', {
      channel: 'web', externalRef: 'WEB-4711', customer: { name: 'Grace Hopper', email: 'grace@example.com' },
      fulfillment: { type: 'pickup', site: 'STORE1', payAtPickup: true },
      lines: [{ productId: await productId(beans.ean), qty: 3 }, { productId: await productId(mug.ean), qty: 1 }],
    });
    const order = placed.body;
    expect(order.lines.map((l) => l.reserved)).toEqual([3, 1]);
    expect(order.lines[0]?.discount).toBe(beans.price);
    expect(await till.pickupsWaiting()).toBe(0);

    // Back online: the queue arrives with the next pull.
    await env.startHttp();
    await expect.poll(() => till.pickupsWaiting(), { timeout: 60_000 }).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'sell-with-pickup-1024x768.png') });

    // The hand-over and the payment happen offline.
    await env.stopHttp();
    await expect.poll(connection, { timeout: 20_000 }).toBe('Offline');
    await till.scan('WEB-4711');
    const opened = page.getByRole('region', { name: 'Order WEB-4711' });
    await opened.waitFor({ timeout: 10_000 });
    await expect.poll(() => opened.textContent()).toContain('Grace Hopper');
    expect(await opened.textContent()).toContain('pays at pickup');
    const beansRow = opened.getByRole('row', { name: new RegExp(beans.name) });
    // The item's name alone; its price, and the order's promotion on the line, in a right-aligned Price column.
    const beansCells = beansRow.getByRole('cell');
    expect((await beansCells.allTextContents()).slice(0, 4)).toEqual([
      beans.name, `${formatMoneyWithSymbol(beans.price, 'EUR')}−${formatMoneyWithSymbol(beans.price, 'EUR')} on all\u00a03`, '3', '0',
    ]);
    expect(await beansCells.nth(1).evaluate((el) => getComputedStyle(el).textAlign)).toBe('right');
    // Every column inside the order's panel at 1024×768, the stepper's + included.
    const overflow = await opened.evaluate((section) => (section.querySelector('table')?.getBoundingClientRect().right ?? Infinity) - section.getBoundingClientRect().right);
    expect(overflow).toBeLessThanOrEqual(0);
    // …and the queue's columns inside the queue, left of the order.
    const queue = page.getByRole('region', { name: 'Pickup queue' });
    const queueOverflow = await queue.evaluate((section) => (section.querySelector('table')?.getBoundingClientRect().right ?? Infinity) - section.getBoundingClientRect().right);
    expect(queueOverflow).toBeLessThanOrEqual(0);
    expect(await queue.getByRole('row', { name: /WEB-4711/ }).textContent()).toContain('To pay');
    await till.handOverQuantity(beans.name, '4');
    await page.getByRole('button', { name: /^Take payment/ }).click();
    expect(await till.alertText()).toBe(`Only 3 of ${beans.name} can be handed over`);
    await till.handOverQuantity(beans.name, '2');
    await till.handOverQuantity(mug.name, '0');
    // 2 of the 3 beans take two thirds of the promotion (the rest goes with the last one).
    const saved = Math.round((2 * beans.price) / 3);
    const charged = 2 * beans.price - saved;
    const toPay = formatMoneyWithSymbol(charged, 'EUR');
    await expect.poll(() => page.getByRole('button', { name: /^Take payment/ }).textContent()).toBe(`Take payment ${toPay}`);
    await page.screenshot({ path: join(SHOTS, 'pickup-order-1024x768.png') });
    await page.getByRole('button', { name: /^Take payment/ }).click();

    await expect.poll(() => page.getByLabel('Amount to pay').textContent()).toBe(toPay);
    expect(await page.getByLabel('Collected order').textContent()).toBe('Order WEB-4711: paid now, handed over with this sale');
    await page.screenshot({ path: join(SHOTS, 'pickup-pay-1024x768.png') });
    await till.tender('Cash');
    const receiptNo = await till.expectPaid();
    const receipt = (await page.getByLabel('Receipt').textContent()) ?? '';
    expect(receipt).toMatch(/Order collected\s+WEB-4711/);
    expect(receipt).toContain('Grace Hopper');
    expect(receipt).toContain(beans.name);
    expect(receipt).toMatch(new RegExp(`Order promotions +-${formatMoney(saved, 'EUR').replace('.', '\\.')}`));
    expect(receipt).toContain(`You saved ${formatMoney(saved, 'EUR')}`);
    await page.screenshot({ path: join(SHOTS, 'pickup-paid-1024x768.png') });
    await till.newSale();

    // Offline still: the queue already counts what was handed over.
    await till.openPickups();
    await till.findPickup('grace');
    const left = page.getByRole('region', { name: 'Order WEB-4711' });
    await left.waitFor();
    expect(await left.getByRole('row', { name: new RegExp(beans.name) }).getByRole('cell').allTextContents()).toEqual(expect.arrayContaining(['3', '2', '1']));
    await page.screenshot({ path: join(SHOTS, 'pickup-queue-1024x768.png') });
    await page.getByRole('button', { name: 'Back to sale' }).click();

    // The server applies the hand-over once: 2 delivered, the rest still held for the customer.
    await env.startHttp();
    await expect.poll(async () => (await orderView(env.server.db, order.orderId)).lines.map((l) => l.delivered), { timeout: 60_000 }).toEqual([2, 0]);
    const now = await orderView(env.server.db, order.orderId);
    expect(now.state).toBe('open');
    expect(now.lines.map((l) => l.reserved)).toEqual([1, 1]);
    const sales = (await env.serverSales(tillId)).filter((s) => s.pickup);
    expect(sales).toHaveLength(1);
    expect(sales[0]).toMatchObject({ receiptNo, total: charged, pickup: { orderId: order.orderId, orderRef: 'WEB-4711', lines: [{ qty: 2 }] } });
    expect(sales[0]?.payments.map((p) => [p.method, p.amount])).toEqual([['cash', charged]]);
    const [event] = await env.server.db.query<{ status: string }>('SELECT status FROM events WHERE id = $1', [sales[0]?.id ?? '']);
    expect(event?.status).toBe('applied');
    // Synced: the server's quantities replace the till's own, without counting the hand-over twice.
    await expect.poll(() => till.unsentCount(), { timeout: 30_000 }).toBe(0);
    await till.openPickups();
    await till.findPickup('WEB-4711');
    await expect.poll(async () => page.getByRole('region', { name: 'Order WEB-4711' }).getByRole('row', { name: new RegExp(beans.name) }).getByRole('cell').allTextContents(), { timeout: 30_000 })
      .toEqual(expect.arrayContaining(['3', '2', '1']));
  }, 300_000);

  it('hands over an order paid online at once: nothing to pay, its items on the receipt', async () => {
    const [, mug] = products as [E2eProduct, E2eProduct];
    await page.getByRole('button', { name: 'Back to sale' }).click();
    const placed = await submitOrder(env.server.db, { id: 'e2e-shop', channel: 'web' }, 'web-4712', {
      channel: 'web', externalRef: 'WEB-4712', customer: { name: 'Katherine Johnson' }, fulfillment: { type: 'pickup', site: 'STORE1' },
      lines: [{ productId: await productId(mug.ean), qty: 2 }],
    });
    await expect.poll(() => till.pickupsWaiting(), { timeout: 60_000 }).toBe(2);
    await till.openPickups();
    await till.findPickup('katherine');
    const opened = page.getByRole('region', { name: 'Order WEB-4712' });
    await opened.waitFor();
    expect(await opened.textContent()).toContain('paid online');
    await page.screenshot({ path: join(SHOTS, 'pickup-paid-online-1024x768.png') });
    await page.getByRole('button', { name: 'Hand over', exact: true }).click();
    const heading = page.getByRole('heading', { name: /^Order WEB-4712 handed over — receipt / });
    await heading.waitFor({ timeout: 15_000 });
    const receipt = (await page.getByLabel('Receipt').textContent()) ?? '';
    expect(receipt).toContain(`2 × ${mug.name}`);
    expect(receipt).toContain('Paid online');
    expect(receipt).not.toContain('TOTAL');
    await page.screenshot({ path: join(SHOTS, 'pickup-handed-over-1024x768.png') });
    await till.newSale();
    await expect.poll(async () => (await orderView(env.server.db, placed.body.orderId)).state, { timeout: 60_000 }).toBe('done');
    await expect.poll(() => till.pickupsWaiting(), { timeout: 30_000 }).toBe(1);
  }, 180_000);
});
