// What may be parked, and how a parked sale's lines come back (docs/till.md "Parked sales"). Pure.
//
// A parked sale holds no money: a recorded payment (card, voucher, gift card, store credit) or
// redeemed points are a customer's money or a server's authorisation, and a parked cart can be
// forgotten — so the cashier finishes or voids them first. A pickup being paid and a sale with
// items ordered from another site are not parked either: both depend on what the order or the
// other site holds now, and the pickup stays in the Pickups queue to be taken up again.
import type { CustomerOrderFulfillment, Payment, Product, SalePickup } from '../../shared/schemas/index.ts';
import type { TaxRule } from '../../shared/tax/index.ts';
import { counted } from '../../shared/text/count.ts';
import { gross, type CartLine } from './cart-math.ts';

/** The parts of the sale in progress that decide whether it may be parked. */
export interface ParkableSale {
  lines: readonly Pick<CartLine, 'ordered'>[];
  giftCardLoads: readonly unknown[];
  payments: readonly Pick<Payment, 'method' | 'amount'>[];
  pointsRedemption: { points: number } | null;
  pickup: SalePickup | null;
  customerOrder: CustomerOrderFulfillment | null;
}

/** Why the sale cannot be parked, in words for the cashier, or null when it can. */
export function parkRefusal(sale: ParkableSale, labelOf: (method: string) => string, money: (minor: number) => string): string | null {
  if (sale.payments.length > 0) {
    const list = sale.payments.map((p) => `${labelOf(p.method)} ${money(p.amount)}`).join(', ');
    return `This sale cannot be parked: ${list} ${sale.payments.length === 1 ? 'is' : 'are'} recorded on it. A parked sale never holds a customer's money — finish the sale, or void the payment on the pay screen first.`;
  }
  if (sale.pointsRedemption) {
    return `This sale cannot be parked: ${counted(sale.pointsRedemption.points, 'point')} are redeemed on it. Remove the points first (they go back to the customer), or finish the sale.`;
  }
  if (sale.pickup) {
    return `A pickup being paid cannot be parked: the order stays in Pickups. Void this sale and take the order up again from Pickups when the customer is back.`;
  }
  if (sale.customerOrder || sale.lines.some((l) => l.ordered)) {
    return `A sale with items ordered from another site cannot be parked: that site's stock was checked now and may be gone later. Finish the sale, or void it and order again when the customer is back.`;
  }
  if (sale.lines.length === 0 && sale.giftCardLoads.length === 0) return 'Nothing to park: the sale is empty.';
  return null;
}

export interface ResumedLines {
  lines: CartLine[];
  /** Names of the lines left out: their product is no longer sold (not in the till's catalog). */
  missing: string[];
}

/**
 * A parked sale's lines as the catalog has their products now: name, taxes, category and cost
 * refreshed, and a line priced from the catalog takes today's catalog price — the cart's pricing
 * (pricelists, promotions, coupons) then applies as to any line. A price the line did not take from
 * the catalog stays: a price label's, and a supervisor's override (with its approval). The
 * cashier's discounts stay with their approvals (never more than the line now costs). A line
 * whose product is gone is left out.
 */
export function resumeLines(lines: readonly CartLine[], productById: (id: string) => Product | undefined, taxesOf: (product: Product) => TaxRule[]): ResumedLines {
  const kept: CartLine[] = [];
  const missing: string[] = [];
  for (const line of lines) {
    const product = productById(line.productId);
    if (!product) {
      missing.push(line.name);
      continue;
    }
    // A fixed line (weighed, serial, price label) keeps its price unless it was the catalog's.
    const fromCatalog = !line.priceOverride && (!line.fixed || line.unitPrice === line.catalogPrice);
    const price = fromCatalog ? { unitPrice: product.price, listPrice: product.price } : {};
    const next: CartLine = { ...line, ...price };
    kept.push({
      ...next,
      name: product.name,
      sku: product.sku,
      priceIncludesTax: product.priceIncludesTax,
      taxes: taxesOf(product),
      unit: product.unit,
      catalogPrice: product.price,
      category: product.category,
      cost: product.cost,
      discount: Math.min(line.discount, Math.max(0, gross(next))),
    });
  }
  return { lines: kept, missing };
}
