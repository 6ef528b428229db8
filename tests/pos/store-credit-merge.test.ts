// Store credit follows a customer merge (sync-server/stored-value/value-merge.ts), on PGlite and
// PostgreSQL: the kept customer holds the sum, the merged one nothing, the ledger is untouched
// (the same liability, owed to the same person), and the kept customer spends it all at a till.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerValue, LiabilityReport } from '../../shared/admin-api/stored-value.ts';
import type { Ack } from '../../shared/schemas/index.ts';
import { reconcile } from '../../sync-server/ledger/reconcile.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { simCatalog } from './pos-harness.ts';
import { ValueTill } from './stored-value-harness.ts';

describe.each(testDrivers)('store credit across a customer merge on $kind', ({ kind, skip }) => {
  let server: TestServer;
  let admin: string;
  let keepId: string;
  let mergeId: string;
  let newTill: () => Promise<ValueTill>;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(kind, { products: 10 });
    admin = await server.login('admin', 'admin');
    const cashierId = await server.userId('alice');
    const [product] = await simCatalog(server.db, 1);
    if (!product) throw new Error('no product');
    const customers = await server.db.query<{ id: string }>('SELECT id FROM customers ORDER BY name LIMIT 2');
    keepId = customers[0]?.id ?? '';
    mergeId = customers[1]?.id ?? '';
    newTill = async () => new ValueTill(server, await server.pairDevice('till', 'STORE1'), cashierId, product);
  });
  afterAll(async () => {
    await server?.close();
  });

  const valueOf = async (id: string): Promise<CustomerValue> => (await server.api(`/api/admin/customers/${id}/value`, { token: admin })).body as CustomerValue;
  const credit = async (id: string): Promise<number> => (await valueOf(id)).storeCredit.find((c) => c.currency === 'EUR')?.amount ?? 0;
  const creditLine = async () => ((await server.api('/api/admin/stored-value/liability', { token: admin })).body as LiabilityReport).lines.find((l) => l.kind === 'store_credit');
  const journal = async () => (await server.db.query<{ n: number; debit: string; credit: string }>(
    'SELECT count(DISTINCT e.id)::int AS n, coalesce(sum(l.debit), 0) AS debit, coalesce(sum(l.credit), 0) AS credit FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id',
  ))[0];

  it.skipIf(skip)('moves the merged customer’s store credit to the kept one, leaves the ledger as it was, and the kept customer spends the sum at a till', async () => {
    const give = async (customerId: string, amount: number): Promise<void> => {
      const res = await server.api('/api/admin/store-credit/adjustments', { token: admin, body: { customerId, amount, reason: 'goodwill' } });
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    };
    await give(keepId, 1200);
    await give(mergeId, 800);
    expect([await credit(keepId), await credit(mergeId)]).toEqual([1200, 800]);
    const lineBefore = await creditLine();
    const journalBefore = await journal();
    expect(lineBefore).toMatchObject({ outstanding: 2000, booked: 2000, ledger: 2000 });

    const merged = await server.api('/api/admin/customers/merge', { token: admin, body: { keep: keepId, merge: mergeId } });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);

    expect(await credit(keepId)).toBe(2000);
    // The merged id resolves to the kept customer; what the merged record itself holds is nothing.
    const [left] = await server.db.query<{ balance: string }>(
      `SELECT coalesce(sum(balance), 0) AS balance FROM value_accounts WHERE customer_id = $1 AND kind = 'store_credit'`, [mergeId]);
    expect(Number(left?.balance)).toBe(0);
    expect(await creditLine()).toEqual(lineBefore);
    expect(await journal()).toEqual(journalBefore);
    const moves = await server.db.query<{ amount: string }>(
      `SELECT m.amount FROM value_moves m JOIN value_accounts a ON a.id = m.account_id WHERE m.kind = 'merge' AND a.kind = 'store_credit' ORDER BY m.amount`);
    expect(moves.map((m) => Number(m.amount))).toEqual([-800, 800]);

    // Spendable at a till, in full, by the kept customer: the server authorises the sum.
    const till = await newTill();
    const { decision, sale } = await till.spend({ kind: 'store_credit', key: keepId, amount: 2000 }, { pushed: new Set() });
    expect(decision).toMatchObject({ kind: 'authorized', balanceAfter: 0 });
    await till.push([sale]);
    const acks = ((await server.api('/api/sync/acks/pull?limit=1000', { token: till.device.token })).body as { documents: Ack[] }).documents;
    const problems = (acks.find((a) => a.id === sale.id)?.problems ?? []).map((p) => p.code).filter((c) => !['negative_stock', 'seq_gap'].includes(c));
    expect(problems).toEqual([]);
    expect(await credit(keepId)).toBe(0);
    expect(await creditLine()).toMatchObject({ outstanding: 0, booked: 0, ledger: 0 });
    const report = await reconcile(server.db);
    expect(report.ok, JSON.stringify(report.drift)).toBe(true);
  });
});
