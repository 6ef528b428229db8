// Issue 12 point 1, across a reload and a crash: the cart and the recorded payments of the sale in
// progress are kept durably on the till and come back after the page reloads or the browser is
// SIGKILLed, with a banner naming the payment; finishing the sale gives the server ONE sale with
// both payments.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { killChromium } from '../support/browser.ts';
import type { TillPage } from './pages/till-page.ts';
import { type E2eProduct, openPersistentTill, openShift, startTillServer, type TillE2eServer } from './till-harness.ts';

const CARD = 500;

describe('till: the sale in progress survives a reload and a crash', () => {
  let env: TillE2eServer;
  let profile: string;
  let context: BrowserContext | null = null;
  let page: Page;
  let till: TillPage;
  let tillId = '';
  let pair: [E2eProduct, E2eProduct];

  const openTill = async (): Promise<void> => {
    const opened = await openPersistentTill(profile);
    context = opened.context;
    ({ page, till } = opened);
  };

  /** Two items, a card payment of 5.00 recorded, and that state on disk. */
  const ringUpWithCard = async (): Promise<void> => {
    await till.enterCode(pair[0].ean);
    await till.enterCode(pair[1].ean);
    await till.expectLines(2);
    await till.startPayment();
    await till.tender('Card approved', '5.00');
    expect(await till.paidSoFar()).toContain('5.00');
    await page.waitForFunction(() => document.documentElement.dataset.openSaleKept === '2:1', undefined, { timeout: 10_000 });
  };

  /** After logging in again: the banner, the two lines, the card payment and the remaining amount; then cash finishes it. */
  const expectRestoredAndFinish = async (salesBefore: number): Promise<void> => {
    await till.login('alice', '1234');
    const banner = page.getByRole('status', { name: 'Restored sale' });
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.textContent()).toContain('A sale in progress was restored (card payment €5.00 recorded)');
    await till.expectLines(2);
    await till.startPayment();
    expect(await till.paidSoFar()).toContain('5.00');
    const total = pair[0].price + pair[1].price;
    expect(await till.remaining()).toContain(((total - CARD) / 100).toFixed(2));
    await till.tender('Cash');
    await till.expectPaid();
    // The sale ended: the notice goes with it.
    expect(await banner.count()).toBe(0);
    await till.newSale();
    await expect.poll(async () => (await env.serverSales(tillId)).length, { timeout: 30_000 }).toBe(salesBefore + 1);
    const sale = (await env.serverSales(tillId)).at(-1);
    expect(sale?.payments.map((p) => [p.method, p.amount])).toEqual([
      ['card', CARD],
      ['cash', total - CARD],
    ]);
    expect(sale?.lines.map((l) => l.name)).toEqual([pair[0].name, pair[1].name]);
    // Nothing is left to restore once the sale is committed.
    await page.waitForFunction(() => document.documentElement.dataset.openSaleKept === '0:0', undefined, { timeout: 10_000 });
  };

  beforeAll(async () => {
    env = await startTillServer();
    const candidates = await env.products(40);
    const a = candidates.find((p) => p.price > 300);
    const b = candidates.find((p) => p !== a && p.price > 300);
    if (!a || !b) throw new Error('the seed has no two products above 3.00');
    pair = [a, b];
    profile = mkdtempSync(join(tmpdir(), 'aisle-till-open-sale-'));
    await openTill();
    await openShift(till, env);
    tillId = await till.deviceId();
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await env?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('brings back the cart and the card payment after a reload', async () => {
    await ringUpWithCard();
    await page.reload();
    await expectRestoredAndFinish(0);
  }, 120_000);

  it('brings back the cart and the card payment after the browser is killed', async () => {
    await till.waitForCatalog(2);
    await ringUpWithCard();
    // SIGKILL: no unload handler, no orderly IndexedDB shutdown; the window's id (sessionStorage) is gone too.
    await killChromium(context as BrowserContext, profile);
    context = null;
    await openTill();
    await till.open(env.url);
    await expectRestoredAndFinish(1);
  }, 180_000);
});
