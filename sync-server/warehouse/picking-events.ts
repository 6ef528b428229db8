// The `picking_events` handler: claim, release and validate from scanner stations. Runs inside
// the push transaction (feed lock already held). The server decides every conflict and tells the
// station through the event's problems (→ ack 'exception'): a claim lost to another station, a
// validation of work that was cancelled or already validated, stock that turned out missing.
// A validation is applied whenever it arrives (stations work offline): the goods did move.
import type { Problem } from '../../shared/schemas/common.ts';
import type { PickingEvent } from '../../shared/schemas/picking-event.ts';
import type { Tx } from '../db/db.ts';
import { RejectEventError } from '../events/errors.ts';
import type { EventContext } from '../events/registry.ts';
import { fillWaiting, lockPicking, type PickingRow, setState } from './pickings.ts';
import { validateReceipt } from './purchase.ts';
import { runReorderRules } from './reorder.ts';
import { validateCountTask } from './count-tasks.ts';
import { validateCancelled, validateMoves } from './validate-moves.ts';
import { publishTouched, WorkContext } from './work-context.ts';

async function deviceName(tx: Tx, id: string): Promise<string> {
  const [d] = await tx.query<{ name: string }>('SELECT name FROM devices WHERE id = $1', [id]);
  return d ? `station ${d.name}` : 'another station';
}

/** Pushes may arrive out of order: a station's own claim or release arriving after its own validation is no news. */
async function doneByThisStation(ctx: WorkContext, p: PickingRow, deviceId: string): Promise<boolean> {
  if (p.state !== 'done') return false;
  const rows = await ctx.tx.query('SELECT 1 FROM pickings pk JOIN events e ON e.id = pk.validated_by WHERE pk.id = $1 AND e.device_id = $2', [p.id, deviceId]);
  return rows.length > 0;
}

async function claim(ctx: WorkContext, p: PickingRow, ev: PickingEvent): Promise<void> {
  if (await doneByThisStation(ctx, p, ev.deviceId)) return;
  if (p.state === 'ready') {
    await ctx.tx.query(`UPDATE pickings SET state = 'in_progress', claimed_by = $2, claimed_at = $3, updated_at = now() WHERE id = $1`, [p.id, ev.deviceId, ctx.now]);
    ctx.pickings.add(p.id);
  } else if (p.state === 'in_progress' && p.claimed_by !== ev.deviceId) {
    ctx.problems.push({ code: 'picking_claimed', message: `${p.reference} is being worked by ${await deviceName(ctx.tx, p.claimed_by ?? '')}; choose other work`, severity: 'warning' });
  } else if (p.state === 'done' || p.state === 'cancelled') {
    ctx.problems.push({ code: 'picking_closed', message: `${p.reference} is ${p.state}; nothing to do`, severity: 'warning' });
  } else if (p.state === 'waiting') {
    ctx.problems.push({ code: 'picking_not_ready', message: `${p.reference} waits for stock`, severity: 'warning' });
  }
}

async function release(ctx: WorkContext, p: PickingRow, ev: PickingEvent): Promise<void> {
  if (await doneByThisStation(ctx, p, ev.deviceId)) return;
  if (p.state === 'in_progress' && p.claimed_by === ev.deviceId) await setState(ctx, p.id, 'ready');
  else ctx.problems.push({ code: 'not_claimed', message: `${p.reference} is not claimed by this station (state ${p.state}); nothing released`, severity: 'info' });
}

async function validate(ctx: WorkContext, p: PickingRow, ev: PickingEvent): Promise<void> {
  if (p.state === 'done') {
    ctx.problems.push({ code: 'picking_already_validated', message: `${p.reference} was already validated by another event; this validation was not applied — check the goods`, severity: 'critical' });
    return;
  }
  if (p.state === 'waiting') {
    ctx.problems.push({ code: 'picking_not_ready', message: `${p.reference} waits for stock; this validation was not applied`, severity: 'critical' });
    return;
  }
  if (p.state === 'cancelled' && p.return_request_id !== null) {
    // A return's parcel received by a station that did not know the return was cancelled: the goods
    // are in the warehouse, so they are taken in and credited like any return (the return reopens).
    ctx.problems.push({ code: 'return_cancelled', message: `${p.reference}: this return had been cancelled, but the station received it — the goods were taken in and the order credited`, severity: 'warning' });
    await validateReceipt(ctx, p, ev);
    return;
  }
  if (p.state === 'cancelled') {
    await validateCancelled(ctx, p, ev);
    return;
  }
  if (p.state === 'in_progress' && p.claimed_by && p.claimed_by !== ev.deviceId) {
    ctx.problems.push({ code: 'claimed_by_other', message: `${p.reference} was claimed by ${await deviceName(ctx.tx, p.claimed_by)}; this station's validation was applied first`, severity: 'warning' });
  }
  if (p.kind === 'receipt') await validateReceipt(ctx, p, ev);
  else if (p.kind === 'count') await validateCountTask(ctx, p, ev);
  else await validateMoves(ctx, p, ev);
}

/** What follows any validation: orders waiting for stock are served, and the reorder rules of its products run. */
export async function followValidation(ctx: WorkContext, pickingId: string): Promise<void> {
  await fillWaiting(ctx);
  const products = await ctx.tx.query<{ product_id: string }>('SELECT DISTINCT product_id FROM picking_lines WHERE picking_id = $1', [pickingId]);
  await runReorderRules(ctx.tx, products.map((r) => r.product_id));
}

export async function handlePickingEvent(tx: Tx, ev: PickingEvent, ectx: EventContext): Promise<Problem[]> {
  const ctx = new WorkContext(tx, ectx.now);
  const picking = await lockPicking(tx, ev.pickingId);
  if (!picking) return [{ code: 'unknown_picking', message: `no picking ${ev.pickingId}`, severity: 'warning' }];
  if (picking.site_id !== ectx.device.siteId) throw new RejectEventError('unauthorized', `picking ${ev.pickingId} belongs to another site`);
  if (ev.kind === 'claim') await claim(ctx, picking, ev);
  else if (ev.kind === 'release') await release(ctx, picking, ev);
  else {
    await validate(ctx, picking, ev);
    await followValidation(ctx, picking.id);
  }
  await publishTouched(ctx);
  return ctx.problems;
}
