// A return line that names its original receipt's line is judged against that line, not the
// catalog: refunded at another unit price than sold, or refunding more (all returns of the line
// together) than the customer paid for it, is the `over_refund` exception; a pricelist price, or a
// catalog price changed since the sale, is no `price_deviation`. Returns are built by the till's
// own return code (renderer/till/return-math.ts) and pushed through the real sync route; the check
// runs when the return arrives and, for a return that came first, when its original does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealSale, type ChainHead } from '../../shared/chain/index.ts';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import type { Ack, Sale, SaleLine, SessionEvent } from '../../shared/schemas/index.ts';
import { computeOrder } from '../../shared/tax/index.ts';
import { buildReturnLines, type ReturnSelection } from '../../renderer/till/return-math.ts';
import { recheckReturnsOf } from '../../sync-server/pos/return-checks.ts';
import { simulateTill, type PosEvent, type SimProduct } from '../support/pos-events.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { push, simCatalog } from './pos-harness.ts';

interface Till {
  deviceId: string;
  token: string;
  sessionId: string;
  head: ChainHead | null;
  returns: number;
}

const ignored = new Set(['negative_stock']);

describe.each(testDrivers)('refunds judged against the original line on $kind', ({ kind, skip }) => {
  let server: TestServer;
  let product: SimProduct;
  let siteId: string;
  let cashierId: string;
  let approverId: string;
  let managerToken: string;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(kind, { products: 20 });
    // A tax-included price, as most of the catalog: returned in parts it refunds to the cent.
    const catalog = await simCatalog(server.db);
    product = catalog.find((p) => p.priceIncludesTax && p.price >= 100 && p.taxes.length > 0) as SimProduct;
    siteId = await server.siteId('STORE1');
    cashierId = await server.userId('alice');
    approverId = await server.userId('sam');
    managerToken = await server.login('manager', 'manager');
  });
  afterAll(async () => {
    await server?.close();
  });

  /** A till with an open session and one sale of `qty` × the product with a line discount (not pushed yet). */
  async function tillWithSale(qty: number, discount: number): Promise<{ till: Till; sale: Sale; open: SessionEvent }> {
    const paired = await server.pairDevice('till', 'STORE1');
    const events = simulateTill({ tillId: paired.deviceId, siteId, cashierId, approverId, float: 0, cashDifference: 0, steps: [
      { kind: 'sale', lines: [{ product: 0, qty, discount }], orderDiscount: 0, tender: 'card' },
    ] }, [product]);
    const sale = events.find((e): e is Extract<PosEvent, { collection: 'sales' }> => e.collection === 'sales')?.doc as Sale;
    const open = events[0]?.doc as SessionEvent;
    return { till: { ...paired, sessionId: sale.sessionId, head: { seq: sale.seq, hash: sale.hash }, returns: 0 }, sale, open };
  }

  /** Another till at the same store, session open, that has seen none of the first till's returns. */
  async function otherTill(): Promise<Till> {
    const paired = await server.pairDevice('till', 'STORE1');
    const [open] = simulateTill({ tillId: paired.deviceId, siteId, cashierId, float: 0, cashDifference: 0, steps: [] }, [product]);
    await push(server, paired.token, 'sessions', [open?.doc as SessionEvent]);
    return { ...paired, sessionId: (open?.doc as SessionEvent).sessionId, head: null, returns: 0 };
  }

  /** The return the till's Return screen commits for `qty` units of the sale's line, refunded to card. */
  function tillReturn(till: Till, original: Sale, prior: readonly Sale[], qty: number, edit?: (line: SaleLine) => SaleLine): Sale {
    const selections: ReturnSelection[] = [{ lineId: (original.lines[0] as SaleLine).lineId, qty, restock: true }];
    const built = buildReturnLines(original, prior, selections, () => product.priceIncludesTax);
    const lines = edit ? built.lines.map(edit) : built.lines;
    const total = lines.reduce((a, l) => a + l.total, 0);
    till.returns += 1;
    const ret = sealSale({
      id: `${till.deviceId}-ret-${till.returns}`, kind: 'return', tillId: till.deviceId, siteId, sessionId: till.sessionId, cashierId,
      receiptNo: `R${till.deviceId.slice(-4).toUpperCase()}-${till.returns}`, createdAt: new Date(Date.UTC(2026, 10, 22, 9, till.returns)).toISOString(), currency: 'EUR',
      returnOfSaleId: original.id, lines, payments: [{ paymentId: `${till.deviceId}-pay-${till.returns}`, method: 'card', amount: total }], total,
    }, till.head);
    till.head = { seq: ret.seq, hash: ret.hash };
    return ret;
  }

  /** A line refunded at another unit price, its amounts recomputed as a till would (only the price is wrong). */
  const atUnitPrice = (unitPrice: number) => (line: SaleLine): SaleLine => {
    const [computed] = computeOrder({ lines: [{ qty: line.qty, unitPrice, discount: line.discount, priceIncludesTax: product.priceIncludesTax, taxes: product.taxes }] }).lines;
    return { ...line, unitPrice, ...computed?.amounts };
  };

  async function problemsOf(till: Till, sale: Sale): Promise<{ code: string; message: string }[]> {
    const res = await server.api('/api/sync/acks/pull?limit=10000', { token: till.token });
    const ack = (res.body as { documents: Ack[] }).documents.find((a) => a.id === sale.id);
    expect(ack).toBeDefined();
    return (ack?.problems ?? []).filter((p) => !ignored.has(p.code)).map((p) => ({ code: p.code, message: p.message }));
  }
  const codesOf = async (till: Till, sale: Sale): Promise<string[]> => (await problemsOf(till, sale)).map((p) => p.code).sort();

  it.skipIf(skip)('flags a return refunded at a higher unit price than sold, naming the receipt, product and amounts', async () => {
    const { till, sale, open } = await tillWithSale(2, 0);
    await push(server, till.token, 'sessions', [open]);
    await push(server, till.token, 'sales', [sale]);
    const inflated = tillReturn(till, sale, [], 2, atUnitPrice(product.price + 500));
    await push(server, till.token, 'sales', [inflated]);

    const problems = await problemsOf(till, inflated);
    expect(problems.map((p) => p.code).sort()).toEqual(['over_refund', 'over_refund']);
    const euros = (n: number): string => formatMoneyWithSymbol(n, 'EUR');
    expect(problems.map((p) => p.message).join('\n')).toContain(`is refunded at ${euros(product.price + 500)} a unit, but receipt ${sale.receiptNo} sold it at ${euros(product.price)}`);
    expect(problems.map((p) => p.message).join('\n')).toContain(`was paid ${euros(sale.total)}`);
    const res = await server.api('/api/reports/exceptions?kind=return', { token: managerToken });
    expect((res.body as { rows: { code: string; receiptNo: string | null }[] }).rows.filter((r) => r.receiptNo === inflated.receiptNo).map((r) => r.code)).toEqual(['over_refund', 'over_refund']);
  });

  it.skipIf(skip)('lets a discounted line come back in three returns that add up to exactly what was paid, and flags a fourth refund of it', async () => {
    const { till, sale, open } = await tillWithSale(7, Math.floor((product.price * 7) / 9));
    await push(server, till.token, 'sessions', [open]);
    await push(server, till.token, 'sales', [sale]);
    const first = tillReturn(till, sale, [], 2);
    const second = tillReturn(till, sale, [first], 3);
    const third = tillReturn(till, sale, [first, second], 2);
    await push(server, till.token, 'sales', [first, second, third]);

    expect(-(first.total + second.total + third.total)).toBe(sale.total);
    for (const ret of [first, second, third]) expect(await codesOf(till, ret)).toEqual([]);
    // The same two units refunded again (a till that missed the earlier returns): more units and more money back than sold.
    const again = tillReturn(till, sale, [first, second], 2);
    await push(server, till.token, 'sales', [again]);
    expect(await codesOf(till, again)).toEqual(['over_refund', 'over_return']);
  });

  it.skipIf(skip)('tolerates the cent two tills returning parts of a line at once can refund too much', async () => {
    // 3 units with 0.02 off: the first unit back takes 0.01 of it; two tills then return one unit
    // each against that same first return, each taking 0.00 — 0.01 more than paid in three returns.
    const { till, sale, open } = await tillWithSale(3, 2);
    await push(server, till.token, 'sessions', [open]);
    await push(server, till.token, 'sales', [sale]);
    const first = tillReturn(till, sale, [], 1);
    const here = tillReturn(till, sale, [first], 1);
    const other = await otherTill();
    const elsewhere = tillReturn(other, sale, [first], 1);
    expect(-(first.total + here.total + elsewhere.total)).toBe(sale.total + 1);
    await push(server, till.token, 'sales', [first, here]);
    await push(server, other.token, 'sales', [elsewhere]);
    expect(await codesOf(till, first)).toEqual([]);
    expect(await codesOf(till, here)).toEqual([]);
    expect(await codesOf(other, elsewhere)).toEqual([]);
  });

  it.skipIf(skip)('raises no price deviation for a return of a pricelist-priced line nor of one whose catalog price changed since', async () => {
    const { till, sale, open } = await tillWithSale(2, 0);
    // The line sold at a pricelist price 20 % below the catalog (the sale itself is judged by pricing-checks.ts).
    const [line] = sale.lines as [SaleLine];
    const listed = atUnitPrice(Math.round(product.price * 0.8))({ ...line, qty: 2, discount: 0 });
    const { seq: _s, prevHash: _p, hash: _h, ...unsigned } = sale;
    const pricelisted = sealSale({ ...unsigned, lines: [{ ...listed, pricelistItemId: 'trade-prices-item' }], total: listed.total, payments: [{ paymentId: 'pl', method: 'card', amount: listed.total }] }, null);
    till.head = { seq: pricelisted.seq, hash: pricelisted.hash };
    await push(server, till.token, 'sessions', [open]);
    await push(server, till.token, 'sales', [pricelisted]);
    const ret = tillReturn(till, pricelisted, [], 1);
    await push(server, till.token, 'sales', [ret]);
    expect(await codesOf(till, ret)).toEqual([]);

    // The catalog price goes up after the sale: the other unit still comes back at what was paid.
    await server.db.query('UPDATE products SET price = price + 300 WHERE id = $1', [product.id]);
    try {
      const rest = tillReturn(till, pricelisted, [ret], 1);
      await push(server, till.token, 'sales', [rest]);
      expect(await codesOf(till, rest)).toEqual([]);
    } finally {
      await server.db.query('UPDATE products SET price = price - 300 WHERE id = $1', [product.id]);
    }
  });

  it.skipIf(skip)('judges returns that arrive before their original when the original arrives', async () => {
    // The sale's till is offline; the customer brings the goods back to another till.
    const { till, sale, open } = await tillWithSale(4, 0);
    const other = await otherTill();
    const fair = tillReturn(other, sale, [], 1);
    const inflated = tillReturn(other, sale, [fair], 3, atUnitPrice(product.price * 2));
    await push(server, other.token, 'sales', [fair, inflated]);
    // "Original missing" is raised once per original, on its first return.
    expect(await codesOf(other, fair)).toEqual(['return_original_missing']);
    expect(await codesOf(other, inflated)).toEqual([]);

    await push(server, till.token, 'sessions', [open]);
    await push(server, till.token, 'sales', [sale]);
    expect(await codesOf(other, inflated)).toEqual(['over_refund']);
    // All four units refunded 1 × price + 3 × 2 × price: raised once, on the first return of the line.
    expect(await codesOf(other, fair)).toEqual(['over_refund']);
    expect((await problemsOf(other, fair))[0]?.message).toContain(`was paid ${formatMoneyWithSymbol(sale.total, 'EUR')}`);
    // Pushing the original again (a retry) raises nothing twice.
    await push(server, till.token, 'sales', [sale]);
    expect(await codesOf(other, fair)).toEqual(['over_refund']);
    expect(await codesOf(other, inflated)).toEqual(['over_refund']);
  });

  /** The open exception `code` of return `ret` on the manager's exceptions page, resolved there by hand. */
  async function resolveByHand(ret: Sale, code: string): Promise<void> {
    const report = await server.api('/api/reports/exceptions?kind=return', { token: managerToken });
    const row = (report.body as { rows: { id: number; code: string; receiptNo: string | null }[] }).rows.find((r) => r.receiptNo === ret.receiptNo && r.code === code);
    expect(row).toBeDefined();
    const res = await server.api(`/api/reports/exceptions/${row?.id}/resolve`, { token: managerToken, body: { note: 'checked with the customer' } });
    expect(res.status).toBe(200);
  }

  /** Every problem `code` ever raised on `ret`, open or resolved. */
  async function raisedCount(ret: Sale, code: string): Promise<number> {
    const [row] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM event_problems WHERE event_id = $1 AND code = $2', [ret.id, code]);
    return row?.n ?? 0;
  }

  it.skipIf(skip)('judges returns when their original arrives even though a manager resolved "original missing" by hand before, and raises each problem once', async () => {
    const { till, sale, open } = await tillWithSale(2, 0);
    const other = await otherTill();
    // Both units back at twice the price, then both again (the second return missed the first): 4 of 2 units back, 6 × price of 2 × price paid.
    const first = tillReturn(other, sale, [], 2, atUnitPrice(product.price * 2));
    const again = tillReturn(other, sale, [], 2);
    await push(server, other.token, 'sales', [first, again]);
    expect(await codesOf(other, first)).toEqual(['return_original_missing']);
    await resolveByHand(first, 'return_original_missing');
    expect(await codesOf(other, first)).toEqual([]);

    await push(server, till.token, 'sessions', [open]);
    await push(server, till.token, 'sales', [sale]);
    // The unit price, the money of the line and its units: all on the first return of the line.
    expect(await codesOf(other, first)).toEqual(['over_refund', 'over_refund', 'over_return']);
    expect(await codesOf(other, again)).toEqual([]);

    // The recheck run again (the original pushed again, or applied twice) raises nothing twice, and
    // a problem the manager resolved in between stays resolved.
    await push(server, till.token, 'sales', [sale]);
    await server.db.transaction((tx) => recheckReturnsOf(tx, [sale]));
    expect(await codesOf(other, first)).toEqual(['over_refund', 'over_refund', 'over_return']);
    await resolveByHand(first, 'over_return');
    await server.db.transaction((tx) => recheckReturnsOf(tx, [sale]));
    expect(await raisedCount(first, 'over_return')).toBe(1);
    expect(await raisedCount(first, 'over_refund')).toBe(2);
    expect(await raisedCount(again, 'over_return') + await raisedCount(again, 'over_refund')).toBe(0);
  });
});
