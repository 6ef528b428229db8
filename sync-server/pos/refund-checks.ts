// Returns against original receipts: never more money back than the customer paid. A return line
// that names its original (`returnOf`) is judged against that sale line as the server stored it
// (pos_sale_lines), not against the catalog (whose price may have changed since, and which knows
// nothing of the pricelist price or override the customer got): the unit price must be the one
// sold at, and everything the line's returns refund together must stay within its total, up to
// the rounding shared/pricing/refund-tolerance.ts allows. Like the quantity check
// (return-checks.ts) it runs from both sides: when the return arrives, and when an original that
// arrived after its returns comes in.
// Its taxes are judged here too, for the same reason: a return refunds the taxes its original line
// charged (each tax, at that rate), not the catalog's of today (tax-checks.ts judges the others).
import type { Problem, Sale } from '../../shared/schemas/index.ts';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { refundTolerance } from '../../shared/pricing/refund-tolerance.ts';
import type { Tx } from '../db/db.ts';
import { firstReturns, type OriginalLine, type ReturnOfLine } from './original-lines.ts';
import { raiseOnce, type ProblemsChanged } from './problems-store.ts';
import { type ReturnedLine, returnTaxProblems } from './tax-checks.ts';

/** The refunds of the line beyond what was paid for it and the rounding they may carry (0 when within). */
function overRefunded(row: OriginalLine): number {
  const paid = Number(row.total);
  const tolerance = refundTolerance(
    { qty: Number(row.qty), unitPrice: Number(row.unit_price), discount: Number(row.discount), total: paid, taxCount: row.taxes?.length ?? 0 },
    row.returns,
  );
  const over = Number(row.refunded) - paid;
  return over > tolerance ? over : 0;
}

function overMessage(returnNo: string, row: OriginalLine, currency: string): string {
  const money = (n: number): string => formatMoneyWithSymbol(n, currency);
  const paid = Number(row.total);
  const refunded = Number(row.refunded);
  const excess = `${money(refunded - paid)} more than the customer paid`;
  return row.returns === 1
    ? `return ${returnNo} refunds ${money(refunded)} for "${row.product}" of receipt ${row.receipt_no}, which was paid ${money(paid)}: ${excess}; check the refund against the receipt`
    : `return ${returnNo}: the ${row.returns} returns of "${row.product}" of receipt ${row.receipt_no} refund ${money(refunded)}, but it was paid ${money(paid)}: ${excess}; check the returns of that receipt`;
}

function priceMessage(returnNo: string, row: OriginalLine, unitPrice: number, currency: string): string {
  const money = (n: number): string => formatMoneyWithSymbol(n, currency);
  return `return ${returnNo}: "${row.product}" is refunded at ${money(unitPrice)} a unit, but receipt ${row.receipt_no} sold it at ${money(Number(row.unit_price))}; check the refund against the receipt`;
}

/** A return line's taxes against its original's, the taxes named (their names are read only when they differ). */
async function taxProblems(tx: Tx, ret: ReturnedLine, original: OriginalLine): Promise<Problem[]> {
  const sold = { receiptNo: original.receipt_no, taxes: original.taxes ?? [] };
  if (returnTaxProblems(ret, sold, (id) => id).length === 0) return [];
  const ids = [...new Set([...ret.taxes, ...sold.taxes].map((t) => t.taxId))];
  const names = new Map((await tx.query<{ id: string; name: string }>('SELECT id, name FROM taxes WHERE id = ANY($1::text[])', [ids])).map((r) => [r.id, r.name]));
  return returnTaxProblems(ret, sold, (id) => names.get(id) ?? id);
}

/** The money and taxes of return `ret`'s lines that name sale `saleId` (its `lines` as stored, this return included): problems on the return. */
export async function checkRefunds(tx: Tx, ret: Sale, saleId: string, lines: readonly OriginalLine[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  const rows = new Map(lines.map((r) => [r.line_id, r]));
  const judged = new Set<string>();
  for (const l of ret.lines) {
    if (l.returnOf?.saleId !== saleId) continue;
    const row = rows.get(l.returnOf.lineId);
    if (!row) continue;
    if (l.unitPrice !== Number(row.unit_price)) {
      problems.push({ code: 'over_refund', severity: 'critical', message: priceMessage(ret.receiptNo, row, l.unitPrice, ret.currency) });
    }
    problems.push(...(await taxProblems(tx, { returnNo: ret.receiptNo, product: row.product, taxes: l.taxes }, row)));
    if (judged.has(row.line_id)) continue;
    judged.add(row.line_id);
    if (overRefunded(row) > 0) problems.push({ code: 'over_refund', severity: 'critical', message: overMessage(ret.receiptNo, row, ret.currency) });
  }
  return problems;
}

/**
 * An original arrived after returns of it (`lines` and `returns` as stored): judge their money now,
 * raised once, on the first return of a line — and never again once a manager resolved it.
 */
export async function recheckRefundsOf(tx: Tx, original: Sale, lines: readonly OriginalLine[], returns: readonly ReturnOfLine[], changed?: ProblemsChanged): Promise<void> {
  const rows = new Map(lines.map((r) => [r.line_id, r]));
  for (const r of returns) {
    const row = rows.get(r.return_of_line_id);
    if (row && Number(r.unit_price) !== Number(row.unit_price)) {
      await raiseOnce(tx, r.sale_id, { code: 'over_refund', severity: 'critical', message: priceMessage(r.receipt_no, row, Number(r.unit_price), original.currency), subject: `return-line:${r.sale_id}:${r.line_id}:price` }, changed);
    }
    if (!row) continue;
    const taxes = await taxProblems(tx, { returnNo: r.receipt_no, product: row.product, taxes: r.taxes ?? [] }, row);
    for (const [i, p] of taxes.entries()) await raiseOnce(tx, r.sale_id, { ...p, subject: `return-line:${r.sale_id}:${r.line_id}:taxes:${i}` }, changed);
  }
  for (const [lineId, ret] of firstReturns(returns)) {
    const row = rows.get(lineId);
    if (row && overRefunded(row) > 0) {
      await raiseOnce(tx, ret.sale_id, { code: 'over_refund', severity: 'critical', message: overMessage(ret.receipt_no, row, original.currency), subject: `line:${original.id}:${lineId}:refund` }, changed);
    }
  }
}
