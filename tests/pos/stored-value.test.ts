// Gift cards and store credit on the server (issue 17 point 4, docs/stored-value.md), on PGlite and
// PostgreSQL: a card issued in the back office and one sold at a till, spent with the server's
// authorisation, refunded onto, taken below zero offline (flagged) and past the allowance with a
// supervisor (flagged with its amount); a return refunded as store credit reaches the customer's
// document on the tills; nothing of it is counted at the session's close; the liability report
// equals the ledger and reconcile finds no drift.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GiftCard, LiabilityReport } from '../../shared/admin-api/stored-value.ts';
import { newEventId } from '../../shared/ids.ts';
import type { Ack, Customer } from '../../shared/schemas/index.ts';
import { reconcile } from '../../sync-server/ledger/reconcile.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { push, simCatalog } from './pos-harness.ts';
import { ValueTill } from './stored-value-harness.ts';

describe.each(testDrivers)('gift cards and store credit on $kind', ({ kind, skip }) => {
  let server: TestServer;
  let admin: string;
  let cashierId: string;
  let supervisorId: string;
  let customerId: string;
  let newTill: () => Promise<ValueTill>;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(kind, { products: 10 });
    admin = await server.login('admin', 'admin');
    cashierId = await server.userId('alice');
    supervisorId = await server.userId('sam');
    const [product] = await simCatalog(server.db, 1);
    if (!product) throw new Error('no product');
    const [customer] = await server.db.query<{ id: string }>('SELECT id FROM customers ORDER BY name LIMIT 1');
    customerId = customer?.id ?? '';
    newTill = async () => new ValueTill(server, await server.pairDevice('till', 'STORE1'), cashierId, product);
  });
  afterAll(async () => {
    await server?.close();
  });

  const problemsOf = async (till: ValueTill, saleId: string): Promise<string[]> => {
    const res = await server.api('/api/sync/acks/pull?limit=1000', { token: till.device.token });
    const ack = (res.body as { documents: Ack[] }).documents.find((a) => a.id === saleId);
    expect(ack, `ack of ${saleId}`).toBeDefined();
    return (ack?.problems ?? []).map((p) => p.code).filter((c) => !['negative_stock', 'seq_gap'].includes(c)).sort();
  };
  const card = async (number: string): Promise<GiftCard | undefined> =>
    ((await server.api(`/api/admin/gift-cards?number=${number}`, { token: admin })).body as { cards: GiftCard[] }).cards.find((c) => c.number === number);
  const liability = async (): Promise<LiabilityReport> => (await server.api('/api/admin/stored-value/liability', { token: admin })).body as LiabilityReport;

  it.skipIf(skip)('issues a card in the back office, redeems it with the server\'s authorisation, and books the liability', async () => {
    const issued = await server.api('/api/admin/gift-cards', { token: admin, body: { amount: 5000, reason: 'goodwill' } });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const { number } = issued.body as GiftCard;
    expect(number).toMatch(/^[1-9][0-9]{15}$/);
    expect(await card(number)).toMatchObject({ balance: 5000, held: 0, currency: 'EUR' });

    const till = await newTill();
    const { decision, sale } = await till.spend({ kind: 'gift_card', key: number, amount: 3000 }, { pushed: new Set() });
    expect(decision).toMatchObject({ kind: 'authorized', balanceAfter: 2000 });
    expect(await card(number)).toMatchObject({ balance: 5000, held: 3000 });
    // Another till cannot take what the first one's authorisation holds.
    const other = await newTill();
    expect(await other.ask(newEventId(), 'p', { kind: 'gift_card', key: number, amount: 2500 })).toEqual({ kind: 'declined', available: 2000 });

    await till.push([sale]);
    expect(await problemsOf(till, sale.id)).toEqual([]);
    expect(await card(number)).toMatchObject({ balance: 2000, held: 0 });
    // A replayed push changes nothing.
    await till.push([sale, sale]);
    expect(await card(number)).toMatchObject({ balance: 2000, held: 0 });
    const lines = await server.db.query<{ account_code: string; debit: string; credit: string }>(
      `SELECT l.account_code, l.debit, l.credit FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.event_id = $1 AND l.account_code = '2300'`, [sale.id]);
    expect(lines.map((l) => [Number(l.debit), Number(l.credit)])).toEqual([[3000, 0]]);
    expect((await liability()).lines.find((l) => l.kind === 'gift_card')).toMatchObject({ outstanding: 2000, booked: 2000, ledger: 2000 });
  });

  it.skipIf(skip)('sells a gift card at one till and spends it at another, refunds onto it, and flags spending past its balance offline', async () => {
    const number = `7${String(Date.now()).slice(-10)}${kind === 'pglite' ? '11' : '22'}`;
    const seller = await newTill();
    const sold = seller.sellGiftCard(number, 4000);
    await seller.push([sold]);
    expect(await problemsOf(seller, sold.id)).toEqual([]);
    expect(await card(number)).toMatchObject({ balance: 4000 });
    const entry = await server.db.query<{ account_code: string; debit: string; credit: string }>(
      `SELECT l.account_code, l.debit, l.credit FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.event_id = $1 ORDER BY l.account_code`, [sold.id]);
    // Not revenue: card clearing against the gift card liability, nothing else.
    expect(entry.map((l) => [l.account_code, Number(l.debit), Number(l.credit)])).toEqual([['1020', 4000, 0], ['2300', 0, 4000]]);

    const spender = await newTill();
    spender.offline = true;
    const first = await spender.spend({ kind: 'gift_card', key: number, amount: 3000 }, { pushed: new Set(), override: supervisorId });
    // 30.00 is within the seeded allowance of 50.00 per till.
    expect(first.decision.kind).toBe('offline');
    const second = await spender.spend({ kind: 'gift_card', key: number, amount: 2500 }, { pushed: new Set(), override: supervisorId });
    // 30.00 + 25.00 is past it: the supervisor's override lets it through.
    expect(second.decision.kind).toBe('needs_override');
    await spender.push();
    expect(await problemsOf(spender, first.sale.id)).toEqual([]);
    expect(await problemsOf(spender, second.sale.id)).toEqual(['value_overdrawn', 'value_override']);
    expect(await card(number)).toMatchObject({ balance: -1500 });
    const [flag] = await server.db.query<{ message: string }>(`SELECT message FROM event_problems WHERE event_id = $1 AND code = 'value_override'`, [second.sale.id]);
    expect(flag?.message).toContain('€25.00');
    const [moves] = await server.db.query<{ n: number; offline: number; overrides: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE offline)::int AS offline, count(override_by)::int AS overrides FROM value_moves WHERE account_id = $1 AND kind = 'redeem'`, [`gc:${number}`]);
    expect(moves).toEqual({ n: 2, offline: 1, overrides: 1 });

    // A return of the first sale refunds onto the card.
    const refundLine = first.sale.lines[0];
    if (!refundLine) throw new Error('no line');
    const back = spender.seal({
      kind: 'return', returnOfSaleId: first.sale.id, total: -refundLine.total,
      lines: [{ ...refundLine, lineId: newEventId(), qty: -refundLine.qty, total: -refundLine.total, discount: -refundLine.discount, taxes: refundLine.taxes.map((t) => ({ ...t, amount: -t.amount })), returnOf: { saleId: first.sale.id, lineId: refundLine.lineId } }],
      payments: [{ paymentId: newEventId(), method: 'gift_card', card: number, amount: -3000 }, { paymentId: newEventId(), method: 'card', amount: -(refundLine.total - 3000) }],
    });
    await spender.push([back]);
    expect(await problemsOf(spender, back.id)).toEqual([]);
    expect(await card(number)).toMatchObject({ balance: 1500 });
  });

  it.skipIf(skip)('refunds a return onto a new gift card: the card is opened with the refund, booked to the gift card liability once whatever the retries, and spendable', async () => {
    const number = `8${String(Date.now()).slice(-10)}${kind === 'pglite' ? '33' : '44'}`;
    const till = await newTill();
    // A card the server does not know is declined: the goods are paid by card.
    const line = (await till.spend({ kind: 'gift_card', key: 'NOCARD000', amount: 1 }, { pushed: new Set() })).sale;
    expect(line.payments.map((p) => p.method)).toEqual(['card']);
    const original = line.lines[0];
    if (!original) throw new Error('no line');
    const back = till.seal({
      kind: 'return', returnOfSaleId: line.id, total: -original.total,
      lines: [{ ...original, lineId: newEventId(), qty: -original.qty, total: -original.total, discount: -original.discount, taxes: original.taxes.map((t) => ({ ...t, amount: -t.amount })), returnOf: { saleId: line.id, lineId: original.lineId } }],
      payments: [{ paymentId: newEventId(), method: 'gift_card', card: number, amount: -original.total }],
    });
    await till.push([line, back]);
    await till.push([back, back]);
    expect(await problemsOf(till, back.id)).toEqual([]);
    expect(await card(number)).toMatchObject({ balance: original.total, held: 0 });
    const lines = await server.db.query<{ debit: string; credit: string }>(
      `SELECT l.debit, l.credit FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.event_id = $1 AND l.account_code = '2300'`, [back.id]);
    expect(lines.map((l) => [Number(l.debit), Number(l.credit)])).toEqual([[0, original.total]]);
    const [moves] = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM value_moves WHERE account_id = $1`, [`gc:${number}`]);
    expect(moves?.n).toBe(1);
    // Another till can spend it online.
    const other = await newTill();
    expect(await other.ask(newEventId(), 'p', { kind: 'gift_card', key: number, amount: original.total })).toMatchObject({ kind: 'approved', balanceAfter: 0 });
  });

  it.skipIf(skip)('refunds a return as store credit to the customer, whose document carries it to the tills, and spends it at another till', async () => {
    const till = await newTill();
    const bought = await till.spend({ kind: 'store_credit', key: customerId, amount: 100 }, { pushed: new Set() });
    // No store credit yet: the server declines.
    expect(bought.decision).toEqual({ kind: 'declined', available: 0 });
    await till.push([bought.sale]);
    const line = bought.sale.lines[0];
    if (!line) throw new Error('no line');
    const back = till.seal({
      kind: 'return', customerId, returnOfSaleId: bought.sale.id, total: -line.total,
      lines: [{ ...line, lineId: newEventId(), qty: -line.qty, total: -line.total, discount: -line.discount, taxes: line.taxes.map((t) => ({ ...t, amount: -t.amount })), returnOf: { saleId: bought.sale.id, lineId: line.lineId } }],
      payments: [{ paymentId: newEventId(), method: 'store_credit', amount: -line.total }],
    });
    await till.push([back]);
    expect(await problemsOf(till, back.id)).toEqual([]);
    const docs = ((await server.api('/api/sync/customers/pull?limit=1000', { token: till.device.token })).body as { documents: Customer[] }).documents;
    expect(docs.find((c) => c.id === customerId)?.storeCredit).toEqual([{ currency: 'EUR', amount: line.total }]);

    const other = await newTill();
    const spent = await other.spend({ kind: 'store_credit', key: customerId, amount: line.total }, { pushed: new Set() });
    expect(spent.decision.kind).toBe('authorized');
    await other.push([spent.sale]);
    expect(await problemsOf(other, spent.sale.id)).toEqual([]);
    const after = ((await server.api('/api/sync/customers/pull?limit=1000', { token: till.device.token })).body as { documents: Customer[] }).documents;
    expect(after.find((c) => c.id === customerId)?.storeCredit).toBeUndefined();
    expect((await liability()).lines.find((l) => l.kind === 'store_credit')).toMatchObject({ outstanding: 0, booked: 0, ledger: 0 });

    // The close counts neither gift cards nor store credit: nothing of them goes to cash differences.
    const close = { id: newEventId(), kind: 'close', tillId: other.device.deviceId, siteId: other.device.siteId, sessionId: spent.sale.sessionId, cashierId, createdAt: new Date().toISOString(), counted: [{ method: 'card', amount: 0 }, { method: 'store_credit', amount: 0 }], lastSeq: 1 };
    // (the other till's only sale is seq 1)
    await push(server, other.device.token, 'sessions', [close]);
    const tenders = await server.db.query<{ method: string }>('SELECT method FROM session_tenders WHERE session_id = $1 ORDER BY method', [spent.sale.sessionId]);
    expect(tenders.map((t) => t.method)).toEqual(['card']);
  });

  it.skipIf(skip)('keeps the liability report equal to the ledger, and reconcile finds no drift', async () => {
    const report = await liability();
    expect(report.balanced).toBe(true);
    const drift = await reconcile(server.db);
    expect(drift.drift.storedValue).toEqual([]);
    expect(drift.ok, JSON.stringify(drift.drift)).toBe(true);
    // Drift behind the books' back is seen.
    await server.db.query(`UPDATE value_accounts SET balance = balance + 1 WHERE kind = 'gift_card' AND id = (SELECT min(id) FROM value_accounts WHERE kind = 'gift_card')`);
    expect((await reconcile(server.db)).drift.storedValue).toHaveLength(1);
    await server.db.query(`UPDATE value_accounts SET balance = balance - 1 WHERE kind = 'gift_card' AND id = (SELECT min(id) FROM value_accounts WHERE kind = 'gift_card')`);
  });
});
