// The back office's stored-value routes (issue 17 point 4 on issue 13's admin API), on PGlite and
// PostgreSQL: a gift card's movements (the issue with who and why, a till's spend with its store,
// till and receipt); a customer's store credit given and taken back with a reason (never below
// zero), each in the audit log and the customer's movements; managers may look, not change; the
// liability report still equals the ledger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GiftCard, LiabilityReport, StoreCredit, ValueMoveList } from '../../shared/admin-api/stored-value.ts';
import { simCatalog } from '../pos/pos-harness.ts';
import { ValueTill } from '../pos/stored-value-harness.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

describe.each(testDrivers)('stored value in the admin API on $kind', ({ kind, skip }) => {
  let server: TestServer;
  let admin: string;
  let manager: string;
  let customerId: string;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(kind, { products: 5 });
    admin = await server.login('admin', 'admin');
    manager = await server.login('manager', 'manager');
    const [customer] = await server.db.query<{ id: string }>('SELECT id FROM customers ORDER BY name LIMIT 1');
    customerId = customer?.id ?? '';
  });
  afterAll(async () => {
    await server?.close();
  });

  it.skipIf(skip)('lists a gift card\'s movements: the issue with who and why, the spend with store, till and receipt', async () => {
    const issued = await server.api('/api/admin/gift-cards', { token: admin, body: { number: '7777 0000 1234', amount: 2500, reason: 'broken kettle' } });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const { number } = issued.body as GiftCard;
    const [product] = await simCatalog(server.db, 1);
    if (!product) throw new Error('no product');
    const till = new ValueTill(server, await server.pairDevice('till', 'STORE1', 'Till by the door'), await server.userId('alice'), product);
    const { sale } = await till.spend({ kind: 'gift_card', key: number, amount: 1000 }, { pushed: new Set() });
    await till.push([sale]);

    const res = await server.api(`/api/admin/gift-cards/${number}/moves`, { token: manager });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { moves } = res.body as ValueMoveList;
    expect(moves.map(({ at: _at, ...m }) => m)).toEqual([
      { valueKind: 'gift_card', kind: 'redeem', amount: -1000, currency: 'EUR', site: 'Demo Store', till: 'Till by the door', receiptNo: sale.receiptNo, offline: false, overrideBy: null, by: null, reason: null },
      { valueKind: 'gift_card', kind: 'issue', amount: 2500, currency: 'EUR', site: null, till: null, receiptNo: null, offline: false, overrideBy: null, by: 'admin', reason: 'broken kettle' },
    ]);
    expect((await server.api('/api/admin/gift-cards/000000/moves', { token: admin })).status).toBe(404);
  });

  it.skipIf(skip)('gives and takes back store credit with a reason, never below zero; managers cannot', async () => {
    const adjust = (amount: number, reason: string, token = admin) => server.api('/api/admin/store-credit/adjustments', { token, body: { customerId, amount, reason } });
    expect((await adjust(1500, 'late delivery')).body).toMatchObject({ customerId, currency: 'EUR', balance: 1500 } satisfies Partial<StoreCredit>);
    expect((await adjust(-500, 'given twice')).body).toMatchObject({ balance: 1000 });
    const tooMuch = await adjust(-1001, 'typo');
    expect(tooMuch.status).toBe(409);
    expect((tooMuch.body as { message: string }).message).toMatch(/has €10\.00 of store credit: you cannot take back €10\.01\./);
    expect((await adjust(0, 'nothing')).status).toBe(400);
    expect((await adjust(100, 'not mine', manager)).status).toBe(403);

    const { moves } = (await server.api(`/api/admin/customers/${customerId}/value-moves`, { token: manager })).body as ValueMoveList;
    expect(moves.map((m) => [m.kind, m.amount, m.by, m.reason])).toEqual([['issue', -500, 'admin', 'given twice'], ['issue', 1500, 'admin', 'late delivery']]);
    const audit = await server.db.query<{ action: string; summary: string }>(`SELECT action, summary FROM admin_audit WHERE entity = 'customer' AND entity_id = $1 ORDER BY id`, [customerId]);
    expect(audit.map((a) => a.action)).toEqual(['store_credit.issue', 'store_credit.adjust']);
    expect(audit[1]?.summary).toMatch(/^took €5\.00 of store credit back from ".+" \(given twice\)$/);
    const report = (await server.api('/api/admin/stored-value/liability', { token: admin })).body as LiabilityReport;
    expect(report.balanced).toBe(true);
    expect(report.lines.find((l) => l.kind === 'store_credit')).toMatchObject({ outstanding: 1000, ledger: 1000 });
  });
});
