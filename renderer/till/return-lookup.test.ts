import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { newEventId } from '../../shared/ids.ts';
import type { Sale } from '../../shared/schemas/index.ts';
import type { SaleLookupAnswer } from '../../shared/till-api/sale-lookup.ts';
import { openTillDatabase, type TillDatabase } from '../db/database.ts';
import { buildReturnLines, refundPayment, returnable } from './return-math.ts';
import { findSaleToReturn, offlineLookupMessage, soldAtLine, withLocalReturns } from './return-lookup.ts';
import { commitSale, type SaleDraft } from './sale-commit.ts';

const conn = { serverUrl: 'http://server.test', token: 't', deviceId: 'till-b' };
const head = { tillId: 'till-b', siteId: 'store-1', sessionId: 's-b', cashierId: 'alice', currency: 'EUR' };
const soldAt = { tillName: 'Till 1', siteCode: 'STORE1', siteName: 'Demo Store', timeZone: 'Europe/Paris' };

function saleOf(tillId: string, qty: number): Sale {
  return {
    ...head, id: newEventId(), kind: 'sale', tillId, seq: 1, receiptNo: 'A6C648-000001', createdAt: '2026-12-07T13:03:00.000Z', total: 300 * qty,
    lines: [{ lineId: 'l1', productId: 'p1', name: 'Beans', qty, unitPrice: 300, discount: 0, total: 300 * qty, taxes: [] }],
    payments: [{ paymentId: newEventId(), method: 'cash', amount: 300 * qty }], prevHash: '0'.repeat(64), hash: 'a'.repeat(64),
  };
}

function returnDraft(original: Sale, prior: readonly Sale[], qty: number): SaleDraft {
  const { lines, total } = buildReturnLines(original, prior, [{ lineId: 'l1', qty, restock: true }], () => true);
  return { ...head, id: newEventId(), kind: 'return', createdAt: new Date().toISOString(), returnOfSaleId: original.id, lines, payments: [refundPayment('cash', total)], total };
}

/** The server's answer to every lookup (a status and body), recorded with what was asked. */
function serverAnswers(status: number, body: unknown): string[] {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    asked.push(decodeURIComponent(new URL(url).searchParams.get('code') ?? ''));
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return asked;
}

describe('finding the sale a customer brings back', () => {
  let db: TillDatabase;
  beforeAll(async () => {
    db = await openTillDatabase(`return-lookup-${Date.now()}`, { indexedDB, keyRange: IDBKeyRange });
  });
  afterAll(async () => {
    await db.remove();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('asks the server for a sale of another till, and counts its returns with this till’s own not yet pushed, once each', async () => {
    const sale = saleOf('till-a', 3);
    const elsewhere = { ...returnDraft(sale, [], 1), tillId: 'till-c', seq: 4, receiptNo: 'C-000004', prevHash: '0'.repeat(64), hash: 'c'.repeat(64) };
    // This till took one back already: pushed (the server has it) — and one more not pushed yet.
    const pushed = await commitSale(db.sales, returnDraft(sale, [elsewhere], 1), 'B');
    const unsent = await commitSale(db.sales, returnDraft(sale, [elsewhere, pushed], 1), 'B');
    const asked = serverAnswers(200, { sale, returns: [elsewhere, pushed], soldAt } satisfies SaleLookupAnswer);

    const found = await findSaleToReturn(db, conn, ' A6C648-000001 ', true);
    expect(asked).toEqual(['A6C648-000001']);
    expect(found.sale).toEqual(sale);
    expect(found.prior.map((r) => r.id)).toEqual([elsewhere.id, pushed.id, unsent.id]);
    expect(returnable(found.sale, found.prior).get('l1')).toBe(0);
    expect(found.soldAt).toEqual(soldAt);
    expect(soldAtLine(found.sale, soldAt)).toBe('Sold at Till 1, Demo Store, 2026-12-07 14:03');
  });

  it('adds the returns of other tills to a sale of this till when online, and sells on without them offline', async () => {
    const own = await commitSale(db.sales, { ...saleOf('till-b', 2), id: newEventId() }, 'B');
    const elsewhere = { ...returnDraft(own, [], 1), tillId: 'till-a', seq: 9, receiptNo: 'A-000009', prevHash: '0'.repeat(64), hash: 'd'.repeat(64) };
    const asked = serverAnswers(200, { sale: own, returns: [elsewhere], soldAt: { ...soldAt, tillName: 'Till 2' } } satisfies SaleLookupAnswer);
    const online = await findSaleToReturn(db, conn, own.receiptNo, true);
    expect(asked).toEqual([own.id]);
    expect(online.prior.map((r) => r.id)).toEqual([elsewhere.id]);
    expect(online.soldAt).toBeUndefined();

    const offline = await findSaleToReturn(db, conn, own.receiptNo, false);
    expect(asked).toHaveLength(1);
    expect(offline).toEqual({ sale: own, prior: [] });

    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    const unanswered = await findSaleToReturn(db, conn, own.receiptNo, true);
    expect(unanswered.prior).toEqual([]);
    expect(unanswered.note).toMatch(/^Returns made at other tills could not be checked/);
  });

  it('says in words why a sale of another till cannot be shown: offline, unknown, ambiguous, refused', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(findSaleToReturn(db, conn, 'A6C648-000077', true)).rejects.toThrow(offlineLookupMessage('A6C648-000077'));
    expect(offlineLookupMessage('X')).toBe('No sale X on this till. The till is offline: a sale made at another till can be returned once it is back online, or at the till that sold it.');

    serverAnswers(404, { error: 'not_found', message: 'No sale A6C648-000077 at any till' });
    await expect(findSaleToReturn(db, conn, 'A6C648-000077', true)).rejects.toThrow('No sale A6C648-000077 on this till or any other: check the number, or scan the code on the receipt.');
    const ambiguous = 'More than one till printed a receipt 7 (A-000007, B-000007): scan the code on the receipt, or type the whole receipt number printed on it.';
    serverAnswers(409, { error: 'ambiguous_receipt', message: ambiguous });
    await expect(findSaleToReturn(db, conn, '77', true)).rejects.toThrow(ambiguous);
    const elsewhere = 'Receipt L-000003 was sold at London Store in GBP: return it there.';
    serverAnswers(409, { error: 'sold_in_other_currency', message: elsewhere });
    await expect(findSaleToReturn(db, conn, 'L-000003', true)).rejects.toThrow(elsewhere);
    serverAnswers(401, { error: 'unauthorized', message: 'missing, unknown or revoked token' });
    await expect(findSaleToReturn(db, conn, '77', true)).rejects.toThrow(/the server refused to look further: the till may have been unpaired/);
    serverAnswers(500, { error: 'internal', message: 'boom' });
    await expect(findSaleToReturn(db, conn, '77', true)).rejects.toThrow('No sale 77 on this till, and the server could not look at the other tills (500): try again in a moment.');
  });

  it('merges returns by id, the server’s first', () => {
    const a = saleOf('x', 1);
    const b = saleOf('y', 1);
    const c = saleOf('z', 1);
    expect(withLocalReturns([a, b], [b, c]).map((r) => r.id)).toEqual([a.id, b.id, c.id]);
    expect(withLocalReturns([], [c])).toEqual([c]);
  });
});
