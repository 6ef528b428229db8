// Returns against original receipts: never more back than was sold, nor more money than was paid
// (refund-checks.ts). The original may reach the server after its return (another till,
// offline), so the checks run from both sides.
import type { Problem, Sale } from '../../shared/schemas/index.ts';
import type { Tx } from '../db/db.ts';
import { raiseOn, type ProblemsChanged } from './problems-store.ts';
import { checkRefunds, recheckRefundsOf } from './refund-checks.ts';

interface LineBalance {
  sale_id: string;
  line_id: string;
  sold: string;
  returned: string;
}

async function balances(tx: Tx, saleId: string): Promise<LineBalance[]> {
  return tx.query<LineBalance>(
    `SELECT o.sale_id, o.line_id, o.qty AS sold, coalesce(-sum(r.qty), 0) AS returned
     FROM pos_sale_lines o
     LEFT JOIN pos_sale_lines r ON r.return_of_sale_id = o.sale_id AND r.return_of_line_id = o.line_id
     WHERE o.sale_id = $1
     GROUP BY o.sale_id, o.line_id, o.qty`,
    [saleId],
  );
}

const overMessage = (b: LineBalance): string => `line ${b.line_id} of sale ${b.sale_id}: ${Number(b.returned)} returned but only ${Number(b.sold)} sold`;

export async function checkReturns(tx: Tx, ret: Sale): Promise<Problem[]> {
  const problems: Problem[] = [];
  const originals = [...new Set(ret.lines.map((l) => l.returnOf?.saleId ?? ret.returnOfSaleId).filter((id): id is string => !!id))];
  // A channel order's return is checked against the order (order-return.ts).
  if (originals.length === 0 && !ret.returnOfOrder) {
    problems.push({ code: 'return_without_receipt', severity: 'info', message: `return ${ret.receiptNo} names no original sale` });
  }
  for (const saleId of originals) {
    const rows = await balances(tx, saleId);
    if (rows.length === 0) {
      await raiseOn(tx, ret.id, { code: 'return_original_missing', severity: 'warning', message: `return ${ret.receiptNo}: original sale ${saleId} has not reached the server (yet)`, subject: `return-of:${saleId}` });
      continue;
    }
    const returnedLines = new Set(ret.lines.map((l) => l.returnOf?.lineId));
    for (const b of rows) {
      if (returnedLines.has(b.line_id) && Number(b.returned) > Number(b.sold)) {
        problems.push({ code: 'over_return', severity: 'critical', message: overMessage(b) });
      }
    }
    const known = new Set(rows.map((r) => r.line_id));
    for (const l of ret.lines) {
      if (l.returnOf && !known.has(l.returnOf.lineId)) {
        problems.push({ code: 'over_return', severity: 'critical', message: `return ${ret.receiptNo}: line ${l.returnOf.lineId} is not on sale ${saleId}` });
      }
    }
    problems.push(...(await checkRefunds(tx, ret, saleId)));
  }
  return problems;
}

/** Sales arrived: settle "original missing" on their returns and judge those returns now. */
export async function recheckReturnsOf(tx: Tx, sales: readonly Sale[], changed?: ProblemsChanged): Promise<void> {
  if (sales.length === 0) return;
  const settled = await tx.query<{ subject: string }>(
    `UPDATE event_problems SET resolved_at = now(), resolution_note = 'the original sale arrived'
     WHERE code = 'return_original_missing' AND subject = ANY($1::text[]) AND resolved_at IS NULL RETURNING subject, event_id`,
    [sales.map((s) => `return-of:${s.id}`)],
  );
  const waiting = new Set(settled.map((r) => r.subject.slice('return-of:'.length)));
  if (waiting.size === 0) return;
  const returns = await tx.query<{ sale_id: string }>('SELECT DISTINCT sale_id FROM pos_sale_lines WHERE return_of_sale_id = ANY($1::text[])', [[...waiting]]);
  await changed?.(tx, returns.map((r) => r.sale_id));
  for (const saleId of waiting) {
    for (const b of await balances(tx, saleId)) {
      if (Number(b.returned) <= Number(b.sold)) continue;
      const [ret] = await tx.query<{ sale_id: string }>('SELECT sale_id FROM pos_sale_lines WHERE return_of_sale_id = $1 AND return_of_line_id = $2 ORDER BY sale_id LIMIT 1', [b.sale_id, b.line_id]);
      if (ret) await raiseOn(tx, ret.sale_id, { code: 'over_return', severity: 'critical', message: overMessage(b), subject: `line:${b.sale_id}:${b.line_id}:over` }, changed);
    }
  }
  for (const original of sales) {
    if (waiting.has(original.id)) await recheckRefundsOf(tx, original, changed);
  }
}
