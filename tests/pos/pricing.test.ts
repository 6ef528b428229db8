// Issue 17 (pricelists, promotions, coupons) on the server: rules created through the admin API reach
// a till's config feed; a sale the till priced with them is applied without an exception, its
// promotions recorded per line for reporting; a single-use coupon used twice (two tills offline) is
// flagged on the second sale, a code allowed 3 uses on the fourth; a till that claims more than the
// promotion gives is flagged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainHead } from '../../shared/chain/index.ts';
import { buildPricingIndex } from '../../shared/pricing/pricing-index.ts';
import type { Coupon, Pricelist, Promotion } from '../../shared/pricing/pricing-rules.ts';
import { sealSale } from '../../shared/chain/index.ts';
import type { Ack, ConfigEntry, Sale } from '../../shared/schemas/index.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { push, simCatalog } from './pos-harness.ts';
import { cartLine, tillSale, type TillProduct } from './pricing-harness.ts';

describe.each(testDrivers)('pricing on the server on $kind', ({ kind, skip }) => {
  let server: TestServer;
  let admin: string;
  let siteId: string;
  let cashierId: string;
  let products: TillProduct[];
  let customerId: string;
  let rules: { pricelists: Pricelist[]; promotions: Promotion[]; coupons: Coupon[] };

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(kind, { products: 20 });
    admin = await server.login('admin', 'admin');
    siteId = await server.siteId('STORE1');
    cashierId = await server.userId('alice');
    const sim = await simCatalog(server.db, 3);
    // Two products in one category so a buy-2-get-1 can pick the cheaper.
    await server.db.query(`UPDATE products SET category = 'Snacks' WHERE id = ANY($1::text[])`, [sim.slice(0, 2).map((p) => p.id)]);
    const rows = await server.db.query<{ id: string; cost: string; category: string }>('SELECT id, cost, category FROM products WHERE id = ANY($1::text[])', [sim.map((p) => p.id)]);
    products = sim.map((p) => {
      const row = rows.find((r) => r.id === p.id);
      return { ...p, cost: Number(row?.cost ?? 0), category: row?.category ?? '' };
    });
    const [customer] = await server.db.query<{ id: string }>('SELECT id FROM customers ORDER BY name LIMIT 1');
    customerId = customer?.id ?? '';
  });
  afterAll(async () => {
    await server?.close();
  });

  const post = async <T>(path: string, body: unknown, method = 'POST'): Promise<T> => {
    const res = await server.api(path, { token: admin, body, method });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body as T;
  };

  async function pushedProblems(token: string, sale: Sale): Promise<string[]> {
    await push(server, token, 'sales', [sale]);
    const res = await server.api('/api/sync/acks/pull?limit=1000', { token });
    const ack = (res.body as { documents: Ack[] }).documents.find((a) => a.id === sale.id);
    expect(ack).toBeDefined();
    return (ack?.problems ?? []).map((p) => p.code).filter((c) => !['negative_stock', 'late_sale', 'unknown_session'].includes(c)).sort();
  }

  it.skipIf(skip)('creates groups, pricelists, promotions and coupons through the admin API and publishes them to tills', async () => {
    const group = await post<{ id: string }>('/api/admin/customer-groups', { name: 'Trade' });
    await post(`/api/admin/customers/${customerId}/group`, { groupId: group.id }, 'PUT');
    await post('/api/admin/pricelists', {
      name: 'Trade prices', customerGroupIds: [group.id], siteIds: [siteId],
      items: [{ appliesTo: { kind: 'product', productId: (products[2] as TillProduct).id }, compute: { kind: 'formula', base: 'list', discountPercent: 15, rounding: 5 } }],
    });
    await post('/api/admin/promotions', {
      name: 'Snacks: buy 2 get 1', trigger: 'automatic', siteIds: [siteId], channels: ['pos'], priority: 1, exclusive: true,
      reward: { kind: 'buy_x_get_y', buyQty: 2, getQty: 1, target: { categories: ['Snacks'] }, free: { kind: 'cheapest' } },
    });
    const coupon = await post<Promotion>('/api/admin/promotions', {
      name: '2 off with a code', trigger: 'coupon', siteIds: [], channels: [], priority: 5, exclusive: false,
      reward: { kind: 'amount_off', amount: 200, target: { productIds: [(products[2] as TillProduct).id] } },
    });
    await post('/api/admin/coupons', { code: 'welcome-2', promotionId: coupon.id });
    const bad = await server.api('/api/admin/coupons', { token: admin, body: { code: 'WELCOME-2', promotionId: coupon.id } });
    expect(bad.status).toBe(409);
    const badReward = await server.api('/api/admin/promotions', { token: admin, body: { name: 'x', trigger: 'automatic', siteIds: [], channels: [], priority: 1, exclusive: false, reward: { kind: 'nope' } } });
    expect(badReward.status).toBe(400);

    const listed = (await server.api('/api/admin/promotions', { token: admin })).body as { promotions: Promotion[] };
    expect(listed.promotions.map((p) => p.name)).toEqual(['Snacks: buy 2 get 1', '2 off with a code']);
    const coupons = (await server.api('/api/admin/coupons', { token: admin })).body as { coupons: (Coupon & { uses: number })[] };
    expect(coupons.coupons).toEqual([{ code: 'WELCOME-2', promotionId: coupon.id, maxUses: 1, uses: 0 }]);

    // What a till pulls: the rules as config entries, and the customer with its group.
    const till = await server.pairDevice('till', 'STORE1');
    const config = ((await server.api('/api/sync/config/pull?limit=1000', { token: till.token })).body as { documents: ConfigEntry[] }).documents;
    rules = {
      pricelists: config.flatMap((c) => (c.kind === 'pricelist' ? [c.data] : [])),
      promotions: config.flatMap((c) => (c.kind === 'promotion' ? [c.data] : [])),
      coupons: config.flatMap((c) => (c.kind === 'coupon' ? [c.data] : [])),
    };
    expect(rules.pricelists.map((p) => p.name)).toEqual(['Trade prices']);
    expect(rules.promotions).toHaveLength(2);
    expect(rules.coupons.map((c) => c.code)).toEqual(['WELCOME-2']);
    const customers = ((await server.api('/api/sync/customers/pull?limit=1000', { token: till.token })).body as { documents: { id: string; groupId?: string }[] }).documents;
    expect(customers.find((c) => c.id === customerId)?.groupId).toBe(group.id);
  });

  it.skipIf(skip)('applies a till-priced sale with a buy-2-get-1, a pricelist price and a coupon without exception, and flags a reused single-use coupon', async () => {
    const index = buildPricingIndex(rules);
    const [a, b, c] = products as [TillProduct, TillProduct, TillProduct];
    const groupId = (await server.db.query<{ group_id: string }>('SELECT group_id FROM customers WHERE id = $1', [customerId]))[0]?.group_id;
    const ctx = { siteId, channel: 'pos', at: new Date().toISOString(), timeZone: 'UTC', customerGroupId: groupId ?? '', couponCodes: ['welcome-2'] };
    const sell = (tillId: string, id: string, head: ChainHead | null) =>
      tillSale({ id, tillId, siteId, sessionId: `session-${tillId}`, cashierId, customerId, receiptNo: `${id}`, lines: [cartLine('l1', { product: a, qty: 2 }), cartLine('l2', { product: b, qty: 1 }), cartLine('l3', { product: c, qty: 1 })], index, ctx }, head);

    const till1 = await server.pairDevice('till', 'STORE1');
    const first = sell(till1.deviceId, `${kind}-sale-1`, null);
    expect(first.pricing.promotions.map((p) => p.name).sort()).toEqual(['2 off with a code', 'Snacks: buy 2 get 1']);
    expect(first.sale.lines[2]?.pricelistItemId).toBeDefined();
    expect(first.sale.couponCodes).toEqual(['WELCOME-2']);
    expect(await pushedProblems(till1.token, first.sale)).toEqual([]);
    const recorded = await server.db.query<{ promotion_id: string; amount: string }>('SELECT promotion_id, sum(amount) AS amount FROM pos_sale_line_promotions WHERE sale_id = $1 GROUP BY promotion_id', [first.sale.id]);
    expect(new Map(recorded.map((r) => [r.promotion_id, Number(r.amount)]))).toEqual(new Map(first.pricing.promotions.map((p) => [p.promotionId, p.amount])));

    // A second till, offline, accepted the same single-use code: applied, flagged.
    const till2 = await server.pairDevice('till', 'STORE1');
    const second = sell(till2.deviceId, `${kind}-sale-2`, null);
    expect(await pushedProblems(till2.token, second.sale)).toEqual(['coupon_overused']);
    // Replaying the first push counts nothing twice.
    await push(server, till1.token, 'sales', [first.sale]);
    const [uses] = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM coupon_uses WHERE code = 'WELCOME-2'`);
    expect(uses?.n).toBe(2);
  });

  it.skipIf(skip)('flags a sale whose till claimed more than the promotion gives, or a pricelist price the server does not find', async () => {
    const index = buildPricingIndex(rules);
    const [a, , c] = products as [TillProduct, TillProduct, TillProduct];
    const till = await server.pairDevice('till', 'STORE1');
    const ctx = { siteId, channel: 'pos', at: new Date().toISOString(), timeZone: 'UTC' };
    const { sale } = tillSale({ id: `${kind}-sale-3`, tillId: till.deviceId, siteId, sessionId: 's3', cashierId, receiptNo: 'T3-1', lines: [cartLine('l1', { product: a, qty: 3 })], index, ctx }, null);
    const line = sale.lines[0];
    if (!line?.promotions?.[0]) throw new Error('expected the buy-2-get-1 on the line');
    const inflated = { ...line.promotions[0], amount: line.promotions[0].amount + 1 };
    const { hash: _h, seq: _s, prevHash: _p, ...unsigned } = sale;
    const tampered = sealSale({ ...unsigned, lines: [{ ...line, promotions: [inflated] }] }, null);
    // Twice: the amount differs from the server's, and it exceeds the line's discount.
    expect(await pushedProblems(till.token, tampered)).toEqual(['promotion_mismatch', 'promotion_mismatch']);

    // Anonymous sale claiming the trade pricelist (no customer, no group).
    const trade = tillSale({ id: `${kind}-sale-4`, tillId: till.deviceId, siteId, sessionId: 's4', cashierId, receiptNo: 'T4-1', lines: [cartLine('l1', { product: c, qty: 1 })], index, ctx: { ...ctx, customerGroupId: rules.pricelists[0]?.customerGroupIds[0] ?? '' } }, { seq: tampered.seq, hash: tampered.hash });
    expect(await pushedProblems(till.token, trade.sale)).toEqual(['pricelist_mismatch']);
  });

  it.skipIf(skip)('flags only the 4th till sale of a coupon that allows 3 uses', async () => {
    const [, , c] = products as [TillProduct, TillProduct, TillProduct];
    const promotion = rules.promotions.find((p) => p.name === '2 off with a code');
    if (!promotion) throw new Error('expected the coupon promotion');
    await post('/api/admin/coupons', { code: 'THRICE-3', promotionId: promotion.id, maxUses: 3 });
    const index = buildPricingIndex({ ...rules, coupons: [...rules.coupons, { code: 'THRICE-3', promotionId: promotion.id, maxUses: 3 }] });
    const ctx = { siteId, channel: 'pos', at: new Date().toISOString(), timeZone: 'UTC', couponCodes: ['THRICE-3'] };
    const flagged: string[][] = [];
    for (let i = 1; i <= 4; i++) {
      // Four tills, each offline when it sold: none can know the others' uses.
      const till = await server.pairDevice('till', 'STORE1');
      const { sale, pricing } = tillSale({ id: `${kind}-thrice-${i}`, tillId: till.deviceId, siteId, sessionId: `thrice-${i}`, cashierId, receiptNo: `TH-${i}`, lines: [cartLine('l1', { product: c, qty: 1 })], index, ctx }, null);
      expect(pricing.coupons.map((x) => x.code)).toEqual(['THRICE-3']);
      flagged.push(await pushedProblems(till.token, sale));
    }
    expect(flagged).toEqual([[], [], [], ['coupon_overused']]);
    const [uses] = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM coupon_uses WHERE code = 'THRICE-3'`);
    expect(uses?.n).toBe(4);
  });
});
