// Issue 16 point 3 at the till, in Chromium: the store has none of an item, the till shows where it
// is (the replicated availability, live), the cashier orders it from the warehouse for delivery and
// takes payment, and the server reserves it there and makes the warehouse delivery; with the till
// offline and the last unit sold to the web meanwhile, the sale arrives to no stock: no order, no
// oversell, and the till shows the exception with its refund, which the cashier makes. Screenshots
// at 1024×768 in the temp directory `aisle-till-aisle`.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { applyMoves } from '../../sync-server/stock/moves.ts';
import { submitOrder } from '../../sync-server/warehouse/orders.ts';
import type { TillPage } from './pages/till-page.ts';
import { openShift, productIdOf, startTillE2e, stopTillE2e, type E2eProduct, type TillE2eServer } from './till-harness.ts';
import { siteStock } from '../warehouse/wh-harness.ts';

const SHOTS = join(tmpdir(), 'aisle-till-aisle');
const ADDRESS = 'Ada Lovelace\n12 Rue de la Paix\n75002 Paris';

describe('till endless aisle', () => {
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

  /** Sets what a site holds of the product: everything it had goes out, `qty` comes into its stock location (stock moves, published like any). */
  async function setStock(product: string, site: string, qty: number): Promise<void> {
    await env.server.db.transaction(async (tx) => {
      await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
      const [loc] = await tx.query<{ stock: string; loss: string }>(
        `SELECT l.id AS stock, (SELECT v.id FROM locations v WHERE v.site_id = l.site_id AND v.usage = 'inventory_loss') AS loss
         FROM locations l JOIN sites s ON s.id = l.site_id WHERE s.code = $1 AND l.full_name = $1 || '/Stock'`,
        [site],
      );
      if (!loc) throw new Error(`no stock location at ${site}`);
      const held = await tx.query<{ location_id: string; lot: string; on_hand: string }>(
        `SELECT q.location_id, q.lot, q.on_hand FROM quants q JOIN locations l ON l.id = q.location_id JOIN sites s ON s.id = l.site_id
         WHERE s.code = $1 AND l.usage = 'internal' AND q.product_id = $2 AND q.on_hand > 0`,
        [site, product],
      );
      await applyMoves(tx, [
        ...held.map((h) => ({ productId: product, qty: Number(h.on_hand), fromLocationId: h.location_id, toLocationId: loc.loss, reason: 'count' as const, ...(h.lot ? { lot: h.lot } : {}) })),
        ...(qty > 0 ? [{ productId: product, qty, fromLocationId: loc.loss, toLocationId: loc.stock, reason: 'count' as const }] : []),
      ]);
    });
  }

  /** Order elsewhere → the item found by its SKU (the hit that shows exactly that SKU). */
  async function findItem(item: E2eProduct): Promise<void> {
    const [row] = await env.server.db.query<{ sku: string }>('SELECT sku FROM products WHERE id = $1', [await productId(item.ean)]);
    const sku = row?.sku ?? '';
    await page.getByRole('button', { name: 'Order elsewhere' }).click();
    await page.getByLabel('Item name or SKU').fill(sku);
    await page.getByRole('region', { name: 'Items found' }).getByRole('button', { name: `${item.name} ${sku} ·`, exact: false }).first().click();
  }

  const stockAt = (productId: string, site: string): Promise<{ onHand: number; reserved: number }> => siteStock(env.server.db, productId, site);

  /** Order elsewhere → finds the item, waits until the till shows `available` at the warehouse, orders `qty` for delivery. */
  async function orderForDelivery(item: E2eProduct, available: string): Promise<void> {
    await findItem(item);
    await expect.poll(() => page.getByLabel('Available at Demo Warehouse').textContent(), { timeout: 30_000 }).toBe(available);
    expect(await page.getByLabel('Available at Demo Store').textContent()).toBe('0');
    await page.getByRole('button', { name: 'Order from Demo Warehouse' }).click();
    await page.getByLabel('Delivery address').fill(ADDRESS);
    await page.getByLabel('Phone').fill('06 12 34 56 78');
  }

  it('orders an item the store lacks from the warehouse: paid at the till, reserved there, its delivery made; the till sees the warehouse’s stock change', async () => {
    const [espresso] = products as [E2eProduct];
    const p = await productId(espresso.ean);
    await setStock(p, 'STORE1', 0);
    await setStock(p, 'WH1', 5);
    await openShift(till, env);

    await orderForDelivery(espresso, '5');
    await page.screenshot({ path: join(SHOTS, 'aisle-where-1024x768.png') });
    // Each fulfilment choice reads on one line, its radio beside its words, level with the quantity field.
    const quantity = await page.getByLabel('Quantity to order').boundingBox();
    for (const name of ['gets it delivered', 'collects it at a store']) {
      const radio = page.getByRole('radio', { name });
      const [box, words] = await Promise.all([radio.boundingBox(), radio.evaluate((el) => {
        const range = document.createRange();
        range.selectNodeContents(el.parentElement ?? el);
        range.setStartAfter(el);
        const r = range.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, left: r.left };
      })]);
      if (!box || !quantity) throw new Error(`no box for ${name} or the quantity`);
      const middle = box.y + box.height / 2;
      expect(middle).toBeGreaterThan(words.top);
      expect(middle).toBeLessThan(words.bottom);
      expect(words.left).toBeGreaterThanOrEqual(box.x + box.width);
      expect(Math.abs(middle - (quantity.y + quantity.height / 2))).toBeLessThanOrEqual(8);
    }
    await page.screenshot({ path: 'test-results/till/aisle-fulfilment-1024x768.png' });
    await page.getByRole('button', { name: /^Add to sale/ }).click();
    await expect.poll(() => page.getByLabel('Ordered').textContent()).toBe(' Ordered · delivery from WH1');
    await page.screenshot({ path: join(SHOTS, 'aisle-cart-1024x768.png') });
    await till.startPayment();
    await till.tender('Cash');
    const receiptNo = await till.expectPaid();
    const receipt = (await page.getByLabel('Receipt').textContent()) ?? '';
    expect(receipt).toContain('Ordered for you');
    expect(receipt).toMatch(/Delivered from\s+WH1/);
    expect(receipt).toContain('12 Rue de la Paix');
    await page.screenshot({ path: join(SHOTS, 'aisle-paid-1024x768.png') });
    await till.newSale();

    // The server reserves it at the warehouse and makes the delivery.
    const tillId = await till.deviceId();
    await expect.poll(async () => (await env.serverSales(tillId)).filter((s) => s.customerOrder).length, { timeout: 60_000 }).toBe(1);
    const [sale] = (await env.serverSales(tillId)).filter((s) => s.customerOrder);
    expect(sale).toMatchObject({ receiptNo, customerOrder: { fulfillment: { type: 'delivery', site: 'WH1', address: ADDRESS, phone: '06 12 34 56 78' } } });
    const [made] = await env.server.db.query<{ state: string; order_id: string }>('SELECT state, order_id FROM till_customer_orders WHERE sale_id = $1', [sale?.id ?? '']);
    expect(made?.state).toBe('ordered');
    const pickings = await env.server.db.query<{ kind: string; state: string; code: string }>(
      'SELECT p.kind, p.state, s.code FROM pickings p JOIN sites s ON s.id = p.site_id WHERE p.order_id = $1', [made?.order_id ?? ''],
    );
    expect(pickings).toEqual([{ kind: 'delivery', state: 'ready', code: 'WH1' }]);
    expect(await stockAt(p, 'WH1')).toEqual({ onHand: 5, reserved: 1 });
    expect(await stockAt(p, 'STORE1')).toEqual({ onHand: 0, reserved: 0 });
    const [event] = await env.server.db.query<{ status: string }>('SELECT status FROM events WHERE id = $1', [sale?.id ?? '']);
    expect(event?.status).toBe('applied');

    // Live: the reservation (and any other change of the warehouse's stock) reaches the till.
    await findItem(espresso);
    await expect.poll(() => page.getByLabel('Available at Demo Warehouse').textContent(), { timeout: 30_000 }).toBe('4');
    await setStock(p, 'WH1', 9);
    await expect.poll(() => page.getByLabel('Available at Demo Warehouse').textContent(), { timeout: 30_000 }).toBe('8');
    await page.getByRole('button', { name: 'Back to sale' }).click();
  }, 300_000);

  it('offline, the warehouse’s last unit is sold meanwhile: no order, no oversell, the exception shown on the till with its refund', async () => {
    const [, grinder] = products as [E2eProduct, E2eProduct];
    const p = await productId(grinder.ean);
    await setStock(p, 'STORE1', 0);
    await setStock(p, 'WH1', 1);
    const tillId = await till.deviceId();

    // The till sees the unit; then the network goes.
    await findItem(grinder);
    await expect.poll(() => page.getByLabel('Available at Demo Warehouse').textContent(), { timeout: 30_000 }).toBe('1');
    await page.getByRole('button', { name: 'Back to sale' }).click();
    await env.stopHttp();
    await expect.poll(connection, { timeout: 20_000 }).toBe('Offline');

    await orderForDelivery(grinder, '1');
    await page.getByRole('button', { name: /^Add to sale/ }).click();
    await till.startPayment();
    await till.tender('Cash');
    const receiptNo = await till.expectPaid();
    await till.newSale();
    // Meanwhile the web shop takes the warehouse's last unit.
    const web = await submitOrder(env.server.db, { id: 'e2e-shop', channel: 'web' }, 'web-last-unit', {
      channel: 'web', externalRef: 'WEB-9001', lines: [{ productId: p, qty: 1 }],
    });
    expect(web.body.lines[0]?.reserved).toBe(1);

    // Back online: the sale is applied once, as an exception, with nothing reserved for it.
    await env.startHttp();
    await expect.poll(() => till.unsentCount(), { timeout: 60_000 }).toBe(0);
    const flaggedButton = page.getByRole('button', { name: /^Flagged events: / });
    await flaggedButton.waitFor({ timeout: 60_000 });
    await flaggedButton.click();
    const flagged = page.getByRole('list', { name: 'Flagged events' });
    await expect.poll(() => flagged.textContent(), { timeout: 30_000 }).toContain(`Sale receipt ${receiptNo}`);
    const text = (await flagged.textContent()) ?? '';
    expect(text).toContain(`the customer order (1 × ${grinder.name}) was not placed: Demo Warehouse no longer has the stock`);
    expect(text).toContain('refund the customer');
    await page.screenshot({ path: join(SHOTS, 'aisle-exception-1024x768.png') });
    expect(await stockAt(p, 'WH1')).toEqual({ onHand: 1, reserved: 1 });
    const sales = (await env.serverSales(tillId)).filter((s) => s.receiptNo === receiptNo);
    expect(sales).toHaveLength(1);
    const rows = await env.server.db.query<{ state: string; order_id: string | null }>('SELECT state, order_id FROM till_customer_orders WHERE sale_id = $1', [sales[0]?.id ?? '']);
    expect(rows).toEqual([{ state: 'unavailable', order_id: null }]);

    // The refund path: from the flagged sale to the return screen, refunded in cash.
    await page.getByRole('button', { name: `Refund receipt ${receiptNo}` }).click();
    const row = page.getByRole('row', { name: new RegExp(grinder.name) });
    await row.waitFor({ timeout: 15_000 });
    // The ordered line comes prefilled, to be refunded in the tender it was paid with.
    expect(await page.getByLabel(`Return quantity ${grinder.name}`).inputValue()).toBe('1');
    expect(await page.getByLabel('Refund tender').inputValue()).toBe('cash');
    await page.screenshot({ path: join(SHOTS, 'aisle-refund-1024x768.png') });
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    const refundNo = await till.expectPaid();
    await till.newSale();
    await page.getByRole('button', { name: /^Flagged events: / }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Flagged events' }).textContent(), { timeout: 15_000 }).toContain(`refunded on receipt ${refundNo}`);
    await expect.poll(async () => (await env.serverSales(tillId)).filter((s) => s.receiptNo === refundNo).length, { timeout: 60_000 }).toBe(1);
    await expect.poll(() => till.unsentCount(), { timeout: 60_000 }).toBe(0);
    expect(await stockAt(p, 'STORE1')).toEqual({ onHand: 0, reserved: 0 });
    expect(await stockAt(p, 'WH1')).toEqual({ onHand: 1, reserved: 1 });
  }, 300_000);
});
