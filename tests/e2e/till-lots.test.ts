// A sale at the till takes the right lot (issue 12 point 8), in Chromium against the real server:
// a GS1 scan's lot goes on the line and the server books that lot; a plain EAN scan of a
// lot-tracked product takes the store's first lot to expire, which the cashier can change; a
// serial-numbered product asks for its serial (or takes it from a GS1 label). The server books
// each sale on those lots and serials: no lotless quant, no false "stock was short".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { updateProduct } from '../../sync-server/admin/catalog.ts';
import { applyMoves } from '../../sync-server/stock/moves.ts';
import { launchChromium } from '../support/browser.ts';
import { TillPage } from './pages/till-page.ts';
import { openShift, startTillServer, type TillE2eServer } from './till-harness.ts';

interface Item {
  id: string;
  name: string;
  /** GTIN-14 as stored, and the EAN-13 printed on the pack. */
  gtin: string;
  ean: string;
}

describe('till: a sale takes the right lot', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let page: Page;
  let till: TillPage;
  let tillId = '';
  let lotItem: Item;
  let serialItem: Item;
  let stock = '';
  let seededLot = '';
  const earlyLot = 'LOT-EARLY';

  const item = async (tracking: string): Promise<Item> => {
    const [row] = await env.server.db.query<{ id: string; name: string; barcode: string }>(
      `SELECT p.id, p.name, b.barcode FROM products p JOIN product_barcodes b ON b.product_id = p.id
       WHERE p.active AND p.unit = 'unit' AND p.tracking = $1 AND b.barcode LIKE '0%' ORDER BY p.sku LIMIT 1`,
      [tracking],
    );
    if (!row) throw new Error(`the seed has no ${tracking} product`);
    return { id: row.id, name: row.name, gtin: row.barcode, ean: row.barcode.slice(1) };
  };
  const onHand = async (productId: string, lot: string): Promise<number | null> => {
    const [row] = await env.server.db.query<{ on_hand: string }>('SELECT on_hand FROM quants WHERE product_id = $1 AND location_id = $2 AND lot = $3', [productId, stock, lot]);
    return row ? Number(row.on_hand) : null;
  };
  /** Problem codes the server raised on this till's sales, once it has `n` of them applied. */
  const serverProblems = async (n: number): Promise<string[]> => {
    await expect.poll(async () => (await env.serverSales(tillId)).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(n);
    const rows = await env.server.db.query<{ code: string }>(
      `SELECT p.code FROM event_problems p JOIN events e ON e.id = p.event_id WHERE e.device_id = $1 ORDER BY p.code`,
      [tillId],
    );
    return rows.map((r) => r.code);
  };
  const lineText = (name: string) => page.getByRole('row', { name: `Line ${name}` }).first().textContent();
  const pay = async (): Promise<void> => {
    await till.startPayment();
    await till.tender('Cash');
    await till.expectPaid();
    await till.newSale();
  };

  beforeAll(async () => {
    env = await startTillServer();
    lotItem = await item('lot');
    const plain = await item('none');
    const siteId = await env.server.siteId('STORE1');
    const [q] = await env.server.db.query<{ location_id: string; lot: string }>(
      `SELECT q.location_id, q.lot FROM quants q JOIN locations l ON l.id = q.location_id WHERE q.product_id = $1 AND l.site_id = $2 AND l.usage = 'internal'`,
      [lotItem.id, siteId],
    );
    if (!q) throw new Error('the store holds no lot of the lot-tracked product');
    stock = q.location_id;
    seededLot = q.lot;
    const [supplier] = await env.server.db.query<{ id: string }>(`SELECT id FROM locations WHERE site_id = $1 AND usage = 'supplier'`, [siteId]);
    // A second lot that expires tomorrow, before the seeded one: the store's FEFO lot.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await env.server.db.transaction(async (tx) => {
      await applyMoves(tx, [{ productId: lotItem.id, qty: 4, fromLocationId: supplier?.id ?? '', toLocationId: stock, reason: 'receipt', lot: earlyLot, expiry: tomorrow }]);
      await applyMoves(tx, [{ productId: plain.id, qty: 2, fromLocationId: supplier?.id ?? '', toLocationId: stock, reason: 'receipt' }]);
    });
    await updateProduct(env.server.db, { kind: 'operator', userId: null, name: 'e2e', role: 'admin' }, plain.id, { tracking: 'serial' });
    await env.server.db.query(`INSERT INTO serials (product_id, serial, location_id) VALUES ($1, 'SN-0001', $2), ($1, 'SN-0002', $2)`, [plain.id, stock]);
    serialItem = plain;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    page.on('pageerror', (error) => console.error('page error:', error.message));
    till = new TillPage(page);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('pairs, opens a session and receives the store lots with their expiry', async () => {
    await openShift(till, env);
    const [device] = await env.server.db.query<{ id: string }>(`SELECT id FROM devices WHERE role = 'till' ORDER BY paired_at DESC LIMIT 1`);
    tillId = device?.id ?? '';
    // The store's stock levels (lots with expiry) come after the catalog.
    await expect.poll(() => till.storedDocs('stock'), { timeout: 60_000 }).toBeGreaterThan(0);
  }, 120_000);

  it('a GS1 scan with a lot puts that lot on the line and the server books that lot', async () => {
    const before = await onHand(lotItem.id, seededLot);
    await till.scan(`01${lotItem.gtin}10${seededLot}`);
    await till.expectLines(1);
    expect(await lineText(lotItem.name)).toContain(`Lot ${seededLot}`);
    await pay();
    expect(await serverProblems(1)).toEqual([]);
    await expect.poll(() => onHand(lotItem.id, seededLot), { timeout: 10_000 }).toBe((before ?? 0) - 1);
    expect(await onHand(lotItem.id, '')).toBeNull();
    expect(await onHand(lotItem.id, earlyLot)).toBe(4);
  }, 60_000);

  it('a plain EAN scan takes the first lot to expire, and the cashier can change it', async () => {
    await till.enterCode(lotItem.ean);
    await till.expectLines(1);
    await expect.poll(() => lineText(lotItem.name)).toContain(`Lot ${earlyLot}`);
    await pay();
    expect(await serverProblems(2)).toEqual([]);
    await expect.poll(() => onHand(lotItem.id, earlyLot), { timeout: 10_000 }).toBe(3);

    const seeded = await onHand(lotItem.id, seededLot);
    await till.enterCode(lotItem.ean);
    await expect.poll(() => lineText(lotItem.name)).toContain(`Lot ${earlyLot}`);
    await page.getByRole('button', { name: 'Lot', exact: true }).click();
    const chooser = page.getByRole('dialog', { name: `Lot of ${lotItem.name}` });
    await expect.poll(() => chooser.getByRole('button', { name: new RegExp(`^Lot ${earlyLot} `) }).getAttribute('aria-pressed')).toBe('true');
    expect(await chooser.getByRole('button', { name: /^Lot / }).allTextContents()).toEqual([
      expect.stringMatching(new RegExp(`^Lot ${earlyLot} \\(expires .* · 3 in stock\\)$`)),
      expect.stringMatching(new RegExp(`^Lot ${seededLot} \\(expires `)),
    ]);
    await chooser.getByRole('button', { name: new RegExp(`^Lot ${seededLot} `) }).click();
    await chooser.waitFor({ state: 'detached' });
    expect(await lineText(lotItem.name)).toContain(`Lot ${seededLot}`);
    await pay();
    expect(await serverProblems(3)).toEqual([]);
    await expect.poll(() => onHand(lotItem.id, seededLot), { timeout: 10_000 }).toBe((seeded ?? 0) - 1);
    expect(await onHand(lotItem.id, earlyLot)).toBe(3);
    const [sale] = (await env.serverSales(tillId)).slice(-1);
    expect(sale?.lines.map((l) => l.lot)).toEqual([seededLot]);
  }, 60_000);

  it('a serial-numbered product asks for its serial; a GS1 label with AI 21 gives it; the server moves both serials', async () => {
    await till.enterCode(serialItem.ean);
    const dialog = page.getByRole('dialog', { name: `Serial number of ${serialItem.name}` });
    await dialog.waitFor();
    expect(await till.lineCount()).toBe(0);
    await dialog.getByLabel('Serial number').fill('SN-0001');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await dialog.waitFor({ state: 'detached' });
    await till.expectLines(1);
    expect(await lineText(serialItem.name)).toContain('S/N SN-0001');

    await till.scan(`01${serialItem.gtin}21SN-0002`);
    await till.expectLines(2);
    expect(await page.getByRole('dialog', { name: `Serial number of ${serialItem.name}` }).count()).toBe(0);
    expect(await page.getByRole('row', { name: `Line ${serialItem.name}` }).allTextContents()).toEqual([
      expect.stringContaining('S/N SN-0001'),
      expect.stringContaining('S/N SN-0002'),
    ]);
    await pay();
    expect(await serverProblems(4)).toEqual([]);
    const [sale] = (await env.serverSales(tillId)).slice(-1);
    expect(sale?.lines.map((l) => l.serial)).toEqual(['SN-0001', 'SN-0002']);
    const places = await env.server.db.query<{ serial: string; usage: string }>(
      `SELECT s.serial, l.usage FROM serials s JOIN locations l ON l.id = s.location_id WHERE s.product_id = $1 ORDER BY s.serial`,
      [serialItem.id],
    );
    expect(places).toEqual([{ serial: 'SN-0001', usage: 'customer' }, { serial: 'SN-0002', usage: 'customer' }]);
  }, 60_000);
});
