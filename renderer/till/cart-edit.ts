// Edits of the cart that can reduce a price (quantity, line discount, price override, order
// discount, removing a line — which shifts the order discount onto the others), as pure functions
// of the cart state, so the line editor can judge the cart AFTER the change with the one approval
// rule (shared/pricing) before letting it through, and stamp the approving supervisor on every line
// the change took beyond the limit.
import { newlyNeedingApproval, type LineReduction } from '../../shared/pricing/approval-reduction.ts';
import type { ApprovalSettings } from '../../shared/schemas/index.ts';
import { cartReduction, type CartLine } from './cart-math.ts';

export interface CartPricing {
  lines: CartLine[];
  orderDiscount: number;
  orderDiscountApprovedBy?: string;
}

export type CartEdit =
  | { kind: 'qty'; lineId: string; qty: number }
  | { kind: 'discount'; lineId: string; amount: number }
  | { kind: 'price'; lineId: string; price: number }
  | { kind: 'order'; amount: number }
  | { kind: 'remove'; lineId: string };

const mapLine = (lines: readonly CartLine[], lineId: string, change: (l: CartLine) => CartLine): CartLine[] =>
  lines.map((l) => (l.lineId === lineId ? change(l) : l));

export function applyEdit(cart: CartPricing, edit: CartEdit): CartPricing {
  switch (edit.kind) {
    case 'qty':
      if (!(edit.qty > 0)) return applyEdit(cart, { kind: 'remove', lineId: edit.lineId });
      return { ...cart, lines: mapLine(cart.lines, edit.lineId, (l) => ({ ...l, qty: edit.qty })) };
    case 'discount':
      return { ...cart, lines: mapLine(cart.lines, edit.lineId, (l) => ({ ...l, discount: edit.amount })) };
    case 'price':
      return {
        ...cart,
        lines: mapLine(cart.lines, edit.lineId, (l) => {
          const { priceOverride: _old, ...rest } = l;
          return edit.price === l.listPrice ? { ...rest, unitPrice: edit.price } : { ...rest, unitPrice: edit.price, priceOverride: { originalPrice: l.listPrice } };
        }),
      };
    case 'order': {
      const { orderDiscountApprovedBy: _old, ...rest } = cart;
      return { ...rest, orderDiscount: edit.amount };
    }
    case 'remove':
      return { ...cart, lines: cart.lines.filter((l) => l.lineId !== edit.lineId) };
  }
}

/** Lines the edit takes beyond the approval limit (further than any approval they already have covers). */
export function linesNeedingApproval(cart: CartPricing, next: CartPricing, approvals: ApprovalSettings): LineReduction[] {
  return newlyNeedingApproval(cartReduction(cart.lines, cart.orderDiscount, approvals), cartReduction(next.lines, next.orderDiscount, approvals));
}

/** Records the supervisor on each line they approved (and on the order discount when that was the change). */
export function stampApproval(next: CartPricing, edit: CartEdit, lineIds: readonly string[], approverId: string): CartPricing {
  const ids = new Set(lineIds);
  return {
    ...next,
    ...(edit.kind === 'order' ? { orderDiscountApprovedBy: approverId } : {}),
    lines: next.lines.map((l) => {
      if (!ids.has(l.lineId)) return l;
      const stamped: CartLine = { ...l, discountApprovedBy: approverId };
      return stamped.priceOverride ? { ...stamped, priceOverride: { ...stamped.priceOverride, approvedBy: approverId } } : stamped;
    }),
  };
}
