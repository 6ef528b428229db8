// Issue 12 point 3 / issue 14 point 2: the server judges cash movements itself. A cash in / cash out
// above the limit per movement or per session (demo: 200.00 and 500.00) without a real supervisor
// of that site, or a cash-out taking the drawer below zero without approval, is applied and flagged;
// a below-zero flag is settled when the cash it was taken from arrives after it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealSale } from '../../shared/chain/index.ts';
import type { Ack, Sale, SessionEvent } from '../../shared/schemas/index.ts';
import { computeOrder } from '../../shared/tax/index.ts';
import type { SimProduct } from '../support/pos-events.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { push, simCatalog } from './pos-harness.ts';

describe.each(testDrivers)('cash movements checked by the server on $kind', ({ kind, skip }) => {
  let server: TestServer;
  let catalog: SimProduct[];
  let siteId: string;
  let ids: Record<'alice' | 'sam' | 'pat' | 'otherSupervisor', string>;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(kind, { products: 10 });
    catalog = await simCatalog(server.db);
    siteId = await server.siteId('STORE1');
    // A supervisor who works at another site (the warehouse) only.
    await server.db.query(`INSERT INTO users (id, username, display_name, role) VALUES ('sup-elsewhere', 'vera', 'Vera', 'supervisor')`);
    await server.db.query(`INSERT INTO user_sites (user_id, site_id) VALUES ('sup-elsewhere', $1)`, [await server.siteId('WH1')]);
    ids = { alice: await server.userId('alice'), sam: await server.userId('sam'), pat: await server.userId('pat'), otherSupervisor: 'sup-elsewhere' };
  });
  afterAll(async () => {
    await server?.close();
  });

  const at = (minute: number): string => new Date(Date.UTC(2026, 11, 2, 9, minute)).toISOString();

  /** A till with an open session; its events are made by `move`, pushed by `send`, judged by `codes`. */
  async function newTill(): Promise<{
    move(kind: SessionEvent['kind'], amount: number, minute: number, approvedBy?: string): SessionEvent;
    cashSale(amount: number, minute: number): Sale;
    send(docs: readonly (SessionEvent | Sale)[]): Promise<void>;
    codes(eventId: string): Promise<string[]>;
  }> {
    const till = await server.pairDevice('till', 'STORE1');
    const sessionId = `session-${till.deviceId}`;
    let n = 0;
    return {
      move(kind, amount, minute, approvedBy) {
        n += 1;
        return { id: `ev-${till.deviceId}-${n}`, kind, tillId: till.deviceId, siteId, sessionId, cashierId: ids.alice, createdAt: at(minute), amount, reason: 'bank run', ...(approvedBy ? { approvedBy } : {}) };
      },
      cashSale(amount, minute) {
        const product = catalog[0] as SimProduct;
        const order = computeOrder({ lines: [{ qty: 1, unitPrice: amount, discount: 0, priceIncludesTax: product.priceIncludesTax, taxes: product.taxes }], orderDiscount: 0 });
        const amounts = order.lines[0]?.amounts ?? { total: 0, discount: 0, taxes: [] };
        return sealSale({
          id: `sale-${till.deviceId}`, kind: 'sale', tillId: till.deviceId, siteId, sessionId, cashierId: ids.alice, receiptNo: `${till.deviceId.slice(-4)}-1`,
          createdAt: at(minute), currency: 'EUR', lines: [{ lineId: 'l1', productId: product.id, name: 'Test product', qty: 1, unitPrice: amount, priceOverride: { originalPrice: product.price, approvedBy: ids.sam }, ...amounts }],
          payments: [{ paymentId: 'p', method: 'cash', amount: order.total }], total: order.total,
        }, null);
      },
      async send(docs) {
        for (const d of docs) await push(server, till.token, 'seq' in d ? 'sales' : 'sessions', [d]);
      },
      async codes(eventId) {
        const res = await server.api('/api/sync/acks/pull?limit=1000', { token: till.token });
        const ack = (res.body as { documents: Ack[] }).documents.find((a) => a.id === eventId);
        if (!ack) throw new Error(`no ack for ${eventId}`);
        const [stored] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE id = $1', [eventId]);
        expect(stored?.n).toBe(1); // flagged, never dropped
        return ack.problems.map((p) => p.code).sort();
      },
    };
  }

  it.skipIf(skip)('accepts small movements and approved large ones, and flags a large one with no approver', async () => {
    const till = await newTill();
    const open = till.move('open', 10_000, 0);
    const small = till.move('cash_in', 5_000, 1);
    const large = till.move('cash_in', 25_000, 2);
    const approved = till.move('cash_out', 25_000, 3, ids.sam);
    await till.send([open, small, large, approved]);
    expect(await till.codes(small.id)).toEqual([]);
    expect(await till.codes(large.id)).toEqual(['cash_move_unapproved']);
    expect(await till.codes(approved.id)).toEqual([]);
    const [session] = await server.db.query<{ cash_in: string; cash_out: string }>('SELECT cash_in, cash_out FROM till_sessions WHERE id = $1', [open.sessionId]);
    expect([Number(session?.cash_in), Number(session?.cash_out)]).toEqual([30_000, 25_000]);
  });

  it.skipIf(skip)('flags an approver who is no user, not a supervisor, or a supervisor of another site', async () => {
    const till = await newTill();
    const open = till.move('open', 100_000, 0);
    const byNobody = till.move('cash_out', 21_000, 1, 'nobody');
    const byPicker = till.move('cash_out', 21_000, 2, ids.pat);
    const byOtherSite = till.move('cash_out', 1_000, 3, ids.otherSupervisor);
    await till.send([open, byNobody, byPicker, byOtherSite]);
    expect(await till.codes(byNobody.id)).toEqual(['cash_move_unapproved', 'unknown_approver']);
    expect(await till.codes(byPicker.id)).toEqual(['approver_not_supervisor', 'cash_move_unapproved']);
    // Within every limit, yet a stranger's approval is still reported.
    expect(await till.codes(byOtherSite.id)).toEqual(['approver_not_supervisor']);
    // 100.00 + … moved 430.00 so far: 80.00 more passes the 500.00 per session.
    const overSession = till.move('cash_in', 8_000, 4);
    await till.send([overSession]);
    expect(await till.codes(overSession.id)).toEqual(['cash_move_unapproved']);
  });

  it.skipIf(skip)('flags a cash-out below zero expected cash without approval, counting the cash sales made before it', async () => {
    const till = await newTill();
    const open = till.move('open', 1_000, 0);
    const sale = till.cashSale(500, 1);
    const fits = till.move('cash_out', 1_200, 2);
    const below = till.move('cash_out', 400, 3);
    await till.send([open, sale, fits, below]);
    expect(await till.codes(fits.id)).toEqual([]);
    expect(await till.codes(below.id)).toEqual(['cash_out_below_zero']);
  });

  it.skipIf(skip)('settles a below-zero flag when the float and the sale it was taken from arrive after the cash-out', async () => {
    const till = await newTill();
    const open = till.move('open', 1_000, 0);
    const sale = till.cashSale(500, 1);
    const out = till.move('cash_out', 1_200, 2);
    await till.send([out]);
    expect(await till.codes(out.id)).toEqual(['cash_out_below_zero']);
    await till.send([open]);
    expect(await till.codes(out.id)).toEqual(['cash_out_below_zero']); // 10.00 of 12.00: still short
    await till.send([sale]);
    expect(await till.codes(out.id)).toEqual([]);
    const [ev] = await server.db.query<{ status: string }>('SELECT status FROM events WHERE id = $1', [out.id]);
    expect(ev?.status).toBe('applied');
  });
});
