// The lines of an original sale as the server stored them (pos_sale_lines), with what its returns
// have taken back so far: the one read both return checks judge a return by — its units
// (return-checks.ts) and its money (refund-checks.ts).
import type { LineTax } from '../../shared/schemas/index.ts';
import type { Tx } from '../db/db.ts';

/** A line's taxes as the till sent them (the event's payload). */
export type LineTaxes = Pick<LineTax, 'taxId' | 'rate'>[];

export interface OriginalLine {
  sale_id: string;
  line_id: string;
  receipt_no: string;
  product: string;
  /** Units sold. */
  qty: string;
  unit_price: string;
  discount: string;
  total: string;
  /** The line's taxes as the till sent them (the sale event's payload). */
  taxes: LineTaxes | null;
  /** Units all returns of the line take back, positive. */
  returned: string;
  /** What all returns of the line refund, positive. */
  refunded: string;
  returns: number;
}

/** A return line that names a line of the original, with its return's receipt number. */
export interface ReturnOfLine {
  sale_id: string;
  line_id: string;
  receipt_no: string;
  unit_price: string;
  return_of_line_id: string;
  /** The return line's taxes as the till sent them. */
  taxes: LineTaxes | null;
}

/** Each line of sale `saleId` with what was sold and paid, and what its returns take back and refund so far (none: not on the server). */
export async function originalLines(tx: Tx, saleId: string): Promise<OriginalLine[]> {
  return tx.query<OriginalLine>(
    `SELECT o.sale_id, o.line_id, s.receipt_no, coalesce(p.name, o.product_id) AS product, o.qty, o.unit_price, o.discount, o.total,
       (SELECT l->'taxes' FROM events e CROSS JOIN LATERAL jsonb_array_elements(e.payload->'lines') l
        WHERE e.id = o.sale_id AND l->>'lineId' = o.line_id LIMIT 1) AS taxes,
       coalesce(-sum(r.qty), 0) AS returned, coalesce(-sum(r.total), 0) AS refunded, count(r.line_id)::int AS returns
     FROM pos_sale_lines o JOIN pos_sales s ON s.id = o.sale_id LEFT JOIN products p ON p.id = o.product_id
     LEFT JOIN pos_sale_lines r ON r.return_of_sale_id = o.sale_id AND r.return_of_line_id = o.line_id
     WHERE o.sale_id = $1
     GROUP BY o.sale_id, o.line_id, s.receipt_no, p.name, o.product_id, o.qty, o.unit_price, o.discount, o.total`,
    [saleId],
  );
}

/** Every return line naming sale `saleId`, ordered by return (the first return of a line comes first). */
export async function returnLinesOf(tx: Tx, saleId: string): Promise<ReturnOfLine[]> {
  return tx.query<ReturnOfLine>(
    `SELECT r.sale_id, r.line_id, s.receipt_no, r.unit_price, r.return_of_line_id,
       (SELECT l->'taxes' FROM events e CROSS JOIN LATERAL jsonb_array_elements(e.payload->'lines') l
        WHERE e.id = r.sale_id AND l->>'lineId' = r.line_id LIMIT 1) AS taxes
     FROM pos_sale_lines r JOIN pos_sales s ON s.id = r.sale_id
     WHERE r.return_of_sale_id = $1 ORDER BY r.sale_id, r.line_id`,
    [saleId],
  );
}

/** The first return of each line of the original, by the line's id. */
export function firstReturns(returns: readonly ReturnOfLine[]): Map<string, ReturnOfLine> {
  const first = new Map<string, ReturnOfLine>();
  for (const r of returns) if (!first.has(r.return_of_line_id)) first.set(r.return_of_line_id, r);
  return first;
}
