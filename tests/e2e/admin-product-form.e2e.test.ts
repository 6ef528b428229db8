// The back office's product form in Chromium against the real sync server: a product given two
// taxes through the API (VAT and a compound levy, as a CSV import can) keeps both, in their order,
// when only its name is edited — the form sends only what changed; ticking a second tax saves both,
// the compound one last; a price that does not include tax and a cost are saved as typed (the cost
// in minor units); a bad cost is refused with a sentence and nothing is sent; a retired tax a
// product still carries stays while its taxes are left alone, and the form says to replace it
// before changing them. The search asks for the words without the spaces around them. The form fits 1024×768 and 1280×800 (screenshots in test-results/admin/).
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Request } from 'playwright-core';
import type { Product, TaxDetail } from '../../shared/admin-api/catalog.ts';
import { SEARCH_PAUSE_MS } from '../../renderer/admin/use-search.ts';
import { launchChromium } from '../support/browser.ts';
import { AdminPage } from './pages/admin-page.ts';
import { startTillServer, type TillE2eServer } from './till-harness.ts';

const SHOTS = 'test-results/admin';
/** The demo seed's taxes. */
const VAT = 'tax-standard';
const REDUCED = 'tax-reduced';

describe('the product form in the back office', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let admin: AdminPage;
  let token: string;
  let levy: TaxDetail;
  /** The product requests the page sent (writes only). */
  const writes: Request[] = [];

  const call = async <T,>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    const res = await env.server.api(path, { ...init, token });
    if (res.status >= 300) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  };
  const product = (id: string): Promise<Product> => call<Product>(`/api/admin/products/${id}`);
  const createProduct = (body: Record<string, unknown>): Promise<Product> =>
    call<Product>('/api/admin/products', { body: { price: 300, priceIncludesTax: true, cost: 100, category: 'Drinks', ...body } });
  const productWrites = (): { method: string; body: unknown }[] =>
    writes.map((r) => ({ method: r.method(), body: r.postDataJSON() as unknown }));
  const save = async (): Promise<void> => {
    await admin.page.getByRole('button', { name: 'Save product' }).click();
    await admin.status().waitFor();
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await startTillServer({ products: 20 });
    token = await env.server.login('admin', 'admin');
    levy = await call<TaxDetail>('/api/admin/taxes', { body: { name: 'Eco levy', rate: 2, compound: true } });
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (error) => console.error('admin page error:', error.message));
    page.on('request', (r) => {
      if (/\/api\/admin\/products(\/[^/?]+)?$/.test(new URL(r.url()).pathname) && ['POST', 'PATCH'].includes(r.method())) writes.push(r);
    });
    admin = new AdminPage(page);
    await admin.open(env.url, 'products');
    await admin.login('admin', 'admin');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('keeps both taxes of a product, in their order, when only its name is edited', async () => {
    const cola = await createProduct({ name: 'Two-tax cola', sku: 'FORM-COLA', taxIds: [VAT, levy.id] });
    const form = await admin.editProduct('Two-tax cola');
    expect(await admin.productTax(form, 'VAT 20%').isChecked()).toBe(true);
    expect(await admin.productTax(form, 'Eco levy').isChecked()).toBe(true);
    expect(await form.innerText()).toContain('Charged in this order: VAT 20%, then Eco levy (a compound tax on the price and the taxes before it).');
    expect(await admin.horizontalOverflow()).toBeLessThanOrEqual(0);
    await admin.page.screenshot({ path: `${SHOTS}/product-form-1280.png` });
    await admin.page.setViewportSize({ width: 1024, height: 768 });
    expect(await admin.horizontalOverflow()).toBeLessThanOrEqual(0);
    await admin.page.screenshot({ path: `${SHOTS}/product-form-1024.png` });
    await admin.page.setViewportSize({ width: 1280, height: 800 });

    writes.length = 0;
    await form.getByLabel('Name').fill('Two-tax cola 33cl');
    await save();
    expect(productWrites()).toEqual([{ method: 'PATCH', body: { name: 'Two-tax cola 33cl' } }]);
    expect(await product(cola.id)).toMatchObject({ name: 'Two-tax cola 33cl', taxIds: [VAT, levy.id], price: 300, cost: 100, priceIncludesTax: true });

    // An order a CSV import or the API gave — the levy first, charged on the price alone — stays too.
    await call(`/api/admin/products/${cola.id}`, { method: 'PATCH', body: { taxIds: [levy.id, VAT] } });
    await (await admin.editProduct('Two-tax cola 33cl')).getByLabel('Name').fill('Two-tax cola');
    await save();
    expect((await product(cola.id)).taxIds).toEqual([levy.id, VAT]);
  }, 90_000);

  it('saves both taxes when a second one is ticked, the compound levy after the VAT', async () => {
    const juice = await createProduct({ name: 'Levy juice', sku: 'FORM-JUICE', taxIds: [levy.id] });
    const form = await admin.editProduct('Levy juice');
    await admin.productTax(form, 'VAT 5.5%').check();
    expect(await form.innerText()).toContain('Charged in this order: VAT 5.5%, then Eco levy');
    writes.length = 0;
    await save();
    expect(productWrites()).toEqual([{ method: 'PATCH', body: { taxIds: [REDUCED, levy.id] } }]);
    expect((await product(juice.id)).taxIds).toEqual([REDUCED, levy.id]);
    // The list names both.
    expect(await admin.page.getByRole('row', { name: 'Product Levy juice' }).innerText()).toContain('VAT 5.5%, Eco levy');
  }, 60_000);

  it('saves a price that does not include tax, and the cost in minor units', async () => {
    await admin.page.getByRole('button', { name: 'New product' }).click();
    const form = admin.productForm('New product');
    expect(await form.getByRole('checkbox', { name: 'Price includes tax' }).isChecked()).toBe(true);
    await form.getByLabel('Price (EUR, tax included)').waitFor();
    await admin.page.getByRole('button', { name: 'Cancel' }).click();

    await admin.createProduct({ name: 'Net price honey', sku: 'FORM-HONEY', price: '6.40', cost: '3,85', priceIncludesTax: false, taxes: ['VAT 5.5%'] });
    await admin.status().waitFor();
    const [created] = (await call<{ products: Product[] }>('/api/admin/products?q=FORM-HONEY')).products;
    expect(created).toMatchObject({ price: 640, priceIncludesTax: false, cost: 385, taxIds: [REDUCED] });
    await admin.search('Net price honey');
    expect(await admin.page.getByRole('row', { name: 'Product Net price honey' }).innerText()).toContain('€6.40 + tax');

    // Edit shows them as saved; a new cost alone is sent.
    const form2 = await admin.editProduct('Net price honey');
    expect(await form2.getByLabel(/^Cost/).inputValue()).toBe('3.85');
    expect(await form2.getByRole('checkbox', { name: 'Price includes tax' }).isChecked()).toBe(false);
    await form2.getByLabel('Price (EUR, before tax)').waitFor();
    await form2.getByLabel(/^Cost/).fill('4.10');
    writes.length = 0;
    await save();
    expect(productWrites()).toEqual([{ method: 'PATCH', body: { cost: 410 } }]);
    expect(await product(created?.id ?? '')).toMatchObject({ cost: 410, price: 640, priceIncludesTax: false });
  }, 60_000);

  it('refuses a bad cost with a sentence and sends nothing', async () => {
    const beans = await createProduct({ name: 'Costly beans', sku: 'FORM-BEANS', taxIds: [VAT] });
    const form = await admin.editProduct('Costly beans');
    await form.getByLabel(/^Cost/).fill('1,2,3');
    await form.getByLabel('Name').fill('Costly beans 1kg');
    writes.length = 0;
    await form.getByRole('button', { name: 'Save product' }).click();
    await admin.page.getByRole('alert').filter({ hasText: 'Cost must be an amount like 1.20 (what one unit costs the store, in the store currency), or empty for none.' }).waitFor();
    expect(writes).toEqual([]);
    expect(await product(beans.id)).toMatchObject({ name: 'Costly beans', cost: 100 });
    await admin.page.screenshot({ path: `${SHOTS}/product-form-bad-cost.png` });
    await form.getByRole('button', { name: 'Cancel' }).click();
  }, 60_000);

  it('keeps a retired tax a product still carries until the person replaces it', async () => {
    // A product from before migration 126, which keeps retired taxes off products: retire the tax
    // while no product carries it, then put it on one with that trigger off.
    const old = await call<TaxDetail>('/api/admin/taxes', { body: { name: 'Old levy', rate: 1 } });
    await call(`/api/admin/taxes/${old.id}`, { method: 'PATCH', body: { active: false } });
    const soda = await createProduct({ name: 'Old soda', sku: 'FORM-SODA', taxIds: [VAT] });
    await env.server.db.transaction(async (tx) => {
      await tx.query('ALTER TABLE product_taxes DISABLE TRIGGER product_taxes_tax_active_insert');
      await tx.query('INSERT INTO product_taxes (product_id, tax_id, position) VALUES ($1, $2, 1)', [soda.id, old.id]);
      await tx.query('ALTER TABLE product_taxes ENABLE TRIGGER product_taxes_tax_active_insert');
    });
    expect((await product(soda.id)).taxIds).toEqual([VAT, old.id]);

    let form = await admin.editProduct('Old soda');
    expect(await admin.productTax(form, 'Old levy').isChecked()).toBe(true);
    expect(await admin.productTaxChoices(form)).toContain('Old levy · 1 % (retired)');
    expect(await form.innerText()).toContain('“Old levy” is retired: this product keeps it as long as its taxes stay as they are.');
    await form.getByLabel('Name').fill('Old soda 1l');
    await save();
    expect(await product(soda.id)).toMatchObject({ name: 'Old soda 1l', taxIds: [VAT, old.id] });

    // Changing its taxes with the retired one still ticked is refused by the form, in words.
    form = await admin.editProduct('Old soda 1l');
    await admin.productTax(form, 'VAT 5.5%').check();
    writes.length = 0;
    await form.getByRole('button', { name: 'Save product' }).click();
    await admin.page.getByRole('alert').filter({ hasText: 'The tax "Old levy" is retired: this product keeps it only while its taxes stay as they are. To change them, untick "Old levy"' }).waitFor();
    expect(writes).toEqual([]);
    await admin.page.screenshot({ path: `${SHOTS}/product-form-retired-tax.png` });

    // Replaced, it goes.
    await admin.productTax(form, 'Old levy').uncheck();
    await save();
    expect((await product(soda.id)).taxIds).toEqual([VAT, REDUCED]);
  }, 60_000);

  it('searches the words without the spaces around them: a space typed after a word asks nothing more', async () => {
    const asked: string[] = [];
    const onRequest = (r: Request): void => {
      const u = new URL(r.url());
      if (u.pathname === '/api/admin/products' && r.method() === 'GET') asked.push(u.searchParams.get('q') ?? '');
    };
    admin.page.on('request', onRequest);
    try {
      await admin.search('Old soda');
      expect(asked.at(-1)).toBe('Old soda');
      const before = asked.length;
      await admin.list('products').getByRole('searchbox', { name: 'Search products' }).fill('Old soda ');
      // Well past the pause after which the page asks (renderer/admin/use-search.ts): nothing was asked.
      await admin.page.waitForTimeout(SEARCH_PAUSE_MS * 4);
      expect(asked.slice(before)).toEqual([]);
      // Spaces before the words are not part of the search either (AdminPage.search waits for q=old).
      await admin.search('  old');
      expect(asked.at(-1)).toBe('old');
      expect(await admin.list('products').getByRole('row', { name: 'Product Old soda 1l' }).count()).toBe(1);
    } finally {
      admin.page.off('request', onRequest);
    }
  }, 60_000);
});
