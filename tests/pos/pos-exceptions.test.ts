// Issue 5: the server recomputes and verifies every sale and turns each mismatch into an
// exception — visible through the API and acknowledged down to the till — while still applying
// the sale. Also: the Z report, documents (invoice, credit note) and the chart of accounts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealSale } from '../../shared/chain/index.ts';
import type { Ack, Sale, SessionEvent } from '../../shared/schemas/index.ts';
import { simulateTill, type PosEvent, type SimProduct } from '../support/pos-events.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { push, pushInOrder, simCatalog } from './pos-harness.ts';

/** Re-seals a till's sales after a test tampered with them, so only the tampering is wrong. */
function reseal(sales: readonly Sale[]): Sale[] {
  const out: Sale[] = [];
  for (const s of sales) {
    const { seq: _seq, prevHash: _p, hash: _h, ...unsigned } = s;
    out.push(sealSale(unsigned, out.at(-1) ?? null));
  }
  return out;
}

const sales = (events: readonly PosEvent[]): Sale[] => events.filter((e) => e.collection === 'sales').map((e) => e.doc as Sale);
const sessionEvents = (events: readonly PosEvent[]): SessionEvent[] => events.filter((e) => e.collection === 'sessions').map((e) => e.doc as SessionEvent);

describe.each(testDrivers)('POS verification and reports on $kind', ({ kind, skip }) => {
  let server: TestServer;
  let catalog: SimProduct[];
  let siteId: string;
  let managerToken: string;
  let alice: string;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(kind, { products: 30 });
    catalog = await simCatalog(server.db);
    siteId = await server.siteId('STORE1');
    managerToken = await server.login('manager', 'manager');
    alice = await server.userId('alice');
  });
  afterAll(async () => {
    await server?.close();
  });

  async function acksOf(token: string): Promise<Map<string, Ack>> {
    const res = await server.api('/api/sync/acks/pull?limit=10000', { token });
    return new Map((res.body as { documents: Ack[] }).documents.map((a) => [a.id, a]));
  }

  async function openCodes(tillId: string): Promise<string[]> {
    const res = await server.api('/api/exceptions?status=open&limit=1000', { token: managerToken });
    return (res.body as { exceptions: { code: string; deviceId: string }[] }).exceptions.filter((e) => e.deviceId === tillId).map((e) => e.code).sort();
  }

  it.skipIf(skip)('flags tampered totals, price deviations and unknown products but still applies the sale', async () => {
    const till = await server.pairDevice('till', 'STORE1');
    const events = simulateTill({ tillId: till.deviceId, siteId, cashierId: alice, float: 0, cashDifference: 0, steps: [
      { kind: 'sale', lines: [{ product: 0, qty: 1, discount: 0 }], orderDiscount: 0, tender: 'card' },
      { kind: 'sale', lines: [{ product: 1, qty: 2, discount: 0 }], orderDiscount: 0, tender: 'card' },
      { kind: 'sale', lines: [{ product: 2, qty: 1, discount: 0 }], orderDiscount: 0, tender: 'card' },
    ] }, catalog);
    const [a, b, c] = sales(events) as [Sale, Sale, Sale];
    const totalTampered: Sale = { ...a, total: a.total + 100, payments: [{ paymentId: 'p', method: 'card', amount: a.total + 100 }] };
    const line = b.lines[0] as Sale['lines'][number];
    const priceTampered: Sale = { ...b, lines: [{ ...line, unitPrice: line.unitPrice - 50, total: line.total - 100, taxes: line.taxes }], total: b.total - 100, payments: [{ paymentId: 'p', method: 'card', amount: b.total - 100 }] };
    const unknown: Sale = { ...c, lines: c.lines.map((l) => ({ ...l, productId: 'no-such-product' })) };
    const chain = reseal([totalTampered, priceTampered, unknown]);
    await push(server, till.token, 'sales', chain);

    const acks = await acksOf(till.token);
    const codes = (s: Sale): string[] => (acks.get(s.id)?.problems ?? []).map((p) => p.code).sort();
    expect(acks.get(chain[0]?.id ?? '')?.status).toBe('exception');
    expect(codes(chain[0] as Sale)).toContain('total_mismatch');
    expect(codes(chain[1] as Sale)).toEqual(expect.arrayContaining(['price_deviation', 'total_mismatch']));
    expect(codes(chain[2] as Sale)).toContain('unknown_product');
    const [applied] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM pos_sales WHERE till_id = $1', [till.deviceId]);
    expect(applied?.n).toBe(3);
    const tb = await server.api('/api/accounting/trial-balance', { token: managerToken });
    expect((tb.body as { balanced: boolean }).balanced).toBe(true);
  });

  it.skipIf(skip)('raises seq gaps and broken links, and settles a gap when the missing sale arrives', async () => {
    const till = await server.pairDevice('till', 'STORE1');
    const events = simulateTill({ tillId: till.deviceId, siteId, cashierId: alice, float: 0, cashDifference: 0, steps: [1, 2, 3, 4].map(() => ({ kind: 'sale' as const, lines: [{ product: 3, qty: 1, discount: 0 }], orderDiscount: 0, tender: 'cash' as const })) }, catalog);
    const [s1, s2, s3, s4] = sales(events) as [Sale, Sale, Sale, Sale];
    await push(server, till.token, 'sales', [s1, s3]);
    expect(await openCodes(till.deviceId)).toEqual(['seq_gap']);
    await push(server, till.token, 'sales', [s2]);
    expect(await openCodes(till.deviceId)).toEqual([]);
    const forged: Sale = { ...s4, prevHash: 'f'.repeat(64) };
    const { hash: _h, ...rest } = forged;
    const resealed = sealSale({ ...rest }, { seq: 3, hash: 'f'.repeat(64) });
    await push(server, till.token, 'sales', [resealed]);
    expect(await openCodes(till.deviceId)).toEqual(['broken_chain']);
    const acks = await acksOf(till.token);
    expect(acks.get(s3.id)?.status).toBe('applied');
    expect(acks.get(resealed.id)?.status).toBe('exception');
  });

  it.skipIf(skip)('names the seqs missing below a close\'s lastSeq, from the sales that exist, even for a hostile lastSeq', async () => {
    const till = await server.pairDevice('till', 'STORE1');
    const events = simulateTill({ tillId: till.deviceId, siteId, cashierId: alice, float: 0, cashDifference: 0, steps: [1, 2, 3, 4].map(() => ({ kind: 'sale' as const, lines: [{ product: 3, qty: 1, discount: 0 }], orderDiscount: 0, tender: 'cash' as const })) }, catalog);
    const [s1, s2, , s4] = sales(events) as [Sale, Sale, Sale, Sale];
    const [open, close] = sessionEvents(events).filter((e) => e.kind === 'open' || e.kind === 'close') as [SessionEvent, SessionEvent];
    await push(server, till.token, 'sessions', [open]);
    await push(server, till.token, 'sales', [s1, s2, s4]);
    await push(server, till.token, 'sessions', [{ ...close, lastSeq: 6 }]);
    const [gaps] = await server.db.query<{ seqs: string[] }>(`SELECT array_agg(p.subject ORDER BY p.subject) AS seqs FROM event_problems p JOIN events e ON e.id = p.event_id WHERE e.device_id = $1 AND p.code = 'seq_gap' AND p.resolved_at IS NULL`, [till.deviceId]);
    expect(gaps?.seqs).toEqual([`till:${till.deviceId}:seq:3`, `till:${till.deviceId}:seq:5`, `till:${till.deviceId}:seq:6`]);

    // A close that claims 2^31 − 1 sales is answered with the first 50 missing seqs, not by enumerating them all (which
    // never finished: the test's timeout catches a regression).
    const liar = await server.pairDevice('till', 'STORE1');
    const lie = simulateTill({ tillId: liar.deviceId, siteId, cashierId: alice, float: 0, cashDifference: 0, steps: [] }, catalog);
    const [lieOpen, lieClose] = sessionEvents(lie) as [SessionEvent, SessionEvent];
    await push(server, liar.token, 'sessions', [lieOpen]);
    await push(server, liar.token, 'sessions', [{ ...lieClose, lastSeq: 2 ** 31 - 1 }]);
    const [count] = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM event_problems p JOIN events e ON e.id = p.event_id WHERE e.device_id = $1 AND p.code = 'seq_gap'`, [liar.deviceId]);
    expect(count?.n).toBe(50);
  });

  it.skipIf(skip)('computes the Z report, flags late sales and over-returns, and issues credit notes', async () => {
    const till = await server.pairDevice('till', 'STORE1');
    const events = simulateTill({ tillId: till.deviceId, siteId, cashierId: alice, float: 5000, cashDifference: -30, steps: [
      { kind: 'sale', lines: [{ product: 0, qty: 2, discount: 0 }], orderDiscount: 0, tender: 'split' },
      { kind: 'cash_out', amount: 1000 },
      { kind: 'return', of: 0, fraction: 0.5, restock: true },
    ] }, catalog);
    await pushInOrder(server, till.token, events);
    const close = sessionEvents(events).find((e) => e.kind === 'close') as SessionEvent;
    const report = await server.api(`/api/sessions/${close.sessionId}/report`, { token: managerToken });
    expect(report.status).toBe(200);
    const z = report.body as { float: number; cashOut: number; sales: { count: number }; returns: { count: number }; tenders: { method: string; expected: number; counted: number; difference: number }[] };
    expect(z.float).toBe(5000);
    expect(z.cashOut).toBe(1000);
    expect(z.sales.count).toBe(1);
    expect(z.returns.count).toBe(1);
    const cash = z.tenders.find((t) => t.method === 'cash');
    expect(cash?.difference).toBe(-30);
    expect(cash?.counted).toBe((close.counted ?? []).find((t) => t.method === 'cash')?.amount);
    // The till's own Z report is readable with its device token; another till's is not.
    expect((await server.api(`/api/sessions/${close.sessionId}/report`, { token: till.token })).status).toBe(200);
    const other = await server.pairDevice('till', 'STORE1');
    expect((await server.api(`/api/sessions/${close.sessionId}/report`, { token: other.token })).status).toBe(404);

    const [original, ret] = sales(events) as [Sale, Sale];
    const credit = await server.api(`/api/invoices?saleId=${ret.id}`, { token: managerToken });
    expect((credit.body as { invoices: { number: string; kind: string }[] }).invoices[0]?.number).toMatch(/^CN-\d{6}$/);

    // A sale the till made after its close (seq above the close's lastSeq) is late, and a
    // second return of the whole line returns more than was sold.
    const { seq: _s, prevHash: _p, hash: _h, ...again } = { ...ret, id: `${ret.id}-again`, receiptNo: `${ret.receiptNo}b`, lines: ret.lines.map((l) => ({ ...l, lineId: `${l.lineId}b`, qty: l.qty * 2, total: l.total * 2, taxes: l.taxes.map((t) => ({ ...t, amount: t.amount * 2 })) })) };
    const lateReturn = sealSale({ ...again, total: ret.total * 2, payments: [{ paymentId: 'late', method: 'cash', amount: ret.total * 2 }] }, { seq: ret.seq, hash: ret.hash });
    await push(server, till.token, 'sales', [lateReturn]);
    const codes = await openCodes(till.deviceId);
    expect(codes).toEqual(expect.arrayContaining(['late_sale', 'over_return']));
    expect(original.kind).toBe('sale');
  });

  it.skipIf(skip)('issues a numbered invoice for a business customer who asks for one', async () => {
    const till = await server.pairDevice('till', 'STORE1');
    const [customer] = await server.db.query<{ id: string }>('SELECT id FROM customers WHERE business ORDER BY id LIMIT 1');
    const events = simulateTill({ tillId: till.deviceId, siteId, cashierId: alice, float: 0, cashDifference: 0, steps: [{ kind: 'sale', lines: [{ product: 4, qty: 3, discount: 0 }], orderDiscount: 0, tender: 'card' }] }, catalog);
    const [sale] = sales(events) as [Sale];
    const { seq: _s, prevHash: _p, hash: _h, ...unsigned } = sale;
    const withCustomer = sealSale({ ...unsigned, customerId: customer?.id as string, invoiceRequested: true }, null);
    await push(server, till.token, 'sales', [withCustomer]);
    const res = await server.api(`/api/invoices?saleId=${withCustomer.id}`, { token: managerToken });
    const invoice = (res.body as { invoices: { number: string; kind: string; total: number; taxLines: { tax: number } }[] }).invoices[0];
    expect(invoice?.kind).toBe('invoice');
    expect(invoice?.number).toMatch(/^INV-\d{6}$/);
    expect(invoice?.total).toBe(withCustomer.total);
    expect(invoice?.taxLines.tax).toBe(withCustomer.lines.reduce((a, l) => a + l.taxes.reduce((b, t) => b + t.amount, 0), 0));
  });

  it.skipIf(skip)('lets an admin edit the chart of accounts and refuses managers and anonymous callers', async () => {
    const adminToken = await server.login('admin', 'admin');
    expect((await server.api('/api/accounting/accounts', { token: adminToken, body: { code: '6510', name: 'Till shortages', type: 'expense' } })).status).toBe(201);
    expect((await server.api('/api/accounting/roles/cash_difference', { method: 'PUT', token: adminToken, body: { accountCode: '6510' } })).status).toBe(200);
    expect((await server.api('/api/accounting/accounts', { token: managerToken, body: { code: '6520', name: 'x', type: 'expense' } })).status).toBe(403);
    expect((await server.api('/api/accounting/trial-balance')).status).toBe(401);
    expect((await server.api('/api/accounting/roles/not_a_role', { method: 'PUT', token: adminToken, body: { accountCode: '6510' } })).status).toBe(409);
    const till = await server.pairDevice('till', 'STORE1');
    await pushInOrder(server, till.token, simulateTill({ tillId: till.deviceId, siteId, cashierId: alice, float: 100, cashDifference: 7, steps: [] }, catalog));
    const [row] = await server.db.query<{ balance: string }>(`SELECT sum(credit - debit) AS balance FROM journal_lines WHERE account_code = '6510' AND till_id = $1`, [till.deviceId]);
    expect(Number(row?.balance)).toBe(7);
    await server.api('/api/accounting/roles/cash_difference', { method: 'PUT', token: adminToken, body: { accountCode: '6500' } });
  });
});
