// Inventory counts with approval: the counted quantity replaces on-hand at a location. The
// adjustment's value (Σ |Δqty| × cost) above the policy threshold waits in count_approvals for a
// manager; below it, it is applied at once. Applying releases reservations that the missing
// units held (shortage.ts), books the moves to or from inventory loss, posts the adjustment to
// the journal (inventory ↔ inventory adjustments, at cost) and offers found units to waiting orders.
import { v7 as uuidv7 } from 'uuid';
import type { Problem } from '../../shared/schemas/common.ts';
import type { CountApproval } from '../../shared/admin-api/warehouse.ts';
import type { Db, Queryable } from '../db/db.ts';
import { loadAccountMap, writeEntry } from '../ledger/journal-store.ts';
import { creditSigned, debitSigned } from '../ledger/journal.ts';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { multiplyMinor } from '../../shared/money/index.ts';
import { refreshAcks } from '../pos/ack-refresh.ts';
import { applyMoves, lockedOnHand } from '../stock/moves.ts';
import { round4, WarehouseError } from './errors.ts';
import { fillWaiting } from './pickings.ts';
import { loadPolicy } from './policy.ts';
import { makeRoom } from './shortage.ts';
import { publishTouched, WorkContext } from './work-context.ts';

export interface CountDelta {
  productId: string;
  lot: string;
  delta: number;
}

export interface CountInput {
  siteId: string;
  locationId: string;
  eventId?: string;
  lines: { productId: string; lot: string; counted: number }[];
}

/** Differences with on-hand (quants locked), their value, and approval or application. */
export async function adjustToCounted(ctx: WorkContext, c: CountInput): Promise<void> {
  const { tx } = ctx;
  const deltas: CountDelta[] = [];
  for (const l of [...c.lines].sort((a, b) => (`${a.productId}|${a.lot}` < `${b.productId}|${b.lot}` ? -1 : 1))) {
    const onHand = await lockedOnHand(tx, l.productId, c.locationId, l.lot);
    const delta = round4(l.counted - Number(onHand));
    if (delta !== 0) deltas.push({ productId: l.productId, lot: l.lot, delta });
  }
  if (deltas.length === 0) return;
  const value = await valueOf(ctx, deltas);
  const policy = await loadPolicy(tx);
  if (value > policy.countApprovalThreshold) {
    const id = uuidv7();
    await tx.query('INSERT INTO count_approvals (id, event_id, site_id, location_id, deltas, value) VALUES ($1, $2, $3, $4, $5::jsonb, $6)', [
      id, c.eventId ?? null, c.siteId, c.locationId, JSON.stringify(deltas), value,
    ]);
    const [where] = await tx.query<{ name: string; currency: string }>('SELECT l.name, s.currency FROM locations l JOIN sites s ON s.id = l.site_id WHERE l.id = $1', [c.locationId]);
    const currency = where?.currency ?? 'EUR';
    ctx.problems.push({
      code: 'count_pending_approval',
      message: `Count of ${where?.name ?? 'the location'} is worth ${formatMoneyWithSymbol(value, currency)} in adjustments (above ${formatMoneyWithSymbol(policy.countApprovalThreshold, currency)}) — waiting for a manager's approval`,
      severity: 'info',
    });
    return;
  }
  await applyDeltas(ctx, c.siteId, c.locationId, deltas, c.eventId);
}

async function valueOf(ctx: WorkContext, deltas: readonly CountDelta[]): Promise<number> {
  const costs = new Map((await ctx.tx.query<{ id: string; cost: number }>('SELECT id, cost FROM products WHERE id = ANY($1::text[])', [deltas.map((d) => d.productId)])).map((r) => [r.id, Number(r.cost)]));
  return deltas.reduce((s, d) => s + Math.abs(multiplyMinor(costs.get(d.productId) ?? 0, d.delta, 'count value')), 0);
}

export async function applyDeltas(ctx: WorkContext, siteId: string, locationId: string, deltas: readonly CountDelta[], eventId?: string): Promise<void> {
  const { tx } = ctx;
  const [loss] = await tx.query<{ id: string }>(`SELECT id FROM locations WHERE site_id = $1 AND usage = 'inventory_loss'`, [siteId]);
  if (!loss) throw new WarehouseError('unknown_location', `site ${siteId} has no inventory-loss location`);
  let signedValue = 0;
  const costs = new Map((await tx.query<{ id: string; cost: number }>('SELECT id, cost FROM products WHERE id = ANY($1::text[])', [deltas.map((d) => d.productId)])).map((r) => [r.id, Number(r.cost)]));
  for (const d of deltas) {
    const common = { productId: d.productId, qty: Math.abs(d.delta), reason: 'count' as const, ...(eventId ? { eventId } : {}), ...(d.lot ? { lot: d.lot } : {}) };
    if (d.delta < 0) {
      await makeRoom(ctx, { productId: d.productId, locationId, lot: d.lot, qty: -d.delta });
      await applyMoves(tx, [{ ...common, fromLocationId: locationId, toLocationId: loss.id }]);
    } else {
      await applyMoves(tx, [{ ...common, fromLocationId: loss.id, toLocationId: locationId }]);
      ctx.free(siteId, d.productId);
    }
    ctx.touchQuant(d.productId, locationId, d.lot);
    signedValue += multiplyMinor(costs.get(d.productId) ?? 0, d.delta, 'count value');
  }
  const accounts = await loadAccountMap(tx);
  await writeEntry(tx, { kind: 'adjustment', siteId, entryDate: ctx.now.toISOString(), memo: 'inventory count', ...(eventId ? { eventId } : {}) }, [
    debitSigned(accounts.inventory, signedValue),
    creditSigned(accounts.inventory_adjustment, signedValue),
  ]);
}

/** Pending count adjustments, oldest first, each difference named and valued at today's cost. */
export async function listPendingApprovals(q: Queryable): Promise<CountApproval[]> {
  const rows = await q.query<Omit<CountApproval, 'value' | 'createdAt' | 'deltas'> & { value: string; created_at: Date; deltas: CountDelta[] }>(
    `SELECT a.id, a.event_id AS "eventId", a.site_id AS "siteId", s.code AS "siteCode", s.currency, a.location_id AS "locationId",
            l.full_name AS location, a.deltas, a.value, a.state, a.created_at
     FROM count_approvals a JOIN sites s ON s.id = a.site_id JOIN locations l ON l.id = a.location_id
     WHERE a.state = 'pending' ORDER BY a.created_at, a.id`,
  );
  const ids = [...new Set(rows.flatMap((r) => r.deltas.map((d) => d.productId)))];
  const products = new Map((await q.query<{ id: string; name: string; sku: string; cost: string }>('SELECT id, name, sku, cost FROM products WHERE id = ANY($1::text[])', [ids])).map((p) => [p.id, p]));
  return rows.map(({ created_at, value, deltas, ...a }) => ({
    ...a,
    value: Number(value),
    createdAt: new Date(created_at).toISOString(),
    deltas: deltas.map((d) => {
      const p = products.get(d.productId);
      return { ...d, name: p?.name ?? d.productId, sku: p?.sku ?? '', value: Math.abs(multiplyMinor(Number(p?.cost ?? 0), d.delta, 'count value')) };
    }),
  }));
}

export interface ApprovalResult {
  id: string;
  state: 'approved' | 'rejected';
  problems: Problem[];
}

/** A manager's decision on a pending count adjustment; approving applies the stored deltas. */
export async function decideCount(db: Db, approvalId: string, userId: string, approve: boolean, now = new Date()): Promise<ApprovalResult> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
    const [a] = await tx.query<{ state: string; site_id: string; location_id: string; deltas: CountDelta[]; event_id: string | null }>(
      'SELECT state, site_id, location_id, deltas, event_id FROM count_approvals WHERE id = $1 FOR UPDATE',
      [approvalId],
    );
    if (!a) throw new WarehouseError('unknown_approval', `no count approval ${approvalId}`);
    if (a.state !== 'pending') throw new WarehouseError('order_closed', `count approval ${approvalId} is ${a.state}`);
    const state = approve ? 'approved' : 'rejected';
    await tx.query('UPDATE count_approvals SET state = $2, decided_by = $3, decided_at = $4 WHERE id = $1', [approvalId, state, userId, now]);
    const ctx = new WorkContext(tx, now);
    if (approve) {
      await applyDeltas(ctx, a.site_id, a.location_id, a.deltas, a.event_id ?? undefined);
      await fillWaiting(ctx);
    } else {
      ctx.problems.push({ code: 'count_rejected', message: 'A manager rejected the count adjustment: stock was not changed', severity: 'info' });
    }
    if (a.event_id) await tellStation(ctx, a.event_id, userId, state);
    await publishTouched(ctx);
    return { id: approvalId, state, problems: ctx.problems };
  });
}

/** The counting station sees the decision: the pending problem is settled, new ones are raised, the ack is refreshed. */
async function tellStation(ctx: WorkContext, eventId: string, userId: string, state: 'approved' | 'rejected'): Promise<void> {
  const { tx } = ctx;
  const known = await tx.query('SELECT 1 FROM events WHERE id = $1', [eventId]);
  if (known.length === 0) return;
  await tx.query(
    `UPDATE event_problems SET resolved_at = now(), resolved_by = $2, resolution_note = $3
     WHERE event_id = $1 AND code = 'count_pending_approval' AND resolved_at IS NULL`,
    [eventId, userId, `count adjustment ${state}`],
  );
  for (const p of ctx.problems) {
    await tx.query('INSERT INTO event_problems (event_id, code, message, severity) VALUES ($1, $2, $3, $4)', [eventId, p.code, p.message, p.severity]);
  }
  await refreshAcks(tx, [eventId]);
}
