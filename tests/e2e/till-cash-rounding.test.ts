// Issue 12 point 5, in Chromium against the real sync server and the virtual ESC/POS printer: a
// store that rounds cash to 0.05 sells a 10.03 item. Paid in cash, the pay screen shows the
// rounding and 10.05, change comes from 10.05, the printed receipt has the rounding line, and the
// server holds the sale with its rounding, accepted and booked to the cash-rounding account. A
// card pays 10.03 exactly; a split rounds only the cash part; the drawer expects the rounded cash.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startDevHardware, type DevHardware } from '../../electron/virtual/dev-hardware.ts';
import type { Sale } from '../../shared/schemas/index.ts';
import { updateProduct } from '../../sync-server/admin/catalog.ts';
import { publishSites } from '../../sync-server/feed/config-docs.ts';
import { sessionReport } from '../../sync-server/pos/session-report.ts';
import type { TillPage } from './pages/till-page.ts';
import { openShift, startTillE2e, stopTillE2e, type TillE2eServer } from './till-harness.ts';

const SHOTS = process.env.AISLE_SHOTS_DIR;

describe('till: cash rounding to 0.05', () => {
  let env: TillE2eServer;
  let hw: DevHardware;
  let browser: Browser;
  let page: Page;
  let till: TillPage;
  let tillId = '';
  let item: { ean: string; name: string };
  let firstReceipt = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'aisle-rounding-'));

  const shot = async (name: string): Promise<void> => {
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png` });
  };

  async function serverSales(n: number): Promise<Sale[]> {
    await expect.poll(async () => (await env.serverSales(tillId)).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(n);
    return env.serverSales(tillId);
  }

  beforeAll(async () => {
    ({ env, browser, page, till } = await startTillE2e({ products: 0 }));
    const db = env.server.db;
    // The store rounds cash to 0.05; one tax-inclusive item costs 10.03.
    await db.transaction(async (tx) => {
      const [site] = await tx.query<{ id: string }>(`UPDATE sites SET cash_rounding = 5, updated_at = now() WHERE code = 'STORE1' RETURNING id`);
      await publishSites(tx, [site?.id ?? '']);
    });
    const [product] = await db.query<{ id: string; barcode: string; name: string }>(
      `SELECT p.id, b.barcode, p.name FROM products p JOIN product_barcodes b ON b.product_id = p.id
       WHERE p.active AND p.price_includes_tax AND p.tracking = 'none' AND p.unit = 'unit' AND b.barcode LIKE '0%' ORDER BY p.sku LIMIT 1`,
    );
    if (!product) throw new Error('the seed has no plain product with an EAN-13');
    await updateProduct(db, { kind: 'operator', userId: null, name: 'test', role: 'admin' }, product.id, { price: 1003 });
    item = { ean: product.barcode.slice(1), name: product.name };
    hw = await startDevHardware({ dataDir, appOrigins: [env.url], servicePort: 0, printerPagePort: 0, log: () => undefined });
  }, 180_000);

  afterAll(async () => {
    await hw?.close();
    await stopTillE2e(env, browser);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('pairs, logs in and opens a session with 100.00', async () => {
    await openShift(till, env, { url: hw.tillUrl(`${env.url}/till`) });
    await expect.poll(() => page.getByLabel('Connection').textContent(), { timeout: 15_000 }).toBe('Online');
    tillId = await till.deviceId();
    expect(tillId).not.toBe('');
  }, 120_000);

  it('shows the rounding and 10.05 to pay in cash, gives change from 10.05 and prints the rounding line', async () => {
    await till.enterCode(item.ean);
    await till.expectLines(1);
    await till.startPayment();
    expect(await page.getByLabel('Amount to pay').textContent()).toContain('10.03');
    expect(await page.getByLabel('Cash rounding').textContent()).toBe('+€0.02');
    expect(await page.getByLabel('To pay in cash').textContent()).toContain('10.05');
    await shot('pay-cash-rounding');
    // No 0.01 coins: a cash amount off the 0.05 steps is refused.
    await till.tender('Cash', '10.03');
    await expect.poll(() => till.alertText()).toMatch(/steps of €0\.05: enter an amount like 10\.05/);
    await till.tender('Cash', '20.00');
    const receiptNo = await till.expectPaid();
    firstReceipt = receiptNo;
    expect(await page.getByLabel('Change due').textContent()).toContain('9.95');
    const onScreen = (await page.getByLabel('Receipt').textContent()) ?? '';
    expect(onScreen).toMatch(/TOTAL EUR\s+10\.03/);
    expect(onScreen).toMatch(/Rounding\s+0\.02/);
    expect(onScreen).toMatch(/To pay EUR\s+10\.05/);
    await shot('paid-cash-rounding');

    // The receipt as the printer received it (ESC/POS over TCP, decoded back).
    const jobs = await hw.printer.waitForPrinted(2, 30_000);
    const printed = jobs.find((j) => j.text.includes(receiptNo))?.text ?? '';
    expect(printed).toMatch(/Rounding\s+0\.02/);
    expect(printed).toMatch(/Cash\s+10\.05/);
    expect(printed).toMatch(/Change\s+9\.95/);
    await till.newSale();

    const [sale] = await serverSales(1);
    expect(sale?.total).toBe(1003);
    expect(sale?.rounding).toBe(2);
    expect(sale?.payments.map((p) => [p.method, p.amount, p.tendered, p.change])).toEqual([['cash', 1005, 2000, 995]]);
    await expect.poll(async () => (await env.server.db.query(`SELECT 1 FROM pos_sales WHERE id = $1 AND rounding = 2`, [sale?.id ?? ''])).length, { timeout: 10_000 }).toBe(1);
    expect(await env.server.db.query('SELECT code FROM event_problems WHERE event_id = $1 AND code = $2', [sale?.id ?? '', 'rounding_mismatch'])).toEqual([]);
    const [booked] = await env.server.db.query<{ credit: string }>(
      `SELECT sum(l.credit - l.debit) AS credit FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
       WHERE e.event_id = $1 AND l.account_code = (SELECT account_code FROM account_roles WHERE role = 'cash_rounding')`,
      [sale?.id ?? ''],
    );
    expect(Number(booked?.credit)).toBe(2);
  }, 90_000);

  it('lets a card pay the exact amount, and rounds only the cash rest of a split', async () => {
    await till.enterCode(item.ean);
    await till.expectLines(1);
    await till.startPayment();
    await till.tender('Card approved', '5.00');
    expect(await till.remaining()).toContain('5.03');
    expect(await page.getByLabel('To pay in cash').textContent()).toContain('5.05');
    await till.tender('Cash');
    await till.expectPaid();
    await till.newSale();

    await till.enterCode(item.ean);
    await till.expectLines(1);
    await till.startPayment();
    await till.tender('Card approved');
    await till.expectPaid();
    await till.newSale();

    const [, split, card] = await serverSales(3);
    expect(split?.payments.map((p) => [p.method, p.amount])).toEqual([['card', 500], ['cash', 505]]);
    expect(split?.rounding).toBe(2);
    expect(card?.payments.map((p) => [p.method, p.amount])).toEqual([['card', 1003]]);
    expect(card?.rounding).toBeUndefined();
  }, 90_000);

  it('refunds the 10.03 item in cash as 10.05, the mirror of its sale', async () => {
    await till.findSaleToReturn(firstReceipt);
    await page.getByLabel(`Return quantity ${item.name}`).fill('1');
    await page.getByLabel('Refund tender').selectOption('cash');
    await page.getByRole('button', { name: 'Refund' }).click();
    await till.expectPaid();
    const receipt = (await page.getByLabel('Receipt').textContent()) ?? '';
    expect(receipt).toMatch(/Rounding\s+-0\.02/);
    expect(receipt).toMatch(/To pay EUR\s+-10\.05/);
    await till.newSale();
    const refund = (await serverSales(4))[3];
    expect(refund?.kind).toBe('return');
    expect([refund?.total, refund?.rounding, refund?.payments.map((p) => [p.method, p.amount])]).toEqual([-1003, -2, [['cash', -1005]]]);
    await expect.poll(async () => (await env.server.db.query('SELECT 1 FROM pos_sales WHERE id = $1', [refund?.id ?? ''])).length, { timeout: 10_000 }).toBe(1);
    expect(await env.server.db.query('SELECT code FROM event_problems WHERE event_id = $1 AND code = $2', [refund?.id ?? '', 'rounding_mismatch'])).toEqual([]);
  }, 60_000);

  it('expects the rounded cash in the drawer, on the till and on the server', async () => {
    await page.getByRole('button', { name: 'X report' }).click();
    const x = page.getByRole('region', { name: 'X report' });
    await x.waitFor();
    // 0.02 + 0.02 − 0.02 (the refund); the drawer: 100.00 + 10.05 + 5.05 − 10.05.
    expect(await x.getByLabel('Cash rounding').textContent()).toBe('€0.02');
    // Payments by tender name, Expected likewise: two list items read "Cash: …".
    expect(await x.getByRole('listitem').filter({ hasText: /^Cash: / }).allTextContents()).toEqual(['Cash: €5.05', 'Cash: €105.05']);
    await shot('x-report-rounding');
    const [sale] = await serverSales(1);
    await expect.poll(async () => (await sessionReport(env.server.db, sale?.sessionId ?? ''))?.tenders.find((t) => t.method === 'cash')?.expected, { timeout: 10_000 }).toBe(10_000 + 1005 + 505 - 1005);
    expect((await sessionReport(env.server.db, sale?.sessionId ?? ''))?.rounding).toBe(2);
  }, 60_000);
});
