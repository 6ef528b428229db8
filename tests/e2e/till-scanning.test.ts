// Scanning never drops a scan (issue 12, points 14 and 15), in Chromium against the real server:
// the first scan after the sale screen appears waits for the catalog, a late Enter or a hiccup
// inside a burst still makes one scan of the whole code, a burst is a scan wherever the focus is,
// a locked till ignores scans, a SKU suggests as it is typed (point 18), and a name that several
// products match is a search to choose from, not an unknown code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { settled } from './pages/page-settled.ts';
import { TillPage } from './pages/till-page.ts';
import { startTillServer, type TillE2eServer } from './till-harness.ts';

describe('till: scanning never drops a scan', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let page: Page;
  let till: TillPage;
  let products: { ean: string; name: string; price: number }[];
  let releaseCatalog: () => void = () => undefined;

  beforeAll(async () => {
    env = await startTillServer();
    products = await env.products(8);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    page.on('pageerror', (error) => console.error('page error:', error.message));
    till = new TillPage(page);
    // The products' first pull is held back until the test lets it go: the sale screen is up
    // before the catalog, as on a slow network or with a big catalog.
    const released = new Promise<void>((resolve) => {
      releaseCatalog = resolve;
    });
    await page.route(/\/api\/sync\/products\/pull/, async (route) => {
      await released;
      await route.continue();
    });
  }, 180_000);

  afterAll(async () => {
    releaseCatalog();
    await browser?.close();
    await env?.close();
  });

  const line = (name: string) => page.getByRole('row', { name: `Line ${name}` });
  const qtyOf = (name: string) => line(name).getByRole('cell').nth(1).textContent();

  it('a scan right after the sale screen appears waits for the catalog and is then added', async () => {
    const [a] = products;
    if (!a) throw new Error('seed has too few products');
    await till.open(env.url);
    await till.pair(env.url, await env.pairingCode());
    await till.login('alice', '1234');
    await page.getByLabel('Counted float').fill('100.00');
    await page.getByRole('button', { name: 'Open session' }).click();
    await page.getByLabel('Scan or search').waitFor();
    expect(await page.getByLabel('Scan or search').getAttribute('placeholder')).toMatch(/loading/i);
    await till.scan(a.ean);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Catalog loading' }).count()).toBe(1);
    expect(await till.lineCount()).toBe(0);
    releaseCatalog();
    await till.expectLines(1);
    expect(await qtyOf(a.name)).toBe('1');
    await till.waitForCatalog();
  }, 120_000);

  it('a burst whose Enter comes late is one scan (quick, and later than the quiet gap)', async () => {
    const [, b, c] = products;
    if (!b || !c) throw new Error('seed has too few products');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const before = await till.lineCount();
    await till.wedgeBurst(b.ean, { enterAfterMs: 250 });
    await till.expectLines(before + 1);
    await till.wedgeBurst(c.ean, { enterAfterMs: 700 });
    await till.expectLines(before + 2);
    // The late Enter was the scan's: it pressed nothing else and added nothing twice.
    expect(await qtyOf(b.name)).toBe('1');
    expect(await qtyOf(c.name)).toBe('1');
    expect(await page.getByRole('alert').count()).toBe(0);
  }, 60_000);

  it('a hiccup inside a burst does not split it into two misleading scans', async () => {
    const [, , , d] = products;
    if (!d) throw new Error('seed has too few products');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const before = await till.lineCount();
    await till.wedgeBurst(d.ean, { pauseAfter: 6, pauseMs: 200 });
    await till.expectLines(before + 1);
    expect(await qtyOf(d.name)).toBe('1');
    expect(await page.getByRole('alert').count()).toBe(0);
  }, 60_000);

  it('a burst into another text field is a scan, and the field keeps what it had', async () => {
    const [, , , , e] = products;
    if (!e) throw new Error('seed has too few products');
    const customer = page.getByLabel('Customer', { exact: true });
    await customer.fill('Ma');
    await customer.focus();
    const before = await till.lineCount();
    await till.wedgeBurst(e.ean);
    await till.expectLines(before + 1);
    expect(await customer.inputValue()).toBe('Ma');
    await customer.fill('');
  }, 60_000);

  it('the SKU search suggests as you type, like names', async () => {
    const [, , , , , , g] = products;
    if (!g) throw new Error('seed has too few products');
    const [row] = await env.server.db.query<{ sku: string }>('SELECT sku FROM products WHERE name = $1', [g.name]);
    const sku = row?.sku ?? '';
    const entry = page.getByLabel('Scan or search');
    await entry.fill('');
    const before = await till.lineCount();
    // Typed by a person, up to the last character: every prefix past the separator suggests.
    await entry.pressSequentially(sku.slice(0, -1), { delay: 90 });
    await page.getByRole('button', { name: `Add ${g.name}` }).waitFor({ timeout: 5_000 });
    await entry.press('End');
    await entry.pressSequentially(sku.slice(-1));
    await page.getByRole('button', { name: `Add ${g.name}` }).click();
    await till.expectLines(before + 1);
  }, 60_000);

  it('a name that several products match and Enter: the list stays with the first highlighted, the next Enter adds it', async () => {
    const [a] = products;
    if (!a) throw new Error('seed has no products');
    const words = a.name.split(' ').slice(0, 2).join(' ');
    const [same] = await env.server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM products WHERE name LIKE $1', [`${words} %`]);
    expect(same?.n ?? 0).toBeGreaterThan(1);
    const entry = page.getByLabel('Scan or search');
    const before = await till.lineCount();
    await entry.fill(words.toLowerCase());
    await page.getByRole('listbox', { name: 'Search results' }).waitFor();
    await entry.press('Enter');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'products match' }).textContent()).toMatch(new RegExp(`^\\d+ (or more )?products match “${words.toLowerCase()}”: tap one`));
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await entry.inputValue()).toBe(words.toLowerCase());
    expect(await till.lineCount()).toBe(before);
    const first = page.getByRole('option').first();
    expect(await first.getAttribute('aria-selected')).toBe('true');
    const name = ((await first.getByRole('button').getAttribute('aria-label')) ?? '').replace(/^Add /, '');
    // The product may be on the sale already (an earlier test scanned it): one more of it then.
    const qtyNow = async (): Promise<number> => ((await line(name).count()) > 0 ? Number(await qtyOf(name)) : 0);
    const had = await qtyNow();
    await entry.press('Enter');
    await expect.poll(qtyNow).toBe(had + 1);
    expect(await entry.inputValue()).toBe('');
  }, 60_000);

  it('a locked till ignores scans, on the screen and in the PIN field, until unlocked', async () => {
    const [, , , , , f] = products;
    if (!f) throw new Error('seed has too few products');
    const before = await till.lineCount();
    await page.getByRole('button', { name: /^Lock/ }).click();
    await page.getByRole('heading', { name: 'Till locked' }).waitFor();
    // Locked, the header offers no Lock, and Switch cashier is on the lock screen only.
    expect(await page.getByRole('button', { name: /^Lock/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Switch cashier' }).count()).toBe(1);
    await till.scan(f.ean);
    const pin = page.getByLabel('PIN');
    await pin.focus();
    await till.wedgeBurst(f.ean);
    // Each key was handled when the burst returns; what the scan queued has run once the page settles.
    await settled(page);
    expect(await pin.inputValue()).toBe('');
    expect(await page.getByRole('heading', { name: 'Till locked' }).count()).toBe(1);
    await pin.fill('1234');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByLabel('Scan or search').waitFor();
    await till.expectLines(before);
    expect(await line(f.name).count()).toBe(0);
  }, 60_000);
});
