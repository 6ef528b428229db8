// Issue 12, "Money" and "Stock" at the till, in Chromium against the real sync server: recorded
// payments never vanish, approvals judge the total reduction, cash movements have limits, closing
// needs every count, cash rounding, quantities by unit, a confirmed void, and lots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Sale } from '../../shared/schemas/index.ts';
import type { TillPage } from './pages/till-page.ts';
import { openShift, startTillE2e, stopTillE2e, type E2eProduct, type TillE2eServer } from './till-harness.ts';

const SHOTS = process.env.AISLE_SHOTS_DIR;

describe('till: money and stock at the counter', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let page: Page;
  let till: TillPage;
  let tillId = '';
  let products: E2eProduct[];

  const shot = async (name: string): Promise<void> => {
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png` });
  };

  /** The sales the server stored for this till, once it has `n` of them. */
  async function serverSales(n: number): Promise<Sale[]> {
    await expect.poll(async () => (await env.serverSales(tillId)).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(n);
    return env.serverSales(tillId);
  }

  beforeAll(async () => {
    ({ env, browser, page, till, products } = await startTillE2e({ products: 8 }));
  }, 180_000);

  afterAll(() => stopTillE2e(env, browser));

  it('pairs, logs in and opens a session', async () => {
    await openShift(till, env);
    await expect.poll(() => page.getByLabel('Connection').textContent(), { timeout: 15_000 }).toBe('Online');
    const [device] = await env.server.db.query<{ id: string }>(`SELECT id FROM devices WHERE role = 'till' ORDER BY paired_at DESC LIMIT 1`);
    tillId = device?.id ?? '';
    expect(tillId).not.toBe('');
  }, 120_000);

  it('keeps a recorded card payment when going back to the sale, and records it in the sale when voided', async () => {
    const [a, b] = products;
    if (!a || !b) throw new Error('seed has too few products');
    await till.enterCode(a.ean);
    await till.expectLines(1);
    await till.startPayment();
    await till.tender('Card approved', '0.50');
    expect(await till.paidSoFar()).toContain('0.50');
    await till.backToSale();
    expect(await page.getByLabel('Payments recorded').textContent()).toContain('0.50');
    // Edit the sale: the payment stays and the remaining amount follows the new total.
    await till.enterCode(b.ean);
    await till.expectLines(2);
    await till.startPayment();
    expect(await till.paidSoFar()).toContain('0.50');
    expect(await till.remaining()).toContain(((a.price + b.price - 50) / 100).toFixed(2));
    // Escape is another way out: it keeps the payment too.
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Pay', exact: true }).waitFor();
    await till.startPayment();
    expect(await till.paidSoFar()).toContain('0.50');
    await shot('pay-with-recorded-payment');
    await till.voidPayment('Card');
    expect(await page.getByRole('list', { name: 'Payments' }).textContent()).toMatch(/Card .*0\.50.*voided/);
    expect(await till.paidSoFar()).toContain('0.00');
    await shot('pay-with-voided-card');
    await till.tender('Cash');
    await till.expectPaid();
    expect(await page.getByLabel('Receipt').textContent()).toMatch(/Card \(voided\)\s+.*0\.50/);
    await till.newSale();
    const [sale] = await serverSales(1);
    expect(sale?.payments.map((p) => p.method)).toEqual(['cash']);
    expect(sale?.payments[0]?.amount).toBe(a.price + b.price);
    expect(sale?.voidedPayments?.map((p) => [p.method, p.amount])).toEqual([['card', 50]]);
  }, 90_000);

  it('asks before voiding a sale, refuses while payments are recorded, and keeps Void sale away from Pay', async () => {
    const [a] = products;
    if (!a) throw new Error('seed has too few products');
    await till.enterCode(a.ean);
    await till.expectLines(1);
    await till.voidSale(false);
    await till.expectLines(1);
    const pay = await page.getByRole('button', { name: 'Pay', exact: true }).boundingBox();
    const voidButton = await page.getByRole('button', { name: 'Void sale' }).boundingBox();
    if (!pay || !voidButton) throw new Error('buttons not laid out');
    // Not adjacent: at least one other button's height between Pay and Void sale.
    expect(Math.abs(voidButton.y - (pay.y + pay.height))).toBeGreaterThan(150);
    await shot('sell-void-away-from-pay');
    await till.startPayment();
    await till.tender('Card approved', '0.20');
    await till.backToSale();
    await page.getByRole('button', { name: 'Void sale' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Void this sale?' });
    expect(await dialog.textContent()).toMatch(/Card .*0\.20.*Void each payment/);
    await dialog.getByRole('button', { name: 'Go to payments' }).click();
    await till.voidPayment('Card');
    await till.backToSale();
    await till.voidSale(true);
    await till.expectLines(0);
  }, 60_000);

  it('asks a supervisor when override and discount together pass the limit, though each step alone is under it', async () => {
    const c = products.find((p) => p.price >= 200);
    if (!c) throw new Error('seed has no product at 2.00 or more');
    await till.enterCode(c.ean);
    await till.expectLines(1);
    const money = (n: number) => (n / 100).toFixed(2);
    const override = Math.ceil(c.price * 0.92);
    const discount = Math.floor(c.price * 0.05);
    await page.getByRole('button', { name: 'Price override' }).click();
    await page.getByRole('textbox', { name: 'New unit price' }).fill(money(override));
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect.poll(() => page.getByRole('row', { name: `Line ${c.name}` }).getByRole('cell').nth(2).textContent()).toContain(money(override));
    expect(await page.getByRole('dialog', { name: 'Supervisor approval' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Line discount' }).click();
    await page.getByRole('textbox', { name: 'Line discount' }).fill(money(discount));
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Supervisor approval' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/more than 10 % in total/);
    await shot('approval-total-reduction');
    await till.approve('135790');
    await expect.poll(() => page.getByRole('row', { name: `Line ${c.name}` }).getByRole('cell').nth(3).textContent()).toContain(money(discount));
    await till.startPayment();
    await till.tender('Cash');
    await till.expectPaid();
    await till.newSale();
    const sales = await serverSales(2);
    const sale = sales.at(-1);
    const [sam] = await env.server.db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'sam'`);
    expect(sale?.lines[0]?.discountApprovedBy).toBe(sam?.id);
    // The server judged it too, and found the approval.
    await expect.poll(async () => (await env.server.db.query('SELECT code FROM event_problems WHERE event_id = $1 AND code LIKE $2', [sale?.id ?? '', 'approv%'])).length).toBe(0);
  }, 60_000);

  it('refuses to close with an empty counted field: count card too, or enter 0', async () => {
    await page.getByRole('button', { name: 'Close session' }).click();
    await page.getByLabel('Counted cash (€)', { exact: true }).fill('100.00');
    await page.getByRole('button', { name: 'Close and print Z report' }).click();
    await expect.poll(() => till.alertText()).toBe('Count card and voucher too, or enter 0');
    await shot('close-empty-count');
    expect(await page.getByRole('region', { name: 'Z report' }).count()).toBe(0);
    await page.getByLabel('Counted card (€)', { exact: true }).fill('0');
    await page.getByLabel('Counted voucher (€)', { exact: true }).fill('0');
    await page.getByRole('button', { name: 'Close and print Z report' }).click();
    await page.getByRole('region', { name: 'Z report' }).waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await till.openSession('100.00');
  }, 60_000);

  it('asks a supervisor for a cash movement above the limit or below zero expected cash, then confirms it on screen', async () => {
    const cashMove = async (kind: 'Cash in' | 'Cash out', amount: string): Promise<void> => {
      await page.getByRole('button', { name: 'Cash in/out' }).click();
      await page.getByLabel('Amount (€)', { exact: true }).fill(amount);
      await page.getByLabel('Reason').fill('bank run');
      await page.getByRole('button', { name: kind }).click();
    };
    // Small: the cashier alone; the sell screen confirms.
    await cashMove('Cash in', '20.00');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Cash in of' }).textContent()).toMatch(/Cash in of .*20\.00 recorded/);
    // Above the 200.00 per movement (demo setting): a supervisor PIN.
    await cashMove('Cash in', '250.00');
    const dialog = page.getByRole('dialog', { name: 'Supervisor approval' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/above the limit per movement/);
    await till.approve('135790');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Cash in of' }).textContent()).toMatch(/250\.00 recorded/);
    // The drawer holds 100 + 20 + 250 − 180 = 190.00: taking out 195.00 would go below zero (and pass 500.00 moved this session).
    await cashMove('Cash out', '180.00');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Cash out of' }).textContent()).toMatch(/180\.00 recorded/);
    await cashMove('Cash out', '195.00');
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/above the limit per session and more than the drawer should hold/);
    await shot('cash-out-approval');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => till.alertText()).toBe('Not approved');
    await page.getByRole('button', { name: 'Back' }).click();
    await expect.poll(async () => (await env.server.db.query(`SELECT 1 FROM events WHERE collection = 'sessions' AND device_id = $1 AND payload->>'kind' LIKE 'cash%'`, [tillId])).length, { timeout: 20_000 }).toBe(3);
    const [sam] = await env.server.db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'sam'`);
    const stored = await env.server.db.query<{ approved: string | null }>(`SELECT payload->>'approvedBy' AS approved FROM events WHERE collection = 'sessions' AND device_id = $1 AND payload->>'kind' LIKE 'cash%' ORDER BY payload->>'createdAt'`, [tillId]);
    expect(stored.map((e) => e.approved)).toEqual([null, sam?.id, null]);
  }, 90_000);

  it('asks the weight of a product sold by the kg and shows it with its unit; refuses 1.5 of a piece', async () => {
    const [kg] = await env.server.db.query<{ barcode: string; name: string; price: string }>(
      `SELECT b.barcode, p.name, p.price FROM products p JOIN product_barcodes b ON b.product_id = p.id WHERE p.unit = 'kg' AND p.active AND b.barcode LIKE '0400%' ORDER BY p.sku LIMIT 1`);
    const [a] = products;
    if (!kg || !a) throw new Error('seed has no product sold by the kg');
    await till.enterCode(a.ean);
    await till.expectLines(1);
    await page.getByRole('button', { name: 'Quantity' }).click();
    await page.getByRole('textbox', { name: 'Quantity' }).fill('1.5');
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect.poll(() => till.alertText()).toBe('Sold by the piece: enter a whole number');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await till.enterCode(kg.barcode.replace(/^0/, ''));
    const dialog = page.getByRole('dialog', { name: `Weight of ${kg.name}` });
    await dialog.waitFor();
    await dialog.getByLabel('Weight (kg)').fill('0.75');
    await shot('weight-dialog');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await till.expectLines(2);
    const row = page.getByRole('row', { name: `Line ${kg.name}` });
    const perKg = (Number(kg.price) / 100).toFixed(2);
    expect(await row.getByLabel('Weight and price').textContent()).toMatch(new RegExp(`0\\.750 kg × .*${perKg.replace('.', '\\.')}/kg`));
    expect(await row.getByRole('cell').nth(1).textContent()).toBe('0.750 kg');
    await shot('sell-weighed-line');
    await till.startPayment();
    await till.tender('Cash', '100.00');
    await till.expectPaid();
    await till.newSale();
    const sale = (await serverSales(3)).at(-1);
    expect(sale?.lines.map((l) => l.qty)).toEqual([1, 0.75]);
  }, 60_000);
});
