// A till may sell units that a click-and-collect order holds in the store: the sale happened and
// is never refused, so before its moves lower the quants, the reservations beyond what will remain
// are released (newest first) and the displaced order units wait for stock again (warehouse/
// shortage.ts makeRoom): a pickup order at the store, a shipped-from-store order at the channel's
// warehouse, where they are reserved at once if it has them; with a `reservation_sold` problem on
// the sale. Stores without reservations cost one look-up of an empty index per push batch (migration
// 106). Runs under the feed lock.
import type { Problem } from '../../shared/schemas/common.ts';
import type { Tx } from '../db/db.ts';
import type { MoveInput } from '../stock/moves.ts';
import { fillWaiting } from '../warehouse/pickings.ts';
import { makeRoom } from '../warehouse/shortage.ts';
import { publishTouched, WorkContext } from '../warehouse/work-context.ts';

/** Problems per sale id for the reservations its moves displaced. */
export async function releaseSoldReservations(tx: Tx, moves: readonly MoveInput[]): Promise<Map<string, Problem[]>> {
  const out = new Map<string, Problem[]>();
  const taken = new Map<string, { product_id: string; location_id: string; lot: string; qty: number; eventId: string | undefined }>();
  for (const m of moves) {
    const key = `${m.productId}|${m.fromLocationId}|${m.lot ?? ''}`;
    const t = taken.get(key);
    if (t) t.qty += m.qty;
    else taken.set(key, { product_id: m.productId, location_id: m.fromLocationId, lot: m.lot ?? '', qty: m.qty, eventId: m.eventId });
  }
  if (taken.size === 0) return out;
  // Starts from the reserved quants of the selling locations (the partial index quants_reserved,
  // migration 106: usually none), not from the batch's lines: this runs inside the feed lock.
  const hits = await tx.query<{ product_id: string; location_id: string; lot: string; qty: number }>(
    `SELECT r.product_id, r.location_id, r.lot, r.qty FROM quants q
     JOIN jsonb_to_recordset($1::jsonb) AS r(product_id text, location_id text, lot text, qty numeric)
       ON q.product_id = r.product_id AND q.location_id = r.location_id AND q.lot = r.lot
     WHERE q.reserved > 0 AND q.location_id = ANY($2::text[]) AND q.on_hand - r.qty < q.reserved`,
    [JSON.stringify([...taken.values()].map(({ eventId: _, ...t }) => t)), [...new Set([...taken.values()].map((t) => t.location_id))]],
  );
  if (hits.length === 0) return out;
  const ctx = new WorkContext(tx);
  for (const h of hits) {
    await makeRoom(ctx, { productId: h.product_id, locationId: h.location_id, lot: h.lot, qty: Number(h.qty) }, 'sold');
    const eventId = taken.get(`${h.product_id}|${h.location_id}|${h.lot}`)?.eventId;
    if (eventId) out.set(eventId, [...(out.get(eventId) ?? []), ...ctx.problems.splice(0)]);
  }
  // Units re-planned at a warehouse are reserved there now if it has them. Not at the selling
  // store: its shelf still counts the units this sale is about to take.
  const selling = await tx.query<{ site_id: string }>('SELECT DISTINCT site_id FROM locations WHERE id = ANY($1::text[])', [[...new Set(hits.map((h) => h.location_id))]]);
  for (const s of selling) ctx.freed.delete(s.site_id);
  await fillWaiting(ctx);
  await publishTouched(ctx);
  return out;
}
