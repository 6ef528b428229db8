// A fresh till with a catalog bigger than one pull page (10,000) in Chromium: the first load
// (renderer/db/first-load.ts) is cut off after the first page by closing the browser, and on the
// next start the till ends with every product in its catalog — scannable from the first page and
// from the very last document of the feed, the one RxDB itself stores — and keeps them on reload.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { openPersistentTill, startTillServer, type TillE2eServer } from './till-harness.ts';

const PRODUCTS = 12_000;
const PAGE = 10_000;

describe('till first load of a catalog larger than a page', () => {
  let env: TillE2eServer;
  let profile: string;
  let context: BrowserContext | null = null;
  let firstEan: string;
  let lastEan: string;

  /** The EAN-13 of a sellable product, first or last in the products feed. */
  const feedEan = async (order: 'ASC' | 'DESC'): Promise<string> => {
    const [row] = await env.server.db.query<{ barcode: string }>(
      `SELECT b.barcode FROM replicated_docs r JOIN products p ON p.id = r.id JOIN product_barcodes b ON b.product_id = p.id
       WHERE r.collection = 'products' AND p.active AND p.unit = 'unit' AND b.barcode LIKE '0%' ORDER BY r.change_seq ${order} LIMIT 1`,
    );
    if (!row) throw new Error('no sellable product in the feed');
    return row.barcode.slice(1);
  };

  beforeAll(async () => {
    env = await startTillServer({ products: PRODUCTS });
    firstEan = await feedEan('ASC');
    lastEan = await feedEan('DESC');
    profile = mkdtempSync(join(tmpdir(), 'aisle-till-first-load-'));
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await env?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('recovers a first load cut off by closing the browser and ends with every product, also after a reload', async () => {
    let opened = await openPersistentTill(profile);
    context = opened.context;
    // The second page never arrives: the load stops with the first page stored.
    await context.route(
      (url) => url.pathname.endsWith('/api/sync/products/pull') && url.searchParams.has('checkpoint'),
      () => undefined,
    );
    await opened.till.open(env.url);
    await opened.till.pair(env.url, await env.pairingCode());
    await expect.poll(() => opened.till.storedProducts(), { timeout: 60_000 }).toBe(PAGE - 1);
    await context.close();

    opened = await openPersistentTill(profile);
    context = opened.context;
    const { page, till } = opened;
    await till.open(env.url);
    await till.login('alice', '1234');
    await till.openSession('100.00');
    await till.waitForCatalog(PRODUCTS);
    expect(await till.storedProducts()).toBe(PRODUCTS);
    await till.enterCode(firstEan);
    await till.enterCode(lastEan);
    await till.expectLines(2);

    await page.reload();
    await till.login('alice', '1234');
    await till.waitForCatalog(PRODUCTS);
    expect(await till.storedProducts()).toBe(PRODUCTS);
  }, 240_000);
});
