// The tills' approval thresholds (discount and price-override percent, cash in/out limits):
// company-wide, in `settings` under 'approvals', replicated to every device as the config entry
// `approvals` (feed/config-docs.ts publishApprovals) in the transaction that changes them.
import type { ApprovalThresholds } from '../../shared/admin-api/sites.ts';
import type { Db, Queryable } from '../db/db.ts';
import { publishApprovals } from '../feed/config-docs.ts';
import { lockFeed } from '../feed/publish.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { changedFields } from './changes.ts';
import { auditFieldList } from '../../shared/admin-api/audit-fields.ts';

/** What the tills assume when nothing was ever set (renderer/config/config-snapshot.ts defaultApprovals). */
const DEFAULTS: ApprovalThresholds = { maxDiscountPercent: 10, maxPriceOverridePercent: 10 };

export async function loadApprovalThresholds(q: Queryable): Promise<ApprovalThresholds> {
  const [row] = await q.query<{ value: Partial<ApprovalThresholds> }>("SELECT value FROM settings WHERE key = 'approvals'");
  const v = { ...DEFAULTS, ...row?.value };
  return {
    maxDiscountPercent: Number(v.maxDiscountPercent),
    maxPriceOverridePercent: Number(v.maxPriceOverridePercent),
    ...(v.maxCashMovement !== undefined ? { maxCashMovement: Number(v.maxCashMovement) } : {}),
    ...(v.maxCashMovedPerSession !== undefined ? { maxCashMovedPerSession: Number(v.maxCashMovedPerSession) } : {}),
  };
}

/** Replaces the thresholds (a limit left out means no limit). */
export async function setApprovalThresholds(db: Db, actor: Actor, next: ApprovalThresholds): Promise<ApprovalThresholds> {
  return db.transaction(async (tx) => {
    await lockFeed(tx);
    const before = await loadApprovalThresholds(tx);
    await tx.query(
      `INSERT INTO settings (key, value) VALUES ('approvals', $1::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [JSON.stringify(next)],
    );
    await publishApprovals(tx);
    const after = await loadApprovalThresholds(tx);
    const change = changedFields({ ...before }, { ...after });
    for (const key of Object.keys(before)) if (!(key in after)) change.before[key] = before[key as keyof ApprovalThresholds];
    const fields = [...new Set([...Object.keys(change.before), ...Object.keys(change.after)])];
    await recordAudit(tx, actor, { action: 'approvals.set', entity: 'settings', entityId: 'approvals', summary: `changed the till approval thresholds: ${auditFieldList(fields)}`, ...change });
    return after;
  });
}
