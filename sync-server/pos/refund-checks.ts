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
import type { LineTax, Problem, Sale } from '../../shared/schemas/index.ts';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { refundTolerance } from '../../shared/pricing/refund-tolerance.ts';
import type { Tx } from '../db/db.ts';
import { raiseOn, type ProblemsChanged } from './problems-store.ts';
import { type ReturnedLine, returnTaxProblems } from './tax-checks.ts';

type Taxes = Pick<LineTax, 'taxId' | 'rate'>[];

interface PaidLineRow {
  line_id: string;
  receipt_no: string;
  product: string;
  qty: string;
  unit_price: string;
  discount: string;
  total: string;
  /** The line's taxes as the till sent them (the event's payload). */
  taxes: Taxes | null;
  /** What all returns of the line refund, positive. */
  refunded: string;
  returns: number;
}

/** Each line of sale `saleId` with what was paid for it and what its returns refund so far. */
async function paidLines(tx: Tx, saleId: string): Promise<PaidLineRow[]> {
  return tx.query<PaidLineRow>(
    `SELECT o.line_id, s.receipt_no, coalesce(p.name, o.product_id) AS product, o.qty, o.unit_price, o.discount, o.total,
       (SELECT l->'taxes' FROM events e CROSS JOIN LATERAL jsonb_array_elements(e.payload->'lines') l
        WHERE e.id = o.sale_id AND l->>'lineId' = o.line_id LIMIT 1) AS taxes,
       coalesce(-sum(r.total), 0) AS refunded, count(r.line_id)::int AS returns
     FROM pos_sale_lines o JOIN pos_sales s ON s.id = o.sale_id LEFT JOIN products p ON p.id = o.product_id
     LEFT JOIN pos_sale_lines r ON r.return_of_sale_id = o.sale_id AND r.return_of_line_id = o.line_id
     WHERE o.sale_id = $1
     GROUP BY o.sale_id, o.line_id, s.receipt_no, p.name, o.product_id, o.qty, o.unit_price, o.discount, o.total`,
    [saleId],
  );
}

/** The refunds of the line beyond what was paid for it and the rounding they may carry (0 when within). */
function overRefunded(row: PaidLineRow): number {
  const paid = Number(row.total);
  const tolerance = refundTolerance(
    { qty: Number(row.qty), unitPrice: Number(row.unit_price), discount: Number(row.discount), total: paid, taxCount: row.taxes?.length ?? 0 },
    row.returns,
  );
  const over = Number(row.refunded) - paid;
  return over > tolerance ? over : 0;
}

function overMessage(returnNo: string, row: PaidLineRow, currency: string): string {
  const money = (n: number): string => formatMoneyWithSymbol(n, currency);
  const paid = Number(row.total);
  const refunded = Number(row.refunded);
  const excess = `${money(refunded - paid)} more than the customer paid`;
  return row.returns === 1
    ? `return ${returnNo} refunds ${money(refunded)} for "${row.product}" of receipt ${row.receipt_no}, which was paid ${money(paid)}: ${excess}; check the refund against the receipt`
    : `return ${returnNo}: the ${row.returns} returns of "${row.product}" of receipt ${row.receipt_no} refund ${money(refunded)}, but it was paid ${money(paid)}: ${excess}; check the returns of that receipt`;
}

function priceMessage(returnNo: string, row: PaidLineRow, unitPrice: number, currency: string): string {
  const money = (n: number): string => formatMoneyWithSymbol(n, currency);
  return `return ${returnNo}: "${row.product}" is refunded at ${money(unitPrice)} a unit, but receipt ${row.receipt_no} sold it at ${money(Number(row.unit_price))}; check the refund against the receipt`;
}

/** A return line's taxes against its original's, the taxes named (their names are read only when they differ). */
async function taxProblems(tx: Tx, ret: ReturnedLine, original: PaidLineRow): Promise<Problem[]> {
  const sold = { receiptNo: original.receipt_no, taxes: original.taxes ?? [] };
  if (returnTaxProblems(ret, sold, (id) => id).length === 0) return [];
  const ids = [...new Set([...ret.taxes, ...sold.taxes].map((t) => t.taxId))];
  const names = new Map((await tx.query<{ id: string; name: string }>('SELECT id, name FROM taxes WHERE id = ANY($1::text[])', [ids])).map((r) => [r.id, r.name]));
  return returnTaxProblems(ret, sold, (id) => names.get(id) ?? id);
}

/** The money of return `ret`'s lines that name sale `saleId` (in the database): problems on the return. */
export async function checkRefunds(tx: Tx, ret: Sale, saleId: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  const rows = new Map((await paidLines(tx, saleId)).map((r) => [r.line_id, r]));
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

/** An original arrived after returns of it: judge their money now (raised once, on the first return of a line). */
export async function recheckRefundsOf(tx: Tx, original: Sale, changed?: ProblemsChanged): Promise<void> {
  const rows = new Map((await paidLines(tx, original.id)).map((r) => [r.line_id, r]));
  const returned = await tx.query<{ sale_id: string; line_id: string; receipt_no: string; unit_price: string; return_of_line_id: string; taxes: Taxes | null }>(
    `SELECT r.sale_id, r.line_id, s.receipt_no, r.unit_price, r.return_of_line_id,
       (SELECT l->'taxes' FROM events e CROSS JOIN LATERAL jsonb_array_elements(e.payload->'lines') l
        WHERE e.id = r.sale_id AND l->>'lineId' = r.line_id LIMIT 1) AS taxes
     FROM pos_sale_lines r JOIN pos_sales s ON s.id = r.sale_id
     WHERE r.return_of_sale_id = $1 ORDER BY r.sale_id, r.line_id`,
    [original.id],
  );
  const first = new Map<string, { sale_id: string; receipt_no: string }>();
  for (const r of returned) {
    const row = rows.get(r.return_of_line_id);
    if (!row) continue;
    if (!first.has(row.line_id)) first.set(row.line_id, r);
    if (Number(r.unit_price) !== Number(row.unit_price)) {
      await raiseOn(tx, r.sale_id, { code: 'over_refund', severity: 'critical', message: priceMessage(r.receipt_no, row, Number(r.unit_price), original.currency), subject: `return-line:${r.sale_id}:${r.line_id}:price` }, changed);
    }
    const taxes = await taxProblems(tx, { returnNo: r.receipt_no, product: row.product, taxes: r.taxes ?? [] }, row);
    for (const [i, p] of taxes.entries()) await raiseOn(tx, r.sale_id, { ...p, subject: `return-line:${r.sale_id}:${r.line_id}:taxes:${i}` }, changed);
  }
  for (const [lineId, ret] of first) {
    const row = rows.get(lineId);
    if (row && overRefunded(row) > 0) {
      await raiseOn(tx, ret.sale_id, { code: 'over_refund', severity: 'critical', message: overMessage(ret.receipt_no, row, original.currency), subject: `line:${original.id}:${lineId}:refund` }, changed);
    }
  }
}
