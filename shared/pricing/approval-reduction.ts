// The approval rule for price reductions, judged on what the customer finally pays for a line, not
// on each step that got it there: a price override, then a line discount, then the line's share
// of the order discount are added up against the list price. One implementation, used by the till
// (before it lets a change through) and by the server (when it recomputes a pushed sale), so the
// two can never disagree about whether a supervisor was needed.
import { multiplyMinor } from '../money/minor-units.ts';
import type { ApprovalSettings } from '../schemas/config-entry.ts';

export interface ReductionLine {
  lineId: string;
  qty: number;
  /** Unit price before any override (the catalog price, or the price a barcode carried). */
  listPrice: number;
  /** Unit price charged (after an override, if any). */
  unitPrice: number;
  /** Everything taken off the line: its own discount plus its share of the order discount. */
  discount: number;
}

export interface LineReduction {
  lineId: string;
  /** qty × list price. */
  listAmount: number;
  /** qty × unit price − discount: what the line costs the customer (before added taxes). */
  finalAmount: number;
  /** listAmount − finalAmount (negative when the price was raised). */
  reduction: number;
  /** reduction as a percent of listAmount (100 when listAmount is 0 and something was taken off). */
  percent: number;
  /** Percent lowered by the price override alone. */
  overridePercent: number;
  /** Above `maxDiscountPercent` in total, or the override alone above `maxPriceOverridePercent`. */
  needsApproval: boolean;
}

export interface OrderReduction {
  lines: LineReduction[];
  listAmount: number;
  finalAmount: number;
  reduction: number;
  percent: number;
  /** Some line needs a supervisor (an order can only exceed the limit if one of its lines does). */
  needsApproval: boolean;
}

const percentOf = (part: number, whole: number): number => (whole > 0 ? (part * 100) / whole : part > 0 ? 100 : 0);

/** True when `part / whole` is strictly above `limitPercent` %, in exact integer arithmetic. */
function above(part: number, whole: number, limitPercent: number): boolean {
  if (part <= 0) return false;
  if (whole <= 0) return true;
  return part * 100 > limitPercent * whole;
}

export function lineReduction(line: ReductionLine, approvals: ApprovalSettings): LineReduction {
  // Quantity sign does not matter: a return line mirrors the sale it refunds.
  const qty = Math.abs(line.qty);
  const listAmount = multiplyMinor(line.listPrice, qty, 'list amount');
  const chargedAmount = multiplyMinor(line.unitPrice, qty, 'line amount');
  const discount = Math.abs(line.discount);
  const finalAmount = chargedAmount - discount;
  const reduction = listAmount - finalAmount;
  const overrideReduction = listAmount - chargedAmount;
  return {
    lineId: line.lineId,
    listAmount,
    finalAmount,
    reduction,
    percent: percentOf(reduction, listAmount),
    overridePercent: percentOf(overrideReduction, listAmount),
    needsApproval: above(reduction, listAmount, approvals.maxDiscountPercent) || above(overrideReduction, listAmount, approvals.maxPriceOverridePercent),
  };
}

export function orderReduction(lines: readonly ReductionLine[], approvals: ApprovalSettings): OrderReduction {
  const each = lines.map((l) => lineReduction(l, approvals));
  const listAmount = each.reduce((a, l) => a + l.listAmount, 0);
  const finalAmount = each.reduce((a, l) => a + l.finalAmount, 0);
  return {
    lines: each,
    listAmount,
    finalAmount,
    reduction: listAmount - finalAmount,
    percent: percentOf(listAmount - finalAmount, listAmount),
    needsApproval: each.some((l) => l.needsApproval),
  };
}

/**
 * Lines a change makes newly in need of a supervisor: over the limit after it, and reduced further
 * than before it (or new). An approval covers the reduction it was given for; going further asks again.
 */
export function newlyNeedingApproval(before: OrderReduction, after: OrderReduction): LineReduction[] {
  const previous = new Map(before.lines.map((l) => [l.lineId, l]));
  return after.lines.filter((l) => {
    if (!l.needsApproval) return false;
    const was = previous.get(l.lineId);
    return !was || !was.needsApproval || l.percent > was.percent || l.overridePercent > was.overridePercent;
  });
}
