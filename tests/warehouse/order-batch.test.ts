// Group commit of channel orders (issue 18 point 3, sync-server/warehouse/order-batch.ts): orders
// submitted together share one transaction; the same Idempotency-Key posted concurrently gives one
// order; an order that fails inside a batch is rolled back alone (its neighbours commit and take
// the units it would have taken); zero oversell when batches of two server processes race on the
// same quants — on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, withQuery } from '../../sync-server/db/db.ts';
import { openPostgres } from '../../sync-server/db/pg-driver.ts';
import { seedDemo } from '../../sync-server/seed/demo-seed.ts';
import { submitAlone, submitOrder, type OrderResult } from '../../sync-server/warehouse/orders.ts';
import { createChannelKey, rememberedChannelKey, revokeChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import { sha256Hex } from '../../sync-server/security/secrets.ts';
import { WarehouseError } from '../../sync-server/warehouse/errors.ts';
import { ensureRouteAreas } from '../../sync-server/warehouse/sites.ts';
import { createTestDb, type TestDb, testDrivers, wrapTransactions } from '../support/test-db.ts';
import { makeProduct, reservationViolations } from './wh-harness.ts';

const shop = { id: 'key:batch-test', channel: 'web' };

/**
 * The same database, counting its transactions; with `at`, the first statement of a transaction
 * that matches it waits until `open()` is called (`reached` resolves when it is about to wait):
 * orders submitted meanwhile arrive while a batch is at that point.
 */
function gated(db: Db, at?: RegExp): { db: Db; transactions: () => number; reached: Promise<void>; open: () => void } {
  let n = 0;
  let arrive = (): void => undefined;
  const reached = new Promise<void>((resolve) => { arrive = resolve; });
  let open = (): void => undefined;
  const gate = new Promise<void>((resolve) => { open = resolve; });
  let waited = false;
  const wrapped = wrapTransactions(db, (tx) => {
    n++;
    return withQuery(tx, async (sql, params) => {
      if (!waited && at?.test(sql)) {
        waited = true;
        arrive();
        await gate;
      }
      return tx.query(sql, params);
    });
  });
  return { db: wrapped, transactions: () => n, reached, open };
}

describe.each(testDrivers)('order batches on $kind', ({ kind, skip }) => {
  let t: TestDb;

  beforeAll(async () => {
    if (skip) return;
    t = await createTestDb(kind);
    await seedDemo(t.db, { products: 5 });
    // The route's Output and Pack areas exist before the first order (else every first order of a
    // batch is left to its own transaction, which makes them).
    await ensureRouteAreas(t.db);
  });
  afterAll(async () => {
    await t?.close();
  });

  it.skipIf(skip)('orders submitted together are written in one transaction, each with its own reservations', async () => {
    const p = await makeProduct(t.db, [{ site: 'WH1', qty: 10 }]);
    const c = gated(t.db);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      submitOrder(c.db, shop, `together-${i}`, { channel: 'web', externalRef: `TOGETHER-${i}`, lines: [{ productId: p, qty: 2 }] })));
    expect(c.transactions()).toBe(1);
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 8 }, () => 201));
    expect(results.map((r) => r.body.lines[0]?.reserved)).toEqual([2, 2, 2, 2, 2, 0, 0, 0]);
    expect(results.map((r) => r.body.lines[0]?.backordered)).toEqual([0, 0, 0, 0, 0, 2, 2, 2]);
    expect(new Set(results.map((r) => r.body.orderId)).size).toBe(8);
    expect(await reservationViolations(t.db)).toEqual([]);
  });

  it.skipIf(skip)('orders of requests handled in one turn of the event loop start one batch with one read of them all', async () => {
    const p = await makeProduct(t.db, [{ site: 'WH1', qty: 10 }]);
    let reads = 0;
    const counted = wrapTransactions(t.db, (tx) => withQuery(tx, (sql, params) => {
      if (/AS k\(principal, idem_key\)/.test(sql)) reads++;
      return tx.query(sql, params);
    }));
    // Each order from a callback of its own, as the HTTP requests that arrived together are handled:
    // the batch starts after them all, so none of them joins late (one more read of the orders).
    const results = await Promise.all([0, 1, 2, 3].map((i) => new Promise<OrderResult>((resolve, reject) => {
      setImmediate(() => {
        submitOrder(counted, shop, `turn-${i}`, { channel: 'web', externalRef: `TURN-${i}`, lines: [{ productId: p, qty: 1 }] }).then(resolve, reject);
      });
    })));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(reads).toBe(1);
    expect(results.map((r) => r.body.lines[0]?.reserved)).toEqual([1, 1, 1, 1]);
  });

  it.skipIf(skip)('a batch plans its statements once without their values on PostgreSQL (generic plans, for its transaction only)', async () => {
    const p = await makeProduct(t.db, [{ site: 'WH1', qty: 10 }]);
    const modes: string[] = [];
    const watched = wrapTransactions(t.db, (tx) => {
      let asked = false;
      return withQuery(tx, async (sql, params) => {
        if (!asked) {
          asked = true;
          modes.push((await tx.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode'))[0]?.plan_cache_mode ?? '');
        }
        return tx.query(sql, params);
      });
    });
    const results = await Promise.all([0, 1, 2].map((i) =>
      submitOrder(watched, shop, `generic-${i}`, { channel: 'web', externalRef: `GENERIC-${i}`, lines: [{ productId: p, qty: 1 }] })));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    // PGlite names no statements, so it has nothing to plan once.
    expect(modes).toEqual([kind === 'postgres' ? 'force_generic_plan' : 'auto']);
    expect(await t.db.transaction((tx) => tx.query('SHOW plan_cache_mode'))).toEqual([{ plan_cache_mode: 'auto' }]);
  });

  it.skipIf(skip)('orders that arrive while a batch reads join it before it locks: one transaction, planned in arrival order', async () => {
    const p = await makeProduct(t.db, [{ site: 'WH1', qty: 5 }]);
    // The batch of the first order waits at its first read (replays, products) for the others.
    const g = gated(t.db, /AS k\(principal, idem_key\)/);
    const post = (i: number): Promise<OrderResult> => submitOrder(g.db, shop, `early-${i}`, { channel: 'web', externalRef: `EARLY-${i}`, lines: [{ productId: p, qty: 2 }] });
    const first = post(0);
    await g.reached;
    const later = [1, 2, 3].map(post);
    g.open();
    const results = await Promise.all([first, ...later]);
    expect(g.transactions()).toBe(1);
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(results.map((r) => r.body.lines[0]?.reserved)).toEqual([2, 2, 1, 0]);
    expect(results.map((r) => r.body.lines[0]?.backordered)).toEqual([0, 0, 1, 2]);
    expect(await reservationViolations(t.db)).toEqual([]);
  });

  it.skipIf(skip)('orders that arrive while a batch waits for its quant locks join it when it locked what they take; the others wait for the next batch', async () => {
    const p = await makeProduct(t.db, [{ site: 'WH1', qty: 3 }]);
    const other = await makeProduct(t.db, [{ site: 'WH1', qty: 3 }]);
    const g = gated(t.db, /FOR UPDATE OF q/);
    const post = (key: string, productId: string, qty: number, extra: object = {}): Promise<OrderResult> =>
      submitOrder(g.db, shop, key, { channel: 'web', externalRef: key.toUpperCase(), lines: [{ productId, qty }], ...extra });
    const first = post('lock-first', p, 2);
    await g.reached;
    // Same product: joins. Another product: not locked by this batch, next batch. A replay of the
    // first order's key with another body: refused now, whichever batch it is in.
    const covered = post('lock-covered', p, 2);
    const uncovered = post('lock-uncovered', other, 1);
    const reused = post('lock-first', p, 1);
    g.open();
    const [a, b, c] = await Promise.all([first, covered, uncovered]);
    await expect(reused).rejects.toMatchObject({ code: 'idempotency_key_reused' });
    expect(g.transactions()).toBe(2);
    expect(a?.body.lines[0]).toMatchObject({ reserved: 2, backordered: 0 });
    // Planned on the quants the first order left: 1 of 3.
    expect(b?.body.lines[0]).toMatchObject({ reserved: 1, backordered: 1 });
    expect(c?.body.lines[0]).toMatchObject({ reserved: 1, backordered: 0 });
    // The transaction that wrote each order: the covered one shares the first one's.
    const txOf = new Map((await t.db.query<{ external_ref: string; tx: string }>(
      `SELECT external_ref, xmin::text AS tx FROM orders WHERE external_ref IN ('LOCK-FIRST', 'LOCK-COVERED', 'LOCK-UNCOVERED')`,
    )).map((r) => [r.external_ref, r.tx]));
    expect(txOf.get('LOCK-COVERED')).toBe(txOf.get('LOCK-FIRST'));
    expect(txOf.get('LOCK-UNCOVERED')).not.toBe(txOf.get('LOCK-FIRST'));
    expect(await reservationViolations(t.db)).toEqual([]);
  });

  it.skipIf(skip)('the same Idempotency-Key posted concurrently gives one order; another body with it is refused', async () => {
    const p = await makeProduct(t.db, [{ site: 'WH1', qty: 10 }]);
    const body = { channel: 'web', externalRef: 'SAME-KEY', lines: [{ productId: p, qty: 1 }] };
    const same = await Promise.all(Array.from({ length: 5 }, () => submitOrder(t.db, shop, 'same-key', body)));
    expect(new Set(same.map((r) => r.body.orderId)).size).toBe(1);
    expect(same.filter((r) => !r.replayed)).toHaveLength(1);
    expect(same.every((r) => r.status === 201)).toBe(true);
    const [n] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM orders WHERE external_ref = 'SAME-KEY'`);
    expect(n?.n).toBe(1);
    const [held] = await t.db.query<{ n: number }>('SELECT sum(qty)::int AS n FROM reservations WHERE product_id = $1', [p]);
    expect(held?.n).toBe(1);

    const mixed = await Promise.allSettled([
      submitOrder(t.db, shop, 'other-body', { ...body, externalRef: 'OTHER-BODY' }),
      submitOrder(t.db, shop, 'other-body', { ...body, externalRef: 'OTHER-BODY', lines: [{ productId: p, qty: 2 }] }),
    ]);
    expect(mixed[0]).toMatchObject({ status: 'fulfilled' });
    expect(mixed[1]).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ code: 'idempotency_key_reused' }) });
  });

  it.skipIf(skip)('an order failing inside a batch fails alone: its neighbours commit and take the units it would have held', async () => {
    const p = await makeProduct(t.db, [{ site: 'WH1', qty: 3 }]);
    // Fails the order at its very end, after its reservations were written.
    await t.db.query(`CREATE FUNCTION test_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.idem_key = 'poisoned' THEN RAISE EXCEPTION 'poisoned order'; END IF; RETURN NEW; END $$`);
    await t.db.query('CREATE TRIGGER test_poison BEFORE INSERT ON order_requests FOR EACH ROW EXECUTE FUNCTION test_poison()');
    try {
      const post = (key: string, extra: object = {}): Promise<OrderResult> =>
        submitOrder(t.db, shop, key, { channel: 'web', externalRef: key.toUpperCase(), lines: [{ productId: p, qty: 1 }], ...extra });
      const settled = await Promise.allSettled([
        post('first'), post('poisoned'), post('unknown-product', { lines: [{ productId: 'no-such-product', qty: 1 }] }), post('second'), post('third'),
      ]);
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
      expect(settled[1]).toMatchObject({ reason: expect.objectContaining({ message: expect.stringContaining('poisoned order') }) });
      expect(settled[2]).toMatchObject({ reason: expect.any(WarehouseError) });
      const done = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      expect(done.map((r) => r.body.lines[0]?.reserved)).toEqual([1, 1, 1]);
      const refs = await t.db.query<{ external_ref: string }>('SELECT o.external_ref FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE l.product_id = $1 ORDER BY 1', [p]);
      expect(refs.map((r) => r.external_ref)).toEqual(['FIRST', 'SECOND', 'THIRD']);
      expect(await t.db.query(`SELECT 1 FROM order_requests WHERE idem_key = 'poisoned'`)).toEqual([]);
      expect(await reservationViolations(t.db)).toEqual([]);
    } finally {
      await t.db.query('DROP TRIGGER test_poison ON order_requests');
      await t.db.query('DROP FUNCTION test_poison()');
    }
  });

  it.skipIf(skip)('a pickup order routed by a transfer shares a batch with deliveries of the same product, which see what it took', async () => {
    const p = await makeProduct(t.db, [{ site: 'STORE1', qty: 1 }, { site: 'WH1', qty: 4 }]);
    const c = gated(t.db);
    const [first, pickup, last] = await Promise.all([
      submitOrder(c.db, shop, 'mix-1', { channel: 'web', externalRef: 'MIX-1', lines: [{ productId: p, qty: 1 }] }),
      submitOrder(c.db, shop, 'mix-2', { channel: 'web', externalRef: 'MIX-2', fulfillment: { type: 'pickup', site: 'STORE1' }, lines: [{ productId: p, qty: 3 }] }),
      submitOrder(c.db, shop, 'mix-3', { channel: 'web', externalRef: 'MIX-3', lines: [{ productId: p, qty: 2 }] }),
    ]);
    expect(c.transactions()).toBe(1);
    expect(first?.body.lines[0]).toMatchObject({ reserved: 1, backordered: 0 });
    // One unit held at the store, two reserved at WH1 and on their way.
    expect(pickup?.body.lines[0]).toMatchObject({ reserved: 1, inTransit: 2 });
    // WH1 had 4: 1 + 2 taken before this order, so 1 is left for it.
    expect(last?.body.lines[0]).toMatchObject({ reserved: 1, backordered: 1 });
    const [transfers] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM pickup_transfers WHERE order_id = $1', [pickup?.body.orderId ?? '']);
    expect(transfers?.n).toBe(1);
    expect(await reservationViolations(t.db)).toEqual([]);
  });

  it.skipIf(skip)('a channel key the process remembers but that was revoked since writes nothing, in a batch or alone', async () => {
    const p = await makeProduct(t.db, [{ site: 'WH1', qty: 5 }]);
    const { id, key } = await createChannelKey(t.db, 'web', 'remembered');
    const known = await rememberedChannelKey(t.db, key);
    expect(known?.id).toBe(id);
    const principal = { id: `key:${id}`, channel: 'web', checkKey: id };
    const req = (ref: string): { channel: string; externalRef: string; lines: { productId: string; qty: number }[] } => ({ channel: 'web', externalRef: ref, lines: [{ productId: p, qty: 1 }] });
    // Still active: written, with another order of a plain principal in the same batch.
    const [ok, plain] = await Promise.all([submitOrder(t.db, principal, 'rk-1', req('RK-1')), submitOrder(t.db, shop, 'rk-plain-1', req('RK-PLAIN-1'))]);
    expect([ok.status, plain.status]).toEqual([201, 201]);

    await revokeChannelKey(t.db, id);
    // The process still remembers it until a transaction finds it revoked.
    expect((await rememberedChannelKey(t.db, key))?.id).toBe(id);
    const [refused, neighbour] = await Promise.allSettled([submitOrder(t.db, principal, 'rk-2', req('RK-2')), submitOrder(t.db, shop, 'rk-plain-2', req('RK-PLAIN-2'))]);
    expect(refused).toMatchObject({ status: 'rejected', reason: { code: 'unauthorized', status: 401 } });
    expect(neighbour).toMatchObject({ status: 'fulfilled', value: { status: 201 } });
    // A replay of its earlier order is refused too, as the route refuses an unknown key.
    await expect(submitOrder(t.db, principal, 'rk-1', req('RK-1'))).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(submitAlone(t.db, { principal, idemKey: 'rk-3', req: req('RK-3'), hash: sha256Hex('rk-3'), now: new Date() })).rejects.toMatchObject({ code: 'unauthorized' });
    expect(await t.db.query(`SELECT external_ref FROM orders WHERE external_ref IN ('RK-2', 'RK-3')`)).toEqual([]);
    // Forgotten: the next lookup reads the database and finds no active key.
    expect(await rememberedChannelKey(t.db, key)).toBeNull();
  });

  it.skipIf(skip)('never oversells when batches race on the same quants (two server processes on PostgreSQL)', async () => {
    const products = [
      await makeProduct(t.db, [{ site: 'WH1', qty: 5, location: 'WH1/Stock/A-01-01', lot: 'L1', expiry: '2098-01-01' }, { site: 'WH1', qty: 7, location: 'WH1/Stock/A-02-01', lot: 'L2', expiry: '2097-01-01' }], { tracking: 'lot' }),
      await makeProduct(t.db, [{ site: 'WH1', qty: 9, location: 'WH1/Stock/B-01-01', lot: 'L3', expiry: '2099-01-01' }], { tracking: 'lot' }),
    ];
    // A second pool stands for a second server process: its own batcher, the same quants.
    const second = kind === 'postgres' && t.url ? await openPostgres(t.url, 5, { relay: false }) : t.db;
    try {
      const results = await Promise.all(Array.from({ length: 6 }, (_, c) => (async () => {
        const mine: OrderResult[] = [];
        for (let i = 0; i < 8; i++) {
          const lines = (c + i) % 3 === 0 ? [{ productId: products[0] ?? '', qty: 2 }, { productId: products[1] ?? '', qty: 1 }] : [{ productId: products[(c + i) % 2] ?? '', qty: 1 + (i % 3) }];
          mine.push(await submitOrder(c % 2 === 0 ? t.db : second, shop, `race-${c}-${i}`, { channel: 'web', externalRef: `RACE-${c}-${i}`, lines }));
        }
        return mine;
      })()));
      const lines = results.flat().flatMap((r) => r.body.lines);
      expect(lines.every((l) => l.reserved + l.backordered === l.qty)).toBe(true);
      const reserved = await t.db.query<{ product_id: string; on_hand: number; reserved: number }>(
        'SELECT product_id, sum(on_hand)::float AS on_hand, sum(reserved)::float AS reserved FROM quants WHERE product_id = ANY($1::text[]) GROUP BY 1 ORDER BY 1',
        [products],
      );
      // More is ordered than there is: everything is reserved, nothing twice.
      expect(reserved.map((r) => r.reserved)).toEqual(reserved.map((r) => r.on_hand));
      const answered = new Map<string, number>();
      for (const l of lines) answered.set(l.productId, (answered.get(l.productId) ?? 0) + l.reserved);
      for (const r of reserved) expect(answered.get(r.product_id)).toBe(r.reserved);
      expect(await reservationViolations(t.db)).toEqual([]);
    } finally {
      if (second !== t.db) await second.close();
    }
  });
});
