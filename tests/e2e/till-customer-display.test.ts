// The customer display (issue 12, point 17), in Chromium against the real server: the till opens
// /display from its menu as a second window in the same browser; the display lists the scanned
// products by name with the total, live; shows the change and thanks once paid; welcomes the next
// customer; shows the current lines when opened mid-sale; never shows a PIN or a supervisor prompt;
// and a display of another till in the same browser hears nothing of this one.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TillPage } from './pages/till-page.ts';
import { openShift, startTillE2e, stopTillE2e, type E2eProduct, type TillE2eServer } from './till-harness.ts';

const SHOTS = process.env.AISLE_SHOTS_DIR ?? join(tmpdir(), 'aisle-customer-display');

describe('till: customer display', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let page: Page;
  let till: TillPage;
  let products: E2eProduct[];
  let display: Page;
  let storeName = '';

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ env, browser, page, till, products } = await startTillE2e({ products: 4 }));
    const [site] = await env.server.db.query<{ name: string }>(`SELECT name FROM sites WHERE code = 'STORE1'`);
    storeName = site?.name ?? '';
  }, 180_000);

  afterAll(() => stopTillE2e(env, browser));

  const items = (p: Page) => p.getByRole('list', { name: 'Items' }).getByRole('listitem');
  const text = async (p: Page) => (await p.locator('body').textContent()) ?? '';

  /** The till's menu button opens the display as a popup of the till page. */
  async function openDisplay(): Promise<Page> {
    const [popup] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: 'Open customer display' }).click()]);
    popup.on('pageerror', (error) => console.error('display page error:', error.message));
    await popup.setViewportSize({ width: 1024, height: 600 });
    return popup;
  }

  /** Another page of the same browser context (the till page's context takes no newPage()). */
  async function openPage(path: string): Promise<Page> {
    const [other] = await Promise.all([page.waitForEvent('popup'), page.evaluate((url) => void window.open(url, '_blank'), path)]);
    return other;
  }

  async function shots(name: string): Promise<void> {
    for (const [width, height] of [[1024, 600], [800, 480]] as const) {
      await display.setViewportSize({ width, height });
      await display.screenshot({ path: join(SHOTS, `${name}-${width}x${height}.png`) });
    }
  }

  it('opens from the till menu and welcomes with the store name', async () => {
    await openShift(till, env);
    display = await openDisplay();
    expect(new URL(display.url()).pathname).toBe('/display');
    await expect.poll(() => display.getByRole('status').textContent(), { timeout: 15_000 }).toBe(`Welcome to ${storeName}Your items will appear here`);
    await shots('welcome');
  }, 120_000);

  it('lists the scanned products by name with the total, and never shows the supervisor prompt or its PIN', async () => {
    const [a, b] = products;
    if (!a || !b) throw new Error('seed has too few products');
    await till.enterCode(a.ean);
    await till.enterCode(b.ean);
    await till.enterCode(b.ean);
    await till.expectLines(2);
    await expect.poll(() => items(display).count()).toBe(2);
    expect(await items(display).nth(0).getAttribute('aria-label')).toBe(`Item ${a.name}`);
    expect(await items(display).nth(1).textContent()).toMatch(new RegExp(`^${b.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*2 × `));
    const due = (await page.getByLabel('Total due').textContent()) ?? '';
    expect(due).toMatch(/€/);
    await expect.poll(() => display.getByLabel('Total', { exact: true }).textContent()).toBe(due);
    expect(await display.getByRole('region', { name: 'To pay' }).textContent()).toContain('3 items');
    // A discount above the limit: the supervisor types a PIN on the till; the display shows none of it.
    await page.getByRole('button', { name: 'Line discount' }).click();
    await page.getByRole('textbox', { name: 'Line discount' }).fill(((b.price * 2) / 200).toFixed(2));
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Supervisor approval' });
    await dialog.getByLabel('Supervisor PIN').fill('135790');
    const during = await text(display);
    expect(during).not.toMatch(/Supervisor|PIN|135790|approval/i);
    expect(await display.getByRole('dialog').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => items(display).nth(1).textContent()).toMatch(/you save €/);
    const discounted = (await page.getByLabel('Total due').textContent()) ?? '';
    expect(discounted).not.toBe(due);
    await expect.poll(() => display.getByLabel('Total', { exact: true }).textContent()).toBe(discounted);
    expect(await text(display)).not.toMatch(/135790|Supervisor/);
    await shots('sale');
  }, 60_000);

  it('shows the change and a thank-you once paid in cash', async () => {
    await till.startPayment();
    await till.tender('Cash', '100.00');
    const receiptNo = await till.expectPaid();
    const change = ((await page.getByLabel('Change due').textContent()) ?? '').replace(/^Change: /, '');
    await expect.poll(() => display.getByRole('status').textContent()).toBe('Thank you!');
    expect(await display.getByLabel('Your change').textContent()).toBe(change);
    expect(await display.getByLabel('Paid', { exact: true }).textContent()).toBe('€100.00');
    expect(await text(display)).toContain(`Receipt ${receiptNo}`);
    expect(await items(display).count()).toBe(2);
    await shots('paid');
  }, 60_000);

  it('welcomes the next customer when the cashier starts the next sale', async () => {
    await till.newSale();
    await expect.poll(() => display.getByRole('status').textContent()).toBe(`Welcome to ${storeName}Your items will appear here`);
    expect(await items(display).count()).toBe(0);
  }, 30_000);

  it('shows the current lines when opened mid-sale, from the menu or by its address', async () => {
    const [, , c] = products;
    if (!c) throw new Error('seed has too few products');
    await display.close();
    await till.enterCode(c.ean);
    await till.expectLines(1);
    display = await openDisplay();
    await expect.poll(() => items(display).count(), { timeout: 15_000 }).toBe(1);
    expect(await items(display).first().getAttribute('aria-label')).toBe(`Item ${c.name}`);
    // A display page opened by hand in the same browser finds the paired till by itself.
    const byHand = await openPage('/display');
    await expect.poll(() => items(byHand).count(), { timeout: 15_000 }).toBe(1);
    await byHand.close();
  }, 60_000);

  it('keeps two tills in one browser apart: a display of another till hears nothing of this one', async () => {
    const other = await openPage('/display?till=0190aaaa-bbbb-7ccc-8ddd-eeeeffff0000');
    await other.getByRole('status').waitFor();
    const [, , , d] = products;
    if (!d) throw new Error('seed has too few products');
    await till.enterCode(d.ean);
    await till.expectLines(2);
    await expect.poll(() => items(display).count()).toBe(2);
    expect(await other.getByRole('status').textContent()).toBe('WelcomeWaiting for the till…');
    expect(await items(other).count()).toBe(0);
    await other.close();
    await till.voidSale(true);
    await expect.poll(() => display.getByRole('status').textContent()).toMatch(/^Welcome to /);
  }, 60_000);
});
