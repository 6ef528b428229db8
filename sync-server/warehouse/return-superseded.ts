// A customer who announced a parcel (a return by post) brings the goods to a store instead: the
// till's return of the order (pos/order-return.ts) counts them returned, and what the warehouse
// still expects of the same order lines beyond what may now come back is no longer expected — its
// open return receipts shrink (emptied ones are cancelled, the return closed: `return.cancelled`),
// so the warehouse does not wait for goods that already came back, and the cashier's return says so.
import type { Problem } from '../../shared/schemas/index.ts';
import type { Tx } from '../db/db.ts';
import { emitOrderEvent } from '../webhooks/order-events.ts';
import { round4 } from './errors.ts';
import { orderView } from './order-view.ts';
import { setState } from './pickings.ts';
import { settleReturnState } from './return-receipt.ts';
import { returnView } from './return-requests.ts';
import { publishTouched, WorkContext } from './work-context.ts';

/** Shrinks the order's open returns by post to what its lines may still give back. The caller holds the feed lock. */
export async function releaseSupersededReturns(tx: Tx, orderId: string, now: Date, by: string): Promise<Problem[]> {
  const open = await tx.query<{ line_id: string; picking_id: string; reference: string; request_id: string; order_line_id: string; name: string; open: string; may: string }>(
    `SELECT pl.id AS line_id, p.id AS picking_id, p.reference, p.return_request_id AS request_id, pl.return_order_line_id AS order_line_id, pr.name,
            pl.qty - pl.done_qty AS open, ol.delivered - ol.returned AS may
     FROM return_requests r JOIN pickings p ON p.return_request_id = r.id JOIN picking_lines pl ON pl.picking_id = p.id
       JOIN order_lines ol ON ol.id = pl.return_order_line_id JOIN products pr ON pr.id = ol.product_id
     WHERE r.order_id = $1 AND r.state IN ('expected', 'partly_received') AND p.state IN ('ready', 'waiting') AND pl.qty > pl.done_qty
     ORDER BY p.created_at DESC, p.id DESC, pl.position DESC FOR UPDATE OF p, pl`,
    [orderId],
  );
  if (open.length === 0) return [];
  const expected = new Map<string, number>();
  for (const l of open) expected.set(l.order_line_id, round4((expected.get(l.order_line_id) ?? 0) + Number(l.open)));
  const excess = new Map([...expected].map(([id, qty]) => [id, round4(qty - Math.max(0, Number(open.find((l) => l.order_line_id === id)?.may ?? 0)))]));
  const ctx = new WorkContext(tx, now);
  const problems: Problem[] = [];
  const touched = new Set<string>();
  // The newest receipts give up their units first.
  for (const l of open) {
    const left = excess.get(l.order_line_id) ?? 0;
    if (left <= 0) continue;
    const cut = round4(Math.min(left, Number(l.open)));
    excess.set(l.order_line_id, round4(left - cut));
    await tx.query('UPDATE picking_lines SET qty = qty - $2 WHERE id = $1', [l.line_id, cut]);
    ctx.pickings.add(l.picking_id);
    touched.add(l.request_id);
    problems.push({ code: 'return_by_post_released', severity: 'info', message: `${by}: ${cut} × ${l.name} expected back by post on ${l.reference} came back here instead; the warehouse no longer expects ${cut === 1 ? 'it' : 'them'}` });
  }
  for (const requestId of touched) {
    const empty = await tx.query<{ id: string }>(
      `SELECT p.id FROM pickings p WHERE p.return_request_id = $1 AND p.state IN ('ready', 'waiting')
         AND NOT EXISTS (SELECT 1 FROM picking_lines l WHERE l.picking_id = p.id AND l.qty > l.done_qty)`,
      [requestId],
    );
    for (const p of empty) await setState(ctx, p.id, 'cancelled');
    await settleReturnState(ctx, requestId);
  }
  await publishTouched(ctx);
  for (const requestId of touched) {
    const view = await returnView(tx, requestId);
    if (view.state === 'cancelled' || view.state === 'received') await emitOrderEvent(tx, 'return.cancelled', await orderView(tx, orderId), { return: view }, now);
  }
  return problems;
}
