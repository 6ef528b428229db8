// Issue 16 point 6 at the till: a till reads a customer's history over every channel (GET
// /api/till/customers/:id/history) — the back office's history, web orders and till sales with
// their channels' names, newest first — from any store of the company; a merged id answers with
// the kept customer; people and other devices are refused; an unknown id is a 404 with a sentence.
// On PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerHistory } from '../../shared/admin-api/customers.ts';
import type { OrderView } from '../../sync-server/warehouse/order-view.ts';
import { pushInOrder, simCatalog } from '../pos/pos-harness.ts';
import { simulateTill } from '../support/pos-events.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { idemPost, makeProduct } from '../warehouse/wh-harness.ts';

describe.each(testDrivers)('customer history at the till on $kind', ({ kind, skip }) => {
  let s: TestServer;
  let admin: string;
  let web: string;
  let product: string;
  let n = 0;

  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: 20 });
    admin = await s.login('admin', 'admin');
    expect((await s.api('/api/admin/channels', { token: admin, body: { code: 'web', name: 'Web shop' } })).status).toBe(201);
    const key = await s.api('/api/admin/channels/web/keys', { token: admin, body: { name: 'shop' } });
    expect(key.status).toBe(201);
    web = (key.body as { key: string }).key;
    product = await makeProduct(s.db, [{ site: 'WH1', qty: 100 }]);
  });
  afterAll(async () => {
    await s?.close();
  });

  async function webOrder(customer: object): Promise<OrderView> {
    n += 1;
    const res = await idemPost(s, web, `till-history-${n}`, { channel: 'web', externalRef: `WEB-${n}`, customer, lines: [{ productId: product, qty: 2 }] });
    expect(res.status).toBe(201);
    return res.body as OrderView;
  }

  const history = (id: string, token?: string) => s.api(`/api/till/customers/${encodeURIComponent(id)}/history`, token ? { token } : {});

  it.skipIf(skip)('gives any till of the company the web orders and till sales of a customer, named, newest first', async () => {
    const order = await webOrder({ name: 'Ada Lovelace', email: 'ada@example.com' });
    const customerId = order.customerId as string;
    const till = await s.pairDevice('till', 'STORE1');
    await pushInOrder(s, till.token, simulateTill({ tillId: till.deviceId, siteId: await s.siteId('STORE1'), cashierId: 'alice', float: 1000, cashDifference: 0, customerId, steps: [
      { kind: 'sale', lines: [{ product: 0, qty: 1, discount: 0 }], orderDiscount: 0, tender: 'cash' },
    ] }, await simCatalog(s.db)));

    const res = await history(customerId, till.token);
    expect(res.status).toBe(200);
    const body = res.body as CustomerHistory;
    expect(body.customer).toMatchObject({ id: customerId, name: 'Ada Lovelace' });
    expect(body.entries).toHaveLength(2);
    const sale = body.entries.find((e) => e.kind === 'sale');
    expect(sale).toMatchObject({ channel: 'store', channelName: 'Demo Store', site: 'STORE1', state: 'applied', currency: 'EUR' });
    expect(sale?.total).toBeGreaterThan(0);
    expect(body.entries.find((e) => e.kind === 'order')).toMatchObject({ channel: 'web', channelName: 'Web shop', reference: order.externalRef, state: 'open', currency: 'EUR' });
    const times = body.entries.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // The back office answers the same history.
    const manager = await s.login('manager', 'manager');
    expect((await s.api(`/api/admin/customers/${customerId}/history`, { token: manager })).body).toEqual(body);

    // Customers are company-wide: a till of another store reads the same.
    expect((await s.api('/api/admin/sites', { token: admin, body: { code: 'STORE2', name: 'Second Store', kind: 'store', currency: 'EUR', timeZone: 'Europe/Paris' } })).status).toBe(201);
    const other = await s.pairDevice('till', 'STORE2');
    expect((await history(customerId, other.token)).body).toEqual(body);
  });

  it.skipIf(skip)('answers a merged customer’s id with the kept customer and both histories', async () => {
    const keep = (await webOrder({ name: 'Bob Martin', email: 'bob@example.com' })).customerId as string;
    const merged = (await webOrder({ name: 'Bob Martin', email: 'bob.martin@example.org' })).customerId as string;
    expect(merged).not.toBe(keep);
    expect((await s.api('/api/admin/customers/merge', { token: admin, body: { keep, merge: merged } })).status).toBe(200);
    const till = await s.pairDevice('till', 'STORE1');
    const body = (await history(merged, till.token)).body as CustomerHistory;
    expect(body.customer.id).toBe(keep);
    expect(body.entries.map((e) => e.channelName)).toEqual(['Web shop', 'Web shop']);
  });

  it.skipIf(skip)('tells the tills their store’s country, with which they read the phone numbers typed in their customer search', async () => {
    const till = await s.pairDevice('till', 'STORE1');
    const site = async (): Promise<{ data: { code: string; country?: string } } | undefined> => {
      const res = await s.api('/api/sync/config/pull?limit=500', { token: till.token });
      return (res.body as { documents: { kind: string; data: { code: string; country?: string } }[] }).documents.find((d) => d.kind === 'site');
    };
    expect((await site())?.data.country).toBeUndefined();
    expect((await s.api('/api/admin/sites/STORE1', { method: 'PATCH', token: admin, body: { country: 'FR' } })).status).toBe(200);
    expect((await site())?.data).toMatchObject({ code: 'STORE1', country: 'FR' });
  });

  it.skipIf(skip)('refuses people, scanner stations, revoked and missing tokens; an unknown customer is a 404 that says so', async () => {
    const customerId = (await webOrder({ name: 'Grace Hopper', email: 'grace@example.com' })).customerId as string;
    expect((await history(customerId)).status).toBe(401);
    // A manager's or admin's session is not a till: the back office has its own route.
    expect((await history(customerId, admin)).status).toBe(401);
    expect((await history(customerId, await s.login('manager', 'manager'))).status).toBe(401);
    const scanner = await s.pairDevice('scanner', 'WH1');
    expect((await history(customerId, scanner.token)).status).toBe(403);
    const till = await s.pairDevice('till', 'STORE1');
    expect((await history(customerId, till.token)).status).toBe(200);
    await s.revoke(till.deviceId);
    expect((await history(customerId, till.token)).status).toBe(401);

    const live = await s.pairDevice('till', 'STORE1');
    const unknown = await history('no-such-customer', live.token);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'not_found', message: 'There is no customer with the id no-such-customer on this server.' });
  });
});
