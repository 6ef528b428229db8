// Waiting work is offered stock that arrived while it was being created (warehouse/waiting-sweep.ts,
// docs/warehouse.md "Waiting pickings and stock that arrived meanwhile"): an order waits for a
// product at a site while a receipt puts the product on a shelf that had none of it, each in its own
// transaction; neither sees the other, and without the sweep the order waits with the stock on the
// shelf until some later stock change of the product. On PGlite and PostgreSQL; the interleaving
// itself needs two connections, so it runs on PostgreSQL, and both drivers check the state it leaves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbKind } from '../../sync-server/db/db.ts';
import type { ServerOptions } from '../../sync-server/http/server.ts';
import { applyMoves } from '../../sync-server/stock/moves.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import type { OrderView } from '../../sync-server/warehouse/order-view.ts';
import { fillWaiting } from '../../sync-server/warehouse/pickings.ts';
import { offerStockToWaiting } from '../../sync-server/warehouse/waiting-sweep.ts';
import { WorkContext } from '../../sync-server/warehouse/work-context.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { idemPost, makeProduct, reservationViolations } from './wh-harness.ts';

/** Puts `qty` of a product on a WH1 shelf from the supplier, as a receipt's stock move does. */
async function shelve(db: Db, productId: string, qty: number, shelf: string, lot?: { lot: string; expiry: string }): Promise<{ siteId: string; locationId: string; supplierId: string }> {
  const [loc] = await db.query<{ id: string; site_id: string; supplier: string }>(
    `SELECT l.id, l.site_id, (SELECT v.id FROM locations v WHERE v.site_id = l.site_id AND v.usage = 'supplier') AS supplier
     FROM locations l WHERE l.full_name = $1`,
    [shelf],
  );
  if (!loc) throw new Error(`no location ${shelf}`);
  const where = { siteId: loc.site_id, locationId: loc.id, supplierId: loc.supplier };
  await db.transaction((tx) => applyMoves(tx, [{ productId, qty, fromLocationId: where.supplierId, toLocationId: where.locationId, reason: 'receipt', ...(lot ?? {}) }]));
  return where;
}

/** A web order of `qty` of one product; it must be accepted. */
async function placeOrder(s: TestServer, key: string, ref: string, productId: string, qty: number): Promise<OrderView> {
  const res = await idemPost(s, key, ref, { channel: 'web', externalRef: ref, lines: [{ productId, qty }] });
  expect(res.status).toBe(201);
  return res.body as OrderView;
}

async function orderNow(s: TestServer, key: string, id: string): Promise<OrderView> {
  return (await s.api(`/api/orders/${id}`, { token: key })).body as OrderView;
}

/** A test server of `kind` with a web channel's key, for the describe block that calls it. */
function useShop(kind: DbKind, skip: boolean, waitingSweep: ServerOptions['waitingSweep']): { s: TestServer; key: string } {
  const shop = {} as { s: TestServer; key: string };
  beforeAll(async () => {
    if (skip) return;
    shop.s = await startTestServer(kind, { products: 10, server: { waitingSweep } });
    shop.key = (await createChannelKey(shop.s.db, 'web', 'sweep shop')).key;
  });
  afterAll(async () => {
    await shop.s?.close();
  });
  return shop;
}

describe.each(testDrivers)('waiting pickings offered stock they missed on $kind', ({ kind, skip }) => {
  // The periodic sweep is off here: each test calls it, so what it finds before is seen.
  const shop = useShop(kind, skip, false);
  let run = 0;
  const order = (productId: string, qty: number): Promise<OrderView> => placeOrder(shop.s, shop.key, `SWEEP-${(run += 1)}`, productId, qty);
  const view = (id: string): Promise<OrderView> => orderNow(shop.s, shop.key, id);

  it.skipIf(skip)('an order waiting while stock it could take is on the shelf is served by the next sweep, oldest first, once', async () => {
    const p = await makeProduct(shop.s.db, []);
    const first = await order(p, 2);
    const second = await order(p, 3);
    expect(first.lines[0]).toMatchObject({ reserved: 0, backordered: 2 });
    expect(first.pickings.map((x) => [x.warehouse, x.state])).toEqual([['WH1', 'waiting']]);
    // The state the interleaving below leaves: stock shelved by a writer that offered it to nobody.
    await shelve(shop.s.db, p, 4, 'WH1/Stock/A-01-01');
    expect((await view(first.orderId)).lines[0]).toMatchObject({ reserved: 0, backordered: 2 });

    expect(await offerStockToWaiting(shop.s.db, new Date())).toBe(1);
    const a = await view(first.orderId);
    const b = await view(second.orderId);
    expect(a.lines[0]).toMatchObject({ reserved: 2, backordered: 0 });
    expect(a.pickings.map((x) => x.state)).toEqual(['ready']);
    // The older order first; the younger takes what is left (2 of 3) and waits for the rest.
    expect(b.lines[0]).toMatchObject({ reserved: 2, backordered: 1 });
    expect(await reservationViolations(shop.s.db)).toEqual([]);
    // Nothing free is left for the waiting rest: the next sweep finds nothing and writes nothing.
    expect(await offerStockToWaiting(shop.s.db, new Date())).toBe(0);
  });

  it.skipIf(skip)('stock a waiting line cannot take — expired, or another lot than the one it asks for — is not offered', async () => {
    const p = await makeProduct(shop.s.db, [{ site: 'WH1', qty: 3, lot: 'OLD', expiry: '2001-01-01', location: 'WH1/Stock/A-01-02' }], { tracking: 'lot' });
    const waiting = await order(p, 1);
    expect(waiting.lines[0]).toMatchObject({ reserved: 0, backordered: 1 });
    expect(await offerStockToWaiting(shop.s.db, new Date())).toBe(0);
    expect((await view(waiting.orderId)).lines[0]).toMatchObject({ reserved: 0, backordered: 1 });
    // A good lot shelved without an offer is taken by the sweep.
    await shelve(shop.s.db, p, 1, 'WH1/Stock/A-01-02', { lot: 'NEW', expiry: '2099-01-01' });
    expect(await offerStockToWaiting(shop.s.db, new Date())).toBe(1);
    expect((await view(waiting.orderId)).lines[0]).toMatchObject({ reserved: 1, backordered: 0 });
  });
});

// Two transactions at once: PGlite has one connection, so the interleaving is PostgreSQL's alone.
describe.each(testDrivers.filter((d) => d.kind === 'postgres'))('a receipt and an order that miss each other on $kind', ({ kind, skip }) => {
  const shop = useShop(kind, skip, false);
  const order = (productId: string, qty: number): Promise<OrderView> => placeOrder(shop.s, shop.key, 'SWEEP-RACE', productId, qty);
  const view = (id: string): Promise<OrderView> => orderNow(shop.s, shop.key, id);

  it.skipIf(skip)('a receipt onto a new shelf and an order that misses it, committed in that order, leave the order waiting until the sweep', async () => {
    const p = await makeProduct(shop.s.db, []);
    const [loc] = await shop.s.db.query<{ id: string; site_id: string; supplier: string }>(
      `SELECT l.id, l.site_id, (SELECT v.id FROM locations v WHERE v.site_id = l.site_id AND v.usage = 'supplier') AS supplier
       FROM locations l WHERE l.full_name = 'WH1/Stock/A-01-03'`,
    );
    if (!loc) throw new Error('no shelf');
    // The receipt: a new quant, then its offer to the waiting work (none yet), then it waits to commit.
    let shelved!: () => void;
    const shelvedNow = new Promise<void>((resolve) => (shelved = resolve));
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    const receipt = shop.s.db.transaction(async (tx) => {
      await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
      await applyMoves(tx, [{ productId: p, qty: 5, fromLocationId: loc.supplier, toLocationId: loc.id, reason: 'receipt' }]);
      const ctx = new WorkContext(tx);
      ctx.free(loc.site_id, p);
      await fillWaiting(ctx);
      shelved();
      await committing;
    });
    await shelvedNow;
    // The order locks the product's quants that exist (none committed) and is not held up.
    const missed = await order(p, 2);
    expect(missed.lines[0]).toMatchObject({ reserved: 0, backordered: 2 });
    commit();
    await receipt;
    // Both committed; the stock is on the shelf and the order still waits for it.
    const [quant] = await shop.s.db.query<{ on_hand: number; reserved: number }>('SELECT on_hand, reserved FROM quants WHERE product_id = $1 AND location_id = $2', [p, loc.id]);
    expect(quant).toEqual({ on_hand: 5, reserved: 0 });
    expect((await view(missed.orderId)).lines[0]).toMatchObject({ reserved: 0, backordered: 2 });

    expect(await offerStockToWaiting(shop.s.db, new Date())).toBe(1);
    expect((await view(missed.orderId)).lines[0]).toMatchObject({ reserved: 2, backordered: 0 });
    expect(await reservationViolations(shop.s.db)).toEqual([]);
  });
});

describe.each(testDrivers)('the waiting sweep of a server process on $kind', ({ kind, skip }) => {
  const shop = useShop(kind, skip, { intervalMs: 100 });

  it.skipIf(skip)('runs on its own: a waiting order is served within a few intervals of the stock being shelved', async () => {
    const { s, key } = shop;
    const p = await makeProduct(s.db, []);
    const waiting = await placeOrder(s, key, 'SWEEP-JOB', p, 1);
    expect(waiting.lines[0]).toMatchObject({ reserved: 0, backordered: 1 });
    await shelve(s.db, p, 1, 'WH1/Stock/A-01-01');
    await expect.poll(async () => (await orderNow(s, key, waiting.orderId)).lines[0]?.reserved, { timeout: 10_000, interval: 100 }).toBe(1);
  });
});
