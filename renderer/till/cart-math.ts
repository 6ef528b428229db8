// Cart arithmetic: turns the cart's working lines into sale lines with totals, discounts and taxes
// through shared/tax `computeOrder` (the same function the server recomputes with), and decides
// which discounts and price overrides need a supervisor.
import type { ApprovalSettings, SaleLine } from '../../shared/schemas/index.ts';
import { computeOrder, type TaxRule } from '../../shared/tax/index.ts';

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
  /** Weighed or priced by barcode: never merged with another scan of the same product. */
  fixed?: boolean;
}

export interface CartTotals {
  lines: SaleLine[];
  total: number;
  tax: number;
  discount: number;
}

export function gross(line: Pick<CartLine, 'qty' | 'unitPrice'>): number {
  return Math.round(line.qty * line.unitPrice);
}

export function computeCart(lines: readonly CartLine[], orderDiscount: number): CartTotals {
  if (lines.length === 0) return { lines: [], total: 0, tax: 0, discount: 0 };
  const amounts = computeOrder({
    lines: lines.map((l) => ({ qty: l.qty, unitPrice: l.unitPrice, discount: l.discount, priceIncludesTax: l.priceIncludesTax, taxes: l.taxes })),
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
      ...(l.priceOverride ? { priceOverride: l.priceOverride } : {}),
      ...(l.discountApprovedBy ? { discountApprovedBy: l.discountApprovedBy } : {}),
    };
  });
  return { lines: saleLines, total: amounts.total, tax: amounts.tax, discount: amounts.discount };
}

/** A discount of `amount` on `base` needs a supervisor when above the configured percent. */
export function discountNeedsApproval(amount: number, base: number, approvals: ApprovalSettings): boolean {
  if (amount <= 0) return false;
  if (base <= 0) return true;
  return (amount * 100) / base > approvals.maxDiscountPercent;
}

/** Lowering a price by more than the configured percent needs a supervisor; raising never does. */
export function overrideNeedsApproval(newPrice: number, listPrice: number, approvals: ApprovalSettings): boolean {
  if (newPrice >= listPrice) return false;
  if (listPrice <= 0) return true;
  return ((listPrice - newPrice) * 100) / listPrice > approvals.maxPriceOverridePercent;
}
