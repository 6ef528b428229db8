// A return by post received at the warehouse's station (docs/channels.md "Returns by post"), in
// Chromium against the real sync server: a web order shipped from WH1, the web shop announces one
// of its two mugs coming back; the WH1 handheld (360×640, the warehouse's picker logged in) lists the
// return's receipt as a "Return of order … from <customer>", the picker scans the shelf and the mug
// and validates; the server counts it returned on the order and issues the credit note the shop
// refunds — the customer's parcel, end to end.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ReturnRequestView } from '../../shared/channel-api/return-requests.ts';
import { withCheckDigit } from '../../shared/barcode/index.ts';
import { createPairingCode } from '../../sync-server/devices/pairing.ts';
import { publishQuery } from '../../sync-server/feed/publish.ts';
import { addUser } from '../../sync-server/users/users.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import type { OrderView } from '../../sync-server/warehouse/order-view.ts';
import { launchChromium } from '../support/browser.ts';
import { ackOf, idemPost, makeProduct, pickAll, pickingDocs, pickingEvent, pushEvents, siteStock } from '../warehouse/wh-harness.ts';
import { ScannerPage } from './pages/scanner-page.ts';
import { startTillServer, type TillE2eServer } from './till-harness.ts';

const SHOTS = 'test-results/return-by-post';

describe('a return by post received at the warehouse station', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let scanner: ScannerPage;
  let station: Page;
  let mug = { id: '', ean: '' };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await startTillServer({ products: 20 });
    const db = env.server.db;
    const id = await makeProduct(db, [{ site: 'WH1', qty: 5 }], { price: 1450, cost: 600 });
    const ean = withCheckDigit('479000000290');
    mug = { id, ean };
    await db.transaction(async (tx) => {
      await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
      await tx.query(`UPDATE products SET name = 'Stoneware mug, blue' WHERE id = $1`, [id]);
      await tx.query('INSERT INTO product_barcodes (barcode, product_id) VALUES ($1, $2)', [`0${ean}`, id]);
      await publishQuery(tx, 'products', `SELECT id, 'all' AS scope, doc FROM product_docs WHERE id = ANY($1::text[])`, [[id]]);
    });
    await addUser(db, { username: 'wes', displayName: 'Wes (warehouse)', password: 'wes-pw', role: 'picker', pin: '9753', sites: ['WH1'] });
    browser = await launchChromium();
    station = await (await browser.newContext({ viewport: { width: 360, height: 640 } })).newPage();
    station.on('pageerror', (error) => console.error('station page error:', error.message));
    scanner = new ScannerPage(station);
    await scanner.open(env.url);
    await scanner.pair(env.url, (await createPairingCode(db, 'scanner', 'WH1')).code);
    await scanner.login('Wes (warehouse)', '9753');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('lists the return, takes the mug back onto the shelf and credits the order', async () => {
    const db = env.server.db;
    const web = (await createChannelKey(db, 'web', 'web shop')).key;
    const admin = await env.server.login('admin', 'admin');
    expect((await env.server.api('/api/warehouses/WH1/route', { method: 'PUT', token: admin, body: { steps: 1 } })).status).toBe(200);
    const placed = await idemPost(env.server, web, 'mug-order', { channel: 'web', externalRef: 'WEB-7001', customer: { name: 'Mara Jansen' }, lines: [{ productId: mug.id, qty: 2 }] });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const order = placed.body as OrderView;
    // Shipped (over HTTP, as another station would): both mugs leave WH1.
    const shipper = await env.server.pairDevice('scanner', 'WH1', 'Dispatch');
    const doc = (await pickingDocs(db, order.orderId)).find((d) => d.step === 'ship' && d.state === 'ready');
    if (!doc) throw new Error('no shipment');
    const shipped = pickingEvent(shipper, 'validate', doc.id, { lines: pickAll(doc) });
    await pushEvents(env.server, shipper, [pickingEvent(shipper, 'claim', doc.id), shipped]);
    expect((await ackOf(db, shipped.id))?.status).toBe('applied');
    const before = (await siteStock(db, mug.id, 'WH1')).onHand;
    expect(before).toBe(3);

    const announced = await env.server.api(`/api/orders/${order.orderId}/returns`, {
      token: web, headers: { 'idempotency-key': 'rma-mug' }, body: { lines: [{ orderLineId: order.lines[0]?.lineId, qty: 1 }], reason: 'Chipped handle' },
    });
    expect(announced.status, JSON.stringify(announced.body)).toBe(201);
    const rma = announced.body as ReturnRequestView;
    const reference = rma.receipts[0]?.reference ?? '?';
    expect(reference).toMatch(/^WH1\/IN\/\d{6}$/);

    // On the handheld's work list: a return, from the customer, under Receipts.
    const open = station.getByRole('button', { name: `Open ${reference}` });
    await open.waitFor({ timeout: 30_000 });
    const row = station.locator('tr', { hasText: reference });
    expect(await row.locator('td[data-label="Kind"]').textContent()).toBe('Return');
    expect(await row.locator('td[data-label="For"]').textContent()).toBe('Return of order WEB-7001 from Mara Jansen');
    await station.screenshot({ path: `${SHOTS}/work-list.png` });
    await scanner.openPicking(reference);
    await scanner.scan('LOC:WH1/Stock');
    await scanner.expectFeedback(/WH1\/Stock/);
    await scanner.scan(mug.ean);
    await scanner.expectFeedback(/1 of 1/);
    await station.screenshot({ path: `${SHOTS}/return-scanned.png` });
    await scanner.validateComplete();
    const overflow = await station.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // The server took it in: back on the shelf, returned on the order, credited for the shop to refund.
    await expect.poll(async () => (await siteStock(db, mug.id, 'WH1')).onHand, { timeout: 30_000 }).toBe(before + 1);
    const listed = await env.server.api(`/api/orders/${order.orderId}/returns`, { token: web });
    const [received] = (listed.body as { returns: ReturnRequestView[] }).returns;
    expect(received).toMatchObject({ state: 'received', lines: [{ name: 'Stoneware mug, blue', qty: 1, received: 1 }], refundToOrderPayment: 1450 });
    expect(received?.creditNotes[0]?.number).toMatch(/^CN-\d{6}$/);
    await station.screenshot({ path: `${SHOTS}/validated.png` });
    await scanner.done();
    await open.waitFor({ state: 'detached', timeout: 30_000 });
  }, 240_000);
});
