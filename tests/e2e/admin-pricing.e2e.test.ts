// Issue 17 points 1–2 in the back office, in Chromium against the real sync server at 1024×768: an
// admin creates a pricelist with a quantity break (the store's default), a buy-2-get-1 promotion, a
// promotion unlocked by a coupon and its single-use code. A till that pairs afterwards pulls the
// rules, its own cart code prices a sale with them, and the server applies that sale without a
// pricing exception and counts the coupon, which the Coupons list then shows as used. Forms refuse
// bad input before sending and keep what was typed. A customer is put in a group on the Customers
// page; an ended promotion leaves the tills' rules. A manager sees the pages without the forms. A
// pricelist and a promotion are edited in forms opened on their rules, and a paired till's open cart
// shows the edited promotion's saving.
// Screenshots go to test-results/admin-pricing/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildPricingIndex } from '../../shared/pricing/pricing-index.ts';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import type { ConfigEntry, Ack } from '../../shared/schemas/index.ts';
import { launchChromium } from '../support/browser.ts';
import { push, simCatalog } from '../pos/pos-harness.ts';
import { cartLine, tillSale, type TillProduct } from '../pos/pricing-harness.ts';
import { AdminPage } from './pages/admin-page.ts';
import { TillPage } from './pages/till-page.ts';
import { openShift, startTillServer, type TillE2eServer } from './till-harness.ts';

const SHOTS = 'test-results/admin-pricing';

describe('pricing in the back office', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let admin: AdminPage;
  let cola: TillProduct;
  let chips: TillProduct;

  const shot = async (page: Page, name: string): Promise<void> => {
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await startTillServer({ products: 20 });
    const db = env.server.db;
    const [a, b] = await simCatalog(db, 2);
    if (!a || !b) throw new Error('expected two products');
    await db.query(`UPDATE products SET name = 'Pricing Cola', sku = 'PR-COLA', price = 250, cost = 100, category = 'Drinks' WHERE id = $1`, [a.id]);
    await db.query(`UPDATE products SET name = 'Pricing Chips', sku = 'PR-CHIPS', price = 180, cost = 60, category = 'Snacks' WHERE id = $1`, [b.id]);
    cola = { ...a, price: 250, cost: 100, category: 'Drinks' };
    chips = { ...b, price: 180, cost: 60, category: 'Snacks' };
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
    page.on('pageerror', (error) => console.error('admin page error:', error.message));
    admin = new AdminPage(page);
    await admin.open(env.url, 'pricelists');
    await admin.login('admin', 'admin');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('creates a customer group and a pricelist with a quantity break, refusing bad input without losing it', async () => {
    const page = admin.page;
    const groups = page.getByRole('region', { name: 'Customer groups' });
    await groups.getByLabel('Group name').fill('Trade');
    await groups.getByRole('button', { name: 'Add group' }).click();
    await groups.getByRole('row', { name: 'Group Trade' }).waitFor();

    await page.getByRole('button', { name: 'New pricelist' }).click();
    const form = page.getByRole('form', { name: 'New pricelist' });
    const rule = form.getByRole('group', { name: 'Rule 1' });
    await rule.getByLabel('From quantity').fill('six');
    await rule.getByLabel(/^Price \(/).fill('2.00');
    await form.getByRole('button', { name: 'Save pricelist' }).click();
    const problems = form.getByRole('alert', { name: 'Fix these first' });
    expect(await problems.getByRole('listitem').allInnerTexts()).toEqual([
      'Give the pricelist a name.',
      'Rule 1: choose the product.',
      'Rule 1: "from quantity" must be a number, 0 or more (empty: any quantity).',
    ]);
    await shot(page, 'pricelist-refused');
    // What was typed is still there.
    expect(await rule.getByLabel(/^Price \(/).inputValue()).toBe('2.00');

    await form.getByLabel('Name').fill('Bulk prices');
    await rule.getByLabel('From quantity').fill('6');
    await admin.pickProduct(rule, 'Product', 'Pricing Cola', 'Pricing Co');
    await form.getByRole('group', { name: 'Default pricelist of' }).getByLabel(/Demo Store/).check();
    await form.getByRole('button', { name: 'Add rule' }).click();
    const rule2 = form.getByRole('group', { name: 'Rule 2' });
    await rule2.getByLabel('Applies to').selectOption({ label: 'A category' });
    await rule2.getByLabel('Category', { exact: true }).fill('Snacks');
    await rule2.getByLabel('Price by').selectOption({ label: 'A percentage off the list price' });
    await rule2.getByLabel('Percent off').fill('5');
    await rule2.getByLabel('From quantity').fill('100');
    await shot(page, 'pricelist-form');
    await form.getByRole('button', { name: 'Save pricelist' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 15_000 }).toContain('Created the pricelist "Bulk prices" with 2 rules');
    const row = page.getByRole('row', { name: 'Pricelist Bulk prices' });
    await expect.poll(() => row.innerText()).toContain('Pricing Cola (PR-COLA), from 6: €2.00 each');
    expect(await row.innerText()).toContain('Category Snacks, from 100: 5 % off the list price');
    expect(await row.innerText()).toContain('Demo Store');
    await shot(page, 'pricelists');
  }, 120_000);

  it('creates a buy-2-get-1, a coupon promotion and its single-use code', async () => {
    const page = admin.page;
    await admin.goto('Promotions');
    await page.getByRole('button', { name: 'New promotion' }).click();
    const form = page.getByRole('form', { name: 'New promotion' });
    await form.getByLabel('Name (printed on the receipt)').fill('Chips: buy 2 get 1');
    await form.getByLabel('Reward').selectOption({ label: 'Buy X get Y free' });
    await form.getByLabel('Buy (units)').fill('2');
    await form.getByLabel('Get free (units)').fill('1');
    await admin.pickProduct(form, 'Add a product', 'Pricing Chips', 'Pricing Ch');
    await form.getByLabel(/^To day/).fill('2026-01-02');
    await form.getByLabel(/^From day/).fill('2026-01-05');
    await form.getByRole('button', { name: 'Save promotion' }).click();
    expect(await form.getByRole('alert', { name: 'Fix these first' }).innerText()).toContain('Dates: it ends (2026-01-02) before it starts (2026-01-05).');
    await form.getByLabel(/^To day/).fill('');
    await form.getByLabel(/^From day/).fill('');
    await form.getByLabel('Channels (pos = tills; empty: every channel)').fill('pos');
    await form.getByRole('button', { name: 'Save promotion' }).click();
    const b2g1 = page.getByRole('row', { name: 'Promotion Chips: buy 2 get 1' });
    await expect.poll(() => b2g1.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => b2g1.innerText()).toContain('Buy 2 of Pricing Chips (PR-CHIPS), get 1 free (the cheapest)');

    await page.getByRole('button', { name: 'New promotion' }).click();
    await form.getByLabel('Name (printed on the receipt)').fill('Welcome 10 %');
    await form.getByLabel('Applies').selectOption({ label: 'With a coupon code' });
    await form.getByLabel('Priority').fill('20');
    await form.getByLabel('Percent off').fill('10');
    await form.getByRole('button', { name: 'Save promotion' }).click();
    await page.getByRole('row', { name: 'Promotion Welcome 10 %' }).waitFor({ timeout: 15_000 });

    const coupons = page.getByRole('region', { name: 'Coupons' });
    const couponForm = coupons.getByRole('form', { name: 'New coupon' });
    await couponForm.getByLabel('Code').fill('-bad');
    await couponForm.getByRole('button', { name: 'Create coupon' }).click();
    expect(await couponForm.getByRole('alert').innerText()).toContain('The code must be 4 to 32 letters');
    await couponForm.getByLabel('Code').fill('welcome-10');
    await couponForm.getByLabel('Unlocks the promotion').selectOption({ label: 'Welcome 10 %' });
    await couponForm.getByRole('button', { name: 'Create coupon' }).click();
    const coupon = coupons.getByRole('row', { name: 'Coupon WELCOME-10' });
    await coupon.waitFor({ timeout: 15_000 });
    expect(await coupon.innerText()).toMatch(/Welcome 10 %\s+Single use\s+0 of 1/);
    await shot(page, 'promotions');
  }, 120_000);

  it('the server prices a till sale with what the back office made, and counts the coupon', async () => {
    const server = env.server;
    const till = await server.pairDevice('till', 'STORE1');
    const config = ((await server.api('/api/sync/config/pull?limit=1000', { token: till.token })).body as { documents: ConfigEntry[] }).documents;
    const rules = {
      pricelists: config.flatMap((c) => (c.kind === 'pricelist' ? [c.data] : [])),
      promotions: config.flatMap((c) => (c.kind === 'promotion' ? [c.data] : [])),
      coupons: config.flatMap((c) => (c.kind === 'coupon' ? [c.data] : [])),
    };
    const siteId = await server.siteId('STORE1');
    const ctx = { siteId, channel: 'pos', at: new Date().toISOString(), timeZone: 'Europe/Paris', couponCodes: ['welcome-10'] };
    const { sale, pricing } = tillSale({
      id: 'pricing-e2e-1', tillId: till.deviceId, siteId, sessionId: 'pricing-e2e', cashierId: await server.userId('alice'), receiptNo: 'PR-1',
      lines: [cartLine('l1', { product: cola, qty: 6 }), cartLine('l2', { product: chips, qty: 3 })], index: buildPricingIndex(rules), ctx,
    }, null);
    // 6 colas at the quantity break's 2.00; 3 chips, one free; then 10 % off what is left.
    expect(pricing.lines.map((l) => l.unitPrice)).toEqual([200, 180]);
    expect(pricing.promotions.map((p) => [p.name, p.amount])).toEqual([['Chips: buy 2 get 1', 180], ['Welcome 10 %', 120 + 36]]);
    expect(sale.total).toBe(1200 + 540 - 180 - 156);
    await push(server, till.token, 'sales', [sale]);
    const acks = ((await server.api('/api/sync/acks/pull?limit=1000', { token: till.token })).body as { documents: Ack[] }).documents;
    const problems = (acks.find((a) => a.id === sale.id)?.problems ?? []).map((p) => p.code).filter((c) => !['negative_stock', 'late_sale', 'unknown_session'].includes(c));
    expect(problems).toEqual([]);

    const page = admin.page;
    await page.reload();
    const coupon = page.getByRole('region', { name: 'Coupons' }).getByRole('row', { name: 'Coupon WELCOME-10' });
    await expect.poll(() => coupon.innerText(), { timeout: 15_000 }).toContain('1 of 1');
  }, 120_000);

  it('puts a customer in a group on the Customers page, and ends a promotion that tills then withdraw', async () => {
    const page = admin.page;
    const [first] = await env.server.db.query<{ name: string }>('SELECT name FROM customers ORDER BY name LIMIT 1');
    const name = first?.name ?? '';
    await admin.goto('Customers');
    await admin.search(name, 'customers');
    await page.getByLabel(`Group of ${name}`).selectOption({ label: 'Trade' });
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toBe(`${name} is now in the group Trade: tills price their sales with its pricelist.`);
    await admin.goto('Pricelists');
    await expect.poll(() => page.getByRole('row', { name: 'Group Trade' }).innerText(), { timeout: 15_000 }).toMatch(/Trade\s+1$/);

    await admin.goto('Promotions');
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('row', { name: 'Promotion Chips: buy 2 get 1' }).getByRole('button', { name: 'End' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 15_000 }).toBe('Ended the promotion "Chips: buy 2 get 1": tills stop applying it on their next sync.');
    await expect.poll(() => page.getByRole('row', { name: 'Promotion Chips: buy 2 get 1' }).count()).toBe(0);
    const till = await env.server.pairDevice('till', 'STORE1');
    const config = ((await env.server.api('/api/sync/config/pull?limit=1000', { token: till.token })).body as { documents: (ConfigEntry & { _deleted?: boolean })[] }).documents;
    expect(config.flatMap((c) => (c.kind === 'promotion' && !c._deleted ? [c.data.name] : []))).toEqual(['Welcome 10 %']);
  }, 120_000);

  it('shows a manager the rules without the forms', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
    const manager = new AdminPage(page);
    await manager.open(env.url, 'promotions');
    await manager.login('manager', 'manager');
    await page.getByRole('row', { name: 'Promotion Welcome 10 %' }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('button', { name: 'End' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'New promotion' }).count()).toBe(0);
    expect(await page.getByRole('form', { name: 'New coupon' }).count()).toBe(0);
    await manager.goto('Pricelists');
    await page.getByRole('row', { name: 'Pricelist Bulk prices' }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('button', { name: 'New pricelist' }).count()).toBe(0);
    expect(await manager.horizontalOverflow()).toBeLessThanOrEqual(0);
    await page.close();
  }, 120_000);

  it('edits a pricelist and a promotion in forms opened on their rules; a paired till re-prices its cart with the new percentage', async () => {
    const page = admin.page;
    await admin.goto('Pricelists');
    await page.getByRole('row', { name: 'Pricelist Bulk prices' }).getByRole('button', { name: 'Edit' }).click();
    const plForm = page.getByRole('form', { name: 'Edit pricelist Bulk prices' });
    const rule1 = plForm.getByRole('group', { name: 'Rule 1' });
    expect(await rule1.innerText()).toContain('Pricing Cola (PR-COLA)');
    expect(await rule1.getByLabel('From quantity').inputValue()).toBe('6');
    expect(await rule1.getByLabel(/^Price \(/).inputValue()).toBe('2.00');
    expect(await plForm.getByRole('group', { name: 'Rule 2' }).getByLabel('Percent off').inputValue()).toBe('5');
    await rule1.getByLabel(/^Price \(/).fill('1.9x');
    await plForm.getByRole('button', { name: 'Save pricelist' }).click();
    expect(await plForm.getByRole('alert', { name: 'Fix these first' }).innerText()).toBe('Rule 1: the price must be an amount like 2.50.');
    await rule1.getByLabel(/^Price \(/).fill('1.90');
    await plForm.getByRole('button', { name: 'Save pricelist' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 15_000 }).toBe('Saved the pricelist "Bulk prices" with 2 rules: tills price with the change on their next sync.');
    await expect.poll(() => page.getByRole('row', { name: 'Pricelist Bulk prices' }).innerText()).toContain('Pricing Cola (PR-COLA), from 6: €1.90 each');

    // A percentage promotion on a product the till scans, made before the till pairs.
    // Not one of the products renamed above (the catalog simulation gave them barcodes of their own).
    const item = (await env.products(5)).find((p) => !p.name.startsWith('Pricing'));
    if (!item) throw new Error('no product to scan');
    const [{ id: itemId } = { id: '' }] = await env.server.db.query<{ id: string }>('SELECT product_id AS id FROM product_barcodes WHERE barcode = $1', [`0${item.ean}`]);
    const token = await env.server.login('admin', 'admin');
    const made = await env.server.api('/api/admin/promotions', {
      token, body: { name: 'Till 10 %', trigger: 'automatic', siteIds: [], channels: ['pos'], priority: 30, exclusive: false, reward: { kind: 'percent_off', percent: 10, target: { productIds: [itemId] } } },
    });
    expect(made.status).toBe(201);
    const tillPage = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
    tillPage.on('pageerror', (error) => console.error('till page error:', error.message));
    const till = new TillPage(tillPage);
    await openShift(till, env);
    await till.waitForCatalog(1);
    await till.enterCode(item.ean);
    await till.enterCode(item.ean);
    await expect.poll(() => tillPage.getByRole('row', { name: /^Line / }).allInnerTexts(), { timeout: 10_000 }).toEqual([expect.stringContaining(item.name)]);
    const saving = (percent: number): string => formatMoneyWithSymbol(Math.round((2 * item.price * percent) / 100), 'EUR');
    await expect.poll(() => tillPage.getByLabel('You saved').textContent(), { timeout: 20_000 }).toBe(saving(10));

    await admin.goto('Promotions');
    await page.getByRole('row', { name: 'Promotion Till 10 %' }).getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: 'Edit promotion Till 10 %' });
    expect(await form.getByLabel('Percent off').inputValue()).toBe('10');
    expect(await form.getByLabel('Channels (pos = tills; empty: every channel)').inputValue()).toBe('pos');
    expect(await form.getByRole('list', { name: 'Products' }).innerText()).toContain(item.name);
    await form.getByLabel('Percent off').fill('130');
    await form.getByRole('button', { name: 'Save promotion' }).click();
    expect(await form.getByRole('alert', { name: 'Fix these first' }).innerText()).toBe('The percentage off must be a number above 0 and up to 100.');
    await form.getByLabel('Percent off').fill('30');
    await shot(page, 'promotion-edit');
    await form.getByRole('button', { name: 'Save promotion' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 15_000 }).toBe('Saved the promotion "Till 10 %": tills apply the change on their next sync.');
    await expect.poll(() => page.getByRole('row', { name: 'Promotion Till 10 %' }).innerText()).toContain('30 %');

    // The till's open cart takes the edited rule as it arrives, without a new scan.
    await expect.poll(() => tillPage.getByLabel('You saved').textContent(), { timeout: 30_000 }).toBe(saving(30));
    await tillPage.screenshot({ path: `${SHOTS}/till-after-edit.png` });
    await tillPage.close();
  }, 180_000);
});
