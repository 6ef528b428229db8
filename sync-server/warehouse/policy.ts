// Warehouse-wide settings: the shortage policy of order routing, the value above which count
// adjustments wait for a manager, and the per-channel safety buffers of availability.
import type { Queryable, Tx } from '../db/db.ts';
import type { ShortagePolicy } from './routing.ts';

export interface WarehousePolicy {
  shortagePolicy: ShortagePolicy;
  /** Minor units: |Σ Δqty × cost| above this waits for approval. */
  countApprovalThreshold: number;
}

export async function loadPolicy(q: Queryable): Promise<WarehousePolicy> {
  const [row] = await q.query<{ shortage_policy: ShortagePolicy; count_approval_threshold: number }>('SELECT shortage_policy, count_approval_threshold FROM warehouse_policy');
  return { shortagePolicy: row?.shortage_policy ?? 'backorder', countApprovalThreshold: Number(row?.count_approval_threshold ?? 1_000_000) };
}

export async function setPolicy(tx: Tx, p: Partial<WarehousePolicy>): Promise<WarehousePolicy> {
  await tx.query(
    `UPDATE warehouse_policy SET shortage_policy = coalesce($1, shortage_policy), count_approval_threshold = coalesce($2, count_approval_threshold), updated_at = now()`,
    [p.shortagePolicy ?? null, p.countApprovalThreshold ?? null],
  );
  return loadPolicy(tx);
}

export async function setChannelBuffer(q: Queryable, channel: string, qty: number): Promise<void> {
  await q.query(
    `INSERT INTO channel_buffers (channel, qty) VALUES ($1, $2) ON CONFLICT (channel) DO UPDATE SET qty = EXCLUDED.qty, updated_at = now()`,
    [channel, qty],
  );
}

export async function channelBuffer(q: Queryable, channel: string): Promise<number> {
  const [row] = await q.query<{ qty: number }>('SELECT qty FROM channel_buffers WHERE channel = $1', [channel]);
  return Number(row?.qty ?? 0);
}
