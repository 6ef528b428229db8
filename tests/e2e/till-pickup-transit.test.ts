// Issue 16 point 1 at the till, in Chromium at 1024×768: a web click-and-collect order whose goods
// the store lacks is routed by a transfer from the warehouse. The cashier finds it in the Pickups
// screen at once — "Waiting for Demo Warehouse to send …", then "On its way — … sent <store time>"
// once the warehouse ships, offline too — and cannot hand any of it over; the sale screen's Pickups
// count leaves it out. When the store receives the transfer the order is ready and is handed over. Screenshots
// in the temp directory `aisle-till-pickups-transit`.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { formatStoreDateTime } from '../../shared/time/index.ts';
import { applyMoves } from '../../sync-server/stock/moves.ts';
import { orderView } from '../../sync-server/warehouse/order-view.ts';
import { submitOrder } from '../../sync-server/warehouse/orders.ts';
import { receiveInFull } from '../../sync-server/warehouse/receive.ts';
import { ackOf, pickAll, type PickingDoc, pickingEvent, pushEvents } from '../warehouse/wh-harness.ts';
import type { TillPage } from './pages/till-page.ts';
import { openShift, productIdOf, startTillE2e, stopTillE2e, type E2eProduct, type TillE2eServer } from './till-harness.ts';

const SHOTS = join(tmpdir(), 'aisle-till-pickups-transit');

describe('till pickups: goods on their way to the store', () => {
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

  /** Leaves `qty` of the product at the site's Stock and nothing else at the site (a count would). */
  async function stockOnly(productId: string, site: string, qty: number): Promise<void> {
    await env.server.db.transaction(async (tx) => {
      const [loc] = await tx.query<{ id: string; supplier: string; loss: string }>(
        `SELECT l.id, (SELECT v.id FROM locations v WHERE v.site_id = l.site_id AND v.usage = 'supplier') AS supplier,
                (SELECT v.id FROM locations v WHERE v.site_id = l.site_id AND v.usage = 'inventory_loss') AS loss
         FROM locations l WHERE l.full_name = $1`, [`${site}/Stock`],
      );
      if (!loc) throw new Error(`no ${site}/Stock`);
      const held = await tx.query<{ location_id: string; lot: string; on_hand: string }>(
        `SELECT q.location_id, q.lot, q.on_hand FROM quants q JOIN locations l ON l.id = q.location_id JOIN sites s ON s.id = l.site_id
         WHERE q.product_id = $1 AND s.code = $2 AND l.usage = 'internal' AND q.on_hand > 0`, [productId, site],
      );
      await applyMoves(tx, [
        ...held.map((h) => ({ productId, qty: Number(h.on_hand), fromLocationId: h.location_id, toLocationId: loc.loss, lot: h.lot, reason: 'count' as const })),
        ...(qty > 0 ? [{ productId, qty, fromLocationId: loc.supplier, toLocationId: loc.id, reason: 'receipt' as const }] : []),
      ]);
    });
  }

  it('shows an order routed by a transfer as on its way, not to hand over; once received it is ready and handed over', async () => {
    const [tea] = products as [E2eProduct];
    const tea_id = await productIdOf(env, tea.ean);
    await stockOnly(tea_id, 'STORE1', 0);
    await stockOnly(tea_id, 'WH1', 5);
    const [wh] = await env.server.db.query<{ name: string; time_zone: string | null }>(`SELECT name, time_zone FROM sites WHERE code = 'WH1'`);
    const [store] = await env.server.db.query<{ time_zone: string | null }>(`SELECT time_zone FROM sites WHERE code = 'STORE1'`);
    await openShift(till, env);

    const placed = await submitOrder(env.server.db, { id: 'e2e-shop', channel: 'web' }, 'web-4801', {
      channel: 'web', externalRef: 'WEB-4801', customer: { name: 'Ada Lovelace', email: 'ada@example.com' },
      fulfillment: { type: 'pickup', site: 'STORE1' }, lines: [{ productId: tea_id, qty: 2 }],
    });
    const order = placed.body;
    expect(order.lines[0]).toMatchObject({ reserved: 0, inTransit: 2 });

    // The cashier finds it: nothing to hand over, the warehouse has not sent it yet.
    await till.openPickups();
    await expect.poll(async () => { await till.findPickup('lovelace'); return till.arrivalNotes('WEB-4801'); }, { timeout: 60_000 })
      .toEqual([`Waiting for ${wh?.name ?? ''} to send 2 × ${tea.name}`]);
    const opened = page.getByRole('region', { name: 'Order WEB-4801' });
    expect(await opened.getByRole('row', { name: new RegExp(tea.name) }).getByRole('cell').allTextContents()).toEqual(expect.arrayContaining([tea.name, '2', '0', '0', '2']));
    expect(await page.getByRole('button', { name: 'Hand over', exact: true }).isDisabled()).toBe(true);
    expect(await opened.getByRole('status').textContent()).toContain('Nothing can be handed over yet');
    const queueRow = page.getByRole('region', { name: 'Pickup queue' }).getByRole('row', { name: /WEB-4801/ });
    expect(await queueRow.textContent()).toContain('Nothing yet — 2 items on the way');
    await page.screenshot({ path: join(SHOTS, 'pickup-waiting-for-warehouse-1024x768.png') });
    await page.getByRole('button', { name: 'Back to sale' }).click();
    // Not counted as an order to collect.
    expect(await till.pickupsWaiting()).toBe(0);

    // The warehouse's station ships it: the till says it is on its way, since when (store time).
    const dock = await env.server.pairDevice('scanner', 'WH1', 'Dock');
    const [link] = await env.server.db.query<{ shipment_id: string }>('SELECT shipment_id FROM pickup_transfers WHERE order_id = $1', [order.orderId]);
    const [shipment] = await env.server.db.query<{ doc: PickingDoc }>(`SELECT doc FROM replicated_docs WHERE collection = 'pickings' AND id = $1`, [link?.shipment_id ?? '']);
    if (!shipment) throw new Error('no transfer shipment');
    const shipped = pickingEvent(dock, 'validate', shipment.doc.id, { lines: pickAll(shipment.doc) });
    await pushEvents(env.server, dock, [shipped]);
    expect((await ackOf(env.server.db, shipped.id))?.status).toBe('applied');
    const [sent] = await env.server.db.query<{ done_at: string }>(`SELECT iso_utc(done_at) AS done_at FROM pickings WHERE id = $1`, [shipment.doc.id]);
    const sentAt = formatStoreDateTime(sent?.done_at ?? '', store?.time_zone ?? 'Europe/Paris');
    await till.openPickups();
    await expect.poll(async () => { await till.findPickup('WEB-4801'); return till.arrivalNotes('WEB-4801'); }, { timeout: 60_000 })
      .toEqual([`On its way — 2 × ${tea.name} from ${wh?.name ?? ''}, sent ${sentAt}`]);
    expect(await page.getByRole('button', { name: 'Hand over', exact: true }).isDisabled()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'pickup-on-its-way-1024x768.png') });
    // Offline, the till still finds it and says where the goods are (the replicated documents).
    await env.stopHttp();
    await expect.poll(() => page.getByLabel('Connection').textContent(), { timeout: 20_000 }).toBe('Offline');
    await page.getByRole('button', { name: 'Back to sale' }).click();
    await till.openPickups();
    await till.findPickup('lovelace');
    expect(await till.arrivalNotes('WEB-4801')).toEqual([`On its way — 2 × ${tea.name} from ${wh?.name ?? ''}, sent ${sentAt}`]);
    await env.startHttp();

    // The store receives the transfer (back office Receive): the order is ready and handed over.
    const [arrival] = await env.server.db.query<{ id: string }>(`SELECT id FROM pickings WHERE previous_step = $1 AND state = 'ready'`, [shipment.doc.id]);
    await receiveInFull(env.server.db, arrival?.id ?? '', await env.server.userId('admin'));
    expect((await orderView(env.server.db, order.orderId)).lines[0]).toMatchObject({ reserved: 2, backordered: 0 });
    // The order stays open from when nothing was here (0 to hand over): once the goods are in, it
    // offers the 2 ready, without being opened again.
    await expect.poll(() => till.arrivalNotes('WEB-4801'), { timeout: 60_000 }).toEqual([]);
    await expect.poll(() => page.getByRole('button', { name: 'Hand over', exact: true }).isDisabled(), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => page.getByLabel(`Hand over quantity ${tea.name}`).inputValue(), { timeout: 10_000 }).toBe('2');
    expect(await opened.getByRole('row', { name: new RegExp(tea.name) }).getByRole('cell').allTextContents()).toEqual(expect.arrayContaining(['2', '0', '2', '0']));
    expect(await opened.textContent()).toMatch(/collect by \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await page.screenshot({ path: join(SHOTS, 'pickup-arrived-ready-1024x768.png') });
    await page.getByRole('button', { name: 'Hand over', exact: true }).click();
    await page.getByRole('heading', { name: /^Order WEB-4801 handed over — receipt / }).waitFor({ timeout: 15_000 });
    expect((await page.getByLabel('Receipt').textContent()) ?? '').toContain(`2 × ${tea.name}`);
    await page.screenshot({ path: join(SHOTS, 'pickup-transit-handed-over-1024x768.png') });
    await till.newSale();
    await expect.poll(async () => (await orderView(env.server.db, order.orderId)).state, { timeout: 60_000 }).toBe('done');
  }, 300_000);
});
