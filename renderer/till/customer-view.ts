// What the customer display shows, made from the till's working state (cart, payments, the sale
// just paid) and the store's name and currency. Pure: only names, quantities and amounts go in,
// so nothing a customer must not see (PINs, approvals, the cashier's screens) can come out.
import type { CustomerDisplayLine, CustomerView } from '../../shared/customer-display.ts';
import { countItems } from '../../shared/receipt/index.ts';
import { formatQuantity as formatReceiptQuantity, lineDisplayName } from '../../shared/receipt/receipt-items.ts';
import type { Payment, Sale } from '../../shared/schemas/index.ts';
import { computeCart, type CartLine } from './cart-math.ts';
import { formatQuantity, isMeasured } from './quantity-rules.ts';

export interface TillForCustomer {
  storeName: string;
  currency: string;
  lines: readonly CartLine[];
  orderDiscount: number;
  /** Loyalty points redeemed on the sale (minor units). */
  pointsDiscount?: number;
  /** Gift cards sold on the sale: paid with it, shown in the total to pay. */
  giftCardLoadTotal?: number;
  payments: readonly Payment[];
  /** The sale (or return) on the Paid screen, with the change given. */
  paid: { sale: Sale; change: number } | null;
}

const paidBy = (payments: readonly Payment[]): number => payments.reduce((sum, p) => sum + p.amount, 0);

function cartLines(lines: readonly CartLine[], orderDiscount: number, pointsDiscount: number): { view: CustomerDisplayLine[]; total: number; discount: number } {
  const totals = computeCart(lines, orderDiscount, pointsDiscount);
  const view = totals.lines.map((line, i): CustomerDisplayLine => {
    const unit = lines[i]?.unit ?? 'unit';
    return {
      lineId: line.lineId,
      name: lineDisplayName(line),
      quantity: formatQuantity(line.qty, unit),
      unitPrice: line.unitPrice,
      ...(isMeasured(unit) ? { unit } : {}),
      discount: line.discount,
      total: line.total,
    };
  });
  return { view, total: totals.total, discount: totals.discount };
}

export function customerViewOf(till: TillForCustomer): CustomerView {
  const store = { storeName: till.storeName, currency: till.currency };
  if (till.paid) {
    const { sale, change } = till.paid;
    const lines = sale.lines.map(
      (line): CustomerDisplayLine => ({
        lineId: line.lineId,
        name: lineDisplayName(line),
        quantity: formatReceiptQuantity(line.qty),
        unitPrice: line.unitPrice,
        discount: line.discount,
        total: line.total,
      }),
    );
    // What the customer handed over (cash tendered, card charged), before change.
    const handed = sale.payments.reduce((sum, p) => sum + (p.tendered ?? p.amount), 0);
    return { phase: 'done', ...store, kind: sale.kind === 'return' ? 'return' : 'sale', receiptNo: sale.receiptNo, lines, itemCount: countItems(sale.lines), total: sale.total, rounding: sale.rounding ?? 0, paid: handed, change };
  }
  if (till.lines.length === 0 && till.payments.length === 0 && !till.giftCardLoadTotal) return { phase: 'idle', ...store };
  const cart = cartLines(till.lines, till.orderDiscount, till.pointsDiscount ?? 0);
  const { view, discount } = cart;
  const total = cart.total + (till.giftCardLoadTotal ?? 0);
  const paid = paidBy(till.payments);
  return { phase: 'sale', ...store, lines: view, itemCount: countItems(till.lines), discount, total, paid, remaining: total - paid };
}
