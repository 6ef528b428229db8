// Issue 13 point 6 in Chromium against the real sync server, at 1280×800: an admin imports a CSV
// with two bad rows → nothing is imported and both rows are named; the fixed file's dry run says
// what it would do, its import shows the products in the list, with the upload's progress on the
// bar; Export all downloads a file with them. Screenshots go to test-results/admin/.
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { withCheckDigit } from '../../shared/barcode/gtin.ts';
import { launchChromium } from '../support/browser.ts';
import { AdminPage } from './pages/admin-page.ts';
import { startTillServer, type TillE2eServer } from './till-harness.ts';

const SHOTS = 'test-results/admin';
const HEADER = 'sku,name,barcodes,category,unit,price,price_includes_tax,taxes,cost,tracking,archived';
/** The demo seed's EAN-13 of SKU-000001. */
const taken = withCheckDigit('400000000001');
const fresh = withCheckDigit('200000000101');

/** Row 3: a price that is no number; row 5: a barcode of SKU-000001. */
const withTwoBadRows = [
  HEADER,
  `CSV-1,Imported jasmine tea,${fresh},Drinks,unit,2.50,true,VAT 20%,1.00,none,false`,
  'CSV-2,Imported espresso beans,,Drinks,unit,abc,true,VAT 20%,4.00,none,false',
  'CSV-3,Imported basmati rice,,Grocery,kg,3.10,true,VAT 5.5%,,none,false',
  `CSV-4,Imported acacia honey,${taken},Grocery,unit,6.40,true,VAT 5.5%,,none,false`,
].join('\r\n');
const fixed = withTwoBadRows.replace(',abc,', ',12.90,').replace(`,${taken},`, ',,');

describe('catalog CSV in the back office', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let admin: AdminPage;

  const importedSkus = async (): Promise<string[]> =>
    (await env.server.db.query<{ sku: string }>("SELECT sku FROM products WHERE sku LIKE 'CSV-%' ORDER BY sku")).map((r) => r.sku);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await startTillServer({ products: 20 });
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true })).newPage();
    page.on('pageerror', (error) => console.error('admin page error:', error.message));
    admin = new AdminPage(page);
    await admin.open(env.url, 'products');
    await admin.login('admin', 'admin');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('imports a CSV with two bad rows → nothing imported, both rows named', async () => {
    await admin.importCsv('catalog.csv', withTwoBadRows, 'Import');
    expect(await admin.importProblems()).toEqual([
      'Row 3: price must be a number, like 2.50, not "abc"',
      `Row 5: barcode ${taken} already belongs to SKU SKU-000001 ("Classic Apples #1")`,
    ]);
    await expect.poll(() => admin.csvPanel().getByRole('alert', { name: 'Import problems' }).innerText()).toContain('Nothing was imported: 2 bad rows of 4.');
    expect(await importedSkus()).toEqual([]);
    await admin.search('Imported');
    await expect.poll(() => admin.page.getByRole('row', { name: /^Product Imported/ }).count()).toBe(0);
    await admin.page.screenshot({ path: `${SHOTS}/products-csv-bad-rows.png` });
  }, 60_000);

  it('a good import shows the products, after a dry run that changes nothing; the bar follows the upload', async () => {
    await admin.importCsv('catalog-fixed.csv', fixed, 'Check file (dry run)');
    await expect.poll(() => admin.csvPanel().getByRole('status').innerText()).toBe('Dry run: all 4 rows are fine (4 new, 0 changed, 0 unchanged). Nothing was changed yet: choose Import to apply them.');
    expect(await importedSkus()).toEqual([]);

    // A slow upload shows on the bar: record what it says while the file goes up.
    await admin.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenProgress: string[] }).seenProgress = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('progress[aria-label="Import progress"]');
        if (bar instanceof HTMLProgressElement) seen.push(`${bar.value.toFixed(3)} ${bar.nextElementSibling?.textContent ?? ''}`);
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const cdp = await admin.page.context().newCDPSession(admin.page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 20_000 });
    const padded = fixed + '\r\n'.repeat(40_000);
    await admin.importCsv('catalog-fixed.csv', padded, 'Import');
    await admin.page.waitForFunction(() => Number(document.querySelector<HTMLProgressElement>('progress[aria-label="Import progress"]')?.value) >= 0.12);
    await admin.page.screenshot({ path: `${SHOTS}/products-csv-progress.png` });
    await expect.poll(() => admin.csvPanel().getByRole('status').innerText(), { timeout: 30_000 }).toBe('Imported 4 rows: 4 new, 0 changed, 0 unchanged. Paired tills have the changes within seconds.');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const seen = await admin.page.evaluate(() => (window as unknown as { seenProgress: string[] }).seenProgress);
    const uploads = seen.filter((s) => / Uploading the file: \d+%$/.test(s)).map((s) => Number(s.split(' ')[0]));
    expect(uploads.some((v) => v > 0 && v < 0.3)).toBe(true);
    expect(uploads).toEqual([...uploads].sort((a, b) => a - b));

    expect(await importedSkus()).toEqual(['CSV-1', 'CSV-2', 'CSV-3', 'CSV-4']);
    await admin.search('Imported');
    const rows = admin.page.getByRole('row', { name: /^Product Imported/ });
    await expect.poll(() => rows.count()).toBe(4);
    expect(await admin.page.getByRole('row', { name: 'Product Imported espresso beans' }).innerText()).toContain('€12.90');
    await admin.page.screenshot({ path: `${SHOTS}/products-csv-imported.png` });
  }, 90_000);

  it('exports every product as a file that has the imported ones', async () => {
    const [download] = await Promise.all([admin.page.waitForEvent('download'), admin.csvPanel().getByRole('link', { name: 'Export all (CSV)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^products-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync(await download.path(), 'utf8');
    const lines = text.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines).toContain(`CSV-2,Imported espresso beans,,Drinks,unit,12.90,true,VAT 20%,4.00,none,false`);
    expect(lines.length).toBeGreaterThanOrEqual(25);
  }, 60_000);
});
