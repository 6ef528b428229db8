// Ending pricing rules and customer groups in the admin API (issue 17 points 1–2 on issue 13's
// admin API), on PGlite and PostgreSQL: an ended promotion or pricelist leaves the lists and is
// withdrawn from tills (a deleted config entry), once; managers cannot end; the customers list says
// each customer's group.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerPage } from '../../shared/admin-api/customers.ts';
import type { CustomerGroup, PricelistList, PromotionList } from '../../shared/admin-api/pricing.ts';
import type { Pricelist, Promotion } from '../../shared/pricing/pricing-rules.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

describe.each(testDrivers)('ending pricing rules on $kind', ({ kind, skip }) => {
  let server: TestServer;
  let admin: string;
  let manager: string;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(kind, { products: 5 });
    admin = await server.login('admin', 'admin');
    manager = await server.login('manager', 'manager');
  });
  afterAll(async () => {
    await server?.close();
  });

  const post = async <T>(path: string, body: unknown, method = 'POST'): Promise<T> => {
    const res = await server.api(path, { token: admin, body, method });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body as T;
  };

  it.skipIf(skip)('ends a promotion and a pricelist: gone from the lists, withdrawn from tills, audited; managers cannot', async () => {
    const promotion = await post<Promotion>('/api/admin/promotions', {
      name: 'Ten off', trigger: 'automatic', siteIds: [], channels: [], priority: 1, exclusive: false, reward: { kind: 'percent_off', percent: 10, target: {} },
    });
    const pricelist = await post<Pricelist>('/api/admin/pricelists', { name: 'Staff', items: [{ appliesTo: { kind: 'all' }, compute: { kind: 'percentage', percent: 20 } }] });
    const till = await server.pairDevice('till', 'STORE1');
    const pull = async () => ((await server.api('/api/sync/config/pull?limit=1000', { token: till.token })).body as { documents: { id: string; _deleted?: boolean }[] }).documents;
    expect((await pull()).filter((d) => d.id === `promotion:${promotion.id}` && !d._deleted)).toHaveLength(1);

    expect((await server.api(`/api/admin/promotions/${promotion.id}`, { token: manager, method: 'DELETE' })).status).toBe(403);
    expect(await post(`/api/admin/promotions/${promotion.id}`, undefined, 'DELETE')).toEqual({ id: promotion.id, name: 'Ten off' });
    expect(await post(`/api/admin/pricelists/${pricelist.id}`, undefined, 'DELETE')).toEqual({ id: pricelist.id, name: 'Staff' });
    const again = await server.api(`/api/admin/promotions/${promotion.id}`, { token: admin, method: 'DELETE' });
    expect(again.status).toBe(404);
    expect((again.body as { message: string }).message).toBe(`There is no running promotion ${promotion.id}.`);

    expect(((await server.api('/api/admin/promotions', { token: admin })).body as PromotionList).promotions).toEqual([]);
    expect(((await server.api('/api/admin/pricelists', { token: admin })).body as PricelistList).pricelists).toEqual([]);
    const docs = await pull();
    expect(docs.filter((d) => d.id === `promotion:${promotion.id}` || d.id === `pricelist:${pricelist.id}`).map((d) => d._deleted)).toEqual([true, true]);
    const audit = await server.db.query<{ action: string }>(`SELECT action FROM admin_audit WHERE action LIKE '%.end' ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['promotion.end', 'pricelist.end']);
  });

  it.skipIf(skip)('lists each customer with their group', async () => {
    const group = await post<CustomerGroup>('/api/admin/customer-groups', { name: 'Trade' });
    const [first] = ((await server.api('/api/admin/customers?limit=1', { token: admin })).body as CustomerPage).customers;
    if (!first) throw new Error('no customer');
    expect(first.groupId).toBeNull();
    await post(`/api/admin/customers/${first.id}/group`, { groupId: group.id }, 'PUT');
    const [after] = ((await server.api('/api/admin/customers?limit=1', { token: admin })).body as CustomerPage).customers;
    expect(after).toMatchObject({ id: first.id, groupId: group.id });
  });
});
