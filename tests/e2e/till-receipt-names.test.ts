// Store time and names (issue 12, points 12 and 13), in Chromium against the real server, on a
// device whose own clock is in New York while the store is in Paris: the till's clock and the
// receipt say store time; the receipt names the customer with its tax number (never its id), says
// each tax rate once and counts units; a refund names the original receipt; a flagged event names
// the product and the receipt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Sale } from '../../shared/schemas/index.ts';
import { formatStoreDateTime } from '../../shared/time/index.ts';
import type { TillPage } from './pages/till-page.ts';
import { openShift, startTillE2e, stopTillE2e, type E2eProduct, type TillE2eServer } from './till-harness.ts';

const STORE_ZONE = 'Europe/Paris';

describe('till: store time and names on receipts and screens', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let page: Page;
  let till: TillPage;
  let products: E2eProduct[];
  let tillId = '';

  beforeAll(async () => {
    ({ env, browser, page, till, products } = await startTillE2e({ products: 3, page: { timezoneId: 'America/New_York' } }));
  }, 180_000);

  afterAll(() => stopTillE2e(env, browser));

  const storeMinutes = (): string[] => {
    const now = Date.now();
    return [now - 60_000, now, now + 60_000].map((t) => formatStoreDateTime(new Date(t), STORE_ZONE).slice(11));
  };

  it('shows the store time on the till, not the device time', async () => {
    await openShift(till, env);
    tillId = await till.deviceId();
    await expect.poll(async () => storeMinutes().includes((await page.getByLabel('Store time').textContent()) ?? ''), { timeout: 15_000 }).toBe(true);
  }, 120_000);

  let receiptNo = '';
  it('prints the customer by name and tax number, store time, units and each tax rate once', async () => {
    const [a, b] = products;
    if (!a || !b) throw new Error('seed has too few products');
    const [acme] = await env.server.db.query<{ id: string; name: string; tax_number: string }>("SELECT id, name, tax_number FROM customers WHERE tax_number IS NOT NULL LIMIT 1");
    if (!acme) throw new Error('seed has no business customer');
    await till.enterCode(a.ean);
    await till.enterCode(a.ean);
    await till.enterCode(b.ean);
    await till.expectLines(2);
    expect(await page.getByLabel('Item count').textContent()).toBe('3');
    expect(await page.getByLabel('Total due').textContent()).toMatch(/€/);
    await page.getByLabel('Customer', { exact: true }).fill(acme.name.slice(0, 4));
    await page.getByRole('button', { name: acme.name }).click();
    await till.startPayment();
    await till.tender('Cash');
    receiptNo = await till.expectPaid();
    const receipt = (await page.getByLabel('Receipt').textContent()) ?? '';
    expect(receipt).toMatch(new RegExp(`Customer +${acme.name}`));
    expect(receipt).toMatch(new RegExp(`Tax no\\. +${acme.tax_number}`));
    expect(receipt).not.toContain(acme.id);
    expect(receipt).toMatch(/Items +3\n/);
    // The first demo products are apples: groceries, at the reduced rate.
    expect(receipt).toMatch(/\nVAT 5\.5% +\d/);
    expect(receipt).not.toMatch(/VAT 20% 20%|VAT 5\.5% 5\.5%/);
    await expect.poll(async () => (await env.serverSales(tillId)).length, { timeout: 30_000 }).toBe(1);
    const [sale] = await env.serverSales(tillId);
    expect(receipt).toContain(formatStoreDateTime((sale as Sale).createdAt, STORE_ZONE));
    await till.newSale();
  }, 90_000);

  it('names the original receipt on a refund, not its id', async () => {
    await till.findSaleToReturn(receiptNo);
    const [a] = products;
    await page.getByLabel(`Return quantity ${a?.name}`).fill('1');
    await page.getByLabel('Refund tender').selectOption('cash');
    await page.getByRole('button', { name: 'Refund' }).click();
    await till.expectPaid();
    const receipt = (await page.getByLabel('Receipt').textContent()) ?? '';
    expect(receipt).toMatch(new RegExp(`Original receipt +${receiptNo}`));
    expect(receipt).not.toContain('Original sale');
    await till.newSale();
  }, 60_000);

  it('names the product and the receipt of a flagged event', async () => {
    const [, , c] = products;
    if (!c) throw new Error('seed has too few products');
    const [product] = await env.server.db.query<{ id: string }>('SELECT id FROM products WHERE name = $1', [c.name]);
    // No stock left in the store: the sale is kept and flagged "stock was short".
    await env.server.db.query('UPDATE quants SET on_hand = 0 WHERE product_id = $1', [product?.id ?? '']);
    const shortReceipt = await till.sellAndPayCash([c.ean]);
    await till.newSale();
    const flagged = page.getByRole('button', { name: /Flagged events/ });
    await flagged.waitFor({ timeout: 30_000 });
    await flagged.click();
    const list = page.getByRole('list', { name: 'Flagged events' });
    await expect.poll(() => list.textContent(), { timeout: 10_000 }).toContain(`"${c.name}"`);
    const text = (await list.textContent()) ?? '';
    // What the server did, in words: the sale is kept and flagged (not the status code "exception").
    expect(text).toContain(`Recorded with a warning: Sale receipt ${shortReceipt}`);
    expect(text).not.toContain('exception');
    expect(text).not.toContain(product?.id ?? '');
  }, 90_000);
});
