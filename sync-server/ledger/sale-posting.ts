// Posting rule for a till sale or return: one balanced journal entry.
//   Dr each tender's clearing account (cash → the till's drawer)      Σ payments
//   Cr revenue (net, per tax)  and  Cr output tax (per tax)           Σ line totals
//   Cr cash rounding (signed)                                         the sale's `rounding`
//   Dr cost of goods sold / Cr inventory, at moving-average cost      Σ cost × qty
// The cash part is rounded on the till (shared/money/sale-rounding.ts), so the drawer is debited
// the rounded cash and the difference — a gain when the customer paid more — has its own account.
// Returns are negative sales, so the same rule mirrors every line. A returned line that is
// not restocked goes to scrap: its cost stays in COGS (the goods are lost), so no cost lines.
// If the till's payments do not add up to its lines (a bug or tampering), the gap goes to a
// suspense account so the entry still balances; the verifier raises the exception.
import type { Sale } from '../../shared/schemas/index.ts';
import { multiplyMinor } from '../../shared/money/index.ts';
import { tenderAccount, type AccountMap } from './accounts.ts';
import { balanced, creditSigned, debitSigned, mergeLines, type JournalLine } from './journal.ts';

export interface SalePostingContext {
  accounts: AccountMap;
  isCashTender(method: string): boolean;
  /** Moving-average unit cost in minor units; undefined for a product the catalog does not know. */
  costOf(productId: string): number | undefined;
}

export function paymentAccount(method: string, ctx: Pick<SalePostingContext, 'accounts' | 'isCashTender'>): string {
  if (method === 'account') return ctx.accounts.receivable;
  return tenderAccount(method, ctx.isCashTender(method), ctx.accounts);
}

export function lineCost(sale: Pick<Sale, 'kind'>, line: Sale['lines'][number], unitCost: number | undefined): number {
  if (unitCost === undefined) return 0;
  if (sale.kind === 'return' && line.restock === false) return 0;
  return multiplyMinor(unitCost, line.qty, 'line cost');
}

export function postSale(sale: Sale, ctx: SalePostingContext): JournalLine[] {
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
  if (paid !== sold + rounding) lines.push(creditSigned(ctx.accounts.sale_suspense, paid - sold - rounding, { tillId, memo: 'payments ≠ lines + rounding' }));
  lines.push(debitSigned(ctx.accounts.cogs, cost, { tillId }));
  lines.push(creditSigned(ctx.accounts.inventory, cost, { tillId }));
  return balanced(mergeLines(lines));
}
