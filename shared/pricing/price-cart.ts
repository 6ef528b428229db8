// The price of a cart: one pure function used by the till (as lines change) and by the server (when
// it verifies a pushed sale), so both reach the same unit prices, the same promotion discounts per
// line and the same savings. Steps (docs/pricing.md):
//   1. the sale's pricelist (customer group, else the site default) prices each line;
//   2. promotions open at the site, channel and store day (automatic ones, and coupon ones whose code
//      was entered) are tried by priority, then id; an exclusive one only takes lines no other
//      promotion touched and then keeps them to itself;
//   3. every discount is in minor units; Σ per-line discounts = the promotion's amount.
import { multiplyMinor } from '../money/minor-units.ts';
import { storeDay } from '../time/store-time.ts';
import { isCouponCodeFormat, normalizeCouponCode } from './coupon-code.ts';
import { matchPricelistItem, selectPricelist, computeUnitPrice, type PricingProduct } from './pricelist.ts';
import { promotionOrder, type PricingIndex } from './pricing-index.ts';
import { inDateRange } from './pricing-math.ts';
import type { Promotion } from './pricing-rules.ts';
import { rewardDiscounts, type WorkingLine } from './promotion-rewards.ts';

export interface PricingLineInput {
  lineId: string;
  product: PricingProduct;
  /** Negative on returns (priced, never promoted). */
  qty: number;
  /** A price the pricelist may not change: embedded in a barcode or overridden by the cashier. */
  fixedPrice?: number;
}

export interface PricingContext {
  siteId: string;
  /** `pos` for tills. */
  channel: string;
  /** ISO-8601 instant of the sale; date ranges are read on its store day. */
  at: string;
  timeZone: string;
  customerGroupId?: string;
  couponCodes?: readonly string[];
}

export interface LinePromotion {
  promotionId: string;
  amount: number;
}

export interface PricedLine {
  lineId: string;
  /** Catalog price per unit (or the fixed price). */
  listPrice: number;
  /** Price per unit after the pricelist. */
  unitPrice: number;
  pricelistItemId?: string;
  /** qty × unitPrice. */
  amount: number;
  /** In the order they were applied. */
  promotions: LinePromotion[];
  /** Σ promotions. */
  discount: number;
  /** qty × listPrice − (amount − discount): what the pricelist and promotions saved (0 on returns). */
  saved: number;
}

export interface AppliedPromotion {
  promotionId: string;
  name: string;
  amount: number;
  couponCode?: string;
}

export type CouponRefusal = 'format' | 'unknown' | 'not_applicable' | 'duplicate' | 'no_discount';

export interface PricingResult {
  pricelistId?: string;
  /** In the order of the input. */
  lines: PricedLine[];
  /** In the order they were applied, only those that took something off. */
  promotions: AppliedPromotion[];
  /** Entered codes that were applied (normalised). */
  coupons: { code: string; promotionId: string }[];
  refusedCoupons: { code: string; reason: CouponRefusal }[];
  totalDiscount: number;
  totalSaved: number;
}

/** Whether a promotion runs at this site, channel and store day (its trigger aside). */
export function promotionIsOpen(p: Promotion, ctx: Pick<PricingContext, 'siteId' | 'channel'>, day: string): boolean {
  return (
    (p.siteIds.length === 0 || p.siteIds.includes(ctx.siteId)) &&
    (p.channels.length === 0 || p.channels.includes(ctx.channel)) &&
    inDateRange(day, p.dateStart, p.dateEnd)
  );
}

function candidatePromotions(index: PricingIndex, lines: readonly PricingLineInput[]): Promotion[] {
  const found = new Set<Promotion>(index.everywhere);
  for (const l of lines) {
    for (const p of index.promotionsByProduct.get(l.product.id) ?? []) found.add(p);
    for (const p of index.promotionsByCategory.get(l.product.category) ?? []) found.add(p);
  }
  return [...found];
}

/** Entered codes → the coupon promotions they unlock, and the refused ones with why. */
function readCoupons(index: PricingIndex, ctx: PricingContext, day: string): { unlocked: Map<string, string>; refused: PricingResult['refusedCoupons'] } {
  const unlocked = new Map<string, string>(); // promotion id → code
  const refused: PricingResult['refusedCoupons'] = [];
  const seen = new Set<string>();
  for (const raw of ctx.couponCodes ?? []) {
    const code = normalizeCouponCode(raw);
    if (!isCouponCodeFormat(code)) refused.push({ code, reason: 'format' });
    else if (seen.has(code)) refused.push({ code, reason: 'duplicate' });
    else {
      seen.add(code);
      const coupon = index.coupons.get(code);
      const promotion = coupon && index.promotionById.get(coupon.promotionId);
      if (!coupon || !promotion) refused.push({ code, reason: 'unknown' });
      else if (promotion.trigger !== 'coupon' || !promotionIsOpen(promotion, ctx, day)) refused.push({ code, reason: 'not_applicable' });
      else if (unlocked.has(promotion.id)) refused.push({ code, reason: 'duplicate' });
      else unlocked.set(promotion.id, code);
    }
  }
  return { unlocked, refused };
}

export function priceCart(index: PricingIndex, input: readonly PricingLineInput[], ctx: PricingContext): PricingResult {
  const day = storeDay(ctx.at, ctx.timeZone);
  const pricelist = selectPricelist(index, ctx.siteId, ctx.customerGroupId);
  const priced = input.map((l) => {
    const item = l.fixedPrice === undefined && pricelist ? matchPricelistItem(pricelist, l.product, l.qty, day) : undefined;
    const listPrice = l.fixedPrice ?? l.product.price;
    const unitPrice = item ? computeUnitPrice(item.compute, l.product) : listPrice;
    return { input: l, listPrice, unitPrice, item, amount: multiplyMinor(unitPrice, l.qty, 'line amount') };
  });

  const { unlocked, refused } = readCoupons(index, ctx, day);
  const promotions = candidatePromotions(index, input)
    .filter((p) => (p.trigger === 'automatic' || unlocked.has(p.id)) && promotionIsOpen(p, ctx, day))
    .sort(promotionOrder);

  const working: WorkingLine[] = priced
    .filter((p) => p.input.qty > 0 && p.amount > 0)
    .map((p) => ({ lineId: p.input.lineId, productId: p.input.product.id, category: p.input.product.category, qty: p.input.qty, remaining: p.amount }));
  const perLine = new Map<string, LinePromotion[]>();
  const touched = new Set<string>();
  const kept = new Set<string>(); // lines an exclusive promotion keeps to itself
  const applied: AppliedPromotion[] = [];
  for (const promotion of promotions) {
    const open = working.filter((l) => l.remaining > 0 && !kept.has(l.lineId) && !(promotion.exclusive && touched.has(l.lineId)));
    const discounts = rewardDiscounts(promotion, open);
    let amount = 0;
    for (const line of open) {
      const d = discounts.get(line.lineId);
      if (!d) continue;
      line.remaining -= d;
      amount += d;
      touched.add(line.lineId);
      if (promotion.exclusive) kept.add(line.lineId);
      const list = perLine.get(line.lineId) ?? [];
      list.push({ promotionId: promotion.id, amount: d });
      perLine.set(line.lineId, list);
    }
    if (amount === 0) continue;
    const code = unlocked.get(promotion.id);
    applied.push({ promotionId: promotion.id, name: promotion.name, amount, ...(code ? { couponCode: code } : {}) });
  }

  const lines: PricedLine[] = priced.map((p) => {
    const promos = perLine.get(p.input.lineId) ?? [];
    const discount = promos.reduce((a, x) => a + x.amount, 0);
    const saved = p.input.qty > 0 ? multiplyMinor(p.listPrice, p.input.qty, 'list amount') - (p.amount - discount) : 0;
    return {
      lineId: p.input.lineId,
      listPrice: p.listPrice,
      unitPrice: p.unitPrice,
      ...(p.item ? { pricelistItemId: p.item.id } : {}),
      amount: p.amount,
      promotions: promos,
      discount,
      saved,
    };
  });
  const coupons = applied.flatMap((a) => (a.couponCode ? [{ code: a.couponCode, promotionId: a.promotionId }] : []));
  for (const [promotionId, code] of unlocked) if (!applied.some((a) => a.promotionId === promotionId)) refused.push({ code, reason: 'no_discount' });
  return {
    ...(pricelist ? { pricelistId: pricelist.pricelist.id } : {}),
    lines,
    promotions: applied,
    coupons,
    refusedCoupons: refused,
    totalDiscount: lines.reduce((a, l) => a + l.discount, 0),
    totalSaved: lines.reduce((a, l) => a + l.saved, 0),
  };
}
