// Issue 6 "Show": 50 concurrent orders over HTTP for a product with 10 units reserve exactly 10
// units — the rest is backordered, nothing goes negative — while scanner stations push counts of
// other products at the same time (orders and pushes lock the feed first: no deadlock). On PGlite
// (serialized) and PostgreSQL (real concurrency, 25 pooled connections).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PairedDevice } from '../../sync-server/devices/pairing.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import type { OrderView } from '../../sync-server/warehouse/order-view.ts';
import { countDoc } from '../support/events.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { idemPost, locationId, makeProduct, pickAll, type PickingDoc, pickingEvent, reservationViolations } from './wh-harness.ts';

describe.each(testDrivers)('reservation under concurrency on $kind', ({ kind, skip }) => {
  let s: TestServer;
  let key: string;
  let scanner: PairedDevice;

  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: 20, poolSize: 25 });
    key = (await createChannelKey(s.db, 'web', 'load')).key;
    scanner = await s.pairDevice('scanner', 'WH1');
  });
  afterAll(async () => {
    await s?.close();
  });

  it.skipIf(skip)('never reserves the same unit twice: 50 concurrent orders for 10 units reserve exactly 10', async () => {
    const p = await makeProduct(s.db, [
      { site: 'WH1', qty: 4, location: 'WH1/Stock/A-01-01' },
      { site: 'WH1', qty: 6, location: 'WH1/Stock/A-01-02' },
    ]);
    const other = await makeProduct(s.db, [{ site: 'WH1', qty: 100, location: 'WH1/Stock/B-02-02' }]);
    const shelf = await locationId(s.db, 'WH1/Stock/B-02-02');
    const orders = Array.from({ length: 50 }, (_, i) => idemPost(s, key, `c-${i}`, { channel: 'web', externalRef: `C-${i}`, lines: [{ productId: p, qty: 1 }] }));
    const counts = Array.from({ length: 5 }, (_, i) =>
      s.api('/api/sync/counts/push', { token: scanner.token, body: [{ newDocumentState: countDoc(scanner, shelf, [{ productId: other, counted: 100 - i }]) }] }));
    const results = await Promise.all(orders);
    const pushes = await Promise.all(counts);
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 50 }, () => 201));
    expect(pushes.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const lines = results.map((r) => (r.body as OrderView).lines[0]);
    expect(lines.filter((l) => l?.reserved === 1)).toHaveLength(10);
    expect(lines.filter((l) => l?.backordered === 1)).toHaveLength(40);
    const quants = await s.db.query<{ on_hand: number; reserved: number }>('SELECT on_hand, reserved FROM quants WHERE product_id = $1 ORDER BY location_id', [p]);
    expect(quants.reduce((sum, q) => sum + q.reserved, 0)).toBe(10);
    expect(quants.every((q) => q.on_hand >= q.reserved && q.reserved >= 0)).toBe(true);
    const [held] = await s.db.query<{ n: number }>('SELECT sum(qty)::int AS n FROM reservations WHERE product_id = $1', [p]);
    expect(held?.n).toBe(10);
    expect(await reservationViolations(s.db)).toEqual([]);
    // Retried requests (same key, same body) under concurrency return the stored order, never a new one.
    const retries = await Promise.all(Array.from({ length: 10 }, (_, i) => idemPost(s, key, `c-${i}`, { channel: 'web', externalRef: `C-${i}`, lines: [{ productId: p, qty: 1 }] })));
    expect(retries.every((r, i) => (r.body as OrderView).orderId === (results[i]?.body as OrderView).orderId)).toBe(true);
    const [n] = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM orders WHERE external_ref LIKE 'C-%'`);
    expect(n?.n).toBe(50);
  });

  it.skipIf(skip)('orders, cancellations and picking validations racing on the same hot product neither deadlock nor oversell', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 15, location: 'WH1/Stock/A-03-01' }, { site: 'WH1', qty: 15, location: 'WH1/Stock/A-03-02' }]);
    const first = await Promise.all(Array.from({ length: 20 }, (_, i) => idemPost(s, key, `m-${i}`, { channel: 'web', externalRef: `M-${i}`, lines: [{ productId: p, qty: 2 }] })));
    const orderIds = first.map((r) => (r.body as OrderView).orderId);
    const docs = await s.db.query<{ doc: PickingDoc }>(
      `SELECT d.doc FROM picking_docs d JOIN pickings pk ON pk.id = d.id WHERE pk.order_id = ANY($1::text[]) AND pk.state = 'ready' ORDER BY d.id`, [orderIds]);
    const validations = docs.slice(0, 8).map(({ doc }, i) =>
      s.api('/api/sync/picking_events/push', { token: scanner.token, body: [{ newDocumentState: pickingEvent({ ...scanner }, 'validate', doc.id, { lines: pickAll(doc, i % 2 === 0 ? 1 : 0.5), backorder: i % 3 !== 0 }) }] }));
    const cancels = orderIds.slice(10, 16).map((id) => s.api(`/api/orders/${id}/cancel`, { token: key, body: {} }));
    const more = Array.from({ length: 20 }, (_, i) => idemPost(s, key, `n-${i}`, { channel: 'web', externalRef: `N-${i}`, lines: [{ productId: p, qty: 1 }] }));
    const all = await Promise.all([...validations, ...cancels, ...more]);
    expect(all.filter((r) => r.status >= 500)).toEqual([]);
    expect(await s.db.query('SELECT reason FROM dead_letters')).toEqual([]);
    expect(await reservationViolations(s.db)).toEqual([]);
    const quants = await s.db.query<{ on_hand: number; reserved: number }>('SELECT on_hand, reserved FROM quants WHERE product_id = $1', [p]);
    expect(quants.every((q) => q.reserved >= 0 && q.reserved <= q.on_hand)).toBe(true);
  });
});
