// The item section of a receipt: one block per sale line — name, quantity × unit price, the
// discount and any tax added on their own rows, and lot/serial/override notes.
// Amounts shown add up: Σ (amount − discount + tax added) over the lines is the sale total.
import { multiplyMinor } from '../money/minor-units.ts';
import type { SaleLine } from '../schemas/sale.ts';
import type { ReceiptBuilder } from './receipt-builder.ts';
import type { ReceiptLabels } from './receipt-settings.ts';

/** Longest a product name may run, in rows, before it is cut with `...`. */
const MAX_NAME_ROWS = 3;
const DETAIL_INDENT = 2;

/** Whole quantities as integers (`2`), anything else — weighed goods — with 3 decimals (`0.745`). */
export function formatQuantity(qty: number): string {
  if (Number.isInteger(qty)) return String(qty === 0 ? 0 : qty);
  const negative = qty < 0;
  const thousandths = Math.round(Math.abs(qty) * 1000);
  const text = `${Math.floor(thousandths / 1000)}.${String(thousandths % 1000).padStart(3, '0')}`;
  return negative ? `-${text}` : text;
}

/** qty × unitPrice, rounded as the tax rules round it (half away from zero, exact decimals). */
export function lineAmount(line: SaleLine): number {
  return multiplyMinor(line.unitPrice, line.qty);
}

/**
 * Tax added on top of the price: non-zero only for tax-exclusive products, whose line total is
 * net amount − discount + taxes. Zero for tax-inclusive lines, whose total already contains it.
 */
export function lineAddedTax(line: SaleLine): number {
  return line.total - (lineAmount(line) - line.discount);
}

export function lineDisplayName(line: SaleLine): string {
  return line.name?.trim() || line.sku || line.productId;
}

export interface ItemsContext {
  builder: ReceiptBuilder;
  labels: ReceiptLabels;
  money: (amountMinor: number) => string;
  promotionNames?: Readonly<Record<string, string>>;
}

function addLine({ builder, labels, money, promotionNames }: ItemsContext, line: SaleLine): void {
  const name = lineDisplayName(line);
  const amount = lineAmount(line);
  const addedTax = lineAddedTax(line);
  if (line.qty === 1 && line.discount === 0 && addedTax === 0) {
    builder.pair(name, money(amount), { maxRows: MAX_NAME_ROWS });
  } else {
    builder.left(name, { maxRows: MAX_NAME_ROWS });
    builder.pair(`${formatQuantity(line.qty)} x ${money(line.unitPrice)}`, money(amount), { indent: DETAIL_INDENT });
  }
  if (line.priceOverride) {
    builder.left(`${labels.priceChanged} ${money(line.priceOverride.originalPrice)}`, { indent: DETAIL_INDENT });
  }
  // Promotions are part of the line's discount: each on its own row, the cashier's discount (and the order's share) as the rest.
  let promoted = 0;
  for (const p of line.promotions ?? []) {
    promoted += p.amount;
    builder.pair(promotionNames?.[p.promotionId] ?? labels.promotion, money(-p.amount), { indent: DETAIL_INDENT });
  }
  // The loyalty points discount is part of the line's discount too: its own row, as the promotions.
  const points = line.loyaltyDiscount ?? 0;
  if (points !== 0) builder.pair(labels.pointsDiscount, money(-points), { indent: DETAIL_INDENT });
  // A collected order's line (sale.pickup) carries its share of the order's promotions, never a cashier's discount.
  const rest = line.discount - promoted - points;
  if (rest !== 0) builder.pair(line.orderLineId !== undefined ? labels.orderPromotions : labels.discount, money(-rest), { indent: DETAIL_INDENT });
  if (addedTax !== 0) builder.pair(labels.taxAdded, money(addedTax), { indent: DETAIL_INDENT });
  if (line.lot) builder.left(`${labels.lot}: ${line.lot}`, { indent: DETAIL_INDENT });
  if (line.serial) builder.left(`${labels.serial}: ${line.serial}`, { indent: DETAIL_INDENT });
  if (line.restock === false) builder.left(labels.notRestocked, { indent: DETAIL_INDENT });
}

export function addItems(context: ItemsContext, lines: readonly SaleLine[]): void {
  for (const line of lines) addLine(context, line);
}
