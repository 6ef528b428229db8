// Stock documents are the quants themselves (migration 050): every change of a quant — through
// stock moves, or any other writer such as a reservation — takes the next feed number, and a
// device pulling `stock` from its checkpoint gets exactly the changed quants of its own site.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StockLevel } from '../../shared/schemas/index.ts';
import type { PairedDevice } from '../../sync-server/devices/pairing.ts';
import { lockFeed } from '../../sync-server/feed/publish.ts';
import { siteLocations } from '../../sync-server/pos/site-locations.ts';
import { applyMoves } from '../../sync-server/stock/moves.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

type Page = { documents: (StockLevel & { _deleted: boolean })[]; checkpoint: { seq: number } };

describe.each(testDrivers)('the stock feed on $kind', ({ kind, skip }) => {
  let s: TestServer;
  let till: PairedDevice;

  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: 20 });
    till = await s.pairDevice('till', 'STORE1');
  });
  afterAll(async () => {
    await s?.close();
  });

  const pull = async (checkpoint?: { seq: number }): Promise<Page> => {
    const q = checkpoint ? `&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}` : '';
    const res = await s.api(`/api/sync/stock/pull?limit=10000${q}`, { token: till.token });
    expect(res.status).toBe(200);
    return res.body as Page;
  };

  it.skipIf(skip)('serves every quant of the site once, then exactly the quants that changed, in commit order', async () => {
    const first = await pull();
    const [row] = await s.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM quants q JOIN locations l ON l.id = q.location_id WHERE l.site_id = $1`,
      [till.siteId],
    );
    expect(first.documents).toHaveLength(row?.n ?? -1);
    expect(first.documents.every((d) => d.siteId === till.siteId && d._deleted === false)).toBe(true);
    expect((await pull(first.checkpoint)).documents).toEqual([]);

    const product = first.documents[0]?.productId as string;
    const other = first.documents.find((d) => d.productId !== product)?.productId as string;
    const loc = await siteLocations(s.db, till.siteId);
    const [elsewhere] = await s.db.query<{ id: string }>(`SELECT id FROM locations WHERE site_id = $1 AND usage = 'customer'`, [till.siteId]);
    // A sale-like move of one product, then a plain UPDATE of another (the trigger numbers it).
    await s.db.transaction(async (tx) => {
      await applyMoves(tx, [{ productId: product, qty: 2, fromLocationId: loc.stock, toLocationId: elsewhere?.id as string, reason: 'sale' }]);
    });
    await s.db.transaction(async (tx) => {
      await lockFeed(tx);
      await tx.query('UPDATE quants SET on_hand = on_hand + 5 WHERE product_id = $1 AND location_id = $2', [other, loc.stock]);
    });
    const next = await pull(first.checkpoint);
    expect(next.documents.map((d) => d.productId)).toEqual([product, other]);
    const before = (id: string): number => first.documents.find((d) => d.productId === id && d.locationId === loc.stock)?.onHand ?? NaN;
    expect(next.documents.map((d) => d.onHand)).toEqual([before(product) - 2, before(other) + 5]);
    expect(next.checkpoint.seq).toBeGreaterThan(first.checkpoint.seq);
    expect((await pull(next.checkpoint)).documents).toEqual([]);
  });
});
