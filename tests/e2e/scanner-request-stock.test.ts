// Issue 16 point 5 from a scanner station, in Chromium at 360×640 against the real sync server: the
// Demo Store's picker opens Request stock on the handheld, scans a product (scanning it again adds
// one), types the quantity, chooses the warehouse from what each site has (the replicated
// availability) and sends; the back office's transfer list shows the request in the picker's name.
// The warehouse accepts and ships it, and it comes back to the handheld as a receipt on its work
// list. Offline, the screen says the request needs the network before anything is typed, and
// nothing is sent. Screenshots in the temp directory `aisle-station-request-stock`.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TransferPage } from '../../shared/admin-api/warehouse-moves.ts';
import { withCheckDigit } from '../../shared/barcode/index.ts';
import { createPairingCode } from '../../sync-server/devices/pairing.ts';
import { publishQuery } from '../../sync-server/feed/publish.ts';
import { addUser } from '../../sync-server/users/users.ts';
import { launchChromium } from '../support/browser.ts';
import { ackOf, makeProduct, pickAll, type PickingDoc, pickingEvent, pushEvents } from '../warehouse/wh-harness.ts';
import { ScannerPage } from './pages/scanner-page.ts';
import { startTillServer, type TillE2eServer } from './till-harness.ts';

const SHOTS = join(tmpdir(), 'aisle-station-request-stock');

describe('a store\'s scanner station requests stock', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let scanner: ScannerPage;
  let station: Page;
  let manager: string;
  const coffee = { id: '', ean: '' };

  const overflow = (): Promise<number> => station.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const transfers = async (): Promise<TransferPage['transfers']> => ((await env.server.api('/api/transfers?toSite=STORE1&limit=50', { token: manager })).body as TransferPage).transfers;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await startTillServer({ products: 5 });
    const db = env.server.db;
    coffee.id = await makeProduct(db, [{ site: 'WH1', qty: 20 }, { site: 'STORE1', qty: 1 }], { cost: 400 });
    coffee.ean = withCheckDigit('479000000181');
    await db.transaction(async (tx) => {
      await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
      await tx.query('UPDATE products SET name = $2 WHERE id = $1', [coffee.id, 'Espresso beans 1 kg']);
      await tx.query('INSERT INTO product_barcodes (barcode, product_id) VALUES ($1, $2)', [`0${coffee.ean}`, coffee.id]);
      await publishQuery(tx, 'products', `SELECT id, 'all' AS scope, doc FROM product_docs WHERE id = ANY($1::text[])`, [[coffee.id]]);
    });
    await addUser(db, { username: 'pia', displayName: 'Pia (store picker)', password: 'pia-pw', role: 'picker', pin: '8642', sites: ['STORE1'] });
    manager = await env.server.login('manager', 'manager');
    browser = await launchChromium();
    station = await (await browser.newContext({ viewport: { width: 360, height: 640 } })).newPage();
    station.on('pageerror', (error) => console.error('station page error:', error.message));
    scanner = new ScannerPage(station);
    await scanner.open(env.url);
    await scanner.pair(env.url, (await createPairingCode(db, 'scanner', 'STORE1')).code);
    await scanner.login('Pia (store picker)', '8642');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('scans the coffee, chooses the warehouse and sends: the back office lists it in Pia\'s name; accepted and shipped, it arrives as a receipt', async () => {
    await station.getByRole('button', { name: 'Request stock' }).click();
    await station.getByRole('heading', { name: 'Request stock' }).waitFor();
    await station.screenshot({ path: join(SHOTS, 'start-360x640.png') });
    // A newly paired station is still pulling its catalog: what it cannot find yet is "not in the
    // catalog". Typing the name shows the coffee once it has arrived (the screen indexes the
    // catalog again as it grows); the picker then scans it.
    const find = station.getByRole('form', { name: 'Find a product' }).getByLabel('Product name, SKU or barcode');
    await find.fill('espresso');
    await station.getByRole('list', { name: 'Products found' }).getByRole('button', { name: /^Espresso beans 1 kg/ }).waitFor({ timeout: 30_000 });
    await find.fill('');
    await scanner.scan(coffee.ean);
    await scanner.expectFeedback(/^Espresso beans 1 kg: 1 to request$/);
    await scanner.scan(coffee.ean);
    await scanner.expectFeedback(/^Espresso beans 1 kg: 2 to request$/);
    await scanner.typeQuantity('6');
    await expect.poll(() => station.getByLabel('Quantity to request').textContent()).toBe('6 to request');
    await station.screenshot({ path: join(SHOTS, 'product-360x640.png') });
    // What each site has, from the station's replicated availability; this store is listed but not offered.
    await expect.poll(() => station.getByLabel('Available at Demo Warehouse').textContent(), { timeout: 30_000 }).toBe('20');
    expect(await station.getByRole('button', { name: 'Request from Demo Store' }).count()).toBe(0);
    // No source chosen yet: the station says so and sends nothing.
    await station.getByRole('button', { name: 'Send request' }).click();
    await expect.poll(() => station.getByRole('alert').textContent()).toBe('Choose the site that sends it');
    await station.getByRole('button', { name: 'Request from Demo Warehouse' }).click();
    await station.getByLabel('Note').fill('Shelf empty since noon');
    await station.screenshot({ path: join(SHOTS, 'chosen-360x640.png') });
    expect(await overflow()).toBeLessThanOrEqual(0);
    await station.getByRole('button', { name: 'Send request to Demo Warehouse' }).click();
    const sent = station.getByLabel('Request sent');
    await sent.waitFor({ timeout: 20_000 });
    const text = (await sent.textContent()) ?? '';
    expect(text).toMatch(/^Requested 6 × Espresso beans 1 kg from Demo Warehouse \(WH1\/OUT\/\d+\)\. Demo Warehouse accepts or declines it; when it is sent, it arrives on this station's work list as a receipt\.$/);
    await station.screenshot({ path: join(SHOTS, 'sent-360x640.png') });
    expect(await overflow()).toBeLessThanOrEqual(0);

    const reference = /WH1\/OUT\/\d+/.exec(text)?.[0] ?? '?';
    const request = (await transfers()).find((t) => t.reference === reference);
    expect(request).toMatchObject({ state: 'requested', requestedBy: 'Pia (store picker)', warehouse: 'WH1', toSite: 'STORE1', note: 'Shelf empty since noon' });
    expect(request?.lines.map((l) => [l.product.name, l.qty])).toEqual([['Espresso beans 1 kg', 6]]);

    // The warehouse accepts and its station ships it: the arrival is on the handheld's work list.
    const pickingId = request?.id ?? '';
    expect((await env.server.api(`/api/transfers/${pickingId}/accept`, { token: manager, body: {} })).body).toMatchObject({ state: 'ready' });
    const source = await env.server.pairDevice('scanner', 'WH1', 'Warehouse handheld');
    const [shipment] = await env.server.db.query<{ doc: PickingDoc }>(`SELECT doc FROM replicated_docs WHERE collection = 'pickings' AND id = $1`, [pickingId]);
    const shipped = pickingEvent(source, 'validate', pickingId, { lines: shipment ? pickAll(shipment.doc) : [] });
    await pushEvents(env.server, source, [shipped]);
    expect((await ackOf(env.server.db, shipped.id))?.status).toBe('applied');
    const arrival = (await transfers()).find((t) => t.id === pickingId)?.arrival?.reference ?? '?';
    expect(arrival).toMatch(/^STORE1\/IN\/\d+$/);
    await station.getByRole('button', { name: 'Back to list' }).click();
    await station.getByRole('button', { name: `Open ${arrival}` }).waitFor({ timeout: 30_000 });
    await station.screenshot({ path: join(SHOTS, 'arrival-on-work-list-360x640.png') });
  }, 240_000);

  it('offline: the screen says so before anything is typed, and nothing is sent', async () => {
    const before = (await transfers()).length;
    await env.stopHttp();
    try {
      await expect.poll(() => scanner.connection(), { timeout: 20_000 }).toBe('Offline');
      await station.getByRole('button', { name: 'Request stock' }).click();
      await station.getByText('The station is offline: requesting stock needs the network.', { exact: false }).waitFor();
      await station.screenshot({ path: join(SHOTS, 'offline-360x640.png') });
      await scanner.scan(coffee.ean);
      await scanner.expectFeedback(/^Espresso beans 1 kg: 1 to request$/);
      await station.getByRole('button', { name: 'Request from Demo Warehouse' }).click();
      await station.getByRole('button', { name: 'Send request to Demo Warehouse' }).click();
      await expect.poll(() => station.getByRole('alert').textContent(), { timeout: 20_000 })
        .toBe('Requesting stock needs the network, and the station is offline: nothing was sent. Ask again when the station is back online (or from the back office).');
      await station.getByRole('alert').scrollIntoViewIfNeeded();
    await station.screenshot({ path: join(SHOTS, 'offline-send-360x640.png') });
      expect(await overflow()).toBeLessThanOrEqual(0);
    } finally {
      await env.startHttp();
    }
    expect((await transfers()).length).toBe(before);
    await station.getByRole('button', { name: 'Back to list' }).click();
  }, 240_000);
});
