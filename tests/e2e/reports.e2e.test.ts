// Issue 8 "Show" in Chromium against the real sync server: a cashier account is refused; a
// manager logs in, filters a period and a store, sees the trend chart drawn and exports a CSV
// whose totals match the screen, and resolves an exception with a note; an admin replays a dead-lettered event and it is applied; an
// expired session returns to the login form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildRenderer } from '../../scripts/build-renderer.ts';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import type { Sale, SessionEvent } from '../../shared/schemas/index.ts';
import { defaultRegistry, withHandlers } from '../../sync-server/events/registry.ts';
import { launchChromium } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { push, pushInOrder, simCatalog } from '../pos/pos-harness.ts';
import { simulateTill } from '../support/pos-events.ts';
import { seedTillActivity, SIM_DAY } from '../reports/reports-harness.ts';
import { parseCsv, ReportsPage } from './pages/reports-page.ts';

/** Session events fail while `outage.on` (a server-side fault that dead-letters them). */
const outage = { on: false };
const flakyRegistry = withHandlers({
  sessions: {
    claimedBy: defaultRegistry.sessions.claimedBy,
    handle: async (tx, ev, ctx) => {
      if (outage.on) throw new Error('simulated outage of the session handler');
      return defaultRegistry.sessions.handle(tx, ev, ctx);
    },
  },
});

const money = (minor: number): string => formatMoneyWithSymbol(minor, 'EUR', 'en');

describe('reports in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let reports: ReportsPage;
  let deadEventId: string;

  beforeAll(async () => {
    await buildRenderer({ quiet: true });
    server = await startTestServer('pglite', { products: 40, server: { registry: flakyRegistry } });
    const [tillId] = await seedTillActivity(server);
    const till = await server.pairDevice('till', 'STORE1', 'Till 3');
    const siteId = await server.siteId('STORE1');
    deadEventId = `ev-outage-${Date.now()}`;
    const ev: SessionEvent = { id: deadEventId, kind: 'open', tillId: till.deviceId, siteId, sessionId: `s-outage-${tillId ?? ''}`, cashierId: 'alice', createdAt: `${SIM_DAY}T12:00:00.000Z`, amount: 5000 };
    // A till whose second receipt was altered after sealing: exceptions for the manager.
    const faulty = await server.pairDevice('till', 'STORE1', 'Till 4');
    const events = simulateTill({
      tillId: faulty.deviceId, siteId, cashierId: 'alice', float: 0, cashDifference: 0,
      steps: [1, 2].map((p) => ({ kind: 'sale' as const, lines: [{ product: p, qty: 1, discount: 0 }], orderDiscount: 0, tender: 'card' as const })),
    }, await simCatalog(server.db));
    await pushInOrder(server, faulty.token, events.map((e) => (e.collection === 'sales' && e.doc.seq === 2 ? { ...e, doc: { ...e.doc, lines: e.doc.lines.map((l) => ({ ...l, unitPrice: l.unitPrice + 900 })) } as Sale } : e)));
    outage.on = true;
    await push(server, till.token, 'sessions', [ev]);
    outage.on = false;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    reports = new ReportsPage(page);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('refuses a cashier account', async () => {
    await reports.open(server.url);
    await reports.login('alice', 'alice');
    await expect.poll(() => reports.loginAlert().textContent()).toMatch(/not a manager or admin/);
    const res = await server.api('/api/reports/overview');
    expect(res.status).toBe(401);
  }, 60_000);

  it('lets a manager filter a period and a store, draws the trend and exports a CSV that matches the screen', async () => {
    await reports.login('manager', 'manager');
    await reports.goto('Overview');
    await reports.setPeriod('2026-11-21', SIM_DAY);
    await reports.setStore('STORE1');
    const token = await server.login('manager', 'manager');
    const api = await server.api(`/api/reports/overview?from=2026-11-21&to=${SIM_DAY}&site=STORE1`, { token });
    const period = (api.body as { period: { revenue: number; orders: number } }).period;
    expect(period.revenue).toBeGreaterThan(0);
    await expect.poll(() => reports.kpi('This period', 'Revenue (excl. tax)'), { timeout: 15_000 }).toBe(money(period.revenue));
    expect(await reports.kpi('This period', 'Orders')).toBe(String(period.orders));

    const curve = reports.chart('Revenue trend').locator('path.recharts-curve').first();
    await curve.waitFor();
    expect((await curve.getAttribute('d'))?.length ?? 0).toBeGreaterThan(10);

    const csv = parseCsv(await reports.exportCsv('Sales by store'));
    const col = csv.header.indexOf('Revenue');
    expect(col).toBeGreaterThan(0);
    const body = csv.rows.filter((r) => r[0] !== 'Total');
    expect(body).toHaveLength(await reports.table('Sales by store').locator('tbody tr').count());
    const sum = body.reduce((a, r) => a + Math.round(Number(r[col]) * 100), 0);
    expect(sum).toBe(period.revenue);
    const total = csv.rows.find((r) => r[0] === 'Total');
    expect(Math.round(Number(total?.[col]) * 100)).toBe(period.revenue);
    expect(money(sum)).toBe(await reports.kpi('This period', 'Revenue (excl. tax)'));

    // A period without sales: the trend says so instead of drawing bare axes.
    await reports.setPeriod('2020-01-01', '2020-01-07');
    await expect.poll(() => reports.chart('Revenue trend').textContent(), { timeout: 15_000 }).toContain('Nothing in this period.');
    expect(await reports.chart('Revenue trend').locator('path.recharts-curve').count()).toBe(0);
    await reports.logout();
  }, 90_000);

  it('lets a manager resolve an exception with a note', async () => {
    await reports.login('manager', 'manager');
    await reports.goto('Exceptions');
    await reports.setPeriod('2026-11-01', '2026-12-31');
    const open = reports.table('Open exceptions');
    await expect.poll(() => open.textContent(), { timeout: 15_000 }).toContain('chain break');
    const [problem] = await server.db.query<{ id: string }>(`SELECT id FROM event_problems WHERE code = 'broken_chain' AND resolved_at IS NULL ORDER BY id LIMIT 1`);
    await page.getByRole('button', { name: `Resolve exception ${problem?.id}` }).click();
    const form = page.getByRole('form', { name: `Resolve exception ${problem?.id}` });
    await form.getByLabel('Resolution note').fill('Checked the paper receipt with the store manager');
    await form.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe(`Exception ${problem?.id} resolved.`);
    await expect.poll(async () => (await open.textContent())?.includes(`Resolve exception ${problem?.id}`) ?? false).toBe(false);
    const [row] = await server.db.query<{ resolution_note: string }>('SELECT resolution_note FROM event_problems WHERE id = $1', [problem?.id ?? '']);
    expect(row?.resolution_note).toBe('Checked the paper receipt with the store manager');
    await reports.logout();
  }, 60_000);

  it('lets an admin replay a dead-lettered event, which is then applied', async () => {
    await reports.login('admin', 'admin');
    await reports.goto('Sync health');
    const [letter] = await server.db.query<{ id: string }>('SELECT id FROM dead_letters WHERE event_id = $1', [deadEventId]);
    expect(letter).toBeDefined();
    const rows = reports.table('Rejected events (dead letters)');
    await expect.poll(() => rows.textContent()).toContain('simulated outage');
    await page.getByRole('button', { name: `Replay dead letter ${letter?.id}` }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/replayed: applied/);
    const [stored] = await server.db.query<{ status: string }>('SELECT status FROM events WHERE id = $1', [deadEventId]);
    expect(stored?.status).toBe('applied');
    const [after] = await server.db.query<{ replayed_at: Date | null }>('SELECT replayed_at FROM dead_letters WHERE id = $1', [letter?.id ?? '']);
    expect(after?.replayed_at).not.toBeNull();
  }, 60_000);

  it('sends the user back to the login form when the session expires', async () => {
    await server.db.query(`UPDATE auth_sessions SET created_at = now() - interval '13 hours', expires_at = now() - interval '1 hour'`);
    // The next page load is refused (401): the app ends the session and shows the login form. A
    // request of the page still in flight (the last test's refresh, on a loaded machine) may be the
    // first one refused; then the form is up before the click, and the link is gone.
    const cash = page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Cash', exact: true });
    await Promise.race([cash.click().catch(() => undefined), reports.loginAlert().waitFor().catch(() => undefined)]);
    await expect.poll(() => reports.loginAlert().textContent(), { timeout: 15_000 }).toMatch(/session has expired/);
  }, 60_000);
});
