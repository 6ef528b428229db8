// Ship from store (issue 16 point 2) in Chromium against the real sync server: an admin sets the
// web channel to "Stores first" on the back office's Channels page (1280×800); a web order is then
// routed to the store; the store's scanner station (a handheld at 360×640, paired to the store,
// a picker of the store logged in) lists it, picks it with the server out of reach, and the
// validation reaches the server once when it is back: the order ships from the store's shelf.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { withCheckDigit } from '../../shared/barcode/index.ts';
import { createPairingCode } from '../../sync-server/devices/pairing.ts';
import { publishQuery } from '../../sync-server/feed/publish.ts';
import { addUser } from '../../sync-server/users/users.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import type { OrderView } from '../../sync-server/warehouse/order-view.ts';
import { launchChromium } from '../support/browser.ts';
import { idemPost, makeProduct, reservationViolations, siteStock } from '../warehouse/wh-harness.ts';
import { AdminPage } from './pages/admin-page.ts';
import { ScannerPage } from './pages/scanner-page.ts';
import { startTillServer, type TillE2eServer } from './till-harness.ts';

const SHOTS = 'test-results/ship-from-store';

describe('ship from store in the browser', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let admin: AdminPage;
  let scanner: ScannerPage;
  let station: Page;
  let channelKey: string;
  let productId: string;
  let ean: string;

  const onHand = async (site: string): Promise<number> => (await siteStock(env.server.db, productId, site)).onHand;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await startTillServer({ products: 20 });
    const db = env.server.db;
    channelKey = (await createChannelKey(db, 'web', 'shop')).key;
    productId = await makeProduct(db, [{ site: 'STORE1', qty: 5 }, { site: 'WH1', qty: 50 }], { price: 1800 });
    ean = withCheckDigit('479000000160');
    await db.transaction(async (tx) => {
      await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
      await tx.query('INSERT INTO product_barcodes (barcode, product_id) VALUES ($1, $2)', [`0${ean}`, productId]);
      await publishQuery(tx, 'products', `SELECT id, 'all' AS scope, doc FROM product_docs WHERE id = ANY($1::text[])`, [[productId]]);
    });
    await addUser(db, { username: 'pia', displayName: 'Pia (store picker)', password: 'pia-pw', role: 'picker', pin: '8642', sites: ['STORE1'] });
    browser = await launchChromium();
    const adminPage = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    adminPage.on('pageerror', (error) => console.error('admin page error:', error.message));
    admin = new AdminPage(adminPage);
    await admin.open(env.url, 'channels');
    await admin.login('admin', 'admin');
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

  it('routes the web channel to stores first from the Channels page', async () => {
    await admin.page.getByRole('region', { name: 'Channel web' }).waitFor();
    await admin.setRouting('web', 'Stores first, then warehouses', ['Demo Store (store)']);
    await expect.poll(async () => (await env.server.db.query<{ routing: string }>(`SELECT routing FROM channels WHERE code = 'web'`))[0]?.routing, { timeout: 10_000 }).toBe('store-first');
    const form = admin.page.getByRole('form', { name: 'Routing of web' });
    await expect.poll(() => form.getByRole('list', { name: 'Sites of web, in order' }).innerText(), { timeout: 10_000 }).toContain('Demo Store (store)');
    expect(await form.getByLabel('Ship delivery orders from').inputValue()).toBe('store-first');
    expect(await admin.horizontalOverflow()).toBeLessThanOrEqual(0);
    await admin.page.screenshot({ path: `${SHOTS}/channels-routing.png`, fullPage: true });
    const audit = await env.server.db.query<{ summary: string }>("SELECT summary FROM admin_audit WHERE action = 'channel.update'");
    expect(audit.map((a) => a.summary)).toEqual(['channel web: routing warehouse-first → store-first, routing sites none → STORE1']);
  }, 60_000);

  it('the store’s station picks the web order with the server out of reach; it ships from the store once the server is back', async () => {
    const res = await idemPost(env.server, channelKey, 'sfs-e2e-1', { channel: 'web', externalRef: 'SFS-E2E-1', lines: [{ productId, qty: 2 }] });
    expect(res.status).toBe(201);
    const order = res.body as OrderView;
    const reference = order.pickings[0]?.reference ?? '';
    expect(reference).toMatch(/^STORE1\/OUT\//);

    await scanner.openPicking(reference);
    await station.screenshot({ path: `${SHOTS}/station-picking.png` });
    await env.stopHttp();
    await expect.poll(() => scanner.connection(), { timeout: 20_000 }).toBe('Offline');
    await scanner.scan('LOC:STORE1/Stock');
    await scanner.expectFeedback(/STORE1\/Stock/);
    await scanner.scan(ean);
    await scanner.expectFeedback(/1 of 2/);
    await scanner.plusOne();
    await scanner.expectFeedback(/2 of 2/);
    await scanner.validateComplete();
    expect(await scanner.validationOutcome()).toMatch(/Waiting for the server/);
    await station.screenshot({ path: `${SHOTS}/station-offline-validated.png` });
    expect(await onHand('STORE1')).toBe(5);

    await env.startHttp();
    await expect.poll(() => scanner.validationOutcome(), { timeout: 60_000 }).toMatch(/^Recorded/);
    const shipped = (await env.server.api(`/api/orders/${order.orderId}`, { token: channelKey })).body as OrderView;
    expect(shipped).toMatchObject({ state: 'done', lines: [{ qty: 2, delivered: 2, reserved: 0 }] });
    expect(await onHand('STORE1')).toBe(3);
    expect(await onHand('WH1')).toBe(50);
    const validations = await env.server.db.query(`SELECT 1 FROM events WHERE collection = 'picking_events' AND payload->>'kind' = 'validate'`);
    expect(validations).toHaveLength(1);
    expect(await reservationViolations(env.server.db)).toEqual([]);
    await scanner.done();
    await station.screenshot({ path: `${SHOTS}/station-work-list.png` });
  }, 180_000);
});
