// Returns against original receipts: never more back than was sold, nor more money than was paid
// (refund-checks.ts). The original may reach the server after its return (another till,
// offline), so the checks run from both sides.
import type { Problem, Sale } from '../../shared/schemas/index.ts';
import type { Tx } from '../db/db.ts';
import { firstReturns, originalLines, returnLinesOf, type OriginalLine, type ReturnOfLine } from './original-lines.ts';
import { raiseOn, raiseOnce, type ProblemsChanged } from './problems-store.ts';
import { checkRefunds, recheckRefundsOf } from './refund-checks.ts';

const overMessage = (b: OriginalLine): string => `line ${b.line_id} of sale ${b.sale_id}: ${Number(b.returned)} returned but only ${Number(b.qty)} sold`;

export async function checkReturns(tx: Tx, ret: Sale): Promise<Problem[]> {
  const problems: Problem[] = [];
  const originals = [...new Set(ret.lines.map((l) => l.returnOf?.saleId ?? ret.returnOfSaleId).filter((id): id is string => !!id))];
  // A channel order's return is checked against the order (order-return.ts).
  if (originals.length === 0 && !ret.returnOfOrder) {
    problems.push({ code: 'return_without_receipt', severity: 'info', message: `return ${ret.receiptNo} names no original sale` });
  }
  for (const saleId of originals) {
    const rows = await originalLines(tx, saleId);
    if (rows.length === 0) {
      await raiseOn(tx, ret.id, { code: 'return_original_missing', severity: 'warning', message: `return ${ret.receiptNo}: original sale ${saleId} has not reached the server (yet)`, subject: `return-of:${saleId}` });
      continue;
    }
    const returnedLines = new Set(ret.lines.map((l) => l.returnOf?.lineId));
    for (const b of rows) {
      if (returnedLines.has(b.line_id) && Number(b.returned) > Number(b.qty)) {
        problems.push({ code: 'over_return', severity: 'critical', message: overMessage(b) });
      }
    }
    const known = new Set(rows.map((r) => r.line_id));
    for (const l of ret.lines) {
      if (l.returnOf && !known.has(l.returnOf.lineId)) {
        problems.push({ code: 'over_return', severity: 'critical', message: `return ${ret.receiptNo}: line ${l.returnOf.lineId} is not on sale ${saleId}` });
      }
    }
    problems.push(...(await checkRefunds(tx, ret, saleId, rows)));
  }
  return problems;
}

/**
 * Sales arrived: settle "original missing" on their returns and judge those returns now. Every
 * original a return was checked without is judged, whether its "missing" problem is still open or
 * a manager resolved it by hand before the original came: the resolution answered "where is the
 * original?", not "was too much taken back?". Judged again (the recheck run a second time), nothing
 * is raised twice, nor again once resolved.
 */
export async function recheckReturnsOf(tx: Tx, sales: readonly Sale[], changed?: ProblemsChanged): Promise<void> {
  if (sales.length === 0) return;
  const missing = await tx.query<{ subject: string; event_id: string; open: boolean }>(
    `WITH missing AS (
       SELECT id, subject, event_id, resolved_at IS NULL AS open FROM event_problems
       WHERE code = 'return_original_missing' AND subject = ANY($1::text[])
     ), settled AS (
       UPDATE event_problems p SET resolved_at = now(), resolution_note = 'the original sale arrived'
       FROM missing m WHERE p.id = m.id AND m.open
     )
     SELECT subject, event_id, open FROM missing`,
    [sales.map((s) => `return-of:${s.id}`)],
  );
  if (missing.length === 0) return;
  const settled = [...new Set(missing.filter((m) => m.open).map((m) => m.event_id))];
  if (settled.length > 0) await changed?.(tx, settled);
  const waiting = new Set(missing.map((m) => m.subject.slice('return-of:'.length)));
  // Read once per original, for both the units and the money.
  const stored = new Map<string, { lines: OriginalLine[]; returns: ReturnOfLine[] }>();
  for (const saleId of waiting) {
    const lines = await originalLines(tx, saleId);
    const returns = await returnLinesOf(tx, saleId);
    stored.set(saleId, { lines, returns });
    const first = firstReturns(returns);
    for (const b of lines) {
      if (Number(b.returned) <= Number(b.qty)) continue;
      const ret = first.get(b.line_id);
      if (ret) await raiseOnce(tx, ret.sale_id, { code: 'over_return', severity: 'critical', message: overMessage(b), subject: `line:${b.sale_id}:${b.line_id}:over` }, changed);
    }
  }
  for (const original of sales) {
    const read = stored.get(original.id);
    if (read) await recheckRefundsOf(tx, original, read.lines, read.returns, changed);
  }
}
