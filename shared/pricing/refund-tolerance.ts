// How far the refunds of one sale line may add up above what was paid for it before the server
// calls it an over-refund (sync-server/pos/refund-checks.ts). A line returned whole, or in parts
// by one till after another, refunds exactly what was paid: each part's discount share is
// discountShare's, counted after the parts before it, and a tax-included price's taxes are inside
// the amount. Each part beyond the first can be a minor unit off for a reason of its own, never
// more, and those are what this allows:
// - two tills returning parts of the line offline at once each take their discount share against
//   the same "units returned before", so the shares need not add up (docs/channels.md, pickups);
// - a price before tax: each part's taxes are rounded on the part, not on the whole line;
// - weighed goods: each part's quantity × unit price is rounded on the part.
import { multiplyMinor } from '../money/index.ts';

export interface PaidLine {
  qty: number;
  unitPrice: number;
  /** The line's whole discount, minor units (≥ 0). */
  discount: number;
  /** What was paid for the line, taxes included. */
  total: number;
  /** How many taxes the line carries. */
  taxCount: number;
}

/** Minor units the refunds of `line`, in `returns` parts, may add up to above `line.total`. */
export function refundTolerance(line: PaidLine, returns: number): number {
  if (returns <= 1) return 0;
  const beforeTax = multiplyMinor(line.unitPrice, line.qty) - line.discount;
  const taxRounded = line.total !== beforeTax ? line.taxCount : 0;
  const weighed = Number.isInteger(line.qty) ? 0 : 1;
  return (returns - 1) * (1 + taxRounded + weighed);
}
