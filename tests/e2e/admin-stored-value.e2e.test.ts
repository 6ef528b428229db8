// Issue 17 points 3–5 in the back office, in Chromium against the real sync server at 1024×768: an
// admin issues a gift card and sees its balance; a till spends part of it and the card's balance
// and movements follow; a customer is given store credit and some is taken back (more than they
// hold is refused by the server, and what was typed stays); the liability figures match the ledger;
// the offline allowance and the loyalty program are set and reach the server's settings. A manager
// sees it all without the means to change it. Screenshots go to test-results/admin-stored-value/.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { LoyaltyProgramView, StoredValueSettings } from '../../shared/admin-api/stored-value.ts';
import { launchChromium } from '../support/browser.ts';
import { simCatalog } from '../pos/pos-harness.ts';
import { ValueTill } from '../pos/stored-value-harness.ts';
import { AdminPage } from './pages/admin-page.ts';
import { startTillServer, type TillE2eServer } from './till-harness.ts';

const SHOTS = 'test-results/admin-stored-value';

describe('gift cards, store credit and loyalty in the back office', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let admin: AdminPage;
  let customer: string;

  const shot = async (page: Page, name: string): Promise<void> => {
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  };
  const problems = (scope: ReturnType<Page['getByRole']>) => scope.getByRole('alert', { name: 'Fix these first' }).getByRole('listitem').allInnerTexts();

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await startTillServer({ products: 10 });
    const [row] = await env.server.db.query<{ name: string }>('SELECT name FROM customers ORDER BY name LIMIT 1');
    customer = row?.name ?? '';
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
    page.on('pageerror', (error) => console.error('admin page error:', error.message));
    admin = new AdminPage(page);
    await admin.open(env.url, 'gift-cards');
    await admin.login('admin', 'admin');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('issues a gift card and shows its balance; a till spends from it and the balance and movements follow', async () => {
    const page = admin.page;
    await page.getByRole('button', { name: 'Issue gift card' }).click();
    const form = page.getByRole('form', { name: 'Issue a gift card' });
    await form.getByLabel('Card number').fill('60 00-11');
    await form.getByLabel(/^Amount/).fill('25,0x');
    await form.getByRole('button', { name: 'Issue', exact: true }).click();
    expect(await problems(form)).toEqual([
      'The amount must be an amount above 0, like 25.00.',
      'Say why (the reason is kept in the audit log and the card\'s or customer\'s movements).',
    ]);
    expect(await form.getByLabel('Card number').inputValue()).toBe('60 00-11');
    await form.getByLabel('Card number').fill('6000 1111 2222');
    await form.getByLabel(/^Amount/).fill('25');
    await form.getByLabel('Reason').fill('goodwill: broken kettle');
    await form.getByRole('button', { name: 'Issue', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 15_000 }).toBe('Issued €25.00 on gift card 6000 1111 2222: its balance is €25.00.');
    const row = page.getByRole('row', { name: 'Gift card 600011112222' });
    await expect.poll(() => row.innerText()).toMatch(/^6000 1111 2222\s+€25\.00/);
    const moves = page.getByRole('region', { name: 'Movements of gift card 600011112222' });
    expect(await moves.getByRole('row').nth(1).innerText()).toMatch(/Given in the back office\s+\+€25\.00\s+—\s+by admin: goodwill: broken kettle/);
    await shot(page, 'gift-card-issued');

    const [product] = await simCatalog(env.server.db, 1);
    if (!product) throw new Error('no product');
    const till = new ValueTill(env.server, await env.server.pairDevice('till', 'STORE1', 'Front till'), await env.server.userId('alice'), product);
    const { sale } = await till.spend({ kind: 'gift_card', key: '600011112222', amount: 1000 }, { pushed: new Set() });
    await till.push([sale]);

    await page.reload();
    await admin.search('2222', 'giftCards');
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toMatch(/€15\.00/);
    await row.getByRole('button', { name: 'Movements' }).click();
    await expect.poll(() => moves.getByRole('row').nth(1).innerText()).toMatch(new RegExp(`Spent\\s+−€10\\.00\\s+Demo Store · Front till · receipt ${sale.receiptNo}`));
    await shot(page, 'gift-card-spent');
  }, 120_000);

  it('gives a customer store credit and takes some back, refusing more than they hold', async () => {
    const page = admin.page;
    const credit = page.getByRole('region', { name: 'Store credit' });
    await admin.openStoreCredit(customer, customer.slice(0, 3));
    const form = credit.getByRole('form', { name: 'Change store credit' });
    await form.getByLabel(/^Amount/).fill('12.00');
    await form.getByLabel('Reason').fill('late delivery');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => credit.getByRole('status').textContent(), { timeout: 15_000 }).toBe(`Gave ${customer} €12.00 of store credit: the balance is €12.00. Tills have it on their next sync.`);

    await form.getByLabel('Change').selectOption({ label: 'Take credit back' });
    await form.getByLabel(/^Amount/).fill('20');
    await form.getByLabel('Reason').fill('typo');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => credit.getByRole('alert').first().textContent()).toBe(`${customer} has €12.00 of store credit: you cannot take back €20.00.`);
    expect(await form.getByLabel(/^Amount/).inputValue()).toBe('20');
    await form.getByLabel(/^Amount/).fill('2');
    await form.getByLabel('Reason').fill('given twice');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => credit.getByLabel('Balances').textContent()).toContain('Store credit: €10.00');
    const moves = credit.getByRole('table', { name: 'Store credit and points movements' });
    expect(await moves.getByRole('row').nth(1).innerText()).toMatch(/Taken back in the back office \(store credit\)\s+−€2\.00\s+—\s+by admin: given twice/);
    expect(await moves.getByRole('row').nth(2).innerText()).toMatch(/Given in the back office \(store credit\)\s+\+€12\.00/);
    await shot(page, 'store-credit');
  }, 120_000);

  it('shows the liability against the ledger, and sets the offline allowance and the loyalty program', async () => {
    const page = admin.page;
    await admin.goto('Loyalty & allowance');
    const gift = page.getByRole('row', { name: 'Liability Gift cards' });
    await expect.poll(() => gift.innerText(), { timeout: 15_000 }).toMatch(/1\s+€15\.00\s+—\s+2300\s+€15\.00\s+Yes/);
    expect(await page.getByRole('row', { name: 'Liability Store credit' }).innerText()).toMatch(/€10\.00\s+—\s+2310\s+€10\.00\s+Yes/);

    const allowance = page.getByRole('form', { name: 'Offline allowance settings' });
    expect(await allowance.getByLabel(/^Gift cards and store credit/).inputValue()).toBe('50.00');
    await allowance.getByLabel('Counted').selectOption({ label: 'Per card or customer, on each till' });
    await allowance.getByLabel(/^Gift cards and store credit/).fill('30');
    await allowance.getByLabel('Loyalty points').fill('four hundred');
    await allowance.getByRole('button', { name: 'Save allowance' }).click();
    expect(await problems(allowance)).toEqual(['The points must be a whole number (0: never offline).']);
    await allowance.getByLabel('Loyalty points').fill('400');
    const hold = allowance.getByLabel(/^Authorisations hold \(minutes/);
    expect(await hold.inputValue()).toBe('0');
    await hold.fill('-5');
    await allowance.getByRole('button', { name: 'Save allowance' }).click();
    expect(await problems(allowance)).toEqual(['An authorisation holds for a whole number of minutes, 0 (until its sale arrives) to 10080 (7 days).']);
    await hold.fill('45');
    await allowance.getByRole('button', { name: 'Save allowance' }).click();
    await page.getByRole('region', { name: 'Offline allowance' }).getByRole('status').waitFor({ timeout: 15_000 });
    expect(await page.getByRole('region', { name: 'Offline allowance' }).getByRole('status').textContent()).toContain('an online authorisation holds for 45 min');
    await page.getByRole('region', { name: 'Offline allowance' }).screenshot({ path: join(tmpdir(), 'aisle-admin-allowance-hold.png') });
    const settings = (await env.server.api('/api/admin/stored-value/settings', { token: await env.server.login('admin', 'admin') })).body as StoredValueSettings;
    expect(settings).toEqual({ offlineAllowance: { mode: 'card', amount: 3000, points: 400 }, holdMinutes: 45 });

    const loyalty = page.getByRole('form', { name: 'Loyalty program settings' });
    await loyalty.getByLabel('Program name').fill('Aisle Rewards');
    const rule1 = loyalty.getByRole('group', { name: 'Earning rule 1' });
    await rule1.getByLabel(/^Per amount spent/).fill('1');
    await loyalty.getByRole('button', { name: 'Add earning rule' }).click();
    const rule2 = loyalty.getByRole('group', { name: 'Earning rule 2' });
    await rule2.getByLabel('Points').fill('5');
    await rule2.getByLabel('For').selectOption({ label: 'Every unit bought' });
    await rule2.getByLabel(/^Categories/).fill('Snacks');
    await loyalty.getByRole('button', { name: 'Save loyalty program' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Loyalty program' }).getByRole('status').textContent(), { timeout: 15_000 })
      .toBe('Saved "Aisle Rewards" (running): 100 points take €5.00 off. Tills have it on their next sync.');
    const program = (await env.server.api('/api/admin/loyalty', { token: await env.server.login('admin', 'admin') })).body as LoyaltyProgramView;
    expect(program.program).toEqual({
      active: true, name: 'Aisle Rewards', redeem: { points: 100, amount: 500 },
      earn: [{ kind: 'amount', points: 1, per: 100 }, { kind: 'unit', points: 5, target: { categories: ['Snacks'] } }],
    });
    await shot(page, 'loyalty');
  }, 120_000);

  it('shows a manager the cards, balances and settings without the means to change them', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
    const manager = new AdminPage(page);
    await manager.open(env.url, 'gift-cards');
    await manager.login('manager', 'manager');
    await page.getByRole('row', { name: 'Gift card 600011112222' }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('button', { name: 'Issue gift card' }).count()).toBe(0);
    expect(await manager.horizontalOverflow()).toBeLessThanOrEqual(0);
    await manager.goto('Loyalty & allowance');
    const loyalty = page.getByRole('form', { name: 'Loyalty program settings' });
    await expect.poll(() => loyalty.getByLabel('Program name').inputValue(), { timeout: 15_000 }).toBe('Aisle Rewards');
    expect(await loyalty.getByLabel('Program name').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save allowance' }).count()).toBe(0);
    await shot(page, 'manager-loyalty');
    await page.close();
  }, 120_000);
});
