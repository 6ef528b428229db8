// The back office's Taxes page in Chromium at 1280×800 against the real sync server: an admin
// changes a rate and its name (a law change), the page shows the new rate with its history in
// store time, the paired till gets it, the audit log says so; a bad rate is refused before
// sending; a manager sees the page without the Change buttons.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { AdminPage } from './pages/admin-page.ts';
import type { TillPage } from './pages/till-page.ts';
import { openShift, startTillE2e, stopTillE2e, type TillE2eServer } from './till-harness.ts';

const SHOTS = 'test-results/admin';

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

  it('shows a manager the taxes without letting them change one', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const manager = new AdminPage(page);
    await manager.open(env.url, 'taxes');
    await manager.login('manager', 'manager');
    await page.getByRole('row').filter({ hasText: 'VAT new rate' }).waitFor();
    expect(await page.getByRole('button', { name: /^Change / }).count()).toBe(0);
    await page.close();
  }, 60_000);
});
