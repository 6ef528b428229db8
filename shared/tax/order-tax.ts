// Amounts and taxes of a whole order (a till sale, a return, a channel order): the one function
// the till and the server both call, so their numbers can only agree. Takes plain data and returns
// per line exactly the `SaleLine` fields it computes (`total`, `discount`, `taxes`), the line's
// net base beside them, and the order totals with a summary per tax.
//
// Rules (also in docs/domain.md "## Tax"):
// - Line amount = qty × unitPrice rounded half away from zero (exact decimal qty), minus the line
//   discount, minus the line's share of the order discount. It is gross for tax-inclusive lines
//   and net for tax-exclusive ones; `computeLineTaxes` turns it into base, taxes and total.
// - The order discount is spread with money's `allocate` (largest remainder, ties to the lowest
//   index) in proportion to each line's amount after its own discount, over the lines that move
//   in the same direction as the discount (sale lines for a positive discount, return lines for a
//   negative one). Lines in the other direction, or at zero, get no share.
// - Order totals are plain sums of line numbers; nothing is rounded a second time. Hence
//   Σ line totals = order total = order base + order tax, exactly.
// - Discounts carry the sign of the lines they reduce: a return is the sale with qty, line
//   discounts and order discount negated, and yields exactly the negated numbers.
import { allocate } from '../money/allocate.ts';
import { addMinor, assertMinorUnits, multiplyMinor, subtractMinor } from '../money/minor-units.ts';
import type { SaleLine } from '../schemas/sale.ts';
import { computeLineTaxes, type TaxRule } from './line-tax.ts';
import { TaxError } from './tax-error.ts';

export interface OrderLineInput {
  /** Negative on returns; fractional for weighed goods. */
  qty: number;
  /** Minor units per unit; tax-inclusive when `priceIncludesTax`. */
  unitPrice: number;
  /** The line's own discount in minor units, same sign as the line (negative on returns). */
  discount?: number;
  /** Product.priceIncludesTax: catalog prices are tax-inclusive unless the product says otherwise. */
  priceIncludesTax: boolean;
  /** Taxes in application order (compound taxes apply over the earlier ones). */
  taxes: readonly TaxRule[];
}

export interface OrderInput {
  lines: readonly OrderLineInput[];
  /** Order-level discount in minor units before allocation (negative on returns). */
  orderDiscount?: number;
}

/** Exactly the fields of a sale line that the order computation owns. */
export type SaleLineAmounts = Pick<SaleLine, 'total' | 'discount' | 'taxes'>;

export interface ComputedLine {
  /** Spread these onto the sale line: `{ ...line, ...computed.amounts }`. */
  amounts: SaleLineAmounts;
  /** Net of tax; amounts.total = base + Σ amounts.taxes. Not a sale-line field. */
  base: number;
}

export interface TaxSummaryEntry {
  taxId: string;
  rate: number;
  /** Σ base of the lines that carry this tax. */
  base: number;
  /** Σ of this tax over the lines. */
  amount: number;
}

export interface OrderAmounts {
  lines: ComputedLine[];
  /** Σ line totals = base + tax. */
  total: number;
  base: number;
  tax: number;
  /** Σ line discounts (line discounts + the order discount). */
  discount: number;
  /** One entry per (taxId, rate), in order of first appearance. */
  taxSummary: TaxSummaryEntry[];
}

function orderDiscountShares(amounts: readonly number[], orderDiscount: number): number[] {
  if (orderDiscount === 0) return amounts.map(() => 0);
  const direction = Math.sign(orderDiscount);
  const weights = amounts.map((amount) => Math.max(0, amount * direction));
  if (weights.every((w) => w === 0)) {
    throw new TaxError(
      'TAX_DISCOUNT_WITHOUT_LINES',
      `order discount ${orderDiscount} has no line amount of the same sign to be spread over`,
    );
  }
  return allocate(orderDiscount, weights);
}

function summarise(lines: readonly ComputedLine[]): TaxSummaryEntry[] {
  const byKey = new Map<string, TaxSummaryEntry>();
  for (const line of lines) {
    for (const tax of line.amounts.taxes) {
      const key = `${tax.taxId}\u0000${String(tax.rate)}`;
      const entry = byKey.get(key) ?? { taxId: tax.taxId, rate: tax.rate, base: 0, amount: 0 };
      entry.base = addMinor(entry.base, line.base);
      entry.amount = addMinor(entry.amount, tax.amount);
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()];
}

/** Computes every line's total, discount and taxes, and the order totals. */
export function computeOrder(input: OrderInput): OrderAmounts {
  const lineDiscounts = input.lines.map((line, i) =>
    assertMinorUnits(line.discount ?? 0, `lines[${i}].discount`),
  );
  const afterLineDiscount = input.lines.map((line, i) =>
    subtractMinor(
      multiplyMinor(
        assertMinorUnits(line.unitPrice, `lines[${i}].unitPrice`),
        line.qty,
        `lines[${i}] amount`,
      ),
      lineDiscounts[i] ?? 0,
    ),
  );
  const orderDiscount = assertMinorUnits(input.orderDiscount ?? 0, 'orderDiscount');
  const shares = orderDiscountShares(afterLineDiscount, orderDiscount);

  const lines = input.lines.map((line, i): ComputedLine => {
    const share = shares[i] ?? 0;
    const result = computeLineTaxes(
      subtractMinor(afterLineDiscount[i] ?? 0, share),
      line.taxes,
      line.priceIncludesTax,
    );
    return {
      amounts: {
        total: result.total,
        discount: addMinor(lineDiscounts[i] ?? 0, share),
        taxes: result.taxes,
      },
      base: result.base,
    };
  });

  const total = lines.reduce((acc, l) => addMinor(acc, l.amounts.total), 0);
  const base = lines.reduce((acc, l) => addMinor(acc, l.base), 0);
  return {
    lines,
    total,
    base,
    tax: subtractMinor(total, base),
    discount: lines.reduce((acc, l) => addMinor(acc, l.amounts.discount), 0),
    taxSummary: summarise(lines),
  };
}
