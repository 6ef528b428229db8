// A tax rate scheduled ahead (VAT 5.5 % → 7 % "VAT 7%"), in Chromium against the real server: the
// back office schedules it through the admin API a few seconds ahead, the till gets it with the
// tax's config and goes offline; the line rung up before the instant carries the old rate, the sale
// on screen shows the new tax at the instant without anyone touching it, and the sale completed
// after it — pushed once the server is back — carries the new rate, with no tax exception.
// Screenshot at 1024×768 in the temp directory `aisle-till-tax-switch`.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TaxDetail } from '../../shared/admin-api/catalog.ts';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { computeOrder } from '../../shared/tax/index.ts';
import type { TillPage } from './pages/till-page.ts';
import { openShift, productIdOf, startTillE2e, stopTillE2e, type E2eProduct, type TillE2eServer } from './till-harness.ts';

const SHOTS = join(tmpdir(), 'aisle-till-tax-switch');
/** Enough for the config to reach the till, a scan and the till to see the server gone. */
const AHEAD_MS = 30_000;

describe('till: a tax rate scheduled ahead', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let page: Page;
  let till: TillPage;
  let product: E2eProduct;

  beforeAll(async () => {
    let products: E2eProduct[];
    ({ env, browser, page, till, products } = await startTillE2e({ products: 1 }));
    const [first] = products;
    if (!first) throw new Error('seed has no product');
    product = first;
    mkdirSync(SHOTS, { recursive: true });
    await openShift(till, env);
    await till.waitForCatalog(1);
  }, 240_000);

  afterAll(() => stopTillE2e(env, browser));

  it('switches the open cart at the instant while offline, and the sale completed after it carries the new rate', async () => {
    const productId = await productIdOf(env, product.ean);
    const [row] = await env.server.db.query<{ tax_id: string; name: string; rate: string; price_includes_tax: boolean }>(
      `SELECT t.id AS tax_id, t.name, t.rate::text, p.price_includes_tax FROM product_taxes pt JOIN taxes t ON t.id = pt.tax_id JOIN products p ON p.id = pt.product_id WHERE pt.product_id = $1`,
      [productId],
    );
    if (!row) throw new Error('the product carries no tax');
    // The first demo products are groceries, at the reduced rate.
    expect({ name: row.name, rate: Number(row.rate) }).toEqual({ name: 'VAT 5.5%', rate: 5.5 });
    const taxOf = (rate: number): string =>
      formatMoneyWithSymbol(computeOrder({ lines: [{ qty: 1, unitPrice: product.price, priceIncludesTax: row.price_includes_tax, taxes: [{ taxId: row.tax_id, rate }] }] }).tax, 'EUR');
    const cartTax = () => page.getByRole('region', { name: 'Cart' }).getByLabel('Tax', { exact: true }).textContent();
    expect(taxOf(7)).not.toBe(taxOf(5.5));

    const admin = await env.server.login('admin', 'admin');
    const from = new Date(Date.now() + AHEAD_MS);
    const scheduled = await env.server.api(`/api/admin/taxes/${row.tax_id}/scheduled-rate`, { method: 'PUT', token: admin, body: { rate: 7, from: from.toISOString(), name: 'VAT 7%' } });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(200);
    expect((scheduled.body as TaxDetail).scheduled).toEqual({ rate: 7, from: from.toISOString(), name: 'VAT 7%' });
    // The till holds the schedule in the tax's config (its `next`) before the network goes.
    await expect.poll(async () => (await till.storedConfig('tax')).find((t) => t.name === 'VAT 5.5%')?.next, { timeout: 15_000 })
      .toEqual({ rate: 7, from: from.toISOString(), name: 'VAT 7%' });

    await till.enterCode(product.ean);
    await till.expectLines(1);
    expect(await cartTax()).toBe(taxOf(5.5));

    await env.stopHttp();
    await expect.poll(() => page.getByLabel('Connection').textContent(), { timeout: 20_000 }).toBe('Offline');
    // Still before the instant, so what follows is the till's own doing.
    expect(Date.now()).toBeLessThan(from.getTime());
    expect(await cartTax()).toBe(taxOf(5.5));

    await expect.poll(cartTax, { timeout: AHEAD_MS + 10_000, interval: 250 }).toBe(taxOf(7));
    expect(Date.now()).toBeGreaterThanOrEqual(from.getTime());
    expect(await page.getByRole('status').filter({ hasText: 'Tax rate changed' }).textContent()).toMatch(/^Tax rate changed at \d\d:\d\d: VAT 7%\. The items on screen now carry the new rate\.$/);
    await page.screenshot({ path: join(SHOTS, 'cart-after-switch-1024x768.png') });

    await till.startPayment();
    await till.tender('Cash');
    await till.expectPaid();
    const receipt = (await page.getByLabel('Receipt').textContent()) ?? '';
    expect(receipt).toMatch(/\nVAT 7% +\d/);
    expect(receipt).not.toContain('5.5%');

    await env.startHttp();
    const tillId = await till.deviceId();
    await expect.poll(async () => (await env.serverSales(tillId)).length, { timeout: 60_000 }).toBe(1);
    const [sale] = await env.serverSales(tillId);
    expect(Date.parse(sale?.createdAt ?? '')).toBeGreaterThanOrEqual(from.getTime());
    expect(sale?.lines.map((l) => l.taxes.map((t) => ({ taxId: t.taxId, rate: t.rate })))).toEqual([[{ taxId: row.tax_id, rate: 7 }]]);
    // The server applied the rate from the same instant once it was back, and found nothing wrong with the sale's tax.
    await expect.poll(async () => Number((await env.server.db.query<{ rate: string }>('SELECT rate::text FROM taxes WHERE id = $1', [row.tax_id]))[0]?.rate), { timeout: 15_000 }).toBe(7);
    const problems = await env.server.db.query<{ code: string }>(`SELECT p.code FROM event_problems p JOIN events e ON e.id = p.event_id WHERE e.payload->>'id' = $1`, [sale?.id ?? '']);
    expect(problems.map((p) => p.code).filter((c) => c.startsWith('tax_'))).toEqual([]);
  }, 180_000);

  it('re-rates the sale on screen when a rate is changed at once, naming the tax with the rate charged', async () => {
    const productId = await productIdOf(env, product.ean);
    const [row] = await env.server.db.query<{ tax_id: string; price_includes_tax: boolean }>(
      'SELECT pt.tax_id, p.price_includes_tax FROM product_taxes pt JOIN products p ON p.id = pt.product_id WHERE pt.product_id = $1', [productId],
    );
    if (!row) throw new Error('the product carries no tax');
    const taxOf = (rate: number): string =>
      formatMoneyWithSymbol(computeOrder({ lines: [{ qty: 1, unitPrice: product.price, priceIncludesTax: row.price_includes_tax, taxes: [{ taxId: row.tax_id, rate }] }] }).tax, 'EUR');
    const cartTax = () => page.getByRole('region', { name: 'Cart' }).getByLabel('Tax', { exact: true }).textContent();
    await till.newSale();
    await till.enterCode(product.ean);
    await till.expectLines(1);
    expect(await cartTax()).toBe(taxOf(7));

    // Changed at once (PATCH), its name left saying the old rate: "VAT 7%" at 8 %.
    const admin = await env.server.login('admin', 'admin');
    expect((await env.server.api(`/api/admin/taxes/${row.tax_id}`, { method: 'PATCH', token: admin, body: { rate: 8 } })).status).toBe(200);
    await expect.poll(cartTax, { timeout: 20_000, interval: 250 }).toBe(taxOf(8));
    expect(await page.getByRole('status').filter({ hasText: 'Tax rate changed' }).textContent()).toBe('Tax rate changed: VAT 8%. The items on screen now carry the new rate.');
    await page.screenshot({ path: join(SHOTS, 'cart-after-change-at-once-1024x768.png') });

    await till.startPayment();
    await till.tender('Cash');
    await till.expectPaid();
    const receipt = (await page.getByLabel('Receipt').textContent()) ?? '';
    expect(receipt).toMatch(/\nVAT 8% +\d/);
    expect(receipt).not.toContain('VAT 7%');
  }, 120_000);
});
