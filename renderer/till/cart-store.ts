// The cart: the working state of the sale being rung up (Zustand; the committed sale lives in RxDB).
// Every change of lines, customer or coupon codes re-prices the cart with the pricelist and
// promotions (cart-pricing.ts) from the rules the till boot hands over (`setPricingRules`).
import { create } from 'zustand';
import { newEventId } from '../../shared/ids.ts';
import { isCouponCodeFormat, normalizeCouponCode } from '../../shared/pricing/coupon-code.ts';
import type { PricingIndex } from '../../shared/pricing/pricing-index.ts';
import type { CouponRefusal, PricingResult } from '../../shared/pricing/price-cart.ts';
import { POS_CHANNEL } from '../../shared/pricing/sale-pricing.ts';
import type { Customer, CustomerOrderFulfillment, GiftCardLoad, Product, SalePickup } from '../../shared/schemas/index.ts';
import { isCardNumberFormat, maskCardNumber, normalizeCardNumber } from '../../shared/stored-value/card-number.ts';
import type { TaxRule } from '../../shared/tax/index.ts';
import type { CartPricing } from './cart-edit.ts';
import { pointsDiscountFits, type CartLine, type LotSource } from './cart-math.ts';
import { releaseValueLater } from './value-api.ts';
import { applyCartPricing } from './cart-pricing.ts';

export interface CartMessage {
  kind: 'error' | 'info';
  text: string;
  /** Changes on every message so the same text twice still re-announces. */
  at: number;
}

export interface AddOptions {
  qty?: number;
  /** Price from a price-embedded barcode (minor units per unit). */
  unitPrice?: number;
  lot?: string;
  lotSource?: LotSource;
  serial?: string;
}

/** What pricing needs besides the cart: the indexed rules and where the till is. */
export interface PricingRulesEnv {
  index: PricingIndex;
  siteId: string;
  timeZone: string;
}

/** Loyalty points redeemed on the sale in progress (docs/stored-value.md): whole blocks, as a discount spread over the lines. */
export interface PointsRedemption {
  points: number;
  /** The discount they give, minor units. */
  amount: number;
  /** The server's authorisation (online); absent = redeemed offline. */
  authorization?: string;
  /** When the server's hold for `authorization` lapses, by the till's clock; absent = never. */
  holdExpiresAt?: string;
  /** A supervisor let it past the offline allowance. */
  overrideBy?: string;
  /** The customer's points after the redemption as the server said (online). */
  balanceAfter?: number;
}

interface CartState {
  /** Gift cards sold on this sale: not lines (not revenue), paid with everything else. */
  giftCardLoads: GiftCardLoad[];
  /** Adds a gift card to sell; returns why it was refused, or null. */
  addGiftCardLoad(number: string, amount: number): string | null;
  removeGiftCardLoad(loadId: string): void;
  /** The balance a card will have once loaded, when the server told the till. */
  setGiftCardBalance(loadId: string, balanceAfter: number): void;
  pointsRedemption: PointsRedemption | null;
  setPointsRedemption(redemption: PointsRedemption | null): void;
  lines: CartLine[];
  /** Coupon codes entered for this sale (normalised), applied or not. */
  couponCodes: string[];
  /** The last pricing of the cart: savings per line, promotions applied, coupons refused. */
  pricing: PricingResult | null;
  pricingRules: PricingRulesEnv | null;
  setPricingRules(env: PricingRulesEnv): void;
  /** Adds a coupon code; returns why it was refused (and not kept), or null when it applies. */
  addCoupon(code: string): CouponRefusal | null;
  removeCoupon(code: string): void;
  selectedLineId: string | null;
  orderDiscount: number;
  orderDiscountApprovedBy?: string;
  customer: Customer | null;
  /** A click-and-collect order handed over with this sale (its charged lines carry `orderLineId`). */
  pickup: SalePickup | null;
  /** Starts a sale that charges a collected order: its lines at the order's prices, its customer. */
  startPickupSale(pickup: SalePickup, lines: CartLine[], customer: Customer | null): void;
  /** Endless aisle: how the sale's ordered lines (`ordered`) reach the customer; one way per sale. */
  customerOrder: CustomerOrderFulfillment | null;
  /** Adds a line ordered from another site; the sale's customer order goes this way (endless-aisle.ts). */
  addOrdered(product: Product, taxes: TaxRule[], qty: number, fulfillment: CustomerOrderFulfillment): string;
  message: CartMessage | null;
  addProduct(product: Product, taxes: TaxRule[], options?: AddOptions): string;
  select(lineId: string | null): void;
  /** Replaces lines and order discount after an edit the line editor has checked for approval. */
  setPricing(next: CartPricing): void;
  setCustomer(customer: Customer | null): void;
  /** Sets a line's lot; a store (FEFO) lot never replaces one scanned or chosen meanwhile. */
  setLineLot(lineId: string, lot: string, source: LotSource): void;
  say(kind: CartMessage['kind'], text: string): void;
  /**
   * Gives each line the taxes `taxesOf` returns for it (a scheduled tax rate that has begun:
   * tax-switch.ts) and re-prices the cart; returns whether any line's taxes changed.
   */
  setLineTaxes(taxesOf: (line: CartLine) => TaxRule[]): boolean;
  /** Puts a parked sale back (parked-sales-store.ts), priced now like any cart. */
  resume(sale: ResumedCart): void;
  clear(): void;
}

/** What a resumed parked sale brings back into the cart. */
export interface ResumedCart {
  lines: CartLine[];
  orderDiscount: number;
  orderDiscountApprovedBy?: string;
  customer: Customer | null;
  couponCodes: string[];
  giftCardLoads: GiftCardLoad[];
}

const updateLine = (lines: CartLine[], lineId: string, change: (l: CartLine) => CartLine): CartLine[] =>
  lines.map((l) => (l.lineId === lineId ? change(l) : l));

const sameTaxes = (a: readonly TaxRule[], b: readonly TaxRule[]): boolean =>
  a.length === b.length && a.every((t, i) => t.taxId === b[i]?.taxId && t.rate === b[i]?.rate && Boolean(t.compound) === Boolean(b[i]?.compound));

type Priced = Pick<CartState, 'lines' | 'pricing'>;

export const useCartStore = create<CartState>((set, get) => {
  /** The cart's lines priced for a change of lines, customer or codes (now, at the till's site). */
  const priced = (lines: CartLine[], customer: Customer | null = get().customer, couponCodes: string[] = get().couponCodes): Priced => {
    const env = get().pricingRules;
    if (!env) return { lines, pricing: null };
    const groupId = customer?.groupId;
    const result = applyCartPricing(lines, env.index, {
      siteId: env.siteId, channel: POS_CHANNEL, at: new Date().toISOString(), timeZone: env.timeZone, couponCodes,
      ...(groupId !== undefined ? { customerGroupId: groupId } : {}),
    });
    return { lines: result.lines, pricing: result.result };
  };
  return {
  lines: [],
  giftCardLoads: [],
  addGiftCardLoad(raw, amount) {
    const number = normalizeCardNumber(raw);
    if (!isCardNumberFormat(number)) return 'A gift card number has 6 to 32 letters or digits';
    if (!Number.isInteger(amount) || amount <= 0) return 'Enter the amount to load, like 25.00';
    if (get().giftCardLoads.some((l) => l.number === number)) return `Gift card ${maskCardNumber(number)} is already on this sale`;
    set({ giftCardLoads: [...get().giftCardLoads, { loadId: newEventId(), number, amount }], message: null });
    return null;
  },
  removeGiftCardLoad(loadId) {
    set({ giftCardLoads: get().giftCardLoads.filter((l) => l.loadId !== loadId) });
  },
  setGiftCardBalance(loadId, balanceAfter) {
    set({ giftCardLoads: get().giftCardLoads.map((l) => (l.loadId === loadId ? { ...l, balanceAfter } : l)) });
  },
  pointsRedemption: null,
  setPointsRedemption(redemption) {
    const before = get().pointsRedemption;
    if (before?.authorization && before.authorization !== redemption?.authorization) releaseValueLater(before.authorization);
    set({ pointsRedemption: redemption });
  },
  couponCodes: [],
  pricing: null,
  pricingRules: null,
  setPricingRules(env) {
    set({ pricingRules: env });
    set(priced(get().lines));
  },
  addCoupon(raw) {
    const code = normalizeCouponCode(raw);
    if (!isCouponCodeFormat(code)) return 'format';
    if (get().couponCodes.includes(code)) return 'duplicate';
    const codes = [...get().couponCodes, code];
    const next = priced(get().lines, get().customer, codes);
    const refused = next.pricing?.refusedCoupons.find((r) => r.code === code);
    // A code that gives nothing yet (its products not rung up) is kept: it may apply as lines are added.
    if (refused && refused.reason !== 'no_discount') return refused.reason;
    if (!next.pricing) return 'unknown';
    set({ ...next, couponCodes: codes });
    return null;
  },
  removeCoupon(raw) {
    const codes = get().couponCodes.filter((c) => c !== normalizeCouponCode(raw));
    set({ ...priced(get().lines, get().customer, codes), couponCodes: codes });
  },
  selectedLineId: null,
  orderDiscount: 0,
  customer: null,
  pickup: null,
  startPickupSale(pickup, lines, customer) {
    set({ ...priced(lines, customer), pickup, customer, selectedLineId: lines.at(-1)?.lineId ?? null, message: null });
  },
  customerOrder: null,
  addOrdered(product, taxes, qty, fulfillment) {
    const line: CartLine = {
      lineId: newEventId(), productId: product.id, sku: product.sku, name: product.name, qty, unitPrice: product.price, listPrice: product.price,
      priceIncludesTax: product.priceIncludesTax, taxes, unit: product.unit, discount: 0, catalogPrice: product.price, category: product.category, cost: product.cost,
      ordered: true,
    };
    set({ ...priced([...get().lines, line]), customerOrder: fulfillment, selectedLineId: line.lineId, message: null });
    return line.lineId;
  },
  message: null,
  addProduct(product, taxes, options = {}) {
    const fixed = options.unitPrice !== undefined || (options.qty !== undefined && !Number.isInteger(options.qty)) || options.serial !== undefined;
    // Same lot only: a scanned lot joins its own line; a plain scan joins the line of the store's lot.
    const sameLot = (l: CartLine): boolean => (options.lot !== undefined ? l.lot === options.lot : l.lotSource !== 'scan' && l.lotSource !== 'cashier');
    const existing = fixed ? undefined : get().lines.find((l) => l.productId === product.id && !l.fixed && !l.ordered && !l.priceOverride && l.discount === 0 && sameLot(l));
    if (existing) {
      set({ ...priced(updateLine(get().lines, existing.lineId, (l) => ({ ...l, qty: l.qty + (options.qty ?? 1) }))), selectedLineId: existing.lineId, message: null });
      return existing.lineId;
    }
    const price = options.unitPrice ?? product.price;
    const line: CartLine = {
      lineId: newEventId(),
      productId: product.id,
      sku: product.sku,
      name: product.name,
      qty: options.qty ?? 1,
      unitPrice: price,
      listPrice: price,
      priceIncludesTax: product.priceIncludesTax,
      taxes,
      unit: product.unit,
      discount: 0,
      catalogPrice: product.price,
      category: product.category,
      cost: product.cost,
      ...(options.lot ? { lot: options.lot, lotSource: options.lotSource ?? 'scan' } : {}),
      ...(options.serial ? { serial: options.serial } : {}),
      ...(product.tracking !== 'none' ? { tracking: product.tracking } : {}),
      ...(fixed ? { fixed: true } : {}),
    };
    set({ ...priced([...get().lines, line]), selectedLineId: line.lineId, message: null });
    return line.lineId;
  },
  select(lineId) {
    set({ selectedLineId: lineId });
  },
  setPricing(next) {
    const selected = get().selectedLineId;
    set({
      ...priced(next.lines),
      orderDiscount: next.orderDiscount,
      orderDiscountApprovedBy: next.orderDiscountApprovedBy,
      selectedLineId: next.lines.some((l) => l.lineId === selected) ? selected : (next.lines.at(-1)?.lineId ?? null),
    });
  },
  setCustomer(customer) {
    // Points belong to the customer: another customer (or none) takes them off the sale.
    if (customer?.id !== get().customer?.id && get().pointsRedemption) get().setPointsRedemption(null);
    set({ ...priced(get().lines, customer), customer });
  },
  setLineLot(lineId, lot, source) {
    set({ lines: updateLine(get().lines, lineId, (l) => (source === 'store' && l.lot !== undefined ? l : { ...l, lot, lotSource: source })) });
  },
  say(kind, text) {
    set({ message: { kind, text, at: Date.now() } });
  },
  setLineTaxes(taxesOf) {
    let changed = false;
    const lines = get().lines.map((l) => {
      const taxes = taxesOf(l);
      if (sameTaxes(l.taxes, taxes)) return l;
      changed = true;
      return { ...l, taxes };
    });
    // Unchanged, the cart is left as it is: no re-render, no write of the sale in progress.
    if (changed) set(priced(lines));
    return changed;
  },
  resume(sale) {
    set({
      ...priced(sale.lines, sale.customer, sale.couponCodes),
      orderDiscount: sale.orderDiscount,
      orderDiscountApprovedBy: sale.orderDiscountApprovedBy,
      customer: sale.customer,
      couponCodes: sale.couponCodes,
      giftCardLoads: sale.giftCardLoads,
      pointsRedemption: null,
      pickup: null,
      customerOrder: null,
      selectedLineId: sale.lines.at(-1)?.lineId ?? null,
      message: null,
    });
  },
  clear() {
    set({ lines: [], selectedLineId: null, orderDiscount: 0, orderDiscountApprovedBy: undefined, customer: null, pickup: null, customerOrder: null, message: null, couponCodes: [], pricing: null, giftCardLoads: [], pointsRedemption: null });
  },
  };
});

// A points discount never outgrows the lines it is spread over (cart-math.ts): when an edit takes
// the lines below it, the redemption comes off the sale (and its authorisation is let go).
useCartStore.subscribe((s, before) => {
  if (s.lines === before.lines || !s.pointsRedemption || pointsDiscountFits(s.lines, s.pointsRedemption.amount)) return;
  s.setPointsRedemption(null);
  s.say('info', 'The points redeemed were taken off: the sale now costs less than their discount. Redeem again if you want to.');
});

/** The points discount of the sale in progress (0 without a redemption). */
export const cartPointsDiscount = (s: Pick<CartState, 'pointsRedemption'>): number => s.pointsRedemption?.amount ?? 0;
