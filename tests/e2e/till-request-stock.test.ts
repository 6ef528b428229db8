// Issue 16 point 5 at the till, in Chromium at 1024×768: the cashier opens Request stock, finds an
// item, sees what the warehouse has (the replicated availability), chooses it as the source and a
// quantity, and the store's supervisor approves with their PIN; the request reaches the server as
// a transfer requested from the warehouse to this store in the supervisor's name. Offline, the till
// says the request needs the network and nothing is sent. Screenshots in the temp directory
// `aisle-till-request-stock`.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TillPage } from './pages/till-page.ts';
import { siteStock } from '../warehouse/wh-harness.ts';
import { openShift, productIdOf, startTillE2e, stopTillE2e, type E2eProduct, type TillE2eServer } from './till-harness.ts';

const SHOTS = join(tmpdir(), 'aisle-till-request-stock');

describe('till request stock', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let page: Page;
  let till: TillPage;
  let products: E2eProduct[];

  beforeAll(async () => {
    ({ env, browser, page, till, products } = await startTillE2e({ products: 1 }));
    mkdirSync(SHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await stopTillE2e(env, browser);
  });

  const connection = (): Promise<string | null> => page.getByLabel('Connection').textContent();
  const requests = async (productId: string): Promise<{ reference: string; from: string; to: string; requested_by: string; request_note: string | null; state: string }[]> =>
    env.server.db.query(
      `SELECT p.reference, s.code AS from, ds.code AS to, u.username AS requested_by, p.request_note, p.state FROM pickings p JOIN sites s ON s.id = p.site_id
       JOIN locations a ON a.id = p.arrival_location_id JOIN sites ds ON ds.id = a.site_id JOIN users u ON u.id = p.requested_by
       JOIN picking_lines l ON l.picking_id = p.id WHERE l.product_id = $1 ORDER BY p.created_at`,
      [productId],
    );

  /** Request stock → the item found by its SKU. */
  async function findItem(item: E2eProduct): Promise<void> {
    const [row] = await env.server.db.query<{ sku: string }>('SELECT sku FROM products WHERE id = $1', [await productIdOf(env, item.ean)]);
    const sku = row?.sku ?? '';
    await page.getByRole('button', { name: 'Request stock' }).click();
    await page.getByLabel('Item name or SKU').fill(sku);
    await page.getByRole('region', { name: 'Items found' }).getByRole('button', { name: `${item.name} ${sku}`, exact: false }).first().click();
  }

  it('a cashier asks the warehouse for an item, the supervisor approves: a transfer request from WH1 to this store', async () => {
    const [beans] = products as [E2eProduct];
    const p = await productIdOf(env, beans.ean);
    // What the warehouse can give now (the till shows the same, from its replicated availability).
    const wh = await siteStock(env.server.db, p, 'WH1');
    const available = wh.onHand - wh.reserved;
    expect(available).toBeGreaterThan(4);
    await openShift(till, env);

    await findItem(beans);
    await expect.poll(() => page.getByLabel('Available at Demo Warehouse').textContent(), { timeout: 30_000 }).toBe(String(available));
    // This store is listed (what it has) but cannot be chosen as the source.
    expect(await page.getByRole('button', { name: 'Request from Demo Store' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Request from Demo Warehouse' }).click();
    await page.getByLabel('Quantity to request').fill('4');
    await page.getByLabel('Note').fill('Weekend promotion');
    await page.screenshot({ path: join(SHOTS, 'request-stock-1024x768.png') });
    await page.getByRole('button', { name: 'Send request to Demo Warehouse' }).click();
    // Alice is a cashier: the store's supervisor approves.
    await page.getByRole('dialog', { name: 'Supervisor approval' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'request-stock-approval-1024x768.png') });
    await till.approve('135790');
    const sent = page.getByLabel('Request sent');
    await sent.waitFor({ timeout: 20_000 });
    expect(await sent.textContent()).toMatch(/^Requested 4 × .+ from Demo Warehouse \(WH1\/OUT\/\d+\)\. Demo Warehouse accepts or declines it; when sent, it arrives on this store's receipts\.$/);
    await page.screenshot({ path: join(SHOTS, 'request-stock-sent-1024x768.png') });
    expect(await requests(p)).toEqual([{ reference: expect.stringMatching(/^WH1\/OUT\/\d+$/) as unknown as string, from: 'WH1', to: 'STORE1', requested_by: 'sam', request_note: 'Weekend promotion', state: 'requested' }]);
  }, 300_000);

  it('offline: the till says the request needs the network, and nothing is sent', async () => {
    const [beans] = products as [E2eProduct];
    const p = await productIdOf(env, beans.ean);
    await env.stopHttp();
    try {
      await expect.poll(connection, { timeout: 20_000 }).toBe('Offline');
      await page.getByRole('button', { name: 'Request from Demo Warehouse' }).click();
      await page.getByLabel('Quantity to request').fill('2');
      expect(await page.getByText('The till is offline: requesting stock needs the network.', { exact: false }).count()).toBe(1);
      await page.getByRole('button', { name: 'Send request to Demo Warehouse' }).click();
      // No PIN is asked for a request that cannot be sent.
      expect(await page.getByRole('dialog', { name: 'Supervisor approval' }).count()).toBe(0);
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.textContent(), { timeout: 20_000 }).toBe('Requesting stock needs the network, and the till is offline: nothing was sent. Ask again when the till is back online (or from the back office).');
      await page.screenshot({ path: join(SHOTS, 'request-stock-offline-1024x768.png') });
      expect(await requests(p)).toHaveLength(1);
    } finally {
      await env.startHttp();
    }
    await page.getByRole('button', { name: 'Back to sale' }).click();
  }, 300_000);
});
