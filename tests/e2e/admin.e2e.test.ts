// Issue 13 "Show" in Chromium against the real sync server: an admin creates a product in the
// back office and an already paired, open till sells it on the next scan; a price change is
// charged on the next scan; a pairing code made in the UI pairs a fresh till; revoking that till
// locks it out within seconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { withCheckDigit } from '../../shared/barcode/gtin.ts';
import { launchChromium } from '../support/browser.ts';
import { AdminPage } from './pages/admin-page.ts';
import { TillPage } from './pages/till-page.ts';
import { openShift, startTillServer, type TillE2eServer } from './till-harness.ts';

describe('back office in the browser', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let tillPage: Page;
  let till: TillPage;
  let adminContext: BrowserContext;
  let admin: AdminPage;
  const ean = withCheckDigit('209900000123');
  const name = 'Back office green tea';

  beforeAll(async () => {
    env = await startTillServer({ products: 50 });
    browser = await launchChromium();
    tillPage = await (await browser.newContext()).newPage();
    tillPage.on('pageerror', (error) => console.error('till page error:', error.message));
    till = new TillPage(tillPage);
    await openShift(till, env);
    adminContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    admin = new AdminPage(await adminContext.newPage());
    await admin.open(env.url);
    await admin.login('admin', 'admin');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('fits a phone (360×640): every page and its new-item form within the screen width — fields one per row, wide tables scrolling in their own box', async () => {
    const phone = await browser.newContext({ viewport: { width: 360, height: 640 } });
    const page = await phone.newPage();
    const onPhone = new AdminPage(page);
    await onPhone.open(env.url);
    await onPhone.login('admin', 'admin');
    const pageWidth = (): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth);
    for (const slug of ['products', 'customers', 'orders', 'promotions', 'taxes', 'sites', 'users', 'devices', 'channels', 'webhooks', 'purchase-orders', 'count-tasks', 'audit']) {
      await page.goto(`${env.url}/admin/${slug}`);
      await page.locator('main').getByRole('heading', { level: 2 }).first().waitFor();
      await page.locator('main').getByRole('table').or(page.locator('main form')).first().waitFor({ timeout: 5000 }).catch(() => undefined);
      const add = page.locator('main').getByRole('button', { name: /^New / }).first();
      if (await add.isVisible()) await add.click();
      expect(await pageWidth(), slug).toBeLessThanOrEqual(360);
      // A form's fields stack: no two of them side by side.
      const form = page.locator('main form.grid').first();
      if (await form.isVisible()) {
        const lefts = await form.locator(':scope > label').evaluateAll((labels) => labels.map((l) => Math.round(l.getBoundingClientRect().left)));
        expect(new Set(lefts).size, slug).toBeLessThanOrEqual(1);
      }
    }
    await phone.close();
  }, 180_000);

  const lineText = (): Promise<string> => tillPage.getByRole('row', { name: `Line ${name}` }).innerText();

  it('creates a product with a barcode, price and tax, and the open till sells it on the next scan', async () => {
    await admin.createProduct({ name, sku: 'BO-TEA-1', barcode: ean, price: '3.40', taxes: ['VAT 20%'] });
    await expect.poll(() => admin.status().count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(async () => {
      await till.enterCode(ean);
      return till.lineCount();
    }, { timeout: 20_000, interval: 1_000 }).toBeGreaterThan(0);
    expect(await lineText()).toContain('3.40');
    await till.startPayment();
    await till.tender('Cash');
    await till.expectPaid();
    await till.newSale();
  }, 90_000);

  it('changes the price and the till charges the new one on the next scan', async () => {
    await admin.changePrice(name, '4.10');
    await expect.poll(() => admin.status().count(), { timeout: 15_000 }).toBe(1);
    // Until the change has reached the till, a scan still shows the old price: void and scan again.
    await expect.poll(async () => {
      await till.enterCode(ean);
      const text = await lineText();
      if (!text.includes('4.10')) await till.voidSale(true);
      return text;
    }, { timeout: 20_000, interval: 1_500 }).toContain('4.10');
    expect(await lineText()).not.toContain('3.40');
  }, 90_000);

  it("shows a product's history: who created it and changed its price, newest first, in words and money", async () => {
    await admin.page.getByRole('row', { name: `Product ${name}` }).getByRole('button', { name: 'History' }).click();
    const history = admin.page.getByRole('region', { name: `History of ${name}` });
    const rows = history.getByRole('row', { name: /^Change / });
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    const [changed, created] = await rows.allInnerTexts();
    expect(changed).toContain('admin (admin)');
    expect(changed).toContain('price: €3.40 → €4.10');
    expect(created).toContain(`created product "${name}" (BO-TEA-1)`);
    expect(created).toContain('price: €3.40');
    await history.getByRole('button', { name: 'Close' }).click();
    expect(await history.count()).toBe(0);
  }, 60_000);

  it('makes a pairing code that pairs a fresh till, and revoking that till locks it out within seconds', async () => {
    await admin.goto('Devices');
    const code = await admin.createPairingCode();
    expect(code).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    const fresh = new TillPage(await (await browser.newContext()).newPage());
    // The QR code holds the till's address with the code: opening it fills the code in.
    const qrUrl = (await admin.page.getByRole('img', { name: /^QR code: / }).getAttribute('alt'))?.replace(/^QR code: /, '') ?? '';
    expect(qrUrl).toBe(`${env.url}/till?code=${code}`);
    await fresh.page.goto(qrUrl);
    expect(await fresh.page.getByLabel('Pairing code').inputValue()).toBe(code);
    await expect.poll(() => new URL(fresh.page.url()).search).toBe('');
    await fresh.page.getByRole('button', { name: 'Pair' }).click();
    await fresh.login('alice', '1234');
    await fresh.openSession('50.00');
    await expect.poll(() => fresh.page.getByLabel('Connection').textContent(), { timeout: 15_000 }).toBe('Online');

    await admin.page.reload();
    const [device] = await env.server.db.query<{ name: string }>('SELECT name FROM devices WHERE revoked_at IS NULL ORDER BY paired_at DESC LIMIT 1');
    await admin.revoke(device?.name ?? '');
    await expect.poll(() => env.server.db.query('SELECT 1 FROM devices WHERE revoked_at IS NOT NULL'), { timeout: 10_000 }).toHaveLength(1);
    await expect.poll(() => admin.page.getByRole('row', { name: `Device ${device?.name ?? ''}` }).last().innerText(), { timeout: 10_000 }).toContain('revoked');
    await expect.poll(() => fresh.page.getByLabel('Connection').textContent(), { timeout: 15_000 }).toBe('Offline');
    // The first till, not revoked, keeps syncing.
    expect(await till.page.getByLabel('Connection').textContent()).toBe('Online');
  }, 120_000);
});
