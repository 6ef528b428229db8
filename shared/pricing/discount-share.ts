// A line's discount split over the parts the line is handled in: a channel order line's promotions
// over each delivery invoice (warehouse/delivery-invoice.ts), each hand-over paid at a store's till
// (renderer/till/pickup-handover.ts, checked by sync-server/pos/pickup-handover.ts) and each return
// at a till (shared/channel-api/order-returns.ts, checked by sync-server/pos/order-return.ts); a till
// sale line's discount over its partial returns (renderer/till/return-math.ts).
// One rule for all of them, so that the parts of a line always add up to its whole discount and a
// return never refunds more of a line than its invoices or hand-overs charged.

export interface DiscountedLine {
  /** The ordered quantity. */
  qty: number;
  /** What promotions took off the whole line, minor units (≥ 0). */
  discount: number;
}

/**
 * The part of a line's discount that `qty` more units carry when `before` units already carried
 * theirs: the discount of everything handled so far, rounded, minus what the earlier parts took —
 * so the parts of a line add up to its discount exactly once all of it has been handled, whatever
 * the split (never more than the whole discount, never negative).
 */
export function discountShare(line: DiscountedLine, before: number, qty: number): number {
  const { discount, qty: ordered } = line;
  if (discount === 0 || qty <= 0) return 0;
  const upTo = (n: number): number => (n >= ordered ? discount : Math.round((discount * Math.max(0, n)) / ordered));
  return upTo(before + qty) - upTo(before);
}
