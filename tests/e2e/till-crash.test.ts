// Crash safety: the browser is SIGKILLed the instant the screen says "Paid" (server down, so nothing
// could have been pushed yet). After reopening, the sale is on the till and reaches the server once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { TillPage } from './pages/till-page.ts';
import { killChromium } from '../support/browser.ts';
import { chainReport, openPersistentTill, openShift, startTillServer, type TillE2eServer } from './till-harness.ts';

describe('till crash safety', () => {
  let env: TillE2eServer;
  let profile: string;
  let context: BrowserContext | null = null;

  const openTill = async (): Promise<{ page: Page; till: TillPage }> => {
    const opened = await openPersistentTill(profile);
    context = opened.context;
    return opened;
  };

  beforeAll(async () => {
    env = await startTillServer();
    profile = mkdtempSync(join(tmpdir(), 'aisle-till-crash-'));
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await env?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('keeps a sale whose window died right after "Paid" and delivers it exactly once', async () => {
    const [a, b] = await env.products(2);
    let { page, till } = await openTill();
    await openShift(till, env, { float: '10.00' });
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 15_000 });
    const tillId = await page.evaluate(() => (JSON.parse(localStorage.getItem('aisle.device') ?? '{}') as { deviceId: string }).deviceId);

    await env.stopHttp();
    const receiptNo = await till.sellAndPayCash([a?.ean ?? '']);
    // SIGKILL, not a polite close: no unload handler, no orderly IndexedDB shutdown.
    await killChromium(context as BrowserContext, profile);
    context = null;

    ({ page, till } = await openTill());
    await till.open(env.url);
    await till.login('alice', '1234');
    await page.getByRole('button', { name: 'Reprint' }).click();
    await page.getByLabel('Receipt code or number').fill(receiptNo);
    await page.getByRole('button', { name: 'Find sale' }).click();
    expect(await page.getByLabel('Receipt', { exact: true }).textContent()).toContain(receiptNo);
    await page.getByRole('button', { name: 'Back' }).click();

    await env.startHttp();
    await expect.poll(async () => (await env.serverSales(tillId)).length, { timeout: 60_000 }).toBe(1);

    // The chain continues after the crash: the next sale is seq 2 and links to the first.
    await till.waitForCatalog(2);
    await till.sellAndPayCash([b?.ean ?? '']);
    await expect.poll(async () => (await env.serverSales(tillId)).length, { timeout: 30_000 }).toBe(2);
    expect(chainReport(await env.serverSales(tillId))).toMatchObject({ seqs: [1, 2], gapless: true, chainOk: true });
  }, 180_000);
});
