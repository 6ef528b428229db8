// Issue 15 in Chromium against the real sync server: counts that never zero what nobody counted
// (blind by default, "nothing else here" asked twice), a wedge scan right after a typed quantity,
// transfers that show and want their destination, per-picker performance by name, handheld
// screens from 360×640, and messages for people (count approval, station names, what shipped and
// what was backordered, the weight of a weighed product, a label expiry that disagrees).
import { mkdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { withCheckDigit } from '../../shared/barcode/index.ts';
import { createPairingCode } from '../../sync-server/devices/pairing.ts';
import type { Db } from '../../sync-server/db/db.ts';
import { publishQuery } from '../../sync-server/feed/publish.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import type { OrderView } from '../../sync-server/warehouse/order-view.ts';
import { launchChromium } from '../support/browser.ts';
import { idemPost, locationId, makeProduct, pickingDocs, pickingEvent, pushEvents, reservationViolations } from '../warehouse/wh-harness.ts';
import { ReportsPage } from './pages/reports-page.ts';
import { ScannerPage } from './pages/scanner-page.ts';
import { startTillServer, type TillE2eServer } from './till-harness.ts';

const SHELF = 'WH1/Stock/A-01-01';
const SHELF2 = 'WH1/Stock/A-01-02';
const LOT = 'LOT-I15';
const SHOTS = '/tmp/aisle-i15-shots';

/** Gives a product a barcode and publishes it to the devices. */
async function barcode(db: Db, productId: string, code: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
    await tx.query('INSERT INTO product_barcodes (barcode, product_id) VALUES ($1, $2)', [code, productId]);
    await publishQuery(tx, 'products', `SELECT id, 'all' AS scope, doc FROM product_docs WHERE id = ANY($1::text[])`, [[productId]]);
  });
}

describe('scanner station (issue 15)', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let scanner: ScannerPage;
  let channelKey: string;
  let admin: string;
  let lotted: string;
  let plain: string;
  let weighed: string;
  let lotted2: string;
  let spare: string;
  let gtinLot2: string;
  let gtinLot: string;
  let eanPlain: string;
  let eanWeighed: string;
  let ref = 0;

  const onHand = async (productId: string, location: string, lot = ''): Promise<number> =>
    Number((await env.server.db.query<{ on_hand: number }>(
      `SELECT q.on_hand FROM quants q JOIN locations l ON l.id = q.location_id WHERE q.product_id = $1 AND l.full_name = $2 AND q.lot = $3`,
      [productId, location, lot],
    ))[0]?.on_hand ?? 0);
  const order = async (lines: { productId: string; qty: number }[]): Promise<{ orderId: string; reference: string; pickingId: string }> => {
    ref += 1;
    const res = await idemPost(env.server, channelKey, `i15-${ref}`, { channel: 'web', externalRef: `I15-${ref}`, lines });
    if (res.status !== 201) throw new Error(`order failed: ${res.status} ${JSON.stringify(res.body)}`);
    const orderId = (res.body as OrderView).orderId;
    const doc = (await pickingDocs(env.server.db, orderId)).find((d) => d.state === 'ready');
    if (!doc) throw new Error(`no ready picking for ${orderId}`);
    return { orderId, reference: await reference(doc.id), pickingId: doc.id };
  };
  const reference = async (pickingId: string): Promise<string> =>
    (await env.server.db.query<{ reference: string }>('SELECT reference FROM pickings WHERE id = $1', [pickingId]))[0]?.reference ?? '?';
  const countTask = async (location: string): Promise<string> => {
    const res = await env.server.api('/api/count-tasks', { token: admin, body: { warehouse: 'WH1', locationId: await locationId(env.server.db, location) } });
    expect(res.status).toBe(201);
    return reference((res.body as { pickingId: string }).pickingId);
  };
  const countEvents = async (pickingReference: string): Promise<{ lines: { productId: string; qty: number; lot?: string }[] }[]> =>
    (await env.server.db.query<{ payload: { lines: { productId: string; qty: number; lot?: string }[] } }>(
      `SELECT e.payload FROM events e JOIN pickings p ON p.id = e.payload->>'pickingId'
       WHERE e.collection = 'picking_events' AND e.payload->>'kind' = 'validate' AND p.reference = $1`,
      [pickingReference],
    )).map((r) => r.payload);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await startTillServer({ products: 50 });
    const db = env.server.db;
    channelKey = (await createChannelKey(db, 'web', 'shop')).key;
    admin = await env.server.login('admin', 'admin');
    expect((await env.server.api('/api/warehouses/WH1/route', { method: 'PUT', token: admin, body: { steps: 1 } })).status).toBe(200);
    lotted = await makeProduct(db, [{ site: 'WH1', qty: 10, lot: LOT, expiry: '2030-12-31', location: SHELF }], { tracking: 'lot', price: 1200, cost: 700 });
    plain = await makeProduct(db, [{ site: 'WH1', qty: 8, location: SHELF }], { price: 900, cost: 400 });
    weighed = await makeProduct(db, [{ site: 'WH1', qty: 5, location: SHELF2 }], { price: 1990, cost: 1000, unit: 'kg' });
    spare = await makeProduct(db, [{ site: 'WH1', qty: 20, location: SHELF2 }]);
    lotted2 = await makeProduct(db, [{ site: 'WH1', qty: 4, lot: LOT, expiry: '2030-12-31', location: SHELF2 }], { tracking: 'lot' });
    gtinLot2 = `0${withCheckDigit('479000000018')}`;
    await barcode(db, lotted2, gtinLot2);
    await barcode(db, spare, `0${withCheckDigit('479000000019')}`);
    gtinLot = `0${withCheckDigit('479000000015')}`;
    eanPlain = withCheckDigit('479000000016');
    eanWeighed = withCheckDigit('479000000017');
    await barcode(db, lotted, gtinLot);
    await barcode(db, plain, `0${eanPlain}`);
    await barcode(db, weighed, `0${eanWeighed}`);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    scanner = new ScannerPage(page);
    await scanner.open(env.url);
    await scanner.pair(env.url, (await createPairingCode(db, 'scanner', 'WH1')).code);
    await scanner.login('Pat Novak', '2468');
  }, 180_000);

  // A failed test must not leave the station inside a picking for the next one.
  afterEach(async () => {
    for (const name of ['Done', 'Back to list']) {
      const button = page.getByRole('button', { name, exact: true });
      if (await button.isVisible()) await button.click();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('a blind count task adjusts only what was counted: the uncounted lot keeps its stock', async () => {
    const task = await countTask(SHELF);
    await scanner.openPicking(task);
    // Blind by default: no expected quantities, no "All".
    expect(await scanner.lineHeaders()).not.toContain('Expected');
    expect(await page.getByRole('button', { name: 'All', exact: true }).count()).toBe(0);
    await scanner.scan(`LOC:${SHELF}`);
    await scanner.scan(eanPlain);
    await scanner.expectFeedback(/: 1 counted$/);
    await scanner.typeQuantity('7');
    await scanner.expectFeedback(/^7 counted$/);
    await scanner.validateComplete();
    await expect.poll(() => scanner.validationOutcome(), { timeout: 30_000 }).toBe('Recorded');
    expect(await scanner.validationSummary()).toBe('Counted: 7 × Warehouse test 2.');
    expect((await countEvents(task)).map((e) => e.lines.map((l) => [l.productId, l.qty]))).toEqual([[[plain, 7]]]);
    expect(await onHand(lotted, SHELF, LOT)).toBe(10);
    expect(await onHand(plain, SHELF)).toBe(7);
    await scanner.done();
  }, 120_000);

  it('a count above the approval threshold says where, how much and in which currency', async () => {
    expect((await env.server.api('/api/warehouse-policy', { method: 'PUT', token: admin, body: { countApprovalThreshold: 100 } })).status).toBe(200);
    const task = await countTask(SHELF);
    await scanner.openPicking(task);
    await scanner.scan(`LOC:${SHELF}`);
    await scanner.scan(eanPlain);
    await scanner.typeQuantity('9');
    await scanner.validateComplete();
    // 2 units found × cost 4.00 = 8.00 above 1.00.
    await expect.poll(() => scanner.validationOutcome(), { timeout: 30_000 }).toBe("Count of A-01-01 is worth €8.00 in adjustments (above €1.00) — waiting for a manager's approval");
    expect(await onHand(plain, SHELF)).toBe(7);
    expect((await env.server.api('/api/warehouse-policy', { method: 'PUT', token: admin, body: { countApprovalThreshold: 1_000_000 } })).status).toBe(200);
    await scanner.done();
  }, 120_000);

  it('"nothing else here", confirmed with the number of lines it zeroes, empties the location', async () => {
    const task = await countTask(SHELF);
    await scanner.openPicking(task);
    await scanner.scan(`LOC:${SHELF}`);
    await scanner.scan(eanPlain);
    await scanner.typeQuantity('7');
    const listed = await env.server.db.query<{ product_id: string }>(
      `SELECT q.product_id FROM quants q JOIN locations l ON l.id = q.location_id WHERE l.full_name = $1 AND q.on_hand <> 0`, [SHELF]);
    const question = await scanner.nothingElseHere();
    const n = listed.length - 1;
    expect(question).toMatch(new RegExp(`Nothing else at WH1/Stock/A-01-01\\? ${n} listed lines? w(as|ere) not counted and will be counted at 0\\.`));
    await scanner.validateComplete();
    await expect.poll(() => scanner.validationOutcome(), { timeout: 30_000 }).toBe('Recorded');
    expect(await onHand(lotted, SHELF, LOT)).toBe(0);
    expect(await onHand(plain, SHELF)).toBe(7);
    const left = await env.server.db.query<{ product_id: string }>(
      `SELECT q.product_id FROM quants q JOIN locations l ON l.id = q.location_id WHERE l.full_name = $1 AND q.on_hand <> 0`, [SHELF]);
    expect(left.map((q) => q.product_id)).toEqual([plain]);
    expect(await reservationViolations(env.server.db)).toEqual([]);
    await scanner.done();
  }, 120_000);

  it('a wedge scan right after a typed quantity counts the product; the outcome says what shipped and what was backordered', async () => {
    const o = await order([{ productId: plain, qty: 5 }]);
    await scanner.openPicking(o.reference);
    // The step names the location; a picker whose label is torn types that name in the Barcode box.
    expect(await page.getByLabel('Next step').innerText()).toBe(`Scan the location ${SHELF}`);
    await page.getByLabel('Barcode').fill(SHELF.toLowerCase());
    await page.getByRole('button', { name: 'Enter', exact: true }).click();
    await expect.poll(() => page.getByLabel('Next step').innerText()).toBe('Scan the product');
    await scanner.scan(eanPlain);
    await scanner.expectFeedback(/1 of 5/);
    await scanner.typeQuantityAndEnter('2');
    await scanner.expectFeedback(/2 of 5/);
    // The focus is still in the quantity box: the scanner's burst must be a scan, not a quantity.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('inputmode'))).toBe('decimal');
    await scanner.scanIntoFocus(eanPlain);
    await scanner.expectFeedback(/3 of 5/);
    expect(await page.getByLabel('Quantity', { exact: true }).inputValue()).toBe('');
    const question = await scanner.validate(true);
    expect(question).toMatch(/^2 missing on 1 line: 2 × Warehouse test 2\./);
    await expect.poll(() => scanner.validationOutcome(), { timeout: 30_000 }).toBe('Recorded');
    expect(await scanner.validationSummary()).toBe('Shipped: 3 × Warehouse test 2. Backordered: 2 × Warehouse test 2.');
    expect(await env.server.api(`/api/orders/${o.orderId}`, { token: channelKey }).then((r) => r.body)).toMatchObject({ lines: [{ qty: 5, delivered: 3, reserved: 2 }] });
    await scanner.done();
  }, 120_000);

  it('the performance report credits the picker by name', async () => {
    const reportsPage = await context.newPage();
    const reports = new ReportsPage(reportsPage);
    await reports.open(env.url);
    await reports.login('manager', 'manager');
    await reports.goto('Warehouse');
    const table = reports.table('Lines per hour per picker');
    await table.waitFor({ timeout: 20_000 });
    const rows = await table.getByRole('row').allTextContents();
    expect(rows.some((r) => r.includes('Pat Novak'))).toBe(true);
    expect(rows.join('|')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
    await reportsPage.close();
  }, 120_000);

  it('a transfer shows its destination and wants it scanned; a wrong destination is refused', async () => {
    const manager = await env.server.login('manager', 'manager');
    const res = await env.server.api('/api/transfers', {
      token: manager,
      body: { warehouse: 'WH1', lines: [{ productId: plain, qty: 2, fromLocationId: await locationId(env.server.db, SHELF), toLocationId: await locationId(env.server.db, SHELF2) }] },
    });
    expect(res.status).toBe(201);
    const transfer = await reference((res.body as { pickingId: string }).pickingId);
    await scanner.openPicking(transfer);
    // No lot-tracked line: no column of blanks (nor a blank Lot row on each handheld card).
    expect(await scanner.lineHeaders()).toEqual(['Product', 'From', 'To', 'Asked', 'Picked']);
    expect(await page.getByLabel('Destination').textContent()).toBe(SHELF2);
    await scanner.scan(`LOC:${SHELF}`);
    await scanner.scan(eanPlain);
    await scanner.scan(eanPlain);
    await scanner.expectFeedback(/2 of 2/);
    expect(await page.getByLabel('Next step').textContent()).toBe(`Scan the destination ${SHELF2}`);
    await page.getByRole('button', { name: 'Validate' }).click();
    await scanner.expectFeedback(new RegExp(`Scan the destination ${SHELF2} to put away what you carry`));
    await scanner.scan('LOC:WH1/Stock');
    await scanner.expectFeedback(new RegExp(`Wrong destination: WH1/Stock\\. Take what you carry to ${SHELF2}`));
    expect(await scanner.lastSound()).toBe('wrong-destination');
    await scanner.scan(`LOC:${SHELF2}`);
    await scanner.expectFeedback(new RegExp(`Put away at ${SHELF2}: 2 × Warehouse test 2`));
    const before = await onHand(plain, SHELF2);
    await scanner.validateComplete();
    await expect.poll(() => scanner.validationOutcome(), { timeout: 30_000 }).toBe('Recorded');
    expect(await onHand(plain, SHELF2)).toBe(before + 2);
    await scanner.done();
  }, 120_000);

  it('asks for the weight of a weighed product scanned with its plain barcode, and flags a label expiry that disagrees with the books', async () => {
    const o = await order([{ productId: weighed, qty: 1.5 }]);
    await scanner.openPicking(o.reference);
    await scanner.scan(`LOC:${SHELF2}`);
    await scanner.scan(eanWeighed);
    await scanner.expectFeedback(/Warehouse test 3 is measured in kg: weigh it and type the quantity in kg\./);
    expect(await page.getByRole('alert').count()).toBe(0);
    await scanner.typeQuantity('1.5');
    await scanner.expectFeedback(/1\.5 of 1\.5/);
    await scanner.validateComplete();
    await expect.poll(() => scanner.validationOutcome(), { timeout: 30_000 }).toBe('Recorded');
    await scanner.done();

    const o2 = await order([{ productId: lotted2, qty: 1 }]);
    await scanner.openPicking(o2.reference);
    expect(await scanner.lineHeaders()).toEqual(['Product', 'Location', 'Lot', 'Asked', 'Picked']);
    await scanner.scan(`LOC:${SHELF2}`);
    await scanner.scan(`(01)${gtinLot2}(17)310101(10)${LOT}`);
    await scanner.expectFeedback(/the label says expiry 2031-01-01, the books say 2030-12-31 — flagged for the office/);
    expect(await scanner.lastSound()).toBe('expiry-mismatch');
    await scanner.validateComplete();
    await expect.poll(() => scanner.validationOutcome(), { timeout: 30_000 }).toMatch(/label says it expires on 2031-01-01, the books say 2030-12-31/);
    await scanner.done();
  }, 120_000);

  it('names other stations by their device name', async () => {
    const o = await order([{ productId: spare, qty: 1 }]);
    const other = await env.server.pairDevice('scanner', 'WH1', 'Forklift 2');
    await pushEvents(env.server, other, [pickingEvent(other, 'claim', o.pickingId)]);
    const row = page.getByRole('row').filter({ hasText: o.reference });
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toMatch(/station Forklift 2/);
    await page.getByRole('button', { name: `Open ${o.reference}` }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Claimed by' }).textContent(), { timeout: 10_000 }).toBe('Claimed by station Forklift 2: its picker may be working on it.');
    await page.getByRole('button', { name: 'Back to list' }).click();
  }, 120_000);

  it('works on handhelds: at 360×640 and 480×800 everything needed for picking is on screen, one column, targets ≥ 48 px', async () => {
    const o = await order([{ productId: spare, qty: 1 }]);
    for (const [width, height] of [[360, 640], [480, 800]] as const) {
      await page.setViewportSize({ width, height });
      await page.getByRole('heading', { name: 'Work' }).waitFor();
      await page.screenshot({ path: `${SHOTS}/work-${width}x${height}.png`, fullPage: true });
      const onList = [page.getByRole('button', { name: `Open ${o.reference}` }), page.getByRole('button', { name: 'Count a location' })];
      await scanner.openPicking(o.reference);
      // Before the first scan the feedback line is there (a live region) but shows no coloured bar.
      expect(await page.getByLabel('Scan feedback').textContent()).toBe('');
      expect(await page.getByLabel('Scan feedback').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgba(0, 0, 0, 0)');
      await scanner.scan(`LOC:${SHELF2}`);
      await scanner.expectFeedback(/A-01-02/);
      await page.screenshot({ path: `${SHOTS}/pick-${width}x${height}.png`, fullPage: true });
      const needed = [
        page.getByLabel('Next step'),
        page.getByLabel('Scan feedback'),
        page.getByLabel('Barcode'),
        page.getByRole('button', { name: 'Enter', exact: true }),
        page.getByRole('table', { name: 'Lines' }),
        page.getByRole('button', { name: '+1' }),
        page.getByRole('button', { name: 'All', exact: true }),
        page.getByLabel('Quantity', { exact: true }),
        page.getByRole('button', { name: 'Set quantity' }),
        page.getByRole('button', { name: 'Validate' }),
        page.getByRole('button', { name: 'Release' }),
        page.getByRole('button', { name: 'Back to list' }),
        page.getByRole('button', { name: 'Log out' }),
      ];
      for (const el of needed) {
        await el.scrollIntoViewIfNeeded();
        const box = await el.boundingBox();
        if (!box) throw new Error(`not shown at ${width}×${height}: ${el.toString()}`);
        expect(box.x, `${el.toString()} at ${width}×${height}`).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, `${el.toString()} at ${width}×${height}`).toBeLessThanOrEqual(width + 0.5);
      }
      for (const button of await page.getByRole('button').all()) {
        const box = await button.boundingBox();
        if (box) expect(box.height, `${await button.textContent()} at ${width}×${height}`).toBeGreaterThanOrEqual(48);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      // One column: the quantity box sits below "+1", not beside it.
      const plus = await page.getByRole('button', { name: '+1' }).boundingBox();
      const qty = await page.getByLabel('Quantity', { exact: true }).boundingBox();
      expect((qty?.y ?? 0) > (plus?.y ?? 0) + (plus?.height ?? 0) - 1).toBe(true);
      await page.getByRole('button', { name: 'Back to list' }).click();
      await page.getByRole('heading', { name: 'Work' }).waitFor();
      for (const el of onList) {
        const box = await el.boundingBox();
        if (!box) throw new Error(`not shown at ${width}×${height}: ${el.toString()}`);
        expect(box.x + box.width).toBeLessThanOrEqual(width + 0.5);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    }
    await page.setViewportSize({ width: 1024, height: 768 });
  }, 120_000);

  it('logs in on a 360×640 handheld with the whole PIN pad and Log in on screen', async () => {
    await page.setViewportSize({ width: 360, height: 640 });
    try {
      await page.getByRole('button', { name: 'Log out' }).click();
      const logIn = page.getByRole('button', { name: 'Log in' });
      await logIn.waitFor();
      for (const el of [page.getByLabel('Picker', { exact: true }), page.getByLabel('PIN', { exact: true }), page.getByRole('button', { name: '0', exact: true }), logIn]) {
        const box = await el.boundingBox();
        if (!box) throw new Error(`not shown: ${el.toString()}`);
        expect(box.y + box.height, `${el.toString()} ends inside 640 px`).toBeLessThanOrEqual(640.5);
      }
      await page.screenshot({ path: `${SHOTS}/login-360x640.png` });
    } finally {
      await scanner.login('Pat Novak', '2468');
      await page.setViewportSize({ width: 1024, height: 768 });
    }
  }, 60_000);
});
