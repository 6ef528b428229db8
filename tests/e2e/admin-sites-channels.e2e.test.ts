// Issue 13 points 8 and 9 in Chromium against the real sync server, at 1280×800: an admin changes
// a store's time zone and receipt footer and an already paired, open till gets them; a form
// refuses a bad time zone before sending and shows the server's refusal of a taken site code; a
// new location's label page draws a Code 128 barcode per label; a channel API key is shown once,
// posts an order, and is refused after it is revoked; a channel set to invoice on order says what
// that means and has its next order invoiced at once. Screenshots go to test-results/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { formatStoreDateTime } from '../../shared/time/index.ts';
import { AdminPage } from './pages/admin-page.ts';
import type { TillPage } from './pages/till-page.ts';
import { openShift, startTillE2e, stopTillE2e, type TillE2eServer } from './till-harness.ts';

const SHOTS = 'test-results/admin';

describe('back office sites and channels in the browser', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let till: TillPage;
  let admin: AdminPage;

  const shot = async (page: Page, name: string, fullPage = false): Promise<void> => {
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ env, browser, till } = await startTillE2e({ products: 0 }));
    await openShift(till, env);
    const adminPage = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    adminPage.on('pageerror', (error) => console.error('admin page error:', error.message));
    admin = new AdminPage(adminPage);
    await admin.open(env.url, 'sites');
    await admin.login('admin', 'admin');
  }, 240_000);

  afterAll(() => stopTillE2e(env, browser));

  it("changes the store's time zone and receipt footer, and the paired till gets both", async () => {
    await admin.openSite('Demo Store');
    const form = admin.siteSettings('Demo Store');
    await form.getByLabel('Time zone').fill('Asia/Tokyo');
    await form.getByLabel('Receipt footer').fill('Arigato, see you soon');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await admin.page.getByRole('status').filter({ hasText: 'Saved the settings of "Demo Store"' }).waitFor();
    expect(await admin.page.getByRole('row', { name: 'Site Demo Store' }).innerText()).toContain('Asia/Tokyo');
    expect(await admin.horizontalOverflow()).toBeLessThanOrEqual(0);
    await shot(admin.page, 'sites-settings');
    await shot(admin.page, 'sites-settings-full', true);

    // The till's clock is in the new zone, and its synced site entry carries the footer.
    await expect.poll(() => till.page.getByLabel('Store time').getAttribute('title'), { timeout: 15_000 }).toBe('Asia/Tokyo');
    await expect.poll(async () => (await till.storedSiteConfig())?.receiptFooter, { timeout: 15_000 }).toEqual(['Arigato, see you soon']);
    const audit = await env.server.db.query<{ actor: string; summary: string }>("SELECT actor, summary FROM admin_audit WHERE action = 'site.update'");
    expect(audit).toEqual([{ actor: 'admin', summary: expect.stringContaining('time zone') as unknown as string }]);

    // The audit log reads it in words and store time (now Tokyo's): what changed, from what to what.
    await admin.goto('Audit log');
    const row = admin.page.getByRole('row', { name: /^Change changed .*time zone/ });
    await row.waitFor();
    expect(await admin.page.getByRole('columnheader', { name: 'When (Asia/Tokyo)' }).count()).toBe(1);
    const [{ at }] = (await env.server.db.query<{ at: Date }>("SELECT at FROM admin_audit WHERE action = 'site.update'")) as [{ at: Date }];
    const tokyo = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo', dateStyle: 'short', timeStyle: 'short' }).format(at);
    const cells = await row.getByRole('cell').allInnerTexts();
    expect(cells[0]).toBe(tokyo);
    expect(cells[3]).toContain('time zone: Europe/Paris → Asia/Tokyo');
    expect(cells[3]).toContain('receipt footer: none → Arigato, see you soon');
    expect(cells[3]).not.toMatch(/[{}"]/);
    await shot(admin.page, 'audit-log');
    // Narrowed to one kind of thing: products show none of it, sites show it again.
    await admin.filter('audit', 'Show', 'Products');
    await admin.page.getByText('No change of this kind recorded.').waitFor();
    expect(await row.count()).toBe(0);
    await admin.filter('audit', 'Show', 'Sites');
    await row.waitFor();
    expect(await admin.page.getByRole('row', { name: /^Change / }).count()).toBe(1);
    // Searched by words of the summary, accents and case ignored.
    await admin.search('nowhere road', 'audit');
    await admin.page.getByText('No change recorded that mentions “nowhere road” among these.').waitFor();
    await admin.search('DÉMO store', 'audit');
    await row.waitFor();
    expect(await admin.page.getByRole('row', { name: /^Change / }).count()).toBe(1);
    await admin.goto('Sites');
    await admin.openSite('Demo Store');
    // The same change in the store's own history, under its settings.
    const siteHistory = admin.page.getByRole('region', { name: 'History of Demo Store' }).getByRole('row', { name: /^Change / });
    await expect.poll(() => siteHistory.count()).toBe(1);
    expect(await siteHistory.innerText()).toContain('time zone: Europe/Paris → Asia/Tokyo');
  }, 90_000);

  it('refuses a bad time zone before sending, and shows the server\'s refusal of a taken site code', async () => {
    const form = admin.siteSettings('Demo Store');
    await form.getByLabel('Time zone').fill('Mars/Olympus');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('"Mars/Olympus" is not a known time zone');
    const [row] = await env.server.db.query<{ time_zone: string }>("SELECT time_zone FROM sites WHERE code = 'STORE1'");
    expect(row?.time_zone).toBe('Asia/Tokyo');

    await admin.page.getByRole('button', { name: 'New site' }).click();
    const create = admin.page.getByRole('form', { name: 'New site' });
    await create.getByLabel('Code').fill('WH1');
    await create.getByLabel('Name').fill('Second warehouse');
    await create.getByRole('button', { name: 'Create site' }).click();
    await expect.poll(() => admin.page.getByRole('alert').first().textContent()).toBe('the code WH1 is already used by "Demo Warehouse"');
    await admin.page.getByRole('button', { name: 'Cancel' }).click();
  }, 60_000);

  it('creates a location and opens label pages with one Code 128 barcode per label', async () => {
    await admin.openSite('Demo Warehouse');
    await admin.addLocation('E2E-01');
    await admin.page.getByRole('row', { name: 'Location WH1/Stock/E2E-01' }).waitFor();
    await admin.page.getByRole('row', { name: 'Location WH1/Stock/E2E-01' }).getByRole('button', { name: 'Print label' }).click();
    const label = admin.page.getByRole('figure', { name: 'Label WH1/Stock/E2E-01' });
    await label.waitFor();
    expect(await admin.page.getByRole('figure').count()).toBe(1);
    expect(await label.locator('svg').count()).toBe(1);
    expect(await label.locator('svg path').count()).toBeGreaterThan(0);
    await shot(admin.page, 'location-label');

    await admin.page.getByRole('button', { name: 'Back to sites' }).click();
    await admin.openSite('Demo Warehouse');
    await admin.page.getByRole('button', { name: 'Print all labels' }).click();
    const internal = await env.server.db.query("SELECT 1 FROM locations l JOIN sites s ON s.id = l.site_id WHERE s.code = 'WH1' AND l.usage = 'internal' AND l.active");
    await expect.poll(() => admin.page.getByRole('figure').count()).toBe(internal.length);
    expect(await admin.page.locator('figure.location-label svg').count()).toBe(internal.length);
    expect(await admin.horizontalOverflow()).toBeLessThanOrEqual(0);
    await shot(admin.page, 'location-labels-all');
  }, 60_000);

  it('creates a channel API key that is shown once, takes orders, and is refused once revoked', async () => {
    await admin.goto('Channels');
    await admin.createChannel('e2e-shop', 'E2E shop', '1');
    const key = await admin.createApiKey('E2E shop', 'Storefront');
    expect(key).toMatch(/^aisle_ck_/);
    expect(await admin.horizontalOverflow()).toBeLessThanOrEqual(0);
    await shot(admin.page, 'channels-new-key');
    // When the key was made, in the store's time (Tokyo since the first test), named in the heading — not the browser's zone.
    const region = admin.page.getByRole('region', { name: 'Channel E2E shop' });
    expect(await region.getByRole('columnheader', { name: /^Created/ }).innerText()).toBe('Created (Asia/Tokyo)');
    const [made] = await env.server.db.query<{ created_at: Date }>("SELECT created_at FROM channel_api_keys WHERE channel = 'e2e-shop' AND name = 'Storefront'");
    expect(await region.getByRole('row', { name: 'Key Storefront' }).getByRole('cell').nth(1).innerText()).toBe(formatStoreDateTime(new Date(made?.created_at ?? 0).toISOString(), 'Asia/Tokyo'));

    const [product] = await env.server.db.query<{ id: string }>("SELECT id FROM products WHERE active AND tracking = 'none' ORDER BY sku LIMIT 1");
    const post = (ref: string) => env.server.api('/api/orders', {
      headers: { authorization: `Bearer ${key}`, 'idempotency-key': ref },
      body: { channel: 'e2e-shop', externalRef: ref, lines: [{ productId: product?.id, qty: 1 }] },
    });
    expect((await post('E2E-1')).status).toBe(201);

    // Shown once: after a reload the page no longer has it.
    await admin.page.reload();
    await admin.page.getByRole('region', { name: 'Channel E2E shop' }).waitFor();
    expect(await admin.page.content()).not.toContain(key);
    expect(await admin.page.getByRole('region', { name: 'Channel E2E shop' }).innerText()).toContain('1 order');

    await admin.revokeApiKey('E2E shop', 'Storefront');
    await expect.poll(() => admin.page.getByRole('row', { name: 'Key Storefront' }).innerText(), { timeout: 10_000 }).toContain('revoked');
    expect((await post('E2E-2')).status).toBe(401);
  }, 60_000);

  it("invoices a channel's orders on order once the admin chooses it, saying what that means", async () => {
    const form = admin.page.getByRole('form', { name: 'Edit E2E shop' });
    expect(await form.getByLabel('Invoice orders').inputValue()).toBe('delivery');
    expect(await form.getByRole('note').textContent()).toBe('Each shipment or pickup is invoiced for what it delivers, when it leaves.');
    const meaning = await admin.setInvoicing('E2E shop', 'On order');
    expect(meaning).toContain('Everything ordered is invoiced as soon as the order is accepted');
    expect(meaning).toContain('Applies to orders accepted after you save.');
    expect(await admin.page.getByRole('form', { name: 'Edit E2E shop' }).getByLabel('Invoice orders').inputValue()).toBe('order');
    const [channel] = await env.server.db.query<{ invoice_policy: string }>("SELECT invoice_policy FROM channels WHERE code = 'e2e-shop'");
    expect(channel?.invoice_policy).toBe('order');
    const [audit] = await env.server.db.query<{ summary: string }>("SELECT summary FROM admin_audit WHERE action = 'channel.update' AND entity_id = 'e2e-shop' ORDER BY id DESC LIMIT 1");
    expect(audit?.summary).toContain('invoicing on delivery → on order');
    expect(await admin.horizontalOverflow()).toBeLessThanOrEqual(0);
    await shot(admin.page, 'channels-invoice-on-order');

    // An order accepted from now on is invoiced at once, before anything ships.
    const key = await admin.createApiKey('E2E shop', 'Checkout');
    const [product] = await env.server.db.query<{ id: string }>("SELECT id FROM products WHERE active AND tracking = 'none' ORDER BY sku LIMIT 1");
    const res = await env.server.api('/api/orders', {
      headers: { authorization: `Bearer ${key}`, 'idempotency-key': 'E2E-PAID-1' },
      body: { channel: 'e2e-shop', externalRef: 'E2E-PAID-1', lines: [{ productId: product?.id, qty: 1 }] },
    });
    expect(res.status).toBe(201);
    const orderId = (res.body as { orderId: string }).orderId;
    await expect.poll(async () => (await env.server.db.query<{ id: string }>('SELECT id FROM invoices WHERE order_id = $1', [orderId])).map((r) => r.id), { timeout: 15_000 })
      .toEqual([`invoice:order:${orderId}`]);
  }, 60_000);

  it('shows a manager the same pages without the means to change them', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const manager = new AdminPage(page);
    await manager.open(env.url, 'sites');
    await manager.login('manager', 'manager');
    expect(await page.getByRole('button', { name: 'New site' }).count()).toBe(0);
    await manager.openSite('Demo Store');
    expect(await manager.siteSettings('Demo Store').getByLabel('Time zone').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save settings' }).count()).toBe(0);
    await manager.goto('Channels');
    await page.getByRole('region', { name: 'Channel E2E shop' }).waitFor();
    expect(await page.getByRole('button', { name: /Create API key|Revoke|New channel/ }).count()).toBe(0);
    expect(await page.getByRole('form', { name: 'Edit E2E shop' }).getByLabel('Invoice orders').isDisabled()).toBe(true);
    await shot(page, 'channels-manager');
  }, 60_000);
});
