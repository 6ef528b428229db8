// Issue 8 "Show": the reports agree with the source of truth after a seeded mix of POS sales,
// returns and session closes pushed over HTTP and web-shop orders shipped (and invoiced) by a
// scanner station — period revenue and tax equal the journal's
// revenue and tax accounts, stock value equals the inventory account, cash differences equal
// the cash-difference account, and the same number is the same on every page — on PGlite and
// on PostgreSQL. Also: who may open the reports, and the aggregates equal a full rebuild.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CashReport, Overview, ProfitAndLoss, SalesReport, StockReport } from '../../shared/reports/report-types.ts';
import { foldSalesAggregates } from '../../sync-server/reports/aggregates.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { pushInOrder, simCatalog } from '../pos/pos-harness.ts';
import { simulateTill } from '../support/pos-events.ts';
import { accountBalance, journalMovement, seedChannelDeliveries, seedTillActivity, sessionFor, reportPeriod } from './reports-harness.ts';

// Till sales carry the simulator's day; invoices of channel deliveries carry the server's today.
const { from: FROM, to: TO, query: period } = reportPeriod();

describe.each(testDrivers)('reports agree with the ledger on $kind', ({ kind, skip }) => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(kind, { products: 40 });
    await seedTillActivity(server);
    await seedChannelDeliveries(server, 2);
    token = await server.login('manager', 'manager');
  });
  afterAll(async () => {
    await server?.close();
  });

  const get = async <T>(path: string): Promise<T> => {
    const res = await server.api(path, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as T;
  };

  it.skipIf(skip)('period revenue and tax equal the movements of the revenue and output-tax accounts', async () => {
    const o = await get<Overview>(`/api/reports/overview?${period}`);
    expect(o.period.orders).toBe(10 + 2);
    expect(o.period.returns).toBe(4);
    expect(o.byChannel.map((c) => [c.key, c.orders])).toEqual([['pos', 10], ['web', 2]]);
    expect(o.byChannel.every((c) => c.revenue > 0)).toBe(true);
    expect(o.period.revenue).toBe(-(await journalMovement(server.db, '4000', FROM, TO)));
    expect(o.period.tax).toBe(-(await journalMovement(server.db, '2200', FROM, TO)));
    expect(o.period.cost).toBe(await journalMovement(server.db, '5000', FROM, TO));
    expect(o.period.margin).toBe(o.period.revenue - o.period.cost);
    expect(o.trend.reduce((a, t) => a + t.revenue, 0)).toBe(o.period.revenue);
  });

  it.skipIf(skip)('shows the same totals on the overview, sales, tender and profit-and-loss views', async () => {
    const o = await get<Overview>(`/api/reports/overview?${period}`);
    const s = await get<SalesReport>(`/api/reports/sales?${period}`);
    const pnl = await get<ProfitAndLoss>(`/api/reports/accounting/profit-loss?${period}`);
    expect(s.totals).toEqual(o.period);
    const sum = (rows: readonly { revenue: number }[]): number => rows.reduce((a, r) => a + r.revenue, 0);
    for (const rows of [o.byChannel, o.bySite, s.byDay, s.byHour, s.byCashier]) expect(sum(rows)).toBe(o.period.revenue);
    expect(s.byTender.reduce((a, t) => a + t.amount, 0)).toBe(o.period.gross);
    expect(pnl.rows.find((r) => r.code === '4000')?.amount).toBe(o.period.revenue);
    expect(pnl.rows.find((r) => r.code === '5000')?.amount).toBe(o.period.cost);
    expect(s.returns.count).toBe(4);
    expect(s.returns.amount).toBe(-o.period.returnedGross);
    expect(s.best[0]?.revenue).toBeGreaterThan(0);
  });

  it.skipIf(skip)('filters by store and channel: each filter is the journal of its site, the parts add up', async () => {
    const all = await get<Overview>(`/api/reports/overview?${period}`);
    const wh = await get<Overview>(`/api/reports/overview?${period}&site=WH1`);
    const storeId = await server.siteId('STORE1');
    const store = await get<Overview>(`/api/reports/overview?${period}&site=${storeId}`);
    expect(store.period.revenue).toBe(-(await journalMovement(server.db, '4000', FROM, TO, storeId)));
    expect(wh.period.revenue).toBe(-(await journalMovement(server.db, '4000', FROM, TO, await server.siteId('WH1'))));
    expect(store.period.revenue + wh.period.revenue).toBe(all.period.revenue);
    const web = await get<Overview>(`/api/reports/overview?${period}&channel=web`);
    const pos = await get<Overview>(`/api/reports/overview?${period}&channel=pos`);
    expect(web.period).toEqual(wh.period);
    expect(pos.period).toEqual(store.period);
    const before = await get<Overview>(`/api/reports/overview?from=2026-11-01&to=2026-11-21`);
    expect(before.period.revenue).toBe(0);
  });

  it.skipIf(skip)('stock value at cost equals the inventory account', async () => {
    const stock = await get<StockReport>('/api/reports/stock');
    expect(stock.totalValue).toBeGreaterThan(0);
    expect(stock.byLocation.reduce((a, r) => a + r.value, 0)).toBe(stock.totalValue);
    expect(stock.totalValue).toBe(await accountBalance(server.db, '1300'));
  });

  it.skipIf(skip)('cash differences equal the cash-difference account', async () => {
    const cash = await get<CashReport>(`/api/reports/cash?${period}`);
    expect(cash.totals.sessions).toBe(2);
    expect(cash.totals.openSessions).toBe(0);
    expect(cash.totals.difference).toBe(-350 + 120);
    expect(cash.totals.difference).toBe(-(await accountBalance(server.db, '6500')));
    const cashRows = cash.tenders.filter((t) => t.method === 'cash');
    expect(cashRows.map((t) => t.difference).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([-350, 120]);
  });

  it.skipIf(skip)('counts sales on the store day and hour of their site, kept as sales arrive and after a zone change', async () => {
    const storeId = await server.siteId('STORE1');
    const dayBefore = '2026-11-21';
    const period1 = `from=${dayBefore}&to=${dayBefore}&site=STORE1`;
    expect((await get<Overview>(`/api/reports/overview?${period1}`)).period.revenue).toBe(0);
    // 08:00 UTC is 22:00 the day before in Honolulu (UTC−10): the store's history moves to that day.
    await server.db.query(`UPDATE sites SET time_zone = 'Pacific/Honolulu' WHERE id = $1`, [storeId]);
    const till = await server.pairDevice('till', 'STORE1', 'Till 9');
    const events = simulateTill({
      tillId: till.deviceId, siteId: storeId, cashierId: 'alice', float: 1000, cashDifference: 0,
      steps: [{ kind: 'sale', lines: [{ product: 3, qty: 1, discount: 0 }], orderDiscount: 0, tender: 'card' }],
    }, await simCatalog(server.db));
    await pushInOrder(server, till.token, events);
    const o = await get<Overview>(`/api/reports/overview?${period1}`);
    expect(o.filters.timeZone).toBe('Pacific/Honolulu');
    expect(o.period.orders).toBe(10 / 2 * 2 + 1);
    expect(o.period.revenue).toBeGreaterThan(0);
    expect(o.period.revenue).toBe(-(await journalMovement(server.db, '4000', dayBefore, dayBefore, storeId)));
    const pnl = await get<ProfitAndLoss>(`/api/reports/accounting/profit-loss?${period1}`);
    expect(pnl.rows.find((r) => r.code === '4000')?.amount).toBe(o.period.revenue);
    const s = await get<SalesReport>(`/api/reports/sales?${period1}`);
    expect(s.byHour.map((h) => h.label)).toEqual(['22:00']);
    expect(s.byDay.map((d) => d.label)).toEqual([dayBefore]);
    const cash = await get<CashReport>(`/api/reports/cash?${period1}`);
    expect(cash.totals.sessions).toBe(3);
  });

  it.skipIf(skip)('keeps aggregates equal to a full rebuild from the sales and the journal', async () => {
    const snapshot = async (): Promise<unknown[]> =>
      Promise.all(['sales_daily', 'tender_daily', 'product_sales_daily', 'account_daily'].map((t) =>
        server.db.query(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`).then((rows) => rows.map((r) => JSON.stringify(r)).sort()),
      ));
    await foldSalesAggregates(server.db);
    const incremental = await snapshot();
    await server.db.query('SELECT reports_rebuild_all()');
    expect(await snapshot()).toEqual(incremental);
  });

  it.skipIf(skip)('is for managers and admins only: 401 without a session, 403 for other roles, 401 after logout', async () => {
    expect((await server.api(`/api/reports/overview?${period}`)).status).toBe(401);
    for (const role of ['alice', 'sam', 'pat']) {
      const res = await server.api(`/api/reports/overview?${period}`, { token: await sessionFor(server.db, role) });
      expect(res.status).toBe(403);
    }
    const admin = await server.login('admin', 'admin');
    expect((await server.api('/api/reports/sync-health', { token: admin })).status).toBe(200);
    expect((await server.api('/api/auth/logout', { method: 'POST', token: admin })).status).toBe(200);
    expect((await server.api('/api/reports/sync-health', { token: admin })).status).toBe(401);
    expect((await server.api('/api/reports/dead-letters/1/replay', { method: 'POST', token })).status).toBe(403);
  });
});
