// Pricing checked by the server (issue 17): a pushed sale's pricelist prices and promotions are
// recomputed with the same pure function the till used (shared/pricing/price-cart.ts) over the rules
// the server holds. A till that applied them correctly is never flagged; a claimed promotion the
// server does not reach, a different amount, or a pricelist price that does not match becomes an
// exception (the sale is applied all the same). A promotion the till missed (stale rules) is a
// warning: the customer paid more, nobody lost money.
import { buildPricingIndex, type PricingIndex } from '../../shared/pricing/pricing-index.ts';
import { priceCart, type PricingContext } from '../../shared/pricing/price-cart.ts';
import { pricelistPrice, type PricingProduct } from '../../shared/pricing/pricelist.ts';
import { linePromotionTotal, pricingContextOfSale, pricingLinesOfSale } from '../../shared/pricing/sale-pricing.ts';
import type { Problem, Sale } from '../../shared/schemas/index.ts';
import type { Queryable } from '../db/db.ts';
import { loadCoupons, loadPricelists, loadPromotions } from '../pricing/pricing-store.ts';

export interface PricingCheckContext {
  index: PricingIndex;
  timeZone(siteId: string): string;
  customerGroup(customerId: string): string | undefined;
  product(productId: string): PricingProduct | undefined;
}

const key = (ps: readonly { promotionId: string; amount: number }[]): string =>
  ps.map((p) => `${p.promotionId}:${p.amount}`).sort().join(',');

function pricelistProblems(sale: Sale, ctx: PricingCheckContext, pricingCtx: PricingContext): Problem[] {
  const out: Problem[] = [];
  for (const line of sale.lines) {
    if (line.pricelistItemId === undefined) continue;
    const product = ctx.product(line.productId);
    if (!product) continue; // unknown_product is raised by verify-sale
    const expected = pricelistPrice(ctx.index, product, line.qty, pricingCtx);
    const charged = line.priceOverride?.originalPrice ?? line.unitPrice;
    if (expected?.itemId !== line.pricelistItemId || expected.price !== charged) {
      out.push({
        code: 'pricelist_mismatch',
        severity: 'critical',
        message: `receipt ${sale.receiptNo}: ${line.name ?? line.productId} priced ${charged} by pricelist rule ${line.pricelistItemId}; the server finds ${expected ? `rule ${expected.itemId} at ${expected.price}` : 'no pricelist rule for it'}`,
      });
    }
  }
  return out;
}

export function checkPricing(sale: Sale, ctx: PricingCheckContext): Problem[] {
  // A refund mirrors the sale it refunds; its promotions were judged then.
  if (sale.kind !== 'sale') return [];
  const timeZone = ctx.timeZone(sale.siteId);
  const groupId = sale.customerId ? ctx.customerGroup(sale.customerId) : undefined;
  const pricingCtx = pricingContextOfSale(sale, timeZone, groupId);
  const out = pricelistProblems(sale, ctx, pricingCtx);
  const result = priceCart(ctx.index, pricingLinesOfSale(sale.lines, ctx.product), pricingCtx);
  const computed = new Map(result.lines.map((l) => [l.lineId, l]));
  const name = (id: string): string => ctx.index.promotionById.get(id)?.name ?? id;
  for (const line of sale.lines) {
    const claimed = line.promotions ?? [];
    const expected = computed.get(line.lineId)?.promotions ?? [];
    const label = line.name ?? line.productId;
    if (linePromotionTotal(line) > line.discount) {
      out.push({ code: 'promotion_mismatch', severity: 'critical', message: `receipt ${sale.receiptNo}: ${label} claims promotions of ${linePromotionTotal(line)} but a discount of only ${line.discount}` });
    }
    if (key(claimed) === key(expected)) continue;
    const describe = (ps: readonly { promotionId: string; amount: number }[]): string => (ps.length ? ps.map((p) => `"${name(p.promotionId)}" ${p.amount}`).join(', ') : 'none');
    const onlyMissed = claimed.every((c) => expected.some((e) => e.promotionId === c.promotionId && e.amount === c.amount));
    out.push({
      code: onlyMissed ? 'promotion_missed' : 'promotion_mismatch',
      severity: onlyMissed ? 'warning' : 'critical',
      message: `receipt ${sale.receiptNo}: ${label} has promotions ${describe(claimed)}; the server computes ${describe(expected)}`,
    });
  }
  const claimedCodes = new Set(pricingCtx.couponCodes ?? []);
  const applied = new Set(result.coupons.map((c) => c.code));
  for (const code of claimedCodes) {
    if (applied.has(code)) continue;
    const reason = result.refusedCoupons.find((r) => r.code === code)?.reason ?? 'unknown';
    out.push({ code: 'coupon_invalid', severity: 'critical', message: `receipt ${sale.receiptNo}: coupon ${code} was accepted at the till but the server refuses it (${reason.replace('_', ' ')})` });
  }
  return out;
}

/** The rules, time zones, customer groups and products a batch of sales is checked against. */
export async function loadPricingCheckContext(
  q: Queryable,
  sales: readonly Sale[],
  product: (id: string) => PricingProduct | undefined,
): Promise<PricingCheckContext> {
  const codes = [...new Set(sales.flatMap((s) => s.couponCodes ?? []))];
  const customers = [...new Set(sales.flatMap((s) => (s.customerId ? [s.customerId] : [])))];
  // One transaction, one connection: the queries run one after the other.
  const pricelists = await loadPricelists(q, { activeOnly: true });
  const promotions = await loadPromotions(q, { activeOnly: true });
  const coupons = codes.length ? await loadCoupons(q, codes) : [];
  const sites = await q.query<{ id: string; time_zone: string }>('SELECT id, time_zone FROM sites WHERE id = ANY($1::text[])', [[...new Set(sales.map((s) => s.siteId))]]);
  const groups = customers.length ? await q.query<{ id: string; group_id: string | null }>('SELECT id, group_id FROM customers WHERE id = ANY($1::text[])', [customers]) : [];
  const index = buildPricingIndex({ pricelists: pricelists.map((p) => p.rule), promotions: promotions.map((p) => p.rule), coupons });
  const zones = new Map(sites.map((s) => [s.id, s.time_zone]));
  const groupOf = new Map(groups.map((g) => [g.id, g.group_id ?? undefined]));
  return { index, timeZone: (id) => zones.get(id) ?? 'UTC', customerGroup: (id) => groupOf.get(id), product };
}
