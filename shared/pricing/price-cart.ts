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
import type { PricingIndex } from './pricing-index.ts';
import { inDateRange } from './pricing-math.ts';
import type { Promotion } from './pricing-rules.ts';
import { isPerLineReward, lineDiscount, rewardDiscounts, type WorkingLine } from './promotion-rewards.ts';

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

/** A line being promoted: what it still costs, and what the promotions took off it so far. */
interface PromotedLine extends WorkingLine {
  promotions: LinePromotion[];
  /** Some promotion took something off it. */
  touched: boolean;
  /** An exclusive promotion keeps it to itself. */
  kept: boolean;
}

/**
 * The promotions that may touch the cart, each with the lines it may touch (in cart order), in the
 * order they are tried. A reward only ever discounts lines its promotion targets (or names: a free
 * product, a bundle's items), so giving it those lines instead of the whole cart changes nothing but
 * the work: with hundreds of rules on a category, pricing stays proportional to what can apply.
 */
function candidatePromotions(index: PricingIndex, lines: readonly PromotedLine[], runs: (p: Promotion) => boolean): { promotion: Promotion; lines: PromotedLine[] }[] {
  const found = new Map<Promotion, { promotion: Promotion; rank: number; lines: PromotedLine[] } | null>(); // null: does not run
  const add = (p: Promotion, l: PromotedLine): void => {
    let c = found.get(p);
    if (c === undefined) {
      c = runs(p) ? { promotion: p, rank: index.promotionRank.get(p) ?? 0, lines: [] } : null;
      found.set(p, c);
    }
    if (c && c.lines[c.lines.length - 1] !== l) c.lines.push(l); // once, when listed for both the product and the category
  };
  for (const l of lines) {
    for (const p of index.promotionsByProduct.get(l.productId) ?? []) add(p, l);
    for (const p of index.promotionsByCategory.get(l.category) ?? []) add(p, l);
    for (const p of index.everywhere) add(p, l);
  }
  const out: { promotion: Promotion; rank: number; lines: PromotedLine[] }[] = [];
  for (const c of found.values()) if (c) out.push(c);
  return out.sort((a, b) => a.rank - b.rank);
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
  const working: PromotedLine[] = priced
    .filter((p) => p.input.qty > 0 && p.amount > 0)
    .map((p) => ({ lineId: p.input.lineId, productId: p.input.product.id, category: p.input.product.category, qty: p.input.qty, remaining: p.amount, promotions: [], touched: false, kept: false }));
  const runs = (p: Promotion): boolean => (p.trigger === 'automatic' || unlocked.has(p.id)) && promotionIsOpen(p, ctx, day);
  const applied: AppliedPromotion[] = [];
  for (const { promotion, lines: targeted } of candidatePromotions(index, working, runs)) {
    const isOpen = (l: PromotedLine): boolean => l.remaining > 0 && !l.kept && !(promotion.exclusive && l.touched);
    const reward = promotion.reward;
    // A per-line reward is computed as it goes (no cart-wide step): the common case, and the cheap one.
    const open = isPerLineReward(reward) ? targeted : targeted.filter(isOpen);
    const discounts = isPerLineReward(reward) ? undefined : rewardDiscounts(promotion, open);
    let amount = 0;
    for (const line of open) {
      const d = discounts ? discounts.get(line.lineId) : isOpen(line) && isPerLineReward(reward) ? lineDiscount(reward, line) : 0;
      if (!d) continue;
      line.remaining -= d;
      amount += d;
      line.touched = true;
      if (promotion.exclusive) line.kept = true;
      line.promotions.push({ promotionId: promotion.id, amount: d });
    }
    if (amount === 0) continue;
    const code = unlocked.get(promotion.id);
    applied.push({ promotionId: promotion.id, name: promotion.name, amount, ...(code ? { couponCode: code } : {}) });
  }
  const perLine = new Map(working.map((l) => [l.lineId, l.promotions]));

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
