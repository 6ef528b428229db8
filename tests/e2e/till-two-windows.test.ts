// Two till windows on one device: both sell, only the leader window replicates, and the server
// gets every sale once with one gapless seq and a valid chain (sale commits are serialised across
// windows with Web Locks).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { TillPage } from './pages/till-page.ts';
import { chainReport, startTillServer, type TillE2eServer } from './till-harness.ts';

describe('till in two windows', () => {
  let env: TillE2eServer;
  let browser: Browser;

  beforeAll(async () => {
    env = await startTillServer();
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('never duplicates or double-numbers a sale', async () => {
    const eans = (await env.products(6)).map((p) => p.ean);
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const pushes = new Map<Page, number>();
    const track = (page: Page) => {
      pushes.set(page, 0);
      page.on('request', (req) => {
        if (req.url().includes('/api/sync/sales/push')) pushes.set(page, (pushes.get(page) ?? 0) + 1);
      });
      page.on('pageerror', (error) => console.error('page error:', error.message));
    };
    const pageA = await context.newPage();
    track(pageA);
    const a = new TillPage(pageA);
    await a.open(env.url);
    await a.pair(env.url, await env.pairingCode());
    await a.login('alice', '1234');
    await a.openSession('10.00');

    const pageB = await context.newPage();
    track(pageB);
    const b = new TillPage(pageB);
    await b.open(env.url);
    await b.login('sam', '135790');
    await b.waitForCatalog(6);

    const tillId = await pageA.evaluate(() => (JSON.parse(localStorage.getItem('aisle.device') ?? '{}') as { deviceId: string }).deviceId);
    // Ring up in both windows, then pay both at once so the two commits race.
    for (let round = 0; round < 3; round++) {
      await a.enterCode(eans[round * 2] ?? '');
      await b.enterCode(eans[round * 2 + 1] ?? '');
      await a.startPayment();
      await b.startPayment();
      await Promise.all([a.tender('Cash'), b.tender('Cash')]);
      await Promise.all([a.expectPaid(), b.expectPaid()]);
      await Promise.all([a.newSale(), b.newSale()]);
    }

    await expect.poll(async () => (await env.serverSales(tillId)).length, { timeout: 30_000 }).toBe(6);
    // Nothing left to send in either window (every sale acknowledged): no later push can bring a duplicate.
    await expect.poll(async () => [await a.unsentCount(), await b.unsentCount()], { timeout: 30_000 }).toEqual([0, 0]);
    const sales = await env.serverSales(tillId);
    expect(sales).toHaveLength(6);
    expect(new Set(sales.map((s) => s.id)).size).toBe(6);
    expect(chainReport(sales)).toMatchObject({ seqs: [1, 2, 3, 4, 5, 6], gapless: true, chainOk: true });
    const pushing = [...pushes.values()].filter((n) => n > 0);
    expect(pushing).toHaveLength(1);
    await context.close();
  }, 180_000);
});
