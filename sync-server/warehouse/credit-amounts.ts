// What a credit note of cancelled units gives back of a line invoiced on order (order-invoice.ts),
// as pure arithmetic. A line's invoice charged its `kept` units with their share of the line's
// discount (shared/pricing/discount-share.ts: the first units' share — delivered and returned units
// take the line's first shares, cancelled ones its last); a cancellation that leaves fewer units
// credits what the invoice charged for the units kept before less what it charges for those kept
// after, tax by tax at the invoice's rates. The credits of a line therefore add up to its invoice
// line exactly once it is all cancelled, whatever the steps (the property test tries many).
import { discountShare } from '../../shared/pricing/discount-share.ts';
import { computeOrder, type ComputedLine, type TaxRule } from '../../shared/tax/index.ts';

/** An order line as it was priced. */
export interface PricedLine {
  /** The ordered quantity. */
  qty: number;
  unitPrice: number;
  priceIncludesTax: boolean;
  /** What promotions took off the whole line, minor units. */
  discount: number;
}

/** What the first `kept` units of a line are charged (nothing for none), at `taxes`. */
export function keptAmount(line: PricedLine, kept: number, taxes: readonly TaxRule[]): ComputedLine {
  if (kept <= 0) return { amounts: { total: 0, discount: 0, taxes: taxes.map((t) => ({ taxId: t.taxId, rate: t.rate, amount: 0 })) }, base: 0 };
  const [computed] = computeOrder({
    lines: [{ qty: kept, unitPrice: line.unitPrice, priceIncludesTax: line.priceIncludesTax, taxes, discount: discountShare(line, 0, kept) }],
  }).lines;
  if (!computed) throw new Error('computeOrder returned no line');
  return computed;
}

/** The credit (negative amounts) of going from `before` kept units to `after`, tax by tax. */
export function creditAmounts(line: PricedLine, before: number, after: number, taxes: readonly TaxRule[]): ComputedLine {
  const was = keptAmount(line, before, taxes);
  const is = keptAmount(line, after, taxes);
  return {
    amounts: {
      total: is.amounts.total - was.amounts.total,
      discount: is.amounts.discount - was.amounts.discount,
      taxes: is.amounts.taxes.map((t, i) => ({ ...t, amount: t.amount - (was.amounts.taxes[i]?.amount ?? 0) })),
    },
    base: is.base - was.base,
  };
}
