// The back office's Channel orders in Chromium against the real sync server, at 1024×768: a
// manager finds a customer's web order by her name typed without accents, reads its lines, progress
// and total, and cancels it when she calls; the reservation is released and the log says who did it.
// The search asks when typing pauses, and shows only the newest request's answer. The pager says
// how many orders match — "1,000+" past the server's cap — and Next follows the server, not the count.
// An order of a channel invoiced on order shows its invoice, and once cancelled the credit note
// crediting it, in its details' Invoices section (number, amount with currency, store time).
// Screenshots go to test-results/admin/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { AuditPage } from '../../shared/admin-api/audit-devices.ts';
import { formatStoreDateTime } from '../../shared/time/index.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import type { OrderView } from '../../sync-server/warehouse/order-view.ts';
import { launchChromium } from '../support/browser.ts';
import { makeProduct } from '../warehouse/wh-harness.ts';
import { AdminPage } from './pages/admin-page.ts';
import { settled } from './pages/page-settled.ts';
import { startTillServer, type TillE2eServer } from './till-harness.ts';

const SHOTS = 'test-results/admin';

describe('channel orders in the back office', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let admin: AdminPage;
  let zoe: OrderView;
  let tea: string;
  let mug: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await startTillServer({ products: 20 });
    tea = await makeProduct(env.server.db, [{ site: 'WH1', qty: 10 }], { price: 450 });
    mug = await makeProduct(env.server.db, [{ site: 'WH1', qty: 10 }], { price: 1290 });
    // SKUs as the demo data writes them ("SKU-000201" wrapped after its hyphen at 1024 wide).
    await env.server.db.query(
      `UPDATE products SET name = CASE id WHEN $1 THEN 'Sencha green tea' ELSE 'Stoneware mug' END, sku = CASE id WHEN $1 THEN 'SKU-000201' ELSE 'SKU-000202' END WHERE id IN ($1, $2)`,
      [tea, mug],
    );
    await env.server.db.query(`INSERT INTO channels (code, name) VALUES ('web', 'Web shop') ON CONFLICT (code) DO UPDATE SET name = excluded.name`);
    const key = (await createChannelKey(env.server.db, 'web', 'shop')).key;
    const place = async (ref: string, customer: Record<string, string>, lines: { productId: string; qty: number }[], coupons: string[] = []): Promise<OrderView> => {
      const res = await env.server.api('/api/orders', { token: key, headers: { 'idempotency-key': ref }, body: { channel: 'web', externalRef: ref, customer, lines, coupons } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body as OrderView;
    };
    // Zoë's order used a single-use welcome code (1.00 off the mug): cancelled, she may use it again.
    const adminToken = await env.server.login('admin', 'admin');
    const promo = await env.server.api('/api/admin/promotions', { token: adminToken, body: {
      name: 'Welcome 1 off', trigger: 'coupon', siteIds: [], channels: [], priority: 10, exclusive: false, reward: { kind: 'amount_off', amount: 100, target: { productIds: [mug] } },
    } });
    expect(promo.status, JSON.stringify(promo.body)).toBe(201);
    const coupon = await env.server.api('/api/admin/coupons', { token: adminToken, body: { code: 'ZOE-WELCOME', promotionId: (promo.body as { id: string }).id, maxUses: 1 } });
    expect(coupon.status, JSON.stringify(coupon.body)).toBe(201);
    zoe = await place('WEB-5001', { name: 'Zoë Lefèvre', email: 'zoe@example.com' }, [{ productId: tea, qty: 2 }, { productId: mug, qty: 1 }], ['ZOE-WELCOME']);
    await place('WEB-5002', { name: 'Bruno Costa', email: 'bruno@example.org' }, [{ productId: mug, qty: 1 }]);
    browser = await launchChromium();
    admin = new AdminPage(await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage());
    await admin.open(env.url, 'orders');
    await admin.login('manager', 'manager');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('finds an order by the customer\'s name, shows its lines and cancels it for her', async () => {
    const page = admin.page;
    const region = page.getByRole('region', { name: 'Channel orders' });
    await region.getByRole('row', { name: 'Order WEB-5002', exact: true }).waitFor({ timeout: 15_000 });
    expect(await region.getByRole('columnheader', { name: /^Placed/ }).innerText()).toBe('Placed (Europe/Paris)');
    // The title and the manager's badge on one line, the nineteen pages on two below: the header
    // leaves the page its height (it took five lines, 178 px, with the pages squeezed between them).
    const header = await page.locator('header.reports-header').boundingBox();
    expect(header?.height).toBeLessThanOrEqual(120);
    await admin.search('zoe lefevre', 'orders');
    await expect.poll(() => region.getByRole('row', { name: /^Order / }).count(), { timeout: 10_000 }).toBe(1);
    // The exact count, below the cap: one order, nothing to page to.
    await region.getByText('1 order, 1–1', { exact: true }).waitFor();
    expect(await region.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    const row = region.getByRole('row', { name: 'Order WEB-5001', exact: true });
    const text = await row.innerText();
    for (const part of ['Web shop', 'Zoë Lefèvre', 'Delivery', '2 × Sencha green tea, 1 × Stoneware mug', '€20.90', '0 of 3 delivered · 3 reserved', 'Open']) expect(text).toContain(part);
    expect(text).not.toContain(zoe.orderId);

    await row.getByRole('button', { name: 'Details' }).click();
    const details = page.getByRole('region', { name: 'Order WEB-5001' });
    expect(await details.getByRole('row').nth(1).innerText()).toMatch(/^Sencha green tea.*\t2\t2\t0\t0\t0\t0\t€4\.50\t—$/);
    expect(await details.getByRole('row').nth(2).innerText()).toMatch(/^Stoneware mug.*\t1\t1\t0\t0\t0\t0\t€12\.90\t€1\.00$/);
    expect(await details.innerText()).toMatch(/Warehouse work: WH1\/OUT\/\d+ \(Demo Warehouse, /);
    expect(await details.innerText()).toContain('Coupons: ZOE-WELCOME');
    // The web channel invoices on delivery: nothing shipped, nothing invoiced.
    expect(await details.innerText()).toContain('Invoices: none yet');
    // At 1024 wide a SKU stays on one line, beside the name or below it.
    for (const sku of ['SKU-000201', 'SKU-000202']) expect(await admin.textLines(details.getByText(sku, { exact: true })), sku).toBe(1);
    await page.screenshot({ path: `${SHOTS}/orders-details-1024.png`, fullPage: true });
    expect(await admin.horizontalOverflow()).toBeLessThanOrEqual(0);

    let asked = '';
    page.once('dialog', (d) => { asked = d.message(); void d.accept(); });
    await row.getByRole('button', { name: 'Cancel order', exact: true }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toBe('Cancelled Web shop order WEB-5001 of Zoë Lefèvre: 3 units released. Coupon ZOE-WELCOME can be used again.');
    expect(asked).toBe('Cancel Web shop order WEB-5001 of Zoë Lefèvre? The 3 units not delivered are released and Web shop is told.');
    // No longer open; among all, cancelled, with what happened to its units.
    await expect.poll(() => row.count()).toBe(0);
    await admin.filter('orders', 'State', 'All');
    await expect.poll(() => row.innerText(), { timeout: 10_000 }).toContain('Cancelled');
    expect(await row.innerText()).toContain('0 of 3 delivered · 3 cancelled');
    expect(await row.getByRole('button', { name: 'Cancel order', exact: true }).count()).toBe(0);

    const [held] = await env.server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM reservations r JOIN picking_lines pl ON pl.id = r.picking_line_id JOIN pickings p ON p.id = pl.picking_id WHERE p.order_id = $1`, [zoe.orderId]);
    expect(held?.n).toBe(0);
    const log = (await env.server.api('/api/admin/audit?entity=order', { token: await env.server.login('admin', 'admin') })).body as AuditPage;
    expect(log.entries.map((e) => [e.actor, e.summary])).toEqual([['manager', 'cancelled Web shop order WEB-5001 of Zoë Lefèvre: 3 units not delivered, coupon ZOE-WELCOME released']]);
  }, 120_000);

  it('asks the server when typing pauses, and an older answer arriving late never replaces the newer one', async () => {
    const page = admin.page;
    const region = page.getByRole('region', { name: 'Channel orders' });
    const rows = region.getByRole('row', { name: /^Order / });
    const box = page.getByLabel('Search orders');
    await admin.filter('orders', 'State', 'All');
    await admin.search('', 'orders');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    // Every search the page asks for, by its words; Bruno's answer is held back until released.
    const asked: string[] = [];
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const ordersApi = (url: URL): boolean => url.pathname === '/api/admin/orders';
    await page.route(ordersApi, async (route) => {
      const q = new URL(route.request().url()).searchParams.get('q') ?? '';
      asked.push(q);
      if (q === 'bruno') await held;
      await route.continue();
    });

    await box.pressSequentially('bruno', { delay: 40 });
    await expect.poll(() => asked.at(-1), { timeout: 10_000 }).toBe('bruno');
    // One request for the word (two at most if this busy machine paused between keys), not one per key.
    expect(asked.length, asked.join(', ')).toBeLessThanOrEqual(2);

    // Zoë's answer, asked after Bruno's: shown (while Bruno's is held back).
    await admin.search('zoe', 'orders');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    expect(await rows.first().getAttribute('aria-label')).toBe('Order WEB-5001');
    // Bruno's answer arrives now, after Zoë's: it is dropped.
    const late = page.waitForResponse((r) => r.url().includes('q=bruno'));
    release();
    await (await late).finished();
    await settled(page);
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('aria-label')).toBe('Order WEB-5001');
    await page.unroute(ordersApi);
  }, 60_000);
  it('says "1,000+ orders" past the count\'s cap and pages on past it', async () => {
    // 1,100 orders of one customer, older than the others, straight into the table (what the list
    // shows of them is their reference, customer and state).
    await env.server.db.query(`INSERT INTO customers (id, name, email) VALUES ('c-e2e-bulk', 'Maren Holm', 'maren@holm.example')`);
    await env.server.db.query(
      `INSERT INTO orders (id, channel, external_ref, customer_id, created_at)
       SELECT 'o-e2e-bulk-' || n, 'web', 'BULK-' || lpad(n::text, 4, '0'), 'c-e2e-bulk', now() - interval '1 day' - n * interval '1 minute' FROM generate_series(1, 1100) n`,
    );
    const page = admin.page;
    const region = page.getByRole('region', { name: 'Channel orders' });
    const rows = region.getByRole('row', { name: /^Order / });
    const next = region.getByRole('button', { name: 'Next' });
    await page.getByLabel('State').selectOption({ label: 'All' });
    await page.getByLabel('Search orders').fill('maren holm');
    await region.getByText('1,000+ orders, 1–50', { exact: true }).waitFor({ timeout: 15_000 });
    expect(await rows.first().getAttribute('aria-label')).toBe('Order BULK-0001');
    // Next leads on past the 1,000th order, to the last one (1,100: the last page holds 50).
    const newest = async (n: number): Promise<void> => {
      await next.click();
      await expect.poll(() => rows.first().getAttribute('aria-label'), { timeout: 10_000 }).toBe(`Order BULK-${String(n).padStart(4, '0')}`);
      expect(await region.getByText(`1,000+ orders, ${n.toLocaleString('en')}–${(n + 49).toLocaleString('en')}`, { exact: true }).count()).toBe(1);
    };
    for (let n = 51; n <= 1051; n += 50) await newest(n);
    expect(await rows.last().getAttribute('aria-label')).toBe('Order BULK-1100');
    expect(await next.isDisabled()).toBe(true);
    // Fewer than the cap: the exact count again.
    await page.getByLabel('Search orders').fill('bulk-10');
    await region.getByText('100 orders, 1–50', { exact: true }).waitFor({ timeout: 10_000 });
    expect(await next.isDisabled()).toBe(false);
  }, 120_000);

  it('shows the invoice of an order invoiced on order, and the credit note of its cancel, in the order\'s details', async () => {
    const adminToken = await env.server.login('admin', 'admin');
    expect((await env.server.api('/api/admin/channels', { token: adminToken, body: { code: 'shop', name: 'Prepaid shop' } })).status).toBe(201);
    expect((await env.server.api('/api/admin/channels/shop', { method: 'PATCH', token: adminToken, body: { invoicePolicy: 'order' } })).status).toBe(200);
    const key = (await createChannelKey(env.server.db, 'shop', 'prepaid')).key;
    const res = await env.server.api('/api/orders', {
      token: key, headers: { 'idempotency-key': 'SHOP-7001' },
      body: { channel: 'shop', externalRef: 'SHOP-7001', customer: { name: 'Inès Duval', email: 'ines@example.com' }, lines: [{ productId: tea, qty: 2 }, { productId: mug, qty: 1 }] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const orderId = (res.body as OrderView).orderId;
    const documents = async (): Promise<{ number: string; kind: string; issued_at: Date }[]> =>
      env.server.db.query('SELECT number, kind, issued_at FROM invoices WHERE order_id = $1 ORDER BY issued_at, kind DESC', [orderId]);
    await expect.poll(async () => (await documents()).length, { timeout: 15_000 }).toBe(1);

    const page = admin.page;
    const region = page.getByRole('region', { name: 'Channel orders' });
    await admin.filter('orders', 'State', 'All');
    await admin.search('ines duval', 'orders');
    const row = region.getByRole('row', { name: 'Order SHOP-7001', exact: true });
    await row.waitFor({ timeout: 10_000 });
    expect(await row.innerText()).toContain('Prepaid shop');
    // The customer calls to cancel: what was invoiced is credited, and the page says by which note.
    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Cancel order', exact: true }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toMatch(/Credit note CN-\d{6} gives back what it had invoiced\.$/);
    await expect.poll(() => row.innerText(), { timeout: 10_000 }).toContain('Cancelled');
    const [inv, cn] = await documents();
    expect([inv?.kind, cn?.kind]).toEqual(['invoice', 'credit_note']);

    await row.getByRole('button', { name: 'Details' }).click();
    const invoices = page.getByRole('region', { name: 'Order SHOP-7001' }).getByRole('region', { name: 'Invoices' });
    await invoices.waitFor({ timeout: 10_000 });
    expect(await invoices.getByRole('columnheader', { name: /^Issued/ }).innerText()).toBe('Issued (Europe/Paris)');
    const rows = invoices.getByRole('row');
    expect(await rows.count()).toBe(3);
    // Names, money with its currency (2 × 4.50 + 12.90), store time; never the order's id.
    const when = (at: Date | undefined): string => formatStoreDateTime(at ?? new Date(0), 'Europe/Paris');
    expect(await rows.nth(1).innerText()).toBe(`${inv?.number}\tInvoice\t€21.90\t${when(inv?.issued_at)}`);
    expect(await rows.nth(2).innerText()).toBe(`${cn?.number}\tCredit note of ${inv?.number}\t-€21.90\t${when(cn?.issued_at)}`);
    expect(await invoices.innerText()).not.toContain(orderId);
    await invoices.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/orders-invoices-1024.png` });
  }, 60_000);

  it('keeps every SKU of the Products list on one line at 1024×768, the table within the window', async () => {
    // A long name and category squeeze the other columns; an admin's rows carry Edit and Archive too.
    const tin = await makeProduct(env.server.db, [{ site: 'WH1', qty: 1 }]);
    await env.server.db.query(
      `UPDATE products SET name = 'Organic loose-leaf Darjeeling first flush black tea in a 250 g gift tin', sku = 'SKU-000301', category = 'Tea, coffee and hot drinks' WHERE id = $1`,
      [tin],
    );
    const writer = new AdminPage(await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage());
    await writer.open(env.url, 'products');
    await writer.login('admin', 'admin');
    await writer.search('');
    const rows = writer.list('products').getByRole('row', { name: /^Product / });
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(5);
    expect(await writer.list('products').getByRole('columnheader').nth(1).innerText()).toBe('SKU');
    await writer.page.screenshot({ path: `${SHOTS}/products-1024.png` });
    for (const row of await rows.all()) {
      const sku = row.getByRole('cell').nth(1);
      expect(await writer.textLines(sku), await sku.innerText()).toBe(1);
    }
    expect(await writer.horizontalOverflow()).toBeLessThanOrEqual(0);
    await writer.page.context().close();
  }, 60_000);

  it("shows a channel's invoicing change in the audit log in the Channels page's words", async () => {
    await admin.goto('Audit log');
    await admin.search('Prepaid shop', 'audit');
    const list = admin.list('audit');
    await expect.poll(() => list.innerText(), { timeout: 10_000 }).toContain('invoice orders: On delivery → On order');
    expect(await list.innerText()).not.toMatch(/delivery → order/);
    await admin.page.screenshot({ path: `${SHOTS}/audit-1024.png` });
  }, 60_000);
});
