// Posting rule for a till sale or return: one balanced journal entry.
//   Dr each tender's clearing account (cash → the till's drawer)      Σ payments
//   Cr revenue (net, per tax)  and  Cr output tax (per tax)           Σ line totals
//   Cr cash rounding (signed)                                         the sale's `rounding`
//   Cr gift cards outstanding                                         Σ gift cards sold (loads)
// A gift card or store credit tender debits its liability directly (tenderAccount); a refund onto
// one (a negative payment) credits it. Loyalty points move between their liability and their
// expense account at the program's value (`points`, computed by the server: stored-value docs).
//   Dr cost of goods sold / Cr inventory, at moving-average cost      Σ cost × qty
// The cash part is rounded on the till (shared/money/sale-rounding.ts), so the drawer is debited
// the rounded cash and the difference — a gain when the customer paid more — has its own account.
// Returns are negative sales, so the same rule mirrors every line. A returned line that is
// not restocked goes to scrap: its cost stays in COGS (the goods are lost), so no cost lines.
// Lines of a customer order taken at the till (endless aisle, `deposits`: the sale's ordered lines,
// or a return's lines that return them) are not sold yet: their total is a customer deposit
//   Cr customer deposits (tax included)                               Σ ordered line totals
// with no cost (the goods are still at the serving site); the order's invoice on delivery books
// revenue and tax and settles its receivable from the deposit (warehouse/delivery-invoice.ts).
// If the till's payments do not add up to its lines (a bug or tampering), the gap goes to a
// suspense account so the entry still balances; the verifier raises the exception.
import { ORDER_REFUND_METHOD } from '../../shared/channel-api/order-returns.ts';
import type { Sale } from '../../shared/schemas/index.ts';
import { multiplyMinor } from '../../shared/money/index.ts';
import { giftCardLoadTotal } from '../../shared/stored-value/sale-value.ts';
import { tenderAccount, type AccountMap } from './accounts.ts';
import { balanced, creditSigned, debitSigned, mergeLines, type JournalLine } from './journal.ts';

export interface SalePostingContext {
  accounts: AccountMap;
  isCashTender(method: string): boolean;
  /** Moving-average unit cost in minor units; undefined for a product the catalog does not know. */
  costOf(productId: string): number | undefined;
}

export function paymentAccount(method: string, ctx: Pick<SalePostingContext, 'accounts' | 'isCashTender'>): string {
  // A refund to a channel order's own payment lowers what the order's invoice put on the receivable.
  if (method === 'account' || method === ORDER_REFUND_METHOD) return ctx.accounts.receivable;
  return tenderAccount(method, ctx.isCashTender(method), ctx.accounts);
}

export function lineCost(sale: Pick<Sale, 'kind'>, line: Sale['lines'][number], unitCost: number | undefined): number {
  if (unitCost === undefined) return 0;
  if (sale.kind === 'return' && line.restock === false) return 0;
  return multiplyMinor(unitCost, line.qty, 'line cost');
}

/** What the sale's loyalty points are worth in the ledger, minor units (from the server's own computation). */
export interface PointsPosting {
  /** Value of the points earned (negative on a return that takes them back). */
  earned: number;
  /** Value of the points redeemed (the discount they gave). */
  redeemed: number;
}

export function postSale(sale: Sale, ctx: SalePostingContext, points: PointsPosting = { earned: 0, redeemed: 0 }, deposits: ReadonlySet<string> = new Set()): JournalLine[] {
  const tillId = sale.tillId;
  const lines: JournalLine[] = [];
  let paid = 0;
  for (const p of sale.payments) {
    paid += p.amount;
    lines.push(debitSigned(paymentAccount(p.method, ctx), p.amount, { tillId, memo: p.method }));
  }
  let sold = 0;
  let cost = 0;
  for (const line of sale.lines) {
    sold += line.total;
    if (deposits.has(line.lineId)) {
      lines.push(creditSigned(ctx.accounts.customer_deposits, line.total, { tillId, memo: 'customer order' }));
      continue;
    }
    let tax = 0;
    for (const t of line.taxes) {
      tax += t.amount;
      lines.push(creditSigned(ctx.accounts.output_tax, t.amount, { taxId: t.taxId, tillId }));
    }
    const taxId = line.taxes[0]?.taxId;
    lines.push(creditSigned(ctx.accounts.revenue, line.total - tax, { tillId, ...(taxId ? { taxId } : {}) }));
    cost += lineCost(sale, line, ctx.costOf(line.productId));
  }
  const rounding = sale.rounding ?? 0;
  lines.push(creditSigned(ctx.accounts.cash_rounding, rounding, { tillId, memo: 'cash rounding' }));
  const loads = giftCardLoadTotal(sale);
  lines.push(creditSigned(ctx.accounts.gift_card_liability, loads, { tillId, memo: 'gift cards sold' }));
  if (paid !== sold + rounding + loads) lines.push(creditSigned(ctx.accounts.sale_suspense, paid - sold - rounding - loads, { tillId, memo: 'payments ≠ lines + rounding + gift cards sold' }));
  // Points earned are an expense owed to the customer; redeemed ones were given as the discount.
  lines.push(debitSigned(ctx.accounts.points_expense, points.earned, { tillId, memo: 'loyalty points earned' }));
  lines.push(creditSigned(ctx.accounts.points_liability, points.earned, { tillId, memo: 'loyalty points earned' }));
  lines.push(debitSigned(ctx.accounts.points_liability, points.redeemed, { tillId, memo: 'loyalty points redeemed' }));
  lines.push(creditSigned(ctx.accounts.points_expense, points.redeemed, { tillId, memo: 'loyalty points redeemed' }));
  lines.push(debitSigned(ctx.accounts.cogs, cost, { tillId }));
  lines.push(creditSigned(ctx.accounts.inventory, cost, { tillId }));
  return balanced(mergeLines(lines));
}
