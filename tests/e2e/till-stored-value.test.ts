// Issue 17 points 3–5 at the counter, in Chromium against the real server: a gift card sold at one
// till and spent at another (the balance on the screen, on the receipt and on the server); loyalty
// points earned on one sale and redeemed on the next; a gift card spent at a till that is offline,
// within its allowance, applied once when it reconnects; returns refunded onto a gift card (the
// customer's card topped up, a new card issued, online and offline). Screenshots at 1024×768 in the temp
// directory `aisle-till-stored-value`.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatMoney, formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { TillPage } from './pages/till-page.ts';
import { openShift, startTillE2e, stopTillE2e, type E2eProduct, type TillE2eServer } from './till-harness.ts';

const CARD = '6012345678901234';
const SHOTS = join(tmpdir(), 'aisle-till-stored-value');
const eur = (n: number): string => formatMoney(n, 'EUR');
/** An amount as the till's sentences show it. */
const shown = (n: number): string => formatMoneyWithSymbol(n, 'EUR');

describe('till: gift cards, store credit tenders and loyalty points', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let page: Page;
  let tillA: TillPage;
  let contextB: BrowserContext;
  let pageB: Page;
  let tillB: TillPage;
  let products: E2eProduct[];
  let customerId = '';
  let spentOnline = 0;

  const cardBalance = async (): Promise<number | null> => {
    const [row] = await env.server.db.query<{ balance: string }>('SELECT balance FROM value_accounts WHERE number = $1', [CARD]);
    return row ? Number(row.balance) : null;
  };
  const points = async (): Promise<number> => {
    const [row] = await env.server.db.query<{ balance: string }>(`SELECT balance FROM value_accounts WHERE kind = 'points' AND customer_id = $1`, [customerId]);
    return Number(row?.balance ?? 0);
  };
  const appliedSales = async (tillId: string, n: number): Promise<void> => {
    await expect.poll(async () => {
      const sales = await env.serverSales(tillId);
      if (sales.length < n) return `${sales.length} of ${n} sales`;
      const rows = await env.server.db.query<{ status: string }>('SELECT status FROM events WHERE id = ANY($1::text[])', [sales.map((s) => s.id)]);
      return rows.every((r) => r.status !== 'pending') ? 'applied' : 'pending';
    }, { timeout: 60_000 }).toBe('applied');
  };
  /** Problems other than stock (the demo store's stock is whatever the seed gave). */
  const problemsOf = async (saleId: string): Promise<string[]> =>
    (await env.server.db.query<{ code: string }>(`SELECT code FROM event_problems WHERE event_id = $1 AND code <> 'negative_stock'`, [saleId])).map((r) => r.code);
  /** A product of at least 30.00 (two of them cost more than the till's offline allowance). */
  const dearProduct = async (): Promise<{ barcode: string; price: string }> => {
    const [dear] = await env.server.db.query<{ barcode: string; price: string }>(
      `SELECT b.barcode, p.price FROM products p JOIN product_barcodes b ON b.product_id = p.id WHERE p.active AND p.unit = 'unit' AND p.tracking = 'none' AND p.price >= 3000 AND b.barcode LIKE '0%' ORDER BY p.price LIMIT 1`,
    );
    if (!dear) throw new Error('no product of 30.00 or more');
    return dear;
  };
  const receipt = async (p: Page): Promise<string> => (await p.getByLabel('Receipt').textContent()) ?? '';
  const pickCustomer = async (p: Page): Promise<void> => {
    await p.getByLabel('Customer', { exact: true }).fill('Walk-in');
    await p.getByRole('button', { name: 'Walk-in Demo Customer' }).click();
  };

  beforeAll(async () => {
    ({ env, browser, page, till: tillA, products } = await startTillE2e({ products: 2 }));
    mkdirSync(SHOTS, { recursive: true });
    const admin = await env.server.login('admin', 'admin');
    // 10 points per 1.00 spent; 100 points take 1.00 off. Set before the tills pair: it comes with their config.
    const program = { active: true, name: 'Aisle Rewards', earn: [{ kind: 'amount', points: 10, per: 100 }], redeem: { points: 100, amount: 100 } };
    const res = await env.server.api('/api/admin/loyalty', { method: 'PUT', token: admin, body: program });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [customer] = await env.server.db.query<{ id: string }>(`SELECT id FROM customers WHERE name = 'Walk-in Demo Customer'`);
    customerId = customer?.id ?? '';
    await openShift(tillA, env);
    await tillA.waitForCatalog(2);
    contextB = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    pageB = await contextB.newPage();
    pageB.on('pageerror', (error) => console.error('page error (till B):', error.message));
    tillB = new TillPage(pageB);
    await openShift(tillB, env);
    await tillB.waitForCatalog(2);
  }, 240_000);

  afterAll(async () => {
    await contextB?.close();
    await stopTillE2e(env, browser);
  });

  it('sells a gift card at one till and spends it at another: balance on screen, on the receipt and on the server', async () => {
    await pageB.getByRole('button', { name: 'Pay', exact: true }).waitFor();
    const [a, b] = products;
    if (!a || !b) throw new Error('seed has too few products');
    await page.getByRole('button', { name: 'Gift card', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Sell a gift card' });
    await dialog.getByLabel('Gift card number').fill('6012 3456-7890 1234');
    await dialog.getByLabel('Gift card number').press('Enter'); // as a scan ends: on to the amount
    await dialog.getByLabel('Amount to load').fill('50.00');
    await dialog.getByRole('button', { name: 'Add gift card' }).click();
    // Online the till asks the server what the card holds: a new card holds what is loaded.
    await expect.poll(() => page.getByRole('row', { name: 'Gift card ****1234' }).textContent(), { timeout: 10_000 }).toContain(`balance after ${formatMoneyWithSymbol(5000, 'EUR')}`);
    await tillA.enterCode(a.ean);
    await tillA.expectLines(1);
    expect(await page.getByLabel('Total due').textContent()).toBe(formatMoneyWithSymbol(a.price + 5000, 'EUR'));
    await tillA.startPayment();
    expect(await page.getByLabel('Amount to pay').textContent()).toBe(formatMoneyWithSymbol(a.price + 5000, 'EUR'));
    await tillA.tender('Cash');
    await tillA.expectPaid();
    const soldReceipt = await receipt(page);
    expect(soldReceipt).toMatch(new RegExp(`Gift card \\*\\*\\*\\*1234 +${eur(5000)}\\n +Balance +${eur(5000)}`));
    expect(soldReceipt).toMatch(new RegExp(`To pay EUR +${eur(a.price + 5000)}`));
    expect(soldReceipt).not.toContain(CARD);
    await appliedSales(await tillA.deviceId(), 1);
    expect(await cardBalance()).toBe(5000);

    // Till B pays part of a sale with it (at most 10.00), online: the server authorises it.
    spentOnline = Math.min(b.price - 1, 1000);
    await tillB.enterCode(b.ean);
    await tillB.expectLines(1);
    await tillB.startPayment();
    await pageB.getByLabel('Amount tendered').fill(eur(spentOnline));
    await pageB.getByRole('button', { name: 'Gift card', exact: true }).click();
    const panel = pageB.getByRole('dialog', { name: 'Gift card' });
    expect(await panel.getByLabel('Amount', { exact: true }).inputValue()).toBe(eur(spentOnline));
    await panel.getByLabel('Gift card number').fill('12345');
    await panel.getByRole('button', { name: 'Redeem' }).click();
    expect(await panel.getByRole('alert').textContent()).toBe('Scan the gift card or type its number (6 to 32 letters or digits)');
    // A mistyped number is a card the server does not know: nothing to spend, and no offline fallback.
    await panel.getByLabel('Gift card number').fill('60123456789O1234');
    await panel.getByRole('button', { name: 'Redeem' }).click();
    await expect.poll(() => panel.getByRole('alert').textContent(), { timeout: 10_000 }).toBe('Gift card ****1234 has nothing to spend');
    await panel.getByLabel('Gift card number').fill(CARD);
    await pageB.screenshot({ path: join(SHOTS, 'pay-gift-card-1024x768.png') });
    await panel.getByRole('button', { name: 'Redeem' }).click();
    await expect.poll(() => pageB.getByLabel('Stored value', { exact: true }).textContent(), { timeout: 10_000 }).toBe(`Gift card ****1234: ${shown(spentOnline)} taken, balance left ${shown(5000 - spentOnline)}`);
    expect(await pageB.getByLabel('Payments', { exact: true }).textContent()).toContain(`Gift card ****1234 ${shown(spentOnline)} (balance left ${shown(5000 - spentOnline)})`);
    await pageB.screenshot({ path: join(SHOTS, 'pay-gift-card-taken-1024x768.png') });
    await tillB.tender('Cash');
    const spentReceiptNo = await tillB.expectPaid();
    expect(await pageB.getByLabel('Stored value balances').textContent()).toBe(`Gift card ****1234: ${shown(spentOnline)} taken, balance left ${shown(5000 - spentOnline)}`);
    const spentReceipt = await receipt(pageB);
    expect(spentReceipt).toMatch(new RegExp(`Gift card \\*\\*\\*\\*1234 +${eur(spentOnline)}\\n +Balance +${eur(5000 - spentOnline)}`));
    const tillBId = await tillB.deviceId();
    await appliedSales(tillBId, 1);
    expect(await cardBalance()).toBe(5000 - spentOnline);
    const [sale] = await env.serverSales(tillBId);
    expect(sale?.payments.find((p) => p.method === 'gift_card')).toMatchObject({ card: CARD, amount: spentOnline, balanceAfter: 5000 - spentOnline });
    expect(await problemsOf(sale?.id ?? '')).toEqual([]);
    // The authorisation was taken by the sale: nothing is left set aside.
    const [holds] = await env.server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM value_holds');
    expect(holds?.n).toBe(0);
    await tillB.newSale();
    // Returned, the refund goes back onto the card that paid: tender and number are filled in.
    await tillB.findSaleToReturn(spentReceiptNo);
    expect(await pageB.getByLabel('Refund tender').inputValue()).toBe('gift_card');
    const refundCard = pageB.getByRole('group', { name: 'Gift card refund' });
    expect(await refundCard.getByLabel('Gift card number').inputValue()).toBe(CARD);
    expect(await refundCard.getByLabel('Top up a card').isChecked()).toBe(true);
    await pageB.getByRole('button', { name: 'Back', exact: true }).click();
    await pageB.getByRole('button', { name: 'Pay', exact: true }).waitFor();

    // A sale of nothing but a gift card, paid by card: no product line, the card holds what was paid.
    await tillA.newSale();
    await page.getByRole('button', { name: 'Gift card', exact: true }).click();
    await dialog.getByLabel('Gift card number').fill('GIFT-7777-8888');
    await dialog.getByLabel('Amount to load').fill('20.00');
    await dialog.getByRole('button', { name: 'Add gift card' }).click();
    await tillA.expectLines(0);
    expect(await page.getByLabel('Total due').textContent()).toBe(formatMoneyWithSymbol(2000, 'EUR'));
    await tillA.startPayment();
    await tillA.tender('Card approved');
    await tillA.expectPaid();
    expect(await page.getByLabel('Stored value balances').textContent()).toBe(`Gift card ****8888 loaded with ${shown(2000)}: balance ${shown(2000)}`);
    await appliedSales(await tillA.deviceId(), 2);
    const [onlyCard] = await env.server.db.query<{ balance: string }>('SELECT balance FROM value_accounts WHERE number = $1', ['GIFT77778888']);
    expect(Number(onlyCard?.balance)).toBe(2000);
  }, 180_000);

  it('earns points on one sale and redeems them on the next', async () => {
    const [a] = products;
    if (!a) throw new Error('seed has too few products');
    const qty = Math.ceil(1000 / a.price); // at least 10.00: 100 points, one block
    await tillA.newSale();
    await pickCustomer(page);
    for (let i = 0; i < qty; i++) await tillA.enterCode(a.ean);
    await tillA.expectLines(1);
    const earned = Math.floor((qty * a.price) / 100) * 10;
    await expect.poll(() => page.getByLabel('Points to earn').textContent()).toBe(String(earned));
    expect(await page.getByLabel('Points balance').textContent()).toBe('0');
    await tillA.startPayment();
    await tillA.tender('Cash');
    await tillA.expectPaid();
    const first = await receipt(page);
    expect(first).toMatch(new RegExp(`Aisle Rewards\\nPoints earned +${earned}\\nPoints balance +${earned}`));
    const tillAId = await tillA.deviceId();
    await appliedSales(tillAId, 3);
    expect(await points()).toBe(earned);

    // The next sale: the customer's document has come back with the points.
    await tillA.newSale();
    await pickCustomer(page);
    for (let i = 0; i < qty; i++) await tillA.enterCode(a.ean);
    await tillA.expectLines(1);
    await expect.poll(() => page.getByLabel('Points balance').textContent(), { timeout: 30_000 }).toBe(String(earned));
    const blocks = Math.min(Math.floor(earned / 100), Math.floor((qty * a.price) / 100));
    const redeem = page.getByRole('button', { name: `Redeem ${blocks * 100} points (−${eur(blocks * 100)})` });
    await page.screenshot({ path: join(SHOTS, 'sell-loyalty-1024x768.png') });
    await redeem.click();
    await expect.poll(() => page.getByLabel('Points redeemed').textContent(), { timeout: 10_000 }).toBe(`${blocks * 100} points: −${eur(blocks * 100)}`);
    const charged = qty * a.price - blocks * 100;
    expect(await page.getByLabel('Total due').textContent()).toBe(formatMoneyWithSymbol(charged, 'EUR'));
    const earnedAgain = Math.floor(charged / 100) * 10;
    expect(await page.getByLabel('Points to earn').textContent()).toBe(String(earnedAgain));
    await tillA.startPayment();
    expect(await page.getByLabel('Amount to pay').textContent()).toBe(formatMoneyWithSymbol(charged, 'EUR'));
    await tillA.tender('Cash');
    await tillA.expectPaid();
    const second = await receipt(page);
    expect(second).toMatch(new RegExp(`Points +-${eur(blocks * 100)}`));
    expect(second).toMatch(new RegExp(`Points redeemed +${blocks * 100} \\(-${eur(blocks * 100)}\\)\\nPoints earned +${earnedAgain}\\nPoints balance +${earned - blocks * 100 + earnedAgain}`));
    await appliedSales(tillAId, 4);
    expect(await points()).toBe(earned - blocks * 100 + earnedAgain);
    const sales = await env.serverSales(tillAId);
    const last = sales.at(-1);
    expect(last?.loyalty).toMatchObject({ redeemedPoints: blocks * 100, redeemedAmount: blocks * 100, earnedPoints: earnedAgain });
    expect(last?.loyalty?.authorization).toBeTruthy();
    for (const s of sales) expect(await problemsOf(s.id)).toEqual([]);
    await tillA.newSale();
  }, 180_000);

  it('spends a gift card at a till that is offline, within its allowance, applied once when it reconnects', async () => {
    const [, b] = products;
    if (!b) throw new Error('seed has too few products');
    const offline = Math.min(b.price - 1, 500);
    await tillB.enterCode(b.ean);
    await tillB.expectLines(1);
    await env.stopHttp();
    await expect.poll(() => pageB.getByLabel('Connection').textContent(), { timeout: 20_000 }).toBe('Offline');
    await tillB.startPayment();
    await pageB.getByLabel('Amount tendered').fill(eur(offline));
    await pageB.getByRole('button', { name: 'Gift card', exact: true }).click();
    const panel = pageB.getByRole('dialog', { name: 'Gift card' });
    await panel.getByLabel('Gift card number').fill(CARD);
    await panel.getByRole('button', { name: 'Redeem' }).click();
    await expect.poll(() => pageB.getByLabel('Stored value', { exact: true }).textContent(), { timeout: 20_000 }).toBe(`Gift card ****1234: ${shown(offline)} taken (offline, within this till's allowance)`);
    // The recorded payment survives a reload of the till (the sale in progress is kept).
    await pageB.reload();
    await tillB.login('alice', '1234');
    await tillB.startPayment();
    await expect.poll(() => pageB.getByLabel('Paid so far').textContent()).toBe(formatMoneyWithSymbol(offline, 'EUR'));
    await tillB.tender('Cash');
    await tillB.expectPaid();
    expect(await pageB.getByLabel('Stored value balances').textContent()).toBe(`Gift card ****1234: ${shown(offline)} taken, balance known once the till is back online`);
    const offlineReceipt = await receipt(pageB);
    // Offline the till does not know the card's balance: it prints none.
    expect(offlineReceipt).toMatch(new RegExp(`Gift card \\*\\*\\*\\*1234 +${eur(offline)}\\n(?! +Balance)`));

    // Still offline, the next sale finds that spend counted: only the rest of the allowance is left.
    await tillB.newSale();
    const dear = (await dearProduct()).barcode.slice(1);
    await tillB.enterCode(dear);
    await tillB.enterCode(dear);
    await tillB.expectLines(1);
    await tillB.startPayment();
    await pageB.getByLabel('Amount tendered').fill(eur(5000 - offline + 1));
    await pageB.getByRole('button', { name: 'Gift card', exact: true }).click();
    const again = pageB.getByRole('dialog', { name: 'Gift card' });
    await again.getByLabel('Gift card number').fill(CARD);
    await again.getByRole('button', { name: 'Redeem' }).click();
    await expect.poll(() => again.getByRole('alert').first().textContent(), { timeout: 20_000 }).toContain(`${shown(5000 - offline + 1)} is more than this till may take offline (${shown(5000 - offline)} left)`);
    await again.getByRole('button', { name: 'Cancel' }).click();
    await tillB.backToSale();
    await tillB.voidSale(true);

    await env.startHttp();
    const tillBId = await tillB.deviceId();
    await appliedSales(tillBId, 2);
    expect(await cardBalance()).toBe(5000 - spentOnline - offline);
    const sale = (await env.serverSales(tillBId)).at(-1);
    const moves = await env.server.db.query<{ kind: string; amount: string; offline: boolean }>(
      'SELECT m.kind, m.amount, m.offline FROM value_moves m JOIN value_accounts a ON a.id = m.account_id WHERE a.number = $1 ORDER BY m.id',
      [CARD],
    );
    expect(moves.map((m) => [m.kind, Number(m.amount), m.offline])).toEqual([['load', 5000, false], ['redeem', -spentOnline, false], ['redeem', -offline, true]]);
    expect(await problemsOf(sale?.id ?? '')).toEqual([]);
  }, 180_000);

  it('spends store credit only with the sale\'s customer, and offline above the allowance only with a supervisor', async () => {
    const admin = await env.server.login('admin', 'admin');
    const issued = await env.server.api('/api/admin/store-credit', { token: admin, body: { customerId, amount: 8000, reason: 'Goodwill' } });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    // A product of at least 30.00, twice: more than the till's offline allowance (50.00).
    const dear = await dearProduct();
    const price = Number(dear.price);
    await tillA.enterCode(dear.barcode.slice(1));
    await tillA.enterCode(dear.barcode.slice(1));
    await tillA.expectLines(1);
    await tillA.startPayment();
    await page.getByRole('button', { name: 'Store credit', exact: true }).click();
    let dialog = page.getByRole('dialog', { name: 'Store credit' });
    expect(await dialog.getByLabel('Store credit holder').textContent()).toBe('No customer on this sale: choose one on the sale screen');
    await dialog.getByRole('button', { name: 'Redeem' }).click();
    expect(await dialog.getByRole('alert').textContent()).toBe('Store credit belongs to a customer: choose the customer on the sale screen first');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await tillA.backToSale();
    await pickCustomer(page);
    await tillA.startPayment();
    await page.getByRole('button', { name: 'Store credit', exact: true }).click();
    dialog = page.getByRole('dialog', { name: 'Store credit' });
    // The credit reaches the till with the customer's document.
    await expect.poll(() => dialog.getByLabel('Store credit holder').textContent(), { timeout: 30_000 }).toBe(`Customer: Walk-in Demo Customer · store credit ${shown(8000)}`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await env.stopHttp();
    await expect.poll(() => page.getByLabel('Connection').textContent(), { timeout: 20_000 }).toBe('Offline');
    await page.getByLabel('Amount tendered').fill(eur(6000));
    await page.getByRole('button', { name: 'Store credit', exact: true }).click();
    dialog = page.getByRole('dialog', { name: 'Store credit' });
    await dialog.getByRole('button', { name: 'Redeem' }).click();
    await expect.poll(() => dialog.getByRole('alert').first().textContent(), { timeout: 20_000 }).toContain(`${shown(6000)} is more than this till may take offline (${shown(5000)} left)`);
    await page.screenshot({ path: join(SHOTS, 'pay-store-credit-override-1024x768.png') });
    await dialog.getByRole('button', { name: 'Supervisor override' }).click();
    await tillA.approve('135790');
    await expect.poll(() => page.getByLabel('Stored value', { exact: true }).textContent()).toBe(
      `Walk-in Demo Customer's store credit: ${shown(6000)} taken, balance left ${shown(2000)} (offline, approved by Sam Becker)`,
    );
    await tillA.tender('Cash');
    const receiptNo = await tillA.expectPaid();
    expect(await receipt(page)).toMatch(new RegExp(`Store credit +${eur(6000)}\\n +Balance +${eur(2000)}`));

    await env.startHttp();
    const tillAId = await tillA.deviceId();
    await appliedSales(tillAId, 5);
    const sale = (await env.serverSales(tillAId)).at(-1);
    const [sam] = await env.server.db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'sam'`);
    expect(sale?.payments.find((p) => p.method === 'store_credit')).toMatchObject({ amount: 6000, overrideBy: sam?.id });
    expect(sale?.total).toBe(2 * price);
    const [credit] = await env.server.db.query<{ balance: string }>(`SELECT balance FROM value_accounts WHERE kind = 'store_credit' AND customer_id = $1`, [customerId]);
    expect(Number(credit?.balance)).toBe(2000);
    // The override is recorded for a manager, with its amount; nothing else is wrong.
    expect(await problemsOf(sale?.id ?? '')).toEqual(['value_override']);

    // One of the two comes back, refunded as store credit: the customer's credit grows by its price.
    await tillA.newSale();
    await tillA.findSaleToReturn(receiptNo);
    const line = sale?.lines[0];
    await page.getByLabel(`Return quantity ${line?.name ?? ''}`).fill('1');
    await page.getByLabel('Refund tender').selectOption('store_credit');
    expect(await page.getByLabel('Store credit refund').textContent()).toBe('The refund goes to the customer\'s store credit, to spend at any till.');
    await page.getByRole('button', { name: 'Refund' }).click();
    await tillA.expectPaid();
    expect(await receipt(page)).toMatch(new RegExp(`Store credit +-${eur(price)}`));
    await appliedSales(tillAId, 6);
    const [after] = await env.server.db.query<{ balance: string }>(`SELECT balance FROM value_accounts WHERE kind = 'store_credit' AND customer_id = $1`, [customerId]);
    expect(Number(after?.balance)).toBe(2000 + price);
    const refund = (await env.serverSales(tillAId)).at(-1);
    expect(refund?.kind).toBe('return');
    expect(await problemsOf(refund?.id ?? '')).toEqual([]);
  }, 180_000);

  it('refunds a return onto a gift card: the customer\'s card topped up, or a new card issued, online and offline', async () => {
    const [a] = products;
    if (!a) throw new Error('seed has too few products');
    const tillAId = await tillA.deviceId();
    const before = (await env.serverSales(tillAId)).length;
    const balanceOf = async (number: string): Promise<number | null> => {
      const [row] = await env.server.db.query<{ balance: string }>('SELECT balance FROM value_accounts WHERE number = $1', [number]);
      return row ? Number(row.balance) : null;
    };
    const card = await cardBalance();
    if (card === null) throw new Error('the card of the first test is not on the server');
    await tillA.newSale();
    for (let i = 0; i < 3; i++) await tillA.enterCode(a.ean);
    await tillA.expectLines(1);
    await tillA.startPayment();
    await tillA.tender('Cash');
    const receiptNo = await tillA.expectPaid();
    const line = `Return quantity ${a.name}`;
    const refundForm = page.getByRole('group', { name: 'Gift card refund' });

    // Top up the customer's card: a number the server does not know is refused, the right one takes the refund.
    await tillA.newSale();
    await tillA.findSaleToReturn(receiptNo);
    await page.getByLabel(line).fill('1');
    await page.getByLabel('Refund tender').selectOption('gift_card');
    await refundForm.getByLabel('Gift card number').fill('6012 3456 7890 9999');
    await page.getByRole('button', { name: 'Refund' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 10_000 }).toBe('Gift card ****9999 is not known: scan the card again, or choose New card');
    await refundForm.getByLabel('Gift card number').fill(CARD);
    await page.screenshot({ path: join(SHOTS, 'return-gift-card-1024x768.png') });
    await page.getByRole('button', { name: 'Refund' }).click();
    await tillA.expectPaid();
    expect(await receipt(page)).toMatch(new RegExp(`Gift card \\*\\*\\*\\*1234 +-${eur(a.price)}\\n +Balance +${eur(card + a.price)}`));
    await appliedSales(tillAId, before + 2);
    expect(await cardBalance()).toBe(card + a.price);

    // A new card: one that already holds value is refused; a fresh one is opened with the refund.
    const fresh = '7000111122223333';
    await tillA.newSale();
    await tillA.findSaleToReturn(receiptNo);
    await page.getByLabel(line).fill('1');
    await page.getByLabel('Refund tender').selectOption('gift_card');
    await refundForm.getByLabel('New card').check();
    await refundForm.getByLabel('Gift card number').fill(CARD);
    await page.getByRole('button', { name: 'Refund' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 10_000 }).toBe(`Gift card ****1234 already holds ${formatMoneyWithSymbol(card + a.price, 'EUR')}: choose Top up a card`);
    await refundForm.getByLabel('Gift card number').fill(fresh);
    await page.getByRole('button', { name: 'Refund' }).click();
    await tillA.expectPaid();
    expect(await receipt(page)).toMatch(new RegExp(`Gift card \\*\\*\\*\\*3333 +-${eur(a.price)}\\n +Balance +${eur(a.price)}`));
    await appliedSales(tillAId, before + 3);
    expect(await balanceOf(fresh)).toBe(a.price);

    // Offline the format is all the till can check; the server opens the card when the return arrives, once.
    const offlineCard = '7000444455556666';
    await env.stopHttp();
    await expect.poll(() => page.getByLabel('Connection').textContent(), { timeout: 20_000 }).toBe('Offline');
    await tillA.newSale();
    await tillA.findSaleToReturn(receiptNo);
    await page.getByLabel(line).fill('1');
    await page.getByLabel('Refund tender').selectOption('gift_card');
    await refundForm.getByLabel('New card').check();
    await refundForm.getByLabel('Gift card number').fill('70#0');
    await page.getByRole('button', { name: 'Refund' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('A gift card number is 6 to 32 letters or digits');
    await refundForm.getByLabel('Gift card number').fill(offlineCard);
    await page.getByRole('button', { name: 'Refund' }).click();
    await tillA.expectPaid();
    expect(await receipt(page)).toMatch(new RegExp(`Gift card \\*\\*\\*\\*6666 +-${eur(a.price)}`));
    await env.startHttp();
    await appliedSales(tillAId, before + 4);
    expect(await balanceOf(offlineCard)).toBe(a.price);
    const returns = (await env.serverSales(tillAId)).slice(before + 1);
    expect(returns.map((r) => [r.kind, r.payments.map((p) => [p.method, p.card, p.amount])])).toEqual([
      ['return', [['gift_card', CARD, -a.price]]], ['return', [['gift_card', fresh, -a.price]]], ['return', [['gift_card', offlineCard, -a.price]]],
    ]);
    for (const r of returns) expect(await problemsOf(r.id)).toEqual([]);
    const [moves] = await env.server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM value_moves WHERE event_id = ANY($1::text[])`, [returns.map((r) => r.id)]);
    expect(moves?.n).toBe(3);
  }, 180_000);
});
