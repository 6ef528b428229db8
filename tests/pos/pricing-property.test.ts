// Issue 17: for generated rules, carts and sale contexts, the sale the till's own cart code builds
// (renderer/till/cart-pricing.ts + cart-math.ts) always verifies on the server — no pricing,
// promotion, coupon, approval or total exception. The rules are written to the server's tables and
// the generated catalog onto real products, so both sides read the same data. PGlite is enough
// for the property (tests/pos/pricing.test.ts runs the example on both drivers).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainHead } from '../../shared/chain/index.ts';
import { buildPricingIndex } from '../../shared/pricing/pricing-index.ts';
import { PRODUCT_IDS, scenarioArb } from '../../shared/pricing/pricing-arbitraries.test-support.ts';
import type { Ack } from '../../shared/schemas/index.ts';
import type { Tx } from '../../sync-server/db/db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { push, simCatalog } from './pos-harness.ts';
import { cartLine, tillSale, type TillProduct } from './pricing-harness.ts';

/** Problems that would mean the till and the server disagree about the price of the sale. */
const DISAGREEMENT = new Set(['pricelist_mismatch', 'promotion_mismatch', 'promotion_missed', 'coupon_invalid', 'coupon_overused', 'approval_missing', 'total_mismatch']);

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;

describe('a till-priced sale always verifies on the server (pglite)', () => {
  let server: TestServer;
  let siteId: string;
  let cashierId: string;
  let realIds: string[];
  let taxesOf: Map<string, Pick<TillProduct, 'priceIncludesTax' | 'taxes'>>;
  let till: { deviceId: string; token: string };
  let head: ChainHead | null = null;
  let n = 0;

  beforeAll(async () => {
    server = await startTestServer('pglite', { products: 20 });
    siteId = await server.siteId('STORE1');
    cashierId = await server.userId('alice');
    const sim = await simCatalog(server.db, PRODUCT_IDS.length);
    realIds = sim.map((p) => p.id);
    taxesOf = new Map(sim.map((p) => [p.id, { priceIncludesTax: p.priceIncludesTax, taxes: p.taxes }]));
    await server.db.query(`INSERT INTO customer_groups (id, name) VALUES ('trade', 'Trade'), ('staff', 'Staff')`);
    await server.db.query(`INSERT INTO customers (id, name, group_id) VALUES ('cust-trade', 'T', 'trade'), ('cust-staff', 'S', 'staff'), ('cust-nobody', 'N', NULL)`);
    till = await server.pairDevice('till', 'STORE1');
  });
  afterAll(async () => {
    await server?.close();
  });

  /** The scenario's ids in the server's terms: generated product ids → real ones, site-1 → STORE1. */
  const real = <T>(value: T): T => {
    let json = JSON.stringify(value);
    PRODUCT_IDS.forEach((id, i) => (json = json.replaceAll(`"${id}"`, JSON.stringify(realIds[i]))));
    return JSON.parse(json.replaceAll('"site-1"', JSON.stringify(siteId))) as T;
  };

  async function install(tx: Tx, s: Scenario): Promise<void> {
    await tx.query('DELETE FROM coupon_uses');
    await tx.query('DELETE FROM coupons');
    await tx.query('DELETE FROM promotions');
    await tx.query('DELETE FROM pricelists');
    await tx.query('UPDATE sites SET time_zone = $2 WHERE id = $1', [siteId, s.ctx.timeZone]);
    for (const [i, p] of s.catalog.entries()) {
      await tx.query('UPDATE products SET price = $2, cost = $3, category = $4 WHERE id = $1', [realIds[i] as string, p.price, p.cost, p.category]);
    }
    for (const pl of real(s.pricelists)) {
      await tx.query('INSERT INTO pricelists (id, name, site_ids, customer_group_ids, default_for_site_ids, sequence) VALUES ($1, $2, $3, $4, $5, $6)', [pl.id, pl.name, pl.siteIds, pl.customerGroupIds, pl.defaultForSiteIds, pl.sequence]);
      for (const [position, item] of pl.items.entries()) {
        await tx.query(
          'INSERT INTO pricelist_items (id, pricelist_id, applies_to, min_qty, date_start, date_end, compute, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
          [item.id, pl.id, JSON.stringify(item.appliesTo), item.minQty ?? null, item.dateStart ?? null, item.dateEnd ?? null, JSON.stringify(item.compute), position],
        );
      }
    }
    for (const p of real(s.promotions)) {
      await tx.query(
        'INSERT INTO promotions (id, name, trigger, site_ids, channels, date_start, date_end, priority, exclusive, reward) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
        [p.id, p.name, p.trigger, p.siteIds, p.channels, p.dateStart ?? null, p.dateEnd ?? null, p.priority, p.exclusive, JSON.stringify(p.reward)],
      );
    }
    for (const c of s.coupons.filter((c) => s.promotions.some((p) => p.id === c.promotionId))) {
      await tx.query('INSERT INTO coupons (code, promotion_id, max_uses) VALUES ($1, $2, $3)', [c.code, c.promotionId, c.maxUses]);
    }
  }

  it('for generated pricelists, promotions, coupons and carts', async () => {
    // A date range that ends before it starts is refused by the table; the pure function treats it as never open.
    const valid = scenarioArb.filter((s) => [...s.promotions, ...s.pricelists.flatMap((p) => p.items)].every((r) => !r.dateStart || !r.dateEnd || r.dateStart <= r.dateEnd));
    await fc.assert(
      fc.asyncProperty(valid, async (s) => {
        await server.db.transaction((tx) => install(tx, s));
        const products: TillProduct[] = s.catalog.map((p, i) => ({ ...p, id: realIds[i] as string, ...(taxesOf.get(realIds[i] as string) as Pick<TillProduct, 'priceIncludesTax' | 'taxes'>) }));
        const byGenerated = new Map(PRODUCT_IDS.map((id, i) => [id, products[i] as TillProduct]));
        const lines = s.lines.map((l) => cartLine(l.lineId, { product: byGenerated.get(l.product.id) as TillProduct, qty: l.qty, ...(l.fixedPrice !== undefined ? { fixedPrice: l.fixedPrice } : {}) }));
        if (lines.length === 0) return;
        const group = s.ctx.customerGroupId;
        const customerId = group === 'trade' ? 'cust-trade' : group === 'staff' ? 'cust-staff' : group === 'nobody' ? 'cust-nobody' : undefined;
        // The till is at STORE1 and sells on the pos channel; rules for site-2 or the web stay in play (and must not apply).
        const ctx = { ...real(s.ctx), siteId, channel: 'pos' };
        if (customerId === 'cust-nobody' || customerId === undefined) delete ctx.customerGroupId;
        const index = buildPricingIndex({ pricelists: real(s.pricelists), promotions: real(s.promotions), coupons: s.coupons });
        n += 1;
        const { sale } = tillSale({ id: `prop-sale-${n}`, tillId: till.deviceId, siteId, sessionId: 'prop-session', cashierId, receiptNo: `P-${n}`, ...(customerId ? { customerId } : {}), lines, index, ctx }, head);
        head = { seq: sale.seq, hash: sale.hash };
        await push(server, till.token, 'sales', [sale]);
        const res = await server.api('/api/sync/acks/pull?limit=10000', { token: till.token });
        const ack = (res.body as { documents: Ack[] }).documents.find((a) => a.id === sale.id);
        expect(ack?.status).not.toBe('rejected');
        expect((ack?.problems ?? []).filter((p) => DISAGREEMENT.has(p.code))).toEqual([]);
      }),
      { numRuns: 60 },
    );
  }, 300_000);
});
