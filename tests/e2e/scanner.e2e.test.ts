// Scanner station end to end: an order arrives by API, the picker scans in the browser (a wrong
// product first, then the right one with its GS1 lot), validates a partial pick; the server then
// holds a backorder, moved stock and reservations, an invoice and balanced journal entries. Then
// the same with the server out of reach during the pick: the validation waits on the station and
// reaches the server exactly once when it is back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { withCheckDigit } from '../../shared/barcode/index.ts';
import { createPairingCode } from '../../sync-server/devices/pairing.ts';
import { publishQuery } from '../../sync-server/feed/publish.ts';
import { trialBalance } from '../../sync-server/ledger/ledger-queries.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import type { OrderView } from '../../sync-server/warehouse/order-view.ts';
import { launchPersistentChromium } from '../support/browser.ts';
import { ackOf, idemPost, makeProduct, pickingDocs, pickingEvent, pushEvents, reservationViolations } from '../warehouse/wh-harness.ts';
import { ScannerPage } from './pages/scanner-page.ts';
import { startTillServer, type TillE2eServer } from './till-harness.ts';

const SHELF = 'WH1/Stock/A-01-01';
const LOT = 'LOT-E2E';

describe('scanner station', () => {
  let env: TillE2eServer;
  let profile: string;
  let context: BrowserContext | null = null;
  let page: Page;
  let scanner: ScannerPage;
  let channelKey: string;
  let productId: string;
  let gtin14: string;
  let otherEan: string;
  let ref = 0;

  const order = async (qty: number): Promise<{ orderId: string; reference: string; pickingId: string }> => {
    ref += 1;
    const res = await idemPost(env.server, channelKey, `scan-e2e-${ref}`, { channel: 'web', externalRef: `SE-${ref}`, customer: { name: 'Lena Fischer' }, lines: [{ productId, qty }] });
    if (res.status !== 201) throw new Error(`order failed: ${res.status} ${JSON.stringify(res.body)}`);
    const orderId = (res.body as OrderView).orderId;
    const doc = (await pickingDocs(env.server.db, orderId)).find((d) => d.state === 'ready');
    if (!doc) throw new Error(`no ready picking for ${orderId}`);
    const [row] = await env.server.db.query<{ reference: string }>('SELECT reference FROM pickings WHERE id = $1', [doc.id]);
    return { orderId, reference: row?.reference ?? '?', pickingId: doc.id };
  };
  const orderView = async (orderId: string): Promise<OrderView> => (await env.server.api(`/api/orders/${orderId}`, { token: channelKey })).body as OrderView;
  const validations = async (pickingId: string): Promise<{ id: string; payload: { lines: { qty: number; lot?: string }[]; backorder: boolean } }[]> =>
    env.server.db.query(`SELECT id, payload FROM events WHERE collection = 'picking_events' AND payload->>'kind' = 'validate' AND payload->>'pickingId' = $1`, [pickingId]);
  const quant = async (): Promise<{ on_hand: number; reserved: number } | undefined> =>
    (await env.server.db.query<{ on_hand: number; reserved: number }>(
      `SELECT q.on_hand, q.reserved FROM quants q JOIN locations l ON l.id = q.location_id WHERE q.product_id = $1 AND l.full_name = $2 AND q.lot = $3`,
      [productId, SHELF, LOT],
    ))[0];

  beforeAll(async () => {
    env = await startTillServer({ products: 50 });
    const db = env.server.db;
    channelKey = (await createChannelKey(db, 'web', 'shop')).key;
    const admin = await env.server.login('admin', 'admin');
    expect((await env.server.api('/api/warehouses/WH1/route', { method: 'PUT', token: admin, body: { steps: 1 } })).status).toBe(200);
    productId = await makeProduct(db, [{ site: 'WH1', qty: 10, lot: LOT, expiry: '2030-12-31', location: SHELF }], { tracking: 'lot', price: 1200, cost: 700 });
    gtin14 = `0${withCheckDigit('479000000001')}`;
    await db.transaction(async (tx) => {
      await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
      await tx.query('INSERT INTO product_barcodes (barcode, product_id) VALUES ($1, $2)', [gtin14, productId]);
      await publishQuery(tx, 'products', `SELECT id, 'all' AS scope, doc FROM product_docs WHERE id = ANY($1::text[])`, [[productId]]);
    });
    const [other] = await db.query<{ barcode: string }>(`SELECT barcode FROM product_barcodes WHERE product_id <> $1 AND barcode LIKE '0%' LIMIT 1`, [productId]);
    otherEan = (other?.barcode ?? '').slice(1);
    profile = mkdtempSync(join(tmpdir(), 'aisle-scanner-profile-'));
    context = await launchPersistentChromium(profile);
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => console.error('page error:', error.message));
    scanner = new ScannerPage(page);
    await scanner.open(env.url);
    await scanner.pair(env.url, (await createPairingCode(db, 'scanner', 'WH1')).code);
    await scanner.login('Pat Novak', '2468');
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await env?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('picks with a wrong product first, then the GS1 lot; a partial validation backorders the rest, moves stock, invoices and posts', async () => {
    const o = await order(4);
    const state = async (): Promise<string | undefined> => (await env.server.db.query<{ state: string }>('SELECT state FROM pickings WHERE id = $1', [o.pickingId]))[0]?.state;
    await scanner.openPicking(o.reference);
    await expect.poll(state, { timeout: 20_000 }).toBe('in_progress');
    // Released, it is free for any station again; opened again, this station claims it again.
    await scanner.release();
    await expect.poll(state, { timeout: 20_000 }).toBe('ready');
    // The list says so in words, and what this station did: opened it, released it.
    await expect.poll(() => page.locator('tr', { hasText: o.reference }).locator('td[data-label="State"]').textContent(), { timeout: 20_000 }).toBe('Ready');
    expect(await page.locator('tr', { hasText: o.reference }).locator('td[data-label="Kind"]').textContent()).toBe('Delivery');
    // Whose order it is, as the channel named the customer.
    expect(await page.locator('tr', { hasText: o.reference }).locator('td[data-label="For"]').textContent()).toMatch(/^Order SE-\d+ for Lena Fischer$/);
    await expect.poll(() => scanner.eventOutcome(`Released ${o.reference}`), { timeout: 20_000 }).toMatch(/Recorded/);
    expect(await scanner.eventOutcome(`Opened ${o.reference}`)).toMatch(/Recorded/);
    await scanner.scan('WH1/OUT/999999');
    await scanner.expectFeedback(/No open work with the reference WH1\/OUT\/999999/);
    await scanner.openByScan(o.reference);
    await expect.poll(state, { timeout: 20_000 }).toBe('in_progress');

    await scanner.scan('LOC:WH1/Stock/A-01-02');
    await scanner.expectFeedback(/Wrong location: WH1\/Stock\/A-01-02\. Go to WH1\/Stock\/A-01-01/);
    expect(await scanner.lastSound()).toBe('wrong-location');
    await scanner.scan(`LOC:${SHELF}`);
    await scanner.expectFeedback(/A-01-01/);
    await scanner.scan(otherEan);
    await scanner.expectFeedback(/Wrong product/);
    expect(await page.getByRole('alert').filter({ hasText: 'Wrong product' }).count()).toBe(1);
    expect(await scanner.lastSound()).toBe('wrong-product');
    await scanner.scan(`(01)${gtin14}(17)301231(10)${LOT}`);
    await scanner.expectFeedback(new RegExp(`lot ${LOT}: 1 of 4`));
    expect(await scanner.lastSound()).toBe('product-ok');
    await scanner.plusOne();
    await scanner.expectFeedback(/2 of 4/);
    await scanner.typeQuantity('5');
    await scanner.expectFeedback(/Over-pick: only 4 more/);
    expect(await scanner.lastSound()).toBe('over-pick');
    await scanner.validate(true);
    await expect.poll(() => scanner.validationOutcome(), { timeout: 30_000 }).toMatch(/^Recorded/);

    const v = await validations(o.pickingId);
    expect(v).toHaveLength(1);
    expect(v[0]?.payload).toMatchObject({ backorder: true, lines: [{ qty: 2, lot: LOT }] });
    expect(await ackOf(env.server.db, v[0]?.id ?? '')).toMatchObject({ status: 'applied' });
    const backorder = (await pickingDocs(env.server.db, o.orderId)).filter((d) => d.id !== o.pickingId && d.state === 'ready');
    expect(backorder.map((d) => d.lines.map((l) => l.qty))).toEqual([[2]]);
    expect(await orderView(o.orderId)).toMatchObject({ lines: [{ qty: 4, delivered: 2, cancelled: 0, reserved: 2 }] });
    expect(await quant()).toEqual({ on_hand: 8, reserved: 2 });
    expect(await reservationViolations(env.server.db)).toEqual([]);
    const [inv] = await env.server.db.query<{ number: string; total: number }>('SELECT number, total FROM invoices WHERE order_id = $1', [o.orderId]);
    expect(inv?.total).toBe(2400);
    const kinds = await env.server.db.query<{ kind: string }>(`SELECT kind FROM journal_entries WHERE memo LIKE '%' || $1 || '%' ORDER BY id`, [inv?.number ?? '?']);
    expect(kinds.map((k) => k.kind)).toEqual(['invoice', 'delivery']);
    const tb = await trialBalance(env.server.db);
    expect(tb.totals.debit).toBe(tb.totals.credit);
    await scanner.done();
  }, 120_000);

  it('picks with the server out of reach; the validation reaches it exactly once when it returns', async () => {
    const o = await order(3);
    const before = await quant();
    await scanner.openPicking(o.reference);
    await expect.poll(async () => (await env.server.db.query(`SELECT 1 FROM pickings WHERE id = $1 AND state = 'in_progress'`, [o.pickingId])).length, { timeout: 20_000 }).toBe(1);

    await env.stopHttp();
    await expect.poll(() => scanner.connection(), { timeout: 20_000 }).toBe('Offline');
    await scanner.scan(`LOC:${SHELF}`);
    await scanner.expectFeedback(/A-01-01/);
    await scanner.scan(`(01)${gtin14}(17)301231(10)${LOT}`);
    await scanner.expectFeedback(/1 of 3/);
    await scanner.validate(false);
    expect(await scanner.validationOutcome()).toMatch(/Waiting for the server/);
    await expect.poll(() => scanner.unsentCount(), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    expect(await validations(o.pickingId)).toHaveLength(0);
    // Back on the list, the picking validated here cannot be picked a second time while it waits.
    await scanner.done();
    expect(await scanner.eventOutcome(`Validated ${o.reference}`)).toMatch(/Waiting for the server/);
    expect(await page.getByRole('button', { name: `Open ${o.reference}` }).isDisabled()).toBe(true);

    await env.startHttp();
    await expect.poll(async () => (await validations(o.pickingId)).length, { timeout: 60_000 }).toBe(1);
    await expect.poll(() => scanner.eventOutcome(`Validated ${o.reference}`), { timeout: 30_000 }).toMatch(/Recorded/);
    await expect.poll(() => scanner.unsentCount(), { timeout: 30_000 }).toBe(0);
    expect(await validations(o.pickingId)).toHaveLength(1);
    expect(await orderView(o.orderId)).toMatchObject({ state: 'done', lines: [{ qty: 3, delivered: 1, cancelled: 2, reserved: 0 }] });
    expect(await quant()).toEqual({ on_hand: (before?.on_hand ?? 0) - 1, reserved: (before?.reserved ?? 0) - 3 });
    expect(await reservationViolations(env.server.db)).toEqual([]);
    const tb = await trialBalance(env.server.db);
    expect(tb.totals.debit).toBe(tb.totals.credit);
  }, 180_000);

  it('receives a purchase order with a new GS1 lot into stock', async () => {
    const manager = await env.server.login('manager', 'manager');
    const po = await env.server.api('/api/purchase-orders', { token: manager, body: { supplier: 'Acme', warehouse: 'WH1', lines: [{ productId, qty: 5 }] } });
    expect(po.status).toBe(201);
    const { receiptId } = po.body as { receiptId: string };
    const [row] = await env.server.db.query<{ reference: string }>('SELECT reference FROM pickings WHERE id = $1', [receiptId]);
    await scanner.openPicking(row?.reference ?? '?');
    // What the supplier should bring and what came; the lot is read off the label, none is planned.
    expect(await scanner.lineHeaders()).toEqual(['Product', 'Location', 'Expected', 'Received']);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`${row?.reference ?? '?'} Receipt`);
    const { reference: poRef } = po.body as { reference: string };
    expect(await page.getByLabel('For', { exact: true }).textContent()).toBe(`${poRef} from Acme`);
    await scanner.scan('LOC:WH1/Stock');
    await scanner.expectFeedback(/WH1\/Stock/);
    await scanner.scan(`(01)${gtin14}(17)310630(10)LOT-NEW`);
    await scanner.expectFeedback(/lot LOT-NEW: 1 of 5/);
    await scanner.typeQuantity('5');
    await scanner.expectFeedback(/5 of 5/);
    await scanner.validateComplete();
    await expect.poll(() => scanner.validationOutcome(), { timeout: 30_000 }).toMatch(/^Recorded/);
    const [received] = await env.server.db.query<{ on_hand: number; expiry: string }>(
      `SELECT q.on_hand, to_char(q.expiry, 'YYYY-MM-DD') AS expiry FROM quants q JOIN locations l ON l.id = q.location_id
       WHERE q.product_id = $1 AND l.full_name = 'WH1/Stock' AND q.lot = 'LOT-NEW'`, [productId]);
    expect(received).toEqual({ on_hand: 5, expiry: '2031-06-30' });
    expect((await env.server.db.query<{ state: string }>('SELECT state FROM pickings WHERE id = $1', [receiptId]))[0]?.state).toBe('done');
    await scanner.done();
  }, 120_000);

  it('counts a location: one counts event sets the shelf to what was counted', async () => {
    const before = (await quant())?.on_hand ?? 0;
    await scanner.startCount();
    await scanner.scan(`LOC:${SHELF}`);
    await scanner.expectFeedback(/Counting/);
    await scanner.scan(`(01)${gtin14}(17)301231(10)${LOT}`);
    await scanner.expectFeedback(/1 counted/);
    await scanner.typeQuantity(String(before + 1));
    await scanner.expectFeedback(new RegExp(`${before + 1} counted`));
    await scanner.saveCount();
    await expect.poll(() => scanner.countOutcome(), { timeout: 30_000 }).toMatch(/^Recorded/);
    const counts = await env.server.db.query<{ payload: { lines: { counted: number; lot?: string }[] } }>(
      `SELECT payload FROM events WHERE collection = 'counts' AND payload->'lines'->0->>'productId' = $1`, [productId]);
    expect(counts.map((c) => c.payload.lines)).toEqual([[{ productId, lot: LOT, counted: before + 1 }]]);
    expect((await quant())?.on_hand).toBe(before + 1);
    expect(await reservationViolations(env.server.db)).toEqual([]);
    const tb = await trialBalance(env.server.db);
    expect(tb.totals.debit).toBe(tb.totals.credit);
    await page.getByRole('button', { name: 'Done' }).click();
  }, 120_000);

  it('shows the server outcome when another station claimed first and the order was cancelled while the station was cut off', async () => {
    const o = await order(2);
    await page.getByRole('button', { name: `Open ${o.reference}` }).waitFor({ timeout: 30_000 });
    const cut = `${env.url}/api/**`;
    await context?.route(cut, (route) => route.abort('internetdisconnected'));
    await scanner.openPicking(o.reference);
    const other = await env.server.pairDevice('scanner', 'WH1', 'Station B');
    await pushEvents(env.server, other, [pickingEvent(other, 'claim', o.pickingId)]);
    expect((await env.server.api(`/api/orders/${o.orderId}/cancel`, { token: channelKey, body: {} })).status).toBe(200);
    await scanner.scan(`LOC:${SHELF}`);
    await scanner.expectFeedback(/A-01-01/);
    await scanner.scan(`(01)${gtin14}(17)301231(10)${LOT}`);
    await scanner.expectFeedback(/1 of 2/);
    await scanner.validate(true);
    expect(await scanner.validationOutcome()).toMatch(/Waiting for the server/);

    await context?.unroute(cut);
    await expect.poll(() => scanner.validationOutcome(), { timeout: 60_000 }).toMatch(/^WH1\/OUT\/\d+ was cancelled \(order cancelled\) but the station shipped it/);
    await expect.poll(() => scanner.claimOutcome(), { timeout: 30_000 }).toMatch(/^Claim: .*(is cancelled; nothing to do|is being worked by station Station B)/);
    expect(await validations(o.pickingId)).toHaveLength(1);
    expect(await reservationViolations(env.server.db)).toEqual([]);
  }, 180_000);
});
