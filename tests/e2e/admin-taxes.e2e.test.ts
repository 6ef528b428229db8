// The back office's Taxes page in Chromium at 1280×800 against the real sync server: an admin
// changes a rate and its name (a law change), the page shows the new rate with its history in
// store time, the paired till gets it, the audit log says so; a bad rate is refused before
// sending. An admin creates a tax (a bad one refused with sentences, a name taken refused by the
// server), gives it to a product, is told to take it off the product before retiring it, retires
// it (confirming; the row says since when, in store time), and the product form no longer offers it while the till keeps it, marked
// inactive; the page fits 1024×768. An admin schedules a tax's next rate from a store day and time (a past one refused
// with the server's sentence, nothing typed lost), the row shows it in store time and the API holds the store's
// instant; cancelling asks, then removes it; the page fits 1024×768 and 360×640. A manager sees the page without the
// buttons that change it.
import { mkdirSync } from 'node:fs';
import { withCheckDigit } from '../../shared/barcode/gtin.ts';
import type { TaxList } from '../../shared/admin-api/catalog.ts';
import type { SiteList } from '../../shared/admin-api/sites.ts';
import { formatStoreDate, storeClock, storeDay } from '../../shared/time/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { AdminPage } from './pages/admin-page.ts';
import type { TillPage } from './pages/till-page.ts';
import { openShift, startTillE2e, stopTillE2e, type TillE2eServer } from './till-harness.ts';

const SHOTS = 'test-results/admin';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `YYYY-MM-DD` moved by whole days. */
const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** `2027-01-01` → `1 Jan 2027`, written out here rather than through the page's formatter. */
const dayWords = (day: string): string => `${Number(day.slice(8))} ${MONTHS[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`;

describe('back office taxes in the browser', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let till: TillPage;
  let admin: AdminPage;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ env, browser, till } = await startTillE2e({ products: 3 }));
    await openShift(till, env);
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (error) => console.error('admin page error:', error.message));
    admin = new AdminPage(page);
    await admin.open(env.url, 'taxes');
    await admin.login('admin', 'admin');
  }, 240_000);

  afterAll(() => stopTillE2e(env, browser));

  /** The first store's time zone: the one the page shows its times in. */
  const storeZone = async (token: string): Promise<string> =>
    ((await env.server.api('/api/admin/sites', { token })).body as SiteList).sites.find((site) => site.kind === 'store')?.timeZone ?? 'UTC';

  /** At each size, the page never scrolls sideways; a screenshot of each (the whole page on a phone). */
  async function fitsAt(sizes: readonly [width: number, height: number, shot: string][]): Promise<void> {
    for (const [width, height, shot] of sizes) {
      await admin.page.setViewportSize({ width, height });
      expect(await admin.horizontalOverflow()).toBeLessThanOrEqual(0);
      await admin.page.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: width < 640 });
    }
  }

  it('changes a rate and its name, shows the history, and the till gets the new rate', async () => {
    const [tax] = await env.server.db.query<{ id: string; name: string; rate: string; products: number }>(
      `SELECT t.id, t.name, t.rate, (SELECT count(*)::int FROM product_taxes p WHERE p.tax_id = t.id) AS products
       FROM taxes t WHERE EXISTS (SELECT 1 FROM product_taxes p WHERE p.tax_id = t.id) ORDER BY t.rate DESC LIMIT 1`,
    );
    if (!tax) throw new Error('the test catalog has no tax on a product');
    const oldRate = Number(tax.rate);
    const row = admin.page.getByRole('row').filter({ hasText: tax.name });
    await row.waitFor();
    expect(await row.innerText()).toContain(`${oldRate} %`);
    expect(await row.innerText()).toContain('unchanged');
    expect(await row.getByRole('cell').nth(3).innerText()).toBe(String(tax.products));

    await admin.page.getByRole('button', { name: `Change ${tax.name}` }).click();
    const form = admin.page.getByRole('form', { name: `Change ${tax.name}` });
    // A rate that is not a percentage is refused before anything is sent.
    await form.getByLabel('Rate (%)').fill('abc');
    await form.getByRole('button', { name: 'Save' }).click();
    await admin.page.getByRole('alert').filter({ hasText: 'Give the rate in percent' }).waitFor();

    const newRate = oldRate + 1;
    await form.getByLabel('Rate (%)').fill(String(newRate));
    await form.getByLabel('Name').fill('VAT new rate');
    let question = '';
    admin.page.once('dialog', (d) => {
      question = d.message();
      void d.accept();
    });
    await form.getByRole('button', { name: 'Save' }).click();
    const changed = admin.page.getByRole('row').filter({ hasText: 'VAT new rate' });
    await changed.waitFor();
    expect(question).toContain(`from ${oldRate} % to ${newRate} %`);
    expect(question).toContain('in the next 7 days is listed as a warning');
    const text = await changed.innerText();
    expect(text).toContain(`${newRate} %`);
    expect(text).toMatch(new RegExp(`${newRate} % since \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}, before that ${oldRate} %`));
    expect(await admin.horizontalOverflow()).toBeLessThanOrEqual(0);
    await admin.page.screenshot({ path: `${SHOTS}/taxes.png` });

    // The till's synced config carries the new rate and name.
    await expect.poll(async () => (await till.storedConfig('tax')).find((t) => t.name === 'VAT new rate')?.rate, { timeout: 15_000 }).toBe(newRate);
    const audit = await env.server.db.query<{ actor: string; summary: string }>("SELECT actor, summary FROM admin_audit WHERE action = 'tax.update'");
    expect(audit).toEqual([{ actor: 'admin', summary: `changed the rate from ${oldRate} % to ${newRate} % and the name to "VAT new rate" of "${tax.name}"` }]);
  }, 120_000);

  it('creates a tax, gives it to a product, and retires it once no product carries it', async () => {
    const page = admin.page;
    const dialogs: string[] = [];
    const answer = (d: { message(): string; accept(): Promise<void> }): void => {
      dialogs.push(d.message());
      void d.accept();
    };
    page.on('dialog', answer);

    // What was typed is checked before anything is sent, in sentences.
    await page.getByRole('button', { name: 'New tax' }).click();
    const form = page.getByRole('form', { name: 'New tax' });
    await form.getByLabel('Rate (%)').fill('150');
    await form.getByRole('button', { name: 'Create tax' }).click();
    const refusal = await form.getByRole('alert').innerText();
    expect(refusal).toContain('Give the tax a name');
    expect(refusal).toContain('Give the rate in percent, from 0 to 100');

    await page.setViewportSize({ width: 1024, height: 768 });
    expect(await admin.horizontalOverflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/taxes-new-1024.png` });
    await page.setViewportSize({ width: 1280, height: 800 });

    await admin.createTax('Sugar tax', '1,5');
    await page.getByRole('status').filter({ hasText: 'Sugar tax at 1.5 % is created' }).waitFor();
    const row = admin.taxRow('Sugar tax');
    expect(await row.getByRole('cell').allInnerTexts()).toEqual(['Sugar tax', '1.5 %', 'on the price', '0', 'unchanged', 'Active', expect.stringContaining('Retire')]);
    // The server refuses a name another tax has, in any case.
    await admin.createTax('sugar TAX', '2');
    await page.getByRole('form', { name: 'New tax' }).getByRole('alert').filter({ hasText: 'There is already a tax named "Sugar tax".' }).waitFor();
    await page.getByRole('form', { name: 'New tax' }).getByRole('button', { name: 'Cancel' }).click();

    // Given to a new product on the Products page.
    await admin.goto('Products');
    await admin.createProduct({ name: 'Lemonade', sku: 'LEMONADE-1', barcode: withCheckDigit('400000009991'), price: '2.40', taxes: ['Sugar tax'] });
    await admin.status().waitFor();
    await admin.goto('Taxes');
    await expect.poll(() => row.getByRole('cell').nth(3).innerText()).toBe('1');

    // Retiring it is refused while the product carries it, without a question.
    await page.getByRole('button', { name: 'Retire Sugar tax' }).click();
    await page.getByRole('alert').filter({ hasText: '"Sugar tax" is on 1 product: give it another tax first (Products, Edit, or a CSV import), then retire it.' }).waitFor();
    expect(dialogs).toEqual([]);
    expect(await row.getByRole('cell').nth(5).innerText()).toBe('Active');
    await page.screenshot({ path: `${SHOTS}/taxes-retire-refused.png` });

    // Given another tax, the product lets it go; retiring then asks, and the row says Retired.
    await admin.goto('Products');
    const edit = await admin.editProduct('Lemonade');
    await admin.setProductTaxes(edit, ['VAT 5.5%']);
    await edit.getByRole('button', { name: 'Save product' }).click();
    await admin.status().waitFor();
    await admin.goto('Taxes');
    await expect.poll(() => row.getByRole('cell').nth(3).innerText()).toBe('0');
    await page.getByRole('button', { name: 'Retire Sugar tax' }).click();
    await page.getByRole('status').filter({ hasText: 'Sugar tax is retired.' }).waitFor();
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0]).toContain('Retire Sugar tax? It is no longer offered for products or in CSV imports.');
    expect(dialogs[0]).toContain('You can restore it later.');
    // Since when, as the store's day (the first store's zone, as the page's other times).
    const token = await env.server.login('admin', 'admin');
    const sugar = ((await env.server.api('/api/admin/taxes', { token })).body as TaxList).taxes.find((t) => t.name === 'Sugar tax');
    const zone = await storeZone(token);
    expect(sugar?.retiredAt).toEqual(expect.any(String));
    const since = `Retired ${formatStoreDate(sugar?.retiredAt ?? '', zone)}`;
    expect(since).toMatch(/^Retired \d{1,2} [A-Z][a-z]{2} \d{4}$/);
    await expect.poll(() => row.getByRole('cell').nth(5).innerText()).toBe(since);
    await page.getByRole('button', { name: 'Restore Sugar tax' }).waitFor();
    await fitsAt([[1280, 800, 'taxes-retired'], [1024, 768, 'taxes-retired-1024']]);
    await page.setViewportSize({ width: 1280, height: 800 });

    // The product form no longer offers it; the till keeps it, marked inactive, to name it on receipts.
    await admin.goto('Products');
    await page.getByRole('button', { name: 'New product' }).click();
    const offered = await admin.productTaxChoices(admin.productForm('New product'));
    expect(offered).toContain('VAT 5.5% · 5.5 %');
    expect(offered.filter((t) => t.startsWith('Sugar tax'))).toEqual([]);
    await page.getByRole('form', { name: 'New product' }).getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(async () => (await till.storedConfig('tax')).find((t) => t.name === 'Sugar tax')?.active, { timeout: 15_000 }).toBe(false);
    const audit = await env.server.db.query<{ action: string; summary: string }>("SELECT action, summary FROM admin_audit WHERE entity = 'tax' AND action <> 'tax.update' ORDER BY id");
    expect(audit).toEqual([
      { action: 'tax.create', summary: 'created tax "Sugar tax" at 1.5 %, on the price' },
      { action: 'tax.retire', summary: 'retired tax "Sugar tax"' },
    ]);
    page.off('dialog', answer);
    await admin.goto('Taxes');
  }, 180_000);

  it('schedules a next rate in store time, refuses a past moment keeping what was typed, and cancels it', async () => {
    const page = admin.page;
    const token = await env.server.login('admin', 'admin');
    const zone = await storeZone(token);
    // Away from UTC (the browser's and the server's zone here), a time read in the wrong zone shows.
    expect(zone).not.toBe('UTC');
    const taxes = async (): Promise<TaxList['taxes']> => ((await env.server.api('/api/admin/taxes', { token })).body as TaxList).taxes;
    const vat = (await taxes()).find((t) => t.name === 'VAT 5.5%');
    if (!vat) throw new Error('the test catalog has no VAT 5.5%');

    await page.getByRole('button', { name: 'Schedule a rate for VAT 5.5%' }).click();
    const form = page.getByRole('form', { name: 'Schedule a rate for VAT 5.5%' });
    const today = storeDay(new Date(), zone);
    // It starts at the next midnight in the store.
    expect(await form.getByLabel('From (day)').inputValue()).toBe(addDays(today, 1));
    expect(await form.getByLabel(`At (${zone})`).inputValue()).toBe('00:00');

    // A moment already past: the server's sentence beside the form, and everything typed stays.
    const yesterday = addDays(today, -1);
    await form.getByLabel('New rate (%)').fill('5');
    await form.getByLabel('From (day)').fill(yesterday);
    await form.getByLabel('New name (optional)').fill('VAT 5%');
    const answer = page.waitForResponse((r) => r.url().endsWith(`/api/admin/taxes/${vat.id}/scheduled-rate`) && r.request().method() === 'PUT');
    await form.getByRole('button', { name: 'Schedule', exact: true }).click();
    const refused = await answer;
    expect(refused.status()).toBe(400);
    const sentence = ((await refused.json()) as { message: string }).message;
    // The moment sent is the store's midnight, written with the store's offset, not UTC's.
    expect(sentence).toMatch(new RegExp(`^${yesterday} 00:00 [+-]\\d{2}:\\d{2} has passed`));
    expect(await form.getByRole('alert').innerText()).toBe(sentence);
    expect(await Promise.all(['New rate (%)', 'From (day)', `At (${zone})`, 'New name (optional)'].map((l) => form.getByLabel(l).inputValue())))
      .toEqual(['5', yesterday, '00:00', 'VAT 5%']);

    // The first of next month, 00:00 in the store: the row says so in store time, the API holds that instant.
    // The 28th and four days is always in the next month.
    const first = `${addDays(`${today.slice(0, 8)}28`, 4).slice(0, 8)}01`;
    await form.getByLabel('From (day)').fill(first);
    await form.getByRole('button', { name: 'Schedule', exact: true }).click();
    const expected = `5 % from ${dayWords(first)}, 00:00 (as VAT 5%)`;
    await page.getByRole('status').filter({ hasText: `VAT 5.5% goes to ${expected}.` }).waitFor();
    expect(await form.count()).toBe(0);
    const next = page.getByRole('row', { name: 'Next rate of VAT 5.5%' });
    expect(await next.innerText()).toContain(`Next rate: ${expected}`);
    expect(await admin.taxRow('VAT 5.5%').getByRole('cell').nth(1).innerText()).toBe('5.5 %');
    const scheduled = (await taxes()).find((t) => t.id === vat.id)?.scheduled;
    expect(scheduled).toEqual({ rate: 5, from: expect.any(String), name: 'VAT 5%' });
    const at = storeClock(scheduled?.from ?? '', zone);
    expect([at.day, at.hour, at.minute, at.second]).toEqual([first, 0, 0, 0]);
    expect(Date.parse(scheduled?.from ?? '')).not.toBe(Date.parse(`${first}T00:00:00Z`));

    await fitsAt([[1280, 800, 'taxes-scheduled'], [1024, 768, 'taxes-scheduled-1024'], [360, 640, 'taxes-scheduled-360']]);
    // On a phone the form is one field per row, starting from the change it would replace.
    await page.getByRole('button', { name: 'Schedule a rate for VAT 5.5%' }).click();
    expect(await form.getByLabel('From (day)').inputValue()).toBe(first);
    expect(await admin.horizontalOverflow()).toBeLessThanOrEqual(0);
    await form.screenshot({ path: `${SHOTS}/taxes-schedule-form-360.png` });
    await form.getByRole('button', { name: 'Cancel' }).click();
    await page.setViewportSize({ width: 1280, height: 800 });

    // Cancelling asks first; said no, nothing changes.
    let question = '';
    page.once('dialog', (d) => {
      question = d.message();
      void d.dismiss();
    });
    await page.getByRole('button', { name: 'Cancel the next rate of VAT 5.5%' }).click();
    await expect.poll(() => question).toBe(`Cancel the change of VAT 5.5% to ${expected}? It stays at 5.5 %; tills drop the change with their next sync.`);
    expect((await taxes()).find((t) => t.id === vat.id)?.scheduled).toEqual(scheduled);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Cancel the next rate of VAT 5.5%' }).click();
    await page.getByRole('status').filter({ hasText: 'VAT 5.5% stays at 5.5 %: the change to 5 % is cancelled.' }).waitFor();
    expect(await next.count()).toBe(0);
    expect((await taxes()).find((t) => t.id === vat.id)?.scheduled).toBeUndefined();
  }, 120_000);

  it('shows a manager the taxes without letting them change one', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const manager = new AdminPage(page);
    await manager.open(env.url, 'taxes');
    await manager.login('manager', 'manager');
    await page.getByRole('row').filter({ hasText: 'VAT new rate' }).waitFor();
    expect(await page.getByRole('button', { name: /^Change / }).count()).toBe(0);
    expect(await manager.taxRow('Sugar tax').getByRole('cell').nth(5).innerText()).toMatch(/^Retired \d{1,2} [A-Z][a-z]{2} \d{4}$/);
    expect(await page.getByRole('button', { name: /^(New tax|Retire |Restore |Schedule )/ }).count()).toBe(0);
    await page.close();
  }, 60_000);
});
