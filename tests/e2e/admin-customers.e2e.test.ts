// Issue 16 point 6 in the back office, in Chromium against the real sync server: an admin finds
// two records of one person who ordered on the web and on a marketplace, merges them, and the
// kept customer's history shows both orders with their totals in the store currency.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import type { OrderView } from '../../sync-server/warehouse/order-view.ts';
import { launchChromium } from '../support/browser.ts';
import { makeProduct } from '../warehouse/wh-harness.ts';
import { AdminPage } from './pages/admin-page.ts';
import { startTillServer, type TillE2eServer } from './till-harness.ts';

describe('customers in the back office', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let admin: AdminPage;
  const ids: string[] = [];

  beforeAll(async () => {
    env = await startTillServer({ products: 20 });
    const product = await makeProduct(env.server.db, [{ site: 'WH1', qty: 10 }], { price: 1200 });
    for (const [channel, customer] of [['web', { name: 'Bob Martin', email: 'bob@example.com' }], ['marketplace', { name: 'Bob M.', phone: '07 00 00 00 01' }]] as const) {
      const key = (await createChannelKey(env.server.db, channel, channel)).key;
      const res = await env.server.api('/api/orders', { token: key, headers: { 'idempotency-key': `e2e-${channel}` }, body: { channel, externalRef: `E2E-${channel}`, customer, lines: [{ productId: product, qty: 1 }] } });
      ids.push((res.body as OrderView).customerId ?? '');
    }
    await env.server.db.query(`INSERT INTO channels (code, name) VALUES ('web', 'Web shop') ON CONFLICT (code) DO UPDATE SET name = excluded.name`);
    browser = await launchChromium();
    admin = new AdminPage(await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage());
    await admin.open(env.url, 'customers');
    await admin.login('admin', 'admin');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('merges two records of one person, and the kept one shows the orders of both channels', async () => {
    const page = admin.page;
    await admin.search('bob', 'customers');
    // How many match, in words (it read "2 customer(s)").
    expect(await page.getByRole('note', { name: 'Customers found' }).innerText()).toBe('2 customers');
    const keepRow = page.getByRole('row', { name: 'Customer Bob Martin' });
    const dupRow = page.getByRole('row', { name: 'Customer Bob M.' });
    await keepRow.getByRole('button', { name: 'Keep' }).click();
    await dupRow.getByRole('button', { name: 'Duplicate' }).click();
    await page.getByRole('button', { name: 'Merge customers' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toBe('Merged "Bob M." into "Bob Martin": 1 order, 0 till sales, 0 returns moved.');
    await expect.poll(() => dupRow.count()).toBe(0);
    expect(await keepRow.innerText()).toContain('07 00 00 00 01');
    const history = page.getByRole('region', { name: 'History of Bob Martin' });
    await expect.poll(() => history.getByRole('row').count(), { timeout: 10_000 }).toBe(3);
    expect(await history.getByRole('row', { name: 'Order E2E-marketplace' }).innerText()).toContain('€12.00');
    // The channel by its name, the state in words, the time in the store's zone (named in the header).
    const web = await history.getByRole('row', { name: 'Order E2E-web' }).innerText();
    expect(web).toContain('Web shop');
    expect(web).toContain('Open');
    expect(await history.getByRole('columnheader').first().innerText()).toBe('When (Europe/Paris)');
    expect(await env.server.db.query('SELECT merged_into FROM customers WHERE id = $1', [ids[1] ?? ''])).toEqual([{ merged_into: ids[0] }]);
  }, 120_000);

  it('says what to do when no customer matches the search', async () => {
    await admin.search('zzqx', 'customers');
    expect(await admin.page.getByRole('note', { name: 'Customers found' }).innerText()).toBe('No customer matches "zzqx": try part of the name, the e-mail or the phone number.');
  }, 60_000);
});
