// A full till shift in Chromium against the real sync server: pair, PIN login, open a session,
// sell by scanning (wedge and entry box), search, unknown barcode, discount with supervisor
// approval, split payment, a return, close with the Z report — and the server gets it all once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TillPage } from './pages/till-page.ts';
import { chainReport, startTillE2e, stopTillE2e, type E2eProduct, type TillE2eServer } from './till-harness.ts';

describe('till: a full shift', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let page: Page;
  let till: TillPage;
  let products: E2eProduct[];

  beforeAll(async () => {
    ({ env, browser, page, till, products } = await startTillE2e({ products: 5 }));
  }, 180_000);

  afterAll(() => stopTillE2e(env, browser));

  it('pairs, logs in by PIN and opens a session with a counted float in the store’s currency; a failed open says what to do, not the raw error', async () => {
    await page.goto(`${env.url}/till`);
    await till.pair(env.url, await env.pairingCode());
    await till.login('alice', '1234');
    const form = page.getByRole('form', { name: 'Open session' });
    await expect.poll(() => form.getByText('Counted float').textContent()).toBe('Counted float (€)');
    // The till's storage refuses the session's write, as a full disk does.
    await page.evaluate(() => {
      const put = IDBObjectStore.prototype.put;
      Reflect.set(IDBObjectStore.prototype, 'aisleTestPut', put);
      IDBObjectStore.prototype.put = function refuse(this: IDBObjectStore, ...args: Parameters<typeof put>) {
        if (this.transaction.db.name.includes('sessions')) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return put.apply(this, args);
      };
    });
    await page.getByLabel('Counted float').fill('100.00');
    await page.getByRole('button', { name: 'Open session' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe(
      "The session could not be opened: this till's storage is full. Try again; if it keeps failing, call a manager.",
    );
    await page.screenshot({ path: 'test-results/till/open-session-failed-1024x768.png' });
    await page.evaluate(() => {
      IDBObjectStore.prototype.put = Reflect.get(IDBObjectStore.prototype, 'aisleTestPut') as typeof IDBObjectStore.prototype.put;
    });
    await till.openSession('100.00');
    await expect.poll(() => page.getByLabel('Connection').textContent(), { timeout: 15_000 }).toBe('Online');
  }, 90_000);

  it('sells by wedge scanning anywhere, by the entry box and by search; an unknown barcode is a clear error', async () => {
    const [a, b, c] = products;
    if (!a || !b || !c) throw new Error('seed has too few products');
    await till.scan(a.ean);
    await till.expectLines(1);
    await till.scan(a.ean);
    await till.expectLines(1);
    await expect.poll(() => page.getByRole('row', { name: `Line ${a.name}` }).getByRole('cell').nth(1).textContent()).toBe('2');
    await till.enterCode(b.ean);
    await till.expectLines(2);
    await till.enterCode('4006381333931');
    expect(await till.alertText()).toMatch(/Unknown barcode/);
    await till.enterCode('4006381333932');
    expect(await till.alertText()).toBe('Barcode 4006381333932 did not scan right (check digit): scan it again or type it.');
    await till.enterCode('zzzqqq');
    expect(await till.alertText()).toBe('No product matches “zzzqqq”.');
    const entry = page.getByLabel('Scan or search');
    await entry.fill(c.name.split(' ').slice(0, 2).join(' '));
    await page.getByRole('button', { name: `Add ${c.name}` }).first().click();
    await till.expectLines(3);
  }, 60_000);

  it('asks a supervisor PIN for a discount above the threshold and records the approval', async () => {
    await page.getByRole('button', { name: 'Line discount' }).click();
    const [, , c] = products;
    const half = ((c?.price ?? 0) / 200).toFixed(2);
    await page.getByRole('textbox', { name: 'Line discount' }).fill(half);
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Supervisor approval' });
    await dialog.getByLabel('Supervisor PIN').fill('1234');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/No supervisor/);
    await dialog.getByLabel('Supervisor PIN').fill('135790');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('row', { name: `Line ${c?.name}` }).getByRole('cell').nth(3).textContent()).toBe(`-€${half}`);
    // Price and total carry the currency like the sale's Total, and the lines still fit at 1024×768.
    const cells = page.getByRole('row', { name: `Line ${c?.name}` }).getByRole('cell');
    expect(await cells.nth(2).textContent()).toBe(`€${((c?.price ?? 0) / 100).toFixed(2)}`);
    expect(await cells.nth(4).textContent()).toMatch(/^€\d+\.\d\d$/);
    expect(await page.getByRole('region', { name: 'Cart' }).getByLabel('Tax', { exact: true }).textContent()).toMatch(/^€\d+\.\d\d$/);
    await page.screenshot({ path: 'test-results/till-lines-1024.png' });
  }, 60_000);

  let customerId = '';
  it('attaches a customer from the local customer list', async () => {
    const [customer] = await env.server.db.query<{ id: string; name: string }>('SELECT id, name FROM customers ORDER BY name LIMIT 1');
    if (!customer) throw new Error('seed has no customers');
    customerId = customer.id;
    await page.getByLabel('Customer', { exact: true }).fill(customer.name.slice(0, 4));
    await page.getByRole('button', { name: customer.name }).click();
    expect(await page.getByLabel('Customer', { exact: true }).textContent()).toContain(customer.name);
  }, 30_000);

  let receiptNo = '';
  it('takes a split payment (card then cash with change) and commits before saying paid', async () => {
    await till.startPayment();
    await till.tender('Card approved', '1.00');
    await till.tender('Cash', '500.00');
    receiptNo = await till.expectPaid();
    await expect.poll(() => page.getByLabel('Change due').textContent()).toMatch(/Change: €\d/);
    expect(await page.getByLabel('Receipt').textContent()).toContain(receiptNo);
    await till.newSale();
  }, 60_000);

  it('returns part of the sale against the original receipt, never more than sold', async () => {
    await till.findSaleToReturn(receiptNo);
    const [a] = products;
    // Refund, the screen's action, is on screen at 1024×768 under a receipt of three lines, without scrolling.
    const refundButton = page.getByRole('button', { name: 'Refund' });
    await refundButton.waitFor();
    const box = await refundButton.boundingBox();
    expect(box).not.toBeNull();
    expect(box && box.y >= 0 && box.x >= 0 && box.y + box.height <= 768 && box.x + box.width <= 1024).toBe(true);
    await page.screenshot({ path: 'test-results/till/return-1024x768.png' });
    await page.getByRole('button', { name: 'Refund' }).click();
    expect(await till.alertText()).toBe('Choose the quantity to return on at least one line');
    // On screen at 1024×768, not below the fold under a sale of three lines.
    expect(await page.getByRole('alert').first().evaluate((el) => el.getBoundingClientRect().bottom <= window.innerHeight)).toBe(true);
    await page.screenshot({ path: 'test-results/till-return-1024.png' });
    await page.getByLabel(`Return quantity ${a?.name}`).fill('3');
    await page.getByRole('button', { name: 'Refund' }).click();
    expect(await till.alertText()).toMatch(/Only 2/);
    await page.getByLabel(`Return quantity ${a?.name}`).fill('1');
    await page.getByLabel(`Restock ${a?.name}`).uncheck();
    await page.getByLabel('Refund tender').selectOption('cash');
    await page.getByRole('button', { name: 'Refund' }).click();
    await till.expectPaid();
    expect(await page.getByLabel('Refund due').textContent()).toMatch(/^Refund €\d+\.\d{2} in cash$/);
    await page.screenshot({ path: 'test-results/till-refunded-1024.png' });
    await till.newSale();
  }, 60_000);

  it('closes the session offline-capable with counted amounts and shows the Z report', async () => {
    await page.getByRole('button', { name: 'Cash in/out' }).click();
    await page.getByLabel('Amount (€)', { exact: true }).fill('20.00');
    await page.getByLabel('Reason').fill('change from bank');
    await page.getByRole('button', { name: 'Cash in' }).click();
    await page.getByRole('button', { name: 'Close session' }).click();
    await page.getByLabel('Counted cash (€)', { exact: true }).fill('100.00');
    await page.getByLabel('Counted card (€)', { exact: true }).fill('1.00');
    await page.getByLabel('Counted voucher (€)', { exact: true }).fill('0');
    await page.screenshot({ path: 'test-results/till/close-session-1024x768.png' });
    await page.getByRole('button', { name: 'Close and print Z report' }).click();
    const z = page.getByRole('region', { name: 'Z report' });
    await z.waitFor();
    expect(await z.getByLabel('Sales count').textContent()).toBe('1');
    expect(await z.getByLabel('Returns count').textContent()).toBe('1');
    const card = z.getByRole('row', { name: 'Tender Card', exact: true }).getByRole('cell');
    expect(await card.nth(0).textContent()).toBe('Card');
    expect(await card.nth(1).textContent()).toBe('€1.00');
    expect(await card.nth(3).textContent()).toBe('€0.00');
    expect(await z.getByRole('row', { name: 'Tender Cash', exact: true }).getByRole('cell').nth(3).textContent()).toMatch(/^-?€\d+\.\d\d$/);
    expect(await z.getByLabel('Sales total').textContent()).toMatch(/^€\d+\.\d\d$/);
    expect(await z.getByRole('listitem').filter({ hasText: /^Card: / }).textContent()).toBe('Card: €1.00');
  }, 60_000);

  it('delivers the sale and the return to the server exactly once, seq gapless and chain valid', async () => {
    const tillId = await till.deviceId();
    await expect.poll(async () => (await env.serverSales(tillId)).length, { timeout: 30_000 }).toBe(2);
    const sales = await env.serverSales(tillId);
    expect(chainReport(sales)).toMatchObject({ seqs: [1, 2], gapless: true, chainOk: true });
    const [sale, ret] = sales;
    expect(sale?.payments.map((p) => p.method)).toEqual(['card', 'cash']);
    expect(sale?.lines.some((l) => l.discountApprovedBy)).toBe(true);
    expect(sale?.customerId).toBe(customerId);
    expect(ret?.kind).toBe('return');
    expect(ret?.lines[0]?.returnOf?.saleId).toBe(sale?.id);
    await expect.poll(() => till.unsentCount(), { timeout: 30_000 }).toBe(0);
    // The server recomputed totals, taxes and the chain and found nothing to flag.
    const problems = await env.server.db.query<{ code: string; message: string }>(
      `SELECT p.code, p.message FROM event_problems p JOIN events e ON e.id = p.event_id WHERE e.device_id = $1`,
      [tillId],
    );
    expect(problems).toEqual([]);
    expect(await page.getByRole('button', { name: /Flagged events/ }).count()).toBe(0);
  }, 60_000);
});
