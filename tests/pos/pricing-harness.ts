// A till's sale priced with pricelists and promotions, built by the till's own cart code
// (renderer/till/cart-pricing.ts and cart-math.ts) so server tests push exactly what a till would.
import { sealSale, type ChainHead } from '../../shared/chain/index.ts';
import type { PricingIndex } from '../../shared/pricing/pricing-index.ts';
import type { PricingContext, PricingResult } from '../../shared/pricing/price-cart.ts';
import type { Sale } from '../../shared/schemas/index.ts';
import type { TaxRule } from '../../shared/tax/index.ts';
import { applyCartPricing } from '../../renderer/till/cart-pricing.ts';
import { computeCart, type CartLine } from '../../renderer/till/cart-math.ts';

export interface TillProduct {
  id: string;
  price: number;
  cost: number;
  category: string;
  priceIncludesTax: boolean;
  taxes: TaxRule[];
}

export interface CartSpec {
  product: TillProduct;
  qty: number;
  /** A price from a price-embedded barcode. */
  fixedPrice?: number;
}

export function cartLine(lineId: string, spec: CartSpec): CartLine {
  const price = spec.fixedPrice ?? spec.product.price;
  return {
    lineId, productId: spec.product.id, sku: spec.product.id.slice(0, 12), name: `Product ${spec.product.id.slice(0, 8)}`, qty: spec.qty, unitPrice: price, listPrice: price,
    priceIncludesTax: spec.product.priceIncludesTax, taxes: spec.product.taxes, discount: 0, catalogPrice: spec.product.price, category: spec.product.category, cost: spec.product.cost,
    ...(spec.fixedPrice !== undefined ? { fixed: true } : {}),
  };
}

export interface TillSaleInput {
  id: string;
  tillId: string;
  siteId: string;
  sessionId: string;
  cashierId: string;
  customerId?: string;
  receiptNo: string;
  lines: CartLine[];
  index: PricingIndex;
  ctx: PricingContext;
}

/** Prices the cart as the till does and seals the sale it would commit (paid by card). */
export function tillSale(input: TillSaleInput, head: ChainHead | null): { sale: Sale; pricing: PricingResult } {
  const priced = applyCartPricing(input.lines, input.index, input.ctx);
  const totals = computeCart(priced.lines, 0);
  const couponCodes = priced.result.coupons.map((c) => c.code);
  const sale = sealSale({
    id: input.id, kind: 'sale', tillId: input.tillId, siteId: input.siteId, sessionId: input.sessionId, cashierId: input.cashierId, receiptNo: input.receiptNo,
    createdAt: input.ctx.at, currency: 'EUR', ...(input.customerId ? { customerId: input.customerId } : {}), ...(couponCodes.length ? { couponCodes } : {}),
    lines: totals.lines, payments: [{ paymentId: `${input.id}-p`, method: 'card', amount: totals.total }], total: totals.total,
  }, head);
  return { sale, pricing: priced.result };
}
