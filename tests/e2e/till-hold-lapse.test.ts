// Issue 17 point 5 in Chromium against the real server, with authorisations that lapse (an admin set
// holdMinutes to 1): a till authorised online, then offline past the hold's end, counts that spend
// against its own offline allowance — a later offline spend that would have fitted without it needs
// a supervisor; and a sale still in progress whose authorisation lapsed is decided again when it is
// completed (offline past the allowance: a supervisor or the network; online: authorised anew).
// The till's clock is moved on with Playwright's clock (the server's hold is not what is tested here:
// tests/pos/value-hold-expiry.test.ts). Screenshots at 1024×768 in the temp directory `aisle-till-hold-lapse`.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { formatMoney, formatMoneyWithSymbol } from '../../shared/money/format.ts';
import type { TillPage } from './pages/till-page.ts';
import { openShift, startTillE2e, stopTillE2e, type TillE2eServer } from './till-harness.ts';

const CARD = '6012888877776666';
const SHOTS = join(tmpdir(), 'aisle-till-hold-lapse');
const eur = (n: number): string => formatMoney(n, 'EUR');
/** An amount as the till's sentences show it. */
const shown = (n: number): string => formatMoneyWithSymbol(n, 'EUR');

describe('till: an authorisation whose hold lapsed counts against the offline allowance', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let page: Page;
  let till: TillPage;
  let dear = '';

  const cardBalance = async (): Promise<number> => {
    const [row] = await env.server.db.query<{ balance: string }>('SELECT balance FROM value_accounts WHERE number = $1', [CARD]);
    return Number(row?.balance);
  };
  const connection = (state: 'Online' | 'Offline') => expect.poll(() => page.getByLabel('Connection').textContent(), { timeout: 30_000 }).toBe(state);
  /** The till's clock moves on (the page's Date only). */
  const later = async (minutes: number): Promise<void> => {
    const now = await page.evaluate(() => Date.now());
    await page.clock.setSystemTime(new Date(now + minutes * 60_000));
  };
  const giftCard = async (amount: number) => {
    await page.getByLabel('Amount tendered').fill(eur(amount));
    await page.getByRole('button', { name: 'Gift card', exact: true }).click();
    const panel = page.getByRole('dialog', { name: 'Gift card' });
    await panel.getByLabel('Gift card number').fill(CARD);
    await panel.getByRole('button', { name: 'Redeem' }).click();
    return panel;
  };
  const stored = () => page.getByLabel('Stored value', { exact: true });

  beforeAll(async () => {
    ({ env, browser, page, till } = await startTillE2e({ products: 2 }));
    mkdirSync(SHOTS, { recursive: true });
    const admin = await env.server.login('admin', 'admin');
    const settings = await env.server.api('/api/admin/stored-value/settings', { method: 'PUT', token: admin, body: { offlineAllowance: { mode: 'till', amount: 5000, points: 500 }, holdMinutes: 1 } });
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    const issued = await env.server.api('/api/admin/gift-cards', { token: admin, body: { number: CARD, amount: 10_000, reason: 'hold lapse test' } });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    // Two of a product of at least 30.00: more than the 50.00 allowance.
    const [row] = await env.server.db.query<{ barcode: string }>(
      `SELECT b.barcode FROM products p JOIN product_barcodes b ON b.product_id = p.id WHERE p.active AND p.unit = 'unit' AND p.tracking = 'none' AND p.price >= 3000 AND b.barcode LIKE '0%' ORDER BY p.price LIMIT 1`,
    );
    if (!row) throw new Error('no product of 30.00 or more');
    dear = row.barcode.slice(1);
    await openShift(till, env);
    await till.waitForCatalog(2);
  }, 240_000);

  afterAll(async () => {
    await stopTillE2e(env, browser);
  });

  it('authorised 40.00 online, offline past the hold: a further 20.00 offline needs a supervisor, 10.00 is left', async () => {
    await till.enterCode(dear);
    await till.enterCode(dear);
    await till.expectLines(1);
    await till.startPayment();
    await giftCard(4000);
    await expect.poll(() => stored().textContent(), { timeout: 15_000 }).toBe(`Gift card ****6666: ${shown(4000)} taken, balance left ${shown(6000)}`);
    // The network goes before the sale reaches the server: the sale is completed offline, its hold still running.
    await env.stopHttp();
    await connection('Offline');
    await till.tender('Cash');
    const first = await till.expectPaid();
    await till.newSale();

    // Two minutes on (the hold was for one): the 40.00 is no longer set aside for this till.
    await later(2);
    await till.enterCode(dear);
    await till.expectLines(1);
    await till.startPayment();
    const panel = await giftCard(2000);
    await expect.poll(() => panel.getByRole('alert').first().textContent(), { timeout: 20_000 }).toContain(`${shown(2000)} is more than this till may take offline (${shown(1000)} left)`);
    await page.screenshot({ path: join(SHOTS, 'lapsed-hold-counts-1024x768.png') });
    await panel.getByRole('button', { name: 'Cancel' }).click();
    await till.backToSale();
    await till.voidSale(true);

    await env.startHttp();
    await connection('Online');
    await expect.poll(() => till.unsentCount(), { timeout: 60_000 }).toBe(0);
    const [sale] = await env.serverSales(await till.deviceId());
    expect(sale?.receiptNo).toBe(first);
    const paid = sale?.payments.find((p) => p.method === 'gift_card');
    expect(paid).toMatchObject({ card: CARD, amount: 4000 });
    expect(paid?.authorization).toBeTruthy();
    expect(Date.parse(paid?.holdExpiresAt ?? '')).toBeGreaterThan(0);
    expect(await cardBalance()).toBe(10_000 - 4000);
  }, 180_000);

  it('a sale in progress whose authorisation lapsed is decided again at completion: offline past the allowance it waits, online it is authorised anew', async () => {
    await till.enterCode(dear);
    await till.enterCode(dear);
    await till.expectLines(1);
    await till.startPayment();
    await giftCard(4500);
    await expect.poll(() => stored().textContent(), { timeout: 15_000 }).toBe(`Gift card ****6666: ${shown(4500)} taken, balance left ${shown(1500)}`);
    await env.stopHttp();
    await connection('Offline');
    // The hold still runs: the whole allowance is there for 10.00 offline.
    await giftCard(1000);
    await expect.poll(() => stored().textContent(), { timeout: 20_000 }).toBe(`Gift card ****6666: ${shown(1000)} taken (offline, within this till's allowance)`);

    await later(2);
    await till.tender('Cash');
    // 45.00 no longer held, 10.00 of the allowance used: 40.00 left, so only a supervisor lets it through offline.
    const approval = page.getByRole('dialog', { name: 'Supervisor approval' });
    await approval.waitFor({ timeout: 20_000 });
    expect(await approval.textContent()).toContain(`Gift card ****6666: the server stopped holding ${shown(4500)} for this sale and cannot be reached; ${shown(4500)} is more than this till may take offline (${shown(4000)} left)`);
    await page.screenshot({ path: join(SHOTS, 'lapsed-at-completion-1024x768.png') });
    await approval.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Reconnect and press Complete sale again, ask a supervisor, or void the payment.');
    expect(await page.getByRole('heading', { name: /^Paid/ }).count()).toBe(0);

    await env.startHttp();
    await connection('Online');
    await page.getByRole('button', { name: 'Complete sale' }).click();
    await till.expectPaid();
    await expect.poll(() => till.unsentCount(), { timeout: 60_000 }).toBe(0);
    const sale = (await env.serverSales(await till.deviceId())).at(-1);
    const cards = sale?.payments.filter((p) => p.method === 'gift_card') ?? [];
    expect(cards.map((p) => [p.amount, Boolean(p.authorization)])).toEqual([[4500, true], [1000, false]]);
    expect(await cardBalance()).toBe(10_000 - 4000 - 4500 - 1000);
    const problems = await env.server.db.query<{ code: string }>(`SELECT code FROM event_problems WHERE event_id = $1 AND code <> 'negative_stock'`, [sale?.id ?? '']);
    expect(problems.map((p) => p.code)).toEqual([]);
  }, 180_000);
});
