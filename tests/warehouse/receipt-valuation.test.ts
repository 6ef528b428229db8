// Supplier receipts in the ledger: goods received are booked at the purchase price (Dr inventory /
// Cr accounts payable) and move the product's moving-average cost, so the inventory account keeps
// equal to on hand × cost; a cost a person changes (admin API, CSV import) revalues the stock on
// hand the same way — on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PairedDevice } from '../../sync-server/devices/pairing.ts';
import { reconcile } from '../../sync-server/ledger/reconcile.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { ackOf, makeProduct, pickingDocs, pickingEvent, pushEvents } from './wh-harness.ts';

describe.each(testDrivers)('receipt valuation on $kind', ({ kind, skip }) => {
  let s: TestServer;
  let manager: string;
  let station: PairedDevice;

  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: 10 });
    manager = await s.login('manager', 'manager');
    station = await s.pairDevice('scanner', 'WH1', 'Receiving');
  });
  afterAll(async () => {
    await s?.close();
  });

  async function receive(productId: string, qty: number, unitCost: number): Promise<void> {
    const po = await s.api('/api/purchase-orders', { token: manager, body: { supplier: 'Acme', warehouse: 'WH1', lines: [{ productId, qty, unitCost }] } });
    expect(po.status).toBe(201);
    const receiptId = (po.body as { receiptId: string }).receiptId;
    const line = (await pickingDocs(s.db)).find((d) => d.id === receiptId)?.lines[0];
    const v = pickingEvent(station, 'validate', receiptId, { lines: [{ lineId: line?.lineId ?? '', productId, qty, fromLocationId: line?.fromLocationId ?? '' }], backorder: false });
    await pushEvents(s, station, [v]);
    expect(await ackOf(s.db, v.id)).toMatchObject({ status: 'applied' });
  }

  async function accountFor(productId: string, account: string): Promise<number> {
    const [row] = await s.db.query<{ balance: string | null }>(
      `SELECT sum(l.debit - l.credit) AS balance FROM journal_lines l JOIN products p ON p.id = $2
       WHERE l.account_code = $1 AND (l.memo IN ('receipt of ' || p.sku || ' ' || p.name, 'average cost of ' || p.sku || ' ' || p.name)
         OR starts_with(l.memo, 'cost of ' || p.sku || ' ' || p.name || ' changed'))`,
      [account, productId],
    );
    return Number(row?.balance ?? 0);
  }

  it.skipIf(skip)('books receipts at the purchase price and moves the average cost', async () => {
    const p = await makeProduct(s.db, [], { cost: 500 });
    await receive(p, 10, 1000);
    const [first] = await s.db.query<{ cost: string }>('SELECT cost FROM products WHERE id = $1', [p]);
    expect(Number(first?.cost)).toBe(1000);
    await receive(p, 10, 400);
    const [second] = await s.db.query<{ cost: string }>('SELECT cost FROM products WHERE id = $1', [p]);
    expect(Number(second?.cost)).toBe(700);
    expect(await accountFor(p, '1300')).toBe(20 * 700);
    expect(await accountFor(p, '2000')).toBe(-(10 * 1000 + 10 * 400));
    const doc = await s.api('/api/sync/products/pull?limit=10000', { token: station.token });
    expect((doc.body as { documents: { id: string; cost: number }[] }).documents.find((d) => d.id === p)?.cost).toBe(700);
    const report = await reconcile(s.db);
    expect(report.drift.accounts).toEqual([]);
    expect(report.drift.reservations).toEqual([]);
  });

  it.skipIf(skip)('revalues the stock on hand when a person changes the cost, through the admin API or a CSV import', async () => {
    const admin = await s.login('admin', 'admin');
    const p = await makeProduct(s.db, [], { cost: 1000 });
    await receive(p, 10, 1000);
    const [{ sku } = { sku: '' }] = await s.db.query<{ sku: string }>('SELECT sku FROM products WHERE id = $1', [p]);
    expect(await accountFor(p, '1300')).toBe(10_000);

    const patched = await s.api(`/api/admin/products/${p}`, { method: 'PATCH', token: admin, body: { cost: 1250 } });
    expect(patched.status).toBe(200);
    expect(await accountFor(p, '1300')).toBe(10 * 1250);
    expect(await accountFor(p, '5100')).toBe(-2500);
    // A change that leaves the cost as it is books nothing.
    expect((await s.api(`/api/admin/products/${p}`, { method: 'PATCH', token: admin, body: { cost: 1250, category: 'Bakery' } })).status).toBe(200);
    const csv = await fetch(`${s.url}/api/admin/products/import?dryRun=false&file=costs.csv`, {
      method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' }, body: `sku,cost\n${sku},9.00\n`,
    });
    expect(csv.status).toBe(200);
    expect((await csv.text()).trim().split('\n').at(-1)).toContain('"ok":true');
    expect(await accountFor(p, '1300')).toBe(10 * 900);
    expect(await accountFor(p, '5100')).toBe(-2500 + 3500);
    const [entries] = await s.db.query<{ n: string }>(`SELECT count(*) AS n FROM journal_entries WHERE memo = 'cost changed'`);
    expect(Number(entries?.n)).toBe(2);
    const report = await reconcile(s.db);
    expect(report.drift.accounts).toEqual([]);
  });

  it.skipIf(skip)('revalues the stock already on hand when rounding leaves a difference', async () => {
    const p = await makeProduct(s.db, [], { cost: 100 });
    await receive(p, 3, 100);
    await receive(p, 4, 101);
    const [row] = await s.db.query<{ cost: string; on_hand: string }>(
      `SELECT p.cost, (SELECT sum(on_hand) FROM quants q WHERE q.product_id = p.id) AS on_hand FROM products p WHERE p.id = $1`,
      [p],
    );
    // (3 × 100 + 4 × 101) / 7 = 100.57 → 101; the 3 units already there are revalued by +3.
    expect(Number(row?.cost)).toBe(101);
    expect(await accountFor(p, '1300')).toBe(Number(row?.on_hand) * 101);
    expect(await accountFor(p, '5100')).toBe(-3);
  });
});
