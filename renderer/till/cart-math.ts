// Cart arithmetic: turns the cart's working lines into sale lines with totals, discounts and taxes
// through shared/tax `computeOrder` (the same function the server recomputes with), and gives
// the approval view of the cart (shared/pricing: the same rule the server applies). Promotions
// (cart-pricing.ts) are part of a line's discount on the sale, but not the cashier's reduction.
import { orderReduction, type OrderReduction } from '../../shared/pricing/approval-reduction.ts';
import { linePromotionTotal } from '../../shared/pricing/sale-pricing.ts';
import type { ApprovalSettings, LinePromotionAmount, SaleLine } from '../../shared/schemas/index.ts';
import { allocate, multiplyMinor } from '../../shared/money/index.ts';
import { computeOrder, type TaxRule } from '../../shared/tax/index.ts';

export type LotSource = 'scan' | 'store' | 'cashier';

export interface CartLine {
  lineId: string;
  productId: string;
  sku: string;
  name: string;
  qty: number;
  unitPrice: number;
  /** Catalog price before any override (or the price embedded in a barcode). */
  listPrice: number;
  priceIncludesTax: boolean;
  taxes: TaxRule[];
  /** The line's own discount in minor units (≥ 0). */
  discount: number;
  discountApprovedBy?: string;
  priceOverride?: { originalPrice: number; approvedBy?: string };
  lot?: string;
  /** Where the lot came from: the scanned label, the store's FEFO lot, or the cashier's choice. */
  lotSource?: LotSource;
  /** Serial number of a serial-numbered unit (such a line is always one unit). */
  serial?: string;
  /** How the product is tracked in stock (absent = not tracked). */
  tracking?: 'lot' | 'serial';
  /** How the product is sold: `unit` for pieces, `kg` / `l` / `m` for measured goods (absent = pieces). */
  unit?: string;
  /** Weighed or priced by barcode: never merged with another scan of the same product. */
  fixed?: boolean;
  /** The product's catalog price, category and cost, for pricelists and promotions (absent = not priced, e.g. a return). */
  catalogPrice?: number;
  category?: string;
  cost?: number;
  /** Set by cart-pricing.ts: the pricelist rule that priced the line, and what each promotion took off. */
  pricelistItemId?: string;
  promotions?: LinePromotionAmount[];
  /** A collected order's line (pickup-handover.ts): its quantity and price are the order's, never edited here. */
  orderLineId?: string;
  /** Endless aisle: paid now, ordered from another site (the cart's `customerOrder`), never taken from the shelf. */
  ordered?: true;
}

export interface CartTotals {
  lines: SaleLine[];
  total: number;
  tax: number;
  discount: number;
}

export function gross(line: Pick<CartLine, 'qty' | 'unitPrice'>): number {
  return multiplyMinor(line.unitPrice, line.qty, 'line amount');
}

/** What each line still costs before the order's discounts: its amount less its own discount and promotions. */
const lineBase = (l: CartLine): number => gross(l) - l.discount - linePromotionTotal(l);

/**
 * The points discount (docs/stored-value.md) spread over the lines that still cost something, in
 * proportion to what they cost (largest remainder, shared/money). The cart never holds more
 * points discount than its lines cost (cart-store.ts drops a redemption that no longer fits).
 */
export function spreadPointsDiscount(lines: readonly CartLine[], amount: number): number[] {
  if (amount <= 0) return lines.map(() => 0);
  const bases = lines.map((l) => Math.max(0, lineBase(l)));
  if (bases.reduce((a, b) => a + b, 0) < amount) throw new RangeError(`a points discount of ${amount} is more than the lines cost`);
  return allocate(amount, bases);
}

/** Whether a points discount of `amount` can be spread over these lines (they cost at least that). */
export function pointsDiscountFits(lines: readonly CartLine[], amount: number): boolean {
  return amount <= 0 || lines.reduce((sum, l) => sum + Math.max(0, lineBase(l)), 0) >= amount;
}

/** @param pointsDiscount the discount the customer's loyalty points buy on this sale (minor units) */
export function computeCart(lines: readonly CartLine[], orderDiscount: number, pointsDiscount = 0): CartTotals {
  if (lines.length === 0) return { lines: [], total: 0, tax: 0, discount: 0 };
  const points = spreadPointsDiscount(lines, pointsDiscount);
  const amounts = computeOrder({
    lines: lines.map((l, i) => ({ qty: l.qty, unitPrice: l.unitPrice, discount: l.discount + linePromotionTotal(l) + (points[i] ?? 0), priceIncludesTax: l.priceIncludesTax, taxes: l.taxes })),
    orderDiscount: orderDiscount > 0 ? orderDiscount : 0,
  });
  const saleLines = lines.map((l, i): SaleLine => {
    const computed = amounts.lines[i];
    if (!computed) throw new RangeError(`no computed amounts for line ${i}`);
    return {
      lineId: l.lineId,
      productId: l.productId,
      sku: l.sku,
      name: l.name,
      qty: l.qty,
      unitPrice: l.unitPrice,
      ...computed.amounts,
      ...(l.lot ? { lot: l.lot } : {}),
      ...(l.serial ? { serial: l.serial } : {}),
      ...(l.priceOverride ? { priceOverride: l.priceOverride } : {}),
      ...(l.discountApprovedBy ? { discountApprovedBy: l.discountApprovedBy } : {}),
      ...(l.pricelistItemId ? { pricelistItemId: l.pricelistItemId } : {}),
      ...(l.promotions?.length ? { promotions: l.promotions } : {}),
      ...(points[i] ? { loyaltyDiscount: points[i] } : {}),
      ...(l.orderLineId ? { orderLineId: l.orderLineId } : {}),
    };
  });
  return { lines: saleLines, total: amounts.total, tax: amounts.tax, discount: amounts.discount };
}

/** The approval view of the cart: each line's list price against what it finally costs (shared/pricing). Points redeemed are not the cashier's reduction. */
export function cartReduction(lines: readonly CartLine[], orderDiscount: number, approvals: ApprovalSettings, pointsDiscount = 0): OrderReduction {
  const computed = computeCart(lines, orderDiscount, pointsDiscount).lines;
  return orderReduction(
    lines.map((l, i) => ({
      lineId: l.lineId, qty: l.qty, listPrice: l.listPrice, unitPrice: l.unitPrice,
      discount: (computed[i]?.discount ?? l.discount) - linePromotionTotal(l) - (computed[i]?.loyaltyDiscount ?? 0),
    })),
    approvals,
  );
}
