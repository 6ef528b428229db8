// Returns by post in the back office, in Chromium against the real sync server: a manager opens a
// delivered web order's details, announces that the customer sends one unit back ("Expect a return":
// one return however often the button is pressed), sees it Expected with its reference, receives it
// in full and sees it Received with its credit note and the refund due on the order's payment;
// cancels another expected return; and reads the server's sentence when the channel announced the
// same units meanwhile (what she typed stays). It fits 1280×800, 1024×768 and 360×640 without
// sideways page scroll. Screenshots go to /tmp/aisle-admin-returns/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import type { ReturnRequestList } from '../../shared/channel-api/return-requests.ts';
import { formatStoreDateTime } from '../../shared/time/index.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import type { PairedDevice } from '../../sync-server/devices/pairing.ts';
import type { OrderView } from '../../sync-server/warehouse/order-view.ts';
import { launchChromium } from '../support/browser.ts';
import { ackOf, makeProduct, pickingDocs, pickingEvent, pushEvents } from '../warehouse/wh-harness.ts';
import { AdminPage } from './pages/admin-page.ts';
import { startTillServer, type TillE2eServer } from './till-harness.ts';

const SHOTS = '/tmp/aisle-admin-returns';

describe('returns by post in the back office', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let admin: AdminPage;
  let key: string;
  let order: OrderView;
  let station: PairedDevice;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await startTillServer({ products: 20 });
    const db = env.server.db;
    const tea = await makeProduct(db, [{ site: 'WH1', qty: 10 }], { price: 450 });
    await db.query(`UPDATE products SET name = 'Sencha green tea', sku = 'SKU-000201' WHERE id = $1`, [tea]);
    await db.query(`INSERT INTO channels (code, name) VALUES ('web', 'Web shop') ON CONFLICT (code) DO UPDATE SET name = excluded.name`);
    key = (await createChannelKey(db, 'web', 'shop')).key;
    const res = await env.server.api('/api/orders', {
      token: key, headers: { 'idempotency-key': 'WEB-6001' },
      body: { channel: 'web', externalRef: 'WEB-6001', customer: { name: 'Zoë Lefèvre', email: 'zoe@example.com' }, lines: [{ productId: tea, qty: 3 }] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    order = res.body as OrderView;
    // The warehouse ships all three (the web shop invoices on delivery: the shipment is invoiced).
    station = await env.server.pairDevice('scanner', 'WH1', 'Station');
    const doc = (await pickingDocs(db, order.orderId)).find((d) => d.state === 'ready');
    if (!doc) throw new Error('no ready picking for the order');
    const validate = pickingEvent(station, 'validate', doc.id, { lines: doc.lines.map((l) => ({ lineId: l.lineId, productId: l.productId, qty: l.qty, fromLocationId: l.fromLocationId })) });
    await pushEvents(env.server, station, [pickingEvent(station, 'claim', doc.id), validate]);
    expect((await ackOf(db, validate.id))?.status).toBe('applied');

    browser = await launchChromium();
    admin = new AdminPage(await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage());
    await admin.open(env.url, 'orders');
    await admin.login('manager', 'manager');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  const returnsOfOrder = async (): Promise<ReturnRequestList['returns']> => {
    const res = await env.server.api(`/api/orders/${order.orderId}/returns`, { token: key });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body as ReturnRequestList).returns;
  };
  const details = (): Locator => admin.page.getByRole('region', { name: 'Order WEB-6001' });
  const returns = (): Locator => details().getByRole('region', { name: 'Returns', exact: true });
  const card = (reference: string): Locator => returns().getByRole('region', { name: `Return ${reference}`, exact: true });
  /** Says yes to the next confirm dialog and gives back its question. */
  const accept = (): { question: string } => {
    const asked = { question: '' };
    admin.page.once('dialog', (d) => { asked.question = d.message(); void d.accept(); });
    return asked;
  };
  async function fitsAt(sizes: readonly [width: number, height: number, shot: string | null][], shotOf?: Locator): Promise<void> {
    for (const [width, height, shot] of sizes) {
      await admin.page.setViewportSize({ width, height });
      expect(await admin.horizontalOverflow(), `${width}×${height}`).toBeLessThanOrEqual(0);
      if (!shot) continue;
      if (shotOf) await shotOf.scrollIntoViewIfNeeded();
      await admin.page.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: width < 640 });
    }
    await admin.page.setViewportSize({ width: 1280, height: 800 });
  }

  it('expects one unit back, receives it in full and shows the credit note and the refund due', async () => {
    const page = admin.page;
    await admin.filter('orders', 'State', 'All');
    await admin.search('WEB-6001', 'orders');
    const row = admin.list('orders').getByRole('row', { name: 'Order WEB-6001', exact: true });
    await row.getByRole('button', { name: 'Details' }).click();
    await returns().getByText('No return announced for this order.').waitFor({ timeout: 15_000 });

    await returns().getByRole('button', { name: 'Expect a return' }).click();
    const form = page.getByRole('form', { name: 'Expect a return of order WEB-6001' });
    expect(await form.getByRole('group', { name: 'Sencha green tea' }).innerText()).toContain('3 delivered: up to 3');
    // The warehouses by name; by default the server chooses (the site that shipped the order).
    const where = form.getByLabel('Warehouse that takes it in');
    expect(await where.evaluate((s) => Array.from((s as HTMLSelectElement).options).map((o) => o.label))).toEqual(['The one that shipped it', 'Demo Warehouse']);
    await form.getByLabel('Quantity of Sencha green tea').fill('1');
    await form.getByLabel('Reason').fill('Too small');
    await fitsAt([[1280, 800, null], [1024, 768, 'expect-form-1024'], [360, 640, 'expect-form-360']], form);
    // A double click posts one return (one Idempotency-Key per opening of the form).
    await form.getByRole('button', { name: 'Announce the return' }).dblclick();
    const status = returns().getByRole('status');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/^Return \S+ is expected at Demo Warehouse: give the customer this reference to write on the parcel\.$/);
    const [made, ...more] = await returnsOfOrder();
    expect(more).toEqual([]);
    const reference = made?.receipts[0]?.reference ?? '';
    expect(made).toMatchObject({ state: 'expected', reason: 'Too small', warehouse: { code: 'WH1' }, lines: [{ qty: 1, restock: true }] });
    expect(await status.textContent()).toContain(`Return ${reference} is expected`);

    const expected = card(reference);
    await expected.waitFor();
    const when = formatStoreDateTime(made?.createdAt ?? '', 'Europe/Paris');
    expect(await expected.getByRole('heading').innerText()).toBe(`Return ${reference} · Expected`);
    expect(await expected.innerText()).toContain(`To Demo Warehouse, announced in the back office on ${when} (Europe/Paris). Reason: “Too small”.`);
    expect(await expected.getByRole('row').nth(1).innerText()).toBe('Sencha green tea\t1\t0');
    // Nothing is credited before the parcel arrives (no "€0.00 due").
    expect(await expected.innerText()).toContain('The order is credited for what arrives.');
    expect(await expected.innerText()).not.toContain('Refund due');
    expect(await details().innerText()).not.toContain(order.orderId);
    await fitsAt([[1280, 800, null], [1024, 768, 'expected-1024'], [360, 640, 'expected-360']], expected);

    const asked = accept();
    await expected.getByRole('button', { name: 'Receive in full' }).click();
    await expect.poll(() => expected.getByRole('heading').innerText(), { timeout: 15_000 }).toBe(`Return ${reference} · Received`);
    expect(asked.question).toBe(`Receive everything still expected on return ${reference} of order WEB-6001 into Demo Warehouse now? The order is credited for it.`);
    const [received] = await returnsOfOrder();
    const note = received?.creditNotes[0]?.number ?? '';
    expect(note).toMatch(/^CN-\d+$/);
    expect(received?.refundToOrderPayment).toBe(450);
    expect(await expected.innerText()).toContain(`Credit note ${note} (€4.50). Refund due on the order's payment: €4.50`);
    expect(await expected.getByRole('row').nth(1).innerText()).toBe('Sencha green tea\t1\t1');
    expect(await status.textContent()).toBe(`Received return ${reference} at Demo Warehouse. Credit note ${note} (€4.50). Refund due on the order's payment: €4.50.`);
    expect(await expected.getByRole('button').count()).toBe(0);
    // The order's line counts it as returned, and its invoices list the credit note.
    await expect.poll(() => details().getByRole('row').nth(1).innerText(), { timeout: 10_000 }).toMatch(/\t3\t0\t0\t3\t0\t1\t€4\.50\t—$/);
    expect(await details().getByRole('region', { name: 'Invoices' }).innerText()).toContain(note);
    await fitsAt([[1024, 768, 'received-1024'], [360, 640, 'received-360']], expected);
  }, 120_000);

  /** Closes and opens the order's details again: they read its returns anew. */
  const reopen = async (): Promise<void> => {
    const details = admin.list('orders').getByRole('row', { name: 'Order WEB-6001', exact: true }).getByRole('button', { name: 'Details' });
    await details.click();
    await details.click();
  };

  it('cancels an expected return, marked damaged, once no station is receiving it', async () => {
    await returns().getByRole('button', { name: 'Expect a return' }).click();
    const form = admin.page.getByRole('form', { name: 'Expect a return of order WEB-6001' });
    expect(await form.getByRole('group', { name: 'Sencha green tea' }).innerText()).toContain('3 delivered · 1 returned: up to 2');
    await form.getByLabel('Quantity of Sencha green tea').fill('1');
    await form.getByLabel('Damaged — do not restock: Sencha green tea').check();
    await form.getByRole('button', { name: 'Announce the return' }).click();
    await expect.poll(async () => (await returnsOfOrder()).length, { timeout: 15_000 }).toBe(2);
    const [damaged] = await returnsOfOrder();
    expect(damaged?.lines).toEqual([expect.objectContaining({ qty: 1, restock: false })]);
    const reference = damaged?.receipts[0]?.reference ?? '';
    const it2 = card(reference);
    await it2.waitFor({ timeout: 10_000 });
    expect(await it2.getByRole('row').nth(1).innerText()).toBe('Sencha green tea · damaged\t1\t0');

    // A picker starts receiving the parcel: the page offers neither button, and says why.
    const pickingId = damaged?.receipts[0]?.pickingId ?? '';
    await pushEvents(env.server, station, [pickingEvent(station, 'claim', pickingId)]);
    await reopen();
    await expect.poll(() => it2.innerText(), { timeout: 10_000 }).toContain('A scanner station at Demo Warehouse is receiving it: it can be neither received nor cancelled here meanwhile.');
    expect(await it2.getByRole('button').count()).toBe(0);
    await pushEvents(env.server, station, [pickingEvent(station, 'release', pickingId)]);
    await reopen();
    await it2.getByRole('button', { name: 'Cancel return' }).waitFor({ timeout: 10_000 });

    const asked = accept();
    await it2.getByRole('button', { name: 'Cancel return' }).click();
    await expect.poll(() => it2.getByRole('heading').innerText(), { timeout: 15_000 }).toBe(`Return ${reference} · Cancelled`);
    expect(asked.question).toBe(`Cancel return ${reference} of order WEB-6001? Demo Warehouse no longer expects what has not arrived.`);
    expect(await returns().getByRole('status').textContent()).toBe(`Cancelled return ${reference}: Demo Warehouse no longer expects it.`);
    expect(await it2.getByRole('button').count()).toBe(0);
    expect((await returnsOfOrder()).map((r) => r.state)).toEqual(['cancelled', 'received']);
  }, 60_000);

  it('shows the server\'s sentence when the channel announced the same units meanwhile, and keeps what was typed', async () => {
    await returns().getByRole('button', { name: 'Expect a return' }).click();
    const form = admin.page.getByRole('form', { name: 'Expect a return of order WEB-6001' });
    await form.getByLabel('Quantity of Sencha green tea').fill('2');
    await form.getByLabel('Reason').fill('Changed her mind');
    // Meanwhile the web shop announces the two units still with the customer.
    const line = order.lines[0]?.lineId ?? '';
    const channel = await env.server.api(`/api/orders/${order.orderId}/returns`, { token: key, headers: { 'idempotency-key': 'web-rma-1' }, body: { lines: [{ orderLineId: line, qty: 2 }] } });
    expect(channel.status, JSON.stringify(channel.body)).toBe(201);

    await form.getByRole('button', { name: 'Announce the return' }).click();
    const refusal = form.getByRole('alert');
    await refusal.waitFor({ timeout: 15_000 });
    const said = (await refusal.innerText()).trim();
    // The server's sentence for people (what was delivered, returned and expected), never an error code.
    expect(said).toContain('2 × Sencha green tea cannot be announced for order WEB-6001: 3 delivered, 1 already returned, 2 already expected back');
    expect(said).not.toMatch(/over_return/);
    expect(await form.getByLabel('Quantity of Sencha green tea').inputValue()).toBe('2');
    expect(await form.getByLabel('Reason').inputValue()).toBe('Changed her mind');
    // The channel's return is listed, and the form now says what is left: nothing.
    await expect.poll(() => returns().getByRole('region', { name: /^Return / }).count(), { timeout: 10_000 }).toBe(3);
    expect(await form.getByRole('group', { name: 'Sencha green tea' }).innerText()).toContain('3 delivered · 1 returned · 2 already expected back: nothing more to announce');
    expect(await form.innerText()).toContain('Everything delivered is returned or already expected back.');
    expect(await form.getByRole('button', { name: 'Announce the return' }).isDisabled()).toBe(true);
    expect(await returns().getByRole('region', { name: /^Return / }).first().innerText()).toContain('announced by Web shop');
    expect(await returnsOfOrder()).toHaveLength(3);
    await fitsAt([[1024, 768, 'refused-1024'], [360, 640, 'refused-360']], form);
  }, 60_000);
});
