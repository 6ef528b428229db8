// A transfer arriving at its destination: a receipt whose previous step is the source's shipment
// (transfers.ts). What was received is weighed against what left, by the rule of docs/warehouse.md
// ("Differences on arrival"), and every difference is an exception on the receiving event:
// - over: units beyond what a line sent come from the destination's inventory-loss location (found
//   goods, Dr inventory / Cr inventory adjustments at cost), never out of thin transit — transfer_over;
// - short, more is coming (the station's backorder answer, its default): the missing units stay in
//   transit on a new ready receipt of the same shipment — transfer_short;
// - short, nothing more is coming (backorder false; the back office's Receive): the missing units
//   are written off at the destination (transit → inventory loss, Dr inventory adjustments / Cr
//   inventory at cost) — transfer_short.
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { multiplyMinor } from '../../shared/money/index.ts';
import type { Tx } from '../db/db.ts';
import { loadAccountMap, writeEntry } from '../ledger/journal-store.ts';
import { creditSigned, debitSigned, type JournalLine } from '../ledger/journal.ts';
import { applyMoves } from '../stock/moves.ts';
import type { PickingRow } from './pickings.ts';
import type { WorkContext } from './work-context.ts';

export interface Arrival {
  shipmentId: string;
  shipmentRef: string;
  fromSite: string;
  /** The destination's inventory-loss location: where found goods come from and lost ones go. */
  lossId: string;
  currency: string;
}

/** The shipment a receipt is the arrival of, or null (a purchase order's receipt). */
export async function arrivalOf(tx: Tx, picking: PickingRow): Promise<Arrival | null> {
  if (picking.purchase_order_id) return null;
  const [row] = await tx.query<{ id: string; reference: string; from_site: string; loss: string | null; currency: string }>(
    `SELECT sh.id, sh.reference, fs.code AS from_site, ds.currency,
            (SELECT l.id FROM locations l WHERE l.site_id = r.site_id AND l.usage = 'inventory_loss' ORDER BY l.full_name LIMIT 1) AS loss
     FROM pickings r JOIN pickings sh ON sh.id = r.previous_step JOIN sites fs ON fs.id = sh.site_id JOIN sites ds ON ds.id = r.site_id
     WHERE r.id = $1`,
    [picking.id],
  );
  if (!row?.loss) return null;
  return { shipmentId: row.id, shipmentRef: row.reference, fromSite: row.from_site, lossId: row.loss, currency: row.currency };
}

export interface Difference {
  productId: string;
  lot: string;
  qty: number;
  /** What the line sent (for the message). */
  sent: number;
}

interface Product {
  name: string;
  cost: number;
}

async function products(tx: Tx, ids: readonly string[]): Promise<Map<string, Product>> {
  const rows = await tx.query<{ id: string; name: string; cost: string }>('SELECT id, name, cost FROM products WHERE id = ANY($1::text[])', [[...new Set(ids)]]);
  return new Map(rows.map((r) => [r.id, { name: r.name, cost: Number(r.cost) }]));
}

const lotOf = (d: Difference): string => (d.lot ? ` lot ${d.lot}` : '');

/**
 * Settles an arrival's differences after its lines were received. `short` lists the units not
 * received per line; with `backorderRef` they stay in transit on that receipt, else they are
 * written off from their transit location. `over` lists units received beyond a line.
 */
export async function settleArrival(
  ctx: WorkContext, receipt: PickingRow & { reference: string }, arrival: Arrival, eventId: string,
  diff: { short: readonly (Difference & { transit: string })[]; over: readonly Difference[]; backorderRef: string | null },
): Promise<void> {
  const { tx } = ctx;
  if (diff.short.length === 0 && diff.over.length === 0) return;
  const known = await products(tx, [...diff.short, ...diff.over].map((d) => d.productId));
  const name = (d: Difference): string => known.get(d.productId)?.name ?? d.productId;
  const value = (d: Difference): number => multiplyMinor(known.get(d.productId)?.cost ?? 0, d.qty, 'transfer difference');
  const money = (minor: number): string => formatMoneyWithSymbol(minor, arrival.currency);
  const journal: JournalLine[] = [];
  const accounts = await loadAccountMap(tx);
  const head = `${receipt.reference} (sent by ${arrival.fromSite} on ${arrival.shipmentRef})`;

  for (const d of diff.short) {
    if (diff.backorderRef) {
      ctx.problems.push({
        code: 'transfer_short', severity: 'warning',
        message: `${head}: ${d.qty} × ${name(d)}${lotOf(d)} of ${d.sent} sent did not arrive; they stay in transit on ${diff.backorderRef} until they are received`,
      });
      continue;
    }
    await applyMoves(tx, [{ productId: d.productId, qty: d.qty, fromLocationId: d.transit, toLocationId: arrival.lossId, reason: 'transfer', eventId, ...(d.lot ? { lot: d.lot } : {}) }]);
    const v = value(d);
    journal.push(debitSigned(accounts.inventory_adjustment, v, { memo: `transit loss ${name(d)}` }), creditSigned(accounts.inventory, v, { memo: `transit loss ${name(d)}` }));
    ctx.problems.push({
      code: 'transfer_short', severity: 'warning',
      message: `${head}: ${d.qty} × ${name(d)}${lotOf(d)} of ${d.sent} sent did not arrive and were written off as lost in transit (${money(v)} at cost)`,
    });
  }
  for (const d of diff.over) {
    const v = value(d);
    journal.push(debitSigned(accounts.inventory, v, { memo: `found on arrival ${name(d)}` }), creditSigned(accounts.inventory_adjustment, v, { memo: `found on arrival ${name(d)}` }));
    ctx.problems.push({
      code: 'transfer_over', severity: 'warning',
      message: `${head}: ${d.qty} × ${name(d)}${lotOf(d)} more than the ${d.sent} sent arrived; booked as found stock (${money(v)} at cost) — check ${arrival.fromSite}'s stock`,
    });
  }
  if (journal.length > 0) await writeEntry(tx, { kind: 'adjustment', eventId, siteId: receipt.site_id, entryDate: ctx.now.toISOString(), memo: 'transfer difference' }, journal);
}
