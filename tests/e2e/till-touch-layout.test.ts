// A screen for a counter (issue 12, point 16), in Chromium against the real server: PIN and
// quantities on the on-screen number pad, quick keys by category, targets of at least 56 px with
// their shortcuts shown, the entry box focused after every action, and with 30 lines in the cart
// at 1024×768 and 1366×768 the newest line, the total and Pay in view without scrolling the page;
// the "Paid" screen fits 800 px.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { TillPage } from './pages/till-page.ts';
import { startTillE2e, stopTillE2e, type E2eProduct, type TillE2eServer } from './till-harness.ts';

const SHOTS = join(tmpdir(), 'aisle-till-layout');

describe('till: a touch screen for a counter', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let page: Page;
  let till: TillPage;
  let products: E2eProduct[];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ env, browser, page, till, products } = await startTillE2e({ products: 31 }));
  }, 300_000);

  afterAll(() => stopTillE2e(env, browser));

  const entryFocused = () => page.evaluate(() => document.activeElement?.id === 'scan-entry');

  /** The element is entirely inside the viewport (and not scrolled off by the page). */
  async function inViewport(locator: Locator): Promise<boolean> {
    const box = await locator.boundingBox();
    const size = page.viewportSize();
    if (!box || !size) return false;
    return box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width + 0.5 && box.y + box.height <= size.height + 0.5;
  }

  it('logs in with the on-screen PIN pad', async () => {
    await till.open(env.url);
    await till.pair(env.url, await env.pairingCode());
    const option = page.locator('option', { hasText: '(alice)' });
    await option.waitFor({ state: 'attached', timeout: 30_000 });
    await page.locator('#login-cashier').selectOption({ label: (await option.textContent()) ?? 'alice' });
    const pad = page.getByRole('group', { name: 'Keypad' });
    for (const digit of '1234') await pad.getByRole('button', { name: digit, exact: true }).click();
    expect(await page.getByLabel('PIN', { exact: true }).inputValue()).toBe('1234');
    await page.getByRole('button', { name: 'Log in' }).click();
    await till.openSession('100.00');
  }, 120_000);

  it('sells from quick keys by category, and the entry box has the focus back after each tap', async () => {
    const tabs = page.getByRole('tablist', { name: 'Categories' }).getByRole('tab');
    expect(await tabs.count()).toBeGreaterThan(1);
    await tabs.nth(1).click();
    expect(await tabs.nth(1).getAttribute('aria-selected')).toBe('true');
    const key = page.getByRole('tabpanel').getByRole('button').first();
    const name = ((await key.getAttribute('aria-label')) ?? '').replace(/^Quick key /, '');
    await key.click();
    await till.expectLines(1);
    expect(await page.getByRole('row', { name: `Line ${name}` }).count()).toBe(1);
    await expect.poll(entryFocused).toBe(true);
  }, 60_000);

  it('changes a quantity with the number pad, then the entry box has the focus again', async () => {
    await page.getByRole('button', { name: 'Quantity' }).click();
    const pad = page.getByRole('group', { name: 'Keypad' });
    await pad.getByRole('button', { name: '3', exact: true }).click();
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect.poll(() => page.getByRole('row', { name: /^Line / }).first().getByRole('cell').nth(1).textContent()).toBe('3');
    await expect.poll(entryFocused).toBe(true);
  }, 60_000);

  for (const [width, height] of [[1024, 768], [1366, 768]] as const) {
    it(`keeps the newest of 30 lines, the total and Pay in view at ${width}×${height}, with 56 px targets`, async () => {
      await page.setViewportSize({ width, height });
      const want = 31;
      // Products not on the sale yet (the quick key above added one of them), one line each.
      const onSale = new Set((await page.getByRole('row', { name: /^Line / }).evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''))));
      const more = products.filter((p) => !onSale.has(`Line ${p.name}`)).slice(0, want - onSale.size);
      for (const p of more) await till.enterCode(p.ean);
      await till.expectLines(want);
      const rows = page.getByRole('row', { name: /^Line / });
      await expect.poll(() => inViewport(rows.last())).toBe(true);
      expect(await inViewport(page.getByLabel('Total due'))).toBe(true);
      expect(await inViewport(page.getByRole('button', { name: 'Pay', exact: true }))).toBe(true);
      expect(await inViewport(page.getByLabel('Scan or search'))).toBe(true);
      // Every action of the side column, down to Void sale, is on screen without scrolling it.
      const hidden = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.sell-side button')]
          .filter((b) => b.offsetParent !== null && b.getBoundingClientRect().bottom > window.innerHeight + 0.5)
          .map((b) => b.textContent ?? ''),
      );
      expect(hidden).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
      // Shortcuts are shown on their buttons.
      expect(await page.getByRole('button', { name: 'Pay', exact: true }).textContent()).toContain('F12');
      // Every button of the sale screen is a touch target of at least 56 px.
      const small = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.till button')]
          .filter((b) => b.offsetParent !== null)
          .map((b) => ({ name: b.getAttribute('aria-label') ?? b.textContent ?? '', h: b.getBoundingClientRect().height }))
          .filter((b) => b.h < 55.5),
      );
      expect(small).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `sell-${width}x${height}.png`) });
    }, 180_000);
  }

  it('fits the Paid screen in 800 px height', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await till.startPayment();
    await page.screenshot({ path: join(SHOTS, 'pay-1280x800.png') });
    await till.tender('Cash');
    await till.expectPaid();
    await page.screenshot({ path: join(SHOTS, 'paid-1280x800.png') });
    expect(await inViewport(page.getByRole('button', { name: 'New sale' }))).toBe(true);
    expect(await inViewport(page.getByRole('heading', { name: /^Paid/ }))).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
    await till.newSale();
    await expect.poll(entryFocused).toBe(true);
  }, 60_000);
});
