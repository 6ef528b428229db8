// Issue 19 "Show" in Chromium: the overview dashboard's figures equal the ledger's for a seeded
// day; a JPY site's money shows without decimals; at 1280×800 every action button of every page
// lies inside the viewport (or inside a sideways-scrolled frame with a cue); the stock-by-product
// search finds a product by barcode and shows the per-location figures GET /api/stock answers;
// an entry's source opens as a readable document. Screenshots of every page go to
// $REPORTS_SHOTS (default: a temporary directory) to be looked at.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderer } from '../../scripts/build-renderer.ts';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { launchChromium } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { journalMovement, seedChannelDeliveries, seedTillActivity, SIM_DAY } from '../reports/reports-harness.ts';
import { offscreenActions, ReportsPage } from './pages/reports-page.ts';
import { counted } from '../../shared/text/count.ts';

const PAGES = ['Overview', 'Sales', 'Stock', 'Warehouse', 'Promotions', 'Cash', 'Accounting', 'Exceptions', 'Sync health'];
const WEEK_BEFORE = '2026-11-15';

describe('reports read at a glance', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let reports: ReportsPage;
  let shots: string;
  let ownShots = false;

  beforeAll(async () => {
    await buildRenderer({ quiet: true });
    server = await startTestServer('pglite', { products: 40 });
    await seedTillActivity(server);
    await seedChannelDeliveries(server, 1);
    shots = process.env.REPORTS_SHOTS ?? '';
    if (!shots) {
      shots = await mkdtemp(join(tmpdir(), 'aisle-reports-shots-'));
      ownShots = true;
    } else await mkdir(shots, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    reports = new ReportsPage(page);
    await reports.open(server.url);
    await reports.login('admin', 'admin');
    await reports.goto('Overview');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (ownShots) await rm(shots, { recursive: true, force: true });
  });

  it('shows the day against a week before with the ledger\'s revenue, orders and margin', async () => {
    const storeId = await server.siteId('STORE1');
    await reports.setPeriod('2026-11-16', SIM_DAY);
    await reports.setStore('STORE1');
    const revenue = -(await journalMovement(server.db, '4000', SIM_DAY, SIM_DAY, storeId));
    const cost = await journalMovement(server.db, '5000', SIM_DAY, SIM_DAY, storeId);
    const [sales] = await server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pos_sales s JOIN sites st ON st.id = s.site_id
       WHERE s.site_id = $1 AND s.kind = 'sale' AND (s.created_at AT TIME ZONE st.time_zone)::date = $2::date`, [storeId, SIM_DAY]);
    expect(revenue).toBeGreaterThan(0);
    const group = `Day ${SIM_DAY} against ${WEEK_BEFORE}`;
    await expect.poll(() => reports.kpi(group, 'Revenue (excl. tax)'), { timeout: 20_000 }).toBe(formatMoneyWithSymbol(revenue, 'EUR', 'en'));
    expect(await reports.kpi(group, 'Orders')).toBe(String(sales?.n));
    expect(await reports.kpi(group, 'Margin rate')).toBe(`${(((revenue - cost) / revenue) * 100).toFixed(1)} %`);
    await reports.chart('Revenue by store, day against a week before').locator('.recharts-bar-rectangle').first().waitFor();
    const byStore = reports.table('Day by store');
    await expect.poll(() => byStore.textContent()).toContain(formatMoneyWithSymbol(revenue, 'EUR', 'en'));
    await page.screenshot({ path: join(shots, 'overview-store.png') });
    await reports.setStore('');
  }, 90_000);

  it('names the channels in the filter, as the back office names them', async () => {
    await server.db.query(`INSERT INTO channels (code, name) VALUES ('web', 'Web shop') ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name`);
    const [pos] = await server.db.query<{ name: string }>(`SELECT name FROM channels WHERE code = 'pos'`);
    expect(pos?.name).toBe('Store tills');
    await page.reload();
    const options = page.locator('#reports-channel option');
    await expect.poll(() => options.allTextContents(), { timeout: 20_000 }).toEqual(['All channels', pos?.name ?? '', 'Web shop']);
    expect(await options.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['', 'pos', 'web']);
  }, 60_000);

  it('keeps every action of every page on screen at 1280×800', async () => {
    await reports.setPeriod('2026-11-01', '2026-12-31');
    for (const name of PAGES) {
      await reports.goto(name);
      await page.waitForLoadState('networkidle');
      await page.getByText('Loading', { exact: false }).first().waitFor({ state: 'hidden', timeout: 20_000 }).catch(() => undefined);
      await page.screenshot({ path: join(shots, `${name.toLowerCase().replace(' ', '-')}.png`), fullPage: true });
      expect(await offscreenActions(page), name).toEqual([]);
    }
    // The journal's "Show" opens the entry's source as a document, inside the viewport.
    await reports.goto('Accounting');
    const show = page.getByRole('button', { name: /^Show source of entry/ }).first();
    await show.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const box = await dialog.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 1280 && box.y >= 0 && box.y + box.height <= 800).toBe(true);
    expect(await dialog.getAttribute('aria-label')).toMatch(/^(Sale|Return), receipt |Session|Picking|Cash/);
    await page.screenshot({ path: join(shots, 'journal-source.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();
  }, 180_000);

  it('finds a product by barcode and shows the per-location figures of GET /api/stock', async () => {
    const [p] = await server.db.query<{ id: string; sku: string; barcode: string }>(
      `SELECT p.id, p.sku, b.barcode FROM products p JOIN product_barcodes b ON b.product_id = p.id
       WHERE EXISTS (SELECT 1 FROM quants q WHERE q.product_id = p.id AND q.on_hand > 0) ORDER BY p.sku LIMIT 1`);
    if (!p) throw new Error('no stocked product with a barcode');
    await reports.goto('Stock');
    const search = page.getByRole('search', { name: 'Find a product' });
    await search.getByLabel('Product (name, SKU or barcode)').fill(p.barcode);
    await search.getByRole('button', { name: 'Find' }).click();
    const table = reports.table(`Stock of ${p.sku} by location`);
    await table.waitFor();
    const token = await server.login('manager', 'manager');
    const res = await server.api(`/api/stock?productId=${encodeURIComponent(p.id)}`, { token });
    expect(res.status).toBe(200);
    const api = res.body as { locations: { site: string; location: string; lot: string; onHand: number; reserved: number; available: number }[] };
    const qty = (n: number): string => new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 }).format(n);
    // The API answers site codes; the table shows each site by its name.
    const siteName = new Map((await server.db.query<{ code: string; name: string }>('SELECT code, name FROM sites')).map((x) => [x.code, x.name]));
    const expected = api.locations.map((l) => [siteName.get(l.site) ?? `no site ${l.site}`, l.location, l.lot, qty(l.onHand), qty(l.reserved), qty(l.available)]);
    const shown = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td')).map((c) => c.textContent ?? '')));
    expect(shown.map((r) => [r[0], r[1], r[2], r[4], r[5], r[6]])).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, 'stock-by-product.png'), fullPage: true });
  }, 90_000);

  it('reads in words at 1024×768: channel, tender, role, journal kind and site names, row counts, whole tiles, money axes', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    const cells = (title: string, column: number): Promise<string[]> =>
      reports.table(title).locator('tbody tr').evaluateAll((rows, i) => rows.map((r) => r.querySelectorAll('td')[i]?.textContent ?? ''), column);
    const sites = await server.db.query<{ code: string; name: string }>('SELECT code, name FROM sites');
    const siteNames = new Set(sites.map((s) => s.name));

    await reports.goto('Overview');
    // A way back to the back office, beside the report pages.
    expect(await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Back office' }).getAttribute('href')).toBe('/admin');
    await reports.setPeriod('2026-11-16', SIM_DAY);
    await expect.poll(() => cells('Sales by channel', 0), { timeout: 20_000 }).toContain('Store tills');
    expect(await cells('Sales by channel', 0)).not.toContain('pos');
    expect(await cells('Day by channel', 0)).toContain('Store tills');
    // Revenue is net of tax and returns, the basket tax included: the tiles say so.
    await reports.kpi('This period', 'Revenue (excl. tax)');
    await reports.kpi('This period', 'Average basket (incl. tax)');
    // A label that wraps (the basket's, at 1024 px) does not push its value below its neighbours': the
    // values of the tiles on one line of tiles sit on one line.
    const tiles = await reports.page.getByRole('region', { name: 'This period', exact: true }).getByRole('group').evaluateAll((groups) => groups.map((g) => ({
      name: g.getAttribute('aria-label'),
      tile: Math.round(g.getBoundingClientRect().top),
      label: g.querySelector('.kpi-label')?.getBoundingClientRect().height ?? 0,
      value: Math.round(g.querySelector('output')?.getBoundingClientRect().top ?? -1),
    })));
    const basketTop = tiles.find((t) => t.name === 'Average basket (incl. tax)')?.tile;
    const firstLine = tiles.filter((t) => t.tile === basketTop);
    expect(firstLine.length).toBeGreaterThan(1);
    expect(Math.max(...firstLine.map((t) => t.label))).toBeGreaterThan(Math.min(...firstLine.map((t) => t.label)));
    expect(new Set(firstLine.map((t) => t.value)).size).toBe(1);
    const byStore = reports.page.getByRole('region', { name: 'Sales by store', exact: true });
    expect(await byStore.locator('header .muted').textContent()).toBe(counted(await cells('Sales by store', 0).then((c) => c.length), 'row'));
    // The day's tables fit at 1024 wide now that their headings wrap: no sideways scrolling.
    for (const title of ['Day by store', 'Day by channel']) {
      expect(await reports.page.getByRole('region', { name: title, exact: true }).getByRole('note').count(), title).toBe(0);
    }
    const tickLabels = reports.chart('Revenue trend').locator('.recharts-yAxis-tick-labels text');
    await expect.poll(() => tickLabels.count(), { timeout: 20_000 }).toBeGreaterThan(1);
    const ticks = await tickLabels.allTextContents();
    for (const t of ticks) expect(t).toMatch(/^-?€[\d,]+(\.\d\d)?$/);
    await page.screenshot({ path: join(shots, 'overview-1024.png'), fullPage: true });

    await reports.goto('Sales');
    await expect.poll(() => cells('Payments by tender', 0), { timeout: 20_000 }).toContain('Cash');
    for (const t of await cells('Payments by tender', 0)) expect(t).toMatch(/^[A-Z][a-z]+( [a-z]+)*$/);

    // Costs × 200 for a moment: a seven-figure stock value, as the tour's warehouse had.
    await server.db.query('UPDATE products SET cost = cost * 200');
    await reports.goto('Stock');
    const value = reports.page.getByRole('region', { name: 'Stock' }).getByRole('group', { name: 'Stock value at cost', exact: true }).getByRole('status');
    await value.waitFor({ timeout: 20_000 });
    // Whole and on one line, inside its tile.
    expect(await value.evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().height < 2 * parseFloat(getComputedStyle(el).fontSize)
      && el.getBoundingClientRect().right <= (el.parentElement?.getBoundingClientRect().right ?? 0))).toBe(true);
    expect((await value.textContent())?.length ?? 0).toBeGreaterThan(12);
    await value.screenshot({ path: join(shots, 'stock-value-1024.png') });
    await server.db.query('UPDATE products SET cost = cost / 200');

    await reports.goto('Cash');
    await expect.poll(() => cells('Expected and counted per session and tender', 1), { timeout: 20_000 }).not.toEqual([]);
    for (const s of await cells('Expected and counted per session and tender', 1)) expect(siteNames).toContain(s);
    for (const t of await cells('Expected and counted per session and tender', 5)) expect(t).toMatch(/^[A-Z]/);

    await reports.goto('Accounting');
    await expect.poll(() => cells('Journal lines', 3), { timeout: 20_000 }).toContain('Session opened');
    for (const k of await cells('Journal lines', 3)) expect(k).not.toMatch(/_|^[a-z]/);

    await reports.goto('Sync health');
    await expect.poll(() => cells('Devices', 1), { timeout: 20_000 }).toContain('Till');
    for (const r of await cells('Devices', 1)) expect(['Till', 'Scanner station']).toContain(r);
    for (const s of await cells('Devices', 2)) expect(siteNames).toContain(s);
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 180_000);

  it('shows a JPY site\'s money without decimals', async () => {
    await server.db.query(`UPDATE sites SET currency = 'JPY' WHERE code = 'WH1'`);
    await page.reload();
    await reports.goto('Stock');
    await reports.setStore('WH1');
    const token = await server.login('manager', 'manager');
    const stock = (await server.api('/api/reports/stock?site=WH1', { token })).body as { totalValue: number };
    expect(stock.totalValue).toBeGreaterThan(0);
    const yen = formatMoneyWithSymbol(stock.totalValue, 'JPY', 'en');
    expect(yen).toMatch(/^¥[\d,]+$/);
    await expect.poll(() => reports.kpi('Stock', 'Stock value at cost'), { timeout: 20_000 }).toBe(yen);
    const cells = await reports.table('Stock by site').locator('td.num').allTextContents();
    const money = cells.filter((c) => c.startsWith('¥'));
    expect(money.length).toBeGreaterThan(0);
    for (const c of money) expect(c).toMatch(/^¥[\d,]+$/);
    await page.screenshot({ path: join(shots, 'stock-jpy.png') });
  }, 90_000);
});
