// Editing and ending pricing rules and customer groups in the admin API (issue 17 points 1–2 on issue 13's
// admin API), on PGlite and PostgreSQL: an ended promotion or pricelist leaves the lists and is
// withdrawn from tills (a deleted config entry), once; managers cannot end; the customers list says
// each customer's group.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerPage } from '../../shared/admin-api/customers.ts';
import type { CustomerGroup, PricelistList, PromotionList } from '../../shared/admin-api/pricing.ts';
import type { Pricelist, Promotion } from '../../shared/pricing/pricing-rules.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

describe.each(testDrivers)('editing and ending pricing rules on $kind', ({ kind, skip }) => {
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

  it.skipIf(skip)('edits a promotion and a pricelist: validated like new ones, published to tills, audited; rules sent with their id keep it', async () => {
    const till = await server.pairDevice('till', 'STORE1');
    type Doc = { id: string; data?: unknown; _deleted?: boolean };
    const pull = async (id: string): Promise<Doc | undefined> =>
      ((await server.api('/api/sync/config/pull?limit=1000', { token: till.token })).body as { documents: Doc[] }).documents.filter((d) => d.id === id).at(-1);
    const promo = { name: 'Snacks 10', trigger: 'coupon', siteIds: [], channels: ['pos'], priority: 3, exclusive: false, reward: { kind: 'percent_off', percent: 10, target: { categories: ['Snacks'] } } };
    const promotion = await post<Promotion>('/api/admin/promotions', promo);
    await post('/api/admin/coupons', { code: 'SNACK-10', promotionId: promotion.id });

    const edited = await post<Promotion>(`/api/admin/promotions/${promotion.id}`, { ...promo, name: 'Snacks 25', reward: { ...promo.reward, percent: 25 } }, 'PUT');
    expect(edited).toEqual({ ...promo, id: promotion.id, name: 'Snacks 25', reward: { ...promo.reward, percent: 25 } });
    expect((await pull(`promotion:${promotion.id}`))?.data).toEqual(edited);
    expect(((await server.api('/api/admin/promotions', { token: admin })).body as PromotionList).promotions.filter((p) => p.id === promotion.id)).toEqual([edited]);

    const refuse = async (path: string, body: unknown, status = 400) => {
      const res = await server.api(path, { token: admin, body, method: 'PUT' });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      return (res.body as { message: string }).message;
    };
    expect(await refuse(`/api/admin/promotions/${promotion.id}`, { ...promo, trigger: 'automatic' }))
      .toBe('promotion "Snacks 25" has 1 coupon code(s): it must keep applying with a coupon (end it and create an automatic one instead)');
    expect(await refuse(`/api/admin/promotions/${promotion.id}`, { ...promo, dateStart: '2026-12-31', dateEnd: '2026-12-01' }))
      .toBe('promotion "Snacks 10": it ends (2026-12-01) before it starts (2026-12-31)');
    expect(await refuse(`/api/admin/promotions/${promotion.id}`, { ...promo, reward: { kind: 'order_threshold', minAmount: 100, target: {} } }))
      .toBe('an order-threshold promotion takes either a percent or an amount off');
    expect(await refuse(`/api/admin/promotions/${promotion.id}`, { ...promo, siteIds: ['nowhere'] })).toBe('unknown store nowhere');
    expect(await refuse(`/api/admin/promotions/${promotion.id}`, { ...promo, reward: { kind: 'percent_off', percent: 0, target: {} } })).toMatch(/percent/);
    expect(await refuse('/api/admin/promotions/no-such-id', promo, 404)).toBe('There is no running promotion no-such-id.');
    expect((await server.api(`/api/admin/promotions/${promotion.id}`, { token: manager, body: promo, method: 'PUT' })).status).toBe(403);
    // Nothing refused changed it.
    expect((await pull(`promotion:${promotion.id}`))?.data).toEqual(edited);

    const pricelist = await post<Pricelist>('/api/admin/pricelists', {
      name: 'Trade', items: [{ appliesTo: { kind: 'all' }, compute: { kind: 'percentage', percent: 5 } }, { appliesTo: { kind: 'category', category: 'Snacks' }, compute: { kind: 'fixed', price: 100 } }],
    });
    const [kept, dropped] = pricelist.items;
    if (!kept || !dropped) throw new Error('no rules');
    const body = { name: 'Trade 2', sequence: 4, items: [{ id: kept.id, appliesTo: { kind: 'all' }, compute: { kind: 'percentage', percent: 8 } }, { appliesTo: { kind: 'category', category: 'Drinks' }, minQty: 6, compute: { kind: 'fixed', price: 90 } }] };
    const changed = await post<Pricelist>(`/api/admin/pricelists/${pricelist.id}`, body, 'PUT');
    expect(changed).toMatchObject({ id: pricelist.id, name: 'Trade 2', sequence: 4, siteIds: [], items: [{ id: kept.id, compute: { kind: 'percentage', percent: 8 } }, { minQty: 6, compute: { kind: 'fixed', price: 90 } }] });
    expect(changed.items.map((i) => i.id)).not.toContain(dropped.id);
    expect((await pull(`pricelist:${pricelist.id}`))?.data).toEqual(changed);
    expect(await refuse(`/api/admin/pricelists/${pricelist.id}`, { ...body, items: [{ ...body.items[0], id: dropped.id }] }))
      .toBe(`rule ${dropped.id} is not a rule of pricelist "Trade 2" (send a new rule without an id)`);
    expect(await refuse(`/api/admin/pricelists/${pricelist.id}`, { ...body, customerGroupIds: ['no-group'] })).toBe('unknown customer group no-group');
    expect(await refuse(`/api/admin/pricelists/${pricelist.id}`, { ...body, items: [{ appliesTo: { kind: 'all' }, dateStart: '2026-02-30', compute: { kind: 'fixed', price: 1 } }] }))
      .toBe('rule 1: 2026-02-30 is not a date');
    expect((await pull(`pricelist:${pricelist.id}`))?.data).toEqual(changed);
    await post(`/api/admin/pricelists/${pricelist.id}`, undefined, 'DELETE');
    expect(await refuse(`/api/admin/pricelists/${pricelist.id}`, body, 404)).toBe(`There is no running pricelist ${pricelist.id}.`);

    const audit = await server.db.query<{ action: string; before: { name: string }; after: { name: string } }>(
      `SELECT action, before, after FROM admin_audit WHERE action LIKE '%.update' ORDER BY id`,
    );
    expect(audit.map((a) => [a.action, a.before.name, a.after.name])).toEqual([['promotion.update', 'Snacks 10', 'Snacks 25'], ['pricelist.update', 'Trade', 'Trade 2']]);
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
