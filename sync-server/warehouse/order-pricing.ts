// Channel orders priced with the tills' pricing function (issue 17 point 2, docs/pricing.md
// "Channel orders"). Per batch of orders (order-batch.ts), before any lock: the rules' version is
// read with the batch's other reads (PRICING_VERSION_SQL) and the indexed rules are kept per
// process until it changes, so with no active rule and no coupon an order costs nothing more; the
// coupons the batch names are read with their uses. Each order's coupons are checked then (a code
// that does not apply, or whose uses are spent, refuses the order before anything is written). Once
// the customer is matched (its group), the order is priced in memory; under the quant lock the
// batch locks its coupons' rows and counts their uses with the tills' (pricing/coupon-uses.ts).
import { buildPricingIndex, type PricingIndex } from '../../shared/pricing/pricing-index.ts';
import { priceCart, type CouponRefusal, type PricingResult } from '../../shared/pricing/price-cart.ts';
import { normalizeCouponCode } from '../../shared/pricing/coupon-code.ts';
import { ORDER_NO_STORE, type OrderPricingPlace, pricingContextOfOrder, pricingLinesOfOrder } from '../../shared/pricing/order-pricing.ts';
import type { PricingProduct } from '../../shared/pricing/pricelist.ts';
import type { OrderRequest } from '../../shared/channel-api/order-request.ts';
import type { Queryable, Tx } from '../db/db.ts';
import { loadCoupons, loadPricelists, loadPromotions } from '../pricing/pricing-store.ts';
import { type CouponCount, lockCouponCounts } from '../pricing/coupon-uses.ts';
import { WarehouseError } from './errors.ts';
import { counted } from '../../shared/text/count.ts';

/**
 * Changes whenever an active pricelist (its rules included: an edit touches the pricelist) or
 * promotion is created, edited or ended: their count and the sum of their `updated_at`.
 */
export const PRICING_VERSION_SQL =
  `(SELECT count(*) || ':' || coalesce(sum(extract(epoch FROM updated_at)), 0) FROM pricelists WHERE active) || '/' ||
   (SELECT count(*) || ':' || coalesce(sum(extract(epoch FROM updated_at)), 0) FROM promotions WHERE active)`;
const NO_RULES = '0:0/0:0';

/** The rules a batch of orders is priced with. */
export interface OrderPricingRules {
  /** The active rules, with the coupons the batch's orders name. */
  index: PricingIndex;
  /** Uses of those coupons before the batch (read without a lock: the batch counts again under it). */
  couponUses: Map<string, number>;
  zones: Map<string, string>;
  /** Where a delivery's store day is read: the first store's zone (by code), else the first site's. */
  deliveryZone: string;
}

/** What an order line is priced at. */
export interface OrderLinePrice {
  listPrice: number;
  unitPrice: number;
  pricelistItemId?: string;
  /** Σ promotions: taken off qty × unitPrice. */
  discount: number;
  promotions: { promotionId: string; amount: number }[];
}

export interface OrderPrices {
  /** By the request's line index. */
  lines: OrderLinePrice[];
  /** The codes applied (normalised): each is one use. */
  couponCodes: string[];
  /** Names of the promotions applied, for the order's view. */
  promotionNames: Map<string, string>;
}

/** Indexed rules by version, per process: a few, for the databases a process serves (tests open several). */
const indexes = new Map<string, PricingIndex>();

async function activeIndex(q: Queryable, version: string): Promise<PricingIndex> {
  const cached = indexes.get(version);
  if (cached) return cached;
  const pricelists = version === NO_RULES ? [] : await loadPricelists(q, { activeOnly: true });
  const promotions = version === NO_RULES ? [] : await loadPromotions(q, { activeOnly: true });
  const index = buildPricingIndex({ pricelists: pricelists.map((p) => p.rule), promotions: promotions.map((p) => p.rule), coupons: [] });
  if (indexes.size >= 4) indexes.delete(indexes.keys().next().value ?? '');
  indexes.set(version, index);
  return index;
}

export function orderCouponCodes(req: Pick<OrderRequest, 'coupons'>): string[] {
  return (req.coupons ?? []).map(normalizeCouponCode);
}

/** True when `version` (PRICING_VERSION_SQL) has no active rule and none of `reqs` has a coupon: nothing to price. */
export function pricesNothing(reqs: readonly Pick<OrderRequest, 'coupons'>[], version: string): boolean {
  return version === NO_RULES && reqs.every((r) => orderCouponCodes(r).length === 0);
}

/**
 * The rules for these orders, or null when there is nothing to price (no active rule, no coupon):
 * orders then keep their catalog prices at no cost. `version` is PRICING_VERSION_SQL read with the
 * batch's reads; without it, it is read here.
 */
export async function loadOrderPricing(q: Queryable, reqs: readonly OrderRequest[], version?: string): Promise<OrderPricingRules | null> {
  const codes = [...new Set(reqs.flatMap(orderCouponCodes))];
  const v = version ?? (await q.query<{ v: string }>(`SELECT ${PRICING_VERSION_SQL} AS v`))[0]?.v ?? NO_RULES;
  if (pricesNothing(reqs, v)) return null;
  const base = await activeIndex(q, v);
  const coupons = codes.length ? await loadCoupons(q, codes) : [];
  const sites = await q.query<{ id: string; time_zone: string }>(`SELECT id, time_zone FROM sites ORDER BY kind <> 'store', code`);
  return {
    index: coupons.length ? { ...base, coupons: new Map(coupons.map((c) => [c.code, { code: c.code, promotionId: c.promotionId, maxUses: c.maxUses }])) } : base,
    couponUses: new Map(coupons.map((c) => [c.code, c.uses])),
    zones: new Map(sites.map((s) => [s.id, s.time_zone])),
    deliveryZone: sites[0]?.time_zone ?? 'UTC',
  };
}

/** A pickup order is priced at its store; a delivery at no store (docs/pricing.md "Channel orders"). */
export function orderPricingPlace(rules: OrderPricingRules, pickupSiteId: string | null): OrderPricingPlace {
  return pickupSiteId
    ? { siteId: pickupSiteId, timeZone: rules.zones.get(pickupSiteId) ?? rules.deliveryZone }
    : { siteId: ORDER_NO_STORE, timeZone: rules.deliveryZone };
}

export interface OrderToPrice {
  req: OrderRequest;
  products: ReadonlyMap<string, PricingProduct>;
  pickupSiteId: string | null;
  at: Date;
}

export function priceOrderCart(rules: OrderPricingRules, o: OrderToPrice, customerGroupId: string | null): PricingResult {
  const lines = pricingLinesOfOrder(o.req.lines, (id) => o.products.get(id));
  return priceCart(rules.index, lines, pricingContextOfOrder(o.req, orderPricingPlace(rules, o.pickupSiteId), o.at.toISOString(), customerGroupId));
}

const refusal: Record<CouponRefusal, string> = {
  format: 'is not a coupon code (4 to 32 letters, digits or dashes)',
  unknown: 'is not a known coupon',
  not_applicable: 'is not valid on this channel, for this store or today',
  duplicate: 'is entered twice, or with another code of the same promotion',
  no_discount: 'takes nothing off this order (none of the products it applies to is in it)',
};

function refuseCoupons(result: PricingResult): void {
  const [first, ...more] = result.refusedCoupons;
  if (!first) return;
  const list = [first, ...more].map((r) => `coupon ${r.code} ${refusal[r.reason]}`).join('; ');
  throw new WarehouseError('coupon_invalid', `${list}: the order was not placed — send it without that code`);
}

function usedUp(code: string, name: string | undefined, used: number, maxUses: number): WarehouseError {
  return new WarehouseError('coupon_used_up', `coupon ${code}${name ? ` ("${name}")` : ''} has been used ${counted(used, 'time')}, its limit is ${maxUses}: the order was not placed — send it without that code`);
}

/**
 * Checks an order's coupons before any lock (its customer's group is not known yet: a coupon refused
 * for want of one is rare, and caught when the order is priced). `taken` counts the uses of the
 * orders before it in the batch; this order's are added when it passes.
 */
export function checkOrderCoupons(rules: OrderPricingRules, o: OrderToPrice, taken: Map<string, number>): void {
  if (!o.req.coupons?.length) return;
  const result = priceOrderCart(rules, o, null);
  refuseCoupons(result);
  for (const { code } of result.coupons) {
    const coupon = rules.index.coupons.get(code);
    const used = (rules.couponUses.get(code) ?? 0) + (taken.get(code) ?? 0);
    if (coupon && used >= coupon.maxUses) throw usedUp(code, rules.index.promotionById.get(coupon.promotionId)?.name, used, coupon.maxUses);
  }
  for (const { code } of result.coupons) taken.set(code, (taken.get(code) ?? 0) + 1);
}

/** The order's prices once its customer is known; a coupon refused now refuses the order. */
export function priceOrder(rules: OrderPricingRules, o: OrderToPrice, customerGroupId: string | null): OrderPrices {
  const result = priceOrderCart(rules, o, customerGroupId);
  refuseCoupons(result);
  const byKey = new Map(result.lines.map((l) => [l.lineId, l]));
  const lines = pricingLinesOfOrder(o.req.lines, (id) => o.products.get(id)).map((input) => {
    const l = byKey.get(input.lineId);
    return {
      listPrice: l?.listPrice ?? input.product.price, unitPrice: l?.unitPrice ?? input.product.price,
      ...(l?.pricelistItemId ? { pricelistItemId: l.pricelistItemId } : {}), discount: l?.discount ?? 0, promotions: l?.promotions ?? [],
    };
  });
  return { lines, couponCodes: result.coupons.map((c) => c.code), promotionNames: new Map(result.promotions.map((p) => [p.promotionId, p.name])) };
}

/**
 * Under the quant lock: locks the coupons of `orders` and counts their uses again (tills and other
 * processes may have used them since the batch read them). Returns, per order in order, the error of
 * one whose coupon is now spent (it is left out of the batch) or null.
 */
export async function claimCouponUses(tx: Tx, orders: readonly { req: OrderRequest }[]): Promise<(WarehouseError | null)[]> {
  const codes = [...new Set(orders.flatMap((o) => orderCouponCodes(o.req)))];
  if (codes.length === 0) return orders.map(() => null);
  const counts: Map<string, CouponCount> = await lockCouponCounts(tx, codes);
  const used = new Map([...counts.values()].map((c) => [c.code, c.used]));
  return orders.map((o) => {
    const mine = [...new Set(orderCouponCodes(o.req))];
    for (const code of mine) {
      const c = counts.get(code);
      const n = used.get(code) ?? 0;
      if (c && n >= c.maxUses) return usedUp(code, c.name, n, c.maxUses);
    }
    for (const code of mine) used.set(code, (used.get(code) ?? 0) + 1);
    return null;
  });
}

/** What pricing reads of a prepared order (order-intake.ts). */
export function orderToPrice(
  o: { req: OrderRequest; pickupSiteId: string | null; prices: ReadonlyMap<string, { price: number; cost: number; category: string }> },
  at: Date,
): OrderToPrice {
  const products = new Map([...o.prices].map(([id, p]) => [id, { id, price: p.price, cost: p.cost, category: p.category }]));
  return { req: o.req, products, pickupSiteId: o.pickupSiteId, at };
}
