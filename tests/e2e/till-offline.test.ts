// Offline till: with the server stopped the till keeps selling (20 sales), survives a browser
// restart (the app shell comes from the service worker, the sales from IndexedDB), and when the
// server returns every sale reaches it exactly once, seq gapless and the hash chain valid.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { TillPage } from './pages/till-page.ts';
import { chainReport, openPersistentTill, openShift, startTillServer, type TillE2eServer } from './till-harness.ts';

const SALES = 20;

describe('till offline', () => {
  let env: TillE2eServer;
  let profile: string;
  let context: BrowserContext | null = null;
  let eans: string[];

  const openTill = async (): Promise<{ page: Page; till: TillPage }> => {
    const opened = await openPersistentTill(profile);
    context = opened.context;
    return opened;
  };

  beforeAll(async () => {
    env = await startTillServer();
    eans = (await env.products(SALES)).map((p) => p.ean);
    profile = mkdtempSync(join(tmpdir(), 'aisle-till-profile-'));
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await env?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('sells 20 times with the server down, restarts, and delivers all 20 exactly once when it returns', async () => {
    let { page, till } = await openTill();
    await openShift(till, env, { float: '50.00' });
    await till.waitForCatalog(SALES);
    // Let the app-shell service worker take control before the network goes away.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 15_000 });
    const tillId = await page.evaluate(() => (JSON.parse(localStorage.getItem('aisle.device') ?? '{}') as { deviceId: string }).deviceId);

    await env.stopHttp();
    await expect.poll(() => page.getByLabel('Connection').textContent(), { timeout: 20_000 }).toBe('Offline');
    for (let i = 0; i < SALES; i++) {
      await till.sellAndPayCash([eans[i] ?? '']);
      await till.newSale();
    }
    await expect.poll(() => till.unsentCount(), { timeout: 10_000 }).toBeGreaterThanOrEqual(SALES);

    await context?.close();
    ({ page, till } = await openTill());
    await till.open(env.url);
    await till.login('alice', '1234');
    await till.waitForCatalog(SALES);
    expect(await page.getByLabel('Connection').textContent()).toBe('Offline');
    await expect.poll(() => till.unsentCount(), { timeout: 10_000 }).toBeGreaterThanOrEqual(SALES);

    await env.startHttp();
    await expect.poll(async () => (await env.serverSales(tillId)).length, { timeout: 60_000 }).toBe(SALES);
    const sales = await env.serverSales(tillId);
    expect(new Set(sales.map((s) => s.id)).size).toBe(SALES);
    expect(chainReport(sales)).toMatchObject({ gapless: true, chainOk: true });
    await expect.poll(() => till.unsentCount(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => page.getByLabel('Connection').textContent(), { timeout: 20_000 }).toBe('Online');
  }, 240_000);
});
