// A sale returned at another till of the store, in Chromium (docs/till.md "Returns"): 3 sold at
// till A and synced; at till B, which never saw the sale, the receipt number finds it on the server
// ("Sold at Till 1, Demo Store, …" in store time), 2 are refunded; back at till A the sale offers
// only the 1 left (B's return came from the server) and more is refused. The server applies each
// return once, the stock is back, no over_return. With the server down, till B says in words why
// it cannot find the sale, and a reprint of its return still names the original by receipt number
// (kept when it took the return). Screenshots at 1024×768 in the temp directory `aisle-till-cross-returns`.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { formatStoreDateTime } from '../../shared/time/index.ts';
import { siteStock } from '../warehouse/wh-harness.ts';
import { TillPage } from './pages/till-page.ts';
import { openShift, productIdOf, startTillE2e, stopTillE2e, type E2eProduct, type TillE2eServer } from './till-harness.ts';

const SHOTS = join(tmpdir(), 'aisle-till-cross-returns');

describe('till: a sale returned at another till', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let page: Page;
  let tillA: TillPage;
  let contextB: BrowserContext | undefined;
  let pageB: Page;
  let tillB: TillPage;
  let beans: E2eProduct;

  beforeAll(async () => {
    let products: E2eProduct[];
    ({ env, browser, page, till: tillA, products } = await startTillE2e({ products: 1 }));
    [beans] = products as [E2eProduct];
    mkdirSync(SHOTS, { recursive: true });
    await openShift(tillA, env);
    contextB = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    pageB = await contextB.newPage();
    pageB.on('pageerror', (error) => console.error('page error (till B):', error.message));
    tillB = new TillPage(pageB);
    await openShift(tillB, env);
  }, 240_000);

  afterAll(async () => {
    await contextB?.close();
    await stopTillE2e(env, browser);
  });

  const storeOnHand = async (productId: string): Promise<number> => (await siteStock(env.server.db, productId, 'STORE1')).onHand;
  const returnsOf = (saleId: string) => env.server.db.query<{ id: string; device_id: string; status: string; problems: string[] | null }>(
    `SELECT e.id, e.device_id, e.status, (SELECT array_agg(p.code) FROM event_problems p WHERE p.event_id = e.id) AS problems
     FROM events e WHERE e.collection = 'sales' AND e.payload->>'returnOfSaleId' = $1 ORDER BY e.received_at`, [saleId],
  );
  const returnRow = (p: Page) => p.getByRole('region', { name: /^Sale / }).getByRole('row', { name: new RegExp(beans.name) });

  it('finds a sale of till A on till B through the server, refunds part of it, and till A offers only what is left', async () => {
    const beansId = await productIdOf(env, beans.ean);
    const before = await storeOnHand(beansId);
    const idA = await tillA.deviceId();
    const idB = await tillB.deviceId();

    // Till A sells 3 and the sale reaches the server.
    for (let i = 0; i < 3; i += 1) await tillA.enterCode(beans.ean);
    await tillA.expectLines(1);
    await tillA.startPayment();
    await tillA.tender('Cash');
    const receiptNo = await tillA.expectPaid();
    await tillA.newSale();
    await expect.poll(async () => (await env.serverSales(idA)).length, { timeout: 30_000 }).toBe(1);
    const [sold] = await env.serverSales(idA);
    if (!sold) throw new Error('the sale did not reach the server');
    const [names] = await env.server.db.query<{ till: string; site: string; zone: string }>(
      'SELECT d.name AS till, s.name AS site, s.time_zone AS zone FROM devices d JOIN sites s ON s.id = d.site_id WHERE d.id = $1', [idA],
    );

    // Till B has never seen it: the server finds it, says where and when it was sold.
    await tillB.findSaleToReturn(receiptNo);
    const loaded = pageB.getByRole('region', { name: `Sale ${receiptNo}` });
    await loaded.waitFor({ timeout: 15_000 });
    expect(await pageB.getByLabel('Where it was sold').textContent()).toBe(`Sold at ${names?.till}, ${names?.site}, ${formatStoreDateTime(sold.createdAt, names?.zone ?? 'UTC')}`);
    expect(await returnRow(pageB).getByRole('cell').allTextContents()).toEqual([beans.name, formatMoneyWithSymbol(3 * beans.price, 'EUR'), '3', '3', '', '']);
    await pageB.screenshot({ path: join(SHOTS, 'foreign-sale-1024x768.png') });

    await pageB.getByLabel(`Return quantity ${beans.name}`).fill('2');
    await pageB.getByRole('button', { name: 'Refund' }).click();
    const refundB = await tillB.expectPaid();
    expect(await pageB.getByLabel('Receipt').textContent()).toContain(receiptNo);
    await pageB.screenshot({ path: join(SHOTS, 'foreign-sale-refunded-1024x768.png') });
    await tillB.newSale();
    await expect.poll(async () => (await returnsOf(sold.id)).map((r) => [r.device_id, r.status, r.problems]), { timeout: 30_000 }).toEqual([[idB, 'applied', null]]);
    expect((await env.serverSales(idB)).map((s) => [s.kind, s.receiptNo, s.returnOfSaleId, s.lines.map((l) => [l.qty, l.returnOf?.saleId])]))
      .toEqual([['return', refundB, sold.id, [[-2, sold.id]]]]);
    // Reprinted at till B, the return names its original by receipt number, not by id.
    const copy = await tillB.reprint(refundB);
    await expect.poll(() => copy.textContent(), { timeout: 15_000 }).toContain(receiptNo);
    expect(await copy.textContent()).not.toContain(sold.id);
    await pageB.getByRole('button', { name: 'Back' }).click();

    // Back at till A, whose own database knows no return: the server's says 1 is left.
    await tillA.findSaleToReturn(receiptNo);
    await expect.poll(async () => returnRow(page).getByRole('cell').allTextContents(), { timeout: 15_000 })
      .toEqual([beans.name, formatMoneyWithSymbol(3 * beans.price, 'EUR'), '3', '1', '', '']);
    expect(await page.getByLabel('Where it was sold').count()).toBe(0);
    await page.getByLabel(`Return quantity ${beans.name}`).fill('2');
    await page.getByRole('button', { name: 'Refund' }).click();
    expect(await tillA.alertText()).toBe(`Only 1 of ${beans.name} can be returned`);
    await page.getByLabel(`Return quantity ${beans.name}`).fill('1');
    await page.getByRole('button', { name: 'Refund' }).click();
    await tillA.expectPaid();
    await tillA.newSale();

    // Each return applied once, nothing flagged, the 3 units back on the store's shelf.
    await expect.poll(async () => (await returnsOf(sold.id)).map((r) => [r.device_id, r.status, r.problems]), { timeout: 30_000 })
      .toEqual([[idB, 'applied', null], [idA, 'applied', null]]);
    const [{ n: lines } = { n: -1 }] = await env.server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM pos_sale_lines WHERE return_of_sale_id = $1', [sold.id]);
    expect(lines).toBe(2);
    const [{ n: overReturns } = { n: -1 }] = await env.server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM event_problems WHERE code = 'over_return'`);
    expect(overReturns).toBe(0);
    expect(await storeOnHand(beansId)).toBe(before);

    // With the server down, till B says why it cannot find a sale it does not hold.
    await env.stopHttp();
    try {
      await expect.poll(() => pageB.getByLabel('Connection').textContent(), { timeout: 20_000 }).toBe('Offline');
      await tillB.findSaleToReturn(receiptNo);
      await expect.poll(() => tillB.alertText(), { timeout: 15_000 })
        .toBe(`No sale ${receiptNo} on this till. The till is offline: a sale made at another till can be returned once it is back online, or at the till that sold it.`);
      expect(await pageB.getByRole('region', { name: /^Sale / }).count()).toBe(0);
      await pageB.screenshot({ path: join(SHOTS, 'foreign-sale-offline-1024x768.png') });
      await pageB.getByRole('button', { name: 'Back' }).click();
      // Its return reprinted offline still names the original by receipt number: till B kept it
      // when it took the return (the server cannot be asked, and B's database holds only its own sales).
      const offlineCopy = await tillB.reprint(refundB);
      await expect.poll(() => offlineCopy.textContent(), { timeout: 15_000 }).toContain(refundB);
      expect(await offlineCopy.textContent()).toContain(receiptNo);
      expect(await offlineCopy.textContent()).not.toContain(sold.id);
      await pageB.screenshot({ path: join(SHOTS, 'foreign-return-reprint-offline-1024x768.png') });
      await pageB.getByRole('button', { name: 'Back' }).click();
    } finally {
      await env.startHttp();
    }
  }, 300_000);
});
