// Issue 17 in Chromium against the real server: a buy-2-get-1 and a coupon applied at a till that is
// offline (the rules and the coupon list came down with the config before the network went away);
// the cart, the pay screen and the receipt say what the customer saved; when the server returns it
// applies the sale without an exception and counts the coupon once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { formatMoney, formatMoneyWithSymbol } from '../../shared/money/format.ts';
import type { TillPage } from './pages/till-page.ts';
import { openShift, startTillE2e, stopTillE2e, type E2eProduct, type TillE2eServer } from './till-harness.ts';

describe('till: promotions and coupons offline', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let page: Page;
  let till: TillPage;
  let products: E2eProduct[];

  beforeAll(async () => {
    ({ env, browser, page, till, products } = await startTillE2e({ products: 2 }));
  }, 180_000);

  afterAll(() => stopTillE2e(env, browser));

  it('applies a buy-2-get-1 and a coupon offline, shows the savings on the receipt, and the server accepts the sale', async () => {
    const [a, b] = products;
    if (!a || !b) throw new Error('seed has too few products');
    const ids = await env.server.db.query<{ id: string; barcode: string }>('SELECT product_id AS id, barcode FROM product_barcodes WHERE barcode = ANY($1::text[])', [[`0${a.ean}`, `0${b.ean}`]]);
    const idOf = (p: E2eProduct): string => ids.find((r) => r.barcode === `0${p.ean}`)?.id ?? '';
    const admin = await env.server.login('admin', 'admin');
    const create = async (path: string, body: unknown): Promise<{ id: string }> => {
      const res = await env.server.api(path, { token: admin, body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body as { id: string };
    };
    await create('/api/admin/promotions', {
      name: 'Three for two', trigger: 'automatic', siteIds: [], channels: ['pos'], priority: 1, exclusive: false,
      reward: { kind: 'buy_x_get_y', buyQty: 2, getQty: 1, target: { productIds: [idOf(a)] }, free: { kind: 'cheapest' } },
    });
    const coupon = await create('/api/admin/promotions', {
      name: 'Welcome coupon', trigger: 'coupon', siteIds: [], channels: [], priority: 2, exclusive: false,
      reward: { kind: 'amount_off', amount: 100, target: { productIds: [idOf(b)] } },
    });
    await create('/api/admin/coupons', { code: 'WELCOME-1', promotionId: coupon.id });

    await openShift(till, env);
    await till.waitForCatalog(2);
    const tillId = await till.deviceId();
    // The rules arrived with the config: a trial sale shows the promotion, then is voided.
    for (let i = 0; i < 3; i++) await till.enterCode(a.ean);
    await expect.poll(() => page.getByLabel('Promotion').count(), { timeout: 20_000 }).toBe(1);
    await till.voidSale(true);

    await env.stopHttp();
    await expect.poll(() => page.getByLabel('Connection').textContent(), { timeout: 20_000 }).toBe('Offline');
    for (let i = 0; i < 3; i++) await till.enterCode(a.ean);
    await till.enterCode(b.ean);
    await till.expectLines(2);
    await page.getByLabel('Coupon code').fill('welcome-1');
    await page.getByRole('button', { name: 'Apply coupon' }).click();
    const saved = formatMoney(a.price + 100, 'EUR');
    await expect.poll(() => page.getByLabel('You saved').textContent()).toBe(formatMoneyWithSymbol(a.price + 100, 'EUR'));
    expect(await page.getByLabel('Promotion').allTextContents()).toEqual([` Three for two −${formatMoney(a.price, 'EUR')}`, ` Welcome coupon −${formatMoney(100, 'EUR')}`]);
    // A code the till does not know is refused, offline, with a reason.
    await page.getByLabel('Coupon code').fill('NOPE-99');
    await page.getByRole('button', { name: 'Apply coupon' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('Coupon NOPE-99 is not a known coupon');

    await till.startPayment();
    expect(await page.getByLabel('Savings').textContent()).toBe(`You saved ${formatMoneyWithSymbol(a.price + 100, 'EUR')}`);
    expect(await page.getByLabel('Amount to pay').textContent()).toBe(formatMoneyWithSymbol(3 * a.price + b.price - a.price - 100, 'EUR'));
    await till.tender('Cash');
    await till.expectPaid();
    const receipt = (await page.getByLabel('Receipt').textContent()) ?? '';
    expect(receipt).toMatch(new RegExp(`Three for two +-${formatMoney(a.price, 'EUR').replace('.', '\\.')}`));
    expect(receipt).toMatch(/Welcome coupon +-1\.00/);
    expect(receipt).toContain(`You saved ${saved}`);

    await env.startHttp();
    await expect.poll(async () => (await env.serverSales(tillId)).length, { timeout: 60_000 }).toBe(1);
    const [sale] = await env.serverSales(tillId);
    expect(sale?.couponCodes).toEqual(['WELCOME-1']);
    const [event] = await env.server.db.query<{ status: string }>('SELECT status FROM events WHERE id = $1', [sale?.id ?? '']);
    const problems = await env.server.db.query<{ code: string }>(`SELECT code FROM event_problems WHERE event_id = $1 AND code <> 'negative_stock'`, [sale?.id ?? '']);
    expect(problems).toEqual([]);
    expect(event?.status).toBe('applied');
    const [uses] = await env.server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM coupon_uses WHERE code = 'WELCOME-1'`);
    expect(uses?.n).toBe(1);
  }, 240_000);
});
